import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Typo-tolerant people search that stays fast with many people: one row per word of a
 * person's names (kind 'w': the normalised word) and per phonetic code of each word
 * (kind 'p': Double Metaphone). A query word is looked up by indexed prefix range on
 * 'w' and by equality on 'p', so no search scans the people table.
 * On PostgreSQL the term uses the "C" collation so a prefix is one contiguous index range.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('person_search_terms')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    /** 'w': a name word; 'p': a phonetic code. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => (engine === 'postgres' ? c.notNull().modifyFront(sql`collate "C"`) : c.notNull()))
    .addPrimaryKeyConstraint('person_search_terms_pk', ['person_id', 'kind', 'term'])
    .execute();
  await db.schema
    .createIndex('person_search_terms_lookup')
    .on('person_search_terms')
    .columns(['organisation_id', 'kind', 'term', 'person_id'])
    .execute();
}
