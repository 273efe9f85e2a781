import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type TestApp, type TestOrg } from '../../testing/test-app.js';

describe.each(ENGINES)('organisation API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[]) => t.staff(org, roles);

  it('shows the organisation to any member of staff', async () => {
    const org = await t.organisation('Riverside Crisis Care');
    const { client } = await as(org, [{ role: 'peer_worker' }]);
    const res = await client.get('/api/v1/organisation');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: org.id, name: 'Riverside Crisis Care', under16ServiceName: null, under16Phone: null, demo: false, version: 1 });
  });

  it('lets an administrator change the name and under-16 routing, with an audit row naming only the fields', async () => {
    const org = await t.organisation('Old Name');
    const { client, id } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    t.clock.advance(1000);
    const res = await client.patch('/api/v1/organisation', { version: 1, name: '  New Name  ', under16ServiceName: 'Young Minds Hub', under16Phone: '0800 123 4567' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'New Name', under16ServiceName: 'Young Minds Hub', under16Phone: '0800 123 4567', version: 2 });
    expect(res.json().updatedAt).toBe(new Date(t.clock.now).toISOString());
    const stored = await t.app.deps.db.selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'New Name', version: 2 });
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'organisation.update').where('entity_id', '=', org.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(id);
    expect(JSON.parse(audit.details)).toEqual({ fields: ['name', 'under16ServiceName', 'under16Phone'] });
    expect(audit.details).not.toContain('New Name');

    // Clearing the routing again.
    const cleared = await client.patch('/api/v1/organisation', { version: 2, under16ServiceName: null, under16Phone: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ under16ServiceName: null, under16Phone: null, version: 3 });
  });

  it('refuses a stale version with both versions and changes nothing', async () => {
    const org = await t.organisation('Stale Org');
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    expect((await client.patch('/api/v1/organisation', { version: 1, name: 'First edit' })).statusCode).toBe(200);
    const res = await client.patch('/api/v1/organisation', { version: 1, name: 'Second edit' });
    expect(res.statusCode).toBe(409);
    const body = res.json().error;
    expect(body.code).toBe('stale_version');
    expect(body.current).toMatchObject({ name: 'First edit', version: 2 });
    expect(body.submitted).toEqual({ version: 1, name: 'Second edit' });
    const stored = await t.app.deps.db.selectFrom('organisations').select(['name', 'version']).where('id', '=', org.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'First edit', version: 2 });
  });

  it('answers bad input with field errors and stores nothing', async () => {
    const org = await t.organisation('Strict Org');
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const auditBefore = await t.app.deps.db.selectFrom('audit_events').select('seq').where('action', '=', 'organisation.update').execute();
    const res = await client.patch('/api/v1/organisation', { version: 1, name: '   ', under16Phone: 'call us' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['name', 'under16Phone']));
    const unknown = await client.patch('/api/v1/organisation', { version: 1, slug: 'sneaky' });
    expect(unknown.statusCode).toBe(400);
    const noVersion = await client.patch('/api/v1/organisation', { name: 'Fine' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.fields).toHaveProperty('version');
    const tooLong = await client.patch('/api/v1/organisation', { version: 1, name: 'x'.repeat(121) });
    expect(tooLong.statusCode).toBe(400);
    const nul = await client.patch('/api/v1/organisation', { version: 1, name: 'Bad\u0000Name' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.fields).toHaveProperty('name');
    const hugeVersion = await client.patch('/api/v1/organisation', { version: 1e12, name: 'Fine' });
    expect(hugeVersion.statusCode).toBe(400);
    const stored = await t.app.deps.db.selectFrom('organisations').select(['name', 'version']).where('id', '=', org.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Strict Org', version: 1 });
    const auditAfter = await t.app.deps.db.selectFrom('audit_events').select('seq').where('action', '=', 'organisation.update').execute();
    expect(auditAfter.length).toBe(auditBefore.length);
  });

  it('only changes the signed-in person’s own organisation', async () => {
    const mine = await t.organisation('Mine');
    const other = await t.organisation('Other');
    const { client } = await as(mine, [{ role: 'org_admin', serviceId: null }]);
    expect((await client.patch('/api/v1/organisation', { version: 1, name: 'Renamed' })).statusCode).toBe(200);
    const otherRow = await t.app.deps.db.selectFrom('organisations').select(['name', 'version']).where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(otherRow).toEqual({ name: 'Other', version: 1 });
  });

  it('refuses changes from anyone but an administrator', async () => {
    const org = await t.organisation('Managed');
    const { client } = await as(org, [{ role: 'service_manager' }]);
    const res = await client.patch('/api/v1/organisation', { version: 1, name: 'Mine now' });
    expect(res.statusCode).toBe(403);
  });
});
