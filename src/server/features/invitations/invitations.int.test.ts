import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../../auth/secrets.js';
import { nowIso } from '../../db/values.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

const CHOSEN = 'tea and toast at the harbour cafe';
const DAY = 24 * 3_600_000;

describe.each(ENGINES)('invitations on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  /** A person invited by an administrator: no password yet, and a link valid for `validMs`. */
  async function invite(validMs = 7 * DAY) {
    const org = await t.organisation('Harbour Crisis Café');
    const admin = await org.user({ roles: [{ role: 'org_admin', serviceId: null }] });
    const user = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Robin Newstart' });
    const db = t.app.deps.db;
    await db.updateTable('users').set({ password_hash: null, password_changed_at: null }).where('id', '=', user.id).execute();
    const token = randomToken(24);
    await db
      .insertInto('one_time_tokens')
      .values({ id: sha256(token), purpose: 'invite', organisation_id: org.id, user_id: user.id, created_by: admin.id, expires_at: new Date(t.clock.now + validMs).toISOString(), used_at: null, created_at: nowIso(() => t.clock.now) })
      .execute();
    return { token, user, org };
  }

  it('shows who the link is for, sets the password once, and the person then signs in normally', async () => {
    const { token, user, org } = await invite();
    const shown = await t.anonymous.get(`/api/v1/invitations/${token}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ email: user.email, displayName: 'Robin Newstart', organisationName: 'Harbour Crisis Café' });

    // Before accepting, there is no password to sign in with.
    expect((await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: CHOSEN })).statusCode).toBe(401);

    const accepted = await t.anonymous.post(`/api/v1/invitations/${token}/accept`, { password: CHOSEN });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ email: user.email });
    const client = await t.signIn(user.email, CHOSEN);
    expect((await client.get('/api/v1/account')).json()).toMatchObject({ id: user.id, organisationId: org.id });

    const tokenRow = await t.app.deps.db.selectFrom('one_time_tokens').selectAll().where('id', '=', sha256(token)).executeTakeFirstOrThrow();
    expect(tokenRow.used_at).not.toBeNull();
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'invitation.accept').where('entity_id', '=', user.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain(user.email);

    // Used once: the same link now answers kindly that it has expired.
    const again = await t.anonymous.post(`/api/v1/invitations/${token}/accept`, { password: 'someone else trying later' });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('link_expired');
    expect(again.json().error.message).toMatch(/ask your administrator/);
    expect((await t.anonymous.get(`/api/v1/invitations/${token}`)).statusCode).toBe(410);
    expect((await t.signIn(user.email, CHOSEN)).csrfToken).toBeTruthy();
  });

  it('refuses a common or short password with a field error and keeps the link usable', async () => {
    const { token, user } = await invite();
    const common = await t.anonymous.post(`/api/v1/invitations/${token}/accept`, { password: 'password1' });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.fields.password).toMatch(/commonly used/);
    const short = await t.anonymous.post(`/api/v1/invitations/${token}/accept`, { password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.password).toMatch(/at least 8/);

    const row = await t.app.deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
    expect((await t.anonymous.get(`/api/v1/invitations/${token}`)).statusCode).toBe(200);
  });

  it('answers an expired link with 410 and sets nothing', async () => {
    const { token, user } = await invite(DAY);
    t.clock.advance(DAY + 1);
    const shown = await t.anonymous.get(`/api/v1/invitations/${token}`);
    expect(shown.statusCode).toBe(410);
    expect(shown.json().error.code).toBe('link_expired');
    const accept = await t.anonymous.post(`/api/v1/invitations/${token}/accept`, { password: CHOSEN });
    expect(accept.statusCode).toBe(410);
    const row = await t.app.deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
  });

  it('answers an unknown link with 404 and a malformed one with 400', async () => {
    expect((await t.anonymous.get(`/api/v1/invitations/${randomToken(24)}`)).statusCode).toBe(404);
    const accept = await t.anonymous.post(`/api/v1/invitations/${randomToken(24)}/accept`, { password: CHOSEN });
    expect(accept.statusCode).toBe(404);
    expect((await t.anonymous.get('/api/v1/invitations/short')).statusCode).toBe(400);
  });

  it('does not accept a setup link as an invitation, nor a link for a disabled account', async () => {
    const setupToken = randomToken(24);
    await t.app.deps.db
      .insertInto('one_time_tokens')
      .values({ id: sha256(setupToken), purpose: 'setup', organisation_id: null, user_id: null, created_by: null, expires_at: new Date(t.clock.now + DAY).toISOString(), used_at: null, created_at: nowIso(() => t.clock.now) })
      .execute();
    expect((await t.anonymous.get(`/api/v1/invitations/${setupToken}`)).statusCode).toBe(404);

    const { token, user } = await invite();
    await t.app.deps.db.updateTable('users').set({ disabled_at: nowIso(() => t.clock.now) }).where('id', '=', user.id).execute();
    expect((await t.anonymous.post(`/api/v1/invitations/${token}/accept`, { password: CHOSEN })).statusCode).toBe(410);
  });

  it('rejects unknown fields in the body', async () => {
    const { token } = await invite();
    const res = await t.anonymous.post(`/api/v1/invitations/${token}/accept`, { password: CHOSEN, role: 'org_admin' });
    expect(res.statusCode).toBe(400);
    expect((await t.anonymous.get(`/api/v1/invitations/${token}`)).statusCode).toBe(200);
  });
});

// The limit is kept in the app's memory, whatever the engine, so one engine is enough here.
describe('invitation acceptance rate limit', () => {
  it('slows down guessing: the eleventh try within a minute is refused with 429', async () => {
    const t = await createTestApp('sqlite');
    try {
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) codes.push((await t.anonymous.post(`/api/v1/invitations/${randomToken(24)}/accept`, { password: CHOSEN })).statusCode);
      expect(codes.slice(0, 10)).toEqual(Array(10).fill(404));
      expect(codes[10]).toBe(429);
    } finally {
      await t.close();
    }
  });
});
