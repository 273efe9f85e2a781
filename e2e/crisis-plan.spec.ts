import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { NOTIFY_URL } from './constants.js';
import { DEMO, expectNoAxeViolations, signIn, uniqueName } from './support.js';

/** Screenshots for a person to look at, only when asked for: PLAN_SHOTS=/tmp/shots. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.PLAN_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

interface SentMessage {
  channel: 'sms' | 'email';
  to: string;
  personalisation: { message?: string };
}

/** The latest plan link the fake GOV.UK Notify was asked to send to this number. */
async function linkSentTo(page: Page, phoneDigits: string): Promise<{ url: string; message: string }> {
  let found: { url: string; message: string } | null = null;
  await expect
    .poll(async () => {
      const reply = await page.request.get(`${NOTIFY_URL}/_messages`);
      const { messages } = (await reply.json()) as { messages: SentMessage[] };
      const mine = messages.filter((m) => m.channel === 'sms' && m.to.replace(/\D/g, '').endsWith(phoneDigits.replace(/^0/, '')));
      const message = mine.at(-1)?.personalisation.message ?? '';
      const url = /https?:\/\/\S+\/my-plan\/open\/[A-Za-z0-9_-]+/.exec(message)?.[0];
      found = url ? { url, message } : null;
      return Boolean(found);
    }, { message: `a plan link sent by text to ${phoneDigits}` })
    .toBe(true);
  return found as unknown as { url: string; message: string };
}

/**
 * A peer support worker and a person write a crisis plan together, the person agrees it, and it
 * is shared with their carer (some parts only). The carer gets a link by text and the code from
 * the worker, and opens it in their own browser: they see only the shared parts. Then the
 * sharing is stopped, and the carer's next open is refused.
 */
