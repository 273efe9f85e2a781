import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('serving the staff web app', () => {
  let t: TestApp;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'alongside-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Alongside</title><div id="root"></div>');
    writeFileSync(join(webRoot, 'assets', 'main-abc123.js'), 'console.log(1)');
    t = await createTestApp('sqlite', { webRoot });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves the app shell at /app/ and for client-side routes, revalidated each time', async () => {
    for (const url of ['/app/', '/app/people/123', '/app/index.html']) {
      const res = await t.anonymous.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
    expect((await t.anonymous.get('/app')).statusCode).toBe(302);
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the shell', async () => {
    const asset = await t.anonymous.get('/app/assets/main-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await t.anonymous.get('/app/assets/nope.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<div id="root">');
  });

  it('serves files written after start (a rebuild needs no restart)', async () => {
    writeFileSync(join(webRoot, 'assets', 'main-def456.js'), 'console.log(2)');
    const res = await t.anonymous.get('/app/assets/main-def456.js');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(2)');
  });

  it('never serves files outside the web folder', async () => {
    const res = await t.anonymous.get('/app/../package.json');
    expect(res.statusCode).not.toBe(200);
    const encoded = await t.anonymous.get('/app/%2e%2e/%2e%2e/etc/passwd');
    expect(encoded.body).not.toContain('root:');
  });
});
