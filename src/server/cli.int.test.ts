import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from './audit/audit.js';
import { openDatabase } from './db/database.js';
import { createTestDatabase, type TestDatabase } from './testing/databases.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], databaseUrl: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/alongside.js', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SECRET_KEY: 'cli-test-secret-key-that-is-long-enough' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function readMarker(file: string): string | undefined {
  const handle = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return (handle.prepare("select value from app_meta where key = 'cli-marker'").get() as { value: string } | undefined)?.value;
  } finally {
    handle.close();
  }
}

async function setMarker(file: string, value: string): Promise<void> {
  const open = openDatabase({ kind: 'sqlite', file });
  try {
    await open.db.deleteFrom('app_meta').where('key', '=', 'cli-marker').execute();
    await open.db.insertInto('app_meta').values({ key: 'cli-marker', value }).execute();
  } finally {
    await open.close();
  }
}

describe('the alongside command (SQLite)', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alongside-cli-'));
    file = join(dir, 'live.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help lists the commands', async () => {
    const run = await cli(['--help'], file);
    expect(run.code).toBe(0);
    for (const command of ['start', 'migrate', 'demo', 'backup', 'restore', 'audit verify']) expect(run.stdout).toContain(command);
  });

  it('migrate creates the tables', async () => {
    const run = await cli(['migrate'], file);
    expect(run.code, run.stderr).toBe(0);
    const handle = new SqliteDatabase(file, { readonly: true });
    const tables = (handle.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name);
    handle.close();
    expect(tables).toEqual(expect.arrayContaining(['organisations', 'users', 'sessions', 'audit_events']));
    const again = await cli(['migrate'], file);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('audit verify prints OK, then BROKEN at the altered row', async () => {
    const open = openDatabase({ kind: 'sqlite', file });
    const ctx = { engine: 'sqlite' as const, secretKey: 'cli-test-secret-key-that-is-long-enough' };
    for (let i = 0; i < 4; i++) await recordAudit(open.db, ctx, { organisationId: null, actorUserId: null, action: `cli.test.${i}` });
    await open.close();

    const ok = await cli(['audit', 'verify'], file);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK: 4 audit events/);

    // Tamper on a copy so later tests keep a good chain: the append-only trigger is
    // dropped first, as someone with direct access to the file could do.
    const tampered = join(dir, 'tampered.db');
    const source = new SqliteDatabase(file);
    await source.backup(tampered);
    source.close();
    const handle = new SqliteDatabase(tampered);
    handle.exec('drop trigger audit_events_no_update');
    handle.prepare("update audit_events set action = 'cli.test.X' where seq = 3").run();
    handle.close();
    const broken = await cli(['audit', 'verify'], tampered);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN at sequence 3');
  });

  it('backup makes a checked copy with the data, and never overwrites a file', async () => {
    await setMarker(file, 'before');
    const target = join(dir, 'backup-1.db');
    const run = await cli(['backup', target], file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('integrity check: ok');
    const handle = new SqliteDatabase(target, { readonly: true });
    expect(handle.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((handle.prepare('select count(*) as n from audit_events').get() as { n: number }).n).toBe(4);
    handle.close();
    expect(readMarker(target)).toBe('before');

    const again = await cli(['backup', target], file);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
    expect(readMarker(target)).toBe('before');
  });

  it('restore replaces the database and keeps the old one', async () => {
    await setMarker(file, 'after');
    const run = await cli(['restore', join(dir, 'backup-1.db')], file);
    expect(run.code, run.stderr).toBe(0);
    expect(readMarker(file)).toBe('before');
    const kept = readdirSync(dir).filter((name) => name.startsWith('live.db.before-restore-') && !/-(wal|shm)$/.test(name));
    expect(kept).toHaveLength(1);
    expect(readMarker(join(dir, kept[0]!))).toBe('after');
    const verify = await cli(['audit', 'verify'], file);
    expect(verify.code).toBe(0);
  });

  it('restore refuses a file that is not there', async () => {
    const run = await cli(['restore', join(dir, 'nothing-here.db')], file);
    expect(run.code).not.toBe(0);
    expect(readMarker(file)).toBe('before');
  });
});

describe('the alongside command (PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => database.drop());

  it('migrate works and backup prints pg_dump guidance', async () => {
    if (database.config.kind !== 'postgres') throw new Error('expected postgres');
    const migrated = await cli(['migrate'], database.config.url);
    expect(migrated.code, migrated.stderr).toBe(0);
    const open = database.open();
    const { rows } = await sql<{ n: number }>`select cast(count(*) as integer) as n from information_schema.tables where table_name = 'audit_events'`.execute(open.db);
    await open.close();
    expect(rows[0]!.n).toBe(1);

    const run = await cli(['backup', 'ignored.dump'], database.config.url);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pg_dump');
    expect(existsSync(join(process.cwd(), 'ignored.dump'))).toBe(false);
  });
});
