import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

describe.each(ENGINES)('sign-in on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('signs in, answers the session, and signs out on the server', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    const session = await client.get('/api/v1/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().user.email).toBe(user.email);
    expect(session.json().csrfToken).toBe(client.csrfToken);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const wrong = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: 'not the password' });
    const unknown = await t.anonymous.post('/api/v1/auth/login', { email: 'nobody@example.org', password: TEST_PASSWORD });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    const res = await client.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { 'x-csrf-token': 'forged' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
  });
});

describe('a second factor sealed under an older server key', () => {
  it('gets a clear 409, never a server error', async () => {
    const { seal } = await import('../../auth/secrets.js');
    const t = await createTestApp('sqlite');
    try {
      const org = await t.organisation();
      const user = await org.user({ roles: [{ role: 'peer_worker' }] });
      await t.app.deps.db.updateTable('users').set({ totp_enabled: 1, totp_secret: seal('an-older-key-that-is-different-000000', 'totp-secret', 'JBSWY3DPEHPK3PXP') }).where('id', '=', user.id).execute();
      const res = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD, totp: '123456' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('totp_unreadable');
    } finally {
      await t.close();
    }
  });
});

describe.each(ENGINES)('loading a session on %s', (engine) => {
  it('gives exactly the stored session and person, and nothing for a disabled person', async () => {
    const { createSession, loadSession } = await import('../../auth/sessions.js');
    const t = await createTestApp(engine);
    try {
      const org = await t.organisation();
      const user = await org.user({ roles: [{ role: 'peer_worker' }] });
      const times = { idleMs: t.config.sessionIdleMs, absoluteMs: t.config.sessionAbsoluteMs, clock: () => t.clock.now };
      const db = t.app.deps.db;
      const { token, session } = await createSession(db, { id: user.id, organisation_id: org.id }, 'full', 'test agent', times);
      const loaded = await loadSession(db, token, times);
      expect(loaded?.session).toEqual(await db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirst());
      expect(loaded?.user).toEqual(await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirst());
      expect(loaded?.memberships.map((m) => m.role)).toEqual(['peer_worker']);
      // Exactly the stored rows, whichever way the engine reads them (a JSON array on PostgreSQL).
      expect(loaded?.memberships).toEqual(await db.selectFrom('memberships').selectAll().where('user_id', '=', user.id).execute());
      await db.updateTable('users').set({ disabled_at: new Date(t.clock.now).toISOString() }).where('id', '=', user.id).execute();
      expect(await loadSession(db, token, times)).toBeNull();
      expect(await loadSession(db, 'x'.repeat(43), times)).toBeNull();
    } finally {
      await t.close();
    }
  });
});
