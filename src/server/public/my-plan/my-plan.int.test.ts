import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { LinkCreated } from '../../../shared/plan-links.js';
import { planCookieName, signPlanCookie } from '../../features/plan-links/link-secrets.js';
import { seedEntry, seedPerson, seedPlan, seedShare } from '../../features/plan-links/testing.js';
import { PLAN_CODES_PER_ADDRESS_HOUR } from './service.js';

const HOSTILE = '<script>alert("x")</script>&<img src=x onerror=alert(1)>';
const AGREED = {
  whenWell: 'I walk the dog every morning.\nI sing in the car.',
  gettingHarder: { signs: 'I stop answering the phone.', triggers: 'Anniversaries.' },
  forMyself: 'A bath and the radio.',
  peopleAndPlaces: { people: [{ name: 'Nell', relationship: 'my sister', phone: '07700 900777', whenToCall: 'Any evening' }], places: 'The park bench by the pond.' },
  fromOthers: { please: 'Sit with me quietly.', pleaseDont: 'Please do not shout.' },
  practical: { pets: 'Biscuit the dog needs feeding twice a day.' },
  mattersMost: 'My niece.',
};

describe.each(ENGINES)('my plan pages on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let peer: Client;
  let address = 0;
  const nextAddress = () => `198.51.100.${++address}`;
  const db = () => t.app.deps.db;
  const cookieName = () => planCookieName(t.config.secureCookies);

  /** A browser: keeps the plan cookie, one address. */
  function browser(remoteAddress = nextAddress()) {
    let cookie: string | null = null;
    const keep = (res: LightMyRequestResponse) => {
      const set = res.cookies.find((c) => c.name === cookieName());
      if (set) cookie = set.value === '' ? null : set.value;
      return res;
    };
    const headers = () => ({ accept: 'text/html', ...(cookie ? { cookie: `${cookieName()}=${cookie}` } : {}) });
    return {
      get cookie() {
        return cookie;
      },
      set cookie(v: string | null) {
        cookie = v;
      },
      get: async (url: string, extra: Record<string, string> = {}) => keep(await t.app.inject({ method: 'GET', url, remoteAddress, headers: { ...headers(), ...extra } })),
      post: async (url: string, form: Record<string, string> | string, contentType = 'application/x-www-form-urlencoded') =>
        keep(
          await t.app.inject({
            method: 'POST',
            url,
            remoteAddress,
            headers: { ...headers(), 'content-type': contentType },
            payload: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
          }),
        ),
    };
  }
  type Browser = ReturnType<typeof browser>;

  const pathOf = (url: string) => new URL(url).pathname;
  async function makeLink(personId: string, body: Record<string, unknown> = { channel: 'none' }): Promise<LinkCreated> {
    const res = await peer.post(`/api/v1/people/${personId}/plan/links`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as LinkCreated;
  }
  async function open(b: Browser, link: LinkCreated): Promise<LightMyRequestResponse> {
    const form = await b.get(pathOf(link.url));
    expect(form.statusCode).toBe(200);
    return b.post(pathOf(link.url), { code: link.code });
  }
  const views = (planId: string) => db().selectFrom('crisis_plan_views').selectAll().where('plan_id', '=', planId).orderBy('viewed_at').execute();
  const audits = (action: string, outcome?: string) => {
    let q = db().selectFrom('audit_events').selectAll().where('action', '=', action);
    if (outcome) q = q.where('outcome', '=', outcome as 'denied');
    return q.orderBy('seq').execute();
  };
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation('Harbour Partnership');
  });
  // Tests move the clock on by hours: a fresh sign-in each time.
  beforeEach(async () => {
    peer = (await t.staff(org, [{ role: 'peer_worker' }], { name: 'Sam Patel' })).client;
  });
  afterAll(async () => t.close());

  it('the person opens their link with the code and sees their agreed plan, services with numbers and hours, and the national lines', async () => {
    // Open 10:00 to 16:00 on weekdays; the test clock is Thursday 26 November 2026, 12:00.
    const entryId = await seedEntry(t, org.id, 'Riverside Crisis Café', '01632 960001', [{ byday: 'MO,TU,WE,TH,FR', opens_at: '10:00', closes_at: '16:00' }]);
    const personId = await seedPerson(t, org.id, { name: 'Alex' });
    const { planId } = await seedPlan(t, org.id, personId, [{ state: 'agreed', content: { ...AGREED, services: { entries: [{ directoryEntryId: entryId, note: 'Ask for Priya.' }], note: '' } } }]);
    const link = await makeLink(personId);
    const b = browser();
    const form = await b.get(pathOf(link.url));
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.headers['content-security-policy']).toContain("default-src 'none'");
    expect(form.body).toContain('Open your crisis plan');
    expect(form.body).not.toContain('I walk the dog');

    const opened = await b.post(pathOf(link.url), { code: link.code });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/my-plan');
    const set = opened.cookies.find((c) => c.name === cookieName())!;
    expect(set.httpOnly).toBe(true);
    expect(set.sameSite).toBe('Strict');
    expect(set.value).not.toContain(link.code);

    const page = await b.get('/my-plan');
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-plan-offline']).toBe('keep');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('My crisis plan');
    expect(page.body).toContain('I walk the dog every morning.\nI sing in the car.');
    expect(page.body).toContain('Me when I am well');
    expect(page.body).toContain('Biscuit the dog');
    expect(page.body).toContain('href="tel:07700900777"');
    expect(page.body).toContain('Riverside Crisis Café');
    expect(page.body).toContain('href="tel:01632960001"');
    expect(page.body).toContain('Open now until 16:00');
    expect(page.body).toContain('Ask for Priya.');
    expect(page.body).toContain('Samaritans');
    expect(page.body).toContain('href="tel:116123"');
    expect(page.body).toContain('/my-plan-sw.js');
    expect(page.body).toContain('href="/my-plan/print?layout=a4"');

    const seen = await views(planId);
    expect(seen.map((v) => v.viewer_kind)).toEqual(['person']);
    expect(seen[0]!.link_id).toBe(link.link.id);
    expect((await audits('plan.link_open', 'success')).some((a) => a.entity_id === link.link.id)).toBe(true);
    const viewAudit = (await audits('plan.view')).filter((a) => a.entity_id === planId);
    expect(viewAudit).toHaveLength(1);
    expect(viewAudit[0]!.details).not.toContain('dog');
    const row = await db().selectFrom('crisis_plan_links').selectAll().where('id', '=', link.link.id).executeTakeFirstOrThrow();
    expect(row.last_opened_at).not.toBeNull();

    // The service worker keeping a copy is audited but is not a view.
    const copy = await b.get('/my-plan', { 'x-plan-keep': '1' });
    expect(copy.statusCode).toBe(200);
    expect(await views(planId)).toHaveLength(1);

    // Opening the link again on the same browser goes straight to the plan.
    const again = await b.get(pathOf(link.url));
    expect(again.statusCode).toBe(303);

    // Print layouts: A4 and the wallet card, both views.
    const a4 = await b.get('/my-plan/print?layout=a4');
    expect(a4.statusCode).toBe(200);
    expect(a4.body).toContain('@page{size:A4');
    expect(a4.body).toContain('Biscuit the dog');
    const wallet = await b.get('/my-plan/print?layout=wallet');
    expect(wallet.statusCode).toBe(200);
    expect(wallet.body).toContain('class="card"');
    expect(wallet.body).toContain('07700 900777');
    expect(wallet.body).toContain('01632 960001');
    expect(await views(planId)).toHaveLength(3);
  });

  it('wrong codes pause the link after the allowed tries, then it works again after the pause; every try audited', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: AGREED }]);
    const link = await makeLink(personId);
    const b = browser();
    const url = pathOf(link.url);
    const deniedBefore = (await audits('plan.link_code', 'denied')).length;
    for (let i = 1; i < t.config.planCodeMaxTries; i++) {
      const res = await b.post(url, { code: wrong(link.code) });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('That code did not work');
    }
    const last = await b.post(url, { code: wrong(link.code) });
    expect(last.statusCode).toBe(429);
    expect(last.body).toContain('paused');
    // Even the right code waits for the pause (from any address).
    const during = await browser().post(url, { code: link.code });
    expect(during.statusCode).toBe(429);
    expect(during.headers['retry-after']).toBeDefined();
    expect(during.cookies.find((c) => c.name === cookieName())).toBeUndefined();
    expect((await audits('plan.link_code', 'denied')).length - deniedBefore).toBe(t.config.planCodeMaxTries + 1);
    const row = await db().selectFrom('crisis_plan_links').selectAll().where('id', '=', link.link.id).executeTakeFirstOrThrow();
    expect(Date.parse(row.locked_until!)).toBe(t.clock.now + t.config.planCodeLockMs);

    t.clock.advance(t.config.planCodeLockMs + 1_000);
    // The count started again: one wrong code does not pause it.
    expect((await b.post(url, { code: wrong(link.code) })).statusCode).toBe(400);
    const ok = await b.post(url, { code: link.code });
    expect(ok.statusCode).toBe(303);
    expect((await b.get('/my-plan')).statusCode).toBe(200);
  });

  it('codes not even the right shape are refused without counting towards the pause; spaces in a code are fine', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: AGREED }]);
    const link = await makeLink(personId);
    const b = browser();
    for (let i = 0; i < t.config.planCodeMaxTries + 2; i++) expect((await b.post(pathOf(link.url), { code: 'abc' })).statusCode).toBe(400);
    const spaced = `${link.code.slice(0, 3)} ${link.code.slice(3)}`;
    expect((await b.post(pathOf(link.url), { code: spaced })).statusCode).toBe(303);
  });

  it(`one address is refused after ${PLAN_CODES_PER_ADDRESS_HOUR} wrong codes in an hour, across links`, async () => {
    const where = nextAddress();
    const created: LinkCreated[] = [];
    for (let i = 0; i < Math.ceil(PLAN_CODES_PER_ADDRESS_HOUR / (t.config.planCodeMaxTries - 1)) + 1; i++) {
      const personId = await seedPerson(t, org.id);
      await seedPlan(t, org.id, personId, [{ state: 'agreed', content: AGREED }]);
      created.push(await makeLink(personId));
    }
    const b = browser(where);
    let tried = 0;
    for (const link of created) {
      for (let i = 1; i < t.config.planCodeMaxTries && tried < PLAN_CODES_PER_ADDRESS_HOUR; i++, tried++) {
        expect((await b.post(pathOf(link.url), { code: wrong(link.code) })).statusCode).toBe(400);
      }
    }
    const fresh = created.at(-1)!;
    const refused = await b.post(pathOf(fresh.url), { code: fresh.code });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many codes have been tried');
    expect((await audits('plan.link_code_limit', 'denied')).length).toBeGreaterThan(0);
    // Someone else, somewhere else, is not held up; and an hour later this address may try again.
    expect((await browser().post(pathOf(fresh.url), { code: fresh.code })).statusCode).toBe(303);
    t.clock.advance(3_600_000 + 1_000);
    expect((await b.post(pathOf(fresh.url), { code: fresh.code })).statusCode).toBe(303);
  });

  it('a tampered or unknown token is refused (audited); a tampered or forged cookie is refused (audited) and cleared', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: AGREED }]);
    const link = await makeLink(personId);
    const token = pathOf(link.url).split('/').pop()!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const before = (await audits('plan.link_open', 'denied')).length;
    const b = browser();
    for (const bad of [tampered, 'short', 'x'.repeat(43)]) {
      const res = await b.get(`/my-plan/open/${bad}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('This link is not working');
      expect((await b.post(`/my-plan/open/${bad}`, { code: link.code })).statusCode).toBe(404);
    }
    expect((await audits('plan.link_open', 'denied')).length - before).toBe(6);

    await open(b, link);
    expect((await b.get('/my-plan')).statusCode).toBe(200);
    const good = b.cookie!;
    const [id, exp, mac] = good.split('.');
    for (const forged of [`${id}.${Number(exp) + 86_400_000}.${mac}`, `${id}.${exp}.${mac![0] === 'A' ? 'B' : 'A'}${mac!.slice(1)}`, 'garbage', signPlanCookie('not-the-secret-key', id!, Number(exp))]) {
      const c = browser();
      c.cookie = forged;
      const res = await c.get('/my-plan');
      expect(res.statusCode).toBe(401);
      expect(res.headers['x-plan-offline']).toBe('forget');
      expect(res.body).not.toContain('I walk the dog');
      expect(res.cookies.find((x) => x.name === cookieName())?.value).toBe('');
    }
    expect((await audits('plan.link_open', 'denied')).filter((a) => a.details.includes('bad_cookie')).length).toBeGreaterThanOrEqual(4);
    // No cookie at all: a page saying how to open it.
    const none = await browser().get('/my-plan');
    expect(none.statusCode).toBe(401);
    expect(none.body).toContain('Your plan is not on this phone');
  });

  it('an expired link and a withdrawn link are refused at once, even with a cookie, and the offline copy is told to go', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: AGREED }]);
    const withdrawn = await makeLink(personId);
    const b = browser();
    await open(b, withdrawn);
    expect((await b.get('/my-plan')).statusCode).toBe(200);
    expect((await peer.post(`/api/v1/people/${personId}/plan/links/${withdrawn.link.id}/withdraw`, {})).statusCode).toBe(200);
    const after = await b.get('/my-plan');
    expect(after.statusCode).toBe(410);
    expect(after.headers['x-plan-offline']).toBe('forget');
    expect(after.body).not.toContain('I walk the dog');
    expect(b.cookie).toBeNull();
    expect((await b.get(pathOf(withdrawn.url))).statusCode).toBe(410);
    expect((await b.post(pathOf(withdrawn.url), { code: withdrawn.code })).statusCode).toBe(410);

    const expiring = await makeLink(personId, { channel: 'none', expiresOn: '2026-11-27' });
    const c = browser();
    await open(c, expiring);
    expect((await c.get('/my-plan')).statusCode).toBe(200);
    t.clock.advance(2 * 86_400_000);
    const late = await c.get('/my-plan');
    expect(late.statusCode).toBe(410);
    expect(late.headers['x-plan-offline']).toBe('forget');
    expect((await browser().post(pathOf(expiring.url), { code: expiring.code })).statusCode).toBe(410);
    const reasons = (await audits('plan.link_open', 'denied')).map((a) => JSON.parse(a.details) as { reason: string }).map((d) => d.reason);
    expect(reasons).toContain('withdrawn');
    expect(reasons).toContain('expired');
  });

  it('a recipient sees only the shared parts of the latest agreed version, never a draft; not kept offline; their view is shown to the person', async () => {
    const personId = await seedPerson(t, org.id, { name: 'Robin' });
    const { planId } = await seedPlan(t, org.id, personId, [
      { state: 'agreed', content: { whenWell: 'Old words from version one.' } },
      { state: 'agreed', content: AGREED },
      { state: 'draft', content: { ...AGREED, forMyself: 'DRAFT words not agreed yet.' } },
    ]);
    const shareId = await seedShare(t, org.id, planId, { name: 'Jo Smith', kind: 'carer', relationship: null, sections: ['forMyself', 'peopleAndPlaces'] });
    const link = await makeLink(personId, { channel: 'none', shareId });
    const r = browser();
    const form = await r.get(pathOf(link.url));
    expect(form.body).toContain('Open the crisis plan shared with you');
    await r.post(pathOf(link.url), { code: link.code });
    const page = await r.get('/my-plan');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-plan-offline']).toBeUndefined();
    expect(page.body).not.toContain('/my-plan-sw.js');
    expect(page.body).toContain('A bath and the radio.');
    expect(page.body).toContain('Nell');
    expect(page.body).not.toContain('DRAFT words');
    expect(page.body).not.toContain('Old words');
    expect(page.body).not.toContain('I walk the dog');
    expect(page.body).not.toContain('Biscuit');
    expect(page.body).not.toContain('Who has looked');
    expect(page.body).not.toContain('I agree');
    // No printing for recipients.
    expect((await r.get('/my-plan/print?layout=a4')).statusCode).toBe(303);
    // Nor agreeing.
    expect((await r.post('/my-plan/agree', { number: '3', version: '1', token: 'x' })).statusCode).toBe(400);
    const seen = await views(planId);
    expect(seen.map((v) => v.viewer_kind)).toEqual(['recipient']);
    expect(seen[0]!.share_id).toBe(shareId);

    // The person sees who looked.
    const own = await makeLink(personId);
    const p = browser();
    await open(p, own);
    const mine = await p.get('/my-plan');
    expect(mine.body).toContain('Jo Smith (carer)');
    expect(mine.body).toContain('A new version is waiting for you');
    expect(mine.body).toContain('DRAFT words not agreed yet.');
  });

  it('revoking a share refuses its recipient at once; a share that has ended is refused too', async () => {
    const personId = await seedPerson(t, org.id);
    const { planId } = await seedPlan(t, org.id, personId, [{ state: 'agreed', content: AGREED }]);
    const revokeId = await seedShare(t, org.id, planId, { sections: ['forMyself'] });
    const link = await makeLink(personId, { channel: 'none', shareId: revokeId });
    const r = browser();
    await open(r, link);
    expect((await r.get('/my-plan')).statusCode).toBe(200);
    await db().updateTable('crisis_plan_shares').set({ revoked_at: new Date(t.clock.now).toISOString() }).where('id', '=', revokeId).execute();
    const refused = await r.get('/my-plan');
    expect(refused.statusCode).toBe(410);
    expect(refused.body).not.toContain('A bath');
    expect(refused.body).toContain('no longer shared');
    expect((await browser().post(pathOf(link.url), { code: link.code })).statusCode).toBe(410);

    const endingId = await seedShare(t, org.id, planId, { sections: ['forMyself'], endsInMs: 3_600_000 });
    const ending = await makeLink(personId, { channel: 'none', shareId: endingId });
    const e = browser();
    await open(e, ending);
    expect((await e.get('/my-plan')).statusCode).toBe(200);
    t.clock.advance(3_600_000);
    expect((await e.get('/my-plan')).statusCode).toBe(410);
    const reasons = (await audits('plan.link_open', 'denied')).map((a) => (JSON.parse(a.details) as { reason: string }).reason);
    expect(reasons).toContain('share_revoked');
    expect(reasons.some((x) => x === 'share_ended' || x === 'expired')).toBe(true);
  });

  it('the person agrees a waiting draft on their own device; a stale or forged agreement changes nothing', async () => {
    const personId = await seedPerson(t, org.id);
    const { planId, versionIds } = await seedPlan(t, org.id, personId, [
      { state: 'agreed', content: AGREED },
      { state: 'draft', content: { ...AGREED, mattersMost: 'My niece and my dog.' } },
    ]);
    const link = await makeLink(personId);
    const b = browser();
    await open(b, link);
    const page = await b.get('/my-plan');
    expect(page.body).toContain('This is right, I agree');
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;

    // Forged token, stale version, garbage: nothing agreed.
    expect((await b.post('/my-plan/agree', { number: '2', version: '1', token: 'forged' })).statusCode).toBe(400);
    expect((await b.post('/my-plan/agree', { number: 'two', version: '1', token })).statusCode).toBe(400);
    const stale = await b.post('/my-plan/agree', { number: '2', version: '7', token });
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe('/my-plan?said=changed');
    let draft = await db().selectFrom('crisis_plan_versions').selectAll().where('id', '=', versionIds[1]!).executeTakeFirstOrThrow();
    expect(draft.state).toBe('draft');

    const agreed = await b.post('/my-plan/agree', { number: '2', version: '1', token });
    expect(agreed.statusCode).toBe(303);
    expect(agreed.headers.location).toBe('/my-plan?said=agreed');
    draft = await db().selectFrom('crisis_plan_versions').selectAll().where('id', '=', versionIds[1]!).executeTakeFirstOrThrow();
    expect(draft).toMatchObject({ state: 'agreed', agreed_how: 'own_device', agreed_recorded_by: null });
    const audit = (await audits('plan.agree')).filter((a) => a.entity_id === versionIds[1]);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBeNull();
    const now = await b.get('/my-plan?said=agreed');
    expect(now.body).toContain('Thank you. This version is now your agreed plan.');
    expect(now.body).toContain('My niece and my dog.');
    expect(now.body).toContain('on this phone or another device of mine');
    expect(now.body).not.toContain('This is right, I agree');
    // Agreeing again: already agreed, nothing changes.
    expect((await b.post('/my-plan/agree', { number: '2', version: '1', token })).headers.location).toBe('/my-plan?said=changed');
    expect((await db().selectFrom('crisis_plan_versions').select('version').where('plan_id', '=', planId).where('number', '=', 2).executeTakeFirstOrThrow()).version).toBe(2);
  });

  it('escapes hostile words everywhere they are shown', async () => {
    const entryId = await seedEntry(t, org.id, `Café ${HOSTILE}`, '01632 960002', []);
    const personId = await seedPerson(t, org.id, { name: `Kit ${HOSTILE}` });
    const { planId } = await seedPlan(t, org.id, personId, [
      {
        state: 'agreed',
        content: {
          whenWell: HOSTILE,
          peopleAndPlaces: { people: [{ name: HOSTILE, relationship: HOSTILE, phone: '07700 900888', whenToCall: HOSTILE }], places: '' },
          services: { entries: [{ directoryEntryId: entryId, note: HOSTILE }], note: HOSTILE },
          practical: { home: HOSTILE },
        },
      },
    ]);
    const shareId = await seedShare(t, org.id, planId, { name: `Jo ${HOSTILE}`, relationship: HOSTILE, sections: ['whenWell', 'services'] });
    const r = browser();
    await open(r, await makeLink(personId, { channel: 'none', shareId }));
    const shared = await r.get('/my-plan');
    const b = browser();
    await open(b, await makeLink(personId));
    const pages = [shared, await b.get('/my-plan'), await b.get('/my-plan/print?layout=a4'), await b.get('/my-plan/print?layout=wallet')];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    expect(pages[1]!.body).toContain('Jo &lt;script&gt;');
  });

  it('oversize, garbage and wrong-type forms get a clear page (4xx) and change nothing', async () => {
    const personId = await seedPerson(t, org.id);
    const { planId, versionIds } = await seedPlan(t, org.id, personId, [{ state: 'draft', content: AGREED }]);
    const link = await makeLink(personId);
    const b = browser();
    const before = await db().selectFrom('crisis_plan_links').selectAll().where('id', '=', link.link.id).executeTakeFirstOrThrow();
    const huge = await b.post(pathOf(link.url), { code: '1'.repeat(100_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('text/html');
    expect(huge.body).toContain('Something went wrong with that form');
    const json = await b.post(pathOf(link.url), JSON.stringify({ code: link.code }), 'application/json');
    expect(json.statusCode).toBeGreaterThanOrEqual(400);
    expect(json.statusCode).toBeLessThan(500);
    expect(json.headers['content-type']).toContain('text/html');
    const junk = await b.post(pathOf(link.url), '%%%&&&===\u0000');
    expect(junk.statusCode).toBe(400);
    const after = await db().selectFrom('crisis_plan_links').selectAll().where('id', '=', link.link.id).executeTakeFirstOrThrow();
    expect(after.last_opened_at).toBe(before.last_opened_at);

    await open(b, link);
    const page = await b.get('/my-plan');
    // No agreed version yet: the draft waits, with the national lines.
    expect(page.body).toContain('There is no agreed version yet.');
    expect(page.body).toContain('A new version is waiting for you');
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await b.post('/my-plan/agree', `token=${token}&number=1&version=1&pad=${'x'.repeat(5_000)}`)).statusCode).toBe(413);
    expect((await b.post('/my-plan/agree', { number: '-1', version: '1', token })).statusCode).toBe(400);
    expect((await b.post('/my-plan/agree', { number: '1', version: '99999999999999', token })).statusCode).toBe(400);
    const draft = await db().selectFrom('crisis_plan_versions').selectAll().where('id', '=', versionIds[0]!).executeTakeFirstOrThrow();
    expect(draft.state).toBe('draft');
    expect(draft.version).toBe(1);
    expect((await views(planId)).length).toBe(1);
  });

  it('forgets the plan on this phone: cookie cleared, offline copy told to go, recorded; a form from elsewhere cannot do it', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: AGREED }]);
    const link = await makeLink(personId);
    const b = browser();
    await open(b, link);
    const page = await b.get('/my-plan');
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await b.post('/my-plan/forget', { token: 'not-mine' })).statusCode).toBe(400);
    expect(b.cookie).not.toBeNull();
    const forgotten = await b.post('/my-plan/forget', { token });
    expect(forgotten.statusCode).toBe(200);
    expect(forgotten.headers['x-plan-offline']).toBe('forget');
    expect(forgotten.body).toContain('The plan has been removed from this phone');
    expect(b.cookie).toBeNull();
    expect((await b.get('/my-plan')).statusCode).toBe(401);
    expect((await audits('plan.link_forget')).some((a) => a.entity_id === link.link.id)).toBe(true);
    // The link itself still works with the code.
    expect((await b.post(pathOf(link.url), { code: link.code })).statusCode).toBe(303);
  });

  it('serves the service worker for /my-plan', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/my-plan-sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body).toContain('x-plan-offline');
    expect(res.body).toContain("caches.delete(C)");
  });
});
