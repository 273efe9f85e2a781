import { expect, test, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * Every screen not walked through by a journey spec, on a desktop (1280 px) and on the narrowest phone
 * width WCAG asks for (320 px, reflow): each passes an accessibility check, has exactly one h1 and a
 * title that names it, and never needs scrolling sideways. Reads only: the demo data is left as it is.
 */

interface Screen {
  name: string;
  /** Gets the page on screen (a visit or a click through). */
  open: (page: Page) => Promise<unknown>;
  /** The page's own title (the h1 without its caption; the document title adds " – Alongside"). */
  title: string | RegExp;
}

const ADMIN_SCREENS: Screen[] = [
  { name: 'home', open: (page) => page.goto('/app/'), title: /^(Good morning|Good afternoon|Good evening|Hello), Priya$/ },
  { name: 'page not found', open: (page) => page.goto('/app/no-such-page'), title: 'Page not found' },
  { name: 'account', open: (page) => page.goto('/app/account'), title: 'Your account' },
  { name: 'second factor set-up', open: (page) => page.goto('/app/account/second-factor'), title: 'Set up your second factor' },
  { name: 'administration', open: (page) => page.goto('/app/admin'), title: 'Administration' },
  { name: 'organisation', open: (page) => page.goto('/app/admin/organisation'), title: 'Organisation' },
  { name: 'services', open: (page) => page.goto('/app/admin/services'), title: 'Services and teams' },
  {
    name: 'a service, with its teams',
    open: async (page) => {
      await page.goto('/app/admin/services');
      await page.getByRole('link', { name: 'The Harbour safe haven' }).click();
      await expect(page.getByRole('region', { name: 'Teams' }).getByRole('listitem').filter({ hasText: 'Evening team' })).toBeVisible();
    },
    title: 'The Harbour safe haven',
  },
  { name: 'new service', open: (page) => page.goto('/app/admin/services/new'), title: 'Add a service' },
  {
    name: 'staff accounts',
    open: async (page) => {
      await page.goto('/app/admin/users');
      await expect(page.getByRole('row').filter({ hasText: DEMO.peer })).toBeVisible();
    },
    title: 'Staff accounts',
  },
  {
    name: 'a staff account',
    open: async (page) => {
      await page.goto('/app/admin/users');
      await page.getByRole('link', { name: 'Jordan Ellis' }).click();
    },
    title: 'Jordan Ellis',
  },
  { name: 'invite someone', open: (page) => page.goto('/app/admin/users/new'), title: 'Invite someone' },
  {
    name: 'audit trail',
    open: async (page) => {
      await page.goto('/app/admin/audit');
      await expect(page.getByRole('row').filter({ hasText: 'Sign-in' }).first()).toBeVisible();
    },
    title: 'Audit trail',
  },
];

const PEER_SCREENS: Screen[] = [
  { name: 'home (peer support worker)', open: (page) => page.goto('/app/'), title: /^(Good morning|Good afternoon|Good evening|Hello), Jordan$/ },
  { name: 'administration, refused', open: (page) => page.goto('/app/admin'), title: 'You do not have access to this page' },
  { name: 'audit trail, refused', open: (page) => page.goto('/app/admin/audit'), title: 'You do not have access to this page' },
];

const SIGNED_OUT_SCREENS: Screen[] = [
  { name: 'sign in', open: (page) => page.goto('/app/signin'), title: 'Sign in' },
  { name: 'page not found (signed out)', open: (page) => page.goto('/app/no-such-page'), title: 'Page not found' },
  { name: 'setup, already done', open: (page) => page.goto('/app/setup?token=not-needed'), title: 'Alongside is already set up' },
  { name: 'invitation without a link', open: (page) => page.goto('/app/invite'), title: 'This invitation link does not work' },
  { name: 'invitation with an unknown link', open: (page) => page.goto('/app/invite?token=no-such-invitation-token'), title: 'This invitation link does not work' },
];

async function checkScreen(page: Page, screen: Screen): Promise<void> {
  await test.step(screen.name, async () => {
    await screen.open(page);
    const h1 = page.locator('h1');
    // The page has finished loading when its own heading is there and nothing says it is still loading.
    await expect(h1, `${screen.name}: heading`).toHaveCount(1);
    const caption = h1.locator('.nhsuk-caption-l');
    const ownTitle = async () => ((await h1.innerText()).slice((await caption.count()) ? (await caption.innerText()).length : 0)).trim();
    await expect.poll(ownTitle, { message: `${screen.name}: h1` }).toMatch(typeof screen.title === 'string' ? new RegExp(`^${escape(screen.title)}$`) : screen.title);
    await expect(page.getByRole('status').filter({ hasText: /^(Loading|Checking)/ }), `${screen.name}: still loading`).toHaveCount(0);
    await expect(page.locator('h1'), `${screen.name}: exactly one h1`).toHaveCount(1);
    await expect(page, `${screen.name}: title`).toHaveTitle(`${await ownTitle()} – Alongside`);

    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth, `${screen.name}: no sideways scrolling at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
    await expectNoAxeViolations(page);
  });
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const width of [1280, 320]) {
  test.describe(`at ${width} px wide`, () => {
    test.use({ viewport: { width, height: width === 320 ? 640 : 800 } });

    test('screens for someone signed out', async ({ page }) => {
      for (const screen of SIGNED_OUT_SCREENS) await checkScreen(page, screen);
    });

    test('screens for an organisation administrator', async ({ page }) => {
      test.setTimeout(90_000);
      await signIn(page, DEMO.admin);
      for (const screen of ADMIN_SCREENS) await checkScreen(page, screen);
    });

    test('a peer support worker is kindly refused administration', async ({ page }) => {
      await signIn(page, DEMO.peer);
      for (const screen of PEER_SCREENS) await checkScreen(page, screen);
      await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
    });
  });
}
