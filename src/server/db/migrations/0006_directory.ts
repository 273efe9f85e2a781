import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Issue 4: the service directory (Open Referral UK) and the public ways in.
 *
 * - directory_entries: one ORUK service each, kept whole as its JSON document (so an import
 *   exports again without loss, unknown fields included), with the columns that lists and
 *   filters need taken out of it on every write. An entry may describe one of the
 *   organisation's own services (service_id): the public help page reads its address, phones
 *   and directions there. The directory is public information, but each entry still belongs
 *   to one organisation, which keeps and checks it.
 * - contacts.signposted_to: the directory entries a person was signposted to (JSON array of ids).
 * - callback_requests.source: 'staff' (added on the board) or 'public' (the help page form).
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('directory_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** ORUK service status: active, inactive, defunct, temporarily closed. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON array of taxonomy term codes (shared/directory/taxonomy.ts), for filtering. */
    .addColumn('taxonomy', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('min_age', 'integer')
    .addColumn('max_age', 'integer')
    /** JSON: the whole ORUK service document. */
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('last_checked_at', 'text')
    .addColumn('last_checked_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('directory_entries_org_name').on('directory_entries').columns(['organisation_id', 'name']).execute();
  await db.schema.createIndex('directory_entries_org_checked').on('directory_entries').columns(['organisation_id', 'last_checked_at']).execute();
  await db.schema.createIndex('directory_entries_service').on('directory_entries').columns(['organisation_id', 'service_id']).execute();

  await db.schema.alterTable('contacts').addColumn('signposted_to', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('callback_requests').addColumn('source', 'text', (c) => c.notNull().defaultTo('staff')).execute();
}
