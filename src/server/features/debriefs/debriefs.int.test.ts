import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { newId } from '../../db/values.js';
import type { DebriefOut, MyDebriefsOut, SupportingOut } from '../../../shared/debriefs.js';

const DAY = 86_400_000;

interface Person {
  client: Client;
  id: string;
  email: string;
}

/**
 * Debriefs over HTTP on both engines: accepting with a named supporter plans the rhythm and
 * the supporter's reminders (sent once, with nothing personal); declining stops them and can be
 * changed later; only the worker and the supporter see a debrief; a manager sees counts only.
 */
describe.each(ENGINES)('debriefs on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let worker: Person;
  let supporter: Person;
  let colleague: Person;
  let manager: Person;
  let otherServicePeer: { id: string };
  let stranger: { id: string };
  let otherServiceId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, { sessionIdleMs: 90 * DAY, sessionAbsoluteMs: 90 * DAY });
    org = await t.organisation();
    worker = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Wren Worker' });
    supporter = await t.staff(org, [{ role: 'senior_peer' }], { name: 'Sol Supporter' });
    colleague = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Cal Colleague' });
    manager = await t.staff(org, [{ role: 'service_manager' }], { name: 'Max Manager' });
    otherServiceId = await org.service('Night line');
    otherServicePeer = await org.user({ roles: [{ role: 'peer_worker', serviceId: otherServiceId }] });
    const elsewhere = await t.organisation('Elsewhere');
    stranger = await elsewhere.user({ roles: [{ role: 'senior_peer' }] });
  });
  afterAll(async () => t.close());

  /** An offer as alerts/debriefs.ts writes it after an escalation closes. */
  const offer = async (userId: string, sourceType: 'escalation' | 'lone_working' = 'escalation') => {
    const id = newId();
    const at = new Date(t.clock.now).toISOString();
    await t.app.deps.db
      .insertInto('debrief_offers')
      .values({ id, organisation_id: org.id, service_id: org.serviceId, user_id: userId, source_type: sourceType, source_id: newId(), status: 'offered', offered_at: at, updated_at: at, requested_by: null, peer_supporter_id: null, accepted_at: null, declined_at: null, closed_at: null, version: 1 })
      .execute();
    return id;
  };
  const mine = async (who: Person) => {
    const res = await who.client.get('/api/v1/me/debriefs');
    expect(res.statusCode).toBe(200);
    return res.json() as MyDebriefsOut;
  };
  const runJobs = async () => {
    let total = 0;
    for (let i = 0; i < 10; i++) {
      const n = await t.app.deps.jobs.runDue();
      total += n;
      if (n === 0) break;
    }
    return total;
  };
  const pendingReminders = (debriefId: string) =>
    t.app.deps.db.selectFrom('jobs').select(['key', 'run_at']).where('key', 'like', `debrief:${debriefId}:%`).where('status', '=', 'pending').orderBy('run_at').execute();
  const audits = (entityId: string) => t.app.deps.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'details']).where('entity_id', '=', entityId).orderBy('seq').execute();

  it('shows the worker their offer plainly, offers supporters from the service (never themselves), and nobody else sees it', async () => {
    const id = await offer(worker.id);
    const list = await mine(worker);
    const debrief = list.debriefs.find((d) => d.id === id)!;
    expect(debrief).toMatchObject({ status: 'offered', sourceType: 'escalation', peerSupporter: null, contacts: [], professionalHelp: false });
    const choices = list.supporterChoices.find((c) => c.serviceId === org.serviceId)!;
    const names = choices.people.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Sol Supporter', 'Cal Colleague']));
    expect(names).not.toContain('Wren Worker');
    expect(names).not.toContain('Max Manager');
    // Not the colleague's, not the manager's.
    expect((await mine(colleague)).debriefs.map((d) => d.id)).not.toContain(id);
    expect((await mine(manager)).debriefs.map((d) => d.id)).not.toContain(id);
  });

  it('refuses booking someone else’s offer (404) and a supporter who is not theirs to choose (400), storing nothing', async () => {
    const id = await offer(worker.id);
    expect((await colleague.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId: supporter.id })).statusCode).toBe(404);
    expect((await colleague.client.post(`/api/v1/me/debriefs/${id}/decline`, {})).statusCode).toBe(404);
    for (const peerSupporterId of [worker.id, stranger.id, otherServicePeer.id, manager.id, newId()]) {
      const res = await worker.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId });
      expect(res.statusCode, peerSupporterId).toBe(400);
      expect(Object.keys(res.json().error.fields)).toEqual(['peerSupporterId']);
    }
    const row = await t.app.deps.db.selectFrom('debrief_offers').select(['status', 'peer_supporter_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'offered', peer_supporter_id: null });
    expect(await pendingReminders(id)).toEqual([]);
    // Unknown fields (such as whose it is) are refused.
    expect((await worker.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId: supporter.id, userId: colleague.id })).statusCode).toBe(400);
  });

  it('accepting plans the rhythm (day 2, day 3, a month), reminds the supporter on the day once with nothing personal, and a second accept is 409 with when', async () => {
    const acceptedAt = t.clock.now;
    const id = await offer(worker.id);
    const res = await worker.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId: supporter.id });
    expect(res.statusCode, res.body).toBe(200);
    const debrief = res.json().debrief as DebriefOut;
    expect(debrief).toMatchObject({ status: 'booked', peerSupporter: { id: supporter.id, name: 'Sol Supporter' }, acceptedAt: new Date(acceptedAt).toISOString() });
    expect(debrief.contacts.map((c) => [c.kind, c.dueAt, c.state])).toEqual([
      ['planning', new Date(acceptedAt + 2 * DAY).toISOString(), 'upcoming'],
      ['conversation', new Date(acceptedAt + 3 * DAY).toISOString(), 'upcoming'],
      ['follow_up', new Date(acceptedAt + 30 * DAY).toISOString(), 'upcoming'],
    ]);
    expect((await pendingReminders(id)).map((j) => j.key)).toEqual([`debrief:${id}:planning`, `debrief:${id}:conversation`, `debrief:${id}:follow_up`]);
    expect((await audits(id)).map((a) => a.action)).toEqual(['debrief.accept']);

    const again = await worker.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId: colleague.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.acceptedAt).toBe(new Date(acceptedAt).toISOString());

    // The supporter sees it in their list, with the worker's name; the read is audited.
    const supporting = (await supporter.client.get('/api/v1/me/supporting')).json() as SupportingOut;
    expect(supporting.debriefs.find((d) => d.id === id)).toMatchObject({ worker: { id: worker.id, name: 'Wren Worker' }, overdue: 0 });
    const read = await t.app.deps.db.selectFrom('audit_events').select('details').where('action', '=', 'debrief.support').where('actor_user_id', '=', supporter.id).execute();
    expect(read.length).toBe(1);
    expect(read[0]!.details).toContain(id);
    expect((await colleague.client.get('/api/v1/me/supporting')).json().debriefs).toEqual([]);

    // Day 2: one reminder to the supporter, naming nobody; running again sends nothing more.
    const before = t.notify.messages.length;
    t.clock.advance(2 * DAY);
    await runJobs();
    await runJobs();
    const sent = t.notify.messages.slice(before).filter((m) => m.to === supporter.email);
    expect(sent).toHaveLength(1);
    const text = JSON.stringify(sent[0]!.personalisation);
    expect(text).toContain('due today');
    for (const secret of ['Wren', 'Worker', 'escalation']) expect(text).not.toContain(secret);
    expect(t.notify.messages.slice(before).filter((m) => m.to === worker.email)).toEqual([]);

    // Overdue after its due time, in the supporter's list.
    t.clock.advance(DAY / 2);
    const later = (await supporter.client.get('/api/v1/me/supporting')).json() as SupportingOut;
    expect(later.debriefs.find((d) => d.id === id)!.overdue).toBe(1);
  });

  it('records contacts (worker or supporter only, never in the future); difficulties carrying on at a month bring the kind prompt; then it is done', async () => {
    const id = await offer(worker.id);
    const booked = (await worker.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId: supporter.id })).json().debrief as DebriefOut;
    const [planning, conversation, followUp] = booked.contacts;
    const url = (contactId: string) => `/api/v1/debriefs/${id}/contacts/${contactId}/done`;

    const future = await supporter.client.post(url(planning!.id), { doneAt: new Date(t.clock.now + DAY).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(Object.keys(future.json().error.fields)).toEqual(['doneAt']);
    expect((await colleague.client.post(url(planning!.id), {})).statusCode).toBe(404);
    expect((await manager.client.post(url(planning!.id), {})).statusCode).toBe(404);
    expect((await t.app.deps.db.selectFrom('debrief_contacts').select('done_at').where('id', '=', planning!.id).executeTakeFirstOrThrow()).done_at).toBeNull();

    t.clock.advance(DAY);
    const first = await supporter.client.post(url(planning!.id), {});
    expect(first.statusCode, first.body).toBe(200);
    expect((await supporter.client.post(url(planning!.id), {})).statusCode).toBe(409);
    // Its reminder is cancelled: it happened already.
    expect((await pendingReminders(id)).map((j) => j.key)).toEqual([`debrief:${id}:conversation`, `debrief:${id}:follow_up`]);

    t.clock.advance(2 * DAY);
    const talk = await worker.client.post(url(conversation!.id), { difficultiesPersist: true });
    expect(talk.json().debrief.professionalHelp).toBe(false);

    t.clock.advance(28 * DAY);
    const month = await supporter.client.post(url(followUp!.id), { difficultiesPersist: true });
    expect(month.statusCode).toBe(200);
    expect(month.json().debrief).toMatchObject({ status: 'done', professionalHelp: true });
    expect((await mine(worker)).debriefs.find((d) => d.id === id)!.professionalHelp).toBe(true);
    expect(await pendingReminders(id)).toEqual([]);
    expect((await audits(id)).map((a) => a.action)).toEqual(['debrief.accept', 'debrief.contact', 'debrief.contact', 'debrief.contact']);
  });

  it('declining stops every reminder (nothing is sent), and the worker can say yes later', async () => {
    const id = await offer(worker.id, 'lone_working');
    const fresh = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Fen Fresh' });
    await worker.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId: fresh.id });
    const declined = await worker.client.post(`/api/v1/me/debriefs/${id}/decline`, {});
    expect(declined.statusCode).toBe(200);
    expect(declined.json().debrief).toMatchObject({ status: 'declined' });
    expect(declined.json().debrief.contacts.every((c: { state: string }) => c.state === 'stopped')).toBe(true);
    expect(await pendingReminders(id)).toEqual([]);
    const again = await worker.client.post(`/api/v1/me/debriefs/${id}/decline`, {});
    expect(again.statusCode).toBe(409);

    t.clock.advance(4 * DAY);
    await runJobs();
    expect(t.notify.messages.filter((m) => m.to === fresh.email)).toEqual([]);

    const yes = await worker.client.post(`/api/v1/me/debriefs/${id}/accept`, { peerSupporterId: colleague.id });
    expect(yes.statusCode).toBe(200);
    expect(yes.json().debrief).toMatchObject({ status: 'booked', peerSupporter: { id: colleague.id }, declinedAt: null });
    expect((await pendingReminders(id)).length).toBe(3);
  });

  it('anyone, partner staff too, can ask for one (no words stored); only in a service they work in', async () => {
    const responder = await t.staff(org, [{ role: 'crisis_responder' }], { name: 'Rae Responder' });
    const res = await responder.client.post('/api/v1/me/debriefs', { serviceId: org.serviceId, peerSupporterId: supporter.id });
    expect(res.statusCode, res.body).toBe(201);
    const debrief = res.json().debrief as DebriefOut;
    expect(debrief).toMatchObject({ status: 'booked', sourceType: 'request' });
    expect(debrief.contacts).toHaveLength(3);
    const row = await t.app.deps.db.selectFrom('debrief_offers').selectAll().where('id', '=', debrief.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source_type: 'request', source_id: debrief.id, requested_by: responder.id, user_id: responder.id });

    const plain = await worker.client.post('/api/v1/me/debriefs', { serviceId: org.serviceId });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().debrief).toMatchObject({ status: 'offered' });

    const count = async () => (await t.app.deps.db.selectFrom('debrief_offers').select('id').execute()).length;
    const before = await count();
    const words = await worker.client.post('/api/v1/me/debriefs', { serviceId: org.serviceId, words: 'what happened' });
    expect(words.statusCode).toBe(400);
    const notMine = await worker.client.post('/api/v1/me/debriefs', { serviceId: otherServiceId });
    expect(notMine.statusCode).toBe(400);
    expect(Object.keys(notMine.json().error.fields)).toEqual(['serviceId']);
    expect(await count()).toBe(before);
  });

  it('a manager sees counts only: no names, no ids of people', async () => {
    const res = await manager.client.get(`/api/v1/services/${org.serviceId}/debriefs/summary`);
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    expect(summary.counts.offered + summary.counts.booked + summary.counts.declined + summary.counts.done).toBeGreaterThan(3);
    expect(summary.requests).toBe(2);
    for (const secret of ['Wren', 'Sol', worker.id, supporter.id]) expect(res.body).not.toContain(secret);
    expect((await worker.client.get(`/api/v1/services/${org.serviceId}/debriefs/summary`)).statusCode).toBe(403);
  });
});
