import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support.js';

test('the sign-in page loads at /app/ and passes an accessibility check', async ({ page }) => {
  const response = await page.goto('/app/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('button', { name: /sign in/i })).toBeVisible();
  await expect(page.getByLabel(/email/i)).toBeVisible();
  await expect(page.getByLabel(/^password/i)).toBeVisible();
  await expect(page).toHaveTitle(/Alongside/);
  await expectNoAxeViolations(page);
});

test('the server answers its readiness check and refuses an unknown API route as JSON', async ({ request }) => {
  expect((await request.get('/readyz')).status()).toBe(200);
  const missing = await request.get('/api/v1/no-such-route');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe('not_found');
});
