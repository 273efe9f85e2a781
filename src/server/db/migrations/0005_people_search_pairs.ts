import type { Kysely } from 'kysely';
import { nameKey, nameWords, pairTerms } from '../../features/people/rules.js';
import type { Engine } from '../database.js';

/**
 * Pair terms for people search (kinds 'q' and 'r', see pairTerms in features/people/rules.ts):
 * a query of two names finds the people who have both in one exact index lookup, where a
 * union of each name's matches read thousands of rows with 100,000 people (bench/README.md).
 * No schema change; existing people (not merged: merged records have no terms) get their
 * pair terms here, a page at a time so a large database is never held in memory at once.
 */
interface PersonNames {
  id: string;
  organisation_id: string;
  preferred_name: string;
  full_name: string | null;
}
type Db = Kysely<{ people: PersonNames & { merged_into_id: string | null }; person_search_terms: { organisation_id: string; person_id: string; kind: string; term: string } }>;

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  const d = db as unknown as Db;
  let after = '';
  for (;;) {
    const people = await d
      .selectFrom('people')
      .select(['id', 'organisation_id', 'preferred_name', 'full_name'])
      .where('merged_into_id', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(2000)
      .execute();
    if (people.length === 0) return;
    const rows = people.flatMap((p) =>
      pairTerms(nameWords(`${nameKey(p.preferred_name)} ${nameKey(p.full_name ?? '')}`)).map((t) => ({ organisation_id: p.organisation_id, person_id: p.id, kind: t.kind, term: t.term })),
    );
    // 500 rows of 4 values: well under both engines' parameter limits.
    for (let i = 0; i < rows.length; i += 500) {
      await d.insertInto('person_search_terms').values(rows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
    }
    after = people[people.length - 1]!.id;
  }
}
