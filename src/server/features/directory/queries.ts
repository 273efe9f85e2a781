import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { DirectoryEntriesTable } from '../../db/tables.js';

/** Kysely queries of the service directory. Every admin query names the organisation. */

/** An entry with the names the admin screens show beside it. */
export type EntryRow = DirectoryEntriesTable & {
  linked_service_name: string | null;
  /** The linked service's opening hours (JSON), which its entry's hours come from. */
  linked_opening_hours: string | null;
  last_checked_by_name: string | null;
};

function entries(db: DbOrTrx, organisationId: string) {
  return scoped(db, 'directory_entries', organisationId)
    .leftJoin('services', (j) => j.onRef('services.id', '=', 'directory_entries.service_id').on('services.organisation_id', '=', organisationId))
    .leftJoin('users', (j) => j.onRef('users.id', '=', 'directory_entries.last_checked_by').on('users.organisation_id', '=', organisationId))
    .selectAll('directory_entries')
    .select(['services.name as linked_service_name', 'services.opening_hours as linked_opening_hours', 'users.display_name as last_checked_by_name']);
}

export async function findEntry(db: DbOrTrx, organisationId: string, entryId: string): Promise<EntryRow | undefined> {
  return (await entries(db, organisationId).where('directory_entries.id', '=', entryId).executeTakeFirst()) as EntryRow | undefined;
}

export interface EntryFilter {
  status?: DirectoryEntriesTable['status'];
  /** Only entries last checked before this instant, or never. */
  checkedBefore?: string;
}

/** The organisation's entries, by name; text and taxonomy search and paging happen in code (a directory has hundreds). */
export async function listEntries(db: DbOrTrx, organisationId: string, filter: EntryFilter = {}): Promise<EntryRow[]> {
  let query = entries(db, organisationId);
  if (filter.status) query = query.where('directory_entries.status', '=', filter.status);
  if (filter.checkedBefore) {
    const before = filter.checkedBefore;
    query = query.where((eb) => eb.or([eb('directory_entries.last_checked_at', 'is', null), eb('directory_entries.last_checked_at', '<', before)]));
  }
  return (await query.orderBy('directory_entries.name').orderBy('directory_entries.id').execute()) as EntryRow[];
}

/** Public read: active entries of every organisation on this instance, with linked services' hours. */
export async function activeEntries(db: DbOrTrx, entryId?: string): Promise<(DirectoryEntriesTable & { linked_opening_hours: string | null })[]> {
  let query = db
    .selectFrom('directory_entries')
    .leftJoin('services', (j) => j.onRef('services.id', '=', 'directory_entries.service_id').onRef('services.organisation_id', '=', 'directory_entries.organisation_id'))
    .selectAll('directory_entries')
    .select('services.opening_hours as linked_opening_hours')
    .where('directory_entries.status', '=', 'active');
  if (entryId !== undefined) query = query.where('directory_entries.id', '=', entryId);
  return (await query.orderBy('directory_entries.name').orderBy('directory_entries.id').execute()) as (DirectoryEntriesTable & { linked_opening_hours: string | null })[];
}

/** Which of these ids are entries, and whose (entry ids are unique across the instance). */
export async function ownersOf(db: DbOrTrx, ids: string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('directory_entries').select(['id', 'organisation_id']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) owners.set(r.id, r.organisation_id);
  }
  return owners;
}

/** The ids among these that are this organisation's entries. */
export async function entryIdsOf(db: DbOrTrx, organisationId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await scoped(db, 'directory_entries', organisationId).select('directory_entries.id').where('directory_entries.id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Another entry of the organisation already describing this service. */
export async function entryForService(db: DbOrTrx, organisationId: string, serviceId: string, exceptId?: string): Promise<string | undefined> {
  let query = scoped(db, 'directory_entries', organisationId).select('directory_entries.id').where('directory_entries.service_id', '=', serviceId);
  if (exceptId) query = query.where('directory_entries.id', '!=', exceptId);
  return (await query.executeTakeFirst())?.id;
}

export async function allDocuments(db: DbOrTrx, organisationId: string): Promise<{ id: string; document: string }[]> {
  return scoped(db, 'directory_entries', organisationId)
    .select(['directory_entries.id', 'directory_entries.document'])
    .orderBy('directory_entries.name')
    .orderBy('directory_entries.id')
    .execute();
}
