import fc from 'fast-check';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationFixture, requestAs, staff, type Fixture, type Signed } from '../access/route-catalogue.js';
import { randomToken } from '../auth/secrets.js';
import { sessionCookieName } from '../auth/sessions.js';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Property-based tests over the OpenAPI document: whatever routes the app has, bad
 * input never causes a 5xx, every refusal has the one error shape, and a refused
 * write stores nothing.
 */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  minItems?: number;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}
interface Operation {
  method: string;
  path: string;
  body: JsonSchema | null;
  pathParams: string[];
  queryParams: string[];
}

const RUNS = 15;
const SCRIPT = '<script>alert(1)</script>';
const ONE_MB_STRING = 'x'.repeat(1_000_000);
/** Ends the session the test is using: exercised by the auth tests instead. */
const NOT_FUZZED = new Set(['POST /api/v1/auth/logout']);
/** Rows these tables gain on a refused request are expected (audit of refusals, sign-in throttling). */
const UNCOUNTED = new Set(['audit_events', 'sessions', 'login_throttle']);

/** A plausible value for a schema: the starting point for mutations. */
function skeleton(schema: JsonSchema | undefined, freeText = 'sample text'): unknown {
  if (!schema) return freeText;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return skeleton(variant, freeText);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, skeleton(v, freeText)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => skeleton(schema.items, freeText));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      if (schema.format === 'email') return 'someone@example.org';
      if (schema.pattern === '^[a-z0-9-]{2,60}$') return 'a-slug';
      return schema.pattern || schema.format ? 'sample' : freeText;
  }
}

function nested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Arbitrary bodies for a write route: anything, wrong types, missing and extra fields, huge strings, script, deep nesting. */
function bodies(schema: JsonSchema | null): fc.Arbitrary<unknown> {
  const props = schema?.properties ?? {};
  const keys = Object.keys(props);
  const mutated =
    keys.length === 0
      ? fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue())
      : fc
          .tuple(
            fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(fc.constant(skeleton(props[k])), fc.anything(), fc.jsonValue())])), { requiredKeys: [] }),
            fc.dictionary(fc.string({ maxLength: 10 }).filter((k) => !keys.includes(k)), fc.jsonValue(), { maxKeys: 3 }),
          )
          .map(([known, extra]) => ({ ...known, ...extra }));
  const withEvery = (value: string) => fc.constant(skeleton(schema ?? undefined, value));
  const hugeField = keys.length ? fc.constantFrom(...keys).map((k) => ({ ...(skeleton(schema ?? undefined) as object), [k]: ONE_MB_STRING })) : fc.constant({ text: ONE_MB_STRING });
  return fc.oneof(
    { arbitrary: fc.anything(), weight: 3 },
    { arbitrary: fc.jsonValue(), weight: 2 },
    { arbitrary: mutated, weight: 4 },
    { arbitrary: withEvery(SCRIPT), weight: 2 },
    { arbitrary: hugeField, weight: 1 },
    { arbitrary: fc.integer({ min: 50, max: 3000 }).map(nested), weight: 1 },
    { arbitrary: fc.constant(skeleton(schema ?? undefined)), weight: 1 },
  );
}

const paramValue = (real: string | undefined) =>
  fc.oneof(fc.constant(real ?? 'missing'), fc.uuid(), fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('0', '-1', '..', '%00', 'null', SCRIPT, 'x'.repeat(2000)));

const queryStrings = (known: string[]) =>
  fc
    .tuple(
      fc.dictionary(fc.oneof(fc.constantFrom(...(known.length ? known : ['q'])), fc.string({ maxLength: 12 })), fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constantFrom('', '-1', '1e309', 'NaN', SCRIPT, '0x10')), { maxKeys: 4 }),
      fc.constantFrom('', '&a[b]=c', '&limit=1&limit=2', '&%ZZ', '&=&&'),
    )
    .map(([dict, raw]) => `?${new URLSearchParams(dict).toString()}${raw}`);

type ErrorReply = { error?: { code?: unknown; message?: unknown } };

/** The shape every refusal must have. */
function problemWith(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 400) {
    let body: ErrorReply;
    try {
      body = res.json() as ErrorReply;
    } catch {
      return `status ${res.statusCode} without a JSON body`;
    }
    if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string' || !body.error.message) return `status ${res.statusCode} without { error: { code, message } }: ${res.body.slice(0, 200)}`;
  }
  return null;
}

