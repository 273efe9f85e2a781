import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { pgPoolOf, sqliteHandleOf } from './database.js';
import type { Database } from './tables.js';

/**
 * A Kysely query built and compiled once per database, then run many times with new values.
 *
 * Building a query (parsing references, freezing the operation tree) and compiling it to SQL
 * cost more than running a small indexed query on SQLite: about a sixth of a signed-in
 * request's time went there (bench/README.md). The queries that run on every request, or
 * many times a request, are written once with placeholders:
 *
 *   const findSession = prepared((p: { id: string }) => (db) =>
 *     db.selectFrom('sessions').selectAll().where('id', '=', p.id));
 *   const row = await findSession.takeFirst(db, { id });
 *
 * The builder is called with stand-in values; each stand-in in the compiled parameters is
 * replaced by the real value on every run. Use each placeholder as a plain value only (not
 * inside `in` lists or string concatenation), so it stays one parameter.
 *
 * On SQLite a read runs straight on the connection's prepared statement, synchronously:
 * Kysely's asynchronous driver (a connection lock and several awaits a query) cost three
 * times the query itself under load. That is only done when no transaction is open on the
 * connection; otherwise the read goes through Kysely and waits its turn, so it never sees
 * another request's uncommitted writes.
 *
 * On PostgreSQL it runs as a named prepared statement on a pooled connection, so the server
 * parses and plans it once per connection instead of on every request. Inside a transaction
 * (a separate Kysely object) it goes through Kysely on the transaction's own connection.
 */
type Builder<P, R> = (placeholders: P) => (db: Kysely<Database>) => Compilable<R>;

const STAND_IN = '\u0000alongside-placeholder:';

export interface Prepared<P, R> {
  all(db: Kysely<Database>, values: P): Promise<R[]>;
  takeFirst(db: Kysely<Database>, values: P): Promise<R | undefined>;
  /**
   * The rows as arrays, one value per selected column in the order selected. For a hot read
   * of many rows and columns: better-sqlite3 builds a row object property by property, which
   * cost about as much as the read itself for a page of search results; an object literal
   * made from the array in JavaScript costs little.
   */
  rows(db: Kysely<Database>, values: P): Promise<unknown[][]>;
}

export function prepared<P extends Record<string, unknown>, R>(keys: readonly (keyof P & string)[], build: Builder<P, R>): Prepared<P, R> {
  // Per database (each engine compiles its own SQL); transactions are separate objects and compile their own.
  const compiled = new WeakMap<
    Kysely<Database>,
    { query: CompiledQuery<R>; slots: (keyof P | null)[]; direct?: { handle: SqliteDatabase.Database; statement: SqliteDatabase.Statement; raw?: SqliteDatabase.Statement }; named?: { pool: pg.Pool; name: string } }
  >();
  const stands = Object.fromEntries(keys.map((k) => [k, `${STAND_IN}${k}`])) as unknown as P;

  const compile = (db: Kysely<Database>) => {
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(stands)(db).compile();
      const slots = query.parameters.map((value) => (typeof value === 'string' && value.startsWith(STAND_IN) ? (value.slice(STAND_IN.length) as keyof P) : null));
      const used = new Set(slots.filter((s) => s !== null));
      const missing = keys.filter((k) => !used.has(k));
      if (missing.length) throw new Error(`prepared query does not use ${missing.join(', ')} as a parameter`);
      const handle = sqliteHandleOf(db);
      const statement = handle?.prepare(query.sql);
      const pool = pgPoolOf(db);
      // The name is the SQL's digest: the same text always has the same name on every connection.
      const named = pool ? { pool, name: `alongside_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}` } : undefined;
      entry = { query, slots, ...(handle && statement?.reader ? { direct: { handle, statement } } : {}), ...(named ? { named } : {}) };
      compiled.set(db, entry);
    }
    return entry;
  };

  const parametersOf = (query: CompiledQuery<R>, slots: (keyof P | null)[], values: P) =>
    query.parameters.map((value, i) => {
      const slot = slots[i];
      return slot === null || slot === undefined ? value : values[slot];
    });

  const run = async (db: Kysely<Database>, values: P): Promise<R[]> => {
    const { query, slots, direct, named } = compile(db);
    const parameters = parametersOf(query, slots, values);
    if (direct && !direct.handle.inTransaction) return direct.statement.all(parameters) as R[];
    if (named) return (await named.pool.query({ name: named.name, text: query.sql, values: parameters as unknown[] })).rows as R[];
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };

  const rows = async (db: Kysely<Database>, values: P): Promise<unknown[][]> => {
    const { query, slots, direct, named } = compile(db);
    const parameters = parametersOf(query, slots, values);
    if (direct && !direct.handle.inTransaction) {
      // A second statement for the same SQL, in raw mode (a statement's mode is its own).
      direct.raw ??= direct.handle.prepare(query.sql).raw(true);
      return direct.raw.all(parameters) as unknown[][];
    }
    if (named) return (await named.pool.query({ name: named.name, text: query.sql, values: parameters as unknown[], rowMode: 'array' })).rows as unknown[][];
    // Through Kysely (in a transaction): a row object's own keys keep the order selected.
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows.map((row) => Object.values(row as object) as unknown[]);
  };

  return {
    all: run,
    async takeFirst(db, values) {
      return (await run(db, values))[0];
    },
    rows,
  };
}
