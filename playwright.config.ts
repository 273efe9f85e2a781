import { defineConfig } from '@playwright/test';
import { DEMO_PASSWORD, E2E_EMAIL_TEMPLATE_ID, E2E_EXPIRY_PORT, E2E_NOTIFY_PORT, E2E_PORT, E2E_SMS_TEMPLATE_ID, E2E_TIMERS_PORT, NOTIFY_URL } from './e2e/constants.js';
import { FAKE_NOTIFY_API_KEY } from './src/server/notify/fake-notify-server.js';

/**
 * End-to-end tests drive Debian's own Chromium (never a browser Playwright downloads),
 * against the real server started by `alongside demo` on a throwaway database.
 *
 * Two servers run:
 *  - the main demo server (E2E_PORT, default 3210), used by every spec;
 *  - a second demo server whose sessions end after 3 seconds idle (E2E_EXPIRY_PORT,
 *    default 3211), used only by the session-expiry spec;
 *  - a third (E2E_TIMERS_PORT, default 3214) for the 'second' project: the lone-working journey
 *    (about two and a half minutes of waiting for a real visit's timers to run out) and a few
 *    specs that stand alone (administration pages, directory, invitations), with their own demo
 *    data. A second worker runs that project beside the 'chromium' one. Each project is limited
 *    to one worker, so specs within a project never overlap and never share a database with a
 *    spec running at the same time (a lead's alerts in one never appear in the other's pages).
 * The web app must be built first (`npx vite build`; `npm test` does it when needed).
 */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const demoServer = (port: number, extraEnv: Record<string, string> = {}) => ({
  command: 'node bin/alongside.js demo',
  url: `http://127.0.0.1:${port}/readyz`,
  reuseExistingServer: !process.env.CI,
  timeout: 120_000,
  // SIGTERM first, so the demo closes and removes its throwaway database folder (Playwright's default, SIGKILL, left one behind per run).
  gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    // Empty: the demo makes its own throwaway SQLite database.
    DATABASE_URL: '',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ALONGSIDE_DEMO_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    // Every spec's requests come from one address.
    RATE_LIMIT_PER_MINUTE: '100000',
    // Plan links and other messages go to the fake Notify below, where specs can read them.
    NOTIFY_API_KEY: FAKE_NOTIFY_API_KEY,
    NOTIFY_BASE_URL: NOTIFY_URL,
    NOTIFY_SMS_TEMPLATE_ID: E2E_SMS_TEMPLATE_ID,
    NOTIFY_EMAIL_TEMPLATE_ID: E2E_EMAIL_TEMPLATE_ID,
    // Lone working: after a missed check-in, nudge at 15 s, the lead's alert at 30 s, the ladder at 5 min,
    // so the lone-working spec sees the lead's alert on the real clock within its run.
    LONE_WORKING_STAGES_MINUTES: '0.25,0.5,5',
    ...extraEnv,
  },
});

/**
 * The specs run on the third demo server, beside the rest: the lone-working journey, which mostly
 * waits on real timers, and specs that neither need nor leave anything the others use. About half
 * the run's time each side.
 */
const SECOND_PROJECT_SPECS = /(lone-working|directory|invite|pages)\.spec\.ts/;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // Two at most: one per project (each project allows one).
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [
    { name: 'chromium', testIgnore: SECOND_PROJECT_SPECS, workers: 1 },
    { name: 'second', testMatch: SECOND_PROJECT_SPECS, workers: 1, use: { baseURL: `http://127.0.0.1:${E2E_TIMERS_PORT}` } },
  ],
  webServer: [
    {
      command: `npx tsx scripts/fake-notify.ts ${E2E_NOTIFY_PORT}`,
      url: `${NOTIFY_URL}/_messages`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    },
    demoServer(E2E_PORT),
    // 0.05 minutes = 3 seconds: long enough to sign in, short enough to watch a session end.
    demoServer(E2E_EXPIRY_PORT, { SESSION_IDLE_MINUTES: '0.05' }),
    demoServer(E2E_TIMERS_PORT),
  ],
});
