import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Issue 5: crisis plans the person owns.
 *
 * - crisis_plans: one per person in an organisation; `reviewed_at` when it was last gone
 *   through with the person and kept as it was.
 * - crisis_plan_versions: numbered versions. A draft can be edited (row `version` guards
 *   against two people saving at once); an agreed version is frozen for ever and records
 *   when and how the person agreed it. Older versions stay readable.
 * - crisis_plan_shares: consent to share, one row per recipient: who, which sections, from
 *   when until when, and revocation. A recipient can be one of the organisation's own
 *   services (its clinical partners then see the plan in the app) or a named person (a
 *   carer, family member, GP, ...) reached through a link.
 * - crisis_plan_links: a link plus a short code for the person (share_id null) or for a
 *   share's recipient. Only digests of the token and code are kept. Wrong codes count up
 *   to a short lock, not a long one, so nobody can lock the real person out for long.
 * - crisis_plan_views: every time anyone looked at the plan, for the person's "who looked".
 * - crisis_plan_break_glass: emergency access without consent: reason, time limit, and the
 *   service manager's review.
 * - notifications: what the notification port sent (channel, template, status), never
 *   the words or the address (only a keyed digest of it), because links are secrets.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('crisis_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('crisis_plans_person').unique().on('crisis_plans').columns(['organisation_id', 'person_id']).execute();

  await db.schema
    .createTable('crisis_plan_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('crisis_plans.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    /** 'draft' | 'agreed'. */
    .addColumn('state', 'text', (c) => c.notNull())
    /** JSON: PlanContent (shared/plans.ts), the person's words as written. */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('agreed_at', 'text')
    /** 'in_person' | 'own_device'. */
    .addColumn('agreed_how', 'text')
    /** The worker who was with the person; null when they agreed on their own device. */
    .addColumn('agreed_recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('crisis_plan_versions_number').unique().on('crisis_plan_versions').columns(['plan_id', 'number']).execute();
  await db.schema.createIndex('crisis_plan_versions_agreed').on('crisis_plan_versions').columns(['organisation_id', 'state', 'agreed_at']).execute();

  await db.schema
    .createTable('crisis_plan_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('crisis_plans.id'))
    /** RecipientKind (shared/plans.ts): carer, family, partner_service, gp, crisis_team, other. */
    .addColumn('recipient_kind', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text')
    .addColumn('recipient_phone', 'text')
    .addColumn('recipient_email', 'text')
    /** One of this organisation's services: its clinical partners see the plan in the app. */
    .addColumn('recipient_service_id', 'text', (c) => c.references('services.id'))
    /** A directory entry naming an outside service (for the record; they use a link). */
    .addColumn('recipient_directory_entry_id', 'text', (c) => c.references('directory_entries.id'))
    /** JSON array of PlanSectionKey: what the recipient may see. */
    .addColumn('sections', 'text', (c) => c.notNull())
    /** 'in_person' | 'own_device' | 'phone': how the person gave consent. */
    .addColumn('consent_how', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('crisis_plan_shares_plan').on('crisis_plan_shares').columns(['plan_id', 'ends_at']).execute();
  await db.schema.createIndex('crisis_plan_shares_service').on('crisis_plan_shares').columns(['organisation_id', 'recipient_service_id', 'ends_at']).execute();

  await db.schema
    .createTable('crisis_plan_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('crisis_plans.id'))
    /** null: the person's own link; otherwise the share whose recipient holds it. */
    .addColumn('share_id', 'text', (c) => c.references('crisis_plan_shares.id'))
    /** sha256 of the secret in the link; the secret itself is never stored. */
    .addColumn('token_digest', 'text', (c) => c.notNull().unique())
    /** HMAC of the short code under the server's secret key. */
    .addColumn('code_digest', 'text', (c) => c.notNull())
    /** 'sms' | 'email' | 'none' (given by hand). */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text', (c) => c.references('users.id'))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_opened_at', 'text')
    .execute();
  await db.schema.createIndex('crisis_plan_links_plan').on('crisis_plan_links').columns(['plan_id']).execute();

  await db.schema
    .createTable('crisis_plan_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('crisis_plans.id'))
    .addColumn('version_id', 'text', (c) => c.references('crisis_plan_versions.id'))
    /** ViewerKind (shared/plans.ts): staff, partner, break_glass, person, recipient. */
    .addColumn('viewer_kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('share_id', 'text', (c) => c.references('crisis_plan_shares.id'))
    .addColumn('link_id', 'text', (c) => c.references('crisis_plan_links.id'))
    .addColumn('grant_id', 'text')
    .addColumn('viewed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crisis_plan_views_plan').on('crisis_plan_views').columns(['plan_id', 'viewed_at']).execute();

  await db.schema
    .createTable('crisis_plan_break_glass')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('crisis_plans.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    /** The service the person opening it works in (its manager is told). */
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('review_note', 'text')
    .execute();
  await db.schema.createIndex('crisis_plan_break_glass_service').on('crisis_plan_break_glass').columns(['organisation_id', 'service_id', 'created_at']).execute();
  await db.schema.createIndex('crisis_plan_break_glass_user').on('crisis_plan_break_glass').columns(['user_id', 'plan_id', 'expires_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    /** 'sms' | 'email'. */
    .addColumn('channel', 'text', (c) => c.notNull())
    /** What kind of message (NotificationTemplate in notify/notify.ts), never its words. */
    .addColumn('template', 'text', (c) => c.notNull())
    /** Keyed digest of the phone number or email address. */
    .addColumn('to_digest', 'text', (c) => c.notNull())
    /** 'sent' | 'failed'. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_reference', 'text')
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_org_created').on('notifications').columns(['organisation_id', 'created_at']).execute();
}
