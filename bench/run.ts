import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app.js';
import { createSession, sessionCookieName } from '../src/server/auth/sessions.js';
import { loadConfig, parseDatabaseUrl, type Config } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { loadSecretKey } from '../src/server/auth/secrets.js';
import { DEFAULT_GENERATE, describeGenerated, generate } from './generate.js';
import { fillHelpPageDirectory, HELP_PAGE_BUDGET_BYTES, HELP_PAGE_PATH, helpPageSizes, staticTwin } from './help-page.js';

/**
 * `npm run bench` (`alongside bench`): the API budget from DESIGN.md, measured on this
 * machine in one run so the figures can be compared with each other.
 *
 *  1. baseline: a bare Fastify route answering {ok:true};
 *  2. read: a typical authenticated read on the whole app (sessions, access checks,
 *     rate limiting, security headers, response validation) over SQLite filled by
 *     bench/generate.ts;
 *  3. board: GET /api/v1/services/:serviceId/board of the busiest service;
 *  4. search: GET /api/v1/people?q=<a real person's name, misspelt>;
 *  5. the public help page (GET /help, brotli) against a static file of the same bytes,
 *     and its size on the wire in each language (bench/help-page.ts).
 *
 * Budgets, for each of read, board and search: throughput at least 0.5 of the baseline,
 * p99 under 20 ms at 50 connections. The help page: at most 14 KB compressed in every
 * language, brotli and gzip alike (its throughput is reported, with no budget). Over budget prints OVER BUDGET and still exits 0; a broken measurement
 * (errors, non-2xx answers) exits 1. Traffic goes to 127.0.0.1 only.
 *
 * `alongside bench generate --database-url <file|postgres://…> [--contacts N]` only
 * writes the data set into a database of your choosing, for looking at by hand.
 */

export const BUDGET = { minRatio: 0.5, maxP99Ms: 20 };

const HELP = `Usage: alongside bench [options]
       alongside bench generate --database-url <file or postgres URL> [--contacts N] [--people N]

Options:
  --duration <s>       Seconds to measure each target (default 5), after a 1 s warm-up.
  --connections <n>    Concurrent connections (default 50).
  --contacts <n>       Size of the generated data set (default ${DEFAULT_GENERATE.contacts}).
  --people <n>         People with a record (default: a tenth of the contacts).
  --database-url <u>   Use this database instead of a throwaway SQLite file (bench only
                       writes to it; give an empty one, or one filled earlier with --reuse).
  --reuse              Measure the data already in --database-url (written by an earlier
                       bench or bench generate) instead of generating it again.
  --out <file>         Where to write the results (default bench/results/latest.json).
`;

interface Figure {
  target: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Runs autocannon in a separate process, so the load generator never shares the
 * server's event loop (in-process load would make both figures the generator's).
 */
