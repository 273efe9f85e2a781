import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import type { DbOrTrx } from '../db/scope.js';
import type { Database, Job } from '../db/tables.js';
import { json, newId } from '../db/values.js';
import { isUniqueViolation } from '../db/versioned.js';

/**
 * The durable job queue and timers (DESIGN.md: "jobs"; migration 0008). Everything that must
 * happen later — a reminder before a visit ends, the next step of an escalation when its
 * window passes, an alert repeated until someone acknowledges it — is a row in `jobs`, so a
 * restart loses nothing and two instances on one PostgreSQL share the work.
 *
 * How a job runs, and why it never fires twice:
 * 1. Claim (a short transaction): due jobs, or running ones whose lease has run out (their
 *    runner died), get status `running`, a fresh `claim_token` and a lease. On PostgreSQL
 *    `FOR UPDATE SKIP LOCKED` keeps two instances from claiming the same row.
 * 2. Run the handler outside any transaction (it may call GOV.UK Notify, which can be slow).
 * 3. Finish: the handler's own database changes and "done" commit together, and only while
 *    the claim still holds (same token). If the lease ran out and another runner took the
 *    job, the late finish changes nothing and is rolled back.
 * So database effects happen exactly once. Messages sent in step 2 are at least once: if a
 * runner dies between sending and finishing, the job runs again after its lease.
 *
 * Times come from `clock`, so tests move time and call `runDue()` themselves.
 */
export interface JobSpec {
  kind: string;
  /** When it is due (UTC ISO text or epoch ms). */
  runAt: string | number;
  organisationId?: string | null;
  /** Ids and codes only: payloads are stored as they are. */
  payload?: Record<string, unknown>;
  /** While a job with this key is pending or running, scheduling it again changes nothing. */
  key?: string;
  /** With a key: move the pending job to this time and payload instead of leaving it. */
  replace?: boolean;
}

export interface RunningJob {
  id: string;
  kind: string;
  key: string | null;
  organisationId: string | null;
  payload: Record<string, unknown>;
  runAt: string;
  attempts: number;
  /**
   * Commits `effects` together with marking the job done. Returns false (and changes
   * nothing) if the job is no longer this runner's (its lease ran out and it was taken).
   */
  complete(effects?: (trx: Transaction<Database>) => Promise<void>): Promise<boolean>;
}

export type JobHandler = (job: RunningJob) => Promise<void>;

export interface JobQueue {
  schedule(db: DbOrTrx, spec: JobSpec): Promise<string>;
  /** Cancels the pending job with this key; returns how many were cancelled. */
  cancel(db: DbOrTrx, key: string): Promise<number>;
  register(kind: string, handler: JobHandler): void;
  /** Claims and runs the jobs due now (up to `limit`); returns how many finished. */
  runDue(limit?: number): Promise<number>;
  /** Polls every `pollMs` until stopped. */
  start(pollMs?: number): void;
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  db: Db;
  engine: Engine;
  clock: () => number;
  /** How long a claimed job is this runner's before another may take it. */
  leaseMs?: number;
  /** A handler that keeps failing is retried this many times, then marked failed. */
  maxAttempts?: number;
  /** Told about failures (error class/code only). */
  onError?: (info: { jobId: string; kind: string; error: string; attempts: number; gaveUp: boolean }) => void;
}

