import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/server/audit/audit.js';
import { openDatabase, type OpenDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { generate, misspell, seededRandom } from './generate.js';

describe('benchmark data generator', () => {
  let dir: string;
  let database: OpenDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alongside-gen-'));
    database = openDatabase({ kind: 'sqlite', file: join(dir, 'gen.db') });
    await migrateToLatest(database.db, database.engine);
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes an organisation with services, staff, sessions and an audit trail whose chain verifies', async () => {
    const target = { db: database.db, engine: database.engine, secretKey: 'generator-test-key-0000000000000000' };
    const first = await generate(target, { contacts: 400, services: 3, staffPerService: 5, clock: () => Date.parse('2026-11-26T12:00:00Z') });
    expect(first.serviceIds).toHaveLength(3);
    expect(first.counts).toMatchObject({ services: 3, staff: 18, sessions: 100, auditEvents: 1300 });
    const users = await database.db.selectFrom('users').select('id').where('organisation_id', '=', first.organisationId).execute();
    expect(users).toHaveLength(18);
    const peer = await database.db.selectFrom('memberships').select(['role', 'service_id']).where('user_id', '=', first.peerWorker.id).executeTakeFirstOrThrow();
    expect(peer).toEqual({ role: 'peer_worker', service_id: first.serviceIds[0] });

    // People (a tenth of the contacts by default), with their search terms and name keys.
    expect(first.counts).toMatchObject({ people: 40, contacts: 400 });
    const people = await database.db.selectFrom('people').select(['name_key', 'name_phonetic']).where('organisation_id', '=', first.organisationId).execute();
    expect(people).toHaveLength(40);
    expect(people.every((p) => p.name_key && p.name_phonetic)).toBe(true);
    expect(first.counts.searchTerms).toBeGreaterThan(40 * 3);
    expect(first.searchExample.query).not.toBe('');
    expect(first.searchExample.query).not.toBe(first.searchExample.fullName?.toLowerCase());
    // Past contacts have all left; each board has a handful of people now, and the peer is on shift.
    const open = await database.db.selectFrom('contacts').select(['service_id', 'arrived_at']).where('organisation_id', '=', first.organisationId).where('left_at', 'is', null).execute();
    expect(open.length).toBe(first.counts.openContacts);
    expect(new Set(open.map((c) => c.service_id)).size).toBe(3);
    expect(open.every((c) => Date.parse(c.arrived_at) > Date.parse('2026-11-26T10:00:00Z'))).toBe(true);
    const total = await database.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', first.organisationId).executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(400 + first.counts.openContacts!);
    const shift = await database.db.selectFrom('shifts').select('service_id').where('user_id', '=', first.peerWorker.id).where('ended_at', 'is', null).executeTakeFirstOrThrow();
    expect(shift.service_id).toBe(first.serviceIds[0]);
    // Nobody's contact comes before their record was made.
    const early = await database.db
      .selectFrom('contacts')
      .innerJoin('people', 'people.id', 'contacts.person_id')
      .select('contacts.id')
      .whereRef('contacts.arrived_at', '<', 'people.created_at')
      .execute();
    expect(early).toHaveLength(0);

    // A second data set continues the same chain, and history spans the years asked for.
    await generate(target, { contacts: 100, services: 1, staffPerService: 2 });
    const chain = await verifyAuditChain(database.db);
    expect(chain).toEqual({ ok: true, count: 1300 + 325 });
    const oldest = await database.db.selectFrom('audit_events').select('at').orderBy('seq', 'asc').limit(1).executeTakeFirstOrThrow();
    expect(Date.parse(oldest.at)).toBeLessThan(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('misspells names the way people mistype them', () => {
    expect(misspell('Katarzyna Kowalczyk')).toBe('katarzina kowalczik');
    expect(misspell('Stephen')).toBe('stefen');
  });

  it('gives the same sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
