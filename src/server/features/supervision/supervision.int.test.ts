import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { MySupervisionOut, OverdueOut, RhythmsOut, SupervisingOut } from '../../../shared/supervision.js';
import { addDays, ukDate } from './rules.js';

const DAY = 86_400_000;

interface Person {
  client: Client;
  id: string;
  email: string;
}

/**
 * Supervision over HTTP on both engines: a manager sets rhythms; the worker or the supervisor
 * records sessions (never in the future); only those two read the content; the manager's
 * overdue view has dates and no content; reminders a week before and on the day, replaced when
 * a session is recorded.
 */
describe.each(ENGINES)('supervision on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let manager: Person;
  let lead: Person;
  let worker: Person;
  let other: Person;
  const THEMES = 'Feeling stretched on late shifts';
  const ACTIONS = 'Swap two late shifts next month';

  beforeAll(async () => {
    t = await createTestApp(engine, { sessionIdleMs: 120 * DAY, sessionAbsoluteMs: 120 * DAY });
    org = await t.organisation();
    manager = await t.staff(org, [{ role: 'service_manager' }], { name: 'Max Manager' });
    lead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Lee Lead' });
    worker = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Wren Worker' });
    other = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Oli Other' });
  });
  afterAll(async () => t.close());

  const base = () => `/api/v1/services/${org.serviceId}/supervision`;
  const today = () => ukDate(t.clock.now);
  const runJobs = async () => {
    for (let i = 0; i < 10; i++) if ((await t.app.deps.jobs.runDue()) === 0) break;
  };
  const reminderJobs = () => t.app.deps.db.selectFrom('jobs').select(['key', 'run_at', 'payload']).where('kind', '=', 'supervision.reminder').where('status', '=', 'pending').orderBy('run_at').execute();

  it('a manager sets rhythms (a colleague, or a name for outside supervision) and bad ones are refused with the field', async () => {
    const set = await manager.client.put(`${base()}/rhythms`, { userId: worker.id, layer: 'line_management', everyDays: 28, supervisorId: lead.id });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().rhythm).toMatchObject({ layer: 'line_management', everyDays: 28, supervisorId: lead.id, version: 1 });
    const external = await manager.client.put(`${base()}/rhythms`, { userId: worker.id, layer: 'external_peer', everyDays: 56, supervisorName: 'Ash Green, Peer Voices CIC' });
    expect(external.statusCode, external.body).toBe(200);

    const elsewhere = await t.organisation('Elsewhere');
    const stranger = await elsewhere.user({ roles: [{ role: 'senior_peer' }] });
    const otherService = await org.service('Night line');
    const notHere = await org.user({ roles: [{ role: 'peer_worker', serviceId: otherService }] });
    const bad = [
      [{ everyDays: 3, supervisorId: lead.id }, 'everyDays'],
      [{ everyDays: 400, supervisorId: lead.id }, 'everyDays'],
      [{ everyDays: 28, supervisorId: stranger.id }, 'supervisorId'],
      [{ everyDays: 28, supervisorId: worker.id }, 'supervisorId'],
      [{ everyDays: 28 }, 'supervisorId'],
      [{ everyDays: 28, supervisorId: lead.id, userId: notHere.id }, 'userId'],
      [{ everyDays: 28, supervisorId: lead.id, userId: stranger.id }, 'userId'],
      [{ everyDays: 28, layer: 'external_peer' }, 'supervisorName'],
    ] as const;
    const before = await t.app.deps.db.selectFrom('supervision_rhythms').selectAll().execute();
    for (const [change, field] of bad) {
      const res = await manager.client.put(`${base()}/rhythms`, { userId: worker.id, layer: 'peer', ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(Object.keys(res.json().error.fields), JSON.stringify(change)).toEqual([field]);
    }
    expect(await t.app.deps.db.selectFrom('supervision_rhythms').selectAll().execute()).toEqual(before);

    const list = (await manager.client.get(`${base()}/rhythms`)).json() as RhythmsOut;
    expect(list.workers.find((w) => w.id === worker.id)!.rhythms.map((r) => r.layer).sort()).toEqual(['external_peer', 'line_management']);
    expect(list.colleagues.map((c) => c.name)).toContain('Lee Lead');
    expect((await worker.client.get(`${base()}/rhythms`)).statusCode).toBe(403);
    const audit = await t.app.deps.db.selectFrom('audit_events').select('details').where('action', '=', 'supervision.rhythm').where('outcome', '!=', 'denied').execute();
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.details).join()).not.toContain('Ash Green');
  });

  it('the worker records a session (never on a date still to come); only they and the supervisor read it; reminders move', async () => {
    const mine = (await worker.client.get('/api/v1/me/supervision')).json() as MySupervisionOut;
    const line = mine.layers.find((l) => l.layer === 'line_management')!;
    expect(line).toMatchObject({ everyDays: 28, lastHeldOn: null, nextDueOn: addDays(today(), 28), state: 'on_track', supervisorName: 'Lee Lead' });
    const dueBefore = (await reminderJobs()).map((j) => j.run_at);
    expect(dueBefore).toContain(`${addDays(today(), 21)}T08:00:00.000Z`);

    const future = await worker.client.post('/api/v1/me/supervision/records', { layer: 'line_management', heldOn: addDays(today(), 1), themes: THEMES });
    expect(future.statusCode).toBe(400);
    expect(Object.keys(future.json().error.fields)).toEqual(['heldOn']);
    const noRhythm = await worker.client.post('/api/v1/me/supervision/records', { layer: 'clinical', heldOn: today() });
    expect(noRhythm.statusCode).toBe(400);
    expect(await t.app.deps.db.selectFrom('supervision_records').select('id').execute()).toEqual([]);

    const held = addDays(today(), -2);
    const res = await worker.client.post('/api/v1/me/supervision/records', { layer: 'line_management', heldOn: held, themes: THEMES, agreedActions: ACTIONS });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().record).toMatchObject({ heldOn: held, supervisorId: lead.id, supervisorName: 'Lee Lead', themes: THEMES, recordedBy: worker.id });
    const after = (await worker.client.get('/api/v1/me/supervision')).json() as MySupervisionOut;
    expect(after.layers.find((l) => l.layer === 'line_management')).toMatchObject({ lastHeldOn: held, nextDueOn: addDays(held, 28) });
    // The reminder moved to a week before the new due date.
    const keyed = (await reminderJobs()).filter((j) => j.key?.endsWith(':before'));
    expect(keyed.map((j) => j.run_at)).toContain(`${addDays(held, 21)}T08:00:00.000Z`);
    const audit = await t.app.deps.db.selectFrom('audit_events').select('details').where('action', '=', 'supervision.record').execute();
    expect(audit.map((a) => a.details).join()).not.toContain(THEMES);

    // The supervisor reads it (audited) and can record one too.
    const supervising = (await lead.client.get('/api/v1/me/supervising')).json() as SupervisingOut;
    const row = supervising.supervisees.find((s) => s.userId === worker.id)!;
    expect(row.records.map((r) => r.themes)).toEqual([THEMES]);
    expect(await t.app.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'supervision.supervise').where('actor_user_id', '=', lead.id).execute()).toHaveLength(1);
    const byLead = await lead.client.post(`/api/v1/me/supervising/${worker.id}/records`, { layer: 'line_management', heldOn: today(), agreedActions: 'Check in again next week' });
    expect(byLead.statusCode, byLead.body).toBe(201);
    expect(byLead.json().record).toMatchObject({ userId: worker.id, recordedBy: lead.id });

    // Nobody else: not a colleague, not the manager (who is not the supervisor).
    for (const who of [other, manager]) {
      const theirs = await who.client.get('/api/v1/me/supervising');
      expect(theirs.body).not.toContain(THEMES);
      expect((await who.client.post(`/api/v1/me/supervising/${worker.id}/records`, { layer: 'line_management', heldOn: today() })).statusCode).toBe(404);
      expect((await who.client.get('/api/v1/me/supervision')).body).not.toContain(THEMES);
    }
    // A supervisee cannot be recorded for through their own "supervising" path.
    expect((await worker.client.post(`/api/v1/me/supervising/${worker.id}/records`, { layer: 'line_management', heldOn: today() })).statusCode).toBe(404);
  });

  it('the manager sees who is overdue (dates only, no content); reminders go a week before and on the day, with nothing personal', async () => {
    // Nothing for 60 days: line management (every 28) is overdue; outside supervision (every 56) too.
    const start = today();
    t.notify.messages.length = 0;
    for (let d = 0; d < 60; d++) {
      t.clock.advance(DAY);
      await runJobs();
    }
    const res = await manager.client.get(`${base()}/overdue`);
    expect(res.statusCode).toBe(200);
    const view = res.json() as OverdueOut;
    const line = view.rows.find((r) => r.userId === worker.id && r.layer === 'line_management')!;
    expect(line).toMatchObject({ name: 'Wren Worker', lastHeldOn: start, nextDueOn: addDays(start, 28), state: 'overdue', daysOverdue: 32, supervisorName: 'Lee Lead' });
    for (const secret of [THEMES, ACTIONS, 'Check in again next week', 'themes', 'agreedActions']) expect(res.body).not.toContain(secret);
    expect(await t.app.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'supervision.overdue').execute()).toHaveLength(1);
    expect((await lead.client.get(`${base()}/overdue`)).statusCode).toBe(403);

    // Line management: a week before and on the day, to the worker and their supervisor; once each.
    const toWorker = t.notify.messages.filter((m) => m.to === worker.email);
    const toLead = t.notify.messages.filter((m) => m.to === lead.email);
    const subjects = (list: typeof toWorker) => list.map((m) => m.personalisation.subject);
    expect(subjects(toLead)).toEqual(['Supervision is due next week', 'Supervision is due today']);
    // The worker also hears about outside supervision (due at 56 days after it was set).
    expect(subjects(toWorker).filter((s) => s === 'Supervision is due today')).toHaveLength(2);
    const all = JSON.stringify(t.notify.messages.map((m) => m.personalisation));
    for (const secret of [THEMES, ACTIONS, 'Wren', 'Ash Green']) expect(all).not.toContain(secret);

    // Stopping a rhythm cancels its reminders.
    const stopped = await manager.client.put(`${base()}/rhythms`, { userId: worker.id, layer: 'external_peer', everyDays: null });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toEqual({ rhythm: null });
    expect((await reminderJobs()).filter((j) => String(j.payload).includes('external'))).toEqual([]);
  });
});
