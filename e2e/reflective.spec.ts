import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, expectNoAxeViolations, signIn } from './support.js';

/**
 * Reflective practice.
 *  - Ruth (senior@demo.test, senior peer) records the Evening team's group session at The Harbour:
 *    who came, themes and learning. A phone number in the themes is caught before anything is
 *    saved; she takes it out and saves.
 *  - Marta (peer2@demo.test) sets up her reflective journal (the recovery code shown once, kept),
 *    writes an entry marked to bring to the group, locks it and opens it again with her password.
 * Each screen is checked with axe.
 */

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test('a senior peer records a reflective group session, meets the identifier warning for a phone number, fixes it and saves', async ({ browser }) => {
  const ruth = await signedIn(browser, DEMO.senior);
  await ruth.goto('/app/wellbeing/groups');
  await expect(ruth.getByRole('heading', { level: 1, name: 'Reflective practice groups' })).toBeVisible();
  await ruth.getByLabel('Service').selectOption({ label: 'The Harbour safe haven' });
  await expect(ruth.getByRole('heading', { name: 'Evening team' })).toBeVisible();
  await expectNoAxeViolations(ruth);

  await ruth.getByRole('link', { name: 'Record a group session' }).click();
  await expect(ruth.getByRole('heading', { level: 1, name: 'Record a group session' })).toBeVisible();
  await expectNoAxeViolations(ruth);
  await ruth.getByLabel('Team').selectOption({ label: 'Evening team' });
  await expect(ruth.getByLabel('Facilitator')).toHaveValue(/.+/);
  await ruth.getByLabel('Jordan Ellis').check();
  await ruth.getByLabel('Sam Okafor').check();
  const themes = 'Quiet nights that turn busy fast. A caller kept ringing from 07700 900123 and we wondered how to hold that.';
  await ruth.getByLabel('Themes').fill(themes);
  await ruth.getByLabel('Learning').fill('Share the load on the phones, and hand over in person when we can.');
  await ruth.getByRole('button', { name: 'Save session' }).click();

  // Caught before saving: the phone number is named as typed, inline and in the summary.
  await expect(ruth.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(ruth.getByText('‘07700 900123’ looks like a phone number', { exact: false }).first()).toBeVisible();
  await expect(ruth.getByRole('heading', { name: 'Check the notes before saving' })).toBeVisible();
  await expectNoAxeViolations(ruth);

  await ruth.getByLabel('Themes').fill('Quiet nights that turn busy fast. A regular caller and how we hold that together.');
  await ruth.getByRole('button', { name: 'Save session' }).click();
  await expect(ruth.getByRole('heading', { level: 1, name: /^Group session, / })).toBeVisible();
  await expect(ruth.getByText('The session is recorded.')).toBeVisible();
  await expect(ruth.getByText('Jordan Ellis, Sam Okafor')).toBeVisible();
  await expect(ruth.getByText('A regular caller and how we hold that together.', { exact: false })).toBeVisible();
  await expect(ruth.getByText('07700 900123')).toHaveCount(0);
  await expectNoAxeViolations(ruth);
});

test('a worker sets up their journal, writes an entry for the group, locks it and opens it again', async ({ browser }) => {
  const marta = await signedIn(browser, DEMO.peer2);
  await marta.goto('/app/wellbeing/journal');
  await expect(marta.getByRole('heading', { level: 1, name: 'My reflective journal' })).toBeVisible();
  await expectNoAxeViolations(marta);

  await marta.getByLabel('Your password').fill(DEMO_PASSWORD);
  await marta.getByRole('button', { name: 'Set up my journal' }).click();
  await expect(marta.getByRole('heading', { name: 'Your recovery code' })).toBeVisible();
  await expect(marta.getByTestId('recovery-code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  await expectNoAxeViolations(marta);
  // Not before saying the code is kept.
  await marta.getByRole('button', { name: 'Continue to my journal' }).click();
  await expect(marta.getByText('Tick the box once you have kept your recovery code')).toBeVisible();
  await marta.getByLabel('I have kept my recovery code somewhere safe').check();
  await marta.getByRole('button', { name: 'Continue to my journal' }).click();

  await expect(marta.getByRole('heading', { name: 'Write an entry' })).toBeVisible();
  const words = 'Sat with someone for an hour in A&E and did not know what to say. Staying was enough, I think.';
  await marta.getByLabel('Title (optional)').fill('Staying with it');
  await marta.getByLabel('What is on your mind').fill(words);
  await marta.getByLabel('Mark it to bring to the group').check();
  await marta.getByRole('button', { name: 'Save entry' }).click();
  await expect(marta.getByText('Your entry is saved, locked with your key.')).toBeVisible();
  await expect(marta.getByRole('heading', { name: 'Staying with it' })).toBeVisible();
  await expect(marta.getByText('To bring to the group', { exact: true })).toBeVisible();
  await marta.getByLabel('Only those marked for the group').check();
  await expect(marta.getByText(words)).toBeVisible();
  await expectNoAxeViolations(marta);

  await marta.getByRole('button', { name: 'Lock my journal' }).click();
  await expect(marta.getByText('Your journal is locked. Your entries are safe.')).toBeVisible();
  await expect(marta.getByText(words)).toHaveCount(0);
  await expectNoAxeViolations(marta);

  await marta.getByLabel('Your password').fill('not my password');
  await marta.getByRole('button', { name: 'Open my journal' }).click();
  await expect(marta.getByText('That is not your password', { exact: false }).first()).toBeVisible();
  await marta.getByLabel('Your password').fill(DEMO_PASSWORD);
  await marta.getByRole('button', { name: 'Open my journal' }).click();
  await expect(marta.getByText(words)).toBeVisible();
  await expectNoAxeViolations(marta);
});
