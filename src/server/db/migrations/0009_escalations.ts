import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Issue 6: escalation ladders, escalations, lone working and alerts that never end silently.
 *
 * - escalation_ladders: one per service, its steps as JSON (shared/escalations.ts LadderSteps).
 * - escalations: a worry raised from a contact or about a person, with a copy of the ladder
 *   as it was then; where it has got to (step_index, step_started_at, repeats of the last
 *   step); acknowledgement, outcome and closing. Timers are jobs (migration 0008).
 * - escalation_attempts: each try at a step (tried, answered, no answer, advice given).
 * - escalation_views: the peer worker's view and the clinical or social care view, side by
 *   side with reasons; rows are only ever added, so neither overwrites the other.
 * - lone_working_visits: where, expected end, who the worker's contact is, check-ins, how it
 *   ended (checked out, cancelled, duress), and which timer stages have fired.
 * - duress_codes: keyed digest of a worker's duress code (never the code), kept apart from
 *   users so the secret is not read with every request's session.
 * - alerts (from 0003) gains where it came from, its stage, a unique key (so one event never
 *   raises two alerts), whether it is silent (duress: not shown to the worker), and reminders.
 * - debrief_offers: after an escalation or alarm, a debrief offered to everyone involved;
 *   the wellbeing capability (issue 7) picks these up.
 * - shift_handovers: a lead's handover note; open escalations and visits carry over by query.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('escalation_ladders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('escalation_ladders_service').unique().on('escalation_ladders').columns(['service_id']).execute();

  await db.schema
    .createTable('escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    /** When it came from a lone-working visit whose check-in was missed. */
    .addColumn('visit_id', 'text')
    .addColumn('raised_by', 'text', (c) => c.references('users.id'))
    .addColumn('raised_at', 'text', (c) => c.notNull())
    /** The worry, in the worker's words. */
    .addColumn('concern', 'text', (c) => c.notNull())
    /** JSON: the ladder's steps when it was raised. */
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('step_started_at', 'text', (c) => c.notNull())
    .addColumn('repeats', 'integer', (c) => c.notNull().defaultTo(0))
    /** open | acknowledged | closed. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('escalations_open').on('escalations').columns(['organisation_id', 'service_id', 'status']).execute();
  await db.schema.createIndex('escalations_person').on('escalations').columns(['organisation_id', 'person_id']).execute();

  await db.schema
    .createTable('escalation_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('escalation_id', 'text', (c) => c.notNull().references('escalations.id'))
    .addColumn('step_index', 'integer', (c) => c.notNull())
    /** tried | answered | no_answer | advice_given. */
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('escalation_attempts_escalation').on('escalation_attempts').columns(['escalation_id', 'attempted_at']).execute();

  await db.schema
    .createTable('escalation_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('escalation_id', 'text', (c) => c.notNull().references('escalations.id'))
    /** peer | clinical | social_care. */
    .addColumn('perspective', 'text', (c) => c.notNull())
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    /** 1 when the one recording it says it differs from the other side's view. */
    .addColumn('differs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('escalation_views_escalation').on('escalation_views').columns(['escalation_id', 'recorded_at']).execute();

  await db.schema
    .createTable('lone_working_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('worker_user_id', 'text', (c) => c.notNull().references('users.id'))
    /** Where the worker is going (an address or a description), as they wrote it. */
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    /** The colleague who is their contact for this visit. */
    .addColumn('contact_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('expected_end_at', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'text')
    .addColumn('ended_at', 'text')
    /** checked_out | cancelled | duress (shown to everyone but the alert's recipients as cancelled). */
    .addColumn('end_kind', 'text')
    /** JSON array of VisitStage already fired for the current expected end. */
    .addColumn('stages_done', 'text', (c) => c.notNull().defaultTo('[]'))
    /** active | ended. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('lone_working_visits_active').on('lone_working_visits').columns(['organisation_id', 'service_id', 'status']).execute();
  await db.schema.createIndex('lone_working_visits_worker').on('lone_working_visits').columns(['worker_user_id', 'status']).execute();

  await db.schema
    .createTable('duress_codes')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code_digest', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('alerts').addColumn('source_type', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('source_id', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('stage', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('dedupe_key', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('silent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  /** Who must act: JSON array of user ids (the shift lead on duty, the service manager, a contact). */
  await db.schema.alterTable('alerts').addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('alerts').addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('alerts').addColumn('last_reminded_at', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('acknowledged_note', 'text').execute();
  await db.schema.createIndex('alerts_dedupe').unique().on('alerts').columns(['dedupe_key']).execute();
  await db.schema.createIndex('alerts_source').on('alerts').columns(['source_type', 'source_id']).execute();

  await db.schema
    .createTable('debrief_offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** escalation | lone_working. */
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    /** offered | booked | declined | done. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('offered_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('debrief_offers_once').unique().on('debrief_offers').columns(['user_id', 'source_type', 'source_id']).execute();

  await db.schema
    .createTable('shift_handovers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('from_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('to_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shift_handovers_service').on('shift_handovers').columns(['organisation_id', 'service_id', 'created_at']).execute();
}
