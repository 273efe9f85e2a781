import { sql } from 'kysely';
import { engineOf, type Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
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
  'id' | 'preferred_name' | 'full_name' | 'name_key' | 'pronouns' | 'date_of_birth' | 'approximate_age' | 'age_recorded_on' | 'postcode' | 'nhs_number' | 'merged_into_id' | 'last_contact_at'
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
  'people.last_contact_at',
] as const;

export async function findBriefs(db: DbOrTrx, organisationId: string, ids: string[]): Promise<PersonBrief[]> {
  if (ids.length === 0) return [];
  return (await scoped(db, 'people', organisationId).select(BRIEF).where('people.id', 'in', ids).execute()) as PersonBrief[];
}

/** One page of the organisation's people (not merged away), in id order after `afterId`: the name index's build (name-index.ts). */
export async function briefsAfter(db: Db, organisationId: string, afterId: string, limit: number): Promise<PersonBrief[]> {
  return (await scoped(db, 'people', organisationId)
    .select(BRIEF)
    .where('people.merged_into_id', 'is', null)
    .where('people.id', '>', afterId)
    .orderBy('people.id')
    .limit(limit)
    .execute()) as PersonBrief[];
}

/** People read at once by briefsOf: a page of search results. */
export const BRIEFS_AT_ONCE = 20;
const briefSlots = Array.from({ length: BRIEFS_AT_ONCE }, (_, i) => `id${i}`);
const briefsByIds = prepared(['organisationId', ...briefSlots], (p: Record<string, string>) => (db) =>
  scoped(db, 'people', p.organisationId!)
    .select(BRIEF)
    .where('people.id', 'in', briefSlots.map((slot) => p[slot]!)),
);

