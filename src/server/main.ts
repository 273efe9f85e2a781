import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { verifyAuditChain } from './audit/audit.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { backupDatabase, restoreDatabase } from './db/backup.js';
import { issueSetupLink } from './features/setup/service.js';
import type { AppInstance } from './http/context.js';

const HELP = `alongside: the platform crisis services run on when peer support is at their heart

Usage: alongside <command> [options]

Commands:
  start                 Run the server (applies migrations first). Prints a one-time
                        setup link when the database is empty.
  migrate               Apply database migrations and exit.
  demo                  Run the server on a fresh throwaway database full of fictional
                        demo data (password: ALONGSIDE_DEMO_PASSWORD, or printed).
  backup <file>         Copy the SQLite database to <file> while it is in use
                        (SQLite's online backup API). For PostgreSQL, prints pg_dump guidance.
  restore <file>        Replace the SQLite database with a backup (server must be stopped).
  audit verify          Check the audit trail's hash chain; prints OK or the first broken
                        sequence number (exit code 1 when broken).
  bench                 Run the benchmarks (see bench/README.md).
  help                  Show this help.

Settings come from the environment; see the README for the full table.
`;

function listenAndHandleSignals(app: AppInstance, config: Config): Promise<void> {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return app.listen({ port: config.port, host: config.host }).then(() => undefined);
}

async function start(config: Config): Promise<number> {
  const app = await buildApp(config, { runJobs: true });
  await listenAndHandleSignals(app, config);
  const link = await issueSetupLink(app.deps);
  const where = config.database.kind === 'sqlite' ? `SQLite at ${config.database.file}` : 'PostgreSQL';
  console.log(`\nAlongside is running at ${config.publicUrl}/app/ (${where}).`);
  if (link) {
    console.log('\nThis database is empty. Open this one-time link to create your organisation and its first administrator:');
    console.log(`\n  ${link}\n`);
    console.log('The link works once and expires in 24 hours; restarting the server makes a new one.\n');
  }
  return 0;
}

async function demo(config: Config): Promise<number> {
  const { prepareDemo } = await import('./demo/demo.js');
  const prepared = await prepareDemo(config);
  const app = await buildApp(prepared.config, { runJobs: true });
  const seeded = await prepared.seed(app.deps);
  // The app is already started (Fastify refuses new hooks), so the throwaway
  // database is removed as the process exits (cleanup's removal is synchronous).
  process.once('exit', () => void prepared.cleanup());
  await listenAndHandleSignals(app, prepared.config);
  console.log(`\nAlongside demo is running at ${prepared.config.publicUrl}/app/`);
  console.log('Everything in it is fictional, and the database is thrown away when you stop the server.\n');
  console.log('Sign in as any of these (no second factor needed in the demo):');
  for (const account of seeded.accounts) console.log(`  ${account.email.padEnd(24)} ${account.role}`);
  console.log(`\nPassword for every demo account: ${seeded.password}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help' || command === '--help') {
    console.log(HELP);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  switch (command) {
    case 'start':
      return start(config);
    case 'demo':
      return demo(config);
    case 'migrate': {
      const database = openDatabase(config.database);
      const applied = await migrateToLatest(database.db, database.engine);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      await database.close();
      return 0;
    }
    case 'backup':
      return backupDatabase(config, rest[0]);
    case 'restore':
      return restoreDatabase(config, rest[0]);
    case 'audit': {
      if (rest[0] !== 'verify') {
        console.error('Usage: alongside audit verify');
        return 2;
      }
      const database = openDatabase(config.database);
      try {
        const result = await verifyAuditChain(database.db);
        if (result.ok) {
          console.log(`OK: ${result.count} audit events, chain intact.`);
          return 0;
        }
        console.log(`BROKEN at sequence ${result.brokenAt}: ${result.reason}. ${result.count} events before it are intact.`);
        return 1;
      } finally {
        await database.close();
      }
    }
    case 'bench': {
      const { runBench } = await import('../../bench/run.js');
      // Raw arguments: the bench has options of its own (--duration 5 and so on).
      return runBench(argv.slice(argv.indexOf('bench') + 1));
    }
    default:
      console.error(`Unknown command: ${command}\n`);
      console.log(HELP);
      return 2;
  }
}