function autocannonProcess(url: string, connections: number, duration: number, headers: Record<string, string> = {}): Promise<AutocannonJson> {
  const cli = join(here, '..', 'node_modules', 'autocannon', 'autocannon.js');
  const args = [cli, '--json', '-c', String(connections), '-d', String(duration), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      try {
        resolve(JSON.parse(out) as AutocannonJson);
      } catch (error) {
        reject(error);
      }
    });
  });
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function measure(target: string, url: string, options: { duration: number; connections: number; headers?: Record<string, string> }): Promise<Figure> {
  // Warm-up: JIT, statement caches, connection set-up.
  await autocannonProcess(url, options.connections, 1, options.headers);
  const result = await autocannonProcess(url, options.connections, options.duration, options.headers);
  return {
    target,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A plain Fastify app with one route: what the machine can do with no work at all. */
async function baselineServer() {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, url: `http://127.0.0.1:${address.port}/` };
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

async function generateOnly(values: Record<string, string | boolean | undefined>): Promise<number> {
  const url = values['database-url'];
  if (typeof url !== 'string') {
    console.error('bench generate: give --database-url (a file path or a postgres:// URL).');
    return 2;
  }
  const database = openDatabase(parseDatabaseUrl(url));
  try {
    await migrateToLatest(database.db, database.engine);
    const secretKey = await loadSecretKey(database.db, process.env.SECRET_KEY);
    const data = await generate(
      { db: database.db, engine: database.engine, secretKey },
      { contacts: Number(values.contacts ?? DEFAULT_GENERATE.contacts), ...(values.people === undefined ? {} : { people: Number(values.people) }), log: console.log },
    );
    console.log(JSON.stringify(data.counts));
    return 0;
  } finally {
    await database.close();
  }
}

export async function runBench(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      contacts: { type: 'string' },
      people: { type: 'string' },
      'database-url': { type: 'string' },
      reuse: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals[0] === 'generate') return generateOnly(values);
  if (positionals.length) {
    console.error(`bench: unknown command ${positionals[0]}\n\n${HELP}`);
    return 2;
  }
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const contacts = Number(values.contacts ?? DEFAULT_GENERATE.contacts);
  const people = values.people === undefined ? undefined : Number(values.people);
  if (!(duration > 0 && duration <= 600) || !(connections >= 1 && connections <= 1000) || !(contacts >= 0) || (people !== undefined && !(people >= 0))) {
    console.error('bench: --duration must be 1–600 seconds, --connections 1–1000, --contacts and --people 0 or more.');
    return 2;
  }

  if (values.reuse && !values['database-url']) {
    console.error('bench: --reuse needs --database-url (the database filled earlier).');
    return 2;
  }
  const folder = mkdtempSync(join(tmpdir(), 'alongside-bench-'));
  const databaseUrl = values['database-url'] ?? join(folder, 'bench.db');
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' } as NodeJS.ProcessEnv),
    database: parseDatabaseUrl(databaseUrl),
    // The rate limiter still runs on every request (its cost is part of the figure);
    // the limit is raised so one address can send the whole load.
    rateLimitPerMinute: 100_000_000,
    secretKey: 'bench-secret-key-not-for-real-use-000000',
  };

  const baseline = await baselineServer();
  const app = await buildApp(config);
  try {
    const reused = values.reuse ? await describeGenerated(app.deps.db) : null;
    if (values.reuse && !reused) {
      console.error('bench: --reuse found no generated data in that database.');
      return 2;
    }
    let data = reused;
    if (data) {
      console.log(`Reusing the data already there: ${JSON.stringify(data.counts)}`);
    } else {
      console.log(`Generating data: ${contacts} contacts' worth of history…`);
      const began = Date.now();
      data = await generate(app.deps, { contacts, ...(people === undefined ? {} : { people }), log: (line) => console.log(line) });
      console.log(`Generated in ${((Date.now() - began) / 1000).toFixed(1)} s: ${JSON.stringify(data.counts)}`);
    }

    // A real session, as sign-in would make it (without spending argon2 time).
    const { token } = await createSession(app.deps.db, { id: data.peerWorker.id, organisation_id: data.organisationId }, 'full', 'bench', {
      idleMs: config.sessionIdleMs,
      absoluteMs: config.sessionAbsoluteMs,
      clock: Date.now,
    });
    const headers = { cookie: `${sessionCookieName(config.secureCookies)}=${token}` };
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const origin = `http://127.0.0.1:${address.port}`;

    // The typical read: the services list when that route exists, otherwise the session.
    let route = '/api/v1/services';
    const probe = await fetch(`${origin}${route}`, { headers });
    await probe.arrayBuffer();
    if (probe.status !== 200) route = '/api/v1/auth/session';
    const check = await fetch(`${origin}${route}`, { headers });
    await check.arrayBuffer();
    if (check.status !== 200) {
      console.error(`bench: GET ${route} answered ${check.status}, so there is nothing to measure.`);
      return 1;
    }

    // The board of the first (busiest) service, where the session's peer worker is on shift,
    // and a search for a real person's name as someone might mistype it.
    const boardRoute = `/api/v1/services/${data.serviceIds[0]}/board`;
    const searchRoute = `/api/v1/people?q=${encodeURIComponent(data.searchExample.query)}`;
    for (const path of [boardRoute, searchRoute]) {
      const res = await fetch(`${origin}${path}`, { headers });
      const body = await res.text();
      if (res.status !== 200) {
        console.error(`bench: GET ${path} answered ${res.status}, so there is nothing to measure.`);
        return 1;
      }
      if (path === searchRoute) {
        const found = (JSON.parse(body) as { people: { fullName: string | null }[] }).people;
        const hit = found.findIndex((p) => p.fullName === data.searchExample.fullName);
        console.log(`Search "${data.searchExample.query}" for ${data.searchExample.fullName}: ${found.length} results, ${hit >= 0 ? `first exact name at ${hit + 1}` : 'the name is not among them'}.`);
      }
    }

    // The help page at its largest: the most directory entries it lists.
    await fillHelpPageDirectory(app.deps, data.organisationId, data.serviceIds[0]!);
    const helpSizes = await helpPageSizes(origin);

    console.log(`Measuring ${duration} s each at ${connections} connections…`);
    const bare = await measure('bare Fastify route', baseline.url, { duration, connections });
    const read = await measure(`GET ${route}`, `${origin}${route}`, { duration, connections, headers });
    const board = await measure('GET /api/v1/services/:serviceId/board', `${origin}${boardRoute}`, { duration, connections, headers });
    const search = await measure('GET /api/v1/people?q=<misspelt name>', `${origin}${searchRoute}`, { duration, connections, headers });
    const brotli = { 'accept-encoding': 'br' };
    const twin = await staticTwin(origin);
    const [help, helpStatic] = await (async () => {
      try {
        return [
          await measure(`GET ${HELP_PAGE_PATH} (public, brotli)`, `${origin}${HELP_PAGE_PATH}`, { duration, connections, headers: brotli }),
          await measure('static file, same bytes', twin.url, { duration, connections, headers: brotli }),
        ] as const;
      } finally {
        await twin.close();
      }
    })();
    // Requests the load generator left in flight still finish before the app (and its database) closes.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const ratioOf = (f: Figure) => (bare.requestsPerSecond ? f.requestsPerSecond / bare.requestsPerSecond : 0);
    const ratio = ratioOf(read);
    const over: string[] = [];
    for (const [name, f] of [['read', read], ['board', board], ['search', search]] as const) {
      const r = ratioOf(f);
      const label = name === 'read' ? '' : `${name} `;
      if (r < BUDGET.minRatio) over.push(`${label}throughput ratio ${r.toFixed(2)} is below ${BUDGET.minRatio}`);
      if (f.latencyMs.p99 >= BUDGET.maxP99Ms) over.push(`${label}p99 ${f.latencyMs.p99} ms is not under ${BUDGET.maxP99Ms} ms`);
    }
    for (const size of helpSizes) {
      for (const encoding of ['br', 'gzip'] as const) {
        if (size[encoding] > HELP_PAGE_BUDGET_BYTES) over.push(`help page (${size.lang}, ${encoding}) is ${size[encoding]} bytes, over ${HELP_PAGE_BUDGET_BYTES}`);
      }
    }
    const helpRatio = helpStatic.requestsPerSecond ? help.requestsPerSecond / helpStatic.requestsPerSecond : 0;
    const broken = [bare, read, board, search, help, helpStatic].filter((f) => f.errors > 0 || f.non2xx > 0 || f.requests === 0);

    const results = {
      at: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
      settings: { durationSeconds: duration, connections, engine: app.deps.engine, logLevel: config.logLevel },
      data: data.counts,
      baseline: bare,
      read,
      ratio: Number(ratio.toFixed(3)),
      board: { ...board, ratio: Number(ratioOf(board).toFixed(3)) },
      search: { ...search, query: data.searchExample.query, ratio: Number(ratioOf(search).toFixed(3)) },
      helpPage: { budgetBytes: HELP_PAGE_BUDGET_BYTES, sizes: helpSizes, page: help, staticFile: helpStatic, ratioToStatic: Number(helpRatio.toFixed(3)) },
      budget: BUDGET,
      withinBudget: over.length === 0,
      overBudget: over,
    };
    const out = values.out ?? join(here, 'results', 'latest.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

    console.log('');
    console.log(
      formatTable([
        ['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'non-2xx', 'errors'],
        ...[bare, read, board, search, help, helpStatic].map((f) => [f.target, String(f.requestsPerSecond), String(f.latencyMs.p50), String(f.latencyMs.p99), String(f.latencyMs.max), String(f.requests), String(f.non2xx), String(f.errors)]),
      ]),
    );
    console.log('');
    console.log(`ratio (read / bare): ${ratio.toFixed(2)}   budget: at least ${BUDGET.minRatio}`);
    console.log(`read p99: ${read.latencyMs.p99} ms   budget: under ${BUDGET.maxP99Ms} ms at ${connections} connections`);
    console.log(`board ratio: ${ratioOf(board).toFixed(2)}   p99: ${board.latencyMs.p99} ms`);
    console.log(`search ratio: ${ratioOf(search).toFixed(2)}   p99: ${search.latencyMs.p99} ms   (q=${data.searchExample.query})`);
    for (const size of helpSizes) {
      console.log(`help page (${size.lang}): ${size.br} bytes brotli, ${size.gzip} gzip, ${size.identity} uncompressed   budget: at most ${HELP_PAGE_BUDGET_BYTES} compressed`);
    }
    console.log(`help page throughput / static file of the same bytes: ${helpRatio.toFixed(2)}`);
    console.log(`results: ${out}`);
    if (broken.length) {
      console.error(`bench: the measurement is not valid (${broken.map((f) => `${f.target}: ${f.non2xx} non-2xx, ${f.errors} errors`).join('; ')}).`);
      return 1;
    }
    console.log(over.length ? `OVER BUDGET: ${over.join('; ')}` : 'Within budget.');
    return 0;
  } finally {
    await app.close();
    await baseline.app.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
