import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Issue 6: alerts to staff by text message. A staff member's mobile number and how alerts
 * reach them, in a small table of its own (`staff_alert_settings`, one row per person, only
 * once they save something) rather than new columns on `users`:
 *
 * - the number is personal and is needed only by the account page and by alert delivery, so
 *   it is not read with every signed-in request's session (which reads every users column),
 *   as duress_codes (0009) is kept apart for the same reason;
 * - nothing that creates or copies a person (invitations, set-up, the demo, tests) has to
 *   learn about it: no row means no number and alerts by email, as before;
 * - the last test text's time lives beside it, so "once a minute" holds across instances.
 *
 * `mobile` is E.164 (`+447700900123`) or null; `alert_channel` is 'sms' | 'email' | 'both'
 * (text is never chosen without a number: the account rules refuse it, and delivery falls
 * back to email when there is no number).
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('staff_alert_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('mobile', 'text')
    .addColumn('alert_channel', 'text', (c) => c.notNull().defaultTo('email'))
    .addColumn('test_sent_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('staff_alert_settings_org').on('staff_alert_settings').columns(['organisation_id', 'user_id']).execute();
}
