import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, expectNoAxeViolations, signIn, uniqueName } from './support.js';

/**
 * A peer support worker adds a person, offers them peer support (accepted), records two
 * sessions and plans their move on; every new screen is checked with axe on the way.
 */
test('a peer adds a person, starts peer support, records two sessions and plans a move on', async ({ page }) => {
  const name = uniqueName('Robin');
  await signIn(page, DEMO.peer);

  // Home → People (search page)
  await page.getByRole('link', { name: 'People', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Name, date of birth or NHS number').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  // Nobody of that name yet. Search tolerates spelling, so similar demo names (Robin, Kai Robinson)
  // may be offered; what matters is that this person is not among them.
  await expect(page.getByRole('heading', { name: new RegExp(`No one found for “${name}”|found$`) })).toBeVisible();
  await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Add a person: the name is needed; the rest is theirs to share.
  await page.getByRole('link', { name: 'Add a new person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a person' })).toBeVisible();
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter the name they would like to be called');
  await page.getByLabel('The name they would like to be called').fill(name);
  await page.getByLabel('Pronouns (optional)').fill('they/them');
  await page.getByLabel('Or their age, roughly (optional)').fill('34');
  await page.getByLabel('What helps, in their own words (optional)').fill('Walking by the river and a cup of tea.');
  await page.getByText('Equality monitoring (optional)').click();
  await page.getByLabel('What is their religion or belief, if any?').selectOption('prefer_not_to_say');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Add person' }).click();

  // Their page: details and an (empty) timeline.
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `${name} has been added.` })).toBeVisible();
  await expect(page.getByText('Walking by the river and a cup of tea.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'This is the same person as…' })).toHaveCount(0); // peers do not merge
  await expectNoAxeViolations(page);
  const personUrl = page.url();

  // Offer peer support: they would like it; I will be their worker.
  await page.getByRole('link', { name: 'Offer peer support' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Offer peer support/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('They would like peer support').check();
  await page.getByLabel('Something they would like to work on (optional)').fill('Get back to the allotment');
  await page.getByRole('button', { name: 'Save' }).click();

  // The episode page.
  await expect(page.getByRole('heading', { level: 1, name: `Peer support with ${name}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'What they want to work on' })).toContainText('Get back to the allotment');
  await expect(page.getByRole('region', { name: 'Peer support worker' })).toContainText('Jordan Ellis');
  await expectNoAxeViolations(page);

  // Session 1.
  await page.getByRole('button', { name: 'Record a session' }).click();
  await expect(page.getByRole('heading', { name: 'Record session 1 of 10' })).toBeVisible();
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByRole('alert')).toContainText('Write something about the session');
  await page.getByLabel('What has been happening').fill('A hard week; came in to talk.');
  await page.getByLabel('Strengths and resources you noticed').fill('Knows the river walk helps.');
  await page.getByLabel('Next steps').fill('Phone their sister on Sunday.');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Session 1 is saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Session 1 of 10' })).toBeVisible();

  // Session 2.
  await page.getByRole('button', { name: 'Record a session' }).click();
  await expect(page.getByRole('heading', { name: 'Record session 2 of 10' })).toBeVisible();
  await page.getByLabel('People and networks around them').fill('Sister, and the allotment group.');
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Session 2 is saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Session 2 of 10' })).toBeVisible();
  await expect(page.getByText('Sister, and the allotment group.')).toBeVisible();

  // Plan a move on, with their agreement to share the handover.
  await page.getByRole('button', { name: 'Plan a move on' }).click();
  await page.getByLabel('Who they are moving on to').fill('Riverside recovery college');
  await page.getByLabel('Handover summary (optional)').fill('Likes mornings. Walking helps.');
  await page.getByRole('group', { name: /agreed to the handover/ }).getByLabel('Yes').check();
  await page.getByLabel('On the phone').check();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The move on is planned.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Riverside recovery college/ })).toBeVisible();
  await expect(page.getByText('Yes, on the phone')).toBeVisible();

  // Closing while the move is still planned needs an explanation.
  await page.getByRole('button', { name: 'Close this episode' }).click();
  await page.getByLabel('Why is peer support ending?').selectOption('transition_done');
  await page.getByRole('button', { name: 'Close episode' }).click();
  await expect(page.getByRole('alert')).toContainText('A move on is still planned');
  await page.getByRole('button', { name: 'Cancel' }).last().click();

  // One timeline on their page, newest first.
  await page.goto(personUrl);
  const timeline = page.locator('.app-timeline > li');
  await expect(timeline).toHaveCount(4);
  await expect(timeline.nth(0)).toContainText(/Moving on to Riverside recovery college|Peer support session 2/);
  await expect(page.locator('.app-timeline')).toContainText('Peer support session 1');
  await expect(page.locator('.app-timeline')).toContainText('Peer support offered');

  // My people lists them, with the next steps from the latest session that has them.
  await page.goto('/app/caseload');
  await expect(page.getByRole('heading', { level: 1, name: 'My people' })).toBeVisible();
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expectNoAxeViolations(page);

  // Search finds them now: the count is a heading (and announced), and they are first.
  await page.goto(`/app/people?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('heading', { level: 2, name: /^(One person|\d+ people) found$/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /found$/ })).toBeVisible();
  await expect(page.locator('.app-result-name').first()).toHaveText(name);
});

test('a shift lead sees the caseloads, is asked about a possible duplicate, and joins two records of one person', async ({ page }) => {
  await signIn(page, DEMO.lead);
  await page.goto('/app/caseloads');
  await expect(page.getByRole('heading', { level: 1, name: 'Caseloads' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Jordan Ellis');
  await expectNoAxeViolations(page);

  // A first name no other spec or demo person uses, so the only possible duplicate is the one made here.
  const name = uniqueName('Juniper');
  const add = async () => {
    await page.goto('/app/people/new');
    await page.getByLabel('The name they would like to be called').fill(name);
    await page.getByRole('button', { name: 'Add person' }).click();
  };
  await add();
  await expect(page.getByRole('link', { name: 'Offer peer support' })).toBeVisible();
  const firstUrl = page.url().replace(/\?.*$/, '');

  // The same name again: "Is this the same person?"
  await add();
  await expect(page.getByRole('heading', { level: 1, name: 'Is this the same person?' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Use this record for ${name}` })).toHaveAttribute('href', new RegExp(firstUrl.replace(/^.*\/app/, '/app')));
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'No, add a new person' }).click();
  await expect(page.getByRole('link', { name: 'Offer peer support' })).toBeVisible();
  expect(page.url()).not.toContain(firstUrl);

  // On the second record: this is the same person as the first.
  await page.getByLabel('Find their other record').fill(name);
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^This is the same person\\s*: ${name}$`) }).click();
  await expect(page.getByText('Check before joining')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Yes, join the records' }).click();
  await expect(page.getByText('The records are joined.')).toBeVisible();
  await expect(page.getByText('If this was a mistake, a service manager can undo it.')).toBeVisible();

  // The first record now points to the kept one.
  await page.goto(firstUrl);
  await expect(page.getByRole('link', { name: 'Go to the record that was kept' })).toBeVisible();
});

test('a service manager sets a worker’s caseload maximum as a reasonable adjustment', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await page.goto('/app/caseloads');
  await page.getByLabel('Service').selectOption({ label: 'The Harbour safe haven' });
  await expect(page.getByRole('cell', { name: 'Ruth Adeyemi', exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Maximum for Ruth Adeyemi').fill('0');
  await page.getByRole('button', { name: /maximum for Ruth Adeyemi/ }).click();
  await expect(page.getByRole('alert')).toContainText('Use at least 1');
  await page.getByLabel('Maximum for Ruth Adeyemi').fill('6');
  await page.getByRole('button', { name: /maximum for Ruth Adeyemi/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ruth Adeyemi’s caseload maximum is now 6.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Ruth Adeyemi/ })).toContainText('of a maximum of 6');
  // Back to no maximum, so other journeys are unaffected.
  await page.getByLabel('Maximum for Ruth Adeyemi').fill('');
  await page.getByRole('button', { name: /maximum for Ruth Adeyemi/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ruth Adeyemi has no caseload maximum now.' })).toBeVisible();
});

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** Adds a person and starts peer support with them (with a first goal when given); answers the episode's address. */
async function startPeerSupport(page: Page, name: string, goal?: string): Promise<string> {
  await page.goto('/app/people/new');
  await page.getByLabel('The name they would like to be called').fill(name);
  await page.getByRole('button', { name: 'Add person' }).click();
  await page.getByRole('link', { name: 'Offer peer support' }).click();
  await page.getByLabel('They would like peer support').check();
  if (goal) await page.getByLabel('Something they would like to work on (optional)').fill(goal);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Peer support with ${name}` })).toBeVisible();
  return page.url();
}

/**
 * A peer and their shift lead both have the same episode open and both change its goals. Whoever
 * saves second is shown both versions side by side and chooses; nothing is overwritten silently.
 */
test('two people change the same episode’s goals: the second sees both versions and chooses', async ({ browser }) => {
  const name = uniqueName('Ash');
  const peer = await signedIn(browser, DEMO.peer);
  const lead = await signedIn(browser, DEMO.lead);

  // The peer adds a person and starts peer support with one goal.
  const episodeUrl = await startPeerSupport(peer, name, 'Get back to the allotment');

  await lead.goto(episodeUrl);
  const peerGoals = peer.getByRole('region', { name: 'What they want to work on' });
  const leadGoals = lead.getByRole('region', { name: 'What they want to work on' });
  await expect(leadGoals).toContainText('Get back to the allotment');

  // Round 1: the peer saves first; the lead, still looking at the old version, saves second.
  await peerGoals.getByLabel('Add a goal, in their words').fill('Sleep better');
  await peerGoals.getByRole('button', { name: 'Add goal' }).click();
  await expect(peerGoals).toContainText('Sleep better');
  await leadGoals.getByLabel('Add a goal, in their words').fill('Walk by the river');
  await leadGoals.getByRole('button', { name: 'Add goal' }).click();

  const choice = lead.getByRole('alert').filter({ hasText: 'Someone else saved a change first' });
  await expect(choice).toBeVisible();
  await expect(choice).toBeFocused();
  const row = (side: string) => choice.locator('.app-compare > div').filter({ has: lead.getByRole('heading', { name: side }) }).locator('dd');
  await expect(row('Saved now')).toHaveText('Get back to the allotment (working on it); Sleep better (working on it)');
  await expect(row('Your version')).toHaveText('Get back to the allotment (working on it); Walk by the river (working on it)');
  await expect(choice.getByText('Differs')).toHaveCount(2);
  await expect(leadGoals).not.toContainText('Walk by the river'); // not saved yet
  await expectNoAxeViolations(lead);
  await choice.screenshot({ path: test.info().outputPath('episode-goals-chooser.png') });

  // The lead keeps what the peer saved: their own goal is not saved, but still in the box to add again.
  await choice.getByRole('button', { name: 'Keep the saved version' }).click();
  await expect(choice).toHaveCount(0);
  await expect(lead.getByRole('status').filter({ hasText: 'You kept the version saved by someone else.' })).toBeVisible();
  await expect(leadGoals).toContainText('Sleep better');
  await expect(leadGoals).not.toContainText('Walk by the river');
  await expect(leadGoals.getByLabel('Add a goal, in their words')).toHaveValue('Walk by the river');
  await leadGoals.getByRole('button', { name: 'Add goal' }).click();
  await expect(leadGoals.locator('li')).toHaveText([/^Get back to the allotment\s*Working on it/, /^Sleep better\s*Working on it/, /^Walk by the river\s*Working on it/]);
  await expect(leadGoals.getByLabel('Add a goal, in their words')).toHaveValue('');

  // Round 2: the lead marks a goal achieved; the peer, still on the older version, marks another.
  await peer.reload();
  await expect(peerGoals.locator('li')).toHaveCount(3);
  await leadGoals.getByRole('button', { name: /^Mark as achieved\s*: Get back to the allotment$/ }).click();
  await expect(leadGoals.locator('li').first()).toContainText('Achieved');
  await peerGoals.getByRole('button', { name: /^Mark as achieved\s*: Sleep better$/ }).click();
  const peerChoice = peer.getByRole('alert').filter({ hasText: 'Someone else saved a change first' });
  await expect(peerChoice).toBeVisible();
  const peerRow = (side: string) => peerChoice.locator('.app-compare > div').filter({ has: peer.getByRole('heading', { name: side }) }).locator('dd');
  await expect(peerRow('Saved now')).toHaveText('Get back to the allotment (achieved); Sleep better (working on it); Walk by the river (working on it)');
  await expect(peerRow('Your version')).toHaveText('Get back to the allotment (working on it); Sleep better (achieved); Walk by the river (working on it)');

  // The peer saves theirs on top, knowingly: exactly their version is what is saved now.
  await peerChoice.getByRole('button', { name: 'Save my version instead' }).click();
  await expect(peerChoice).toHaveCount(0);
  await expect(peerGoals.locator('li')).toHaveText([/^Get back to the allotment\s*Working on it/, /^Sleep better\s*Achieved/, /^Walk by the river\s*Working on it/]);
  await lead.reload();
  await expect(leadGoals.locator('li')).toHaveText([/^Get back to the allotment\s*Working on it/, /^Sleep better\s*Achieved/, /^Walk by the river\s*Working on it/]);
  await lead.context().close();
  await peer.context().close();
});

/**
 * A peer and their shift lead both have the same episode open and both say where a planned move on
 * has got to. Whoever saves second is shown both versions of the move and chooses: keep what is
 * saved now, or save theirs on top. What the server stores is checked after each choice.
 */
test('two people change the same move on: the second sees both versions and chooses', async ({ browser }) => {
  const name = uniqueName('Sol');
  const peer = await signedIn(browser, DEMO.peer);
  const lead = await signedIn(browser, DEMO.lead);

  // The peer adds a person, starts peer support and plans two moves on.
  const episodeUrl = await startPeerSupport(peer, name);
  const peerMoves = peer.getByRole('region', { name: 'Moving on' });
  const plan = async (to: string, summary?: string) => {
    await peerMoves.getByRole('button', { name: 'Plan a move on' }).click();
    await peerMoves.getByLabel('Who they are moving on to').fill(to);
    await peerMoves.getByLabel('Planned date (optional)').fill('2026-12-10');
    if (summary) {
      await peerMoves.getByLabel('Handover summary (optional)').fill(summary);
      await peerMoves.getByRole('group', { name: /agreed to the handover/ }).getByLabel('Yes').check();
      await peerMoves.getByLabel('On the phone').check();
    } else await peerMoves.getByRole('group', { name: /agreed to the handover/ }).getByLabel('No, or not yet').check();
    await peerMoves.getByRole('button', { name: 'Save the plan' }).click();
    await expect(peerMoves.getByRole('heading', { name: new RegExp(`^${to}`) })).toBeVisible();
  };
  await plan('Riverside recovery college', 'Likes mornings. Walking helps.');
  await plan('Harbour walking group');

  /** What the server has stored for a move on now, read as the lead. */
  const stored = async (to: string) => {
    const response = await lead.request.get(episodeUrl.replace('/app/', '/api/v1/'));
    expect(response.status()).toBe(200);
    const episode = (await response.json()) as { transitions: { toName: string; status: string; version: number }[] };
    return episode.transitions.find((t) => t.toName === to);
  };

  await lead.goto(episodeUrl);
  const leadMoves = lead.getByRole('region', { name: 'Moving on' });
  await expect(leadMoves.getByRole('heading', { name: /^Harbour walking group/ })).toBeVisible();
  const choice = peer.getByRole('alert').filter({ hasText: 'Someone else saved a change first' });
  const side = (heading: string) => choice.locator('.app-compare > div').filter({ has: peer.getByRole('heading', { name: heading }) }).locator('dd');

  // Round 1: the lead says the college is no longer needed; the peer, on the older page, says they moved on.
  await leadMoves.getByRole('button', { name: /^No longer needed\s*: Riverside recovery college$/ }).click();
  await expect(leadMoves.getByRole('heading', { name: /^Riverside recovery college\s*No longer needed/ })).toBeVisible();
  await peerMoves.getByRole('button', { name: 'They have moved on to Riverside recovery college' }).click();

  await expect(choice).toBeVisible();
  await expect(choice).toBeFocused();
  await expect(choice.locator('.app-compare > div').first().locator('dt')).toHaveText(['Moving on to', /^Status\s*Differs$/, 'Planned for', 'Handover summary', 'Agreed to share it']);
  await expect(side('Saved now')).toHaveText(['Riverside recovery college', 'No longer needed', '10 December 2026', 'Written', 'Yes, on the phone']);
  await expect(side('Your version')).toHaveText(['Riverside recovery college', 'Done', '10 December 2026', 'Written', 'Yes, on the phone']);
  await expect(choice.getByText('Differs')).toHaveCount(2);
  expect(await stored('Riverside recovery college')).toMatchObject({ status: 'no_longer_needed', version: 2 }); // nothing overwritten
  await expectNoAxeViolations(peer);
  await choice.screenshot({ path: test.info().outputPath('move-on-chooser.png') });

  // The peer keeps what the lead saved.
  await choice.getByRole('button', { name: 'Keep the saved version' }).click();
  await expect(choice).toHaveCount(0);
  await expect(peer.getByRole('status').filter({ hasText: 'You kept the version saved by someone else.' })).toBeVisible();
  await expect(peerMoves.getByRole('heading', { name: /^Riverside recovery college\s*No longer needed/ })).toBeVisible();
  expect(await stored('Riverside recovery college')).toMatchObject({ status: 'no_longer_needed', version: 2 });

  // Round 2: the lead says they decided not to join the walking group; the peer, on the older page,
  // says they moved on, and saves theirs on top, knowingly.
  await leadMoves.getByRole('button', { name: 'They decided not to move on to Harbour walking group' }).click();
  await expect(leadMoves.getByRole('heading', { name: /^Harbour walking group\s*Person decided not to/ })).toBeVisible();
  await peerMoves.getByRole('button', { name: 'They have moved on to Harbour walking group' }).click();
  await expect(choice).toBeVisible();
  await expect(side('Saved now')).toHaveText(['Harbour walking group', 'Person decided not to', '10 December 2026', 'Not given', 'No']);
  await expect(side('Your version')).toHaveText(['Harbour walking group', 'Done', '10 December 2026', 'Not given', 'No']);
  await choice.getByRole('button', { name: 'Save my version instead' }).click();
  await expect(choice).toHaveCount(0);
  await expect(peer.getByRole('status').filter({ hasText: 'Saved: done.' })).toBeVisible();
  await expect(peerMoves.getByRole('heading', { name: /^Harbour walking group\s*Done/ })).toBeVisible();
  expect(await stored('Harbour walking group')).toMatchObject({ status: 'done', version: 3 });
  await lead.reload();
  await expect(leadMoves.getByRole('heading', { name: /^Harbour walking group\s*Done/ })).toBeVisible();
  await lead.context().close();
  await peer.context().close();
});
