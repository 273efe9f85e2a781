import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Issue 3: people, crisis contacts and the live board, peer support episodes with their
 * sessions and transitions, shifts (who is on now), callback requests from the public,
 * and a minimal alerts table the board counts (the escalation capability extends it).
 * Every table holding personal data carries organisation_id.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('users').addColumn('caseload_max', 'integer').execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('preferred_name', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text')
    .addColumn('pronouns', 'text')
    .addColumn('date_of_birth', 'text')
    /** When the date of birth is not known: an age in years, as told on `age_recorded_on`. */
    .addColumn('approximate_age', 'integer')
    .addColumn('age_recorded_on', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('postcode', 'text')
    .addColumn('preferred_language', 'text')
    .addColumn('communication_needs', 'text')
    .addColumn('nhs_number', 'text')
    /** JSON: equality-monitoring answers, each of which may be 'prefer_not_to_say'. */
    .addColumn('equality', 'text', (c) => c.notNull().defaultTo('{}'))
    /** What helps, in the person's own words (strengths first). */
    .addColumn('what_helps', 'text')
    /** Search keys: lower-cased, accent-free name and its phonetic code(s). */
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('name_phonetic', 'text', (c) => c.notNull())
    .addColumn('merged_into_id', 'text')
    .addColumn('merged_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('people_org_name').on('people').columns(['organisation_id', 'name_key']).execute();
  await db.schema.createIndex('people_org_phonetic').on('people').columns(['organisation_id', 'name_phonetic']).execute();
  await db.schema.createIndex('people_org_dob').on('people').columns(['organisation_id', 'date_of_birth']).execute();
  await db.schema.createIndex('people_org_nhs').on('people').columns(['organisation_id', 'nhs_number']).execute();

  /** A merge is kept so an administrator can undo it: which records moved where. */
  await db.schema
    .createTable('person_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kept_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('merged_person_id', 'text', (c) => c.notNull().references('people.id'))
    /** JSON: { contacts: [ids], episodes: [ids] } moved to the kept record. */
    .addColumn('moved', 'text', (c) => c.notNull())
    .addColumn('merged_by', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text', (c) => c.notNull())
    .addColumn('undone_by', 'text')
    .addColumn('undone_at', 'text')
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    /** null: an anonymous contact. */
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    /** What to call someone on the board when anonymous ("man in blue coat"). */
    .addColumn('display_label', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('referral_source', 'text', (c) => c.notNull())
    .addColumn('referral_other', 'text')
    .addColumn('arrived_at', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text')
    .addColumn('left_at', 'text')
    .addColumn('worker_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('what_helped', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_detail', 'text')
    .addColumn('otherwise_would_have', 'text')
    .addColumn('carers_present', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('carers_note', 'text')
    .addColumn('under16', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('contacts_board').on('contacts').columns(['organisation_id', 'service_id', 'left_at', 'arrived_at']).execute();
  await db.schema.createIndex('contacts_person').on('contacts').columns(['organisation_id', 'person_id', 'arrived_at']).execute();
  await db.schema.createIndex('contacts_org_arrived').on('contacts').columns(['organisation_id', 'arrived_at']).execute();

  await db.schema
    .createTable('callback_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('how_to_reach', 'text', (c) => c.notNull())
    .addColumn('good_time', 'text')
    .addColumn('message', 'text')
    /** waiting | in_progress | done | could_not_reach */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handled_by', 'text', (c) => c.references('users.id'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('callbacks_board').on('callback_requests').columns(['organisation_id', 'service_id', 'status']).execute();

  /** Who is working now: a worker starts and ends their shift (the rota capability plans them later). */
  await db.schema
    .createTable('shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('shifts_board').on('shifts').columns(['organisation_id', 'service_id', 'ended_at']).execute();

  /** Alerts the board counts; the escalation and lone-working capability fills and extends this. */
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    /** open | acknowledged | closed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('alerts_board').on('alerts').columns(['organisation_id', 'service_id', 'status']).execute();

  await db.schema
    .createTable('episodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    /** The contact at which peer support was offered, if any. */
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    /** offered | accepted | declined | closed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('offered_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('declined_at', 'text')
    .addColumn('declined_reason', 'text')
    .addColumn('session_limit', 'integer', (c) => c.notNull())
    /** JSON: [{ id, text, status }] in the person's own words. */
    .addColumn('goals', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('closed_at', 'text')
    .addColumn('closing_reason', 'text')
    .addColumn('closing_note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('episodes_person').on('episodes').columns(['organisation_id', 'person_id']).execute();
  await db.schema.createIndex('episodes_service_status').on('episodes').columns(['organisation_id', 'service_id', 'status']).execute();

  await db.schema
    .createTable('episode_workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('episode_id', 'text', (c) => c.notNull().references('episodes.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('allocated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('episode_workers_user').on('episode_workers').columns(['organisation_id', 'user_id', 'ended_at']).execute();
  await db.schema.createIndex('episode_workers_episode').on('episode_workers').columns(['episode_id']).execute();

  await db.schema
    .createTable('episode_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('episode_id', 'text', (c) => c.notNull().references('episodes.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('held_at', 'text', (c) => c.notNull())
    .addColumn('worker_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('what_has_been_happening', 'text')
    .addColumn('strengths_and_resources', 'text')
    .addColumn('people_and_networks', 'text')
    .addColumn('help_from_services', 'text')
    .addColumn('next_steps', 'text')
    /** Why a session beyond the service's limit was right for this person. */
    .addColumn('beyond_limit_reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('episode_sessions_number', ['episode_id', 'number'])
    .execute();

  await db.schema
    .createTable('transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('episode_id', 'text', (c) => c.notNull().references('episodes.id'))
    /** A directory entry (service directory capability) or a name in free text. */
    .addColumn('to_directory_service_id', 'text')
    .addColumn('to_name', 'text', (c) => c.notNull())
    .addColumn('planned_date', 'text')
    .addColumn('handover_summary', 'text')
    /** The person agreed their handover summary may be shared; when and how that was recorded. */
    .addColumn('share_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('share_consent_at', 'text')
    .addColumn('share_consent_how', 'text')
    /** planned | done | declined | no_longer_needed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('transitions_episode').on('transitions').columns(['organisation_id', 'episode_id']).execute();
}
