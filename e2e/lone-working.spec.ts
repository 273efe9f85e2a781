import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * Lone working at the safe haven. The shift lead (lead@demo.test) watches the live board in one browser.
 *  - Ruth (senior@demo.test) starts a two-minute visit and does not check in: her screen asks her to,
 *    the lead's board shows the alert and the lead acknowledges it, and the handover shows her visit
 *    as not checked in.
 *  - Jordan (peer@demo.test) sets a safety code, starts a visit, and cancels it with the safety code:
 *    their screen shows an ordinary cancel, while the lead's board shows the silent alert at once, with
 *    its countdown; the lead says they are dealing with it.
 *  - Jordan taps "I need help now": the lead's board shows it and the lead acknowledges it.
 *
 * The server's timer raises the lead's alert for a missed check-in 15 minutes after the expected end by
 * default; the E2E demo server sets LONE_WORKING_STAGES_MINUTES to 0.25,0.5,5 (playwright.config.ts), so
 * on the real clock the lead's alert comes 30 seconds after a two-minute visit runs out.
 */

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** The lone-working page for the safe haven, with any visit left from an earlier run ended first. */
async function openLoneWorking(page: Page): Promise<void> {
  await page.goto('/app/lone-working');
  await expect(page.getByRole('heading', { level: 1, name: /Lone working/ })).toBeVisible();
  const service = page.getByLabel('Service', { exact: true });
  if (await service.count()) await service.selectOption({ label: 'The Harbour safe haven' });
  await expect(page.getByRole('heading', { name: /Start a visit|Your visit/ })).toBeVisible();
  if (await page.getByRole('heading', { name: 'Your visit' }).count()) {
    await page.getByRole('button', { name: 'End visit' }).click();
    await expect(page.getByText('Visit ended.')).toBeVisible();
  }
}

async function startVisit(page: Page, where: string, length: { other: string } | string, contact: string): Promise<void> {
  await page.getByLabel('Where are you going?').fill(where);
  if (typeof length === 'string') await page.getByLabel(length, { exact: true }).check();
  else {
    await page.getByLabel('Another length').check();
    await page.getByLabel('How many minutes?').fill(length.other);
  }
  await page.getByLabel(contact).check();
  await page.getByRole('button', { name: 'Start visit' }).click();
  await expect(page.getByRole('heading', { name: 'Your visit' })).toBeVisible();
  await expect(page.getByText(where)).toBeVisible();
}

async function openBoard(page: Page): Promise<void> {
  await page.goto('/app/');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Live board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Live board/ })).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
}

