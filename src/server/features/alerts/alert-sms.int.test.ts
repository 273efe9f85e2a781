import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { raiseAlert, type RaiseAlertInput } from './service.js';

const min = (n: number) => n * 60_000;

interface Person {
  client: Client;
  id: string;
  email: string;
}

/**
 * Alerts by text message, over HTTP on both engines: each recipient is told the way they chose
 * on their account (text to their mobile, email, or both; email without a number), a disabled
 * account gets nothing, a safety-code (silent) alert reaches the same people as before by their
 * own choice and never the worker, and no number ever reaches the audit trail or the logs
 * (the app logs at trace level here, into memory). Also: the "my alerts" read is audited once
 * per window. A lone worker's own reminders follow their choice as well.
 */
describe.each(ENGINES)('alerts by text on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  const logs: string[] = [];
  let textLead: Person;
  let mailLead: Person;
  let bothManager: Person;
  let goneLead: Person;

  const setMobile = async (who: Person, mobile: string, alertChannel?: 'sms' | 'email' | 'both') => {
    const res = await who.client.put('/api/v1/account/alert-settings', { mobile, ...(alertChannel ? { alertChannel } : {}), version: 0 });
    expect(res.statusCode).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { logLevel: 'trace', sessionIdleMs: 24 * 3_600_000, sessionAbsoluteMs: 24 * 3_600_000 }, { logStream: { write: (line) => void logs.push(line) } });
    org = await t.organisation();
    textLead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Tess Text' });
    mailLead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Mel Mail' });
    bothManager = await t.staff(org, [{ role: 'service_manager' }], { name: 'Bo Both' });
    goneLead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Gil Gone' });
    await setMobile(textLead, '07700 900101');
    await setMobile(bothManager, '07700 900303', 'both');
    await setMobile(goneLead, '07700 900404');
    await t.app.deps.db.updateTable('users').set({ disabled_at: new Date(t.clock.now).toISOString() }).where('id', '=', goneLead.id).execute();
  });
  afterAll(async () => t.close());

  const base = () => `/api/v1/services/${org.serviceId}`;
  const runJobs = async () => {
    for (let i = 0; i < 20; i++) if ((await t.app.deps.jobs.runDue()) === 0) break;
  };
  let keys = 0;
  const raise = (input: Partial<RaiseAlertInput> = {}) =>
    t.app.deps.db.transaction().execute((trx) =>
      raiseAlert(trx, t.app.deps, { organisationId: org.id, serviceId: org.serviceId, kind: 'escalation', sourceType: 'escalation', sourceId: `e-${++keys}`, stage: 'step:0', dedupeKey: `sms:${engine}:${keys}`, ...input }),
    );
  /** What each address was sent from here on. */
  const watch = () => {
    const from = t.notify.messages.length;
    return (to: string) => t.notify.messages.slice(from).filter((m) => m.to === to);
  };

  it('texts a lead with a mobile, emails one without, and both to someone who chose both; a disabled account gets nothing', async () => {
    const sent = watch();
    await raise({ recipients: [textLead.id, mailLead.id, bothManager.id, goneLead.id] });
    await runJobs();

    const text = sent('+447700900101');
    expect(text).toHaveLength(1);
    expect(text[0]).toMatchObject({ channel: 'sms' });
    expect(text[0]!.personalisation.message).toContain('Alongside alert (Safe haven)');
    expect(text[0]!.personalisation.message).toContain(`/app/services/${org.serviceId}/board`);
    expect(sent(textLead.email)).toEqual([]);

    expect(sent(mailLead.email)).toEqual([expect.objectContaining({ channel: 'email', personalisation: expect.objectContaining({ subject: 'An alert at Safe haven needs you' }) })]);

    expect(sent('+447700900303').map((m) => m.channel)).toEqual(['sms']);
    expect(sent(bothManager.email).map((m) => m.channel)).toEqual(['email']);

    expect(sent('+447700900404')).toEqual([]);
    expect(sent(goneLead.email)).toEqual([]);

    // Reminders go the same way.
    t.clock.advance(min(2));
    await runJobs();
    expect(sent('+447700900101')).toHaveLength(2);
    expect(sent('+447700900101')[1]!.personalisation.message).toMatch(/^Alongside reminder/);
    expect(sent(mailLead.email)).toHaveLength(2);
  });

  it('follows a change of mind at once: email only, then no number at all', async () => {
    const settings = (await textLead.client.get('/api/v1/account/alert-settings')).json();
    await textLead.client.put('/api/v1/account/alert-settings', { mobile: settings.mobile, alertChannel: 'email', version: settings.version });
    const sent = watch();
    await raise({ recipients: [textLead.id] });
    await runJobs();
    expect(sent('+447700900101')).toEqual([]);
    expect(sent(textLead.email).map((m) => m.channel)).toEqual(['email']);
    // And back to text for the tests below.
    await textLead.client.put('/api/v1/account/alert-settings', { mobile: settings.mobile, alertChannel: 'sms', version: settings.version + 1 });
  });

  it('a safety-code alert reaches the same people as before, each their own way, and never the worker', async () => {
    const contact = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Cas Contact' });
    const worker = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Wren Worker' });
    await setMobile(contact, '07700 900505');
    await setMobile(worker, '07700 900606', 'both');
    expect((await worker.client.put('/api/v1/lone-working/duress-code', { code: '2580' })).statusCode).toBe(200);
    const visit = await worker.client.post(`${base()}/visits`, { location: '3 Example Row', expectedEndAt: new Date(t.clock.now + min(45)).toISOString(), contactUserId: contact.id });
    expect(visit.statusCode).toBe(201);
    const sent = watch();
    const cancel = await worker.client.post(`${base()}/visits/${visit.json().visit.id}/cancel`, { confirmation: '2580' });
    expect(cancel.statusCode).toBe(200);
    await runJobs();

    const alert = await t.app.deps.db.selectFrom('alerts').selectAll().where('source_id', '=', visit.json().visit.id).executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ kind: 'duress', silent: 1 });
    const recipients = JSON.parse(alert.recipients) as string[];
    expect(recipients).toContain(textLead.id);
    expect(recipients).toContain(contact.id);
    expect(recipients).not.toContain(worker.id);

    const leadText = sent('+447700900101');
    expect(leadText).toHaveLength(1);
    expect(leadText[0]!.personalisation.message).toContain('Wren Worker used their safety code');
    expect(leadText[0]!.personalisation.message).toContain('Do not call or text them first');
    // The place and the visit stay on screen, never in a text.
    expect(leadText[0]!.personalisation.message).not.toContain('Example Row');
    expect(sent('+447700900505')).toHaveLength(1);
    expect(sent(mailLead.email)).toHaveLength(1);
    // Nothing to the worker, by any way.
    expect(sent('+447700900606')).toEqual([]);
    expect(sent(worker.email)).toEqual([]);
  });

  it("a lone worker's own reminders to check in come the way they chose too", async () => {
    const contact = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Kit Contact' });
    const worker = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Ash Worker' });
    await setMobile(worker, '07700 900707');
    const visit = await worker.client.post(`${base()}/visits`, { location: '5 Example Row', expectedEndAt: new Date(t.clock.now + min(30)).toISOString(), contactUserId: contact.id });
    expect(visit.statusCode).toBe(201);
    const sent = watch();
    // Ten minutes before the end: the reminder.
    t.clock.advance(min(21));
    await runJobs();
    const texts = sent('+447700900707');
    expect(texts).toHaveLength(1);
    expect(texts[0]!.personalisation.message).toMatch(/^Alongside: Your lone visit is due to end at/);
    expect(texts[0]!.personalisation.message).not.toContain('Example Row');
    expect(sent(worker.email)).toEqual([]);
    expect((await worker.client.post(`${base()}/visits/${visit.json().visit.id}/end`, {})).statusCode).toBe(200);
  });

  it('never puts a number in the audit trail, the notifications record or the logs', async () => {
    const audit = JSON.stringify(await t.app.deps.db.selectFrom('audit_events').selectAll().execute());
    const notifications = JSON.stringify(await t.app.deps.db.selectFrom('notifications').selectAll().execute());
    expect(logs.length).toBeGreaterThan(10);
    const logText = logs.join('\n');
    expect(logText).toContain('/api/v1/account/alert-settings');
    for (const [where, text] of [['audit', audit], ['notifications', notifications], ['logs', logText]] as const) {
      expect(text, where).not.toMatch(/7700 ?900/);
    }
  });

  it('"my alerts" is audited as one read per window, as the service list is', async () => {
    const reads = async () =>
      (await t.app.deps.db.selectFrom('audit_events').select(['action', 'entity_id', 'details']).where('action', '=', 'alert.read_mine').where('actor_user_id', '=', mailLead.id).execute());
    const before = (await reads()).length;
    expect((await mailLead.client.get('/api/v1/alerts/mine')).statusCode).toBe(200);
    const after = await reads();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ entity_id: mailLead.id });
    expect(JSON.parse(after.at(-1)!.details ?? '{}')).toHaveProperty('open');
    await mailLead.client.get('/api/v1/alerts/mine');
    expect(await reads()).toHaveLength(before + 1);
    t.clock.advance(min(16));
    await mailLead.client.get('/api/v1/alerts/mine');
    expect(await reads()).toHaveLength(before + 2);
  });
});
