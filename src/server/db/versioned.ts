import type { Selectable, Updateable } from 'kysely';
import { notFound, staleVersion } from '../http/errors.js';
import type { DbOrTrx } from './scope.js';
import type { Database } from './tables.js';

/** Tables whose rows people edit: each has id, version and updated_at. */
export type VersionedTable = 'organisations' | 'services' | 'teams' | 'users' | 'people' | 'contacts' | 'callback_requests' | 'episodes' | 'episode_sessions' | 'transitions' | 'directory_entries' | 'crisis_plans' | 'crisis_plan_versions' | 'crisis_plan_shares';

export interface VersionedTarget {
  id: string;
  organisationId: string;
  /** The version the person started editing from. */
  version: number;
}

export interface VersionedOptions<T extends VersionedTable> {
  now: string;
  /** Shapes a row for the client: used for `current` in a stale-version reply. */
  describe: (row: Selectable<Database[T]>) => unknown;
  /** What the person sent, returned beside the current version on a conflict. */
  submitted: unknown;
  /** Extra conditions on the row (e.g. a team's service); a row outside them is "not found". */
  where?: Partial<Record<string, string>>;
  /** What the 404 calls the record. */
  what?: string;
}

/**
 * A versioned edit: `update … set …, version = version + 1, updated_at = now
 * where id = ? and organisation_id = ? and version = ?`. When no row changes, the
 * record either moved on (409 with both versions) or is not this organisation's
 * (404, revealing nothing). Returns the updated row. Run it inside the transaction
 * that records the audit event.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: DbOrTrx,
  table: T,
  target: VersionedTarget,
  changes: Updateable<Database[T]>,
  options: VersionedOptions<T>,
): Promise<Selectable<Database[T]>> {
  // The organisation row is its own scope; every other table carries organisation_id.
  const scopeColumn = table === 'organisations' ? 'id' : 'organisation_id';
  const extra = Object.entries(options.where ?? {});
  // Kysely cannot follow a generic table name; the columns used exist on every VersionedTable.
  let update = db
    .updateTable(table as 'services')
    .set({ ...(changes as Updateable<Database['services']>), version: target.version + 1, updated_at: options.now })
    .where('id', '=', target.id)
    .where(scopeColumn as 'organisation_id', '=', target.organisationId)
    .where('version', '=', target.version);
  for (const [column, value] of extra) update = update.where(column as 'id', '=', value as string);
  const result = await update.executeTakeFirst();

  let select = db
    .selectFrom(table as 'services')
    .selectAll()
    .where('id', '=', target.id)
    .where(scopeColumn as 'organisation_id', '=', target.organisationId);
  for (const [column, value] of extra) select = select.where(column as 'id', '=', value as string);
  const row = (await select.executeTakeFirst()) as Selectable<Database[T]> | undefined;

  if (!row) throw notFound(options.what);
  if (Number(result.numUpdatedRows) === 0) throw staleVersion(options.describe(row), options.submitted);
  return row;
}

/** A unique constraint refused the write (two people saving the same name at once). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}
