import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../audit/audit.js';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type TestApp, type TestOrg } from '../../testing/test-app.js';

describe.each(ENGINES)('audit API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[]) => t.staff(org, roles);
  const record = (organisationId: string, action: string) =>
    recordAudit(t.app.deps.db, t.app.deps.audit, { organisationId, actorUserId: null, action, details: { n: action } });

  it('pages through this organisation’s events, newest first, and records the reading itself', async () => {
    const org = await t.organisation();
    const other = await t.organisation();
    const { client, id } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    for (let i = 1; i <= 5; i += 1) {
      await record(org.id, `test.mine.${i}`);
      await record(other.id, `test.theirs.${i}`);
    }
    const first = await client.get('/api/v1/audit?limit=3');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.events.map((e: { action: string }) => e.action)).toEqual(['test.mine.5', 'test.mine.4', 'test.mine.3']);
    expect(page1.events[0]).toMatchObject({ outcome: 'success', details: { n: 'test.mine.5' }, actorUserId: null });
    expect(page1.nextBefore).toBe(page1.events[2].seq);

    const second = (await client.get(`/api/v1/audit?limit=3&before=${page1.nextBefore}`)).json();
    const actions = second.events.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['test.mine.2', 'test.mine.1']);
    // Then the sign-in of the administrator; never another organisation's events.
    expect(actions.every((a: string) => !a.startsWith('test.theirs'))).toBe(true);

    const reads = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.read').where('organisation_id', '=', org.id).orderBy('seq').execute();
    expect(reads).toHaveLength(2);
    expect(reads[0]!.actor_user_id).toBe(id);
    expect(JSON.parse(reads[1]!.details)).toMatchObject({ before: page1.nextBefore, limit: 3 });

    // The next read shows the earlier reads at the top.
    const again = (await client.get('/api/v1/audit?limit=1')).json();
    expect(again.events[0].action).toBe('audit.read');
  });

  it('defaults to 50 events and allows at most 200', async () => {
    const org = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    for (let i = 0; i < 55; i += 1) await record(org.id, 'test.bulk');
    const page = (await client.get('/api/v1/audit')).json();
    expect(page.events).toHaveLength(50);
    expect(page.nextBefore).not.toBeNull();
    const tooMany = await client.get('/api/v1/audit?limit=201');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.fields).toHaveProperty('limit');
    expect((await client.get('/api/v1/audit?limit=0')).statusCode).toBe(400);
    expect((await client.get('/api/v1/audit?before=abc')).statusCode).toBe(400);
    expect((await client.get('/api/v1/audit?colour=red')).statusCode).toBe(400);
    const last = (await client.get('/api/v1/audit?limit=200')).json();
    expect(last.nextBefore).toBeNull();
  });

  it('checks the chain and reports where it breaks', async () => {
    const org = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const good = await client.get('/api/v1/audit/verify');
    expect(good.statusCode).toBe(200);
    const body = good.json();
    expect(body.ok).toBe(true);
    const total = await t.app.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // The check itself is recorded after it runs.
    expect(body.count).toBe(Number(total.n) - 1);
    expect(await t.app.deps.db.selectFrom('audit_events').select('seq').where('action', '=', 'audit.verify').where('organisation_id', '=', org.id).execute()).toHaveLength(1);

    // Tamper with one row behind the application's back (the triggers stop the app, not a superuser).
    const victim = await record(org.id, 'test.victim');
    await record(org.id, 'test.after');
    if (engine === 'postgres') {
      await sql`alter table audit_events disable trigger audit_events_no_update`.execute(t.app.deps.db);
      await sql`update audit_events set action = 'test.changed' where seq = ${victim.seq}`.execute(t.app.deps.db);
      await sql`alter table audit_events enable trigger audit_events_no_update`.execute(t.app.deps.db);
    } else {
      await sql`drop trigger audit_events_no_update`.execute(t.app.deps.db);
      await sql`update audit_events set action = 'test.changed' where seq = ${victim.seq}`.execute(t.app.deps.db);
    }
    const broken = (await client.get('/api/v1/audit/verify')).json();
    expect(broken).toMatchObject({ ok: false, brokenAt: Number(victim.seq) });
    expect(broken.reason).toMatch(/altered/);
  });

  it('is for administrators only', async () => {
    const org = await t.organisation();
    const { client } = await as(org, [{ role: 'service_manager' }]);
    expect((await client.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await client.get('/api/v1/audit/verify')).statusCode).toBe(403);
  });
});
