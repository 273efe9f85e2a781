import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Issue 6 foundation: a durable job queue and timers in the database (src/server/jobs/).
 * A job is due at `run_at`; a runner claims it (status running, a fresh claim_token and a
 * lease until locked_until), runs it, and marks it done only if its claim still holds, in
 * the same transaction as the job's own database changes. A server stopped mid-countdown
 * finds its jobs here when it starts again; a job whose runner died is claimed again once
 * its lease runs out. `key` names a job so it is never scheduled twice while pending.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text')
    /** JSON: ids and codes only, never personal words. */
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('run_at', 'text', (c) => c.notNull())
    /** pending | running | done | failed | cancelled. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claim_token', 'text')
    .addColumn('locked_until', 'text')
    /** An error's class or code only: messages can carry personal data. */
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
  // One pending job per key: scheduling the same reminder twice changes nothing.
  await sql`CREATE UNIQUE INDEX jobs_pending_key ON jobs (key) WHERE status IN ('pending', 'running') AND key IS NOT NULL`.execute(db);
}
