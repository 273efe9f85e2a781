import { expect, test } from '@playwright/test';
import { NOTIFY_URL } from './constants.js';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * A member of staff adds their mobile number for alerts on their account page, sees a mistake
 * explained, saves it, and sends themselves a test text (peer2@demo.test: no other spec uses
 * this account, so its alerts and settings are its own).
 */
test('a person adds their mobile number for alerts and sends themselves a test text', async ({ page, request }) => {
  await signIn(page, DEMO.peer2);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your account' }).click();
  const section = page.getByRole('region', { name: 'Mobile number for alerts' });
  await expect(section).toBeVisible();
  await expect(section.getByRole('radio', { name: 'By email' })).toBeChecked();
  await expect(section.getByRole('button', { name: 'Send me a test text' })).toHaveCount(0);

  // A landline is explained, at the field and in the summary.
  await section.getByLabel('UK mobile number').fill('0113 496 0000');
  await section.getByRole('button', { name: 'Save alert settings' }).click();
  await expect(section.locator('.nhsuk-error-summary')).toContainText('Enter a UK mobile number, like 07700 900123');
  await expect(section.getByLabel('UK mobile number')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  // A mobile is saved; alerts now come by text.
  await section.getByLabel('UK mobile number').fill('+44 7700 900 321');
  await section.getByRole('button', { name: 'Save alert settings' }).click();
  await expect(section.getByRole('status')).toContainText('Saved. Alerts reach you by text message, at 07700 900321.');
  await expect(section.getByLabel('UK mobile number')).toHaveValue('07700 900321');
  await expect(section.getByRole('radio', { name: 'By text message', exact: true })).toBeChecked();
  await expectNoAxeViolations(page);

  // Still there after a reload.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Mobile number for alerts' }).getByLabel('UK mobile number')).toHaveValue('07700 900321');

  // The test text reaches the fake Notify.
  await page.getByRole('region', { name: 'Mobile number for alerts' }).getByRole('button', { name: 'Send me a test text' }).click();
  await expect(page.getByRole('region', { name: 'Mobile number for alerts' }).getByRole('status')).toContainText('We sent a test text to your number ending 321');
  const messages = (await (await request.get(`${NOTIFY_URL}/_messages`)).json()) as { messages: { channel: string; to: string }[] };
  expect(messages.messages.filter((m) => m.channel === 'sms' && m.to === '+447700900321').length).toBeGreaterThanOrEqual(1);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: test.info().outputPath('account-alert-settings.png'), fullPage: true });
});
