import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../config.js';
import { applySqlitePragmas } from './database.js';

const PG_GUIDANCE = `This server uses PostgreSQL. Back it up with PostgreSQL's own tools, for example:

  pg_dump --format=custom --file=alongside-$(date +%F).dump "$DATABASE_URL"

and restore into an empty database with:

  pg_restore --dbname="$DATABASE_URL" --no-owner alongside-YYYY-MM-DD.dump

For point-in-time recovery, use continuous archiving (WAL archiving) as your PostgreSQL host documents.`;

/** Checks a SQLite file opens and passes its own integrity check. */
function checkIntegrity(file: string): string {
  const handle = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return String(handle.pragma('integrity_check', { simple: true }));
  } finally {
    handle.close();
  }
}

/** Online backup through SQLite's backup API: safe while the server is running. */
export async function backupDatabase(config: Config, target: string | undefined): Promise<number> {
  if (config.database.kind === 'postgres') {
    console.log(PG_GUIDANCE);
    return 0;
  }
  if (!target) {
    console.error('Usage: alongside backup <file>');
    return 2;
  }
  const destination = resolve(target);
  if (existsSync(destination)) {
    console.error(`${destination} already exists. Choose a new file name so no backup is overwritten.`);
    return 2;
  }
  const handle = new SqliteDatabase(config.database.file, { fileMustExist: true });
  try {
    applySqlitePragmas(handle);
    await handle.backup(destination);
  } finally {
    handle.close();
  }
  const check = checkIntegrity(destination);
  if (check !== 'ok') {
    console.error(`The backup failed its integrity check: ${check}`);
    return 1;
  }
  console.log(`Backed up to ${destination} (integrity check: ok).`);
  return 0;
}

/** Replaces the database file with a checked backup. The server must be stopped first. */
export async function restoreDatabase(config: Config, source: string | undefined): Promise<number> {
  if (config.database.kind === 'postgres') {
    console.log(PG_GUIDANCE);
    return 0;
  }
  if (!source || !existsSync(source)) {
    console.error('Usage: alongside restore <backup-file> (stop the server first)');
    return 2;
  }
  const check = checkIntegrity(source);
  if (check !== 'ok') {
    console.error(`That backup failed its integrity check, so nothing was changed: ${check}`);
    return 1;
  }
  const live = resolve(config.database.file);
  if (existsSync(live)) {
    // Make sure no server holds the database: an exclusive lock fails if one does.
    const handle = new SqliteDatabase(live, { fileMustExist: true, timeout: 100 });
    try {
      handle.pragma('wal_checkpoint(TRUNCATE)');
      handle.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch {
      handle.close();
      console.error('The database is in use. Stop the server, then restore.');
      return 1;
    }
    handle.close();
    const kept = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(live, kept);
    for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
    console.log(`The previous database was kept as ${kept}.`);
  }
  copyFileSync(source, live);
  console.log(`Restored ${live} from ${resolve(source)}. Start the server to use it.`);
  return 0;
}
