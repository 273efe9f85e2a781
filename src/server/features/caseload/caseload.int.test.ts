import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type TestApp, type TestOrg } from '../../testing/test-app.js';

describe.each(ENGINES)('caseload API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[], name?: string) => t.staff(org, roles, name ? { name } : {});

  async function person(orgId: string, preferredName: string): Promise<string> {
    const id = newId();
    const now = nowIso(() => t.clock.now);
    await db()
      .insertInto('people')
      .values({ id, organisation_id: orgId, preferred_name: preferredName, full_name: null, pronouns: null, date_of_birth: null, approximate_age: null, age_recorded_on: null, phone: null, email: null, address: null, postcode: null, preferred_language: null, communication_needs: null, nhs_number: null, equality: '{}', what_helps: null, name_key: preferredName.toLowerCase(), name_phonetic: preferredName.toUpperCase(), merged_into_id: null, merged_at: null, created_by: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    return id;
  }

  const hoursAgo = (h: number) => new Date(t.clock.now - h * 3_600_000).toISOString();

  it('shows my current people with sessions used, limit and the latest next step (audited)', async () => {
    const org = await t.organisation();
    const cafe = await org.service('Evening café');
    const peer = await as(org, [{ role: 'peer_worker' }, { role: 'peer_worker', serviceId: cafe }], 'Priya Peer');
    const base = `/api/v1/services/${org.serviceId}/episodes`;
    const cafeBase = `/api/v1/services/${cafe}/episodes`;
    const bea = (await peer.client.post(base, { personId: await person(org.id, 'Bea'), status: 'accepted', workerUserIds: [peer.id] })).json();
    const ari = (await peer.client.post(cafeBase, { personId: await person(org.id, 'Ari'), status: 'offered', workerUserIds: [peer.id] })).json();
    const gone = (await peer.client.post(base, { personId: await person(org.id, 'Cy'), status: 'accepted', workerUserIds: [peer.id] })).json();
    await peer.client.post(base, { personId: await person(org.id, 'Di'), status: 'declined', workerUserIds: [peer.id] });
    await peer.client.patch(`${base}/${gone.id}`, { version: 1, status: 'closed', closingReason: 'lost_touch' });
    await peer.client.post(`${base}/${bea.id}/sessions`, { heldAt: hoursAgo(30), nextSteps: 'Ring the GP' });
    await peer.client.post(`${base}/${bea.id}/sessions`, { heldAt: hoursAgo(2), nextSteps: 'Try the walking group' });

    const res = await peer.client.get('/api/v1/caseload');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ count: 2, max: null });
    expect(body.people).toEqual([
      { episodeId: ari.id, personId: ari.personId, personPreferredName: 'Ari', serviceId: cafe, serviceName: 'Evening café', status: 'offered', sessionsUsed: 0, sessionLimit: 10, limitWarning: null, lastSessionAt: null, nextStep: null },
      { episodeId: bea.id, personId: bea.personId, personPreferredName: 'Bea', serviceId: org.serviceId, serviceName: 'Safe haven', status: 'accepted', sessionsUsed: 2, sessionLimit: 10, limitWarning: null, lastSessionAt: hoursAgo(2), nextStep: 'Try the walking group' },
    ]);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'caseload.read_own').where('actor_user_id', '=', peer.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ count: 2 });

    const other = await as(org, [{ role: 'peer_worker' }]);
    expect((await other.client.get('/api/v1/caseload')).json()).toEqual({ people: [], count: 0, max: null });
    const commissioner = await as(org, [{ role: 'commissioner', serviceId: null }]);
    expect((await commissioner.client.get('/api/v1/caseload')).statusCode).toBe(403);
  });

  it('shows each worker in a service with their count and maximum', async () => {
    const org = await t.organisation();
    const lead = await as(org, [{ role: 'shift_lead' }], 'Lee Lead');
    const ana = await as(org, [{ role: 'peer_worker' }], 'Ana');
    const ben = await as(org, [{ role: 'senior_peer' }], 'Ben');
    await org.user({ roles: [{ role: 'peer_worker' }], name: 'Dora Disabled', disabled: true });
    const cafe = await org.service('Café');
    await org.user({ roles: [{ role: 'peer_worker', serviceId: cafe }], name: 'Cal Café' });
    // Someone who works across the whole organisation can be allocated here, so they are listed here too.
    const wide = await org.user({ roles: [{ role: 'senior_peer', serviceId: null }], name: 'Wyn Wide' });
    await db().updateTable('users').set({ caseload_max: 1 }).where('id', '=', ana.id).execute();
    const base = `/api/v1/services/${org.serviceId}/episodes`;
    await lead.client.post(base, { personId: await person(org.id, 'Ez'), status: 'accepted', workerUserIds: [ana.id, ben.id, wide.id] });
    await lead.client.post(base, { personId: await person(org.id, 'Fi'), status: 'offered', workerUserIds: [ben.id] });

    const res = await lead.client.get(`/api/v1/services/${org.serviceId}/caseloads`);
    expect(res.statusCode).toBe(200);
    expect(res.json().workers).toEqual([
      { userId: ana.id, displayName: 'Ana', count: 1, max: 1, full: true },
      { userId: ben.id, displayName: 'Ben', count: 2, max: null, full: false },
      { userId: lead.id, displayName: 'Lee Lead', count: 0, max: null, full: false },
      { userId: wide.id, displayName: 'Wyn Wide', count: 1, max: null, full: false },
    ]);
    expect((await ana.client.get(`/api/v1/services/${org.serviceId}/caseloads`)).statusCode).toBe(403);
    const elsewhere = await t.organisation('Elsewhere');
    const admin = await as(elsewhere, [{ role: 'org_admin', serviceId: null }]);
    const stranger = await as(elsewhere, [{ role: 'service_manager' }]);
    expect((await stranger.client.get(`/api/v1/services/${elsewhere.serviceId}/caseloads`)).json().workers.length).toBe(1);
    expect((await lead.client.get(`/api/v1/services/${elsewhere.serviceId}/caseloads`)).statusCode).toBe(403);
    // An organisation-wide role names a service id of another organisation: not found.
    await db().insertInto('memberships').values({ id: newId(), organisation_id: elsewhere.id, user_id: admin.id, service_id: null, team_id: null, role: 'shift_lead', created_at: nowIso() }).execute();
    expect((await admin.client.get(`/api/v1/services/${org.serviceId}/caseloads`)).statusCode).toBe(404);
  });

  it('sets a caseload maximum: managers for staff in their services, administrators for anyone; audited without the number', async () => {
    const org = await t.organisation();
    const cafe = await org.service('Café');
    const manager = await as(org, [{ role: 'service_manager' }]);
    const cafeManager = await as(org, [{ role: 'service_manager', serviceId: cafe }]);
    const admin = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const peer = await as(org, [{ role: 'peer_worker' }], 'Pat');
    const url = `/api/v1/users/${peer.id}/adjustments`;

    const set = await manager.client.put(url, { caseloadMax: 4 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ userId: peer.id, displayName: 'Pat', caseloadMax: 4, version: 2 });
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'user.adjustments').where('entity_id', '=', peer.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(manager.id);
    expect(JSON.parse(audit.details)).toEqual({ fields: ['caseloadMax'] });

    // A manager of another service does not reach this person; nothing changes.
    expect((await cafeManager.client.put(url, { caseloadMax: 9 })).statusCode).toBe(404);
    const versioned = await admin.client.put(url, { version: 2, caseloadMax: null });
    expect(versioned.statusCode).toBe(200);
    expect(versioned.json()).toMatchObject({ caseloadMax: null, version: 3 });
    const stale = await admin.client.put(url, { version: 2, caseloadMax: 3 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { caseloadMax: null, version: 3 }, submitted: { caseloadMax: 3 } });

    for (const bad of [{ caseloadMax: 0 }, { caseloadMax: 2.5 }, { caseloadMax: 'five' }, {}, { caseloadMax: 3, note: 'x' }]) {
      const res = await admin.client.put(url, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await peer.client.put(url, { caseloadMax: 20 })).statusCode).toBe(403);
    const elsewhere = await t.organisation('Elsewhere');
    const strangerAdmin = await as(elsewhere, [{ role: 'org_admin', serviceId: null }]);
    expect((await strangerAdmin.client.put(url, { caseloadMax: 1 })).statusCode).toBe(404);
    expect((await admin.client.put(`/api/v1/users/${newId()}/adjustments`, { caseloadMax: 1 })).statusCode).toBe(404);
    const row = await db().selectFrom('users').select(['caseload_max', 'version']).where('id', '=', peer.id).executeTakeFirstOrThrow();
    expect(row.caseload_max).toBeNull();
    expect(Number(row.version)).toBe(3);
  });
});