test('a peer and a person write a plan, agree it, share it with a carer, and stop sharing', async ({ page, browser }) => {
  // A long journey: two people, two browsers, a dozen screens each checked with axe.
  test.setTimeout(180_000);
  const name = uniqueName('Rowan');
  const carerPhone = '07700 900456';
  await signIn(page, DEMO.peer);

  // A new person, so the plan starts empty.
  await page.goto('/app/people/new');
  await page.getByLabel('The name they would like to be called').fill(name);
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();

  // Their crisis plan: none yet.
  await page.getByRole('link', { name: 'Crisis plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name}’s crisis plan` })).toBeVisible();
  await expect(page.getByText(`${name} does not have a crisis plan here yet.`)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Start writing a plan' }).click();

  // Writing together: a few sections, a person to call, a service from the directory.
  await expect(page.getByRole('heading', { level: 1, name: 'Writing version 1 of the crisis plan' })).toBeVisible();
  await expect(page.getByText('What are you like on a good day?')).toBeVisible();
  await page.getByRole('textbox', { name: 'Me when I am well' }).fill('I sing in the kitchen and walk the dog by the river.');
  await page.getByLabel('What I notice, or others notice').fill('I stop answering my phone.');
  await page.getByRole('textbox', { name: 'What I can do for myself' }).fill('A hot bath, then my playlist.');
  await page.getByRole('button', { name: 'Add a person' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Jo Smith');
  await page.getByLabel('Who they are').fill('my mum');
  await page.getByLabel('Phone', { exact: true }).fill(carerPhone);
  await page.getByLabel('When to call them').fill('Any time after 6pm');
  await page.getByLabel('Search the directory').fill('Harbour');
  await page.getByRole('button', { name: /Choose The Harbour safe haven/ }).click();
  await expect(page.getByRole('list', { name: 'Chosen so far' })).toContainText('The Harbour safe haven');
  await page.getByRole('textbox', { name: 'What matters most to me' }).fill('My dog, Biscuit.');
  await expectNoAxeViolations(page);
  await shot(page, 'plan-editor');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 1 is saved.' })).toBeVisible();

  // Back to the plan: the person agrees it, here in person.
  await page.getByRole('link', { name: 'Back to the plan' }).first().click();
  await expect(page.getByText('Version 1 is being written')).toBeVisible();
  await page.getByRole('button', { name: `Record that ${name} agrees it` }).click();
  await page.getByRole('button', { name: 'Record the agreement' }).click();
  await expect(page.getByRole('alert')).toContainText(`has read this version and agrees with it`);
  await page.getByLabel(`Yes, ${name} has read it and agrees it, in person`).check();
  await page.getByRole('button', { name: 'Record the agreement' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 1 is agreed.' })).toBeVisible();
  await expect(page.getByText(/Version 1 was agreed on .*, in person, with a worker/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'The agreed plan (version 1)' })).toContainText('I sing in the kitchen');
  await expect(page.getByRole('region', { name: 'Services I can contact' })).toContainText('Samaritans');
  await expectNoAxeViolations(page);
  await shot(page, 'plan-page');
  if (process.env.PLAN_SHOTS) {
    await page.setViewportSize({ width: 360, height: 800 });
    await shot(page, 'plan-page-narrow');
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  // A second version, and the two compared.
  await page.getByRole('button', { name: 'Start a new version' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Writing version 2 of the crisis plan' })).toBeVisible();
  // Someone else saves the same draft first, in another tab: both versions are shown, nothing typed is lost.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await other.getByRole('textbox', { name: 'What matters most to me' }).fill('My dog, Biscuit, and my brother.');
  await other.getByRole('textbox', { name: 'After a crisis' }).fill('A slow walk the next morning.');
  await other.getByRole('button', { name: 'Save the draft' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Version 2 is saved.' })).toBeVisible();
  await other.close();
  await page.getByRole('textbox', { name: 'Me when I am well' }).fill('I sing in the kitchen and walk the dog by the sea.');
  await page.getByRole('textbox', { name: 'What matters most to me' }).fill('Biscuit.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  const clash = page.getByRole('alert').filter({ hasText: 'while you were writing' });
  await expect(clash).toContainText('The changes saved from the other window to After a crisis are kept.');
  await expect(clash).toContainText('Your changes to Me when I am well are kept.');
  await expect(clash).toContainText('You both changed What matters most to me.');
  await expect(clash).toContainText('My dog, Biscuit, and my brother.');
  await expectNoAxeViolations(page);
  await shot(page, 'plan-editor-clash');
  await clash.getByRole('group', { name: /Which words to keep/ }).getByLabel('Keep the saved words').check();
  await clash.getByRole('button', { name: 'Save the combined plan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 2 is saved.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Me when I am well' })).toHaveValue('I sing in the kitchen and walk the dog by the sea.');
  await expect(page.getByRole('textbox', { name: 'What matters most to me' })).toHaveValue('My dog, Biscuit, and my brother.');
  await expect(page.getByRole('textbox', { name: 'After a crisis' })).toHaveValue('A slow walk the next morning.');
  await page.getByRole('link', { name: 'Back to the plan' }).first().click();
  await page.getByRole('button', { name: 'Compare versions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Comparing version 1 with version 2' })).toBeVisible();
  await expect(page.locator('ins.app-plan-added')).toContainText(['sea']);
  await expect(page.locator('del.app-plan-removed')).toContainText(['river']);
  await expectNoAxeViolations(page);
  await shot(page, 'plan-compare');
  await page.getByRole('link', { name: 'Back to the plan' }).click();

  // Share with the carer: two parts only.
  await page.getByRole('link', { name: 'Share the plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Share the plan' })).toBeVisible();
  await page.getByRole('button', { name: 'Share the plan' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose who this is');
  await page.getByLabel('A carer').check();
  await page.getByLabel('Their name').fill('Jo Smith');
  await page.getByLabel(`Who they are to ${name} (optional)`).fill('my mum');
  await page.getByLabel('Mobile number (optional)').fill(carerPhone);
  await page.getByLabel('Me when I am well').check();
  await page.getByLabel('People and places that help').check();
  await page.getByRole('group', { name: `How did ${name} agree to this?` }).getByLabel('In person').check();
  await expectNoAxeViolations(page);
  await shot(page, 'plan-share');
  await page.getByRole('button', { name: 'Share the plan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The plan is shared with Jo Smith.' })).toBeVisible();
  const shares = page.getByRole('region', { name: 'Who the plan is shared with' });
  await expect(shares).toContainText('Jo Smith');
  await expect(shares).toContainText('Can see: Me when I am well; People and places that help');

  // Send the carer a link by text; the code is shown once, here, to tell them separately.
  await page.getByRole('link', { name: /Send Jo Smith a link/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Send Jo Smith a link' })).toBeVisible();
  await expect(page.getByLabel('By text message')).toBeChecked();
  await expect(page.getByLabel('Mobile number')).toHaveValue(carerPhone);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { name: 'Tell Jo Smith this code yourself' })).toBeVisible();
  const code = ((await page.getByTestId('plan-code').textContent()) ?? '').replace(/\D/g, '');
  expect(code).toMatch(/^\d{6}$/);
  await expectNoAxeViolations(page);
  await shot(page, 'plan-link-code');

  // The text message has the link, and never the code.
  const sent = await linkSentTo(page, carerPhone.replace(/\D/g, ''));
  expect(sent.message).not.toContain(code);

  // The carer, on their own phone: link, then code; only the shared parts.
  const carer = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await carer.newPage();
  await phone.goto(sent.url);
  await phone.getByLabel(/code/i).fill(code);
  await phone.getByRole('button', { name: /open|continue|show/i }).click();
  await expect(phone.getByText('I sing in the kitchen and walk the dog by the river.')).toBeVisible();
  await expect(phone.getByText('Jo Smith').first()).toBeVisible();
  await expect(phone.getByText('A hot bath, then my playlist.')).toHaveCount(0);
  await expect(phone.getByText('My dog, Biscuit.')).toHaveCount(0);
  await expect(phone.getByText('I stop answering my phone.')).toHaveCount(0);
  await shot(phone, 'carer-plan');
  const carerPage = phone.url();

  // The person's page shows who looked.
  await page.getByRole('link', { name: 'Back to the plan' }).first().click();
  await expect(page.getByRole('region', { name: 'Who has looked at the plan' })).toContainText('Jo Smith');
  await expect(page.getByRole('region', { name: 'Links to open the plan' })).toContainText('Link for Jo Smith');

  // Stop sharing, with a confirmation; the carer's next open is refused.
  await page.getByRole('button', { name: 'Stop sharing with Jo Smith' }).click();
  await expect(page.getByRole('alert')).toContainText('Stop sharing with Jo Smith?');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Yes, stop sharing' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sharing with Jo Smith has stopped.' })).toBeVisible();
  await expect(shares.getByText('Stopped', { exact: true })).toBeVisible();

  await phone.goto(carerPage);
  await expect(phone.getByText('I sing in the kitchen and walk the dog by the river.')).toHaveCount(0);
  await phone.goto(sent.url);
  await expect(phone.getByText('I sing in the kitchen and walk the dog by the river.')).toHaveCount(0);
  await expect(phone.locator('body')).toContainText(/not working|no longer|stopped|withdrawn|not available|cannot be opened/i);
  await shot(phone, 'carer-refused');
  await carer.close();
});

test('a partner sees a plan shared with their service, uses emergency access with a reason, and the manager reviews it; the report counts plans', async ({ page }) => {
  test.setTimeout(180_000);
  const name = uniqueName('Kit');
  const fullName = name.replace(/^Kit /, 'Kit Lowry ');

  // A peer writes a short plan with the person, who agrees it and shares one part with the safe haven's partners.
  await signIn(page, DEMO.peer);
  await page.goto('/app/people/new');
  await page.getByLabel('The name they would like to be called').fill(name);
  await page.getByLabel('Full name (optional)').fill(fullName);
  await page.getByLabel('Date of birth (optional)').fill('1988-02-14');
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
  await page.getByRole('link', { name: 'Crisis plan' }).click();
  await page.getByRole('button', { name: 'Start writing a plan' }).click();
  await page.getByRole('textbox', { name: 'Me when I am well' }).fill('Chatty, out with my bike most days.');
  await page.getByLabel('Please do', { exact: true }).fill('Speak slowly and give me time to answer.');
  await page.getByRole('textbox', { name: 'After a crisis' }).fill('A quiet day at my brother’s.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 1 is saved.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the plan' }).first().click();
  await page.getByRole('button', { name: `Record that ${name} agrees it` }).click();
  await page.getByLabel(`Yes, ${name} has read it and agrees it, in person`).check();
  await page.getByRole('button', { name: 'Record the agreement' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 1 is agreed.' })).toBeVisible();
  await page.getByRole('link', { name: 'Version 1', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Version 1 of ${name}’s crisis plan` })).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'plan-version');
  await page.getByRole('link', { name: 'Back to the plan' }).click();
  await page.getByRole('link', { name: 'Share the plan' }).click();
  await page.getByLabel('A partner service').check();
  await page.getByLabel('Which service?').selectOption({ label: 'The Harbour safe haven' });
  await page.getByLabel('What I would like from other people').check();
  await page.getByRole('group', { name: `How did ${name} agree to this?` }).getByLabel('On the phone').check();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Share the plan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The plan is shared with The Harbour safe haven.' })).toBeVisible();

  // A clinical partner at the safe haven: the plan is in their list, with only the shared part.
  await page.context().clearCookies();
  await signIn(page, DEMO.clinician);
  await page.getByRole('link', { name: 'Crisis plans' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Crisis plans' })).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'partner-home');
  await page.getByRole('link', { name: 'Plans shared with The Harbour safe haven' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plans shared with your service' })).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'partner-shared-plans');
  await page.getByRole('link', { name: fullName }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name}’s crisis plan` })).toBeVisible();
  await expect(page.getByText('Speak slowly and give me time to answer.')).toBeVisible();
  await expect(page.getByText('Chatty, out with my bike most days.')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await shot(page, 'partner-shared-plan');

  // Emergency access: a reason is needed; then the whole plan opens for a while.
  await page.getByRole('link', { name: 'Plans shared with your service' }).click();
  await page.getByRole('link', { name: /their plan is not shared with you/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency access to a crisis plan' })).toBeVisible();
  await page.getByRole('button', { name: 'Open the plan in an emergency' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter their NHS number');
  await expect(page.getByRole('alert')).toContainText('Say why you need to see this plan now');
  await expectNoAxeViolations(page);
  await shot(page, 'partner-emergency-access');
  await page.getByLabel('By full name and date of birth').check();
  await page.getByLabel('Full name', { exact: true }).fill(fullName);
  await page.getByLabel('Date of birth', { exact: true }).fill('1988-02-14');
  await page.getByLabel('Why do you need to see the plan now?').fill('Brought in by ambulance very distressed and not able to talk with us yet.');
  await page.getByRole('button', { name: 'Open the plan in an emergency' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name}’s crisis plan` })).toBeVisible();
  await expect(page.getByText(/Emergency access ends at/)).toBeVisible();
  await expect(page.getByText('Chatty, out with my bike most days.')).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'partner-emergency-plan');

  // The safe haven's manager reviews it; the report card counts plans.
  await page.context().clearCookies();
  await signIn(page, DEMO.manager);
  await page.goto('/app/plans');
  await page.getByRole('link', { name: 'Emergency access at The Harbour safe haven: review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency access to crisis plans' })).toBeVisible();
  const grant = page.locator('.nhsuk-card').filter({ hasText: fullName });
  await expect(grant).toContainText('Brought in by ambulance');
  await expectNoAxeViolations(page);
  await shot(page, 'manager-emergency-review');
  await grant.getByLabel('Your note').fill('Checked with the shift lead: the right call.');
  await grant.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your review of Dr Imran Qureshi’s emergency access is saved.' })).toBeVisible();
  await page.goto('/app/reports');
  await expect(page.getByRole('heading', { level: 2, name: 'Crisis plans' })).toBeVisible();
  await expect(page.getByText('people have an agreed crisis plan')).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'reports');
});
