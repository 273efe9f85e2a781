import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Engine } from '../db/database.js';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { GENESIS_HASH, recordAudit, verifyAuditChain, type AuditContext } from './audit.js';

/**
 * The audit trail is append-only: triggers refuse UPDATE and DELETE. To prove that
 * verification catches tampering by someone with direct database access (who could
 * drop the triggers), these tests drop or disable the triggers first, on their own
 * throwaway database, and then tamper.
 */
async function dropAppendOnlyTriggers(db: Db, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    await sql`drop trigger audit_events_no_update`.execute(db);
    await sql`drop trigger audit_events_no_delete`.execute(db);
  } else {
    await sql`alter table audit_events disable trigger user`.execute(db);
  }
}
async function restoreAppendOnlyTriggers(db: Db, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    await sql`create trigger audit_events_no_update before update on audit_events begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
  } else {
    await sql`alter table audit_events enable trigger user`.execute(db);
  }
}

describe.each(ENGINES)('audit trail on %s', (engine) => {
  let t: TestApp;
  let db: Db;
  let ctx: AuditContext;
  beforeAll(async () => {
    t = await createTestApp(engine);
    db = t.app.deps.db;
    ctx = t.app.deps.audit;
  });
  afterAll(async () => t.close());

  const maxSeq = async () => Number((await db.selectFrom('audit_events').select(sql<number>`max(seq)`.as('m')).executeTakeFirstOrThrow()).m ?? 0);

  it('chains each event to the one before it, and verifies', async () => {
    const before = await maxSeq();
    const a = await recordAudit(db, ctx, { organisationId: null, actorUserId: null, action: 'test.one' });
    const b = await recordAudit(db, ctx, { organisationId: null, actorUserId: null, action: 'test.two', details: { field: 'name' } });
    expect(Number(a.seq)).toBe(before + 1);
    expect(Number(b.seq)).toBe(before + 2);
    expect(b.prev_hash).toBe(a.hash);
    if (before === 0) expect(a.prev_hash).toBe(GENESIS_HASH);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    const result = await verifyAuditChain(db);
    expect(result).toEqual({ ok: true, count: before + 2 });
  });

  it('refuses UPDATE and DELETE while the triggers are in place', async () => {
    await recordAudit(db, ctx, { organisationId: null, actorUserId: null, action: 'test.guarded' });
    const seq = await maxSeq();
    await expect(db.updateTable('audit_events').set({ action: 'changed' }).where('seq', '=', seq).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').where('seq', '=', seq).execute()).rejects.toThrow(/append-only/);
    if (engine === 'postgres') await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    const row = await db.selectFrom('audit_events').select('action').where('seq', '=', seq).executeTakeFirstOrThrow();
    expect(row.action).toBe('test.guarded');
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('reports the sequence number of an altered row and of a missing row', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(db, ctx, { organisationId: null, actorUserId: null, action: `test.tamper.${i}`, details: { i } });
    const last = await maxSeq();
    const altered = last - 3;
    const removed = last - 1;
    await dropAppendOnlyTriggers(db, engine);
    try {
      // Flip one byte: a single character of the action.
      const row = await db.selectFrom('audit_events').select('action').where('seq', '=', altered).executeTakeFirstOrThrow();
      const flipped = row.action.slice(0, -1) + (row.action.endsWith('x') ? 'y' : 'x');
      await db.updateTable('audit_events').set({ action: flipped }).where('seq', '=', altered).execute();
      const broken = await verifyAuditChain(db);
      expect(broken.ok).toBe(false);
      expect(broken).toMatchObject({ brokenAt: altered, count: altered - 1 });

      // Put it back: the chain is whole again.
      await db.updateTable('audit_events').set({ action: row.action }).where('seq', '=', altered).execute();
      expect((await verifyAuditChain(db)).ok).toBe(true);

      // Remove a row from the middle.
      await db.deleteFrom('audit_events').where('seq', '=', removed).execute();
      const missing = await verifyAuditChain(db);
      expect(missing).toMatchObject({ ok: false, brokenAt: removed });
      expect(missing.ok === false && missing.reason).toContain('missing');
    } finally {
      await restoreAppendOnlyTriggers(db, engine);
    }
    // The triggers are back and refusing again.
    await expect(db.deleteFrom('audit_events').where('seq', '=', last).execute()).rejects.toThrow(/append-only/);
  });
});

describe.each(ENGINES)('audit trail records on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('keeps a valid chain under 20 concurrent appends', async () => {
    const { db, audit } = t.app.deps;
    const events = await Promise.all(
      Array.from({ length: 20 }, (_, i) => recordAudit(db, audit, { organisationId: null, actorUserId: null, action: 'test.concurrent', details: { i } })),
    );
    const seqs = events.map((e) => Number(e.seq)).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19]! - seqs[0]!).toBe(19);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('records a failed sign-in and a refused request, without personal data', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const { db } = t.app.deps;

    const failed = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: 'definitely wrong' });
    expect(failed.statusCode).toBe(401);
    const failure = await db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.login').where('entity_id', '=', user.id).where('outcome', '=', 'failure').executeTakeFirst();
    expect(failure).toBeDefined();
    expect(failure!.organisation_id).toBe(org.id);
    expect(failure!.details).not.toContain(user.email);
    expect(failure!.details).not.toContain('definitely wrong');
    expect(failure!.source_digest).toMatch(/^[0-9a-f]{32}$/);

    // Refused access: a forged CSRF token on a state-changing request.
    const client = await t.signIn(user.email);
    const refused = await client.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { 'x-csrf-token': 'forged' } });
    expect(refused.statusCode).toBe(403);
    const denied = await db.selectFrom('audit_events').selectAll().where('actor_user_id', '=', user.id).where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.action)).toContain('access.csrf');

    // Refused access: a role the matrix does not allow (peer workers cannot read the audit trail).
    const forbidden = await client.get('/api/v1/audit');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('forbidden');
    const refusal = await db.selectFrom('audit_events').selectAll().where('request_id', '=', String(forbidden.headers['x-request-id'])).executeTakeFirstOrThrow();
    expect(refusal).toMatchObject({ action: 'audit.read', outcome: 'denied', actor_user_id: user.id, organisation_id: org.id });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
