import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../auth/totp.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, TEST_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';
import { requireRecentReauth } from './service.js';

const NEW_PASSWORD = 'a quiet walk by the river at dusk';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe.each(ENGINES)('own account on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const auditActions = async (userId: string) =>
    (await t.app.deps.db.selectFrom('audit_events').select(['action', 'outcome']).where('entity_id', '=', userId).orderBy('seq').execute()).map((e) => `${e.action}:${e.outcome}`);

  /** Turns on a second factor for a signed-in person; returns the secret (the clock is then moved past the code used). */
  async function enrolTotp(client: Client): Promise<string> {
    const started = await client.post('/api/v1/account/totp/start');
    expect(started.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = started.json() as { secret: string; otpauthUri: string; qrSvg: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.*issuer=Alongside/);
    expect(qrSvg).toContain('<svg');
    const confirmed = await client.post('/api/v1/account/totp/confirm', { code: await totpCodeAt(secret, t.clock.now) });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().user.totpEnabled).toBe(true);
    t.clock.advance(30 * SECOND);
    return secret;
  }

  it('shows the person their own account', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Sam Peer' });
    const client = await t.signIn(user.email);
    const res = await client.get('/api/v1/account');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, email: user.email, displayName: 'Sam Peer', totpEnabled: false, totpRequired: false });
    expect(res.json().memberships).toEqual([expect.objectContaining({ role: 'peer_worker', serviceId: org.serviceId })]);
    expect((await t.anonymous.get('/api/v1/account')).statusCode).toBe(401);
  });

  it('changes the password, ends the other sessions, and the old password stops working', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const here = await t.signIn(user.email);
    const elsewhere = await t.signIn(user.email);

    const res = await here.post('/api/v1/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(204);
    expect((await elsewhere.get('/api/v1/account')).statusCode).toBe(401);
    expect((await here.get('/api/v1/account')).statusCode).toBe(200);

    const old = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(old.statusCode).toBe(401);
    expect((await t.signIn(user.email, NEW_PASSWORD)).csrfToken).toBeTruthy();
    expect(await auditActions(user.id)).toContain('account.password_change:success');
  });

  it('refuses a common, short or unchanged password, or a wrong current one, and changes nothing', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    const before = await t.app.deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();

    const common = await client.post('/api/v1/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'password' });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.fields.newPassword).toMatch(/commonly used/);
    const short = await client.post('/api/v1/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'abc12' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.newPassword).toMatch(/at least 8/);
    const same = await client.post('/api/v1/account/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.fields).toHaveProperty('newPassword');
    const wrong = await client.post('/api/v1/account/password', { currentPassword: 'not my password', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty('currentPassword');
    const extra = await client.post('/api/v1/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, admin: true });
    expect(extra.statusCode).toBe(400);

    const after = await t.app.deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    expect((await client.get('/api/v1/account')).statusCode).toBe(200);
  });

  it('enrols a second factor: sign-in then needs a code, a correct code works, the same code replayed does not', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);

    const started = await client.post('/api/v1/account/totp/start');
    const { secret } = started.json() as { secret: string };
    // Not on until confirmed: signing in still needs only the password, and the secret is sealed at rest.
    expect((await t.signIn(user.email)).csrfToken).toBeTruthy();
    const row = await t.app.deps.db.selectFrom('users').select(['totp_secret', 'totp_enabled']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.totp_enabled).toBe(0);
    expect(row.totp_secret).not.toContain(secret);

    const wrongCode = (await totpCodeAt(secret, t.clock.now)) === '000000' ? '111111' : '000000';
    const bad = await client.post('/api/v1/account/totp/confirm', { code: wrongCode });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('totp_invalid');

    const good = await client.post('/api/v1/account/totp/confirm', { code: await totpCodeAt(secret, t.clock.now) });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ stage: 'full', user: { totpEnabled: true } });
    t.clock.advance(30 * SECOND);

    const noCode = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    const code = await totpCodeAt(secret, t.clock.now);
    const withCode = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD, totp: code });
    expect(withCode.statusCode).toBe(200);
    const replay = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD, totp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('totp_invalid');
    expect(await auditActions(user.id)).toContain('account.totp_enable:success');

    // Starting again while it is on would lock the person out: refused.
    expect((await client.post('/api/v1/account/totp/start')).statusCode).toBe(409);
  });

  it('holds an administrator without a second factor at enrolment until they confirm one', async () => {
    const org = await t.organisation();
    const admin = await org.user({ roles: [{ role: 'org_admin', serviceId: null }] });
    const res = await t.anonymous.post('/api/v1/auth/login', { email: admin.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().stage).toBe('enrol_mfa');
    const client = await t.signIn(admin.email);

    const refused = await client.get('/api/v1/account');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('mfa_enrolment_required');
    expect((await client.get('/api/v1/account/sessions')).json().error.code).toBe('mfa_enrolment_required');
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(200);

    await enrolTotp(client);
    expect((await client.get('/api/v1/auth/session')).json().stage).toBe('full');
    const account = await client.get('/api/v1/account');
    expect(account.statusCode).toBe(200);
    expect(account.json()).toMatchObject({ totpEnabled: true, totpRequired: true });

    // Their role needs it, so it cannot be turned off.
    const disable = await client.post('/api/v1/account/totp/disable', { password: TEST_PASSWORD });
    expect(disable.statusCode).toBe(403);
    const row = await t.app.deps.db.selectFrom('users').select('totp_enabled').where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(row.totp_enabled).toBe(1);
  });

  it('lets a person whose role does not need it turn the second factor off with their password', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    await enrolTotp(client);
    const wrong = await client.post('/api/v1/account/totp/disable', { password: 'not my password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty('password');
    expect((await client.post('/api/v1/account/totp/disable', { password: TEST_PASSWORD })).statusCode).toBe(204);
    expect((await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('locks sign-in after too many wrong passwords, even with the right one, until the lockout passes', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      const wrong = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: `wrong guess ${i}` });
      expect(wrong.statusCode).toBe(401);
    }
    const locked = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

    t.clock.advance(t.config.loginLockoutMs);
    const after = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(after.statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    t.clock.advance(29 * MINUTE);
    expect((await client.get('/api/v1/account')).statusCode).toBe(200);
    t.clock.advance(31 * MINUTE);
    const res = await client.get('/api/v1/account');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('not_signed_in');
  });

  it('ends a session 12 hours after sign-in however busy', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    const steps = t.config.sessionAbsoluteMs / (20 * MINUTE);
    for (let i = 1; i < steps; i++) {
      t.clock.advance(20 * MINUTE);
      const res = await client.get('/api/v1/account');
      expect(res.statusCode, `after ${i * 20} minutes`).toBe(200);
    }
    t.clock.advance(20 * MINUTE);
    expect((await client.get('/api/v1/account')).statusCode).toBe(401);
  });

  it('does not let a disabled person sign in', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }], disabled: true });
    const res = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('wrong_credentials');
  });

  it('lists the person’s own live sessions and ends only their own', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const other = await org.user({ roles: [{ role: 'peer_worker' }] });
    const here = await t.signIn(user.email);
    const elsewhere = await t.signIn(user.email);
    const theirs = await t.signIn(other.email);

    const list = await here.get('/api/v1/account/sessions');
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as { id: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const elsewhereId = sessions.find((s) => !s.current)!.id;

    const theirId = ((await theirs.get('/api/v1/account/sessions')).json().sessions as { id: string }[])[0]!.id;
    expect((await here.delete(`/api/v1/account/sessions/${theirId}`)).statusCode).toBe(404);
    expect((await theirs.get('/api/v1/account')).statusCode).toBe(200);
    expect((await here.delete('/api/v1/account/sessions/no-such-session')).statusCode).toBe(404);

    expect((await here.delete(`/api/v1/account/sessions/${elsewhereId}`)).statusCode).toBe(204);
    expect((await elsewhere.get('/api/v1/account')).statusCode).toBe(401);
    expect((await here.get('/api/v1/account/sessions')).json().sessions).toHaveLength(1);
    expect(await auditActions(user.id)).toContain('account.session_end:success');
  });

  it('needs a recent re-authentication for sensitive changes, with the code when a second factor is on', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    const secret = await enrolTotp(client);
    const sessionRow = async () => {
      const { id } = ((await client.get('/api/v1/account/sessions')).json().sessions as { id: string; current: boolean }[]).find((s) => s.current)!;
      return t.app.deps.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    };
    const check = async () => requireRecentReauth(t.app.deps, { session: await sessionRow() });

    // Signing in counts, for ten minutes.
    await expect(check()).resolves.toBeUndefined();
    t.clock.advance(11 * MINUTE);
    await expect(check()).rejects.toMatchObject({ statusCode: 403, code: 'reauth_required' });

    const wrong = await client.post('/api/v1/account/reauthenticate', { password: 'not my password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty('password');
    const noCode = await client.post('/api/v1/account/reauthenticate', { password: TEST_PASSWORD });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().error.code).toBe('totp_required');
    await expect(check()).rejects.toMatchObject({ code: 'reauth_required' });

    const code = await totpCodeAt(secret, t.clock.now);
    const ok = await client.post('/api/v1/account/reauthenticate', { password: TEST_PASSWORD, totp: code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().reauthenticatedAt).toBe(new Date(t.clock.now).toISOString());
    await expect(check()).resolves.toBeUndefined();
    const replay = await client.post('/api/v1/account/reauthenticate', { password: TEST_PASSWORD, totp: code });
    expect(replay.json().error.code).toBe('totp_invalid');

    t.clock.advance(10 * MINUTE + 1);
    await expect(check()).rejects.toMatchObject({ code: 'reauth_required' });
  });
});
