import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * Staff wellbeing.
 *  - Jordan (peer@demo.test) checks out after a shift with an escalation in it, saying "Fine", is
 *    gently asked once more, answers, and shares that answer with Sam, his shift lead and line
 *    manager (his supervisor); Sam (a second browser) finds it in
 *    "Shared with me" and reads it.
 *  - Dan (responder@demo.test), a police officer with the crisis responder role in the demo's staff
 *    peer support service, signs in and sees only wellbeing: no board, people, directory or lone
 *    working in the menu, and nothing on the way that he is refused.
 * Each screen is checked with axe.
 */

const RESPONDER = 'responder@demo.test';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test('a peer worker checks out "fine" after an escalation, is asked again once, answers and shares it with their supervisor, who reads it', async ({ browser }) => {
  const jordan = await signedIn(browser, DEMO.peer);
  await jordan.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Wellbeing' }).click();
  await expect(jordan.getByRole('heading', { level: 1, name: /Your wellbeing/ })).toBeVisible();
  await expect(jordan.getByRole('heading', { name: 'Your recent entries' })).toBeVisible();
  await expect(jordan.getByText('Busy evening but a good one.')).toBeVisible();
  await expectNoAxeViolations(jordan);

  await jordan.getByLabel('Checking out').check();
  await jordan.getByLabel('5: Really good').check();
  await jordan.getByLabel('In your own words (optional)').fill('Fine');
  // No "hard shift" tick: the escalation Jordan was part of this shift (the demo's, three hours ago) is enough.
  await expect(jordan.getByLabel('It was a hard shift')).not.toBeChecked();
  await jordan.getByRole('button', { name: 'Check out' }).click();

  // Asked once more, kindly.
  await expect(jordan.getByRole('heading', { name: 'Before you go' })).toBeVisible();
  await expect(jordan.getByText(/how you are really doing/)).toBeVisible();
  await expectNoAxeViolations(jordan);
  const answer = 'Honestly a bit wobbly after the call about the young man.';
  await jordan.getByLabel('How are you really doing?').fill(answer);
  await jordan.getByRole('button', { name: 'Send' }).click();
  await expect(jordan.getByText(/Thank you for telling us/)).toBeVisible();
  // Not asked a third time: the form is back.
  await expect(jordan.getByRole('heading', { name: 'Before you go' })).toHaveCount(0);
  await expect(jordan.getByRole('button', { name: /Check (in|out)/ })).toBeVisible();

  // Share the answer with the shift lead.
  const card = jordan.getByRole('listitem').filter({ has: jordan.getByRole('heading', { name: /Your answer to the second question/ }) }).first();
  await expect(card.getByText(answer)).toBeVisible();
  await card.getByText('Share with…').click();
  const shareWith = card.getByLabel('Share with');
  // Sam is offered as Jordan's shift lead and as his supervisor (his line manager in the demo's supervision rhythms).
  const samOption = shareWith.locator('option', { hasText: 'Sam Okafor' });
  await expect(samOption).toContainText('Your line manager');
  await shareWith.selectOption((await samOption.getAttribute('value'))!);
  await card.getByRole('button', { name: /^Share/ }).click();
  await expect(jordan.getByText(/You shared your check-out .* with Sam Okafor/)).toBeVisible();
  await expect(card.getByText('Shared with')).toBeVisible();
  await expectNoAxeViolations(jordan);

  // Jordan's plan: already shared with Sam in the demo.
  await jordan.getByRole('link', { name: 'My wellbeing plan' }).click();
  await expect(jordan.getByRole('heading', { level: 1, name: 'My wellbeing plan' })).toBeVisible();
  await expect(jordan.getByLabel(/What keeps me well at work/)).toHaveValue(/proper break/);
  await expect(jordan.getByText('Sam Okafor', { exact: true })).toBeVisible();
  await expectNoAxeViolations(jordan);

  // The lead, in another browser, finds it shared with them by name.
  const sam = await signedIn(browser, DEMO.lead);
  await sam.goto('/app/wellbeing');
  await sam.getByRole('link', { name: 'Shared with me' }).click();
  await expect(sam.getByRole('heading', { level: 1, name: 'Shared with me' })).toBeVisible();
  await expectNoAxeViolations(sam);
  await sam.getByRole('link', { name: 'Jordan Ellis: a check-in or check-out' }).click();
  await expect(sam.getByRole('heading', { level: 1, name: 'Jordan Ellis: check-out' })).toBeVisible();
  await expect(sam.getByText(answer)).toBeVisible();
  await expectNoAxeViolations(sam);
  await sam.getByRole('link', { name: 'Shared with me' }).click();
  await sam.getByRole('link', { name: 'Jordan Ellis: wellbeing plan' }).click();
  await expect(sam.getByText(/stop making tea/)).toBeVisible();
  await expectNoAxeViolations(sam);

  await sam.context().close();
  await jordan.context().close();
});

test('a crisis responder signs in and sees only staff wellbeing, with nothing refused on the way', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/') && (r.status() === 403 || r.status() >= 500)) refused.push(`${r.status()} ${r.url()}`);
  });
  await signIn(page, RESPONDER);
  await expect(page.getByRole('heading', { level: 1, name: /Dan/ })).toBeVisible();
  const menu = page.getByRole('navigation', { name: 'Menu' });
  await expect(menu.getByRole('link')).toHaveText(['Home', 'Wellbeing', 'Your account']);
  await expect(page.getByText('Crisis responder (staff peer support only) at Crew Room: peer support for crisis staff')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Your wellbeing' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Your wellbeing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Your wellbeing/ })).toBeVisible();
  await expect(page.getByText(/A sudden death call/)).toBeVisible();
  // Their supervision stays with their employer: no link to it here.
  await expect(page.getByRole('link', { name: 'Debriefs' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Supervision' })).toHaveCount(0);
  await page.getByLabel('Checking in').check();
  await page.getByLabel('3: Getting by').check();
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByText(/Thank you for checking in/)).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'My wellbeing plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My wellbeing plan' })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(refused).toEqual([]);
  await context.close();
});
