import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Issue 7: staff wellbeing, debriefs, reflective practice and layered supervision.
 *
 * What a worker writes about themselves is private unless they share it (DESIGN.md). So:
 * - wellbeing_checkins: shift check-ins and check-outs (a 1–5 scale and/or the worker's words),
 *   the worker's own "hard shift" flag, and the second answer when a "fine" after a hard shift
 *   was gently asked about once more (`follows_up_id` points at the first answer).
 * - wellbeing_plans: one per worker: what keeps me well at work, what can make it harder, early
 *   signs, what I would like my team to do, adjustments agreed (JSON of sections).
 * - wellbeing_shares: an entry or the plan shared by its owner with one named colleague in the
 *   same service; revoking ends it at once. Nothing else about a worker's wellbeing is readable
 *   by anyone but them.
 * - debrief_offers (from 0009) grows into the debrief itself: who asked for it (null when it was
 *   offered after an escalation or alarm), the named peer supporter, accepted / declined.
 * - debrief_contacts: the follow-up rhythm (planning contact, conversation, one-month follow-up),
 *   each with its due time, when it happened and whether difficulties are carrying on.
 * - journal_keys: each worker's journal key, wrapped by a key derived from their password and
 *   by one derived from a recovery code shown once; the key itself is never stored.
 * - journal_entries: ciphertext only (AES-256-GCM under the worker's journal key).
 * - sessions.journal_key_sealed: the unwrapped journal key for this session only, sealed under a
 *   key derived from the session's cookie token, which the database never holds (it stores a
 *   digest). A database reader with every table reads no journal.
 * - reflective_group_sessions / reflective_group_attendance: groups per team (or service),
 *   facilitator, attendance, themes and learning. No client identifiers (checked on save).
 * - supervision_rhythms: expected rhythm per worker per layer; supervision_records: what happened.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('wellbeing_checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** The service the shift was in, when the worker says. */
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    /** check_in | check_out. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** 1 (really struggling) … 5 (really good); optional. */
    .addColumn('scale', 'integer')
    .addColumn('words', 'text')
    /** The worker said it was a hard shift (0/1). */
    .addColumn('hard_shift', 'integer', (c) => c.notNull().defaultTo(0))
    /** When this is the second answer to a gentle "and really?", the first answer's id. */
    .addColumn('follows_up_id', 'text')
    /** Whether we asked again after this entry (0/1): asked once, never twice. */
    .addColumn('asked_again', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wellbeing_checkins_user').on('wellbeing_checkins').columns(['organisation_id', 'user_id', 'created_at']).execute();

  await db.schema
    .createTable('wellbeing_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** JSON: shared/wellbeing.ts sections, each the worker's own words. */
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('wellbeing_plans_user').unique().on('wellbeing_plans').columns(['user_id']).execute();

  await db.schema
    .createTable('wellbeing_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
    /** checkin | plan. */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('shared_with_user_id', 'text', (c) => c.notNull().references('users.id'))
    /** The service both belong to, through which the share was allowed. */
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('wellbeing_shares_with').on('wellbeing_shares').columns(['shared_with_user_id', 'subject_type']).execute();
  await db.schema.createIndex('wellbeing_shares_subject').on('wellbeing_shares').columns(['subject_type', 'subject_id']).execute();

  /** Debriefs: the offer row becomes the debrief. source_type gains 'request' (source_id = its own id). */
  await db.schema.alterTable('debrief_offers').addColumn('requested_by', 'text', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('debrief_offers').addColumn('peer_supporter_id', 'text', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('debrief_offers').addColumn('accepted_at', 'text').execute();
  await db.schema.alterTable('debrief_offers').addColumn('declined_at', 'text').execute();
  await db.schema.alterTable('debrief_offers').addColumn('closed_at', 'text').execute();
  await db.schema.alterTable('debrief_offers').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('debrief_offers_user').on('debrief_offers').columns(['organisation_id', 'user_id', 'status']).execute();
  await db.schema.createIndex('debrief_offers_supporter').on('debrief_offers').columns(['organisation_id', 'peer_supporter_id']).execute();

  await db.schema
    .createTable('debrief_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('debrief_id', 'text', (c) => c.notNull().references('debrief_offers.id'))
    /** planning | conversation | follow_up. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text', (c) => c.references('users.id'))
    /** After the contact: are difficulties carrying on? (0/1, null until said). */
    .addColumn('difficulties_persist', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('debrief_contacts_debrief').unique().on('debrief_contacts').columns(['debrief_id', 'kind']).execute();

  await db.schema
    .createTable('journal_keys')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    /** The journal key wrapped under a key derived (scrypt) from the password; salt beside it. */
    .addColumn('password_salt', 'text', (c) => c.notNull())
    .addColumn('password_wrapped', 'text', (c) => c.notNull())
    /** The same key wrapped under a key derived from the recovery code shown once. */
    .addColumn('recovery_salt', 'text', (c) => c.notNull())
    .addColumn('recovery_wrapped', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('journal_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** base64(iv | tag | ciphertext) of the entry's JSON; AES-256-GCM, the entry id as associated data. */
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    /** Marked "to bring to the group" (0/1). */
    .addColumn('for_group', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('journal_entries_user').on('journal_entries').columns(['organisation_id', 'user_id', 'created_at']).execute();

  await db.schema.alterTable('sessions').addColumn('journal_key_sealed', 'text').execute();

  await db.schema
    .createTable('reflective_group_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('facilitator_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('themes', 'text')
    .addColumn('learning', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('reflective_group_sessions_service').on('reflective_group_sessions').columns(['organisation_id', 'service_id', 'held_on']).execute();

  await db.schema
    .createTable('reflective_group_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('reflective_group_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('reflective_group_attendance_pk', ['session_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('supervision_rhythms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    /** The worker supervised. */
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** line_management | peer | clinical | external_peer. */
    .addColumn('layer', 'text', (c) => c.notNull())
    .addColumn('every_days', 'integer', (c) => c.notNull())
    /** A colleague in the organisation, or (external peer supervision) a name and organisation. */
    .addColumn('supervisor_id', 'text', (c) => c.references('users.id'))
    .addColumn('supervisor_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('supervision_rhythms_layer').unique().on('supervision_rhythms').columns(['user_id', 'layer']).execute();
  await db.schema.createIndex('supervision_rhythms_service').on('supervision_rhythms').columns(['organisation_id', 'service_id']).execute();

  await db.schema
    .createTable('supervision_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('layer', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('supervisor_id', 'text', (c) => c.references('users.id'))
    .addColumn('supervisor_name', 'text')
    .addColumn('themes', 'text')
    .addColumn('agreed_actions', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('supervision_records_user').on('supervision_records').columns(['organisation_id', 'user_id', 'layer', 'held_on']).execute();
}
