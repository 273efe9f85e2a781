import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * The public help page, as a person in crisis meets it: on a small phone (320 px wide) in
 * English and in Urdu (right to left), with nothing else to download, still there with no
 * signal after the first visit, and a call back form that works with JavaScript turned off
 * and reaches the shift lead's live board. No sign-in anywhere on the public side.
 */

const PHONE = { width: 320, height: 640 };

/** The whole page in screen-sized pieces (test-results/<name>-1.png, -2.png, …), small enough to look at. */
async function screenshots(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 1; y < height; y += PHONE.height, i++) {
    await page.screenshot({ path: `test-results/${name}-${i}.png`, fullPage: true, clip: { x: 0, y, width: PHONE.width, height: Math.min(PHONE.height, height - y) } });
  }
}

async function expectFitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no sideways scrolling at 320 px').toBeLessThanOrEqual(0);
}

test('the help page at 320 px in English and Urdu: every section, one request, accessible', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  const response = await page.goto('/help');
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('load');
  await expect(page.getByRole('heading', { level: 1, name: 'Get help now' })).toBeVisible();
  for (const name of ['If you are in danger now', 'If you need to talk to someone soon', 'Our safe haven', 'Talk to someone who has been there', 'If you are under 16', 'Help for carers and families', 'Other help near you', 'Ask us to call you back']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Call 999' })).toHaveAttribute('href', 'tel:999');
  await expect(page.getByRole('link', { name: 'Call 116 123' })).toHaveAttribute('href', 'tel:116123');
  await expect(page.getByText(/^(Open now|Closed now)/)).toBeVisible();
  await expectFitsTheScreen(page);
  await expectNoAxeViolations(page);
  await screenshots(page, 'help-320-en');
  // The page itself, then (after load) only its service worker: no CSS, fonts, images or scripts from anywhere.
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => u !== `${origin}/help` && u !== `${origin}/help-sw.js`)).toEqual([]);

  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'اردو' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ur');
  await expect(page.getByRole('heading', { level: 1, name: 'ابھی مدد حاصل کریں' })).toBeVisible();
  await expect(page.getByText('This translation is waiting to be checked by native speakers from our community.')).toBeVisible();
  await expectFitsTheScreen(page);
  await expectNoAxeViolations(page);
  await screenshots(page, 'help-320-ur');

  await page.goto('/help?lang=pl');
  await expect(page.getByRole('heading', { level: 1, name: 'Pomoc teraz' })).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
});

test('after the first visit, the help page opens with no signal', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/s/harbour/help?lang=ur');
  // The service worker, registered after load, keeps this very page.
  await expect
    .poll(() => page.evaluate(async () => Boolean(await caches.match(location.href))), { timeout: 15_000 })
    .toBe(true);
  const tokenBefore = await page.locator('input[name="token"]').getAttribute('value');
  // A page made in a later second would carry a new token: so a kept copy can be told apart.
  await page.waitForTimeout(1_100);

  await context.setOffline(true);
  const offline = await page.reload();
  expect(offline?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'ابھی مدد حاصل کریں' })).toBeVisible();
  await expect(page.getByRole('link', { name: /999/ }).first()).toHaveAttribute('href', 'tel:999');
  // The kept copy, not a fresh one from the server (each fresh page has a new form token).
  expect(await page.locator('input[name="token"]').getAttribute('value')).toBe(tokenBefore);
  // The form sent with no signal: not lost silently; the numbers to call instead.
  await page.locator('#name').fill('Robin');
  await page.locator('#reach').fill('07700 900321');
  await page.locator('button[type="submit"]').click();
  // In the language of the form (Urdu here).
  await expect(page.getByRole('heading', { level: 1, name: 'نہیں بھیجا گیا: آپ آف لائن ہیں' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('link', { name: /999/ })).toHaveAttribute('href', 'tel:999');
  await page.screenshot({ path: test.info().outputPath('help-offline-not-sent-ur.png') });
  await expectNoAxeViolations(page);
  // Another language not seen yet still gives the numbers (the page as kept).
  await page.goto('/s/harbour/help?lang=pl');
  await expect(page.getByRole('link', { name: /999/ }).first()).toBeVisible();
  await context.close();
});

async function leadBoard(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO.lead);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Live board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Live board/ })).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  return page;
}

test('a call back asked for with JavaScript turned off appears on the shift lead’s board, script kept as text', async ({ browser }) => {
  const lead = await leadBoard(browser);
  const name = `Ash <script>window.pwned=1</script> ${Date.now() % 100000}`;

  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/help');
  // Too quick: a person needs a few seconds to fill the form in, so the form comes back with a fresh token.
  await page.getByLabel('What should we call you?').fill(name);
  await page.getByLabel('How can we reach you?').fill('07700 900123');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask us to call you back' })).toBeVisible();
  await expect(page.getByText('That was very quick. Please check your details and press Send again.')).toBeVisible();
  await expect(page.getByLabel('What should we call you?')).toHaveValue(name);
  await screenshots(page, 'help-320-form-again');

  await page.waitForTimeout(3_500);
  await page.getByLabel('When is a good time?').fill('after 6pm');
  await page.getByLabel('Is there anything you want us to know?').fill('It has been a hard week.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL(/\/help\/thanks$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you. We have your message.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What happens next' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'If things get worse while you wait' })).toBeVisible();
  await screenshots(page, 'help-320-thanks');

  // On the lead's board without a reload, the name shown as the words typed.
  const item = lead.getByRole('listitem').filter({ hasText: name });
  await expect(item).toBeVisible({ timeout: 5_000 });
  await expect(item).toContainText('Good time: after 6pm');
  expect(await lead.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await lead.context().close();
  await context.close();
});

test('each public page passes the accessibility check', async ({ browser }) => {
  // axe needs JavaScript, so the pages a script-free browser saw are checked here in one that has it.
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/help/thanks?lang=ur');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectNoAxeViolations(page);
  await page.goto('/s/no-such-place/help');
  await expect(page.getByRole('heading', { level: 1, name: 'We could not find that page' })).toBeVisible();
  await expectNoAxeViolations(page);
  // The form sent back with a problem: the error summary and the field marked.
  await page.goto('/help');
  await page.getByLabel('What should we call you?').fill('Jo');
  await page.getByLabel('How can we reach you?').fill('07700 900456');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('That was very quick.')).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
});
