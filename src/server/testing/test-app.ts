import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { sessionCookieName } from '../auth/sessions.js';
import { loadConfig, type Config } from '../config.js';
import type { Engine } from '../db/database.js';
import type { Role } from '../db/tables.js';
import { newId, nowIso } from '../db/values.js';
import type { AppInstance } from '../http/context.js';
import { alwaysOpen } from '../../shared/opening-hours.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { startFakeNotify, type FakeNotify } from '../notify/fake-notify-server.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export interface TestClock {
  now: number;
  advance(ms: number): void;
}

export interface TestApp {
  app: AppInstance;
  engine: Engine;
  config: Config;
  clock: TestClock;
  /** Creates an organisation with one service. */
  organisation(name?: string): Promise<TestOrg>;
  /** Signs in through the real login route; returns a client that sends the cookie and CSRF token. */
  signIn(email: string, password?: string, totp?: string): Promise<Client>;
  /**
   * A new member of staff with these roles, signed in. Roles that need a second factor
   * are treated as already enrolled (the account tests cover enrolment itself).
   */
  staff(org: TestOrg, roles: { role: Role; serviceId?: string | null }[], options?: { name?: string; email?: string }): Promise<{ client: Client; id: string; email: string }>;
  anonymous: Client;
  /** The fake GOV.UK Notify every test app sends through: `notify.messages` is what people were sent. */
  notify: FakeNotify;
  close(): Promise<void>;
}

/** Template ids the test apps use with the fake Notify server. */
export const TEST_SMS_TEMPLATE_ID = '1a1e8c52-3b52-4e66-9a8c-6d0c0f3f0a01';
export const TEST_EMAIL_TEMPLATE_ID = '1a1e8c52-3b52-4e66-9a8c-6d0c0f3f0a02';

export interface TestOrg {
  id: string;
  serviceId: string;
  /** Adds another service to this organisation. */
  service(name?: string): Promise<string>;
  user(options: { roles: { role: Role; serviceId?: string | null }[]; email?: string; name?: string; disabled?: boolean }): Promise<{ id: string; email: string }>;
}

export interface Client {
  csrfToken: string | null;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

function makeClient(app: AppInstance, cookie: string | null, csrfToken: string | null): Client {
  const request = (options: InjectOptions) =>
    app.inject({
      ...options,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...options.headers,
      },
    });
  const withBody = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE') => (url: string, body?: unknown) =>
    request({ method, url, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
  return { csrfToken, request, get: (url) => request({ method: 'GET', url }), post: withBody('POST'), patch: withBody('PATCH'), put: withBody('PUT'), delete: withBody('DELETE') };
}

let emailCounter = 0;

/** A whole app on a fresh database of the given engine, with factories. */
export async function createTestApp(engine: Engine, overrides: Partial<Config> = {}, buildOptions: Pick<BuildOptions, 'onRoute' | 'logStream'> = {}): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase(engine);
  const clock: TestClock = {
    now: Date.parse('2026-11-26T12:00:00.000Z'),
    advance(ms) {
      this.now += ms;
    },
  };
  const notify = await startFakeNotify();
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', SECRET_KEY: 'test-secret-key-that-is-long-enough-000' } as NodeJS.ProcessEnv),
    database: database.config,
    rateLimitPerMinute: 100_000,
    notify: { apiKey: notify.apiKey, baseUrl: notify.url, smsTemplateId: TEST_SMS_TEMPLATE_ID, emailTemplateId: TEST_EMAIL_TEMPLATE_ID },
    ...overrides,
  };
  const open = database.open();
  const app = await buildApp(config, { ...buildOptions, database: open, clock: () => clock.now });
  const db = open.db;
  const cookieName = sessionCookieName(config.secureCookies);

  const organisation = async (name = 'Test Org'): Promise<TestOrg> => {
    const now = nowIso(() => clock.now);
    const id = newId();
    await db.insertInto('organisations').values({ id, name, slug: `org-${id.slice(-12)}`, under16_service_name: null, under16_phone: null, is_demo: 0, created_at: now, updated_at: now, version: 1 }).execute();
    const service = async (serviceName = 'Safe haven') => {
      const serviceId = newId();
      await db
        .insertInto('services')
        .values({ id: serviceId, organisation_id: id, slug: `s-${serviceId.slice(-12)}`, name: serviceName, type: 'safe_haven', area: 'Testshire', description: '', opening_hours: JSON.stringify(alwaysOpen()), session_limit: 10, is_default: 0, archived_at: null, created_at: now, updated_at: now, version: 1 })
        .execute();
      return serviceId;
    };
    const serviceId = await service();
    return {
      id,
      serviceId,
      service,
      async user({ roles, email, name = 'Test Person', disabled = false }) {
        const userId = newId();
        const address = email ?? `person${++emailCounter}-${userId.slice(-6)}@example.org`;
        await db
          .insertInto('users')
          .values({ id: userId, organisation_id: id, email: address, display_name: name, password_hash: await testPasswordHash(), password_changed_at: now, totp_secret: null, totp_enabled: 0, totp_last_step: null, caseload_max: null, is_demo: 0, disabled_at: disabled ? now : null, created_at: now, updated_at: now, version: 1 })
          .execute();
        for (const r of roles) {
          await db.insertInto('memberships').values({ id: newId(), organisation_id: id, user_id: userId, service_id: r.serviceId === undefined ? serviceId : r.serviceId, team_id: null, role: r.role, created_at: now }).execute();
        }
        return { id: userId, email: address };
      },
    };
  };

  const anonymous = makeClient(app, null, null);
  const signIn = async (email: string, password = TEST_PASSWORD, totp?: string): Promise<Client> => {
    const res = await anonymous.post('/api/v1/auth/login', { email, password, ...(totp ? { totp } : {}) });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.cookies.find((c) => c.name === cookieName);
    if (!setCookie) throw new Error('no session cookie');
    return makeClient(app, `${cookieName}=${setCookie.value}`, (res.json() as { csrfToken: string }).csrfToken);
  };

  const staff: TestApp['staff'] = async (org, roles, options = {}) => {
    const user = await org.user({ roles, ...options });
    const client = await signIn(user.email);
    await db.updateTable('sessions').set({ stage: 'full' }).where('user_id', '=', user.id).execute();
    return { client, ...user };
  };

  return {
    app,
    engine,
    config,
    clock,
    organisation,
    signIn,
    staff,
    anonymous,
    notify,
    async close() {
      await app.close();
      await notify.close();
      await database.drop();
    },
  };
}
