import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { alwaysOpen, everyDay } from '../../../shared/opening-hours.js';

describe.each(ENGINES)('services API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[]) => t.staff(org, roles);

  const newService = (slug: string) => ({
    name: ' Northside Safe Haven ',
    slug,
    type: 'safe_haven',
    area: 'Northside',
    description: 'Evenings, drop in.',
    openingHours: everyDay('18:00', '02:00'),
  });

  it('lets an administrator add a service, with defaults and an audit row', async () => {
    const org = await t.organisation();
    const { client, id } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const res = await client.post('/api/v1/services', newService('northside'));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: 'Northside Safe Haven', slug: 'northside', type: 'safe_haven', sessionLimit: 10, archived: false, isDefault: false, version: 1 });
    expect(body.openingHours).toEqual(everyDay('18:00', '02:00'));
    const stored = await t.app.deps.db.selectFrom('services').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(stored.organisation_id).toBe(org.id);
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'service.create').where('entity_id', '=', body.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(id);
    expect(audit.details).not.toContain('Northside');

    const read = await client.get(`/api/v1/services/${body.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
  });

  it('answers bad input with field errors and stores nothing', async () => {
    const org = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const before = await t.app.deps.db.selectFrom('services').select('id').where('organisation_id', '=', org.id).execute();
    const res = await client.post('/api/v1/services', { ...newService('Bad Slug!'), type: 'hospital', name: '', openingHours: { open247: true } });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['slug', 'type', 'name']));
    const extra = await client.post('/api/v1/services', { ...newService('fine-slug'), colour: 'red' });
    expect(extra.statusCode).toBe(400);
    const badHours = await client.post('/api/v1/services', { ...newService('hours'), openingHours: everyDay('25:00', '02:00') });
    expect(badHours.statusCode).toBe(400);
    const badLimit = await client.post('/api/v1/services', { ...newService('limit'), sessionLimit: 0 });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error.fields).toHaveProperty('sessionLimit');
    const after = await t.app.deps.db.selectFrom('services').select('id').where('organisation_id', '=', org.id).execute();
    expect(after.length).toBe(before.length);
  });

  it('refuses a short name already used in the organisation (409 on the slug field), but another organisation may use it', async () => {
    const org = await t.organisation();
    const other = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const { client: otherClient } = await as(other, [{ role: 'org_admin', serviceId: null }]);
    expect((await client.post('/api/v1/services', newService('same-name'))).statusCode).toBe(201);
    const dup = await client.post('/api/v1/services', newService('same-name'));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toHaveProperty('slug');
    expect((await otherClient.post('/api/v1/services', newService('same-name'))).statusCode).toBe(201);
  });

  it('lists every service for organisation-wide roles, and only their own for others', async () => {
    const org = await t.organisation();
    const second = await org.service('Crisis café');
    const third = await org.service('Carers group');
    const { client: admin } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const { client: commissioner } = await as(org, [{ role: 'commissioner', serviceId: null }]);
    const { client: peer } = await as(org, [{ role: 'peer_worker', serviceId: second }, { role: 'senior_peer', serviceId: third }]);
    const { client: lead } = await as(org, [{ role: 'shift_lead' }]);
    const ids = async (c: Client) => ((await c.get('/api/v1/services')).json().services as { id: string }[]).map((s) => s.id).sort();
    expect(await ids(admin)).toEqual([org.serviceId, second, third].sort());
    expect(await ids(commissioner)).toEqual([org.serviceId, second, third].sort());
    expect(await ids(peer)).toEqual([second, third].sort());
    expect(await ids(lead)).toEqual([org.serviceId]);
  });

  it('answers 404 for another organisation’s service, and never changes it', async () => {
    const org = await t.organisation();
    const other = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    expect((await client.get(`/api/v1/services/${other.serviceId}`)).statusCode).toBe(404);
    const patch = await client.patch(`/api/v1/services/${other.serviceId}`, { version: 1, name: 'Taken over' });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().error.code).toBe('not_found');
    const stored = await t.app.deps.db.selectFrom('services').select(['name', 'version']).where('id', '=', other.serviceId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Safe haven', version: 1 });
    expect((await client.get('/api/v1/services/not-an-id')).statusCode).toBe(404);
  });

  it('updates a service with a version, and refuses a stale one with both versions', async () => {
    const org = await t.organisation();
    const { client } = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const res = await client.patch(`/api/v1/services/${org.serviceId}`, { version: 1, name: 'Renamed haven', openingHours: alwaysOpen(), sessionLimit: 12 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed haven', sessionLimit: 12, version: 2 });
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'service.update').where('entity_id', '=', org.serviceId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ fields: ['name', 'openingHours', 'sessionLimit'] });

    const stale = await client.patch(`/api/v1/services/${org.serviceId}`, { version: 1, area: 'Somewhere else' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { name: 'Renamed haven', version: 2 }, submitted: { version: 1, area: 'Somewhere else' } });
    const stored = await t.app.deps.db.selectFrom('services').select(['area', 'version']).where('id', '=', org.serviceId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ area: 'Testshire', version: 2 });

    const archived = await client.patch(`/api/v1/services/${org.serviceId}`, { version: 2, archived: true });
    expect(archived.json()).toMatchObject({ archived: true, version: 3 });
    expect(archived.json().archivedAt).toBeTruthy();
    const bad = await client.patch(`/api/v1/services/${org.serviceId}`, { version: 3, type: 'spaceship' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('type');
  });

  it('lets a service manager change only the services they manage, and not archive them', async () => {
    const org = await t.organisation();
    const otherService = await org.service('Not mine');
    const { client } = await as(org, [{ role: 'service_manager', serviceId: org.serviceId }]);
    const ok = await client.patch(`/api/v1/services/${org.serviceId}`, { version: 1, description: 'Open to all.' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().description).toBe('Open to all.');
    const refused = await client.patch(`/api/v1/services/${otherService}`, { version: 1, description: 'Mine now' });
    expect(refused.statusCode).toBe(403);
    const archive = await client.patch(`/api/v1/services/${org.serviceId}`, { version: 2, archived: true });
    expect(archive.statusCode).toBe(403);
    const stored = await t.app.deps.db.selectFrom('services').select(['description', 'archived_at', 'version']).where('id', '=', otherService).executeTakeFirstOrThrow();
    expect(stored).toEqual({ description: '', archived_at: null, version: 1 });
    expect((await client.post('/api/v1/services', newService('managers-own'))).statusCode).toBe(403);
  });
});
