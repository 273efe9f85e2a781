import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import type { Role } from '../db/tables.js';
import matrix from './matrix.json' with { type: 'json' };
import { policies } from './policies.js';
import { fillUrl, isUnsafe, organisationFixture, requestAs, routeCollector, staff, type CollectedRoute, type Fixture } from './route-catalogue.js';

/**
 * Generic over whatever routes the built app has: a new route is covered the moment
 * it is registered, and a route without a policy fails here.
 */
const ROLES = matrix.roles as Role[];

describe.each(ENGINES)('access control on %s', (engine) => {
  let t: TestApp;
  let routes: CollectedRoute[];
  let home: Fixture;
  beforeAll(async () => {
    const collector = routeCollector();
    t = await createTestApp(engine, {}, { onRoute: collector.collect });
    routes = collector.list();
    home = await organisationFixture(t, 'Home Org');
  });
  afterAll(async () => t.close());

  const apiRoutes = () => routes.filter((r) => r.url.startsWith('/api/'));
  const actionRoutes = () => apiRoutes().filter((r) => r.access?.kind === 'action');
  const label = (r: CollectedRoute) => `${r.method} ${r.url}`;

  it('finds the routes (sanity)', () => {
    expect(apiRoutes().length).toBeGreaterThan(5);
    expect(routes.map(label)).toContain('POST /api/v1/auth/login');
  });

  it('every API route declares an access policy', () => {
    expect(apiRoutes().filter((r) => !r.access).map(label)).toEqual([]);
  });

  it('every action a route names is in matrix.json', () => {
    const unknown = actionRoutes().filter((r) => r.access?.kind === 'action' && !(r.access.action in policies));
    expect(unknown.map((r) => `${label(r)} → ${r.access?.kind === 'action' ? r.access.action : ''}`)).toEqual([]);
  });

  it('every action in matrix.json is used by at least one route (no dead policies)', () => {
    const used = new Set<string>(actionRoutes().map((r) => (r.access?.kind === 'action' ? r.access.action : '')));
    expect(Object.keys(policies).filter((a) => !used.has(a))).toEqual([]);
  });

  it('every route answers each role as the matrix says, and refusals are audited', async () => {
    const people = new Map<Role, Awaited<ReturnType<typeof staff>>>();
    for (const role of ROLES) people.set(role, await staff(t, home.org, [role]));
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of actionRoutes()) {
      if (route.access?.kind !== 'action') continue;
      const policy = policies[route.access.action]!;
      for (const role of ROLES) {
        const who = people.get(role)!;
        const url = fillUrl(route.url, home.ids);
        const res = await requestAs(t, who, route.method, url);
        const code = res.statusCode >= 400 ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
        const allowed = policy.roles.includes(role);
        checked += 1;
        if (allowed) {
          if (res.statusCode === 401 || (res.statusCode === 403 && code === 'forbidden') || res.statusCode >= 500) {
            mismatches.push(`${label(route)} as ${role}: allowed by the matrix but got ${res.statusCode} ${code}`);
          }
        } else {
          if (res.statusCode !== 403 || code !== 'forbidden') {
            mismatches.push(`${label(route)} as ${role}: refused by the matrix but got ${res.statusCode} ${code}`);
            continue;
          }
          const audit = await t.app.deps.db
            .selectFrom('audit_events')
            .selectAll()
            .where('request_id', '=', String(res.headers['x-request-id']))
            .where('outcome', '=', 'denied')
            .execute();
          if (audit.length !== 1 || audit[0]!.actor_user_id !== who.userId || audit[0]!.action !== route.access.action) {
            mismatches.push(`${label(route)} as ${role}: refused without a 'denied' audit event`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(actionRoutes().length * ROLES.length);
    // Every route times every role: several hundred real requests, so more time than one test usually needs.
  }, 180_000);

  it("another organisation's staff, holding every role, never reach this organisation's records", async () => {
    const other = await organisationFixture(t, 'Other Org');
    const intruder = await staff(t, other.org, ROLES);
    const leaks: string[] = [];
    for (const route of apiRoutes()) {
      if (route.params.length === 0 || !route.access || route.access.kind === 'public') continue;
      const res = await requestAs(t, intruder, route.method, fillUrl(route.url, home.ids));
      const code = res.statusCode >= 400 ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
      // 400 invalid_input: the empty body was refused before any record was looked up.
      const fine = res.statusCode === 403 || res.statusCode === 404 || (res.statusCode === 400 && code === 'invalid_input' && isUnsafe(route.method));
      if (!fine) leaks.push(`${label(route)}: ${res.statusCode} ${code ?? ''}`);
    }
    expect(leaks).toEqual([]);
    // The home organisation's records are untouched.
    const target = await t.app.deps.db.selectFrom('users').select(['disabled_at', 'version']).where('id', '=', home.ids.userId!).executeTakeFirstOrThrow();
    expect(target.disabled_at).toBeNull();
    const team = await t.app.deps.db.selectFrom('teams').select(['name', 'archived_at']).where('id', '=', home.ids.teamId!).executeTakeFirstOrThrow();
    expect(team).toEqual({ name: 'Evening team', archived_at: null });
  });

  it('every non-public route refuses a request without a session (401)', async () => {
    const open: string[] = [];
    for (const route of routes) {
      if (!route.access || route.access.kind === 'public') continue;
      const res = await requestAs(t, null, route.method, fillUrl(route.url, home.ids));
      const body = res.json() as { error?: { code?: string; message?: string } };
      if (res.statusCode !== 401 || body.error?.code !== 'not_signed_in' || !body.error.message) open.push(`${label(route)}: ${res.statusCode}`);
    }
    expect(open).toEqual([]);
  });

  it('every state-changing route refuses a missing or forged CSRF token (403 csrf)', async () => {
    const admin = await staff(t, home.org, ['org_admin']);
    const refusedBefore = await countCsrfDenials();
    const open: string[] = [];
    let sent = 0;
    for (const route of routes) {
      if (!route.access || route.access.kind === 'public' || !isUnsafe(route.method)) continue;
      for (const csrf of [null, 'forged-token-forged-token-forged-token-00']) {
        const res = await requestAs(t, admin, route.method, fillUrl(route.url, home.ids), { csrf });
        sent += 1;
        const code = res.statusCode === 403 ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
        if (res.statusCode !== 403 || code !== 'csrf') open.push(`${label(route)} (${csrf ? 'forged' : 'missing'}): ${res.statusCode} ${code ?? ''}`);
      }
    }
    expect(open).toEqual([]);
    expect(sent).toBeGreaterThan(0);
    expect((await countCsrfDenials()) - refusedBefore).toBe(sent);
    // The session still works with the right token.
    expect((await requestAs(t, admin, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
  });

  async function countCsrfDenials(): Promise<number> {
    const rows = await t.app.deps.db.selectFrom('audit_events').select('seq').where('action', '=', 'access.csrf').where('outcome', '=', 'denied').execute();
    return rows.length;
  }
});
