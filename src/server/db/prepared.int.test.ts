import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINES, type TestDatabase } from '../testing/databases.js';
import { pgPoolOf, sqliteHandleOf, type OpenDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { prepared } from './prepared.js';
import { newId } from './values.js';

const at = '2026-11-26T10:00:00.000Z';

const organisationNamed = prepared(['slug', 'after'], (p: { slug: string; after: string }) => (db) =>
  db.selectFrom('organisations').select(['id', 'name']).where('slug', '=', p.slug).where('created_at', '>', p.after).where('is_demo', '=', 0).orderBy('name').limit(5),
);

describe.each(ENGINES)('prepared queries on %s', (engine) => {
  let database: TestDatabase;
  let open: OpenDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    open = database.open();
    await migrateToLatest(open.db, engine);
    for (const slug of ['north', 'south']) {
      await open.db
        .insertInto('organisations')
        .values({ id: newId(), name: `${slug} partnership`, slug, under16_service_name: null, under16_phone: null, is_demo: 0, created_at: at, updated_at: at, version: 1 })
        .execute();
    }
  });
  afterAll(async () => {
    await open.close();
    await database.drop();
  });

  it('run with each call’s own values, keeping the constants built in', async () => {
    expect((await organisationNamed.takeFirst(open.db, { slug: 'north', after: '2020-01-01' }))?.name).toBe('north partnership');
    expect((await organisationNamed.takeFirst(open.db, { slug: 'south', after: '2020-01-01' }))?.name).toBe('south partnership');
    expect(await organisationNamed.all(open.db, { slug: 'south', after: '2027-01-01' })).toEqual([]);
    expect(await organisationNamed.takeFirst(open.db, { slug: 'nowhere', after: '2020-01-01' })).toBeUndefined();
  });

  it('run on the engine’s fast path (a SQLite statement, a named PostgreSQL statement)', () => {
    if (engine === 'sqlite') expect(sqliteHandleOf(open.db)).toBeDefined();
    else expect(pgPoolOf(open.db)).toBeDefined();
  });

  it('on PostgreSQL, are planned once per connection (the generic plan), not on every run', async () => {
    if (engine !== 'postgres') return;
    for (let i = 0; i < 8; i += 1) await organisationNamed.all(open.db, { slug: 'north', after: '2020-01-01' });
    // One query at a time, so the pool kept one connection: the one asked here.
    const { rows } = await pgPoolOf(open.db)!.query<{ generic_plans: number; custom_plans: number }>(`select generic_plans, custom_plans from pg_prepared_statements where name like 'alongside_%'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.custom_plans).toBe(0);
    expect(rows[0]!.generic_plans).toBeGreaterThanOrEqual(8);
  });

  it('treat hostile values as values', async () => {
    expect(await organisationNamed.all(open.db, { slug: "north' or '1'='1", after: '2020-01-01' })).toEqual([]);
  });

  it('refuse a placeholder the query does not use', async () => {
    const broken = prepared(['slug', 'unused'], (p: { slug: string; unused: string }) => (db) => db.selectFrom('organisations').select('id').where('slug', '=', p.slug));
    await expect(broken.all(open.db, { slug: 'north', unused: 'x' })).rejects.toThrow('does not use unused');
  });

  it('never read another transaction’s uncommitted rows', async () => {
    let outside: Promise<unknown[]> | undefined;
    const attempt = open.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('organisations')
        .values({ id: newId(), name: 'east partnership', slug: 'east', under16_service_name: null, under16_phone: null, is_demo: 0, created_at: at, updated_at: at, version: 1 })
        .execute();
      // A read by another request while this transaction is open (on SQLite: the same connection).
      outside = organisationNamed.all(open.db, { slug: 'east', after: '2020-01-01' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('rolled back');
    });
    await expect(attempt).rejects.toThrow('rolled back');
    expect(await outside).toEqual([]);
    expect(await organisationNamed.all(open.db, { slug: 'east', after: '2020-01-01' })).toEqual([]);
  });

  it('run inside a transaction too', async () => {
    const name = await open.db.transaction().execute(async (trx) => (await organisationNamed.takeFirst(trx, { slug: 'north', after: '2020-01-01' }))?.name);
    expect(name).toBe('north partnership');
  });

  it('give rows as arrays in the order selected, on the fast path and inside a transaction', async () => {
    const north = await organisationNamed.takeFirst(open.db, { slug: 'north', after: '2020-01-01' });
    expect(await organisationNamed.rows(open.db, { slug: 'north', after: '2020-01-01' })).toEqual([[north!.id, 'north partnership']]);
    const inside = await open.db.transaction().execute((trx) => organisationNamed.rows(trx, { slug: 'north', after: '2020-01-01' }));
    expect(inside).toEqual([[north!.id, 'north partnership']]);
    expect(await organisationNamed.rows(open.db, { slug: 'south', after: '2027-01-01' })).toEqual([]);
  });
});
