import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generate } from 'otplib';
import { expectNoAxeViolations } from './support.js';

/**
 * First-time setup on an empty database: this spec starts its own server (`alongside start`) on a new
 * SQLite file, reads the one-time setup link it prints, and completes setup in the browser. The new
 * administrator must then set up a second factor before reaching anything else.
 */
const PORT = Number(process.env.E2E_SETUP_PORT ?? 3212);
const ORIGIN = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;
let folder: string | undefined;
let setupLink = '';
let output = '';

test.beforeAll(async () => {
  test.setTimeout(90_000);
  folder = mkdtempSync(join(tmpdir(), 'alongside-e2e-setup-'));
  server = spawn('node', ['bin/alongside.js', 'start'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: join(folder, 'alongside.db'), PUBLIC_URL: ORIGIN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  setupLink = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no setup link printed within 60 s; output so far:\n${output}`)), 60_000);
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const link = output.match(/(http:\/\/\S+\/app\/setup\?token=[\w-]+)/)?.[1];
      if (link) {
        clearTimeout(timer);
        resolve(link);
      }
    };
    server!.stdout!.on('data', look);
    server!.stderr!.on('data', look);
    server!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped (exit ${code}) before printing a setup link:\n${output}`));
    });
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('the first administrator sets up Alongside from the one-time link, then sets up a second factor', async ({ page }) => {
  test.setTimeout(60_000);
  expect(setupLink.startsWith(`${ORIGIN}/app/setup?token=`)).toBe(true);
  const admin = { name: 'Alex Rivers', email: 'alex.rivers@example.org', password: 'lantern meadow quietly sings' };

  // Before setup, the sign-in page says how to get started.
  await page.goto(`${ORIGIN}/app/signin`);
  await expect(page.getByText('Alongside has not been set up yet.')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto(setupLink);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Alongside' })).toBeVisible();
  await expect(page).toHaveTitle('Set up Alongside – Alongside');
  await expectNoAxeViolations(page);

  // A very common password is refused by the server, and nothing is created.
  await page.getByLabel('Organisation name').fill('Northfield Crisis Café');
  await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('Your email address').fill(admin.email);
  await page.getByLabel('Choose a password').fill('password123');
  await page.getByRole('button', { name: 'Set up Alongside' }).click();
  await expect(page.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(page.locator('#field-password-error')).toContainText('one of the most commonly used');
  await expect(page.getByLabel('Choose a password')).toHaveAttribute('aria-invalid', 'true');
  expect((await (await page.request.get(`${ORIGIN}/api/v1/meta`)).json()).setupRequired).toBe(true);
  await expectNoAxeViolations(page);

  await page.getByLabel('Choose a password').fill(admin.password);
  await page.getByRole('button', { name: 'Set up Alongside' }).click();
  await expect(page).toHaveURL(/\/app\/signin\?welcome=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your account is ready.' })).toBeVisible();
  await expectNoAxeViolations(page);

  // The link was for one use only.
  const again = await page.request.post(`${ORIGIN}/api/v1/setup`, {
    data: { token: new URL(setupLink).searchParams.get('token'), organisationName: 'Another', displayName: 'Someone', email: 'someone@example.org', password: 'another long passphrase' },
  });
  expect(again.status()).toBeGreaterThanOrEqual(400);
  expect(again.status()).toBeLessThan(500);

  // Signing in: an administrator must set up a second factor before anything else.
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/app\/account\/second-factor$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your second factor' })).toBeVisible();
  await expect(page.getByText('Your role looks after other people’s information')).toBeVisible();
  // Other pages are not reachable yet.
  await expect(page.getByRole('navigation', { name: 'Menu' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.goto(`${ORIGIN}/app/admin`);
  await expect(page).toHaveURL(/\/app\/account\/second-factor$/);

  await page.getByRole('button', { name: 'Show my set-up code' }).click();
  const secret = (await page.locator('.app-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectNoAxeViolations(page);
  await page.getByLabel('6-digit code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on second factor' }).click();

  // Home, as the organisation's administrator.
  await expect(page).toHaveURL(/\/app\/?\?mfa=on$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your second factor is on.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(', Alex');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Northfield Crisis Café');
  await expect(page.getByRole('listitem').filter({ hasText: 'Organisation administrator' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Administration' })).toBeVisible();
  // Not a demo: no demo banner.
  await expect(page.locator('.app-demo-banner')).toHaveCount(0);
  await expectNoAxeViolations(page);
});
