import { expect, test } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, EXPIRY_BASE_URL, expectNoAxeViolations, signIn } from './support.js';

/**
 * A session that ends while the person is away. This spec uses the second demo server, whose sessions
 * end after 3 seconds without use (SESSION_IDLE_MINUTES=0.05 in playwright.config.ts).
 */
const IDLE_MS = 3_000;

test.use({ baseURL: EXPIRY_BASE_URL });

test('after a session ends, the app explains it calmly and brings the person back to where they were', async ({ page }) => {
  await signIn(page, DEMO.lead, { baseURL: EXPIRY_BASE_URL });
  // The session was made during signIn, so it has certainly been idle for IDLE_MS by this deadline.
  const idleUntil = Date.now() + IDLE_MS + 500;
  await expect(page.getByRole('heading', { level: 1 })).toContainText(', Sam');
  await expectNoAxeViolations(page);

  // Away from the screen for a little over the idle timeout (whatever the checks above took).
  await page.waitForTimeout(Math.max(0, idleUntil - Date.now()));

  // Going to another page: the server refuses the ended session, and the app says so kindly.
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your account' }).click();
  await expect(page).toHaveURL(/\/app\/signin\?ended=1&next=%2Faccount$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Your session ended, so we signed you out to keep people’s information safe.' })).toBeVisible();
  // Nothing of the person's is left on screen.
  await expect(page.getByText('Sam Okafor')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Menu' })).toHaveCount(0);
  // No alarming wording: no error summary, no "error" anywhere in the main content.
  await expect(page.locator('.nhsuk-error-summary')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText(/error|expired|invalid/i);
  await expectNoAxeViolations(page);

  // Signing in again returns the person to the page they were going to.
  await page.getByLabel('Email address').fill(DEMO.lead);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/app\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: DEMO.lead })).toBeVisible();
  await expectNoAxeViolations(page);
});
