import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { ALERT_TEST_MESSAGE } from './service.js';

const MINUTE = 60_000;
const URL = '/api/v1/account/alert-settings';

/**
 * A staff member's own mobile number for alerts and how alerts reach them, over HTTP on both
 * engines: validated UK mobiles stored in E.164, bad and hostile input refused with field
 * errors and nothing stored, audited by field name only (never the number), a stale version
 * refused, a new number needing the password confirmed recently, and the test text.
 */
describe.each(ENGINES)('alert settings on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp(engine, { sessionIdleMs: 24 * 3_600_000, sessionAbsoluteMs: 24 * 3_600_000 });
    org = await t.organisation();
  });
  afterAll(async () => t.close());

  const stored = (userId: string) => t.app.deps.db.selectFrom('staff_alert_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
  const audits = (userId: string) =>
    t.app.deps.db.selectFrom('audit_events').select(['action', 'outcome', 'details']).where('entity_id', '=', userId).where('action', 'like', 'account.alert%').orderBy('seq').execute();

  it('starts with no number and alerts by email; a UK mobile is saved in E.164 and alerts then come by text', async () => {
    const lead = await t.staff(org, [{ role: 'shift_lead' }]);
    const start = await lead.client.get(URL);
    expect(start.statusCode).toBe(200);
    expect(start.json()).toEqual({ mobile: null, alertChannel: 'email', testSentAt: null, updatedAt: null, version: 0 });

    const saved = await lead.client.put(URL, { mobile: '+44 (0)7700 900123', version: 0 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ mobile: '+447700900123', alertChannel: 'sms', version: 1 });
    expect(await stored(lead.id)).toMatchObject({ organisation_id: org.id, mobile: '+447700900123', alert_channel: 'sms', version: 1 });

    const both = await lead.client.put(URL, { mobile: '07700 900123', alertChannel: 'both', version: 1 });
    expect(both.json()).toMatchObject({ mobile: '+447700900123', alertChannel: 'both', version: 2 });

    // Clearing the number: alerts go back to email.
    const cleared = await lead.client.put(URL, { mobile: null, version: 2 });
    expect(cleared.json()).toMatchObject({ mobile: null, alertChannel: 'email', version: 3 });
    expect(await stored(lead.id)).toMatchObject({ mobile: null, alert_channel: 'email' });

    // Audited with field names only: the number is nowhere in the audit rows.
    const rows = await audits(lead.id);
    expect(rows.map((r) => [r.action, JSON.parse(r.details ?? '{}').fields])).toEqual([
      ['account.alert_settings_update', ['mobile', 'alertChannel']],
      ['account.alert_settings_update', ['alertChannel']],
      ['account.alert_settings_update', ['mobile', 'alertChannel']],
    ]);
    const all = JSON.stringify(await t.app.deps.db.selectFrom('audit_events').selectAll().execute());
    expect(all).not.toMatch(/7700 ?900 ?123/);
  });

  it('refuses numbers that are not UK mobiles, and hostile input, with a field error and nothing stored', async () => {
    const lead = await t.staff(org, [{ role: 'shift_lead' }]);
    await lead.client.put(URL, { mobile: '07700 900111', version: 0 });
    const before = await stored(lead.id);
    const auditsBefore = (await audits(lead.id)).length;
    const bad: unknown[] = [
      '0113 496 0000',
      '07000 123456',
      '+33 6 12 34 56 78',
      '0770090012',
      'call me',
      '<script>alert(1)</script>',
      "07700900123'); drop table users; --",
      '7'.repeat(5000),
      'x'.repeat(1_000_000),
      7700900123,
      ['07700900123'],
      { number: '07700900123' },
    ];
    for (const mobile of bad) {
      const res = await lead.client.put(URL, { mobile, version: 1 });
      expect(res.statusCode, String(mobile).slice(0, 30)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
      expect(Object.keys(res.json().error.fields ?? {}).some((k) => k.endsWith('mobile')), String(mobile).slice(0, 30)).toBe(true);
      expect(res.body).not.toContain('<script>');
    }
    expect((await lead.client.put(URL, { mobile: '07700 900222', version: 1, extra: true })).statusCode).toBe(400);
    expect((await lead.client.put(URL, { mobile: '07700 900222', alertChannel: 'pigeon', version: 1 })).statusCode).toBe(400);
    expect((await lead.client.put(URL, { mobile: '07700 900222' })).statusCode).toBe(400);
    // Text needs a number.
    const noNumber = await lead.client.put(URL, { mobile: null, alertChannel: 'sms', version: 1 });
    expect(noNumber.statusCode).toBe(400);
    expect(noNumber.json().error.fields).toHaveProperty('alertChannel');
    expect(await stored(lead.id)).toEqual(before);
    expect(await audits(lead.id)).toHaveLength(auditsBefore);
  });

  it('a stale version is a 409 and changes nothing; each person sees only their own settings', async () => {
    const lead = await t.staff(org, [{ role: 'shift_lead' }]);
    const manager = await t.staff(org, [{ role: 'service_manager' }]);
    await lead.client.put(URL, { mobile: '07700 900333', version: 0 });
    const stale = await lead.client.put(URL, { mobile: '07700 900444', version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect((await stored(lead.id))?.mobile).toBe('+447700900333');
    expect((await manager.client.get(URL)).json()).toMatchObject({ mobile: null, version: 0 });
    expect((await t.anonymous.get(URL)).statusCode).toBe(401);
  });

  it('a new number needs the password confirmed in the last 10 minutes; changing the channel or clearing does not', async () => {
    const lead = await t.staff(org, [{ role: 'shift_lead' }]);
    await lead.client.put(URL, { mobile: '07700 900555', version: 0 });
    t.clock.advance(11 * MINUTE);
    const change = await lead.client.put(URL, { mobile: '07700 900556', version: 1 });
    expect(change.statusCode).toBe(403);
    expect(change.json().error.code).toBe('reauth_required');
    expect((await stored(lead.id))?.mobile).toBe('+447700900555');
    expect((await lead.client.put(URL, { mobile: '07700 900555', alertChannel: 'email', version: 1 })).statusCode).toBe(200);
    expect((await lead.client.post('/api/v1/account/reauthenticate', { password: TEST_PASSWORD })).statusCode).toBe(200);
    const after = await lead.client.put(URL, { mobile: '07700 900556', alertChannel: 'email', version: 2 });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ mobile: '+447700900556', alertChannel: 'email' });
    t.clock.advance(11 * MINUTE);
    expect((await lead.client.put(URL, { mobile: null, version: 3 })).json()).toMatchObject({ mobile: null, alertChannel: 'email' });
  });

  it('sends a test text to the saved number, once a minute at most; without a number it says to save one', async () => {
    const lead = await t.staff(org, [{ role: 'shift_lead' }]);
    const none = await lead.client.post(`${URL}/test`, {});
    expect(none.statusCode).toBe(409);
    expect(none.json().error.fields).toHaveProperty('mobile');

    await lead.client.put(URL, { mobile: '07700 900777', alertChannel: 'email', version: 0 });
    const sentBefore = t.notify.messages.length;
    const test = await lead.client.post(`${URL}/test`, {});
    expect(test.statusCode).toBe(200);
    expect(test.json()).toEqual({ status: 'sent', sentAt: new Date(t.clock.now).toISOString(), endingIn: '777' });
    const texts = t.notify.messages.slice(sentBefore);
    expect(texts).toEqual([expect.objectContaining({ channel: 'sms', to: '+447700900777', personalisation: { message: ALERT_TEST_MESSAGE } })]);

    t.clock.advance(30_000);
    const again = await lead.client.post(`${URL}/test`, {});
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe('rate_limited');
    expect(t.notify.messages.length).toBe(sentBefore + 1);
    t.clock.advance(31_000);
    expect((await lead.client.post(`${URL}/test`, {})).statusCode).toBe(200);
    expect(t.notify.messages.length).toBe(sentBefore + 2);
    expect((await lead.client.post(`${URL}/test`, { to: '07700 900888' })).statusCode).toBe(400);

    const sent = await t.app.deps.db.selectFrom('notifications').select(['channel', 'template', 'to_digest']).where('template', '=', 'alert_test').execute();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(sent)).not.toContain('7700');
    const rows = await audits(lead.id);
    expect(rows.filter((r) => r.action === 'account.alert_test').map((r) => r.outcome)).toEqual(['success', 'success']);
    expect(JSON.stringify(rows)).not.toContain('7700');
  });

  it('a failed send is answered and audited as failed', async () => {
    const lead = await t.staff(org, [{ role: 'shift_lead' }]);
    await lead.client.put(URL, { mobile: '07700 900999', version: 0 });
    t.notify.failNext(1, 500);
    const res = await lead.client.post(`${URL}/test`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('failed');
    expect((await audits(lead.id)).at(-1)).toMatchObject({ action: 'account.alert_test', outcome: 'failure' });
  });
});
