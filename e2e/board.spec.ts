import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * The live board at the safe haven: a peer worker (peer@demo.test) records someone walking in, and the
 * shift lead (lead@demo.test), watching the board in their own browser, sees them appear without reloading.
 * Then the lead says they will see them, and the peer records how it went and that they left.
 */

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function openBoard(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Live board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Live board/ })).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
}

test('a walk-in recorded by a peer worker appears on the shift lead’s board within 2 seconds, without a reload', async ({ browser }) => {
  const label = `Person in a red scarf ${Date.now() % 100000}`;
  const lead = await signedIn(browser, DEMO.lead);
  const peer = await signedIn(browser, DEMO.peer);

  await openBoard(lead);
  await expectNoAxeViolations(lead);
  // A marker that a reload would wipe.
  await lead.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 42));
  await expect(lead.getByRole('link', { name: label })).toHaveCount(0);

  await openBoard(peer);
  await peer.getByRole('link', { name: 'Record someone arriving' }).click();
  await expect(peer.getByRole('heading', { level: 1, name: 'Record someone arriving' })).toBeVisible();
  await expectNoAxeViolations(peer);

  // Nothing chosen: the error summary explains, and stays accessible.
  await peer.getByRole('button', { name: 'Record and add to the board' }).click();
  await expect(peer.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(peer.locator('.nhsuk-error-summary')).toContainText('Choose how the person got in touch');
  await expectNoAxeViolations(peer);

  await peer.getByLabel('Walked in').check();
  await peer.getByLabel('Came by themselves').check();
  await peer.getByLabel(/How will the team recognise them/).fill(label);
  await peer.getByLabel(/in their own words/).fill('Everything got too loud at home tonight');
  await peer.getByRole('button', { name: 'Record and add to the board' }).click();
  const recordedAt = Date.now();
  await expect(peer.getByRole('heading', { level: 1, name: label })).toBeVisible();
  await expect(peer.getByText('Recorded. They are on the live board now.')).toBeVisible();

  // The lead's board shows them within 2 seconds of the save, with no reload.
  const row = lead.getByRole('row').filter({ has: lead.getByRole('link', { name: label }) });
  await expect(row).toBeVisible({ timeout: 2000 });
  expect(Date.now() - recordedAt).toBeLessThan(2500);
  expect(await lead.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(42);
  await expect(row).toContainText('Walked in');
  await expect(row).toContainText('Waiting');
  await expect(row).toContainText('Nobody yet');
  await expect(lead.getByTestId('board-announcer')).toContainText('Board updated: 1 new arrival');

  // The lead will see them: they become the worker, and first seen is set.
  await lead.getByRole('button', { name: `I’ll see them: ${label}` }).click();
  await expect(row).toContainText('You');
  await expect(row).toContainText(/First seen \d\d:\d\d/);
  await expect(row.getByRole('button')).toHaveCount(0);

  // The peer's contact page: details, then a server-side check shown in the error summary.
  await peer.reload();
  await expect(peer.getByRole('heading', { level: 1, name: label })).toBeVisible();
  await expect(peer.getByLabel('Who is with them')).toHaveValue(/.+/);
  await expectNoAxeViolations(peer);
  await peer.getByLabel('First seen', { exact: true }).fill('2000-01-01T10:00');
  await peer.getByRole('button', { name: 'Save changes' }).click();
  await expect(peer.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(peer.locator('.nhsuk-error-summary')).toContainText('cannot be before they arrived');
  await expectNoAxeViolations(peer);

  // How it went, and that they left: they leave the lead's board, live.
  await peer.reload();
  await expect(peer.getByRole('heading', { level: 1, name: label })).toBeVisible();
  await peer.getByLabel('What helped').fill('Somewhere quiet, a cup of tea, and a plan for tomorrow');
  await peer.getByLabel('Went home with a plan').check();
  await peer.getByLabel('Gone to A&E').check();
  await peer.getByRole('button', { name: 'Now (when they left)' }).click();
  await peer.getByRole('button', { name: 'Save changes' }).click();
  await expect(peer.getByText('Your changes are saved.')).toBeVisible();
  await expect(lead.getByRole('link', { name: label })).toHaveCount(0, { timeout: 2000 });
  await expect(lead.getByTestId('board-announcer')).toContainText('1 person left');

  await lead.context().close();
  await peer.context().close();
});

test('recording someone under 16 shows where the organisation directs young people', async ({ page }) => {
  const label = `Young person in a yellow jacket ${Date.now() % 100000}`;
  await signIn(page, DEMO.peer);
  await openBoard(page);
  await page.getByRole('link', { name: 'Record someone arriving' }).click();
  await page.getByLabel('Phone call').check();
  await page.getByLabel('Somewhere else').check();
  await page.getByLabel('Where were they referred from?').fill('School nurse');
  await page.getByLabel(/How will the team recognise them/).fill(label);
  await page.getByLabel('They are under 16').check();
  await page.getByRole('button', { name: 'Record and add to the board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
  const panel = page.getByTestId('under16-panel');
  await expect(panel).toContainText('They are under 16');
  await expect(panel.getByRole('link', { name: /\d/ })).toHaveAttribute('href', /^tel:/);
  await expect(page.getByText('School nurse')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('when two people update one contact, the second sees both versions and chooses', async ({ browser }) => {
  const label = `Person with a green umbrella ${Date.now() % 100000}`;
  const peer = await signedIn(browser, DEMO.peer);
  const lead = await signedIn(browser, DEMO.lead);
  await openBoard(peer);
  await peer.getByRole('link', { name: 'Record someone arriving' }).click();
  await peer.getByLabel('Walked in').check();
  await peer.getByLabel('Came by themselves').check();
  await peer.getByLabel(/How will the team recognise them/).fill(label);
  await peer.getByRole('button', { name: 'Record and add to the board' }).click();
  await expect(peer.getByRole('heading', { level: 1, name: label })).toBeVisible();

  await lead.goto(peer.url().replace(/\?.*$/, ''));
  await expect(lead.getByRole('heading', { level: 1, name: label })).toBeVisible();
  await peer.getByLabel('What helped').fill('Talking about his dog');
  await lead.getByLabel('What helped').fill('A walk round the garden');
  await peer.getByRole('button', { name: 'Save changes' }).click();
  await expect(peer.getByText('Your changes are saved.')).toBeVisible();
  await lead.getByRole('button', { name: 'Save changes' }).click();
  const choice = lead.getByRole('alert').filter({ hasText: 'Someone else saved a change first' });
  await expect(choice).toBeVisible();
  await expect(choice).toContainText('Talking about his dog');
  await expect(choice).toContainText('A walk round the garden');
  await expectNoAxeViolations(lead);
  await lead.getByRole('button', { name: 'Keep the saved version' }).click();
  await expect(choice).toHaveCount(0);
  await expect(lead.getByLabel('What helped')).toHaveValue('Talking about his dog');

  await lead.context().close();
  await peer.context().close();
});
