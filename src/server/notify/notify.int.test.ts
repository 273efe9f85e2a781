import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_EMAIL_TEMPLATE_ID, TEST_SMS_TEMPLATE_ID, type TestApp } from '../testing/test-app.js';
import { ENGINES } from '../testing/databases.js';
import { addressDigest, createNotifier } from './notify.js';

describe.each(ENGINES)('notification port (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('sends an SMS and an email through GOV.UK Notify’s client and records neither the words nor the address', async () => {
    const org = await t.organisation();
    const sms = await t.app.deps.notifier.send(t.app.deps.db, { organisationId: org.id, channel: 'sms', to: '07700 900123', template: 'plan_link', message: 'Your plan: https://example.org/x' });
    const email = await t.app.deps.notifier.send(t.app.deps.db, { organisationId: org.id, channel: 'email', to: 'jo@example.org', template: 'break_glass', subject: 'Emergency access', message: 'Please review.' });
    expect(sms.status).toBe('sent');
    expect(email.status).toBe('sent');
    const [m1, m2] = t.notify.messages.slice(-2);
    expect(m1).toMatchObject({ channel: 'sms', to: '07700 900123', templateId: TEST_SMS_TEMPLATE_ID, personalisation: { message: 'Your plan: https://example.org/x' } });
    expect(m2).toMatchObject({ channel: 'email', to: 'jo@example.org', templateId: TEST_EMAIL_TEMPLATE_ID, personalisation: { subject: 'Emergency access', message: 'Please review.' } });
    const rows = await t.app.deps.db.selectFrom('notifications').selectAll().where('organisation_id', '=', org.id).orderBy('created_at').execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ channel: 'sms', template: 'plan_link', status: 'sent', provider_reference: m1!.id, to_digest: addressDigest(t.app.deps.secretKey, '07700900123') });
    expect(JSON.stringify(rows)).not.toMatch(/07700|jo@example|plan:/);
  });

  it('records a failure (with only the HTTP status) when Notify refuses, and does not throw', async () => {
    const org = await t.organisation();
    t.notify.failNext(1, 500);
    const result = await t.app.deps.notifier.send(t.app.deps.db, { organisationId: org.id, channel: 'sms', to: '07700 900124', template: 'alert', message: 'x' });
    expect(result.status).toBe('failed');
    const row = await t.app.deps.db.selectFrom('notifications').selectAll().where('id', '=', result.notificationId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', error_code: 'http_500' });
  });

  it('refuses a client with the wrong key, as Notify does', async () => {
    const org = await t.organisation();
    const wrong = createNotifier({ ...t.config.notify, apiKey: `bad-${'0'.repeat(36)}-${'1'.repeat(36)}` }, t.app.deps.secretKey, Date.now);
    const result = await wrong.send(t.app.deps.db, { organisationId: org.id, channel: 'sms', to: '07700 900125', template: 'alert', message: 'x' });
    expect(result).toMatchObject({ status: 'failed' });
  });

  it('prints to the console, with the address masked, when no key is set', async () => {
    const org = await t.organisation();
    const lines: string[] = [];
    const dev = createNotifier({ ...t.config.notify, apiKey: undefined }, t.app.deps.secretKey, Date.now, (l) => lines.push(l));
    expect(dev.mode).toBe('console');
    await dev.send(t.app.deps.db, { organisationId: org.id, channel: 'sms', to: '07700 900126', template: 'plan_link', message: 'Open: https://x.test/a' });
    expect(lines.join('\n')).toContain('Open: https://x.test/a');
    expect(lines.join('\n')).toContain('…126');
    expect(lines.join('\n')).not.toContain('07700');
  });
});
