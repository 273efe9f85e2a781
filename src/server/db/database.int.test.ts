import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINES, type TestDatabase } from '../testing/databases.js';
import { checkPostgresDurability, openDatabase, type OpenDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './tables.js';
import { flag, json, newId, toFlag } from './values.js';

describe('SQLite connections', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alongside-db-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('use WAL, foreign keys, synchronous FULL and a busy timeout', async () => {
    const open = openDatabase({ kind: 'sqlite', file: join(dir, 'pragmas.db') });
    try {
      const handle = open.sqlite!;
      expect(handle.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(handle.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(handle.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
      expect(handle.pragma('busy_timeout', { simple: true })).toBe(5000);
      // The same holds through Kysely (it uses the same single connection).
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(open.db);
      expect(rows[0]!.synchronous).toBe(2);
    } finally {
      await open.close();
    }
  });

  it('keep an acknowledged write when the process is killed with SIGKILL', async () => {
    const file = join(dir, 'crash.db');
    const setup = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(setup.db, 'sqlite');
    await setup.close();

    const databaseModule = pathToFileURL(resolve('src/server/db/database.ts')).href;
    const script = join(dir, 'writer.mts');
    writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(databaseModule)};
const open = openDatabase({ kind: 'sqlite', file: ${JSON.stringify(file)} });
await open.db.insertInto('app_meta').values({ key: 'crash-test', value: 'survived' }).execute();
console.log('written');
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`child never wrote: ${stderr}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('written')) {
          clearTimeout(timer);
          done();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`child exited early (${code}): ${stderr}`));
      });
    });
    const exited = new Promise((done) => child.once('exit', (_code, signal) => done(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const reopened = openDatabase({ kind: 'sqlite', file });
    try {
      const row = await reopened.db.selectFrom('app_meta').select('value').where('key', '=', 'crash-test').executeTakeFirst();
      expect(row?.value).toBe('survived');
    } finally {
      await reopened.close();
    }
  });
});

describe('PostgreSQL durability check', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => database.drop());

  it('passes on the test server', async () => {
    const open = database.open();
    try {
      expect(await checkPostgresDurability(open.db)).toEqual([]);
    } finally {
      await open.close();
    }
  });

  it('lives through PostgreSQL closing its idle connections, and carries on with fresh ones', async () => {
    if (database.config.kind !== 'postgres') throw new Error('expected postgres');
    const open = database.open();
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    try {
      await sql`select 1`.execute(open.db);
      const name = new URL(database.config.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: database.config.url });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      } finally {
        await admin.end();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(crashes).toEqual([]);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(open.db);
      expect(rows[0]!.one).toBe(1);
    } finally {
      process.off('uncaughtException', onCrash);
      await open.close();
    }
  });

  it('reports a server that would lose acknowledged writes', async () => {
    if (database.config.kind !== 'postgres') throw new Error('expected postgres');
    // One connection, so the session setting applies to every query the check makes.
    const pool = new pg.Pool({ connectionString: database.config.url, max: 1 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await sql`set synchronous_commit = off`.execute(db);
      const problems = await checkPostgresDurability(db);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('synchronous_commit');
    } finally {
      await db.destroy();
    }
  });
});

describe.each(ENGINES)('values on %s', (engine) => {
  let database: TestDatabase;
  let open: OpenDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    open = database.open();
    await migrateToLatest(open.db, engine);
  });
  afterAll(async () => {
    await open.close();
    await database.drop();
  });

  it('read back flags, JSON text and ISO timestamps exactly as written', async () => {
    const at = '2026-03-29T00:59:59.123Z';
    const hours = { monday: [{ open: '09:00', close: '17:00' }], note: 'Café — “quotes” and 🙂' };
    const orgId = newId();
    const serviceId = newId();
    const { db } = open;
    await db.insertInto('organisations').values({ id: orgId, name: 'Values', slug: `v-${orgId.slice(-12)}`, under16_service_name: null, under16_phone: null, is_demo: toFlag(true), created_at: at, updated_at: at, version: 1 }).execute();
    await db
      .insertInto('services')
      .values({ id: serviceId, organisation_id: orgId, slug: 'values', name: 'Values', type: 'safe_haven', area: 'Testshire', description: '', opening_hours: JSON.stringify(hours), session_limit: 10, is_default: toFlag(false), archived_at: null, created_at: at, updated_at: at, version: 1 })
      .execute();
    const org = await db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
    const service = await db.selectFrom('services').selectAll().where('id', '=', serviceId).executeTakeFirstOrThrow();
    expect(flag(org.is_demo)).toBe(true);
    expect(org.is_demo).toBe(1);
    expect(flag(service.is_default)).toBe(false);
    expect(service.is_default).toBe(0);
    expect(json(service.opening_hours, null)).toEqual(hours);
    expect(org.created_at).toBe(at);
    expect(service.archived_at).toBeNull();
    expect(service.session_limit).toBe(10);
    expect(org.version).toBe(1);
    // ISO text sorts in time order on both engines.
    const rows = await db.selectFrom('organisations').select('created_at').where('created_at', '>', '2026-03-29T00:59:59.000Z').where('id', '=', orgId).execute();
    expect(rows).toHaveLength(1);
  });
});
