import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Every signed-in request reads the person's memberships by organisation and user.
 * Without this index SQLite chose the (organisation, service) index and scanned every
 * membership in the organisation on each request.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.createIndex('memberships_org_user').on('memberships').columns(['organisation_id', 'user_id']).execute();
}
