import { sql } from 'kysely';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Person } from '../../db/tables.js';
import type { SearchTerm } from './rules.js';

/** Kysely queries of the people capability. Every query names the organisation. */

/** person_search_terms (migration 0004): kept out of tables.ts, typed here. */
interface PersonSearchTermsTable {
  organisation_id: string;
  person_id: string;
  kind: 'w' | 'p';
  term: string;
}
const withTerms = (db: DbOrTrx) => db.withTables<{ person_search_terms: PersonSearchTermsTable }>();

/** Candidates at most, before ranking in code. */
export const CANDIDATE_LIMIT = 200;

export async function findPerson(db: DbOrTrx, organisationId: string, personId: string): Promise<Person | undefined> {
  return (await scoped(db, 'people', organisationId).selectAll().where('people.id', '=', personId).executeTakeFirst()) as Person | undefined;
}

export async function findPeople(db: DbOrTrx, organisationId: string, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return (await scoped(db, 'people', organisationId).selectAll().where('people.id', 'in', ids).execute()) as Person[];
}

/** Replaces a person's search terms (on create and when a name changes). */
export async function replaceSearchTerms(db: DbOrTrx, organisationId: string, personId: string, terms: SearchTerm[]): Promise<void> {
  const t = withTerms(db);
  await t.deleteFrom('person_search_terms').where('organisation_id', '=', organisationId).where('person_id', '=', personId).execute();
  if (terms.length === 0) return;
  await t
    .insertInto('person_search_terms')
    .values(terms.map((x) => ({ organisation_id: organisationId, person_id: personId, kind: x.kind, term: x.term })))
    .execute();
}

/**
 * Ids of people (not merged) with a name word starting with a query word, or sounding
 * like one; most words matched first. Every condition is an index range on
 * (organisation_id, kind, term): the "~" upper bound sorts after every letter and digit.
 */
export async function nameCandidates(db: DbOrTrx, organisationId: string, words: string[], codes: string[]): Promise<string[]> {
  if (words.length === 0 && codes.length === 0) return [];
  const rows = await withTerms(db)
    .selectFrom('person_search_terms as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .select(['t.person_id', sql<number>`cast(count(*) as integer)`.as('hits')])
    .where('t.organisation_id', '=', organisationId)
    .where('p.merged_into_id', 'is', null)
    .where((eb) =>
      eb.or([
        ...words.map((w) => eb.and([eb('t.kind', '=', 'w'), eb('t.term', '>=', w), eb('t.term', '<', `${w}~`)])),
        ...codes.map((c) => eb.and([eb('t.kind', '=', 'p'), eb('t.term', '=', c)])),
      ]),
    )
    .groupBy('t.person_id')
    .orderBy('hits', 'desc')
    .orderBy('t.person_id')
    .limit(CANDIDATE_LIMIT)
    .execute();
  return rows.map((r) => r.person_id);
}

/** People (not merged) with exactly this date of birth or NHS number. */
export async function exactCandidates(db: DbOrTrx, organisationId: string, column: 'date_of_birth' | 'nhs_number', value: string): Promise<Person[]> {
  return (await scoped(db, 'people', organisationId)
    .selectAll()
    .where(`people.${column}`, '=', value)
    .where('people.merged_into_id', 'is', null)
    .limit(CANDIDATE_LIMIT)
    .execute()) as Person[];
}

/** When each person was last in touch: the latest contact's arrival. */
export async function lastContacts(db: DbOrTrx, organisationId: string, personIds: string[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await scoped(db, 'contacts', organisationId)
    .select(['contacts.person_id', sql<string>`max(contacts.arrived_at)`.as('last')])
    .where('contacts.person_id', 'in', personIds)
    .groupBy('contacts.person_id')
    .execute();
  return new Map(rows.filter((r) => r.person_id !== null).map((r) => [r.person_id as string, r.last]));
}

// ---- timeline -------------------------------------------------------------------------------

export async function timelineRows(db: DbOrTrx, organisationId: string, personId: string) {
  const contacts = await scoped(db, 'contacts', organisationId)
    .innerJoin('services', 'services.id', 'contacts.service_id')
    .select([
      'contacts.id',
      'contacts.arrived_at',
      'contacts.left_at',
      'contacts.kind',
      'contacts.referral_source',
      'contacts.outcome',
      'contacts.service_id',
      'services.name as service_name',
    ])
    .where('contacts.person_id', '=', personId)
    .execute();
  const episodes = await scoped(db, 'episodes', organisationId)
    .innerJoin('services', 'services.id', 'episodes.service_id')
    .select(['episodes.id', 'episodes.offered_at', 'episodes.status', 'episodes.session_limit', 'episodes.closed_at', 'episodes.service_id', 'services.name as service_name'])
    .where('episodes.person_id', '=', personId)
    .execute();
  const episodeIds = episodes.map((e) => e.id);
  const sessions = episodeIds.length
    ? await scoped(db, 'episode_sessions', organisationId)
        .select(['episode_sessions.id', 'episode_sessions.episode_id', 'episode_sessions.number', 'episode_sessions.held_at'])
        .where('episode_sessions.episode_id', 'in', episodeIds)
        .execute()
    : [];
  const transitions = episodeIds.length
    ? await scoped(db, 'transitions', organisationId)
        .select(['transitions.id', 'transitions.episode_id', 'transitions.to_name', 'transitions.planned_date', 'transitions.status', 'transitions.created_at'])
        .where('transitions.episode_id', 'in', episodeIds)
        .execute()
    : [];
  return { contacts, episodes, sessions, transitions };
}

// ---- merges -----------------------------------------------------------------------------------

export async function idsOwnedBy(db: DbOrTrx, table: 'contacts' | 'episodes', organisationId: string, personId: string): Promise<string[]> {
  const rows = await scoped(db, table, organisationId).select(`${table}.id as id`).where(`${table}.person_id`, '=', personId).execute();
  return (rows as { id: string }[]).map((r) => r.id);
}

/** Moves the listed records to a person, in chunks (bounded parameter lists). Nothing else on them changes. */
export async function moveRecords(db: DbOrTrx, table: 'contacts' | 'episodes', organisationId: string, ids: string[], toPersonId: string): Promise<number> {
  let moved = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const result = await db
      .updateTable(table)
      .set({ person_id: toPersonId })
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', chunk)
      .executeTakeFirst();
    moved += Number(result.numUpdatedRows);
  }
  return moved;
}

export async function findMerge(db: DbOrTrx, organisationId: string, mergeId: string) {
  return scoped(db, 'person_merges', organisationId).selectAll().where('person_merges.id', '=', mergeId).executeTakeFirst();
}
