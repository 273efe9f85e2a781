import type { RouteOptions } from 'fastify';
import { sessionCookieName } from '../auth/sessions.js';
import type { Role } from '../db/tables.js';
import { newId, nowIso } from '../db/values.js';
import type { TestApp, TestOrg } from '../testing/test-app.js';
import type { RouteAccess } from './policies.js';

/**
 * Test helpers shared by the generic security tests (access, bad input): the list of
 * routes the built app really has, real records to fill their :params with, and
 * signed-in staff with a complete sign-in. Used only by tests.
 */
export interface CollectedRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  params: string[];
}

/** Pass `collect` as BuildOptions.onRoute; `list()` gives one entry per method and URL (HEAD copies left out). */
export function routeCollector() {
  const seen = new Map<string, CollectedRoute>();
  return {
    collect(route: RouteOptions) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        const url = route.url;
        const params = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
        seen.set(`${method} ${url}`, { method, url, access: (route.config as { access?: RouteAccess } | undefined)?.access, params });
      }
    },
    list: () => [...seen.values()],
  };
}

export const isUnsafe = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);

/** Replaces each :param with the value named in `ids`, or a fresh random UUIDv7. */
export function fillUrl(url: string, ids: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(ids[name] ?? newId()));
}

export interface Signed {
  userId: string;
  cookie: string;
  csrfToken: string;
  sessionId: string;
}

/**
 * Signs in through the real login route. Roles that need a second factor start in the
 * `enrol_mfa` stage; the session is moved to `full`, standing in for a completed
 * authenticator set-up (the account tests cover enrolment itself).
 */
export async function signInFull(t: TestApp, email: string, userId: string): Promise<Signed> {
  const res = await t.anonymous.post('/api/v1/auth/login', { email, password: 'correct horse battery staple' });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const name = sessionCookieName(t.config.secureCookies);
  const value = res.cookies.find((c) => c.name === name)!.value;
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  const { db } = t.app.deps;
  const session = await db.selectFrom('sessions').select('id').where('csrf_token', '=', csrfToken).executeTakeFirstOrThrow();
  await db.updateTable('sessions').set({ stage: 'full' }).where('id', '=', session.id).execute();
  return { userId, cookie: `${name}=${value}`, csrfToken, sessionId: session.id };
}

export interface Fixture {
  org: TestOrg;
  /** Real records of this organisation, by the :param names routes use. */
  ids: Record<string, string>;
}

/** An organisation with a service, a team, and a person (with a membership and a live session) to act on. */
export async function organisationFixture(t: TestApp, name: string): Promise<Fixture> {
  const org = await t.organisation(name);
  const { db } = t.app.deps;
  const now = nowIso(() => t.clock.now);
  const teamId = newId();
  await db.insertInto('teams').values({ id: teamId, organisation_id: org.id, service_id: org.serviceId, name: 'Evening team', archived_at: null, created_at: now, updated_at: now, version: 1 }).execute();
  const target = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Target Person' });
  const membership = await db.selectFrom('memberships').select('id').where('user_id', '=', target.id).executeTakeFirstOrThrow();
  const signed = await signInFull(t, target.email, target.id);
  // A service directory entry (an Open Referral UK document) for :entryId.
  const entryId = newId();
  const document = JSON.stringify({ id: entryId, name: 'Evening line', status: 'active', organization: { id: newId(), name: name } });
  await db.insertInto('directory_entries').values({ id: entryId, organisation_id: org.id, service_id: null, name: 'Evening line', status: 'active', taxonomy: '[]', min_age: null, max_age: null, document, last_checked_at: now, last_checked_by: null, created_at: now, updated_at: now, version: 1 }).execute();
  return { org, ids: { serviceId: org.serviceId, teamId, userId: target.id, membershipId: membership.id, sessionId: signed.sessionId, entryId } };
}

/** A member of staff holding exactly these roles (org-wide roles across the organisation), signed in. */
export async function staff(t: TestApp, org: TestOrg, roles: Role[]): Promise<Signed> {
  const user = await org.user({ roles: roles.map((role) => ({ role, serviceId: role === 'org_admin' || role === 'commissioner' ? null : org.serviceId })) });
  return signInFull(t, user.email, user.id);
}

/** A request as a signed-in person: cookie, CSRF token and a JSON body on unsafe methods. */
export function requestAs(t: TestApp, who: Signed | null, method: string, url: string, options: { body?: unknown; csrf?: string | null; remoteAddress?: string } = {}) {
  const headers: Record<string, string> = {};
  if (who) headers.cookie = who.cookie;
  const csrf = options.csrf === undefined ? who?.csrfToken : options.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  const body = options.body === undefined ? (isUnsafe(method) ? {} : undefined) : options.body;
  return t.app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } }),
  });
}
