import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type TestApp, type TestOrg } from '../../testing/test-app.js';

describe.each(ENGINES)('teams API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[]) => t.staff(org, roles);

  it('adds, lists, renames and archives a team', async () => {
    const org = await t.organisation();
    const { client, id } = await as(org, [{ role: 'service_manager' }]);
    const created = await client.post(`/api/v1/services/${org.serviceId}/teams`, { name: '  Night team ' });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ serviceId: org.serviceId, name: 'Night team', archived: false, version: 1 });
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'team.create').where('entity_id', '=', team.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(id);
    expect(JSON.parse(audit.details)).toEqual({ serviceId: org.serviceId });

    const { client: peer } = await as(org, [{ role: 'peer_worker' }]);
    const list = await peer.get(`/api/v1/services/${org.serviceId}/teams`);
    expect(list.statusCode).toBe(200);
    expect(list.json().teams).toEqual([team]);

    const renamed = await client.patch(`/api/v1/services/${org.serviceId}/teams/${team.id}`, { version: 1, name: 'Evening team' });
    expect(renamed.json()).toMatchObject({ name: 'Evening team', version: 2 });
    const archived = await client.patch(`/api/v1/services/${org.serviceId}/teams/${team.id}`, { version: 2, archived: true });
    expect(archived.json()).toMatchObject({ archived: true, version: 3 });
    const restored = await client.patch(`/api/v1/services/${org.serviceId}/teams/${team.id}`, { version: 3, archived: false });
    expect(restored.json()).toMatchObject({ archived: false, archivedAt: null, version: 4 });
    expect((await peer.post(`/api/v1/services/${org.serviceId}/teams`, { name: 'Peers only' })).statusCode).toBe(403);
  });

  it('answers bad input with field errors and stores nothing', async () => {
    const org = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const res = await client.post(`/api/v1/services/${org.serviceId}/teams`, { name: ' ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('name');
    expect((await client.post(`/api/v1/services/${org.serviceId}/teams`, { name: 'A', colour: 'red' })).statusCode).toBe(400);
    expect((await client.post(`/api/v1/services/${org.serviceId}/teams`, { name: 'x'.repeat(121) })).statusCode).toBe(400);
    const rows = await t.app.deps.db.selectFrom('teams').select('id').where('organisation_id', '=', org.id).execute();
    expect(rows).toEqual([]);
  });

  it('refuses a stale version with both versions', async () => {
    const org = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const team = (await client.post(`/api/v1/services/${org.serviceId}/teams`, { name: 'Day team' })).json();
    expect((await client.patch(`/api/v1/services/${org.serviceId}/teams/${team.id}`, { version: 1, name: 'Days' })).statusCode).toBe(200);
    const stale = await client.patch(`/api/v1/services/${org.serviceId}/teams/${team.id}`, { version: 1, name: 'Daytime' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { name: 'Days', version: 2 }, submitted: { version: 1, name: 'Daytime' } });
  });

  it('answers 404 for another organisation’s service or team, and for a team under the wrong service', async () => {
    const org = await t.organisation();
    const second = await org.service('Second');
    const other = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const { client: otherAdmin } = await as(other, [{ role: 'org_admin', serviceId: null }]);
    const theirTeam = (await otherAdmin.post(`/api/v1/services/${other.serviceId}/teams`, { name: 'Theirs' })).json();
    expect((await client.get(`/api/v1/services/${other.serviceId}/teams`)).statusCode).toBe(404);
    expect((await client.post(`/api/v1/services/${other.serviceId}/teams`, { name: 'Sneaky' })).statusCode).toBe(404);
    expect((await client.patch(`/api/v1/services/${other.serviceId}/teams/${theirTeam.id}`, { version: 1, name: 'Mine' })).statusCode).toBe(404);
    expect((await client.patch(`/api/v1/services/${org.serviceId}/teams/${theirTeam.id}`, { version: 1, name: 'Mine' })).statusCode).toBe(404);
    const mine = (await client.post(`/api/v1/services/${org.serviceId}/teams`, { name: 'Ours' })).json();
    expect((await client.patch(`/api/v1/services/${second}/teams/${mine.id}`, { version: 1, name: 'Moved' })).statusCode).toBe(404);
    const stored = await t.app.deps.db.selectFrom('teams').select(['name', 'version']).where('id', '=', theirTeam.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Theirs', version: 1 });
    const count = await t.app.deps.db.selectFrom('teams').select('id').where('organisation_id', '=', other.id).execute();
    expect(count.length).toBe(1);
  });

  it('lets a service manager manage teams only in the services they manage', async () => {
    const org = await t.organisation();
    const second = await org.service('Not theirs');
    const { client } = await as(org, [{ role: 'service_manager', serviceId: org.serviceId }]);
    expect((await client.post(`/api/v1/services/${org.serviceId}/teams`, { name: 'Mine' })).statusCode).toBe(201);
    expect((await client.post(`/api/v1/services/${second}/teams`, { name: 'Not mine' })).statusCode).toBe(403);
    expect((await client.get(`/api/v1/services/${second}/teams`)).statusCode).toBe(403);
  });
});
