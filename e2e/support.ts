import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './constants.js';

export { BASE_URL, DEMO_PASSWORD, E2E_EXPIRY_PORT, E2E_PORT, EXPIRY_BASE_URL } from './constants.js';

/** The demo accounts `alongside demo` creates (see src/server/demo/seed.ts). */
export const DEMO = {
  admin: 'admin@demo.test',
  manager: 'manager@demo.test',
  lead: 'lead@demo.test',
  senior: 'senior@demo.test',
  peer: 'peer@demo.test',
  peer2: 'peer2@demo.test',
  clinician: 'clinician@demo.test',
  commissioner: 'commissioner@demo.test',
} as const;

/**
 * Signs in through the real sign-in page, as a person would, and waits until the
 * server has accepted it. `baseURL` picks another server (the session-expiry one).
 */
export async function signIn(page: Page, email: string, options: { password?: string; baseURL?: string } = {}): Promise<void> {
  await page.goto(`${options.baseURL ?? ''}/app/`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/^password/i).fill(options.password ?? DEMO_PASSWORD);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: /sign in/i }).click(),
  ]);
  expect(response.status(), `signing in as ${email}`).toBe(200);
  await expect(page.getByRole('button', { name: /sign in/i })).toHaveCount(0);
}

/** Fails with a readable list when axe finds WCAG 2.1 A or AA problems on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
  );
  expect(problems, `accessibility problems on ${page.url()}`).toEqual([]);
}

/**
 * A made-up person's name unique to this run: the first name given, then eight random letters.
 * Not a time stamp: stamps taken minutes apart share their first characters, and search rightly
 * asks whether "Ash mwy7gkot" and "Ash mwy7hq2x" are the same person.
 */
export function uniqueName(first: string): string {
  const letters = 'abcdefghijkmnpqrstuvwxyz';
  const bytes = randomBytes(8);
  const surname = Array.from(bytes, (b) => letters[b % letters.length]).join('');
  return `${first} ${surname.charAt(0).toUpperCase()}${surname.slice(1)}`;
}