/** Up to BRIEFS_AT_ONCE people's brief columns in one compiled query (the name index's page of results). */
export async function briefsOf(db: Db, organisationId: string, ids: string[]): Promise<PersonBrief[]> {
  if (ids.length === 0) return [];
  if (ids.length > BRIEFS_AT_ONCE) return findBriefs(db, organisationId, ids);
  const values: Record<string, string> = { organisationId };
  // Unused slots repeat the first id: the same rows, found once.
  briefSlots.forEach((slot, i) => (values[slot] = ids[i] ?? ids[0]!));
  // As arrays (prepared.ts `rows`), made into objects here: in the order of BRIEF.
  return (await briefsByIds.rows(db, values)).map(
    (r): PersonBrief => ({
      id: r[0] as string,
      preferred_name: r[1] as string,
      full_name: r[2] as string | null,
      name_key: r[3] as string,
      pronouns: r[4] as string | null,
      date_of_birth: r[5] as string | null,
      approximate_age: r[6] as number | null,
      age_recorded_on: r[7] as string | null,
      postcode: r[8] as string | null,
      nhs_number: r[9] as string | null,
      merged_into_id: r[10] as string | null,
      last_contact_at: r[11] as string | null,
    }),
  );
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

// The looks that run on every search are compiled once (db/prepared.ts) and read the
// candidates' brief columns in the same query, so a search is a handful of index reads.
const termsOf = (db: DbOrTrx, organisationId: string, kind: string) =>
  withTerms(db)
    .selectFrom('person_search_terms')
    .innerJoin('people', 'people.id', 'person_search_terms.person_id')
    .select(BRIEF)
    .where('person_search_terms.organisation_id', '=', organisationId)
    .where('people.organisation_id', '=', organisationId)
    .where('person_search_terms.kind', '=', kind as SearchTerm['kind']);
const briefsByPrefix = prepared(['organisationId', 'kind', 'from', 'to'], (p: { organisationId: string; kind: string; from: string; to: string }) => (db) =>
  termsOf(db, p.organisationId, p.kind).where('person_search_terms.term', '>=', p.from).where('person_search_terms.term', '<', p.to).orderBy('person_search_terms.term').limit(WHOLE_NAME_LIMIT),
);
const briefsByTerm = prepared(['organisationId', 'kind', 'term'], (p: { organisationId: string; kind: string; term: string }) => (db) =>
  termsOf(db, p.organisationId, p.kind).where('person_search_terms.term', '=', p.term).limit(WHOLE_NAME_LIMIT),
);
/** Prefix ranges end at "~", which sorts after every letter and digit a term can hold. */
const prefixRange = (db: DbOrTrx, organisationId: string, kind: SearchTerm['kind'], prefix: string) =>
  briefsByPrefix.all(db, { organisationId, kind, from: prefix, to: `${prefix}~` }) as Promise<PersonBrief[]>;
const exactTerm = (db: DbOrTrx, organisationId: string, kind: SearchTerm['kind'], term: string) =>
  briefsByTerm.all(db, { organisationId, kind, term }) as Promise<PersonBrief[]>;

/** Adds rows not seen yet; answers how many there are now. */
function gather(into: Map<string, PersonBrief>, rows: PersonBrief[]): number {
  for (const row of rows) if (!into.has(row.id)) into.set(row.id, row);
  return into.size;
}

/**
 * On PostgreSQL, where each query is a round trip, both ranges of the whole-name look come in
 * one query (each still at most WHOLE_NAME_LIMIT rows, in term order), marked by `look`:
 * 0 the name as typed, 1 as it sounds.
 */
const briefsByWholeName = prepared(['organisationId', 'key', 'keyTo', 'phonetic', 'phoneticTo'], (p: { organisationId: string; key: string; keyTo: string; phonetic: string; phoneticTo: string }) => (db) => {
  const range = (look: number, kind: SearchTerm['kind'], from: string, to: string) =>
    db
      .selectFrom(
        termsOf(db, p.organisationId, kind)
          .select([sql<number>`${sql.lit(look)}`.as('look'), 'person_search_terms.term as term'])
          .where('person_search_terms.term', '>=', from)
          .where('person_search_terms.term', '<', to)
          .orderBy('person_search_terms.term')
          .limit(WHOLE_NAME_LIMIT)
          .as(`r${look}`),
      )
      .selectAll();
  return db.selectFrom(range(0, 'n', p.key, p.keyTo).unionAll(range(1, 'f', p.phonetic, p.phoneticTo)).as('whole')).selectAll().orderBy('look').orderBy('term');
});

/**
 * The fast first look: people whose whole name starts with the query (as typed, or as it
 * sounds). Each is one index range read of at most WHOLE_NAME_LIMIT rows; on PostgreSQL both
 * come in one query (one round trip), on SQLite the second is read only when needed.
 */
export async function wholeNameCandidates(db: DbOrTrx, organisationId: string, key: string, phonetic: string, enough: number): Promise<PersonBrief[]> {
  const found = new Map<string, PersonBrief>();
  if (key && phonetic && engineOf(db) === 'postgres') {
    const rows = (await briefsByWholeName.all(db as Db, { organisationId, key, keyTo: `${key}~`, phonetic, phoneticTo: `${phonetic}~` })) as (PersonBrief & { look: number; term: string })[];
    const brief = ({ look: _look, term: _term, ...person }: PersonBrief & { look: number; term: string }): PersonBrief => person;
    gather(found, rows.filter((r) => r.look === 0).map(brief));
    // Enough names start with the query as typed: those rank above any that only sound alike.
    if (found.size < enough) gather(found, rows.filter((r) => r.look === 1).map(brief));
    return [...found.values()];
  }
  for (const [kind, prefix] of [['n', key], ['f', phonetic]] as const) {
    // Enough names start with the query as typed: those rank above any that only sound alike.
    if (!prefix || found.size >= enough) continue;
    gather(found, await prefixRange(db, organisationId, kind, prefix));
  }
  return [...found.values()];
}

/**
 * For a one-word query (often a surname alone): people with a name word starting with it,
 * then, when those are fewer than `enough`, people with a word that sounds the same. Two
 * short index reads; a common word is cut at WHOLE_NAME_LIMIT rows.
 */
export async function wordCandidates(db: DbOrTrx, organisationId: string, word: string, code: string, enough: number): Promise<PersonBrief[]> {
  const found = new Map<string, PersonBrief>();
  // A single letter is an initial: that word exactly, not every name starting with it.
  gather(found, word.length === 1 ? await exactTerm(db, organisationId, 'w', word) : await prefixRange(db, organisationId, 'w', word));
  if (code && found.size < enough) gather(found, await exactTerm(db, organisationId, 'p', code));
  return [...found.values()];
}

/**
 * People with two of the query's words at once, by sound or first letters (pairTerms): exact
 * index lookups, so a query of two common names costs no more than a rare one.
 */
export async function pairCandidates(db: DbOrTrx, organisationId: string, terms: SearchTerm[]): Promise<PersonBrief[]> {
  const found = new Map<string, PersonBrief>();
  for (const t of terms) {
    if (found.size >= CANDIDATE_LIMIT) break;
    gather(found, await exactTerm(db, organisationId, t.kind, t.term));
  }
  return [...found.values()];
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
