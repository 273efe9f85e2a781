import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { newId } from '../db/values.js';
import type { AppInstance } from '../http/context.js';
import { listen, openEventStream, sessionCookie } from '../features/board/sse-client.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../testing/test-app.js';
import { BOARD_CHANNEL, createRealtime } from './index.js';

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))]);

describe('board fan-out across two app instances on one PostgreSQL database', () => {
  let t: TestApp;
  let second: AppInstance;
  let org: TestOrg;
  let email: string;
  let writer: Client;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    // A second instance: its own pool and its own listener, on the same database.
    second = await buildApp(t.config, { clock: () => t.clock.now });
    org = await t.organisation();
    email = (await org.user({ roles: [{ role: 'peer_worker' }] })).email;
    writer = await t.signIn(email);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('delivers a change made on one instance to streams on both, within 2 seconds', async () => {
    const cookie = await sessionCookie(t.app, email);
    const onFirst = await openEventStream(await listen(t.app), `/api/v1/services/${org.serviceId}/board/events`, cookie);
    const onSecond = await openEventStream(await listen(second), `/api/v1/services/${org.serviceId}/board/events`, cookie);
    try {
      await onFirst.waitFor(() => onFirst.boardEvents() === 1);
      await onSecond.waitFor(() => onSecond.boardEvents() === 1);

      const res = await writer.post(`/api/v1/services/${org.serviceId}/contacts`, { kind: 'walk_in', referralSource: 'self' });
      expect(res.statusCode).toBe(201);
      await onSecond.waitFor(() => onSecond.boardEvents() >= 2, 2000);
      await onFirst.waitFor(() => onFirst.boardEvents() >= 2, 2000);

      // And the other way: a change through the second instance reaches the first.
      const secondWriter = await second.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
      const csrf = secondWriter.json().csrfToken as string;
      const before = onFirst.boardEvents();
      const started = await second.inject({ method: 'POST', url: `/api/v1/services/${org.serviceId}/shifts/start`, headers: { cookie, 'x-csrf-token': csrf }, payload: {} });
      expect(started.statusCode).toBe(200);
      await onFirst.waitFor(() => onFirst.boardEvents() > before, 2000);
    } finally {
      onFirst.close();
      onSecond.close();
    }
  });

  it('sends nothing for a change that was refused and rolled back', async () => {
    const cookie = await sessionCookie(t.app, email);
    const stream = await openEventStream(await listen(second).catch(() => `http://127.0.0.1:${(second.server.address() as { port: number }).port}`), `/api/v1/services/${org.serviceId}/board/events`, cookie);
    try {
      await stream.waitFor(() => stream.boardEvents() === 1);
      const bad = await writer.post(`/api/v1/services/${org.serviceId}/contacts`, { kind: 'walk_in', referralSource: 'self', personId: newId() });
      expect(bad.statusCode).toBe(400);
      await new Promise((r) => setTimeout(r, 500));
      expect(stream.boardEvents()).toBe(1);
    } finally {
      stream.close();
    }
  });

  it('a NOTIFY inside a transaction is delivered only when it commits', async () => {
    const rt = createRealtime({ engine: 'postgres', url: (t.config.database as { url: string }).url, db: t.app.deps.db });
    const serviceId = newId();
    let got = 0;
    await rt.subscribe(serviceId, () => (got += 1));
    await t.app.deps.db.transaction().execute(async (trx) => {
      await sql`select pg_notify(${BOARD_CHANNEL}, ${serviceId})`.execute(trx);
      await new Promise((r) => setTimeout(r, 300));
      expect(got).toBe(0);
    });
    await within(new Promise<void>((resolve) => { const i = setInterval(() => { if (got === 1) { clearInterval(i); resolve(); } }, 20); }), 2000, 'delivered after commit');
    await rt.close();
  });

  it('the listener reconnects after its connection is lost, and tells subscribers to refetch', async () => {
    const errors: Error[] = [];
    const rt = createRealtime({ engine: 'postgres', url: (t.config.database as { url: string }).url, db: t.app.deps.db, reconnectMs: 100, onError: (e) => errors.push(e) });
    const serviceId = newId();
    let got = 0;
    await rt.subscribe(serviceId, () => (got += 1));
    const waitFor = (n: number, what: string) =>
      within(new Promise<void>((resolve) => { const i = setInterval(() => { if (got >= n) { clearInterval(i); resolve(); } }, 20); }), 3000, what);
    // Cut every listening connection of this database from the server side.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = ${`LISTEN ${BOARD_CHANNEL}`} and pid <> pg_backend_pid()`.execute(t.app.deps.db);
    await waitFor(1, 'a refetch event after reconnecting');
    await rt.publish(serviceId);
    await waitFor(2, 'delivery after reconnecting');
    await rt.close();
  });
});
