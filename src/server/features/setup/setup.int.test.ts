import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { issueSetupLink } from './service.js';

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
const body = (token: string) => ({ token, organisationName: 'Northgate Safe Haven', displayName: 'Alex Admin', email: 'alex@northgate.example', password: 'a long and unusual passphrase' });

describe.each(ENGINES)('first-time setup on %s', (engine) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('creates the organisation, a first service and its administrator from the one-time link', async () => {
    t = await createTestApp(engine);
    expect((await t.anonymous.get('/api/v1/meta')).json().setupRequired).toBe(true);
    const link = await issueSetupLink(t.app.deps);
    expect(link).toMatch(/\/app\/setup\?token=/);
    const res = await t.anonymous.post('/api/v1/setup', body(tokenOf(link!)));
    expect(res.statusCode).toBe(201);
    expect((await t.anonymous.get('/api/v1/meta')).json().setupRequired).toBe(false);
    const db = t.app.deps.db;
    const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.email).toBe('alex@northgate.example');
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const membership = await db.selectFrom('memberships').selectAll().executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ role: 'org_admin', service_id: null });
    expect(await db.selectFrom('services').select('is_default').executeTakeFirstOrThrow()).toEqual({ is_default: 1 });
    const audit = await db.selectFrom('audit_events').select(['action', 'outcome']).where('action', '=', 'setup.complete').execute();
    expect(audit).toEqual([{ action: 'setup.complete', outcome: 'success' }]);
    // The administrator can sign in, and must set up a second factor first.
    const login = await t.anonymous.post('/api/v1/auth/login', { email: 'alex@northgate.example', password: 'a long and unusual passphrase' });
    expect(login.statusCode).toBe(200);
    expect(login.json().stage).toBe('enrol_mfa');
    // The link works once, and no other link can set up a second organisation.
    expect((await t.anonymous.post('/api/v1/setup', body(tokenOf(link!)))).statusCode).toBe(410);
    expect(await issueSetupLink(t.app.deps)).toBeNull();
  });

  it('refuses without a valid link, and stores nothing', async () => {
    t = await createTestApp(engine);
    await issueSetupLink(t.app.deps);
    const res = await t.anonymous.post('/api/v1/setup', body('forged-token-forged-token'));
    expect(res.statusCode).toBe(410);
    expect(await t.app.deps.db.selectFrom('organisations').selectAll().execute()).toEqual([]);
  });

  it('refuses a common password with a field message, and stores nothing', async () => {
    t = await createTestApp(engine);
    const link = await issueSetupLink(t.app.deps);
    const res = await t.anonymous.post('/api/v1/setup', { ...body(tokenOf(link!)), password: 'password123' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.password).toMatch(/commonly used/);
    expect(await t.app.deps.db.selectFrom('users').selectAll().execute()).toEqual([]);
  });

  it('only the newest link works', async () => {
    t = await createTestApp(engine);
    const first = await issueSetupLink(t.app.deps);
    await issueSetupLink(t.app.deps);
    expect((await t.anonymous.post('/api/v1/setup', body(tokenOf(first!)))).statusCode).toBe(410);
  });
});
