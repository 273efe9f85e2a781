import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * A peer worker (peer@demo.test) is worried about Marcus: they raise an escalation from his page in two
 * taps, then walk down the ladder: no answer at the first step, no answer at the second, advice at the
 * third. The shift lead (lead@demo.test, a second browser) picks it up. Both views are recorded side by
 * side, the outcome written and the escalation closed. The manager's ladder editor shows the server's
 * errors by the step they belong to.
 */

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function logStep(page: Page, step: number, result: string, note?: string) {
  await page.getByRole('button', { name: `Log what happened at step ${step}` }).click();
  const form = page.locator('.app-ladder__log');
  await form.getByLabel(result, { exact: true }).check();
  if (note) await form.getByLabel('Note (optional)').fill(note);
  await form.getByRole('button', { name: 'Log it' }).click();
  await expect(page.getByRole('list', { name: `What happened at step ${step}` })).toContainText(result);
}

test('a peer raises an escalation from a person in two taps, walks the ladder, and the lead picks it up', async ({ browser }) => {
  const concern = `Marcus says tonight feels different and he has stopped answering his sister ${Date.now() % 100000}`;
  const peer = await signedIn(browser, DEMO.peer);
  const lead = await signedIn(browser, DEMO.lead);

  await peer.goto('/app/people?q=Marcus');
  await peer.locator('.app-result-name').first().click();
  await peer.getByRole('link', { name: 'Raise an escalation' }).click();
  await expect(peer.getByRole('heading', { level: 1, name: /Raise an escalation/ })).toBeVisible();
  await expectNoAxeViolations(peer);

  // Nothing written: the error summary says so, and takes focus.
  await peer.getByRole('button', { name: 'Raise and show me who to call' }).click();
  await expect(peer.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(peer.locator('.nhsuk-error-summary')).toContainText('Say what you are worried about');
  await expectNoAxeViolations(peer);

  await peer.getByLabel('What are you worried about?').fill(concern);
  await peer.getByRole('button', { name: 'Raise and show me who to call' }).click();
  await expect(peer.getByRole('heading', { level: 1, name: /Escalation/ })).toBeVisible();
  await expect(peer.getByText('Escalation raised.')).toBeVisible();
  await expect(peer.getByText(concern)).toBeVisible();
  await expect(peer.getByText('Step 1 of', { exact: false })).toBeVisible();
  await expect(peer.getByTestId('escalation-next')).toContainText(/next step starts by itself in \d+:\d\d/);
  // The last step always offers 999 as a number to call.
  await expect(peer.getByRole('link', { name: 'Call 999' })).toHaveAttribute('href', 'tel:999');
  await expectNoAxeViolations(peer);
  const url = peer.url();

  // Walking down: no answer, no answer, then advice given.
  await logStep(peer, 1, 'No answer');
  await logStep(peer, 2, 'No answer', 'Rang twice, voicemail');
  await logStep(peer, 3, 'Advice given', 'Home treatment team will call Marcus within the hour');
  await expectNoAxeViolations(peer);

  // The lead, in another browser, opens it and picks it up.
  await lead.goto(url);
  await expect(lead.getByText(concern)).toBeVisible();
  await expect(lead.getByRole('list', { name: 'What happened at step 3' })).toContainText('Home treatment team will call');
  await lead.getByRole('button', { name: 'I’m picking this up' }).click();
  await lead.getByLabel('Anything to add? (optional)').fill('I will ring Marcus’s sister too');
  await lead.getByRole('button', { name: 'Confirm I’m picking this up' }).click();
  await expect(lead.getByText('Someone has picked it up')).toBeVisible();
  await expect(lead.getByText(/Picked up by Sam Okafor at \d\d:\d\d/)).toBeVisible();
  await expect(lead.getByTestId('escalation-next')).toHaveCount(0);
  await expectNoAxeViolations(lead);

  // Views side by side: the peer's, then the clinician's as the peer heard it; neither replaces the other.
  await peer.reload();
  await expect(peer.getByText('Someone has picked it up')).toBeVisible();
  const recordView = async (perspective: string, view: string, reasons: string, differs: boolean) => {
    const details = peer.locator('details', { hasText: 'Record a view' });
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
    await peer.getByLabel(perspective).check();
    await peer.getByLabel('The view', { exact: true }).fill(view);
    await peer.getByLabel('The reasons for it').fill(reasons);
    await peer.getByLabel(differs ? 'Yes, it differs' : 'No', { exact: true }).check();
    await peer.getByRole('button', { name: 'Record this view' }).click();
    await expect(peer.getByText('The view is recorded beside the others.')).toBeVisible();
  };
  // The form explains what is missing first.
  await peer.locator('details', { hasText: 'Record a view' }).locator('summary').click();
  await peer.getByRole('button', { name: 'Record this view' }).click();
  await expect(peer.locator('.nhsuk-error-summary').first()).toContainText('Choose whose view this is');
  await expectNoAxeViolations(peer);
  await recordView('Peer worker’s view', 'He needs someone with him tonight', 'He told me he has never felt like this before', true);
  await recordView('Clinical view', 'The crisis team think a phone call tonight is enough', 'He has a crisis plan and his sister is nearby', true);
  const views = peer.locator('.app-views');
  await expect(views.getByText('Views differ')).toBeVisible();
  await expect(views.locator('.app-views__col').nth(0)).toContainText('He needs someone with him tonight');
  await expect(views.locator('.app-views__col').nth(1)).toContainText('a phone call tonight is enough');
  await expectNoAxeViolations(peer);

  // Outcome, then close.
  await peer.getByLabel('What happened in the end?').fill('Home treatment team called; Marcus is staying with his sister tonight');
  await peer.getByRole('button', { name: 'Save outcome' }).click();
  await expect(peer.getByText('The outcome is saved.')).toBeVisible();
  await peer.getByRole('button', { name: 'Close the escalation' }).click();
  await expect(peer.getByText('The escalation is closed.')).toBeVisible();
  await expect(peer.locator('.app-esc-head')).toContainText('Closed');
  await expect(peer.getByRole('button', { name: /Log what happened/ })).toHaveCount(0);
  await expectNoAxeViolations(peer);
});

test('a contact page raises an escalation in two taps too', async ({ browser }) => {
  const peer = await signedIn(browser, DEMO.peer);
  await peer.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Live board' }).click();
  await peer.locator('.app-board-table a').first().click();
  await peer.getByRole('link', { name: 'Raise an escalation' }).click();
  await peer.getByLabel('What are you worried about?').fill('They want to leave and are not safe to be alone');
  await peer.getByRole('button', { name: 'Raise and show me who to call' }).click();
  await expect(peer.getByText('Escalation raised.')).toBeVisible();
  await expect(peer.getByRole('link', { name: 'Back to the contact' })).toBeVisible();
});

test('the manager’s ladder editor shows the server’s errors by the step, and moves steps', async ({ browser }) => {
  const manager = await signedIn(browser, DEMO.manager);
  await manager.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Live board' }).click();
  // The manager runs two services: they choose the safe haven's board.
  await manager.getByRole('link', { name: 'The Harbour safe haven: live board' }).click();
  await manager.getByRole('link', { name: 'Escalation ladder' }).click();
  await expect(manager.getByRole('heading', { level: 1, name: /Escalation ladder/ })).toBeVisible();
  await expectNoAxeViolations(manager);

  const steps = manager.getByTestId('ladder-step');
  const first = await steps.nth(0).getByLabel('What to do').inputValue();
  const second = await steps.nth(1).getByLabel('What to do').inputValue();

  // Move the second step up and back down again.
  await steps.nth(1).getByRole('button', { name: 'Move up step 2' }).click();
  await expect(steps.nth(0).getByLabel('What to do')).toHaveValue(second);
  await steps.nth(0).getByRole('button', { name: 'Move down step 1' }).click();
  await expect(steps.nth(0).getByLabel('What to do')).toHaveValue(first);

  // A zero window is caught before sending.
  await steps.nth(0).getByLabel('Minutes before the next step starts').fill('0');
  await manager.getByRole('button', { name: 'Save the ladder' }).click();
  await expect(manager.locator('.nhsuk-error-summary')).toContainText('Step 1: Give each step at least a minute');
  await steps.nth(0).getByLabel('Minutes before the next step starts').fill('10');

  // Step 2 made the same as step 1: the server says it repeats the one before, by step 2.
  await steps.nth(1).getByLabel('What to do').fill(first);
  await steps.nth(1).getByLabel('Who it reaches').selectOption('role');
  await steps.nth(1).getByLabel('Role', { exact: true }).selectOption('shift_lead');
  await manager.getByRole('button', { name: 'Save the ladder' }).click();
  await expect(manager.locator('.nhsuk-error-summary')).toContainText('Step 2: This step repeats the one before it');
  await expect(steps.nth(1)).toContainText('This step repeats the one before it');
  await expectNoAxeViolations(manager);
});
