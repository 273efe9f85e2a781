import { sql } from 'kysely';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Person } from '../../db/tables.js';
import type { SearchTerm } from './rules.js';

/** Kysely queries of the people capability. Every query names the organisation. */

/** person_search_terms (migration 0004): kept out of tables.ts, typed here. */
interface PersonSearchTermsTable {
  organisation_id: string;
  person_id: string;
  kind: SearchTerm['kind'];
  term: string;
}
const withTerms = (db: DbOrTrx) => db.withTables<{ person_search_terms: PersonSearchTermsTable }>();

/** Candidates at most, before ranking in code. */
export const CANDIDATE_LIMIT = 200;
/** Rows read at most per kind in the whole-name look: twice a page is plenty to choose the best 20 from. */
export const WHOLE_NAME_LIMIT = 40;
/** Rows read at most per word condition in the wider look. */
export const RANGE_LIMIT = 1000;

export async function findPerson(db: DbOrTrx, organisationId: string, personId: string): Promise<Person | undefined> {
  return (await scoped(db, 'people', organisationId).selectAll().where('people.id', '=', personId).executeTakeFirst()) as Person | undefined;
}

export async function findPeople(db: DbOrTrx, organisationId: string, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return (await scoped(db, 'people', organisationId).selectAll().where('people.id', 'in', ids).execute()) as Person[];
}

/** The columns search and the duplicate check need, for many people at once. */
export type PersonBrief = Pick<
  Person,
  'id' | 'preferred_name' | 'full_name' | 'name_key' | 'pronouns' | 'date_of_birth' | 'approximate_age' | 'age_recorded_on' | 'postcode' | 'nhs_number' | 'merged_into_id'
>;
const BRIEF = [
  'people.id',
  'people.preferred_name',
  'people.full_name',
  'people.name_key',
  'people.pronouns',
  'people.date_of_birth',
  'people.approximate_age',
  'people.age_recorded_on',
  'people.postcode',
  'people.nhs_number',
  'people.merged_into_id',
] as const;

export async function findBriefs(db: DbOrTrx, organisationId: string, ids: string[]): Promise<PersonBrief[]> {
  if (ids.length === 0) return [];
  return (await scoped(db, 'people', organisationId).select(BRIEF).where('people.id', 'in', ids).execute()) as PersonBrief[];
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
 * The fast first look: people whose whole name starts with the query (as typed, or as it
 * sounds). Each is one index range read that stops after CANDIDATE_LIMIT rows.
 */
export async function wholeNameCandidates(db: DbOrTrx, organisationId: string, key: string, phonetic: string, enough: number): Promise<string[]> {
  const ids = new Set<string>();
  for (const [kind, prefix] of [['n', key], ['f', phonetic]] as const) {
    // Enough names start with the query as typed: those rank above any that only sound alike.
    if (!prefix || ids.size >= enough) continue;
    const rows = await withTerms(db)
      .selectFrom('person_search_terms')
      .select('person_id')
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', kind)
      .where('term', '>=', prefix)
      .where('term', '<', `${prefix}~`)
      .orderBy('term')
      .limit(WHOLE_NAME_LIMIT)
      .execute();
    for (const r of rows) ids.add(r.person_id);
  }
  return [...ids];
}

/**
 * For a one-word query (often a surname alone): people with a name word starting with it,
 * then, when those are fewer than `enough`, people with a word that sounds the same. Two
 * short index ranges; a common word is cut at WHOLE_NAME_LIMIT rows.
 */
export async function wordCandidates(db: DbOrTrx, organisationId: string, word: string, code: string, enough: number): Promise<string[]> {
  const ids = new Set<string>();
  for (const [kind, from, to] of [['w', word, word.length === 1 ? null : `${word}~`], ['p', code, null]] as const) {
    if (!from || ids.size >= enough) continue;
    let q = withTerms(db).selectFrom('person_search_terms').select('person_id').where('organisation_id', '=', organisationId).where('kind', '=', kind);
    q = to === null ? q.where('term', '=', from) : q.where('term', '>=', from).where('term', '<', to);
    for (const r of await q.orderBy('term').limit(WHOLE_NAME_LIMIT).execute()) ids.add(r.person_id);
  }
  return [...ids];
}

/**
 * People with two of the query's words at once, by sound or first letters (pairTerms): exact
 * index lookups, so a query of two common names costs no more than a rare one.
 */
export async function pairCandidates(db: DbOrTrx, organisationId: string, terms: SearchTerm[]): Promise<string[]> {
  const ids = new Set<string>();
  // One query per kind, each an IN list on (organisation_id, kind, term): an OR of the two made SQLite scan.
  for (const kind of ['q', 'r'] as const) {
    const wanted = terms.filter((t) => t.kind === kind).map((t) => t.term);
    if (wanted.length === 0 || ids.size >= CANDIDATE_LIMIT) continue;
    const rows = await withTerms(db)
      .selectFrom('person_search_terms')
      .select('person_id')
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', kind)
      .where('term', 'in', wanted)
      .limit(CANDIDATE_LIMIT)
      .execute();
    for (const r of rows) ids.add(r.person_id);
  }
  return [...ids];
}

/**
 * The wider look, when the first finds too few: people with a name word starting with a query word, or sounding like one; most
 * words matched first. Merged records have no search terms, so they are never found. Every condition is an index range on
 * (organisation_id, kind, term): the "~" upper bound sorts after every letter and digit.
 */
export async function nameCandidates(db: DbOrTrx, organisationId: string, words: string[], codes: string[]): Promise<string[]> {
  const t = withTerms(db);
  // One bounded index range per condition: a very common word cannot make the search slow.
  const ranges = [
    // A single letter matches that word exactly (an initial); longer words by prefix.
    ...words.map((w) => ({ kind: 'w' as const, from: w, to: w.length === 1 ? null : `${w}~` })),
    ...codes.map((c) => ({ kind: 'p' as const, from: c, to: null })),
  ];
  if (ranges.length === 0) return [];
  const part = (r: (typeof ranges)[number]) => {
    let q = t.selectFrom('person_search_terms').select('person_id').where('organisation_id', '=', organisationId).where('kind', '=', r.kind);
    q = r.to === null ? q.where('term', '=', r.from) : q.where('term', '>=', r.from).where('term', '<', r.to);
    return t.selectFrom(q.orderBy('term').limit(RANGE_LIMIT).as('r')).select('r.person_id');
  };
  let union = part(ranges[0]!);
  for (const r of ranges.slice(1)) union = union.unionAll(part(r));
  const rows = await t
    .selectFrom(union.as('u'))
    .select(['u.person_id', sql<number>`cast(count(*) as integer)`.as('hits')])
    .groupBy('u.person_id')
    .orderBy('hits', 'desc')
    .orderBy('u.person_id')
    .limit(CANDIDATE_LIMIT)
    .execute();
  return rows.map((r) => r.person_id);
}

/** People (not merged) with exactly this date of birth or NHS number. */
export async function exactCandidates(db: DbOrTrx, organisationId: string, column: 'date_of_birth' | 'nhs_number', value: string): Promise<PersonBrief[]> {
  return (await scoped(db, 'people', organisationId)
    .select(BRIEF)
    .where(`people.${column}`, '=', value)
    .where('people.merged_into_id', 'is', null)
    .limit(CANDIDATE_LIMIT)
    .execute()) as PersonBrief[];
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
