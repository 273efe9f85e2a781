import { expect, test, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn } from './support.js';

/**
 * The service directory: an administrator adds an entry and imports another (an old one, due a
 * check); a peer worker finds the new entry and signposts someone who walked in to it; the
 * administrator marks the old entry as checked.
 */

const run = Date.now() % 1_000_000;
const cafe = `Eastwick Evening Café ${run}`;
const imported = `Millbrook Carers Line ${run}`;

/** Full-page screenshots at desktop and phone widths, to look at afterwards; and no sideways scrolling at 320 px. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  // The narrowest phone WCAG asks for: nothing needs scrolling sideways.
  await page.setViewportSize({ width: 320, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at 320 px`).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function openDirectory(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Directory' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Service directory' })).toBeVisible();
}

const orukFile = {
  totalElements: 1,
  totalPages: 1,
  number: 1,
  size: 1,
  first: true,
  last: true,
  content: [
    {
      id: `e2e-carers-${run}`,
      name: imported,
      description: 'Someone to talk to if you care for a person in crisis.',
      status: 'active',
      assured_date: '2025-01-15',
      organization: { id: `e2e-org-${run}`, name: 'Millbrook Carers Trust' },
      contacts: [{ id: `e2e-contact-${run}`, phones: [{ id: `e2e-phone-${run}`, number: '0113 496 0777' }] }],
      service_taxonomys: [{ id: `e2e-tax-${run}`, taxonomy: { id: 'carers-support', name: 'Support for carers and families', vocabulary: 'alongside-crisis' } }],
      regular_schedules: [{ id: `e2e-sched-${run}`, byday: 'MO,TU,WE,TH,FR', opens_at: '09:00:00', closes_at: '17:00:00' }],
    },
  ],
};

test('an administrator adds an entry and imports one; a peer worker signposts a walk-in to it; an entry due a check is marked checked', async ({ browser }) => {
  // One long journey through three people's screens, with screenshots at two widths.
  test.setTimeout(180_000);
  // ---- the administrator adds an entry ----
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, DEMO.admin);
  await openDirectory(admin);
  await expectNoAxeViolations(admin);

  await admin.getByRole('link', { name: 'Add an entry' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Add a directory entry' })).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByRole('button', { name: 'Add the entry' }).click();
  await expect(admin.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(admin.locator('.nhsuk-error-summary')).toContainText('Enter the name of the service');
  await expectNoAxeViolations(admin);

  await admin.getByLabel('Name of the service').fill(cafe);
  await admin.getByLabel('Organisation that runs it').fill('Eastwick Wellbeing Trust');
  await admin.getByLabel('What it offers (optional)').fill('A warm room, a hot drink and someone to talk to in the evening.');
  await admin.getByLabel('Safe haven or crisis café').check();
  await admin.getByLabel('Peer support', { exact: true }).check();
  await admin.getByLabel(/^Phone number/).fill('0113 496 0123');
  await admin.getByLabel(/^What it is for/).fill('Call, or just come in');
  await admin.getByLabel('Address line 1 (optional)').fill('12 Canal Street');
  await admin.getByLabel('Town or city (optional)').fill('Eastwick');
  await admin.getByLabel('Postcode (optional)').fill('ls1 4ap');
  await admin.getByLabel('Accessibility (optional)').fill('Step-free entrance\nQuiet room');
  await admin.getByLabel('Youngest age (optional)').fill('16');
  await admin.getByRole('button', { name: 'Add opening times' }).click();
  await expect(admin.getByLabel('Monday')).toBeFocused();
  for (const day of ['Thursday', 'Friday', 'Saturday']) await admin.getByLabel(day).check();
  await admin.getByLabel(/^Opens/).fill('18:00');
  await admin.getByLabel(/^Closes/).fill('02:00');
  await admin.getByRole('button', { name: 'Add special dates' }).click();
  await admin.getByLabel(/^From/).fill('2026-12-25');
  await admin.getByLabel('Closed on bank holidays').check();
  await admin.getByRole('button', { name: 'Add the entry' }).click();

  await expect(admin.getByRole('heading', { level: 1, name: cafe })).toBeVisible();
  await expect(admin.getByText('The entry has been added to the directory.')).toBeVisible();
  const cafeAdminId = new URL(admin.url()).pathname.split('/').at(-1) ?? '';
  await expect(admin.getByText('Call, or just come in: 0113 496 0123')).toBeVisible();
  await expect(admin.getByText('LS1 4AP')).toBeVisible();
  await expect(admin.getByText('Closed on bank holidays.')).toBeVisible();
  await expect(admin.getByText(/^Checked \d+ \w+ \d{4}/)).toBeVisible();
  await expectNoAxeViolations(admin);
  await shoot(admin, 'directory-entry');

  // The editor shows what was saved; a field error from the schema is shown in the summary.
  await admin.getByRole('link', { name: `Edit ${cafe}` }).click();
  await expect(admin.getByRole('heading', { level: 1, name: `Edit ${cafe}` })).toBeVisible();
  await expect(admin.getByLabel('Friday')).toBeChecked();
  await expect(admin.getByLabel('Monday')).not.toBeChecked();
  await admin.getByLabel(/^Closes/).fill('25:00');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.locator('.nhsuk-error-summary')).toBeFocused();
  await expect(admin.locator('.nhsuk-error-summary')).toContainText('24-hour clock');
  await expectNoAxeViolations(admin);
  await shoot(admin, 'directory-edit');
  await admin.getByLabel(/^Closes/).fill('01:00');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByText('Your changes are saved.')).toBeVisible();

  // Someone else saves first (the entry is marked checked from another tab): both versions are shown to choose from.
  await admin.getByRole('link', { name: `Edit ${cafe}` }).click();
  await admin.getByLabel('What it offers (optional)').fill('A warm room and someone to talk to, every evening from Thursday.');
  const { csrfToken } = (await (await admin.request.get('/api/v1/auth/session')).json()) as { csrfToken: string };
  const saved = (await (await admin.request.get(`/api/v1/directory/${cafeAdminId}`)).json()) as { version: number };
  const marked = await admin.request.post(`/api/v1/directory/${cafeAdminId}/checked`, { data: { version: saved.version }, headers: { 'x-csrf-token': csrfToken } });
  expect(marked.status()).toBe(200);
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByRole('heading', { name: 'Someone else saved a change first' })).toBeVisible();
  await expect(admin.getByText('A warm room, a hot drink and someone to talk to in the evening.')).toBeVisible();
  await expectNoAxeViolations(admin);
  await shoot(admin, 'directory-stale');
  await admin.getByRole('button', { name: 'Save my version instead' }).click();
  await expect(admin.getByText('Your changes are saved.')).toBeVisible();
  await expect(admin.getByText('every evening from Thursday')).toBeVisible();

  // ---- the administrator imports an old entry: a dry run first ----
  await openDirectory(admin);
  await admin.getByRole('link', { name: 'Import or export' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Import or export the directory' })).toBeVisible();
  await expectNoAxeViolations(admin);
  // A file that is not JSON, then one with a service that has no name: clear answers, nothing stored.
  await admin.getByLabel('File to import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json at all') });
  await expect(admin.locator('.nhsuk-error-summary')).toContainText('This file is not Open Referral UK JSON');
  const nameless = { ...orukFile.content[0], id: `e2e-nameless-${run}`, name: '' };
  const mixed = { ...orukFile, totalElements: 2, content: [{ ...orukFile.content[0], id: `e2e-fine-${run}`, name: `Fine ${run}` }, nameless] };
  await admin.getByLabel('File to import').setInputFiles({ name: 'mixed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mixed)) });
  await admin.getByRole('button', { name: 'Check the file' }).click();
  await expect(admin.getByText('The file has 2 services. 1 service has problems, so nothing would be imported.', { exact: false })).toBeVisible();
  await expect(admin.getByRole('heading', { name: 'Problems to fix first' })).toBeVisible();
  await expect(admin.locator('.app-dir-report')).toContainText('Give the service a name');
  await expect(admin.getByRole('button', { name: 'Import now' })).toHaveCount(0);
  await admin.getByLabel(/skip the ones with problems/).check();
  await admin.getByRole('button', { name: 'Check the file' }).click();
  await expect(admin.getByText('The file has 2 services. 1 service would be added and 1 service would be skipped. Nothing has been saved yet.')).toBeVisible();
  await expectNoAxeViolations(admin);
  await shoot(admin, 'directory-import-problems');
  await admin.getByLabel(/skip the ones with problems/).uncheck();
  await admin.getByLabel('File to import').setInputFiles({ name: 'carers.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(orukFile)) });
  await admin.getByRole('button', { name: 'Check the file' }).click();
  await expect(admin.getByRole('heading', { name: 'What would happen' })).toBeVisible();
  await expect(admin.getByText('The file has 1 service. 1 service would be added. Nothing has been saved yet.')).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByRole('button', { name: 'Import now' }).click();
  await expect(admin.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(admin.getByText('1 service was added')).toBeVisible();
  await shoot(admin, 'directory-import');
  // The export is the whole directory as Open Referral UK JSON, the imported service included as it came.
  const exported = await admin.request.get('/api/v1/directory/export');
  expect(exported.status()).toBe(200);
  const feed = (await exported.json()) as { content: { id: string; name: string; assured_date?: string }[] };
  expect(feed.content.find((s) => s.id === `e2e-carers-${run}`)).toMatchObject({ name: imported, assured_date: '2025-01-15' });

  // ---- the administrator marks the imported entry, due a check, as checked ----
  await openDirectory(admin);
  await admin.getByRole('link', { name: /entr(y is|ies are) due a check/ }).click();
  await expect(admin.getByLabel(/^Only entries due a check/)).toBeChecked();
  const old = admin.getByRole('row').filter({ has: admin.getByRole('link', { name: imported }) });
  await expect(old).toContainText('Not checked since January 2025');
  await expect(admin.getByRole('row').filter({ has: admin.getByRole('link', { name: cafe }) })).toHaveCount(0);
  await expectNoAxeViolations(admin);
  await shoot(admin, 'directory-due');
  await old.getByRole('link', { name: imported }).click();
  await expect(admin.getByText('Not checked since January 2025')).toBeVisible();
  await admin.getByRole('button', { name: 'Mark as checked today' }).click();
  await expect(admin.getByText('Marked as checked today.')).toBeVisible();
  await expect(admin.getByText(/^Checked \d+ \w+ \d{4}/)).toBeVisible();
  await openDirectory(admin);
  await admin.getByLabel(/^Only entries due a check/).check();
  await admin.getByRole('button', { name: 'Search' }).click();
  await expect(admin.getByRole('link', { name: imported })).toHaveCount(0);
  // ---- a peer worker finds the new entry and signposts a walk-in to it ----
  const peer = await (await browser.newContext()).newPage();
  await signIn(peer, DEMO.peer);
  await openDirectory(peer);
  await expect(peer.getByRole('link', { name: 'Add an entry' })).toHaveCount(0);
  await peer.getByLabel('Words to search for').fill('Eastwick Evening');
  await peer.getByLabel('Kind of help').selectOption({ label: 'Safe haven or crisis café' });
  await peer.getByRole('button', { name: 'Search' }).click();
  const row = peer.getByRole('row').filter({ has: peer.getByRole('link', { name: cafe }) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Safe haven or crisis café, Peer support');
  await expect(row).toContainText(/Open now|Closed now/);
  await expect(row).toContainText(/Checked \d+ \w+ \d{4}/);
  await expectNoAxeViolations(peer);
  await shoot(peer, 'directory-list');
  await row.getByRole('link', { name: cafe }).click();
  await expect(peer.getByRole('heading', { level: 1, name: cafe })).toBeVisible();
  await expect(peer.getByRole('button', { name: 'Mark as checked today' })).toHaveCount(0);
  const cafeId = new URL(peer.url()).pathname.split('/').at(-1) ?? '';
  await expectNoAxeViolations(peer);

  const label = `Person with a blue umbrella ${run}`;
  await peer.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Live board' }).click();
  await peer.getByRole('link', { name: 'Record someone arriving' }).click();
  await peer.getByLabel('Walked in').check();
  await peer.getByLabel('Came by themselves').check();
  await peer.getByLabel(/How will the team recognise them/).fill(label);
  await peer.getByRole('button', { name: 'Record and add to the board' }).click();
  await expect(peer.getByRole('heading', { level: 1, name: label })).toBeVisible();

  await peer.getByLabel('Pointed to other support').check();
  await peer.getByLabel('Search the directory').fill('Eastwick Even');
  await expect(peer.getByRole('button', { name: `Choose ${cafe}` })).toBeVisible();
  await expectNoAxeViolations(peer);
  await shoot(peer, 'contact-picker-results');
  await peer.getByRole('button', { name: `Choose ${cafe}` }).click();
  const chosen = peer.getByRole('list', { name: 'Chosen so far' });
  await expect(chosen).toContainText(cafe);
  await expect(chosen.getByRole('link', { name: '0113 496 0123' })).toBeVisible();
  await expect(peer.getByLabel('Search the directory')).toBeFocused();
  await expectNoAxeViolations(peer);
  await shoot(peer, 'contact-signposting');
  await peer.getByRole('button', { name: 'Save changes' }).click();
  await expect(peer.getByText('Your changes are saved.')).toBeVisible();
  await peer.reload();
  await expect(peer.getByRole('list', { name: 'Chosen so far' })).toContainText(cafe);
  await expect(peer.getByLabel('Pointed to other support')).toBeChecked();

  // ---- a move on chooses the entry from the directory ----
  const person = `Rowan ${run}`;
  await peer.goto('/app/people/new');
  await peer.getByLabel('The name they would like to be called').fill(person);
  await peer.getByRole('button', { name: 'Add person' }).click();
  await peer.getByRole('link', { name: 'Offer peer support' }).click();
  await peer.getByLabel('They would like peer support').check();
  await peer.getByRole('button', { name: 'Save' }).click();
  await expect(peer.getByRole('heading', { level: 1, name: `Peer support with ${person}` })).toBeVisible();
  const episodeUrl = peer.url();
  const moves = peer.getByRole('region', { name: 'Moving on' });
  await moves.getByRole('button', { name: 'Plan a move on' }).click();
  await moves.getByLabel('Search the directory').fill('Eastwick Even');
  await moves.getByRole('button', { name: `Choose ${cafe}` }).click();
  await expect(moves.getByRole('list', { name: 'Chosen' })).toContainText(cafe);
  await expect(moves.getByLabel('Or type who they are moving on to')).toHaveCount(0);
  await moves.getByRole('group', { name: /agreed to the handover/ }).getByLabel('No, or not yet').check();
  await expectNoAxeViolations(peer);
  await shoot(peer, 'move-on-directory');
  await moves.getByRole('button', { name: 'Save the plan' }).click();
  await expect(moves.getByRole('heading', { name: new RegExp(`^${cafe}`) })).toBeVisible();
  const episode = (await (await peer.request.get(episodeUrl.replace('/app/', '/api/v1/'))).json()) as { transitions: { toName: string; toDirectoryServiceId: string | null }[] };
  expect(episode.transitions).toEqual([expect.objectContaining({ toName: cafe, toDirectoryServiceId: cafeId })]);
});