const iso = (t: string | number) => (typeof t === 'number' ? new Date(t).toISOString() : new Date(t).toISOString());
/** Retry after 10 s, 40 s, 90 s, ... up to 5 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(300_000, 10_000 * attempts * attempts);
const errorCode = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
};

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db, engine, clock } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function schedule(target: DbOrTrx, spec: JobSpec): Promise<string> {
    const now = iso(clock());
    const runAt = iso(spec.runAt);
    const payload = JSON.stringify(spec.payload ?? {});
    if (spec.key) {
      const existing = await target
        .selectFrom('jobs')
        .select(['id', 'status'])
        .where('key', '=', spec.key)
        .where('status', 'in', ['pending', 'running'])
        .executeTakeFirst();
      if (existing) {
        if (spec.replace && existing.status === 'pending') {
          await target.updateTable('jobs').set({ run_at: runAt, payload, updated_at: now }).where('id', '=', existing.id).where('status', '=', 'pending').execute();
        }
        return existing.id;
      }
    }
    const id = newId();
    try {
      await target
        .insertInto('jobs')
        .values({ id, organisation_id: spec.organisationId ?? null, kind: spec.kind, key: spec.key ?? null, payload, run_at: runAt, status: 'pending', attempts: 0, claim_token: null, locked_until: null, last_error: null, created_at: now, updated_at: now, finished_at: null })
        .execute();
    } catch (error) {
      // Scheduled at the same moment elsewhere: that one stands.
      if (spec.key && isUniqueViolation(error)) {
        const other = await target.selectFrom('jobs').select('id').where('key', '=', spec.key).where('status', 'in', ['pending', 'running']).executeTakeFirst();
        if (other) return other.id;
      }
      throw error;
    }
    return id;
  }

  async function cancel(target: DbOrTrx, key: string): Promise<number> {
    const result = await target
      .updateTable('jobs')
      .set({ status: 'cancelled', finished_at: iso(clock()), updated_at: iso(clock()) })
      .where('key', '=', key)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async function claim(limit: number): Promise<Job[]> {
    const now = iso(clock());
    const lockedUntil = iso(clock() + leaseMs);
    return db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('jobs')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', now)]),
          ]),
        )
        .orderBy('run_at')
        .limit(limit);
      if (engine === 'postgres') due = due.forUpdate().skipLocked();
      const ids = (await due.execute()).map((r) => r.id);
      const claimed: Job[] = [];
      for (const id of ids) {
        const token = randomUUID();
        const row = await trx
          .updateTable('jobs')
          .set((eb) => ({ status: 'running', claim_token: token, locked_until: lockedUntil, attempts: eb('attempts', '+', 1), updated_at: now }))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (row) claimed.push(row as Job);
      }
      return claimed;
    });
  }

  /** Marks done (with effects) only while the claim holds; false when another runner has it now. */
  async function finish(job: Job, effects?: (trx: Transaction<Database>) => Promise<void>): Promise<boolean> {
    class ClaimLost extends Error {}
    try {
      await db.transaction().execute(async (trx) => {
        const now = iso(clock());
        const result = await trx
          .updateTable('jobs')
          .set({ status: 'done', finished_at: now, updated_at: now, locked_until: null })
          .where('id', '=', job.id)
          .where('status', '=', 'running')
          .where('claim_token', '=', job.claim_token)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw new ClaimLost();
        if (effects) await effects(trx);
      });
      return true;
    } catch (error) {
      if (error instanceof ClaimLost) return false;
      throw error;
    }
  }

  async function fail(job: Job, error: unknown): Promise<void> {
    const attempts = Number(job.attempts);
    const gaveUp = attempts >= maxAttempts;
    const now = iso(clock());
    await db
      .updateTable('jobs')
      .set({
        status: gaveUp ? 'failed' : 'pending',
        run_at: gaveUp ? job.run_at : iso(clock() + retryDelayMs(attempts)),
        last_error: errorCode(error),
        claim_token: null,
        locked_until: null,
        updated_at: now,
        finished_at: gaveUp ? now : null,
      })
      .where('id', '=', job.id)
      .where('claim_token', '=', job.claim_token)
      .execute();
    options.onError?.({ jobId: job.id, kind: job.kind, error: errorCode(error), attempts, gaveUp });
  }

  async function runOne(job: Job): Promise<boolean> {
    const handler = handlers.get(job.kind);
    if (!handler) {
      await fail(job, Object.assign(new Error('no handler'), { code: 'no_handler' }));
      return false;
    }
    let finished: boolean | null = null;
    const running: RunningJob = {
      id: job.id,
      kind: job.kind,
      key: job.key,
      organisationId: job.organisation_id,
      payload: json<Record<string, unknown>>(job.payload, {}),
      runAt: job.run_at,
      attempts: Number(job.attempts),
      complete: async (effects) => (finished = await finish(job, effects)),
    };
    try {
      await handler(running);
      if (finished === null) finished = await finish(job);
      return finished;
    } catch (error) {
      if (finished) return true;
      await fail(job, error);
      return false;
    }
  }

  async function runDue(limit = 50): Promise<number> {
    let done = 0;
    // Claim in batches until nothing more is due (a job may schedule another that is due now).
    for (let round = 0; round < 20; round++) {
      const jobs = await claim(limit);
      if (jobs.length === 0) break;
      for (const job of jobs) if (await runOne(job)) done++;
      if (jobs.length < limit) break;
    }
    return done;
  }

  return {
    schedule,
    cancel,
    register(kind, handler) {
      if (handlers.has(kind)) throw new Error(`A handler for ${kind} is already registered`);
      handlers.set(kind, handler);
    },
    runDue,
    start(pollMs = 1000) {
      stopped = false;
      const tick = () => {
        if (stopped) return;
        running = runDue()
          .catch((error: unknown) => options.onError?.({ jobId: '', kind: '', error: errorCode(error), attempts: 0, gaveUp: false }))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, pollMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
