import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { BASE_URL, DEMO, DEMO_PASSWORD, expectNoAxeViolations, uniqueName } from './support.js';
import { NOTIFY_URL } from './constants.js';

/**
 * A person's own crisis plan on their phone, without an account. A peer worker (through
 * the API, as the staff screens would) writes a plan with them, records that they agreed
 * it, starts a new version, and texts them a link; the worker tells them the code. The
 * person opens the link with the code, agrees the new version on their phone, reads it
 * with no signal, prints it on A4 and as a wallet card (screenshots in /tmp/shots), and
 * the link is withdrawn: the copy on the phone goes. Wrong codes pause a link briefly.
 * Axe on every page.
 */

const PHONE = { width: 375, height: 740 };
const SHOTS = process.env.MY_PLAN_SHOTS ?? '/tmp/shots';

interface Worker {
  api: APIRequestContext;
  csrf: string;
}

async function peerWorker(): Promise<Worker> {
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/v1/auth/login', { data: { email: DEMO.peer, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  return { api, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
}

async function call<T>(w: Worker, method: 'post' | 'patch' | 'get', url: string, data?: unknown, status = method === 'get' ? 200 : 201): Promise<T> {
  const res = await w.api[method](url, { ...(data === undefined ? {} : { data }), headers: { 'x-csrf-token': w.csrf } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

/** The whole page in screen-sized pieces (<name>-1.png, -2.png, …), small enough to look at. */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const { width, height: step } = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 1; y < height; y += step, i++) {
    await page.screenshot({ path: `${SHOTS}/${name}-${i}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(step, height - y) } });
  }
}

/** Waits until the service worker controls the page and has kept a copy of `path`. */
async function keptOffline(page: Page, path: string): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await expect
    .poll(() => page.evaluate((p) => caches.open('my-plan-v1').then((c) => c.match(p)).then((m) => Boolean(m)), path), { message: `${path} kept for offline use` })
    .toBe(true);
}

test('a person opens their plan with a link and code, agrees a new version, reads it offline, prints it, and the withdrawn link forgets it', async ({ browser }) => {
  const peer = await peerWorker();
  const name = uniqueName('Ash');
  const phone = `07700 9${String(Date.now()).slice(-5)}`;

  // The worker: a person, a plan written together and agreed in person, then a new version.
  const person = await call<{ id: string }>(peer, 'post', '/api/v1/people', { preferredName: name, phone });
  const { entries } = await call<{ entries: { id: string; name: string }[] }>(peer, 'get', '/api/v1/directory?q=Harbour');
  const harbour = entries.find((e) => e.name === 'The Harbour safe haven');
  const content = {
    whenWell: 'I sing in the kitchen and walk the dog by the river.',
    gettingHarder: { signs: 'I stop answering my phone and stay in bed.', triggers: 'Letters about money.' },
    forMyself: 'A hot bath, then my playlist. Text my sister.',
    peopleAndPlaces: { people: [{ name: 'Nell', relationship: 'my sister', phone: '07700 900777', whenToCall: 'Any evening' }], places: 'The bench by the pond.' },
    fromOthers: { please: 'Sit with me and keep things quiet.', pleaseDont: 'Please do not talk over me.' },
    services: { entries: harbour ? [{ directoryEntryId: harbour.id, note: 'Ask for Priya.' }] : [], note: '' },
    practical: { pets: 'Biscuit the dog needs feeding twice a day.' },
    mattersMost: 'My niece, and my dog Biscuit.',
  };
  const base = `/api/v1/people/${person.id}/plan`;
  const created = await call<{ plan: { draft: { version: number } } }>(peer, 'post', base, { content });
  await call(peer, 'post', `${base}/versions/1/agree`, { how: 'in_person', version: created.plan.draft.version }, 200);
  const draft = await call<{ number: number; version: number }>(peer, 'post', `${base}/drafts`, {});
  await call(peer, 'patch', `${base}/versions/${draft.number}`, { content: { ...content, afterCrisis: 'A quiet day, then a walk with Nell.' }, version: draft.version }, 200);

  // A link by text; the code is shown to the worker only.
  const made = await call<{ url: string; code: string }>(peer, 'post', `${base}/links`, { channel: 'sms' });
  const { messages } = (await (await peer.api.get(`${NOTIFY_URL}/_messages`)).json()) as { messages: { to: string; personalisation: { message: string } }[] };
  const text = messages.filter((m) => m.to.replace(/\D/g, '') === phone.replace(/\D/g, '')).at(-1)!.personalisation.message;
  expect(text).toContain(made.url);
  expect(text).not.toContain(made.code);
  const url = new URL(made.url).pathname;

  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();

  // The code page; a mistyped code first.
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Open your crisis plan' })).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'my-plan-code');
  await page.getByLabel('Your code').fill(made.code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Open the plan' }).click();
  await expect(page.getByRole('alert')).toContainText('That code did not work');
  await expectNoAxeViolations(page);
  await page.getByLabel('Your code').fill(made.code);
  await page.getByRole('button', { name: 'Open the plan' }).click();

  // Their plan: the agreed version, and the new one waiting for them.
  await expect(page).toHaveURL(/\/my-plan$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My crisis plan' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'A new version is waiting for you' })).toBeVisible();
  await expect(page.getByText('A quiet day, then a walk with Nell.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Call 116 123' }).first()).toHaveAttribute('href', 'tel:116123');
  if (harbour) await expect(page.getByText('The Harbour safe haven').first()).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, 'my-plan-person');

  await page.getByRole('button', { name: 'This is right, I agree' }).click();
  await expect(page.getByRole('status')).toHaveText('Thank you. This version is now your agreed plan.');
  await expect(page.getByRole('button', { name: 'This is right, I agree' })).toHaveCount(0);
  await expect(page.getByText('This is version 2, agreed on')).toBeVisible();
  await expectNoAxeViolations(page);
  const version = await call<{ state: string; agreedHow: string }>(peer, 'get', `${base}/versions/2`);
  expect(version).toMatchObject({ state: 'agreed', agreedHow: 'own_device' });
  await keptOffline(page, '/my-plan');

  // No signal: the plan is still there.
  await context.setOffline(true);
  await page.goto('/my-plan');
  await expect(page.getByRole('heading', { level: 1, name: 'My crisis plan' })).toBeVisible();
  await expect(page.getByText('A quiet day, then a walk with Nell.')).toBeVisible();
  await expect(page.getByText('Biscuit the dog needs feeding twice a day.')).toBeVisible();
  await context.setOffline(false);

  // Print: A4 and a wallet card, as printed.
  for (const layout of ['a4', 'wallet'] as const) {
    await page.goto('/my-plan');
    await page.getByRole('link', { name: layout === 'a4' ? 'Print on A4 paper' : 'Print a card for your wallet' }).click();
    await expect(page).toHaveURL(new RegExp(`layout=${layout}`));
    await expectNoAxeViolations(page);
    await shot(page, `my-plan-${layout}-screen`);
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByText('Use your browser’s Print option', { exact: false })).toBeHidden();
    await shot(page, `my-plan-${layout}-print`);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(PHONE);
  }
  const card = await page.evaluate(() => {
    const r = document.querySelector('.card')!.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  // 171 mm × 54 mm at 96 dots an inch: two bank-card panels side by side.
  expect(Math.round(card.width)).toBe(646);
  expect(Math.round(card.height)).toBe(204);

  // Shared with Nell (some parts only): her page has only those, and is not kept on her phone.
  const share = await call<{ id: string }>(peer, 'post', `${base}/shares`, {
    recipientKind: 'family', recipientName: 'Nell', relationship: 'sister', sections: ['forMyself', 'peopleAndPlaces'], consentHow: 'in_person', endsOn: '2027-06-30',
  });
  const forNell = await call<{ url: string; code: string }>(peer, 'post', `${base}/links`, { channel: 'none', shareId: share.id });
  const nellContext = await browser.newContext({ viewport: PHONE });
  const nell = await nellContext.newPage();
  await nell.goto(new URL(forNell.url).pathname);
  await expect(nell.getByRole('heading', { level: 1, name: 'Open the crisis plan shared with you' })).toBeVisible();
  await expectNoAxeViolations(nell);
  await nell.getByLabel('Your code').fill(forNell.code);
  await nell.getByRole('button', { name: 'Open the plan' }).click();
  await expect(nell.getByRole('heading', { level: 1, name: 'A crisis plan shared with you' })).toBeVisible();
  await expect(nell.getByText('A hot bath, then my playlist. Text my sister.')).toBeVisible();
  await expect(nell.getByText('Biscuit the dog needs feeding twice a day.')).toHaveCount(0);
  await expectNoAxeViolations(nell);
  await shot(nell, 'my-plan-recipient');
  await nellContext.close();
  await page.goto('/my-plan');
  await expect(page.getByRole('region', { name: 'Who has looked at my plan' })).toContainText('Nell (sister)');

  // The worker withdraws the link: the next time the phone is online, the plan goes.
  const plan = await call<{ plan: { links: { id: string; status: string; shareId: string | null }[] } }>(peer, 'get', base);
  const linkId = plan.plan.links.find((l) => l.status === 'active' && l.shareId === null)!.id;
  await call(peer, 'post', `${base}/links/${linkId}/withdraw`, {}, 200);
  await page.goto('/my-plan');
  await expect(page.getByRole('heading', { level: 1, name: 'This link is not working' })).toBeVisible();
  await expect(page.getByText('Biscuit')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await expect.poll(() => page.evaluate(() => caches.open('my-plan-v1').then((c) => c.keys()).then((k) => k.length))).toBe(0);
  await context.setOffline(true);
  await page.goto('/my-plan');
  await expect(page.getByRole('heading', { level: 1, name: 'No signal' })).toBeVisible();
  await expect(page.getByText('Biscuit')).toHaveCount(0);
  await context.close();
  await peer.api.dispose();
});

test('a link pauses after wrong codes; forgetting the plan on this phone removes the kept copy', async ({ browser }) => {
  const peer = await peerWorker();
  const person = await call<{ id: string }>(peer, 'post', '/api/v1/people', { preferredName: uniqueName('Bea') });
  const base = `/api/v1/people/${person.id}/plan`;
  const created = await call<{ plan: { draft: { version: number } } }>(peer, 'post', base, { content: { forMyself: 'Tea in the garden.' } });
  await call(peer, 'post', `${base}/versions/1/agree`, { how: 'in_person', version: created.plan.draft.version }, 200);
  const made = await call<{ url: string; code: string }>(peer, 'post', `${base}/links`, { channel: 'none' });
  const url = new URL(made.url).pathname;
  const wrong = made.code === '000000' ? '111111' : '000000';

  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(url);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Your code').fill(wrong);
    await page.getByRole('button', { name: 'Open the plan' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await expect(page.getByRole('alert')).toContainText('This link is paused for a few minutes');
  await expectNoAxeViolations(page);
  await shot(page, 'my-plan-paused');
  // The right code waits for the pause too.
  await page.getByLabel('Your code').fill(made.code);
  await page.getByRole('button', { name: 'Open the plan' }).click();
  await expect(page.getByRole('alert')).toContainText('paused');

  // A fresh link (the worker can always make one) opens; then the person forgets it on this phone.
  const again = await call<{ url: string; code: string }>(peer, 'post', `${base}/links`, { channel: 'none' });
  await page.goto(new URL(again.url).pathname);
  await page.getByLabel('Your code').fill(again.code);
  await page.getByRole('button', { name: 'Open the plan' }).click();
  await expect(page.getByText('Tea in the garden.')).toBeVisible();
  await keptOffline(page, '/my-plan');
  await page.getByRole('button', { name: 'Forget this plan on this phone' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'The plan has been removed from this phone' })).toBeVisible();
  await expectNoAxeViolations(page);
  await expect.poll(() => page.evaluate(() => caches.open('my-plan-v1').then((c) => c.keys()).then((k) => k.length))).toBe(0);
  await page.goto('/my-plan');
  await expect(page.getByRole('heading', { level: 1, name: 'Your plan is not on this phone' })).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
  await peer.api.dispose();
});
