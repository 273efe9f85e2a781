import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { AlertOut } from '../../../shared/alerts.js';
import type { VisitOut } from '../../../shared/lone-working.js';
import { listen, openEventStream, sessionCookie } from '../board/sse-client.js';

const min = (n: number) => n * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Person {
  client: Client;
  id: string;
  email: string;
}

/**
 * Lone working over HTTP on both engines: the visit's timer stages fire at their times and
 * once each (also across a restart), duress looks exactly like a cancel to the worker while a
 * silent alert reaches the lead, "I need help now", check-in after the alert, extend, and
 * that no message names the person supported.
 */
describe.each(ENGINES)('lone working on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let lead: Person;
  let manager: Person;
  let contact: Person;
  let personId: string;
  const PERSON = 'Zebedee Quillfeather';
  const PLACE = '14 Larkspur Gardens';

  beforeAll(async () => {
    // Hours pass in these tests: sessions must outlast them.
    t = await createTestApp(engine, { sessionIdleMs: 30 * 24 * 3_600_000, sessionAbsoluteMs: 30 * 24 * 3_600_000 });
    org = await t.organisation();
    lead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Lee Lead' });
    manager = await t.staff(org, [{ role: 'service_manager' }], { name: 'Mo Manager' });
    contact = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Jo Contact' });
    const res = await contact.client.post('/api/v1/people', { preferredName: PERSON });
    expect(res.statusCode).toBe(201);
    personId = res.json().id;
  });
  afterAll(async () => t.close());

  const base = () => `/api/v1/services/${org.serviceId}`;
  const worker = (name = 'Sam Worker') => t.staff(org, [{ role: 'peer_worker' }], { name });
  /** Runs every due job, including those the jobs schedule for now (alert delivery). */
  const runJobs = async (app = t.app) => {
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const n = await app.deps.jobs.runDue();
      total += n;
      if (n === 0) break;
    }
    return total;
  };
  const start = async (who: Person, endsInMinutes: number, extra: Record<string, unknown> = {}) => {
    const res = await who.client.post(`${base()}/visits`, { location: PLACE, expectedEndAt: iso(t.clock.now + min(endsInMinutes)), contactUserId: contact.id, personId, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().visit as VisitOut;
  };
  const visitRow = (id: string) => t.app.deps.db.selectFrom('lone_working_visits').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const alertsOf = (visitId: string) => t.app.deps.db.selectFrom('alerts').selectAll().where('source_id', '=', visitId).orderBy('raised_at').execute();
  /** Escalations started by the visit's last stage. */
  const escalationsOf = (visitId: string) => t.app.deps.db.selectFrom('escalations').select(['id', 'raised_by', 'status', 'person_id']).where('visit_id', '=', visitId).execute();
  /** The visit's alerts and its escalation's first alert (the ladder's later steps are the escalation tests' business). */
  const alarmsOf = async (visitId: string) => {
    const escalations = await escalationsOf(visitId);
    const ids = [visitId, ...escalations.map((e) => e.id)];
    const rows = await t.app.deps.db.selectFrom('alerts').selectAll().where('source_id', 'in', ids).orderBy('raised_at').execute();
    return rows.filter((a) => a.source_type === 'visit' || a.dedupe_key === `escalation:${a.source_id}:raised`);
  };
  const stageAudits = async (visitId: string) =>
    (await t.app.deps.db.selectFrom('audit_events').select('details').where('action', '=', 'visit.stage').where('entity_id', '=', visitId).orderBy('seq').execute()).map((r) => JSON.parse(r.details ?? '{}').stage as string);
  const mine = async (who: Person) => {
    const res = await who.client.get('/api/v1/alerts/mine');
    expect(res.statusCode).toBe(200);
    return res.json().alerts as AlertOut[];
  };
  const messagesTo = (email: string) => t.notify.messages.filter((m) => m.to === email);

  it('starts a visit, audited, with the timer as jobs; refuses a past end, a contact from elsewhere, yourself, and another organisation’s person', async () => {
    const sam = await worker();
    const visit = await start(sam, 60);
    expect(visit).toMatchObject({ status: 'active', location: PLACE, contactUserId: contact.id, contactName: 'Jo Contact', workerName: 'Sam Worker', personId, endKind: null, overdue: false, version: 1 });
    expect(visit.next).toEqual({ stage: 'reminder', at: iso(Date.parse(visit.expectedEndAt) - min(10)) });
    const audit = await t.app.deps.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', '=', visit.id).execute();
    expect(audit).toEqual([{ action: 'visit.start', actor_user_id: sam.id }]);
    const jobs = await t.app.deps.db.selectFrom('jobs').select(['kind', 'key', 'status']).where('key', 'like', `visit:${visit.id}:%`).execute();
    expect(jobs).toEqual([{ kind: 'visit.stage', key: `visit:${visit.id}:reminder:${Date.parse(visit.expectedEndAt)}`, status: 'pending' }]);

    const mineNow = await sam.client.get(`${base()}/visits/mine`);
    expect(mineNow.json().visits.map((v: VisitOut) => v.id)).toEqual([visit.id]);
    const leadView = await lead.client.get(`${base()}/visits`);
    expect(leadView.statusCode).toBe(200);
    expect(leadView.json().visits.map((v: VisitOut) => v.id)).toContain(visit.id);
    expect((await sam.client.get(`${base()}/visits`)).statusCode).toBe(403);

    const other = await t.organisation('Elsewhere');
    const stranger = await other.user({ roles: [{ role: 'peer_worker' }] });
    const theirPerson = await (await t.staff(other, [{ role: 'peer_worker' }])).client.post('/api/v1/people', { preferredName: 'Someone Else' });
    const before = (await t.app.deps.db.selectFrom('lone_working_visits').select('id').execute()).length;
    const bad = [
      [{ expectedEndAt: iso(t.clock.now - min(5)) }, 'expectedEndAt'],
      [{ expectedEndAt: iso(t.clock.now + min(13 * 60)) }, 'expectedEndAt'],
      [{ contactUserId: stranger.id }, 'contactUserId'],
      [{ contactUserId: sam.id }, 'contactUserId'],
      [{ personId: theirPerson.json().id }, 'personId'],
    ] as const;
    for (const [change, field] of bad) {
      const res = await sam.client.post(`${base()}/visits`, { location: PLACE, expectedEndAt: iso(t.clock.now + min(30)), contactUserId: contact.id, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(Object.keys(res.json().error.fields)).toEqual([field]);
    }
    expect((await t.app.deps.db.selectFrom('lone_working_visits').select('id').execute()).length).toBe(before);
    await sam.client.post(`${base()}/visits/${visit.id}/end`, {});
  });

  it('fires each stage at its time and once: reminder, due, nudge to the worker; alert to the lead, manager and contact; then the last stage', async () => {
    const sam = await worker('Sam Stages');
    const visit = await start(sam, 60);
    const end = Date.parse(visit.expectedEndAt);
    const at = (offsetFromEnd: number) => {
      t.clock.now = end + min(offsetFromEnd);
    };

    at(-11);
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual([]);
    at(-10);
    await runJobs();
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder']);
    expect(messagesTo(sam.email).map((m) => m.personalisation.subject)).toEqual(['Your lone visit is due to end soon']);
    expect(messagesTo(sam.email)[0]!.personalisation.message).toContain(`${t.config.publicUrl}/app/lone-working`);

    at(0);
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder', 'due']);
    const overdue = (await sam.client.get(`${base()}/visits/mine`)).json().visits[0] as VisitOut;
    expect(overdue.overdue).toBe(false);
    at(1);
    expect(((await sam.client.get(`${base()}/visits/mine`)).json().visits[0] as VisitOut).overdue).toBe(true);
    at(5);
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder', 'due', 'worker_nudge']);
    expect(messagesTo(sam.email)).toHaveLength(3);
    expect(await alertsOf(visit.id)).toEqual([]);

    at(15);
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder', 'due', 'worker_nudge', 'lead_alert']);
    const [alert] = await alertsOf(visit.id);
    expect(alert).toMatchObject({ kind: 'visit_overdue', stage: 'lead_alert', status: 'open', silent: 0, dedupe_key: `visit:${visit.id}:lead_alert:${end}` });
    // Nobody on shift: every shift lead of the service, the manager, and the worker's contact; never the worker.
    expect(JSON.parse(alert!.recipients)).toEqual([lead.id, manager.id, contact.id]);
    for (const who of [lead, manager, contact]) {
      const theirs = await mine(who);
      expect(theirs.map((a) => a.id)).toContain(alert!.id);
      expect(theirs.find((a) => a.id === alert!.id)).toMatchObject({ kind: 'visit_overdue', title: 'Sam Stages has not checked in after a lone visit.', visit: { id: visit.id, location: PLACE } });
      expect(messagesTo(who.email).some((m) => m.personalisation.message?.includes('Sam Stages has not checked in'))).toBe(true);
    }
    expect((await mine(sam)).map((a) => a.id)).not.toContain(alert!.id);
    expect(messagesTo(sam.email)).toHaveLength(3);
    const board = (await lead.client.get(`${base()}/board`)).json();
    expect(board.openAlerts).toBeGreaterThanOrEqual(1);

    at(30);
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder', 'due', 'worker_nudge', 'lead_alert', 'escalate']);
    // The service's escalation ladder starts on the worker's behalf, about the same person, and alerts.
    const escalations = await escalationsOf(visit.id);
    expect(escalations).toEqual([expect.objectContaining({ raised_by: sam.id, person_id: personId })]);
    const alarms = await alarmsOf(visit.id);
    expect(alarms.map((a) => a.kind)).toEqual(['visit_overdue', expect.stringMatching(/^(escalation|visit_escalation)$/)]);
    expect(JSON.parse(alarms[1]!.recipients)).toEqual(expect.arrayContaining([lead.id, manager.id, contact.id]));
    expect(JSON.parse(alarms[1]!.recipients)).not.toContain(sam.id);

    // Nothing more for the visit itself, however long nobody answers (the alerts' reminders go on).
    at(300);
    await runJobs();
    expect(await stageAudits(visit.id)).toHaveLength(5);
    expect(await escalationsOf(visit.id)).toHaveLength(1);
    expect((await alertsOf(visit.id)).filter((a) => a.kind === 'visit_overdue')).toHaveLength(1);
    expect(messagesTo(sam.email)).toHaveLength(3);
  });

  it('a server restarted in the middle of a countdown fires what it missed, once, and sends the worker no stale reminders', async () => {
    const sam = await worker('Sam Restart');
    const visit = await start(sam, 30);
    const end = Date.parse(visit.expectedEndAt);
    t.clock.advance(min(5));
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual([]);
    // Down from here until well past the end: a new app on the same database picks up.
    t.clock.now = end + min(20);
    const second = await buildApp(t.config, { clock: () => t.clock.now });
    try {
      await runJobs(second);
      expect(await stageAudits(visit.id)).toEqual(['reminder', 'due', 'worker_nudge', 'lead_alert']);
      expect(await runJobs(second)).toBe(0);
      expect(await runJobs()).toBe(0);
      const alerts = await alertsOf(visit.id);
      expect(alerts.map((a) => a.kind)).toEqual(['visit_overdue']);
      // Only the latest of the worker's own stages was worth sending.
      expect(messagesTo(sam.email).map((m) => m.personalisation.subject)).toEqual(['Please check in now']);
      expect(messagesTo(lead.email).filter((m) => m.personalisation.message?.includes('Sam Restart')).length).toBe(1);
      t.clock.now = end + min(30);
      await runJobs(second);
      await runJobs();
      expect(await stageAudits(visit.id)).toEqual(['reminder', 'due', 'worker_nudge', 'lead_alert', 'escalate']);
      expect(await escalationsOf(visit.id)).toHaveLength(1);
      expect((await alarmsOf(visit.id)).length).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('a check-in after the alert fired is recorded and stops the timer, but the alert stays until acknowledged', async () => {
    const sam = await worker('Sam Late');
    const visit = await start(sam, 20);
    t.clock.now = Date.parse(visit.expectedEndAt) + min(16);
    await runJobs();
    const [alert] = await alertsOf(visit.id);
    expect(alert?.status).toBe('open');

    const checked = await sam.client.post(`${base()}/visits/${visit.id}/check-in`, {});
    expect(checked.statusCode).toBe(200);
    expect(checked.json().visit).toMatchObject({ checkedInAt: iso(t.clock.now), next: null, overdue: false, status: 'active' });
    expect((await visitRow(visit.id)).checked_in_at).toBe(iso(t.clock.now));
    const audit = await t.app.deps.db.selectFrom('audit_events').select('details').where('action', '=', 'visit.check_in').where('entity_id', '=', visit.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toMatchObject({ stagesStopped: true, afterAlert: true });

    t.clock.advance(min(60));
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder', 'due', 'worker_nudge', 'lead_alert']);
    expect((await alertsOf(visit.id)).map((a) => [a.kind, a.status])).toEqual([['visit_overdue', 'open']]);
    expect(await escalationsOf(visit.id)).toEqual([]);
    expect((await mine(lead)).map((a) => a.id)).toContain(alert!.id);

    const ack = await lead.client.post(`${base()}/alerts/${alert!.id}/acknowledge`, { note: 'Spoke to them, all well' });
    expect(ack.statusCode).toBe(200);
    await sam.client.post(`${base()}/visits/${visit.id}/end`, {});
  });

  it('a check-in before the end keeps the timer; extending moves every stage to the new end', async () => {
    const sam = await worker('Sam Extends');
    const visit = await start(sam, 30);
    t.clock.advance(min(5));
    const early = await sam.client.post(`${base()}/visits/${visit.id}/check-in`, {});
    expect(early.json().visit.next.stage).toBe('reminder');

    const stale = await sam.client.post(`${base()}/visits/${visit.id}/extend`, { version: 1, expectedEndAt: iso(t.clock.now + min(60)) });
    expect(stale.statusCode).toBe(409);
    const newEnd = t.clock.now + min(60);
    const extended = await sam.client.post(`${base()}/visits/${visit.id}/extend`, { version: 2, expectedEndAt: iso(newEnd) });
    expect(extended.statusCode).toBe(200);
    expect(extended.json().visit).toMatchObject({ expectedEndAt: iso(newEnd), next: { stage: 'reminder', at: iso(newEnd - min(10)) }, version: 3 });
    // The old end passes quietly.
    t.clock.now = Date.parse(visit.expectedEndAt) + min(20);
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual([]);
    t.clock.now = newEnd;
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder', 'due']);
    const ended = await sam.client.post(`${base()}/visits/${visit.id}/end`, {});
    expect(ended.json().visit).toMatchObject({ status: 'ended', endKind: 'checked_out', next: null });
    t.clock.advance(min(60));
    await runJobs();
    expect(await stageAudits(visit.id)).toEqual(['reminder', 'due']);
    const again = await sam.client.post(`${base()}/visits/${visit.id}/check-in`, {});
    expect(again.statusCode).toBe(400);
    // Someone else's visit is not yours to change, nor another organisation's to see.
    const other = await worker('Sam Other');
    expect((await other.client.post(`${base()}/visits/${visit.id}/end`, {})).statusCode).toBe(404);
    const elsewhere = await t.organisation('Far away');
    const outsider = await t.staff(elsewhere, [{ role: 'shift_lead' }]);
    for (const action of ['check-in', 'end']) {
      expect((await outsider.client.post(`${base()}/visits/${visit.id}/${action}`, {})).statusCode).toBe(403);
      expect((await outsider.client.post(`/api/v1/services/${elsewhere.serviceId}/visits/${visit.id}/${action}`, {})).statusCode).toBe(404);
    }
    expect((await outsider.client.get(`${base()}/visits`)).statusCode).toBe(403);
    expect((await outsider.client.get(`/api/v1/services/${elsewhere.serviceId}/visits`)).json().visits).toEqual([]);
    expect((await outsider.client.post(`/api/v1/services/${elsewhere.serviceId}/help-now`, { visitId: visit.id })).statusCode).toBe(404);
  });

  it('duress: the worker’s reply is byte for byte a cancel; the lead, manager and contact get a silent alert the worker never sees', async () => {
    const sam = await worker('Sam Safe');
    expect((await sam.client.get('/api/v1/lone-working/duress-code')).json()).toEqual({ set: false, updatedAt: null });
    const set = await sam.client.put('/api/v1/lone-working/duress-code', { code: '2580' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ set: true, updatedAt: iso(t.clock.now) });
    const stored = await t.app.deps.db.selectFrom('duress_codes').selectAll().where('user_id', '=', sam.id).executeTakeFirstOrThrow();
    expect(stored.code_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.code_digest).not.toContain('2580');
    expect((await t.app.deps.db.selectFrom('audit_events').select('details').where('action', '=', 'duress_code.set').where('actor_user_id', '=', sam.id).executeTakeFirstOrThrow()).details).not.toContain('2580');
    expect((await sam.client.put('/api/v1/lone-working/duress-code', { code: '12' })).statusCode).toBe(400);

    const plain = await start(sam, 45);
    const danger = await start(sam, 45);
    // Someone watching the worker's board sees one change for each cancel, and nothing after.
    const board = await openEventStream(await listen(t.app), `${base()}/board/events`, await sessionCookie(t.app, sam.email));
    const events = () => board.boardEvents();
    const settle = () => new Promise((r) => setTimeout(r, 300));
    await board.waitFor(() => events() === 1);
    const cancelled = await sam.client.post(`${base()}/visits/${plain.id}/cancel`, { confirmation: '1234' });
    await settle();
    const afterCancel = events();
    const duressed = await sam.client.post(`${base()}/visits/${danger.id}/cancel`, { confirmation: '2580' });
    await settle();
    await runJobs();
    await settle();
    board.close();
    expect(afterCancel - 1).toBe(1);
    expect(events() - afterCancel).toBe(1);
    expect(duressed.statusCode).toBe(cancelled.statusCode);
    expect(duressed.statusCode).toBe(200);
    expect(duressed.headers['content-type']).toBe(cancelled.headers['content-type']);
    expect(duressed.headers['content-length']).toBe(cancelled.headers['content-length']);
    expect(duressed.body.replaceAll(danger.id, 'VISIT')).toBe(cancelled.body.replaceAll(plain.id, 'VISIT'));
    expect(duressed.json().visit).toMatchObject({ status: 'ended', endKind: 'cancelled' });
    // Stored as what it was, for those who must act.
    expect((await visitRow(danger.id)).end_kind).toBe('duress');
    expect((await visitRow(plain.id)).end_kind).toBe('cancelled');
    // The same audit action for both.
    const cancels = await t.app.deps.db.selectFrom('audit_events').select(['entity_id', 'details']).where('action', '=', 'visit.cancel').where('entity_id', 'in', [plain.id, danger.id]).execute();
    expect(cancels.map((c) => c.details)).toEqual([JSON.stringify({ serviceId: org.serviceId }), JSON.stringify({ serviceId: org.serviceId })]);

    expect(await alertsOf(plain.id)).toEqual([]);
    const [alert] = await alertsOf(danger.id);
    expect(alert).toMatchObject({ kind: 'duress', silent: 1, status: 'open' });
    expect(JSON.parse(alert!.recipients)).toEqual([lead.id, manager.id, contact.id]);
    const leadSees = (await mine(lead)).find((a) => a.id === alert!.id);
    expect(leadSees).toMatchObject({ kind: 'duress', silent: true, workerName: 'Sam Safe' });
    expect((await lead.client.get(`${base()}/alerts`)).json().alerts.map((a: AlertOut) => a.id)).toContain(alert!.id);
    // The worker sees nothing of it anywhere they look.
    expect((await mine(sam)).map((a) => a.id)).not.toContain(alert!.id);
    expect((await sam.client.get(`${base()}/alerts`)).json().alerts.map((a: AlertOut) => a.id)).not.toContain(alert!.id);
    expect((await sam.client.get(`${base()}/alerts?status=all`)).json().alerts.map((a: AlertOut) => a.id)).not.toContain(alert!.id);
    expect((await sam.client.get(`${base()}/visits/mine`)).json().visits).toEqual([]);

    await runJobs();
    expect(messagesTo(sam.email)).toEqual([]);
    for (const who of [lead, manager, contact]) {
      const got = messagesTo(who.email).filter((m) => m.personalisation.message?.includes('Sam Safe used their safety code'));
      expect(got).toHaveLength(1);
      expect(got[0]!.personalisation.message).toContain('Please do not call or text them first');
      expect(got[0]!.personalisation.message).toContain(`${t.config.publicUrl}/app/services/${org.serviceId}/board`);
    }
    // Acknowledging is for shift leads and managers.
    expect((await sam.client.post(`${base()}/alerts/${alert!.id}/acknowledge`, {})).statusCode).toBe(403);
  });

  it('"I need help now" alerts at once, once; a second tap while it is open raises nothing new', async () => {
    const sam = await worker('Sam Help');
    const visit = await start(sam, 60);
    const first = await sam.client.post(`${base()}/help-now`, { visitId: visit.id });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ peopleTold: 3, raisedAt: iso(t.clock.now) });
    const again = await sam.client.post(`${base()}/help-now`, { visitId: visit.id });
    expect(again.json().alertId).toBe(first.json().alertId);
    const alerts = await alertsOf(visit.id);
    expect(alerts.map((a) => [a.kind, a.status])).toEqual([['help_now', 'open']]);
    // In-app at once (before any job runs), by email on the next job round.
    expect((await mine(lead)).map((a) => a.id)).toContain(first.json().alertId);
    await runJobs();
    expect(messagesTo(lead.email).filter((m) => m.personalisation.message?.includes('Sam Help has asked for help now'))).toHaveLength(1);
    expect(await t.app.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'visit.help').where('entity_id', '=', visit.id).execute()).toHaveLength(1);

    // After someone has it, a new tap is a new alert.
    expect((await lead.client.post(`${base()}/alerts/${first.json().alertId}/acknowledge`, { note: 'On my way' })).statusCode).toBe(200);
    const later = await sam.client.post(`${base()}/help-now`, { visitId: visit.id });
    expect(later.json().alertId).not.toBe(first.json().alertId);
    // Help without a visit (on the premises) goes to the lead and manager.
    const onSite = await sam.client.post(`${base()}/help-now`, {});
    expect(onSite.json().peopleTold).toBe(2);
    // Someone else's visit: 404, nothing raised.
    const other = await worker('Sam Other Help');
    expect((await other.client.post(`${base()}/help-now`, { visitId: visit.id })).statusCode).toBe(404);
    await sam.client.post(`${base()}/visits/${visit.id}/end`, {});
  });

  it('acknowledging a lone-working alarm offers everyone involved a debrief, once', async () => {
    const sam = await worker('Sam Debrief');
    const visit = await start(sam, 20);
    t.clock.now = Date.parse(visit.expectedEndAt) + min(15);
    await runJobs();
    const [alert] = await alertsOf(visit.id);
    const ack = await manager.client.post(`${base()}/alerts/${alert!.id}/acknowledge`, { note: 'Reached them by phone' });
    expect(ack.statusCode).toBe(200);
    const offers = await t.app.deps.db.selectFrom('debrief_offers').select(['user_id', 'source_type', 'status']).where('source_id', '=', visit.id).execute();
    expect(offers.map((o) => o.user_id).sort()).toEqual([sam.id, contact.id, manager.id].sort());
    expect(offers.every((o) => o.source_type === 'lone_working' && o.status === 'offered')).toBe(true);
    const audits = await t.app.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'debrief.offer').where('details', 'like', `%${visit.id}%`).execute();
    expect(audits).toHaveLength(3);
  });

  it('no message names the person supported or says where the visit is', () => {
    const sent = t.notify.messages;
    expect(sent.length).toBeGreaterThan(10);
    for (const m of sent) {
      const text = JSON.stringify(m.personalisation);
      expect(text).not.toContain('Zebedee');
      expect(text).not.toContain('Quillfeather');
      expect(text).not.toContain('Larkspur');
    }
  });
});