describe.each(ENGINES)('bad input on %s', (engine) => {
  let t: TestApp;
  let home: Fixture;
  let admin: Signed;
  let operations: Operation[];
  let tables: string[];
  let address = 0;
  // A different client address for each request, so per-address rate limits do not hide behaviour.
  const nextAddress = () => `10.${(++address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    home = await organisationFixture(t, 'Fuzz Org');
    admin = await staff(t, home.org, ['org_admin']);
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: { in: string; name: string }[] }>>;
    };
    operations = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        operations.push({
          method: method.toUpperCase(),
          path: path.replace(/\{(\w+)\}/g, ':$1'),
          body: op.requestBody?.content?.['application/json']?.schema ?? null,
          pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        });
      }
    }
    const { db } = t.app.deps;
    const listed =
      engine === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
        : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    tables = listed.rows.map((r) => r.name).filter((n) => !UNCOUNTED.has(n));
  });
  afterAll(async () => t.close());

  /** Every table's row count, in one query (a query per table made the write fuzz slow as tables were added). */
  async function rowCounts(): Promise<Record<string, number>> {
    const parts = tables.map((table) => sql`select ${table} as name, cast(count(*) as integer) as n from ${sql.table(table)}`);
    const { rows } = await sql<{ name: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(t.app.deps.db);
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
  }

  const fill = (path: string, values: Record<string, string>) => path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(values[name] ?? home.ids[name] ?? 'unknown'));

  it('reads the OpenAPI document (sanity)', () => {
    expect(operations.filter((o) => ['POST', 'PATCH', 'PUT'].includes(o.method)).length).toBeGreaterThan(5);
    expect(operations.filter((o) => o.method === 'GET').length).toBeGreaterThan(5);
    expect(tables).toEqual(expect.arrayContaining(['organisations', 'users', 'memberships']));
  });

  it('writes: never a 5xx, refusals in the error shape, and a refused write stores nothing', async () => {
    let refused = 0;
    for (const op of operations) {
      if (!['POST', 'PATCH', 'PUT'].includes(op.method) || NOT_FUZZED.has(`${op.method} ${op.path}`)) continue;
      // A fresh sign-in per route: some bodies may validly change this person's session.
      admin = await staff(t, home.org, ['org_admin']);
      await fc.assert(
        fc.asyncProperty(bodies(op.body), async (body) => {
          const before = await rowCounts();
          const res = await requestAs(t, admin, op.method, fill(op.path, {}), { body: body === undefined ? null : body, remoteAddress: nextAddress() });
          const problem = problemWith(res);
          if (problem) throw new Error(`${op.method} ${op.path}: ${problem}`);
          if (res.statusCode >= 400) {
            refused += 1;
            expect(await rowCounts(), `${op.method} ${op.path} stored something while answering ${res.statusCode}`).toEqual(before);
          } else {
            expect(String(res.headers['content-type'] ?? 'application/json')).not.toContain('text/html');
          }
        }),
        { numRuns: RUNS },
      );
    }
    expect(refused).toBeGreaterThan(0);
    // Every write route, 15 bodies each, counting every table's rows before and after: on PostgreSQL
    // under a full parallel run this passes 30 s, so it has the access test's kind of budget.
  }, 120_000);

  it('reads: random path parameters and query strings never cause a 5xx', async () => {
    for (const op of operations) {
      if (op.method !== 'GET') continue;
      const params = fc.record(Object.fromEntries(op.pathParams.map((p) => [p, paramValue(home.ids[p])]))) as fc.Arbitrary<Record<string, string>>;
      await fc.assert(
        fc.asyncProperty(params, queryStrings(op.queryParams), async (values, query) => {
          const res = await requestAs(t, admin, 'GET', `${fill(op.path, values)}${query}`, { remoteAddress: nextAddress() });
          const problem = problemWith(res);
          if (problem) throw new Error(`GET ${op.path} (${JSON.stringify(values).slice(0, 200)} ${query.slice(0, 200)}): ${problem}`);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers a body over 1 MB with 413 in the error shape', async () => {
    const big = JSON.stringify({ name: 'y'.repeat(1_100_000) });
    for (const [url, who] of [['/api/v1/auth/login', null], ['/api/v1/organisation', admin]] as const) {
      const before = await rowCounts();
      const res = await t.app.inject({
        method: url.endsWith('login') ? 'POST' : 'PATCH',
        url,
        payload: big,
        headers: { 'content-type': 'application/json', ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}) },
      });
      expect(res.statusCode).toBe(413);
      expect(problemWith(res)).toBeNull();
      expect(await rowCounts()).toEqual(before);
    }
  });

  it('answers a body that is not JSON with 415 in the error shape', async () => {
    for (const type of ['application/xml', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: 'name=Haven', headers: { 'content-type': type, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });
      expect(res.statusCode, type).toBe(415);
      expect(problemWith(res)).toBeNull();
      expect((res.json() as { error: { message: string } }).error.message).toContain('JSON');
    }
  });

  it('answers a malformed or over-long address in the error shape', async () => {
    for (const [url, status] of [['/api/v1/services/%E0%A4%A', 400], [`/api/v1/services/${'x'.repeat(500)}`, 414]] as const) {
      const res = await requestAs(t, admin, 'GET', url);
      expect(res.statusCode, url.slice(0, 40)).toBe(status);
      expect(problemWith(res)).toBeNull();
      expect(res.body).not.toContain('xxxxxxxx');
    }
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: '{"name": ', headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });
    expect(res.statusCode).toBe(400);
    expect(problemWith(res)).toBeNull();
  });

  it('refuses forged and expired session cookies with 401', async () => {
    const name = sessionCookieName(t.config.secureCookies);
    for (const value of [randomToken(32), 'x', 'a'.repeat(5000), admin.cookie.split('=')[1]!.slice(0, -2) + 'zz']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: { cookie: `${name}=${value}` } });
      expect(res.statusCode).toBe(401);
      expect(problemWith(res)).toBeNull();
    }
    const fresh = await staff(t, home.org, ['peer_worker']);
    expect((await requestAs(t, fresh, 'GET', '/api/v1/account')).statusCode).toBe(200);
    // Last in this file: the clock moves past the idle timeout, so every session here ends.
    t.clock.advance(t.config.sessionIdleMs + 1000);
    const expired = await requestAs(t, fresh, 'GET', '/api/v1/account');
    expect(expired.statusCode).toBe(401);
    expect(problemWith(expired)).toBeNull();
  });
});
