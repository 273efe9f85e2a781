import { expect, test, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { DEMO, DEMO_PASSWORD, expectNoAxeViolations, signIn } from './support.js';

/**
 * Setting up a second factor from the account page, then signing in with it (senior@demo.test: no other
 * spec uses this account, because the demo database is shared by every spec in a run). Codes are made
 * with otplib from the key shown on the page, as an authenticator app would.
 */
const STEP_MS = 30_000;
const stepAt = (ms: number): number => Math.floor(ms / STEP_MS);
const codeFor = (secret: string, step: number): Promise<string> => generate({ secret, epoch: step * (STEP_MS / 1000) });

/** Waits (by the clock, not blindly) until a code newer than `usedStep` exists, and returns that step. */
async function nextUnusedStep(page: Page, usedStep: number): Promise<number> {
  const wait = (usedStep + 1) * STEP_MS - Date.now();
  // A little past the boundary, so the server's clock agrees that the new step has begun.
  if (wait > -250) await page.waitForTimeout(wait + 250);
  return stepAt(Date.now());
}

async function signInWithPassword(page: Page): Promise<void> {
  await page.goto('/app/signin');
  await page.getByLabel('Email address').fill(DEMO.senior);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The password was right; now the code is asked for, and the person is put in its field.
  await expect(page.getByRole('heading', { level: 1, name: 'Enter your code' })).toBeVisible();
  await expect(page.getByLabel('6-digit code')).toBeFocused();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/app\/signin\?signedout=1/);
}

test('a person sets up a second factor, signs in with a fresh code, and a used code is refused', async ({ page, request }) => {
  test.setTimeout(90_000);
  // A rerun against a demo server left running would find the second factor on already.
  const probe = await request.post('/api/v1/auth/login', { data: { email: DEMO.senior, password: DEMO_PASSWORD } });
  expect(probe.status(), `${DEMO.senior} must have no second factor yet: run against a fresh demo database`).toBe(200);
  await signIn(page, DEMO.senior);

  // The account page says the second factor is off and offers to set it up.
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your account' }).click();
  const mfaSection = page.getByRole('region', { name: 'Second factor' });
  await expect(mfaSection).toContainText('Off');
  await expectNoAxeViolations(page);
  await mfaSection.getByRole('link', { name: 'Set up second factor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your second factor' })).toBeVisible();
  await expect(page).toHaveTitle('Set up your second factor – Alongside');
  await expectNoAxeViolations(page);

  // The key is shown as text (for people who cannot scan the picture) and as a QR code.
  await page.getByRole('button', { name: 'Show my set-up code' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const shownKey = (await page.locator('.app-secret').innerText()).trim();
  expect(shownKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const secret = shownKey.replace(/\s+/g, '');
  await expectNoAxeViolations(page);

  // Something that is not a code is caught before it is sent.
  await page.getByLabel('6-digit code').fill('12345');
  await page.getByRole('button', { name: 'Turn on second factor' }).click();
  await expect(page.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(page.locator('#field-code-error')).toContainText('Enter the 6-digit code');

  // The code the app shows now turns it on.
  const enrolStep = stepAt(Date.now());
  await page.getByLabel('6-digit code').fill(await codeFor(secret, enrolStep));
  await page.getByRole('button', { name: 'Turn on second factor' }).click();
  await expect(page).toHaveURL(/\/app\/account\?mfa=on$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your second factor is on.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Second factor' })).toContainText('On');
  await expect(page.getByRole('region', { name: 'Second factor' }).getByRole('button', { name: 'Turn off second factor' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Signing in again now asks for a code after the password.
  await signOut(page);
  await signInWithPassword(page);
  await expectNoAxeViolations(page);
  // The code used to turn it on cannot be used again: wait for the app's next code.
  const signInStep = await nextUnusedStep(page, enrolStep);
  const freshCode = await codeFor(secret, signInStep);
  await page.getByLabel('6-digit code').fill(freshCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/app\/?$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(', Ruth');
  await expect(page.getByRole('navigation', { name: 'Your account' })).toContainText('Ruth Adeyemi');
  await expectNoAxeViolations(page);

  // Someone who saw that code cannot use it for a new sign-in, even within the same 30 seconds.
  await signOut(page);
  await signInWithPassword(page);
  await page.getByLabel('6-digit code').fill(freshCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.locator('.nhsuk-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('There is a problem');
  await expect(page.locator('#field-totp-error')).toContainText('Enter the current 6-digit code');
  await expect(page.getByRole('heading', { level: 1, name: 'Enter your code' })).toBeVisible();
  expect((await page.request.get('/api/v1/auth/session')).status()).toBe(401);
  await expectNoAxeViolations(page);
});
