import type { SelectQueryBuilder, Transaction } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './tables.js';

/** Tables that hold organisation data: each carries organisation_id. */
export type OrgTable = {
  [K in keyof Database]: Database[K] extends { organisation_id: string } ? K : never;
}[keyof Database];

export type DbOrTrx = Db | Transaction<Database>;

/**
 * The one way to read organisation data: a select already limited to one
 * organisation, so no query depends on someone remembering a where clause.
 */
export function scoped<T extends OrgTable>(
  db: DbOrTrx,
  table: T,
  organisationId: string,
): SelectQueryBuilder<Database, T, object> {
  // Kysely cannot see through the generic table name; the cast is checked by OrgTable.
  const query = db.selectFrom(table as keyof Database) as unknown as SelectQueryBuilder<Database, T, object>;
  return query.where(`${table}.organisation_id` as never, '=', organisationId as never);
}
