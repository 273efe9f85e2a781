import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * Debriefs and supervision (issue 7). Jordan (peer@demo.test) was offered a debrief after the
 * escalation in the demo: he books it with Ruth as his named peer supporter and sees the
 * follow-up rhythm, then sees his own supervision with line management overdue. Ruth sees the
 * debriefs she supports. Gareth (the manager) sees who is overdue for supervision, with dates
 * and never what was talked about. Set WELLBEING_SHOTS=<dir> to keep screenshots.
 */

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.WELLBEING_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Words from the demo's supervision records: never on the manager's page. */
const PRIVATE_THEMES = ['Settling into evening shifts', 'Shadow Ruth on two late shifts', 'Using my own story with care'];

test('a worker books a debrief with a named peer supporter and sees the rhythm and their supervision', async ({ page }) => {
  await signIn(page, DEMO.peer);
  await page.goto('/app/wellbeing/debriefs');
  await expect(page.getByRole('heading', { level: 1, name: 'Debriefs' })).toBeVisible();
  const offer = page.getByTestId('debrief-offer').filter({ hasText: 'Offered after an escalation you were part of' });
  await expect(offer).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'worker-offer');

  // Booking without choosing someone asks for a choice first.
  await offer.getByRole('button', { name: 'Book my debrief' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose who you would like to talk to');
  await offer.getByLabel('Who would you like to talk to?').selectOption({ label: 'Ruth Adeyemi' });
  await offer.getByRole('button', { name: 'Book my debrief' }).click();
  await expect(page.getByRole('status')).toContainText('Your debrief is booked with Ruth Adeyemi');

  const booked = page.getByTestId('debrief-booked').filter({ hasText: 'Ruth Adeyemi' });
  await expect(booked).toContainText('A first chat to plan');
  await expect(booked).toContainText('A proper conversation');
  await expect(booked).toContainText('A check-in about a month on');
  await expect(page.getByTestId('debrief-offer')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await shot(page, 'worker-booked');

  await page.goto('/app/wellbeing/supervision');
  await expect(page.getByRole('heading', { level: 1, name: 'Supervision' })).toBeVisible();
  const line = page.getByRole('row').filter({ hasText: 'Line management' });
  await expect(line).toContainText('Sam Okafor');
  await expect(line).toContainText('Overdue by 12 days');
  await expect(page.getByRole('row').filter({ hasText: 'Peer supervision from outside the organisation' })).toContainText('Ash Green, Peer Voices Network');
  await expectNoAxeViolations(page);
  await shot(page, 'worker-supervision');

  // Recording a session (outside peer supervision, so line management stays overdue for the manager's view).
  await page.getByLabel('Kind of supervision').selectOption({ label: 'Peer supervision from outside the organisation' });
  await page.getByLabel('Themes (optional)').fill('Catching up after a busy month.');
  await page.getByRole('button', { name: 'Save the session' }).click();
  await expect(page.getByRole('status')).toContainText('The session is recorded');
  await expect(page.getByText('Catching up after a busy month.')).toBeAttached();
  await expectNoAxeViolations(page);
});

test('a peer supporter sees the debriefs they support, with what is overdue', async ({ page }) => {
  await signIn(page, DEMO.senior);
  await page.goto('/app/wellbeing/debriefs');
  const card = page.getByTestId('debrief-supporting').filter({ hasText: 'Sam Okafor' });
  await expect(card).toContainText('One contact overdue');
  await expect(card).toContainText('They asked for this');
  await expectNoAxeViolations(page);
  await shot(page, 'supporter');
  await card.getByText('Mark as done').first().click();
  await card.getByRole('button', { name: 'It happened today' }).first().click();
  await expect(page.getByRole('status')).toContainText('is marked as done');
  await expect(card).not.toContainText('overdue');
});

test('the manager sees who is overdue for supervision, without what was talked about', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await page.goto('/app/wellbeing/supervision');
  await page.getByRole('link', { name: /Your team’s supervision/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Team supervision/ })).toBeVisible();
  await page.getByLabel('Service', { exact: true }).selectOption({ label: 'The Harbour safe haven' });
  const table = page.getByTestId('overdue-table');
  await expect(table.getByRole('row').filter({ hasText: 'Jordan Ellis' }).filter({ hasText: 'Line management' })).toContainText('Overdue');
  await expect(table.getByRole('row').filter({ hasText: 'Ruth Adeyemi' }).filter({ hasText: 'Clinical supervision' })).toContainText('Due soon');
  // Debriefs as counts only: Jordan's booked one and Sam's are under way; no names in that section.
  const counts = page.getByTestId('debrief-counts');
  await expect(counts).toContainText('Booked, under way');
  await expect(counts).not.toContainText('Jordan');
  const text = await page.locator('main').innerText();
  for (const words of PRIVATE_THEMES) expect(text).not.toContain(words);
  await expectNoAxeViolations(page);
  await shot(page, 'manager-team');

  // Changing a rhythm: the server's answer shows by its field.
  await page.getByLabel('Worker', { exact: true }).selectOption({ label: 'Jordan Ellis' });
  await page.getByLabel('Kind of supervision').selectOption({ label: 'Clinical supervision' });
  await page.getByLabel('How often, in days').fill('3');
  await page.getByRole('button', { name: 'Save rhythm' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a whole number of days from 7 to 365');
  await page.getByLabel('How often, in days').fill('42');
  await page.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Dr Imran Qureshi' });
  await page.getByRole('button', { name: 'Save rhythm' }).click();
  await expect(page.getByRole('status')).toContainText('The rhythm is saved');
  await expect(page.getByTestId('rhythms-table').getByRole('row').filter({ hasText: 'Jordan Ellis' })).toContainText('Clinical supervision: every 42 days with Dr Imran Qureshi');
  await expectNoAxeViolations(page);
  await shot(page, 'manager-rhythm-saved');
});
