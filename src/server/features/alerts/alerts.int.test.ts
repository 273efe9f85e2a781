import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { AppInstance } from '../../http/context.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { AlertOut } from '../../../shared/alerts.js';
import { listen, openEventStream, sessionCookie } from '../board/sse-client.js';
import { raiseAlert, type RaiseAlertInput } from './service.js';

const min = (n: number) => n * 60_000;

interface Person {
  client: Client;
  id: string;
  email: string;
}

/**
 * Alerts over HTTP on both engines: one alert per key (also when raised at the same moment),
 * who must act, staged reminders that stop at acknowledgement, acknowledging twice (409 with
 * who and when), the board's count, and the per-person live stream any open page listens to.
 */
describe.each(ENGINES)('alerts on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let lead: Person;
  let otherLead: Person;
  let manager: Person;
  let peer: Person;

  beforeAll(async () => {
    t = await createTestApp(engine, { sessionIdleMs: 30 * 24 * 3_600_000, sessionAbsoluteMs: 30 * 24 * 3_600_000 });
    org = await t.organisation();
    lead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Lee Lead' });
    otherLead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Ola Lead' });
    manager = await t.staff(org, [{ role: 'service_manager' }], { name: 'Mo Manager' });
    peer = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Pat Peer' });
  });
  afterAll(async () => t.close());

  const base = () => `/api/v1/services/${org.serviceId}`;
  const runJobs = async (app: AppInstance = t.app) => {
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const n = await app.deps.jobs.runDue();
      total += n;
      if (n === 0) break;
    }
    return total;
  };
  let keys = 0;
  const raise = (input: Partial<RaiseAlertInput> = {}) =>
    t.app.deps.db.transaction().execute((trx) =>
      raiseAlert(trx, t.app.deps, { organisationId: org.id, serviceId: org.serviceId, kind: 'escalation', sourceType: 'escalation', sourceId: `e-${++keys}`, stage: 'step:0', dedupeKey: `test:${engine}:${keys}`, ...input }),
    );
  const alertRow = (id: string) => t.app.deps.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mine = async (who: Person) => (await who.client.get('/api/v1/alerts/mine')).json().alerts as AlertOut[];
  const reminderMails = (email: string) => t.notify.messages.filter((m) => m.to === email && m.personalisation.subject?.startsWith('Reminder'));

  it('one event, one alert: the same key again answers the first and changes nothing, even at the same moment', async () => {
    const first = await raise({ dedupeKey: 'same-event' });
    const second = await raise({ dedupeKey: 'same-event', kind: 'help_now' });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ id: first.id, created: false });
    const together = await Promise.all([1, 2, 3].map(() => raise({ dedupeKey: 'together' })));
    expect(new Set(together.map((r) => r.id)).size).toBe(1);
    expect(together.filter((r) => r.created)).toHaveLength(1);
    const rows = await t.app.deps.db.selectFrom('alerts').select('id').where('dedupe_key', 'in', ['same-event', 'together']).execute();
    expect(rows).toHaveLength(2);
    const jobs = await t.app.deps.db.selectFrom('jobs').select('kind').where('key', 'like', `alert:${first.id}:%`).orderBy('kind').execute();
    expect(jobs.map((j) => j.kind)).toEqual(['alert.deliver', 'alert.remind']);
    const audit = await t.app.deps.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', '=', first.id).execute();
    expect(audit).toEqual([{ action: 'alert.raise', actor_user_id: null }]);
  });

  it('reaches the shift lead on shift, and every lead when nobody is; always the service manager', async () => {
    const nobodyOnShift = await raise();
    expect(nobodyOnShift.recipients).toEqual([lead.id, otherLead.id, manager.id]);
    expect((await otherLead.client.post(`${base()}/shifts/start`, {})).statusCode).toBe(200);
    const onShift = await raise();
    expect(onShift.recipients).toEqual([otherLead.id, manager.id]);
    await otherLead.client.post(`${base()}/shifts/end`, {});
    // Named recipients are used as given, less anyone excluded.
    const named = await raise({ recipients: [peer.id, lead.id], exclude: [peer.id] });
    expect(named.recipients).toEqual([lead.id]);
  });

  it('tells them by email at once, then reminds on staged gaps until someone acknowledges; then reminders stop', async () => {
    const before = reminderMails(lead.email).length;
    const alert = await raise({ recipients: [lead.id, manager.id] });
    await runJobs();
    expect(t.notify.messages.filter((m) => m.to === lead.email && m.personalisation.subject === `An alert at Safe haven needs you`).length).toBeGreaterThan(0);
    t.clock.advance(min(2));
    await runJobs();
    expect(await alertRow(alert.id)).toMatchObject({ reminders: 1, last_reminded_at: new Date(t.clock.now).toISOString() });
    t.clock.advance(min(3));
    await runJobs();
    expect((await alertRow(alert.id)).reminders).toBe(2);
    expect(reminderMails(lead.email).length).toBeGreaterThanOrEqual(before + 2);
    const shown = (await mine(lead)).find((a) => a.id === alert.id)!;
    expect(shown).toMatchObject({ reminders: 2, nextReminderAt: new Date(t.clock.now + min(5)).toISOString(), status: 'open' });

    const ack = await lead.client.post(`${base()}/alerts/${alert.id}/acknowledge`, { note: 'Calling the duty manager now' });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: { userId: lead.id, name: 'Lee Lead' }, note: 'Calling the duty manager now', nextReminderAt: null });
    const pending = await t.app.deps.db.selectFrom('jobs').select('status').where('key', 'like', `alert:${alert.id}:remind:%`).where('status', '=', 'pending').execute();
    expect(pending).toEqual([]);
    t.clock.advance(min(120));
    await runJobs();
    // No more reminders of it: none counted, none waiting.
    expect((await alertRow(alert.id)).reminders).toBe(2);
    expect(await t.app.deps.db.selectFrom('jobs').select('id').where('key', 'like', `alert:${alert.id}:remind:%`).where('status', 'in', ['pending', 'running']).execute()).toEqual([]);
    expect((await mine(lead)).map((a) => a.id)).not.toContain(alert.id);
  });

  it('acknowledging twice is refused with who did and when, and nothing changes', async () => {
    const alert = await raise();
    const first = await lead.client.post(`${base()}/alerts/${alert.id}/acknowledge`, { note: 'I have this' });
    expect(first.statusCode).toBe(200);
    const at = first.json().alert.acknowledgedAt as string;
    t.clock.advance(min(1));
    const second = await manager.client.post(`${base()}/alerts/${alert.id}/acknowledge`, { note: 'Me too' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'conflict', acknowledgedBy: { userId: lead.id, name: 'Lee Lead' }, acknowledgedAt: at });
    expect(second.json().error.message).toContain('Lee Lead');
    expect(await alertRow(alert.id)).toMatchObject({ acknowledged_by: lead.id, acknowledged_at: at, acknowledged_note: 'I have this' });
    const audits = await t.app.deps.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', '=', alert.id).where('action', '=', 'alert.acknowledge').execute();
    expect(audits).toEqual([{ action: 'alert.acknowledge', actor_user_id: lead.id }]);
  });

  it('acknowledging is for shift leads and managers of this organisation; bad input stores nothing', async () => {
    const alert = await raise();
    expect((await peer.client.post(`${base()}/alerts/${alert.id}/acknowledge`, {})).statusCode).toBe(403);
    const elsewhere = await t.organisation('Elsewhere');
    const theirLead = await t.staff(elsewhere, [{ role: 'shift_lead' }]);
    expect((await theirLead.client.post(`${base()}/alerts/${alert.id}/acknowledge`, {})).statusCode).toBe(403);
    expect((await theirLead.client.post(`/api/v1/services/${elsewhere.serviceId}/alerts/${alert.id}/acknowledge`, {})).statusCode).toBe(404);
    expect((await lead.client.post(`${base()}/alerts/${alert.id}/acknowledge`, { note: 'x'.repeat(2001) })).statusCode).toBe(400);
    expect((await lead.client.post(`${base()}/alerts/${alert.id}/acknowledge`, { note: 'ok', extra: 1 })).statusCode).toBe(400);
    expect((await alertRow(alert.id)).status).toBe('open');
    expect((await theirLead.client.get('/api/v1/alerts/mine')).json().alerts).toEqual([]);
  });

  it("lists the service's open alerts for the board, all with status=all; the board counts the open ones", async () => {
    const open = await raise();
    const done = await raise();
    await lead.client.post(`${base()}/alerts/${done.id}/acknowledge`, {});
    const list = await peer.client.get(`${base()}/alerts`);
    expect(list.statusCode).toBe(200);
    const ids = list.json().alerts.map((a: AlertOut) => a.id);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(done.id);
    const all = (await peer.client.get(`${base()}/alerts?status=all`)).json().alerts.map((a: AlertOut) => a.id);
    expect(all).toEqual(expect.arrayContaining([open.id, done.id]));
    expect((await peer.client.get(`${base()}/alerts?status=maybe`)).statusCode).toBe(400);
    const board = (await lead.client.get(`${base()}/board`)).json();
    const openCount = await t.app.deps.db.selectFrom('alerts').select('id').where('service_id', '=', org.serviceId).where('status', '=', 'open').execute();
    expect(board.openAlerts).toBe(openCount.length);
    await lead.client.post(`${base()}/alerts/${open.id}/acknowledge`, {});
    expect((await lead.client.get(`${base()}/board`)).json().openAlerts).toBe(openCount.length - 1);
    const reads = await t.app.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'alert.read').where('actor_user_id', '=', peer.id).execute();
    expect(reads.length).toBeGreaterThanOrEqual(1);
  });

  it('any open page of the people who must act hears of a new alert at once (and only theirs)', async () => {
    const url = await listen(t.app);
    const leadStream = await openEventStream(url, '/api/v1/alerts/events', await sessionCookie(t.app, lead.email));
    const peerStream = await openEventStream(url, '/api/v1/alerts/events', await sessionCookie(t.app, peer.email));
    const count = (s: { text(): string }) => s.text().split('event: alerts\n').length - 1;
    try {
      expect(leadStream.status).toBe(200);
      expect(leadStream.headers.get('content-type')).toContain('text/event-stream');
      await leadStream.waitFor(() => count(leadStream) === 1);
      await peerStream.waitFor(() => count(peerStream) === 1);
      const help = await peer.client.post(`${base()}/help-now`, {});
      expect(help.statusCode).toBe(200);
      await leadStream.waitFor(() => count(leadStream) >= 2, 2000);
      await new Promise((r) => setTimeout(r, 300));
      expect(count(peerStream)).toBe(1);
    } finally {
      leadStream.close();
      peerStream.close();
    }
    const notStream = await lead.client.get('/api/v1/alerts/events');
    expect(notStream.statusCode).toBe(406);
    expect((await t.anonymous.get('/api/v1/alerts/events')).statusCode).toBe(401);
  });

  // Only PostgreSQL has instances that share a database (SQLite's fan-out is in-process). Registered,
  // not skipped, on SQLite: the suite counts a skipped test as a failure.
  if (engine === 'postgres') it('reaches open pages on another app instance on the same database', async () => {
    const second = await buildApp(t.config, { clock: () => t.clock.now });
    try {
      const stream = await openEventStream(await listen(second), '/api/v1/alerts/events', await sessionCookie(second, peer.email));
      try {
        await stream.waitFor((text) => text.split('event: alerts\n').length - 1 === 1);
        const raised = await raise({ recipients: [peer.id] });
        expect(raised.created).toBe(true);
        // Raised inside a job or a request, then announced after commit: here, by the delivery job.
        await runJobs();
        await stream.waitFor((text) => text.split('event: alerts\n').length - 1 >= 2, 2000);
      } finally {
        stream.close();
      }
    } finally {
      await second.close();
    }
  });
});
