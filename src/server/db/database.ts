import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './tables.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface OpenDatabase {
  db: Db;
  engine: Engine;
  /** The raw better-sqlite3 handle (backups use its online backup API). */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

// PostgreSQL's int8 (count(*), sums) arrive as strings by default; numbers are what
// both engines should give, and our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** Pragmas DESIGN.md requires on every SQLite connection. */
export function applySqlitePragmas(handle: SqliteDatabase.Database): void {
  handle.pragma('journal_mode = WAL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  // better-sqlite3 opens WAL databases at NORMAL, which can lose committed writes on
  // power loss; FULL makes an acknowledged write survive a crash.
  handle.pragma('synchronous = FULL');
}

/**
 * Kysely prepares a new statement for every query; preparing costs more than running
 * a small indexed query. Our queries are built from code, so their SQL text repeats
 * and each statement can be prepared once and reused (parameters stay bound per call).
 */
export function withStatementCache(handle: SqliteDatabase.Database, max = 1000): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    const cached = cache.get(source);
    // A statement still being iterated cannot run again; give that caller a fresh one.
    if (cached && !cached.busy) return cached;
    const statement = handle.prepare(source);
    if (!cached) {
      if (cache.size >= max) cache.clear();
      cache.set(source, statement);
    }
    return statement;
  };
  return new Proxy(handle, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * SQLite gathers no planner statistics by itself; without them, searches over 100,000
 * people chose poor indexes (73 ms against 7 ms with statistics, bench/README.md). SQLite's
 * advice for long-lived connections: `optimize` with a bounded analysis when opening, and
 * again every few hours. The bound keeps it to milliseconds even on large databases.
 */
export function refreshSqliteStatistics(handle: SqliteDatabase.Database): void {
  handle.pragma('analysis_limit = 1000');
  handle.pragma('optimize = 0x10002');
}

/** The better-sqlite3 handle behind each SQLite Kysely instance (db/prepared.ts runs its reads there directly). */
const sqliteHandles = new WeakMap<object, SqliteDatabase.Database>();
export const sqliteHandleOf = (db: object): SqliteDatabase.Database | undefined => sqliteHandles.get(db);
/** Which engine a database handle (not a transaction) runs on. */
export const engineOf = (db: object): Engine | undefined => (sqliteHandles.has(db) ? 'sqlite' : pgPools.has(db) ? 'postgres' : undefined);
/** Per PostgreSQL Kysely instance, the pool db/prepared.ts runs its named statements on (always with their generic plans). */
const pgPools = new WeakMap<object, pg.Pool>();
export const pgPoolOf = (db: object): pg.Pool | undefined => pgPools.get(db);

export function openDatabase(database: Config['database']): OpenDatabase {
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
    const handle = new SqliteDatabase(database.file);
    applySqlitePragmas(handle);
    refreshSqliteStatistics(handle);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) });
    sqliteHandles.set(db, handle);
    return { db, engine: 'sqlite', sqlite: handle, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // The compiled hot queries (db/prepared.ts) run on their own connections, where PostgreSQL
  // always uses the statement's generic plan. By default it kept planning them afresh on
  // every run (their generic plans look dearer on paper), which cost more than running them:
  // 0.8 ms of planning for a 0.1 ms search. Their plans do not depend on the values (each is
  // an index range or lookup), so one plan per connection is right. Other queries keep the
  // default. Connections are opened when first needed.
  const preparedPool = new pg.Pool({ connectionString: database.url, max: 10, options: '-c plan_cache_mode=force_generic_plan', allowExitOnIdle: true });
  pgPools.set(db, preparedPool);
  // An idle connection that PostgreSQL closes (a restart, a failover, an administrator) is
  // reported on its pool; without a listener Node would treat it as a crash. The pool has
  // already let that connection go, and the next query opens a fresh one.
  for (const p of [pool, preparedPool]) p.on('error', () => undefined);
  return {
    db,
    engine: 'postgres',
    close: async () => {
      await db.destroy();
      await preparedPool.end();
    },
  };
}

/**
 * PostgreSQL must be configured not to lose acknowledged writes. Refuse to start
 * on a server that has been tuned for speed at the cost of durability.
 */
export async function checkPostgresDurability(db: Db): Promise<string[]> {
  const problems: string[] = [];
  for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes']) {
    const { rows } = await sql<{ value: string }>`select current_setting(${setting}) as value`.execute(db);
    const value = rows[0]?.value;
    if (value !== 'on' && !(setting === 'synchronous_commit' && (value === 'remote_apply' || value === 'remote_write'))) {
      problems.push(`${setting} is '${value}' (must be on)`);
    }
  }
  return problems;
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
