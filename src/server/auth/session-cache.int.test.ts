import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { AppInstance } from '../http/context.js';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../testing/test-app.js';
import { nowIso } from '../db/values.js';
import { sessionCookie } from '../features/board/sse-client.js';
import { createSession, sessionCookieName } from './sessions.js';
import { waitFor } from '../testing/wait.js';


/** Sends `request` until its session's lookup is cached on `app` (a notification of an earlier change may empty the cache meanwhile). */
const cachedOn = async (app: AppInstance, request: () => Promise<{ statusCode: number }>) => {
  for (let i = 0; i < 20; i += 1) {
    expect((await request()).statusCode).toBe(200);
    if (app.deps.sessions.size() > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the session lookup was never cached');
};

/** Another client for the same session on a second instance (same cookie and CSRF token). */
const onInstance = (app: AppInstance, cookie: string, csrfToken: string): Client => {
  const request: Client['request'] = (options) => app.inject({ ...options, headers: { cookie, 'x-csrf-token': csrfToken, ...options.headers } });
  const withBody = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE') => (url: string, body?: unknown) => request({ method, url, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
  return { csrfToken, request, get: (url) => request({ method: 'GET', url }), post: withBody('POST'), patch: withBody('PATCH'), put: withBody('PUT'), delete: withBody('DELETE') };
};

describe.each(ENGINES)('cached session lookups on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation();
  });
  afterAll(async () => t.close());
  const db = () => t.app.deps.db;

  it('are used again for a second (a change made by hand shows after that), never after sign-out', async () => {
    const person = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(person.email);
    await cachedOn(t.app, () => client.get('/api/v1/auth/session'));
    // Renamed by hand (not through the app): the cached lookup is used until it is a second old.
    await db().updateTable('users').set({ display_name: 'Renamed By Hand' }).where('id', '=', person.id).execute();
    expect((await client.get('/api/v1/auth/session')).json().user.displayName).toBe('Test Person');
    t.clock.advance(1000);
    expect((await client.get('/api/v1/auth/session')).json().user.displayName).toBe('Renamed By Hand');

    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('end at once when the person is disabled or loses a role', async () => {
    const { client: admin } = await t.staff(org, [{ role: 'org_admin', serviceId: null }]);
    const person = await org.user({ roles: [{ role: 'peer_worker' }, { role: 'shift_lead' }] });
    const theirs = await t.signIn(person.email);
    await cachedOn(t.app, () => theirs.get(`/api/v1/services/${org.serviceId}/board`));

    const lead = await db().selectFrom('memberships').select('id').where('user_id', '=', person.id).where('role', '=', 'shift_lead').executeTakeFirstOrThrow();
    expect((await admin.delete(`/api/v1/users/${person.id}/memberships/${lead.id}`)).statusCode).toBe(204);
    const session = (await theirs.get('/api/v1/auth/session')).json();
    expect(session.user.memberships.map((m: { role: string }) => m.role)).toEqual(['peer_worker']);

    expect((await admin.patch(`/api/v1/users/${person.id}`, { version: 1, disabled: true })).statusCode).toBe(200);
    expect((await theirs.get(`/api/v1/services/${org.serviceId}/board`)).statusCode).toBe(401);
  });

  it('end at once when the session expires, and a session in use is still recorded as in use', async () => {
    const person = await org.user({ roles: [{ role: 'peer_worker' }] });
    const times = { idleMs: t.config.sessionIdleMs, absoluteMs: 500, clock: () => t.clock.now };
    const { token, session } = await createSession(db(), { id: person.id, organisation_id: org.id }, 'full', 'test', times);
    const cookie = `${sessionCookieName(t.config.secureCookies)}=${token}`;
    const get = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    expect((await get()).statusCode).toBe(200);
    t.clock.advance(499);
    expect((await get()).statusCode).toBe(200);
    t.clock.advance(1);
    // Still within the cache's second, but the session has ended.
    expect((await get()).statusCode).toBe(401);

    // Idle timeout: a session last seen a minute ago is touched even when its lookup is cached.
    const other = await createSession(db(), { id: person.id, organisation_id: org.id }, 'full', 'test', { ...times, absoluteMs: 3_600_000 });
    const otherCookie = `${sessionCookieName(t.config.secureCookies)}=${other.token}`;
    const getOther = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: otherCookie } });
    t.clock.advance(59_500);
    expect((await getOther()).statusCode).toBe(200);
    const lastSeen = () => db().selectFrom('sessions').select('last_seen_at').where('id', '=', other.session.id).executeTakeFirstOrThrow();
    expect((await lastSeen()).last_seen_at).toBe(other.session.created_at);
    t.clock.advance(600);
    expect((await getOther()).statusCode).toBe(200);
    expect((await lastSeen()).last_seen_at).toBe(nowIso(() => t.clock.now));
    expect(session.id).not.toBe(other.session.id);
  });
});

describe('cached session lookups on two app instances on one PostgreSQL database', () => {
  let t: TestApp;
  let second: AppInstance;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp('postgres');
    second = await buildApp(t.config, { clock: () => t.clock.now });
    org = await t.organisation();
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  /** Signs in on the first instance; the same session on the second, its lookup cached there. */
  const signedInOnBoth = async (roles: { role: 'peer_worker' | 'shift_lead' }[]) => {
    const person = await org.user({ roles });
    const cookie = await sessionCookie(t.app, person.email);
    const csrfToken = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).json().csrfToken as string;
    const first = onInstance(t.app, cookie, csrfToken);
    const other = onInstance(second, cookie, csrfToken);
    await cachedOn(second, () => other.get(`/api/v1/services/${org.serviceId}/board`));
    return { person, first, other };
  };

  it('a sign-out on one instance ends the session on the other as soon as it hears of it', async () => {
    const { first, other } = await signedInOnBoth([{ role: 'peer_worker' }]);
    expect((await first.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await waitFor(() => second.deps.sessions.size() === 0, 'the second instance drops its cached sessions', 2000);
    expect((await other.get(`/api/v1/services/${org.serviceId}/board`)).statusCode).toBe(401);
  });

  it('disabling someone or removing a role on one instance ends it on the other', async () => {
    const { client: admin } = await t.staff(org, [{ role: 'org_admin', serviceId: null }]);
    const { person, other } = await signedInOnBoth([{ role: 'peer_worker' }, { role: 'shift_lead' }]);
    const lead = await t.app.deps.db.selectFrom('memberships').select('id').where('user_id', '=', person.id).where('role', '=', 'shift_lead').executeTakeFirstOrThrow();
    expect((await admin.delete(`/api/v1/users/${person.id}/memberships/${lead.id}`)).statusCode).toBe(204);
    await waitFor(() => second.deps.sessions.size() === 0, 'the second instance drops its cached sessions', 2000);
    expect((await other.get('/api/v1/auth/session')).json().user.memberships.map((m: { role: string }) => m.role)).toEqual(['peer_worker']);

    await cachedOn(second, () => other.get('/api/v1/auth/session'));
    expect((await admin.patch(`/api/v1/users/${person.id}`, { version: 1, disabled: true })).statusCode).toBe(200);
    await waitFor(() => second.deps.sessions.size() === 0, 'the second instance drops its cached sessions', 2000);
    expect((await other.get(`/api/v1/services/${org.serviceId}/board`)).statusCode).toBe(401);
  });
});
