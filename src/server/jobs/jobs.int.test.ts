import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createJobQueue, retryDelayMs, type JobQueue } from './jobs.js';

/**
 * The durable queue on both engines. Each "restart" is a new queue on the same database,
 * which is all a restarted server brings to its jobs: what is in the table.
 */
describe.each(ENGINES)('durable jobs on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;
  const minutes = (n: number) => n * 60_000;
  const newQueue = (options: { leaseMs?: number; maxAttempts?: number } = {}) => createJobQueue({ db: db(), engine, clock: () => t.clock.now, ...options });
  /** A handler whose database effect (a row in app_meta per run) commits with "done". */
  const recordingHandler = (queue: JobQueue, kind: string) =>
    queue.register(kind, async (job) => {
      await job.complete(async (trx) => {
        await trx.insertInto('app_meta').values({ key: `fired:${job.id}:${job.attempts}`, value: String(job.payload.n ?? '') }).execute();
      });
    });
  const fired = async (jobId: string) => (await db().selectFrom('app_meta').select('key').where('key', 'like', `fired:${jobId}:%`).execute()).length;

  it('runs a job once when it falls due, and never again', async () => {
    const queue = newQueue();
    recordingHandler(queue, 'once');
    const id = await queue.schedule(db(), { kind: 'once', runAt: t.clock.now + minutes(5), payload: { n: 1 } });
    expect(await queue.runDue()).toBe(0);
    t.clock.advance(minutes(5));
    expect(await queue.runDue()).toBe(1);
    expect(await queue.runDue()).toBe(0);
    expect(await fired(id)).toBe(1);
    expect(await db().selectFrom('jobs').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'done', attempts: 1 });
  });

  it('a server restarted in the middle of a countdown fires what it missed, once', async () => {
    const before = newQueue();
    recordingHandler(before, 'countdown');
    const id = await before.schedule(db(), { kind: 'countdown', runAt: t.clock.now + minutes(10), key: `visit-check-in:${t.clock.now}` });
    t.clock.advance(minutes(4));
    expect(await before.runDue()).toBe(0);
    await before.stop();
    // Down for a quarter of an hour: the deadline passed while nothing was running.
    t.clock.advance(minutes(15));
    const after = newQueue();
    recordingHandler(after, 'countdown');
    expect(await after.runDue()).toBe(1);
    expect(await after.runDue()).toBe(0);
    expect(await fired(id)).toBe(1);
  });

  it('a job whose runner stalled is taken again after its lease, and the stalled runner’s late finish changes nothing', async () => {
    const stalled = newQueue({ leaseMs: minutes(1) });
    let release: () => void = () => {};
    let lateFinish: Promise<boolean> | undefined;
    stalled.register('slow', async (job) => {
      // Stuck (a hung network call, a paused process) until the test lets it go on.
      await new Promise<void>((resolve) => (release = resolve));
      lateFinish = job.complete(async (trx) => {
        await trx.insertInto('app_meta').values({ key: `fired:${job.id}:late`, value: '' }).execute();
      });
      await lateFinish;
    });
    const id = await stalled.schedule(db(), { kind: 'slow', runAt: t.clock.now });
    const stalledRun = stalled.runDue();
    await expect.poll(async () => (await db().selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('running');
    const other = newQueue({ leaseMs: minutes(1) });
    recordingHandler(other, 'slow');
    expect(await other.runDue()).toBe(0); // still leased to the stalled runner
    t.clock.advance(minutes(1));
    expect(await other.runDue()).toBe(1);
    release();
    expect(await stalledRun).toBe(0);
    expect(await lateFinish).toBe(false);
    expect(await fired(id)).toBe(1);
    expect(await db().selectFrom('jobs').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'done', attempts: 2 });
  });

  it('one pending job per key: scheduling again changes nothing, replace moves it, cancel stops it', async () => {
    const queue = newQueue();
    recordingHandler(queue, 'keyed');
    const key = `reminder:${t.clock.now}`;
    const a = await queue.schedule(db(), { kind: 'keyed', runAt: t.clock.now + minutes(10), key });
    const b = await queue.schedule(db(), { kind: 'keyed', runAt: t.clock.now + minutes(1), key });
    expect(b).toBe(a);
    expect(await db().selectFrom('jobs').select('run_at').where('id', '=', a).executeTakeFirstOrThrow()).toEqual({ run_at: new Date(t.clock.now + minutes(10)).toISOString() });
    await queue.schedule(db(), { kind: 'keyed', runAt: t.clock.now + minutes(2), key, replace: true, payload: { n: 2 } });
    t.clock.advance(minutes(2));
    expect(await queue.runDue()).toBe(1);
    expect(await db().selectFrom('app_meta').select('value').where('key', 'like', `fired:${a}:%`).executeTakeFirstOrThrow()).toEqual({ value: '2' });
    // Done: the key is free again, and a cancelled job never runs.
    const c = await queue.schedule(db(), { kind: 'keyed', runAt: t.clock.now + minutes(1), key });
    expect(c).not.toBe(a);
    expect(await queue.cancel(db(), key)).toBe(1);
    t.clock.advance(minutes(5));
    expect(await queue.runDue()).toBe(0);
    expect(await fired(c)).toBe(0);
  });

  it('scheduling inside a transaction that rolls back leaves no job behind', async () => {
    const queue = newQueue();
    const key = `rolled-back:${t.clock.now}`;
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await queue.schedule(trx, { kind: 'never', runAt: t.clock.now, key });
          throw new Error('the change failed');
        }),
    ).rejects.toThrow('the change failed');
    expect(await db().selectFrom('jobs').select('id').where('key', '=', key).execute()).toEqual([]);
  });

  it('a failing job rolls back its effects, is retried later, and is marked failed after its last try', async () => {
    const queue = newQueue({ maxAttempts: 3 });
    let tries = 0;
    queue.register('flaky', async (job) => {
      tries++;
      await job.complete(async (trx) => {
        await trx.insertInto('app_meta').values({ key: `flaky:${job.id}:${job.attempts}`, value: 'x' }).execute();
        throw Object.assign(new Error('provider down'), { code: 'http_503' });
      });
    });
    const id = await queue.schedule(db(), { kind: 'flaky', runAt: t.clock.now });
    expect(await queue.runDue()).toBe(0);
    expect(await db().selectFrom('jobs').select(['status', 'last_error', 'run_at']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      status: 'pending',
      last_error: 'http_503',
      run_at: new Date(t.clock.now + retryDelayMs(1)).toISOString(),
    });
    expect(await queue.runDue()).toBe(0); // not yet
    t.clock.advance(retryDelayMs(1));
    await queue.runDue();
    t.clock.advance(retryDelayMs(2));
    await queue.runDue();
    expect(tries).toBe(3);
    expect(await db().selectFrom('jobs').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'failed', attempts: 3 });
    expect(await db().selectFrom('app_meta').select('key').where('key', 'like', `flaky:${id}:%`).execute()).toEqual([]);
    t.clock.advance(minutes(60));
    expect(await queue.runDue()).toBe(0);
  });

  it('two runners on one database never run the same job twice', async () => {
    const a = newQueue();
    const b = newQueue();
    recordingHandler(a, 'shared');
    recordingHandler(b, 'shared');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await a.schedule(db(), { kind: 'shared', runAt: t.clock.now, payload: { n: i } }));
    const [ranA, ranB] = await Promise.all([a.runDue(5), b.runDue(5)]);
    expect(ranA + ranB).toBe(30);
    for (const id of ids) expect(await fired(id)).toBe(1);
  });

  it('a started queue picks up due jobs by itself and stops cleanly', async () => {
    const queue = newQueue();
    recordingHandler(queue, 'background');
    const id = await queue.schedule(db(), { kind: 'background', runAt: t.clock.now });
    queue.start(5);
    await expect.poll(() => fired(id)).toBe(1);
    await queue.stop();
    const later = await queue.schedule(db(), { kind: 'background', runAt: t.clock.now });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await fired(later)).toBe(0);
  });

  it('a job of a kind nobody handles is retried, not lost', async () => {
    const queue = newQueue();
    const id = await queue.schedule(db(), { kind: 'unknown-kind', runAt: t.clock.now });
    expect(await queue.runDue()).toBe(0);
    expect(await db().selectFrom('jobs').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'pending', last_error: 'no_handler' });
  });
});
