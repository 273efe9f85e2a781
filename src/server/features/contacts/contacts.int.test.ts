import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../db/values.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';

async function insertPerson(t: TestApp, organisationId: string, values: { preferredName: string; dateOfBirth?: string | null; approximateAge?: number | null }) {
  const id = newId();
  const now = nowIso(() => t.clock.now);
  await t.app.deps.db
    .insertInto('people')
    .values({
      id, organisation_id: organisationId, preferred_name: values.preferredName, full_name: null, pronouns: null,
      date_of_birth: values.dateOfBirth ?? null, approximate_age: values.approximateAge ?? null, age_recorded_on: values.approximateAge != null ? '2026-11-01' : null,
      phone: null, email: null, address: null, postcode: null, preferred_language: null, communication_needs: null, nhs_number: null,
      equality: '{}', what_helps: null, name_key: values.preferredName.toLowerCase(), name_phonetic: 'X', merged_into_id: null, merged_at: null,
      created_by: null, created_at: now, updated_at: now, version: 1,
    })
    .execute();
  return id;
}

describe.each(ENGINES)('contacts on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let otherServiceId: string;
  let peer: Client;
  let peerUserId: string;
  let url: string;

  const count = async () => Number((await t.app.deps.db.selectFrom('contacts').select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).executeTakeFirstOrThrow()).n);
  const audits = (action: string, entityId: string) =>
    t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', entityId).execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation();
    otherServiceId = await org.service('Crisis café');
    const u = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Priya Peer' });
    peerUserId = u.id;
    peer = await t.signIn(u.email);
    url = `/api/v1/services/${org.serviceId}/contacts`;
    await t.app.deps.db.updateTable('organisations').set({ under16_service_name: 'Young Minds Crisis', under16_phone: '0800 111 222' }).where('id', '=', org.id).execute();
  });
  afterAll(async () => t.close());

  it('records an anonymous contact with a label, audited, with no under-16 routing', async () => {
    const res = await peer.post(url, { kind: 'walk_in', referralSource: 'self', displayLabel: 'woman in green coat', reason: 'Could not sleep, felt unsafe at home' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.under16Service).toBeNull();
    expect(body.contact).toMatchObject({ anonymous: true, personId: null, displayName: 'woman in green coat', kind: 'walk_in', arrivedAt: '2026-11-26T12:00:00.000Z', version: 1, serviceId: org.serviceId });
    const [event] = await audits('contact.create', body.contact.id);
    expect(event).toBeDefined();
    expect(event!.actor_user_id).toBe(peerUserId);
    // Details hold ids and codes only, never the person's words.
    expect(event!.details).not.toContain('green coat');
    expect(event!.details).not.toContain('sleep');
  });

  it('calls an anonymous contact without a label "Someone (anonymous)"', async () => {
    const res = await peer.post(url, { kind: 'phone', referralSource: 'crisis_line' });
    expect(res.json().contact.displayName).toBe('Someone (anonymous)');
  });

  it('links a person of the organisation and shows their preferred name', async () => {
    const personId = await insertPerson(t, org.id, { preferredName: 'Sam', dateOfBirth: '1990-02-03' });
    const res = await peer.post(url, { kind: 'in_ae', referralSource: 'ae', personId, arrivedAt: '2026-11-26T11:30:00+01:00' });
    expect(res.statusCode).toBe(201);
    expect(res.json().contact).toMatchObject({ personId, displayName: 'Sam', anonymous: false, arrivedAt: '2026-11-26T10:30:00.000Z' });
    expect(res.json().under16Service).toBeNull();
  });

  it('routes under-16s: by the flag, and by a recorded age under 16', async () => {
    const flagged = await peer.post(url, { kind: 'walk_in', referralSource: 'self', under16: true });
    expect(flagged.statusCode).toBe(201);
    expect(flagged.json().under16Service).toEqual({ name: 'Young Minds Crisis', phone: '0800 111 222' });
    expect(flagged.json().contact.under16).toBe(true);

    const young = await insertPerson(t, org.id, { preferredName: 'Alex', dateOfBirth: '2012-01-01' });
    const byAge = await peer.post(url, { kind: 'walk_in', referralSource: 'police', personId: young });
    expect(byAge.json().under16Service).toEqual({ name: 'Young Minds Crisis', phone: '0800 111 222' });
    // Nothing else is stored differently: the flag stays as sent.
    expect(byAge.json().contact.under16).toBe(false);
    const read = await peer.get(`${url}/${byAge.json().contact.id}`);
    expect(read.json().under16Service).toEqual({ name: 'Young Minds Crisis', phone: '0800 111 222' });

    const approx = await insertPerson(t, org.id, { preferredName: 'Kai', approximateAge: 15 });
    expect((await peer.post(url, { kind: 'phone', referralSource: 'self', personId: approx })).json().under16Service).not.toBeNull();
  });

  it('refuses bad input with field messages and stores nothing', async () => {
    const other = await t.organisation('Other Org');
    const foreignPerson = await insertPerson(t, other.id, { preferredName: 'Not yours' });
    const before = await count();
    const cases: [unknown, string][] = [
      [{ kind: 'teleport', referralSource: 'self' }, 'kind'],
      [{ kind: 'walk_in', referralSource: 'aliens' }, 'referralSource'],
      [{ kind: 'walk_in', referralSource: 'other' }, 'referralOther'],
      [{ kind: 'walk_in', referralSource: 'self', personId: foreignPerson }, 'personId'],
      [{ kind: 'walk_in', referralSource: 'self', arrivedAt: '2026-11-26T12:06:00Z' }, 'arrivedAt'],
      [{ kind: 'walk_in', referralSource: 'self', arrivedAt: 'yesterday' }, 'arrivedAt'],
      [{ kind: 'walk_in', referralSource: 'self', riskScore: 7 }, 'riskScore'],
    ];
    for (const [body, field] of cases) {
      const res = await peer.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    expect(await count()).toBe(before);
    // Within five minutes of clock difference is fine.
    expect((await peer.post(url, { kind: 'walk_in', referralSource: 'other', referralOther: 'Library staff', arrivedAt: '2026-11-26T12:04:00Z' })).statusCode).toBe(201);
  });

  it('reads one contact (audited) and only under its own service', async () => {
    const created = (await peer.post(url, { kind: 'walk_in', referralSource: 'gp' })).json().contact;
    const read = await peer.get(`${url}/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().contact.id).toBe(created.id);
    const events = await audits('contact.read', created.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_user_id).toBe(peerUserId);

    const manager = await t.signIn((await org.user({ roles: [{ role: 'shift_lead', serviceId: null }] })).email);
    expect((await manager.get(`/api/v1/services/${otherServiceId}/contacts/${created.id}`)).statusCode).toBe(404);
    expect((await manager.get(`${url}/${newId()}`)).statusCode).toBe(404);
  });

  it('refuses peers of another service, commissioners and other organisations', async () => {
    const created = (await peer.post(url, { kind: 'walk_in', referralSource: 'self' })).json().contact;
    const otherPeer = await t.signIn((await org.user({ roles: [{ role: 'peer_worker', serviceId: otherServiceId }] })).email);
    const commissioner = await t.signIn((await org.user({ roles: [{ role: 'commissioner', serviceId: null }] })).email);
    const other = await t.organisation('Elsewhere');
    const foreignManager = await t.signIn((await other.user({ roles: [{ role: 'shift_lead', serviceId: null }] })).email);
    const foreignPeer = await t.signIn((await other.user({ roles: [{ role: 'peer_worker' }] })).email);
    for (const client of [otherPeer, commissioner, foreignPeer]) {
      expect((await client.get(url)).statusCode).toBe(403);
      expect((await client.get(`${url}/${created.id}`)).statusCode).toBe(403);
      expect((await client.post(url, { kind: 'walk_in', referralSource: 'self' })).statusCode).toBe(403);
      expect((await client.patch(`${url}/${created.id}`, { version: 1, whatHelped: 'x' })).statusCode).toBe(403);
    }
    // An organisation-wide role elsewhere passes the role check but never finds this service.
    expect((await foreignManager.get(url)).statusCode).toBe(404);
    expect((await foreignManager.get(`${url}/${created.id}`)).statusCode).toBe(404);
    expect((await foreignManager.post(url, { kind: 'walk_in', referralSource: 'self' })).statusCode).toBe(404);
    expect((await foreignManager.patch(`${url}/${created.id}`, { version: 1, whatHelped: 'x' })).statusCode).toBe(404);
    expect((await t.anonymous.get(url)).statusCode).toBe(401);
  });

  it('updates with the rules on times, outcome, worker and version', async () => {
    const created = (await peer.post(url, { kind: 'walk_in', referralSource: 'self', arrivedAt: '2026-11-26T10:00:00Z' })).json().contact;
    const at = `${url}/${created.id}`;
    const bad: [unknown, string][] = [
      [{ version: 1, firstSeenAt: '2026-11-26T09:59:00Z' }, 'firstSeenAt'],
      [{ version: 1, firstSeenAt: '2026-11-26T12:30:00Z' }, 'firstSeenAt'],
      [{ version: 1, leftAt: '2026-11-26T11:00:00Z' }, 'outcome'],
      [{ version: 1, leftAt: '2026-11-26T09:00:00Z', outcome: 'signposted' }, 'leftAt'],
      [{ version: 1, outcome: 'cured' }, 'outcome'],
      [{ version: 1, otherwiseWouldHave: 'nothing' }, 'otherwiseWouldHave'],
      [{ version: 1, workerUserId: newId() }, 'workerUserId'],
      [{ whatHelped: 'tea' }, 'version'],
    ];
    for (const [body, field] of bad) {
      const res = await peer.patch(at, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    // A worker of another service is not someone who can be with them here.
    const elsewhere = await org.user({ roles: [{ role: 'peer_worker', serviceId: otherServiceId }] });
    expect((await peer.patch(at, { version: 1, workerUserId: elsewhere.id })).json().error.fields).toHaveProperty('workerUserId');
    expect((await peer.get(at)).json().contact.version).toBe(1);

    const seen = await peer.patch(at, { version: 1, firstSeenAt: '2026-11-26T10:10:00Z', workerUserId: peerUserId, carersPresent: true, carersNote: 'Mum came too' });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().contact).toMatchObject({ version: 2, firstSeenAt: '2026-11-26T10:10:00.000Z', workerName: 'Priya Peer', carersPresent: true });

    expect((await peer.patch(at, { version: 2, leftAt: '2026-11-26T10:05:00Z', outcome: 'signposted' })).json().error.fields).toHaveProperty('leftAt');

    const stale = await peer.patch(at, { version: 1, whatHelped: 'A quiet room' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect(stale.json().error.current.version).toBe(2);
    expect(stale.json().error.submitted.whatHelped).toBe('A quiet room');

    const left = await peer.patch(at, { version: 2, leftAt: '2026-11-26T11:00:00Z', outcome: 'home_with_plan', otherwiseWouldHave: 'ae', whatHelped: 'A quiet room and a cup of tea' });
    expect(left.statusCode).toBe(200);
    expect(left.json().contact).toMatchObject({ version: 3, leftAt: '2026-11-26T11:00:00.000Z', outcome: 'home_with_plan', otherwiseWouldHave: 'ae' });
    const [event] = await audits('contact.update', created.id).then((rows) => rows.filter((r) => r.details.includes('leftAt')));
    expect(event).toBeDefined();
    expect(event!.details).not.toContain('tea');
  });

  it('lists newest first, open only on request, in pages', async () => {
    const serviceId = await org.service('Listing haven');
    const listUrl = `/api/v1/services/${serviceId}/contacts`;
    const worker = await t.signIn((await org.user({ roles: [{ role: 'peer_worker', serviceId }] })).email);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await worker.post(listUrl, { kind: 'walk_in', referralSource: 'self', arrivedAt: `2026-11-26T0${i + 1}:00:00Z` })).json().contact.id);
    }
    await worker.patch(`${listUrl}/${ids[0]}`, { version: 1, leftAt: '2026-11-26T02:30:00Z', outcome: 'signposted' });

    const all = await worker.get(listUrl);
    expect(all.json().contacts.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    const open = await worker.get(`${listUrl}?open=true`);
    expect(open.json().contacts.map((c: { id: string }) => c.id)).toEqual(ids.slice(1).reverse());

    const first = await worker.get(`${listUrl}?limit=2`);
    expect(first.json().contacts.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3]]);
    const second = await worker.get(`${listUrl}?limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json().contacts.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const third = await worker.get(`${listUrl}?limit=2&cursor=${second.json().nextCursor}`);
    expect(third.json().contacts.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect(third.json().nextCursor).toBeNull();

    expect((await worker.get(`${listUrl}?cursor=rubbish`)).statusCode).toBe(400);
    expect((await worker.get(`${listUrl}?limit=0`)).statusCode).toBe(400);
    expect((await worker.get(`${listUrl}?open=maybe`)).statusCode).toBe(400);
    // Contacts of other services never show here.
    expect(all.json().contacts).toHaveLength(5);
  });
});
