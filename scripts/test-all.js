// `npm test`: every test runner in turn, then one closing line that totals them all.
//
//   1. Vitest (unit and integration projects), console reporter plus a JSON report
//   2. Playwright (end-to-end specs in e2e/, against the built web app)
//
// A runner that fails does not stop the next one. Skipped and todo tests count as
// failed: a test that cannot run has not shown anything works. A runner that crashes
// or leaves no report counts as one failure. The very last line printed is
// `N passed, N failed`, and the exit code is non-zero unless every test passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reports = mkdtempSync(join(tmpdir(), 'alongside-test-reports-'));

/** @type {{ name: string, passed: number, failed: number, note?: string }[]} */
const results = [];

function run(command, args, env = {}) {
  const started = Date.now();
  const child = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (child.error) console.error(`\n${command} could not start: ${child.error.message}`);
  return { status: child.error ? -1 : child.status ?? -1, signal: child.signal, seconds };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function banner(text) {
  console.log(`\n=== ${text} ===\n`);
}

/** Vitest's JSON report (Jest-compatible shape). */
export function countVitest(report) {
  let passed = 0;
  let failed = 0;
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    for (const test of tests) {
      if (test.status === 'passed') passed += 1;
      else failed += 1; // failed, skipped, pending, todo, disabled
    }
    // A file that failed without a failing test (it did not load, or a hook threw) is a failure too.
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) failed += 1;
  }
  return { passed, failed };
}

/** Playwright's JSON report. */
export function countPlaywright(report) {
  const stats = report.stats ?? {};
  const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
  let failed = (stats.unexpected ?? 0) + (stats.skipped ?? 0);
  // Errors outside any test (the web server did not start, a spec did not load).
  failed += (report.errors ?? []).length;
  return { passed, failed };
}

function record(name, counts, outcome) {
  const entry = { name, ...counts };
  if (outcome.signal || outcome.status === -1) {
    entry.failed += 1;
    entry.note = `stopped (${outcome.signal ?? 'could not start'})`;
  } else if (outcome.status !== 0 && entry.failed === 0) {
    // Exit code says something went wrong that the report does not show.
    entry.failed += 1;
    entry.note = `exited with code ${outcome.status}`;
  }
  if (entry.passed + entry.failed === 0) {
    entry.failed = 1;
    entry.note = 'ran no tests';
  }
  entry.seconds = outcome.seconds;
  results.push(entry);
}

function vitest() {
  banner('Vitest: unit and integration tests');
  const file = join(reports, 'vitest.json');
  const outcome = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const report = readJson(file);
  record('vitest', report ? countVitest(report) : { passed: 0, failed: 0 }, report ? outcome : { ...outcome, status: outcome.status || 1 });
  if (!report) results.at(-1).note = `no report (exit code ${outcome.status})`;
}

function buildWeb() {
  if (existsSync(join(root, 'scripts', 'build-web-if-stale.js'))) {
    return run(process.execPath, [join(root, 'scripts', 'build-web-if-stale.js')]);
  }
  if (existsSync(join(root, 'dist', 'web', 'index.html'))) return { status: 0, seconds: '0.0' };
  return run(bin('vite'), ['build']);
}

function playwright() {
  banner('Playwright: end-to-end tests');
  const build = buildWeb();
  if (build.status !== 0 || !existsSync(join(root, 'dist', 'web', 'index.html'))) {
    console.error('\nThe web app did not build, so the end-to-end tests cannot run.');
    results.push({ name: 'playwright', passed: 0, failed: 1, note: 'web app build failed', seconds: build.seconds });
    return;
  }
  const file = join(reports, 'playwright.json');
  const outcome = run(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_FILE: file, PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const report = readJson(file);
  record('playwright', report ? countPlaywright(report) : { passed: 0, failed: 0 }, report ? outcome : { ...outcome, status: outcome.status || 1 });
  if (!report) results.at(-1).note = `no report (exit code ${outcome.status})`;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    vitest();
    playwright();
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
  banner('Summary');
  for (const r of results) {
    console.log(`  ${r.name.padEnd(11)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(5)} failed  ${r.seconds}s${r.note ? `  (${r.note})` : ''}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log('');
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