test('a missed check-in shows on the worker’s screen, reaches the lead’s board as an alert the lead acknowledges, and shows in the handover; a safety code and “I need help now” reach the lead’s board too', async ({ browser }) => {
  test.setTimeout(240_000);
  const run = Date.now() % 100000;
  const lead = await signedIn(browser, DEMO.lead);
  const senior = await signedIn(browser, DEMO.senior);
  const peer = await signedIn(browser, DEMO.peer);

  // Ruth starts a two-minute visit first; the rest happens while it runs out.
  await openLoneWorking(senior);
  await expectNoAxeViolations(senior);
  // Nothing filled in: each field says what it needs.
  await senior.getByRole('button', { name: 'Start visit' }).click();
  await expect(senior.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(senior.locator('.nhsuk-error-summary')).toContainText('Say where you are going');
  await expect(senior.locator('.nhsuk-error-summary')).toContainText('Choose who your contact is for this visit');
  await expectNoAxeViolations(senior);
  const ruthsVisit = `Flat 3, 27 Quay Street (${run})`;
  await startVisit(senior, ruthsVisit, { other: '2' }, 'Sam Okafor');
  const ruthStarted = Date.now();
  await expect(senior.getByTestId('visit-time')).toContainText(/Check in or end the visit by \d\d:\d\d/);
  await expectNoAxeViolations(senior);

  // Jordan sets a safety code in their account.
  await peer.goto('/app/account');
  await peer.getByRole('link', { name: 'Set or change your safety code' }).click();
  await expect(peer.getByRole('heading', { level: 1, name: 'Your safety code' })).toBeVisible();
  await expectNoAxeViolations(peer);
  await peer.getByLabel(/Safety code|New safety code/).fill('2468');
  await peer.getByLabel('Type it again').fill('2469');
  await peer.getByRole('button', { name: 'Save safety code' }).click();
  await expect(peer.locator('.nhsuk-error-summary')).toContainText('The two codes are not the same');
  await expectNoAxeViolations(peer);
  await peer.getByLabel('Type it again').fill('2468');
  await peer.getByRole('button', { name: 'Save safety code' }).click();
  await expect(peer.getByText('Your safety code is saved.')).toBeVisible();

  // The lead watches the board.
  await openBoard(lead);
  await expectNoAxeViolations(lead);

  // Jordan starts a visit and cancels it with the safety code: the screen says only "Visit cancelled."
  await openLoneWorking(peer);
  const jordansVisit = `14 Elm Road, flat 2 (${run})`;
  await startVisit(peer, jordansVisit, '1 hour', 'Sam Okafor');
  await peer.getByRole('button', { name: 'Cancel this visit' }).click();
  await expect(peer.getByLabel('Type your code to confirm')).toBeVisible();
  await expectNoAxeViolations(peer);
  await peer.getByLabel('Type your code to confirm').fill('2468');
  await peer.getByRole('button', { name: 'Cancel visit' }).click();
  await expect(peer.getByText('Visit cancelled.')).toBeVisible();
  await expect(peer.getByRole('heading', { name: 'Start a visit' })).toBeVisible();
  // Nothing on the worker's own screen gives it away.
  await expect(peer.getByTestId('alert-banner')).toHaveCount(0);
  await expect(peer.getByText(/safety code used|silent/i)).toHaveCount(0);
  // Nor does Jordan's own live board.
  await openBoard(peer);
  await expect(peer.getByTestId('alert-card').filter({ hasText: jordansVisit })).toHaveCount(0);
  await openLoneWorking(peer);

  // The lead's board shows the silent alert without a reload, with its countdown, and they take it.
  const duress = lead.getByTestId('board-alerts').getByTestId('alert-card').filter({ hasText: jordansVisit });
  await expect(duress).toBeVisible({ timeout: 5000 });
  await expect(duress).toContainText('Jordan Ellis');
  await expect(duress).toContainText(/Next reminder in \d+:\d\d/);
  await expect(lead.getByTestId('alert-announcer')).toContainText(/Alert: |alerts need someone/);
  await expectNoAxeViolations(lead);
  await duress.getByRole('button', { name: /I’m dealing with this/ }).click();
  await duress.getByLabel('What are you doing about it? (optional)').fill('Calling Jordan now, then the police if no answer');
  await expectNoAxeViolations(lead);
  await duress.getByRole('button', { name: 'Confirm I’m dealing with this' }).click();
  await expect(duress).toHaveCount(0);

  // "I need help now": at once, to the lead's board.
  await peer.getByRole('button', { name: 'I need help now' }).click();
  await expect(peer.getByText('Help is on its way')).toBeVisible();
  await expect(peer.getByRole('link', { name: '999' })).toHaveAttribute('href', 'tel:999');
  await expectNoAxeViolations(peer);
  const help = lead.getByTestId('board-alerts').getByTestId('alert-card').filter({ hasText: 'Jordan Ellis has asked for help now' });
  await expect(help).toBeVisible({ timeout: 5000 });
  await help.getByRole('button', { name: /I’m dealing with this/ }).click();
  await help.getByRole('button', { name: 'Confirm I’m dealing with this' }).click();
  await expect(help).toHaveCount(0);

  // Elsewhere in the app the lead still hears of open alerts: the banner on another page.
  await peer.getByRole('button', { name: 'I need help now' }).click();
  await lead.goto('/app/people');
  await expect(lead.getByTestId('alert-banner')).toBeVisible({ timeout: 5000 });
  await expectNoAxeViolations(lead);
  const helpAgain = lead.getByTestId('alert-banner').getByTestId('alert-card').filter({ hasText: 'Jordan Ellis has asked for help now' });
  await helpAgain.getByRole('button', { name: /I’m dealing with this/ }).click();
  await helpAgain.getByRole('button', { name: 'Confirm I’m dealing with this' }).click();
  await expect(helpAgain).toHaveCount(0);

  // Ruth's two minutes run out with no check-in: her screen asks her to, and the lead's handover shows it.
  await senior.waitForTimeout(Math.max(0, ruthStarted + 2 * 60_000 + 1000 - Date.now()));
  await senior.reload();
  await expect(senior.getByTestId('visit-time')).toContainText('Your time was up', { timeout: 20_000 });

  // Half a minute later (the E2E server's LONE_WORKING_STAGES_MINUTES) the missed check-in reaches
  // the lead's board as an alert, and the lead picks it up.
  await openBoard(lead);
  const missed = lead.getByTestId('board-alerts').getByTestId('alert-card').filter({ hasText: ruthsVisit });
  await expect(missed).toBeVisible({ timeout: 90_000 });
  await expect(missed).toContainText('Ruth Adeyemi');
  await expectNoAxeViolations(lead);
  await missed.getByRole('button', { name: /I’m dealing with this/ }).click();
  await missed.getByRole('button', { name: 'Confirm I’m dealing with this' }).click();
  await expect(missed).toHaveCount(0);

  await lead.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Live board' }).click();
  await lead.getByRole('link', { name: /Shift handover/ }).click();
  await expect(lead.getByRole('heading', { level: 1, name: /Shift handover/ })).toBeVisible();
  const row = lead.getByRole('row').filter({ hasText: ruthsVisit });
  await expect(row).toContainText('Not checked in');
  await lead.getByLabel('Write a handover note').fill(`Ruth is still out at Quay Street (${run}); ring her at 10.`);
  await lead.getByRole('button', { name: 'Save handover note' }).click();
  await expect(lead.getByTestId('last-handover')).toContainText(`Ruth is still out at Quay Street (${run})`);
  await expectNoAxeViolations(lead);

  // A late check-in is recorded, and the visit can then be ended.
  await senior.getByRole('button', { name: 'Check in' }).click();
  await expect(senior.getByText(/Checked in at \d\d:\d\d/)).toBeVisible();
  await senior.getByRole('button', { name: 'End visit' }).click();
  await expect(senior.getByText('Visit ended.')).toBeVisible();
});
