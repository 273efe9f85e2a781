import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';

describe.each(ENGINES)('episodes API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[], name?: string) => t.staff(org, roles, name ? { name } : {});

  async function person(orgId: string, preferredName = 'Sam'): Promise<string> {
    const id = newId();
    const now = nowIso(() => t.clock.now);
    await db()
      .insertInto('people')
      .values({ id, organisation_id: orgId, preferred_name: preferredName, full_name: null, pronouns: null, date_of_birth: null, approximate_age: null, age_recorded_on: null, phone: null, email: null, address: null, postcode: null, preferred_language: null, communication_needs: null, nhs_number: null, equality: '{}', what_helps: null, name_key: preferredName.toLowerCase(), name_phonetic: preferredName.toUpperCase(), merged_into_id: null, merged_at: null, created_by: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    return id;
  }

  async function contact(orgId: string, serviceId: string, personId: string): Promise<string> {
    const id = newId();
    const now = nowIso(() => t.clock.now);
    await db()
      .insertInto('contacts')
      .values({ id, organisation_id: orgId, service_id: serviceId, person_id: personId, display_label: null, kind: 'walk_in', referral_source: 'self', referral_other: null, arrived_at: now, first_seen_at: null, left_at: null, worker_user_id: null, reason: null, what_helped: null, outcome: null, outcome_detail: null, signposted_to: '[]', otherwise_would_have: null, carers_present: 0, carers_note: null, under16: 0, created_by: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    return id;
  }

  const audits = (action: string, entityId?: string) => {
    let q = db().selectFrom('audit_events').selectAll().where('action', '=', action);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return q.execute();
  };
  const hoursAgo = (h: number) => new Date(t.clock.now - h * 3_600_000).toISOString();

  interface Setup {
    org: TestOrg;
    base: string;
    peer: { client: Client; id: string };
    lead: { client: Client; id: string };
    personId: string;
  }
  async function setup(sessionLimit = 10): Promise<Setup> {
    const org = await t.organisation();
    await db().updateTable('services').set({ session_limit: sessionLimit }).where('id', '=', org.serviceId).execute();
    const peer = await as(org, [{ role: 'peer_worker' }], 'Priya Peer');
    const lead = await as(org, [{ role: 'shift_lead' }], 'Lee Lead');
    return { org, base: `/api/v1/services/${org.serviceId}/episodes`, peer, lead, personId: await person(org.id) };
  }

  it('creates an episode with the service’s session limit, goals and the peer allocating themselves', async () => {
    const s = await setup(6);
    const contactId = await contact(s.org.id, s.org.serviceId, s.personId);
    const res = await s.peer.client.post(s.base, { personId: s.personId, contactId, status: 'accepted', goals: [{ text: ' Get back to swimming ' }], workerUserIds: [s.peer.id] });
    expect(res.statusCode).toBe(201);
    const ep = res.json();
    expect(ep).toMatchObject({ personId: s.personId, personPreferredName: 'Sam', contactId, status: 'accepted', sessionLimit: 6, sessionsUsed: 0, limitWarning: null, version: 1, sessions: [], transitions: [] });
    expect(ep.acceptedAt).toBe(new Date(t.clock.now).toISOString());
    expect(ep.goals).toEqual([{ id: expect.any(String), text: 'Get back to swimming', status: 'working_on' }]);
    expect(ep.workers).toEqual([{ userId: s.peer.id, displayName: 'Priya Peer', allocatedAt: expect.any(String) }]);
    const [audit] = await audits('episode.create', ep.id);
    expect(audit!.actor_user_id).toBe(s.peer.id);
    expect(JSON.parse(audit!.details)).toEqual({ personId: s.personId, contactId, status: 'accepted', workers: [s.peer.id] });
    expect(audit!.details).not.toContain('swimming');
  });

  it('lets only a shift lead or manager allocate someone else when creating', async () => {
    const s = await setup();
    const other = await as(s.org, [{ role: 'peer_worker' }], 'Olu Other');
    const refused = await s.peer.client.post(s.base, { personId: s.personId, status: 'offered', workerUserIds: [other.id] });
    expect(refused.statusCode).toBe(403);
    expect(await db().selectFrom('episodes').select('id').where('organisation_id', '=', s.org.id).execute()).toEqual([]);
    const ok = await s.lead.client.post(s.base, { personId: s.personId, status: 'offered', workerUserIds: [other.id] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().workers.map((w: { displayName: string }) => w.displayName)).toEqual(['Olu Other']);
  });

  it('refuses people, contacts and workers that are not this organisation’s or service’s, storing nothing', async () => {
    const s = await setup();
    const elsewhere = await t.organisation('Elsewhere');
    const strangerPerson = await person(elsewhere.id);
    const otherService = await s.org.service('Café');
    const otherServiceContact = await contact(s.org.id, otherService, s.personId);
    const strangerWorker = await elsewhere.user({ roles: [{ role: 'peer_worker' }] });
    const cafeOnly = await s.org.user({ roles: [{ role: 'peer_worker', serviceId: otherService }] });
    const cases: [unknown, string][] = [
      [{ personId: strangerPerson, status: 'offered' }, 'personId'],
      [{ personId: s.personId, contactId: otherServiceContact, status: 'offered' }, 'contactId'],
      [{ personId: s.personId, status: 'offered', workerUserIds: [strangerWorker.id] }, 'workerUserIds'],
      [{ personId: s.personId, status: 'offered', workerUserIds: [cafeOnly.id] }, 'workerUserIds'],
      [{ personId: s.personId, status: 'maybe' }, 'status'],
      [{ personId: s.personId, status: 'offered', declinedReason: 'not now' }, 'declinedReason'],
      [{ personId: s.personId, status: 'offered', riskScore: 3 }, 'riskScore'],
    ];
    for (const [body, field] of cases) {
      const res = await s.lead.client.post(s.base, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields).toHaveProperty(field);
    }
    expect(await db().selectFrom('episodes').select('id').where('organisation_id', '=', s.org.id).execute()).toEqual([]);
  });

  it('lists and reads episodes (reads audited); other organisations and services answer 404', async () => {
    const s = await setup();
    const second = await person(s.org.id, 'Alex');
    const a = (await s.peer.client.post(s.base, { personId: s.personId, status: 'accepted', workerUserIds: [s.peer.id] })).json();
    const b = (await s.peer.client.post(s.base, { personId: second, status: 'declined', declinedReason: 'Has support already' })).json();
    const all = await s.peer.client.get(s.base);
    expect(all.statusCode).toBe(200);
    expect(all.json().episodes.map((e: { id: string }) => e.id).sort()).toEqual([a.id, b.id].sort());
    const byPerson = (await s.peer.client.get(`${s.base}?personId=${second}`)).json().episodes;
    expect(byPerson.map((e: { id: string }) => e.id)).toEqual([b.id]);
    const accepted = (await s.peer.client.get(`${s.base}?status=accepted`)).json().episodes;
    expect(accepted.map((e: { id: string }) => e.id)).toEqual([a.id]);
    expect(accepted[0].workers[0].displayName).toBe('Priya Peer');
    expect((await s.peer.client.get(`${s.base}?status=unknown`)).statusCode).toBe(400);
    expect((await audits('episode.list', s.org.serviceId)).length).toBe(3);

    const one = await s.peer.client.get(`${s.base}/${b.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: b.id, status: 'declined', declinedReason: 'Has support already', personPreferredName: 'Alex' });
    const reads = await audits('episode.read', b.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actor_user_id).toBe(s.peer.id);
    expect(JSON.parse(reads[0]!.details)).toEqual({ personId: second, serviceId: s.org.serviceId });

    // The same episode asked for under another service of the organisation, where the person also works.
    const cafe = await s.org.service('Café');
    const both = await as(s.org, [{ role: 'peer_worker' }, { role: 'peer_worker', serviceId: cafe }]);
    expect((await both.client.get(`/api/v1/services/${cafe}/episodes/${a.id}`)).statusCode).toBe(404);
    expect((await both.client.patch(`/api/v1/services/${cafe}/episodes/${a.id}`, { version: 1, status: 'closed', closingReason: 'lost_touch' })).statusCode).toBe(404);
    expect((await both.client.post(`/api/v1/services/${cafe}/episodes/${a.id}/sessions`, { heldAt: hoursAgo(1), nextSteps: 'x' })).statusCode).toBe(404);
    expect((await both.client.get(`/api/v1/services/${cafe}/episodes`)).json().episodes).toEqual([]);

    // Another organisation: its service and its episodes are not found.
    const elsewhere = await t.organisation('Elsewhere');
    const stranger = await as(elsewhere, [{ role: 'peer_worker' }]);
    expect((await stranger.client.get(`/api/v1/services/${elsewhere.serviceId}/episodes/${a.id}`)).statusCode).toBe(404);
    expect((await stranger.client.post(`/api/v1/services/${elsewhere.serviceId}/episodes/${a.id}/transitions`, { toName: 'GP' })).statusCode).toBe(404);
    expect((await s.peer.client.get(`/api/v1/services/${elsewhere.serviceId}/episodes`)).statusCode).toBe(403);
    // Roles without episode access are refused, and the refusal is audited.
    const commissioner = await as(s.org, [{ role: 'commissioner', serviceId: null }]);
    expect((await commissioner.client.get(`${s.base}/${a.id}`)).statusCode).toBe(403);
  });

  it('accepts, edits goals and refuses a stale version with both versions', async () => {
    const s = await setup();
    const ep = (await s.peer.client.post(s.base, { personId: s.personId, status: 'offered', goals: [{ text: 'Sleep better' }] })).json();
    const goalId = ep.goals[0].id;
    const accepted = await s.peer.client.patch(`${s.base}/${ep.id}`, {
      version: 1,
      status: 'accepted',
      goals: [{ id: goalId, text: 'Sleep better', status: 'achieved' }, { text: 'Call my brother', status: 'working_on' }],
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', version: 2 });
    expect(accepted.json().goals).toEqual([
      { id: goalId, text: 'Sleep better', status: 'achieved' },
      { id: expect.any(String), text: 'Call my brother', status: 'working_on' },
    ]);
    const stale = await s.peer.client.patch(`${s.base}/${ep.id}`, { version: 1, goals: [] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { version: 2, status: 'accepted' }, submitted: { version: 1, goals: [] } });
    const unknownGoal = await s.peer.client.patch(`${s.base}/${ep.id}`, { version: 2, goals: [{ id: newId(), text: 'x', status: 'achieved' }] });
    expect(unknownGoal.statusCode).toBe(400);
    expect(unknownGoal.json().error.fields).toHaveProperty('goals.0.id');
    const backwards = await s.peer.client.patch(`${s.base}/${ep.id}`, { version: 2, status: 'declined' });
    expect(backwards.statusCode).toBe(409);
    expect((await db().selectFrom('episodes').select(['status', 'version']).where('id', '=', ep.id).executeTakeFirstOrThrow())).toEqual({ status: 'accepted', version: 2 });
    const [audit] = await audits('episode.update', ep.id);
    expect(JSON.parse(audit!.details)).toEqual({ fields: ['status', 'goals'], status: 'accepted' });
  });

  it('records sessions with limit warnings, refuses future times, empty records and going beyond the limit without a reason', async () => {
    const s = await setup(3);
    const ep = (await s.peer.client.post(s.base, { personId: s.personId, status: 'accepted', workerUserIds: [s.peer.id] })).json();
    const url = `${s.base}/${ep.id}/sessions`;
    const count = async () => (await db().selectFrom('episode_sessions').select('id').where('episode_id', '=', ep.id).execute()).length;

    const future = await s.peer.client.post(url, { heldAt: new Date(t.clock.now + 3_600_000).toISOString(), nextSteps: 'Walk' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toHaveProperty('heldAt');
    const empty = await s.peer.client.post(url, { heldAt: hoursAgo(2), whatHasBeenHappening: '   ' });
    expect(empty.statusCode).toBe(400);
    expect((await s.peer.client.post(url, { heldAt: 'yesterday', nextSteps: 'x' })).statusCode).toBe(400);
    expect(await count()).toBe(0);

    const first = await s.peer.client.post(url, { heldAt: hoursAgo(48), whatHasBeenHappening: 'Hard week at home', strengthsAndResources: 'My dog', nextSteps: 'Phone the housing office' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ number: 1, workerUserId: s.peer.id, workerName: 'Priya Peer', beyondLimit: false, peopleAndNetworks: null, version: 1 });
    const [audit] = await audits('episode.session_create', first.json().id);
    expect(JSON.parse(audit!.details)).toEqual({ episodeId: ep.id, number: 1, beyondLimit: false });
    expect((await s.peer.client.get(`${s.base}/${ep.id}`)).json()).toMatchObject({ sessionsUsed: 1, limitWarning: 'near' });

    await s.peer.client.post(url, { heldAt: hoursAgo(24), peopleAndNetworks: 'Sister visits' });
    const third = await s.lead.client.post(url, { heldAt: hoursAgo(3), helpFromServices: 'Housing support', workerUserId: s.peer.id });
    expect(third.json()).toMatchObject({ number: 3, workerUserId: s.peer.id });
    expect((await s.peer.client.get(`${s.base}/${ep.id}`)).json()).toMatchObject({ sessionsUsed: 3, limitWarning: 'reached' });

    const noReason = await s.peer.client.post(url, { heldAt: hoursAgo(1), nextSteps: 'More time' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toBe('A session beyond the limit of 3 needs a reason');
    expect(noReason.json().error.fields.beyondLimitReason).toBe('A session beyond the limit of 3 needs a reason');
    expect(await count()).toBe(3);
    const fourth = await s.peer.client.post(url, { heldAt: hoursAgo(1), nextSteps: 'More time', beyondLimitReason: 'Waiting for the new team to start' });
    expect(fourth.statusCode).toBe(201);
    expect(fourth.json()).toMatchObject({ number: 4, beyondLimit: true, beyondLimitReason: 'Waiting for the new team to start' });
    const read = (await s.peer.client.get(`${s.base}/${ep.id}`)).json();
    expect(read).toMatchObject({ sessionsUsed: 4, limitWarning: 'beyond' });
    expect(read.sessions.map((x: { number: number }) => x.number)).toEqual([1, 2, 3, 4]);

    // Editing: versioned, same rules.
    const sessionUrl = `${url}/${first.json().id}`;
    const edited = await s.peer.client.patch(sessionUrl, { version: 1, nextSteps: 'Phone the housing office on Monday' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, nextSteps: 'Phone the housing office on Monday', whatHasBeenHappening: 'Hard week at home' });
    const stale = await s.peer.client.patch(sessionUrl, { version: 1, nextSteps: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { version: 2 }, submitted: { version: 1 } });
    expect((await s.peer.client.patch(sessionUrl, { version: 2, heldAt: new Date(t.clock.now + 86_400_000).toISOString() })).statusCode).toBe(400);
    const emptied = await s.peer.client.patch(sessionUrl, { version: 2, whatHasBeenHappening: '', strengthsAndResources: '', nextSteps: '' });
    expect(emptied.statusCode).toBe(400);
    const dropReason = await s.peer.client.patch(`${url}/${fourth.json().id}`, { version: 1, beyondLimitReason: '' });
    expect(dropReason.statusCode).toBe(400);
    expect(dropReason.json().error.fields).toHaveProperty('beyondLimitReason');
    expect((await s.peer.client.patch(`${url}/${newId()}`, { version: 1, nextSteps: 'x' })).statusCode).toBe(404);
    const saved = await db().selectFrom('episode_sessions').selectAll().where('id', '=', first.json().id).executeTakeFirstOrThrow();
    expect(saved.next_steps).toBe('Phone the housing office on Monday');
    expect(Number(saved.version)).toBe(2);
  });

  it('plans transitions with consent; cannot close while one is planned without a note; closed episodes take no more sessions', async () => {
    const s = await setup();
    const ep = (await s.peer.client.post(s.base, { personId: s.personId, status: 'accepted' })).json();
    const turl = `${s.base}/${ep.id}/transitions`;
    expect((await s.peer.client.post(turl, { plannedDate: '2026-12-01' })).json().error.fields).toHaveProperty('toName');
    expect((await s.peer.client.post(turl, { toName: 'Recovery college', shareConsent: { given: true } })).json().error.fields).toHaveProperty('shareConsent.how');
    expect((await s.peer.client.post(turl, { toName: 'Recovery college', plannedDate: '2026-02-30' })).statusCode).toBe(400);
    expect((await s.peer.client.post(turl, { toName: 'Recovery college', status: 'sometime' })).statusCode).toBe(400);
    expect(await db().selectFrom('transitions').select('id').where('episode_id', '=', ep.id).execute()).toEqual([]);

    const made = await s.peer.client.post(turl, { toName: 'Recovery college', plannedDate: '2026-12-10', handoverSummary: 'Likes mornings', shareConsent: { given: true, how: 'in_person' } });
    expect(made.statusCode).toBe(201);
    const tr = made.json();
    expect(tr).toMatchObject({ toName: 'Recovery college', plannedDate: '2026-12-10', status: 'planned', handoverShareable: true, shareConsent: { given: true, how: 'in_person' }, version: 1 });
    // A move on to a directory entry names one of the organisation's entries (any id an import kept, spaces too).
    expect((await s.peer.client.post(turl, { toDirectoryServiceId: 'or-uk:svc 42', handoverSummary: 'Private' })).json().error.fields).toHaveProperty('toDirectoryServiceId');
    const at = nowIso(() => t.clock.now);
    const document = JSON.stringify({ id: 'or-uk:svc 42', name: 'Recovery college', organization: { id: 'o', name: 'Recovery college' } });
    await db().insertInto('directory_entries').values({ id: 'or-uk:svc 42', organisation_id: s.org.id, service_id: null, name: 'Recovery college', status: 'active', taxonomy: '[]', min_age: null, max_age: null, document, last_checked_at: at, last_checked_by: null, created_at: at, updated_at: at, version: 1 }).execute();
    const noConsent = (await s.peer.client.post(turl, { toDirectoryServiceId: 'or-uk:svc 42', handoverSummary: 'Private' })).json();
    expect(noConsent).toMatchObject({ toName: '', toDirectoryServiceId: 'or-uk:svc 42', handoverShareable: false, status: 'planned' });
    const [audit] = await audits('episode.transition_create', tr.id);
    expect(JSON.parse(audit!.details)).toEqual({ episodeId: ep.id, status: 'planned', shareConsent: true });

    const close = { version: 1, status: 'closed', closingReason: 'moved_on_with_support' };
    const refused = await s.peer.client.patch(`${s.base}/${ep.id}`, close);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.closingNote).toMatch(/still planned/);
    expect((await db().selectFrom('episodes').select('status').where('id', '=', ep.id).executeTakeFirstOrThrow()).status).toBe('accepted');
    expect((await s.peer.client.patch(`${s.base}/${ep.id}`, { version: 1, status: 'closed' })).json().error.fields).toHaveProperty('closingReason');
    expect((await s.peer.client.patch(`${s.base}/${ep.id}`, { version: 1, closingNote: 'why' })).statusCode).toBe(400);

    // Updating the transitions (versioned) clears the way.
    const done = await s.peer.client.patch(`${turl}/${tr.id}`, { version: 1, status: 'done', shareConsent: { given: false } });
    expect(done.json()).toMatchObject({ status: 'done', version: 2, handoverShareable: false, shareConsent: { given: false, how: null } });
    const stale = await s.peer.client.patch(`${turl}/${tr.id}`, { version: 1, status: 'declined' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { status: 'done', version: 2 }, submitted: { status: 'declined' } });
    expect((await s.peer.client.patch(`${turl}/${tr.id}`, { version: 2, toName: '', toDirectoryServiceId: null })).statusCode).toBe(400);
    expect((await s.peer.client.patch(`${turl}/${newId()}`, { version: 1, status: 'done' })).statusCode).toBe(404);

    // One transition is still planned: closing needs a note that explains.
    const closed = await s.peer.client.patch(`${s.base}/${ep.id}`, { ...close, closingNote: 'The directory service will contact them directly' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closingReason: 'moved_on_with_support', closingNote: 'The directory service will contact them directly', version: 2 });
    expect(closed.json().closedAt).toBe(new Date(t.clock.now).toISOString());

    const late = await s.peer.client.post(`${s.base}/${ep.id}/sessions`, { heldAt: hoursAgo(1), nextSteps: 'x' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('episode_closed');
    expect((await s.peer.client.post(turl, { toName: 'GP' })).statusCode).toBe(409);
    expect((await s.peer.client.patch(`${s.base}/${ep.id}`, { version: 2, status: 'accepted' })).statusCode).toBe(409);
    expect(await db().selectFrom('episode_sessions').select('id').where('episode_id', '=', ep.id).execute()).toEqual([]);
  });

  it('allocates workers within their caseload maximum (409 caseload_full names them; nothing stored)', async () => {
    const s = await setup();
    const manager = await as(s.org, [{ role: 'service_manager' }]);
    const capped = await as(s.org, [{ role: 'peer_worker' }], 'Cass Capped');
    const adj = await manager.client.put(`/api/v1/users/${capped.id}/adjustments`, { caseloadMax: 1 });
    expect(adj.statusCode).toBe(200);
    expect(adj.json()).toMatchObject({ userId: capped.id, caseloadMax: 1, version: 2 });

    const first = (await s.lead.client.post(s.base, { personId: s.personId, status: 'accepted', workerUserIds: [capped.id] })).json();
    expect(first.workers.map((w: { userId: string }) => w.userId)).toEqual([capped.id]);
    const second = (await s.lead.client.post(s.base, { personId: await person(s.org.id, 'Jo'), status: 'offered' })).json();

    const full = await s.lead.client.put(`${s.base}/${second.id}/workers`, { workerUserIds: [s.peer.id, capped.id] });
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'caseload_full', userId: capped.id, caseloadMax: 1 });
    expect(full.json().error.message).toMatch(/^Cass Capped already supports 1 person/);
    expect(await db().selectFrom('episode_workers').select('id').where('episode_id', '=', second.id).execute()).toEqual([]);
    // Creating an episode with a full worker is refused the same way, and no episode is left behind.
    const before = (await db().selectFrom('episodes').select('id').where('organisation_id', '=', s.org.id).execute()).length;
    const created = await s.lead.client.post(s.base, { personId: s.personId, status: 'offered', workerUserIds: [capped.id] });
    expect(created.statusCode).toBe(409);
    expect(created.json().error.code).toBe('caseload_full');
    expect((await db().selectFrom('episodes').select('id').where('organisation_id', '=', s.org.id).execute()).length).toBe(before);

    // Re-allocating the same worker to the episode they already have is not a new place.
    expect((await s.lead.client.put(`${s.base}/${first.id}/workers`, { workerUserIds: [capped.id, s.peer.id] })).statusCode).toBe(200);
    // Closing the first episode frees the place.
    await s.lead.client.patch(`${s.base}/${first.id}`, { version: 1, status: 'closed', closingReason: 'person_chose_to_stop' });
    const now = await s.lead.client.put(`${s.base}/${second.id}/workers`, { workerUserIds: [capped.id] });
    expect(now.statusCode).toBe(200);
    expect(now.json().workers.map((w: { displayName: string }) => w.displayName)).toEqual(['Cass Capped']);
    // Removing a worker ends their allocation but keeps the history.
    const removed = await s.lead.client.put(`${s.base}/${second.id}/workers`, { workerUserIds: [] });
    expect(removed.json().workers).toEqual([]);
    const rows = await db().selectFrom('episode_workers').select(['user_id', 'ended_at']).where('episode_id', '=', second.id).execute();
    expect(rows).toEqual([{ user_id: capped.id, ended_at: expect.any(String) }]);
    const [audit] = await audits('episode.allocate', second.id);
    expect(JSON.parse(audit!.details)).toEqual({ added: [capped.id], removed: [] });

    // Peers cannot allocate; other services' staff are refused as bad input.
    expect((await s.peer.client.put(`${s.base}/${second.id}/workers`, { workerUserIds: [s.peer.id] })).statusCode).toBe(403);
    const cafe = await s.org.service('Café');
    const cafePeer = await s.org.user({ roles: [{ role: 'peer_worker', serviceId: cafe }] });
    expect((await s.lead.client.put(`${s.base}/${second.id}/workers`, { workerUserIds: [cafePeer.id] })).statusCode).toBe(400);
    expect((await s.lead.client.put(`${s.base}/${newId()}/workers`, { workerUserIds: [] })).statusCode).toBe(404);
  });
});
