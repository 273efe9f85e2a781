import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe.each(ENGINES)('operational routes on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('reports health with the engine in use', async () => {
    const res = await t.anonymous.get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: engine });
    expect((await t.anonymous.get('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('gives every reply a request id and API replies no-store', async () => {
    const res = await t.anonymous.get('/api/v1/meta');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("object-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("base-uri 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves Prometheus metrics labelled by route pattern, never by concrete address', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }], email: 'metrics.person@example.org' });
    await t.signIn(user.email);
    await t.anonymous.get(`/api/v1/invitations/secret-token-${'x'.repeat(20)}`);
    const res = await t.anonymous.get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('alongside_http_request_duration_seconds');
    expect(res.body).toContain('route="/api/v1/auth/login"');
    expect(res.body).not.toContain('metrics.person');
    expect(res.body).not.toContain('secret-token');
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const res = await t.anonymous.get('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/auth/login'].post.requestBody).toBeTruthy();
  });

  it('answers unknown API addresses with the error shape', async () => {
    const res = await t.anonymous.get('/api/v1/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('says it is not ready once shutdown begins, and lets requests in flight finish', async () => {
    const other = await createTestApp(engine);
    const slow = other.app.inject({ method: 'GET', url: '/healthz' });
    const closing = other.app.close();
    const res = await slow;
    expect(res.statusCode).toBe(200);
    await closing;
  });
});
