import { expect, test } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, expectNoAxeViolations } from './support.js';

/**
 * Signing in and out as a peer support worker (peer@demo.test: no other spec signs this account out
 * or changes it). Every page visited ends with an accessibility check.
 */
test('a wrong password is explained, the right one reaches home, and signing out really ends the session', async ({ page }) => {
  // Not signed in: the home page sends the person to sign in.
  await page.goto('/app/');
  await expect(page).toHaveURL(/\/app\/signin/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveTitle('Sign in – Alongside');
  // The demo banner tells people not to type real details, before anyone signs in too.
  await expect(page.getByText('Everything here is made up.')).toBeVisible();

  // A wrong password: the error summary takes focus and the field explains what is wrong.
  await page.getByLabel('Email address').fill(DEMO.peer);
  await page.getByLabel('Password', { exact: true }).fill('not-the-right-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const summary = page.locator('.nhsuk-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('There is a problem');
  await expect(summary.getByRole('link', { name: /email or password is not right/ })).toBeVisible();
  const fieldMessage = page.locator('#field-password-error');
  await expect(fieldMessage).toContainText('The email or password is not right');
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-describedby', /field-password-error/);
  // The summary's link takes the person to the field.
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await expectNoAxeViolations(page);

  // The right password: home, with the person's name and roles.
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/app\/?$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText(/(Good morning|Good afternoon|Good evening|Hello).*, Jordan/);
  await expect(heading).toContainText('Riverside Crisis Partnership (demo)');
  await expect(page.getByRole('navigation', { name: 'Your account' })).toContainText('Jordan Ellis');
  await expect(page.getByRole('heading', { level: 2, name: 'Your roles' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Peer support worker at The Harbour safe haven' })).toBeVisible();
  // A peer support worker is not offered administration.
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await expect(page.locator('.app-demo-banner')).toBeVisible();
  await expect(page.locator('.app-demo-banner')).toContainText('Demonstration.');
  await expect(page).toHaveTitle(/Jordan – Alongside$/);
  await expectNoAxeViolations(page);

  // The account page works while signed in.
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: DEMO.peer })).toBeVisible();
  await expectNoAxeViolations(page);

  // Signing out from the header: back to sign in, with a kind word.
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/app\/signin\?signedout=1/);
  await expect(page.getByRole('status').filter({ hasText: 'You have signed out.' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Your account' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The session ended on the server too: the API refuses the old cookie.
  expect((await page.request.get('/api/v1/auth/session')).status()).toBe(401);

  // Going back to the account page asks the person to sign in again, and returns them there after.
  await page.goto('/app/account');
  await expect(page).toHaveURL(/\/app\/signin\?next=%2Faccount/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Jordan Ellis')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByLabel('Email address').fill(DEMO.peer);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/app\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expectNoAxeViolations(page);
});
