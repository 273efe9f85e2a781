import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { PLAN_TEXT_MAX } from '../../../shared/plans.js';

const DAY = 86_400_000;

describe.each(ENGINES)('crisis plans API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;
  const now = () => nowIso(() => t.clock.now);
  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[], name?: string) => t.staff(org, roles, name ? { name } : {});
  const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(t.clock.now));
  const daysFromToday = (days: number) => new Date(Date.parse(`${londonToday()}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

  async function person(orgId: string, preferredName = 'Sam'): Promise<string> {
    const id = newId();
    await db()
      .insertInto('people')
      .values({ id, organisation_id: orgId, preferred_name: preferredName, full_name: null, pronouns: null, date_of_birth: null, approximate_age: null, age_recorded_on: null, phone: null, email: null, address: null, postcode: null, preferred_language: null, communication_needs: null, nhs_number: null, equality: '{}', what_helps: null, name_key: preferredName.toLowerCase(), name_phonetic: preferredName.toUpperCase(), merged_into_id: null, merged_at: null, created_by: null, created_at: now(), updated_at: now(), version: 1 })
      .execute();
    return id;
  }

  async function directoryEntry(orgId: string, name = 'Evening line'): Promise<string> {
    const id = newId();
    const document = JSON.stringify({ id, name, status: 'active', organization: { id: newId(), name } });
    await db()
      .insertInto('directory_entries')
      .values({ id, organisation_id: orgId, service_id: null, name, status: 'active', taxonomy: '[]', min_age: null, max_age: null, document, last_checked_at: now(), last_checked_by: null, created_at: now(), updated_at: now(), version: 1 })
      .execute();
    return id;
  }

  const audits = (action: string, entityId?: string) => {
    let q = db().selectFrom('audit_events').selectAll().where('action', '=', action);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return q.orderBy('seq').execute();
  };
  const viewsOf = (planId: string) => db().selectFrom('crisis_plan_views').selectAll().where('plan_id', '=', planId).orderBy('viewed_at').execute();
  const count = async (table: 'crisis_plans' | 'crisis_plan_versions' | 'crisis_plan_shares') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  interface Setup {
    org: TestOrg;
    peer: { client: Client; id: string };
    personId: string;
    base: string;
  }
  async function setup(orgName = 'Harbour Safe Haven'): Promise<Setup> {
    const org = await t.organisation(orgName);
    const peer = await as(org, [{ role: 'peer_worker' }], 'Priya Peer');
    const personId = await person(org.id);
    return { org, peer, personId, base: `/api/v1/people/${personId}/plan` };
  }

  /** A plan with draft 1 holding these words. */
  async function withPlan(s: Setup, whenWell = 'I walk the dog and sing in the car') {
    const res = await s.peer.client.post(s.base, { content: { whenWell } });
    expect(res.statusCode).toBe(201);
    return res.json().plan as { id: string; draft: { number: number; version: number; content: Record<string, unknown> } };
  }
  async function agreed(s: Setup, whenWell = 'I walk the dog and sing in the car') {
    const plan = await withPlan(s, whenWell);
    const res = await s.peer.client.post(`${s.base}/versions/1/agree`, { how: 'in_person', version: plan.draft.version });
    expect(res.statusCode).toBe(200);
    return plan;
  }

  // ---- the plan --------------------------------------------------------------------------------

  it('starts a plan with a first draft, audited, and refuses a second plan', async () => {
    const s = await setup();
    const empty = await s.peer.client.get(s.base);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ plan: null });

    const res = await s.peer.client.post(s.base, { content: { whenWell: '  I laugh a lot  ', peopleAndPlaces: { people: [{ name: 'Jo', phone: '07700 900123' }] } } });
    expect(res.statusCode).toBe(201);
    const plan = res.json().plan;
    expect(plan).toMatchObject({ personId: s.personId, reviewedAt: null, lastReviewedAt: null, version: 1, agreed: null, shares: [], links: [] });
    expect(plan.versions).toHaveLength(1);
    expect(plan.draft).toMatchObject({ number: 1, state: 'draft', createdByName: 'Priya Peer', version: 1 });
    expect(plan.draft.content.whenWell).toBe('I laugh a lot');
    expect(plan.draft.content.peopleAndPlaces.people).toEqual([{ name: 'Jo', relationship: '', phone: '07700 900123', whenToCall: '' }]);
    expect(plan.draft.content.mattersMost).toBe('');

    const [audit] = await audits('plan.create', plan.id);
    expect(audit!.actor_user_id).toBe(s.peer.id);
    expect(JSON.parse(audit!.details)).toEqual({ personId: s.personId, versionId: plan.draft.id, number: 1 });
    expect(audit!.details).not.toContain('laugh');

    const again = await s.peer.client.post(s.base, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('plan_exists');
    expect(await db().selectFrom('crisis_plans').select('id').where('person_id', '=', s.personId).execute()).toHaveLength(1);
  });

  it('records every staff read as a view and an audit event', async () => {
    const s = await setup();
    const plan = await withPlan(s);
    expect(await viewsOf(plan.id)).toHaveLength(0);
    expect((await s.peer.client.get(s.base)).statusCode).toBe(200);
    expect((await s.peer.client.get(`${s.base}/versions/1`)).statusCode).toBe(200);
    const views = await viewsOf(plan.id);
    expect(views).toHaveLength(2);
    expect(views.every((v) => v.viewer_kind === 'staff' && v.user_id === s.peer.id && v.organisation_id === s.org.id)).toBe(true);
    const reads = await audits('plan.read', plan.id);
    expect(reads.map((a) => JSON.parse(a.details).view)).toEqual(['plan', 'version']);
    expect(reads.every((a) => a.actor_user_id === s.peer.id)).toBe(true);
  });

  it('answers by role: staff yes, commissioner only reports, clinical partner no, another organisation 404', async () => {
    const s = await setup();
    await agreed(s);
    for (const role of ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'] as const) {
      const who = await as(s.org, [{ role }]);
      expect((await who.client.get(s.base)).statusCode, role).toBe(200);
      expect((await who.client.get(`${s.base}/views`)).statusCode, role).toBe(200);
    }
    const commissioner = await as(s.org, [{ role: 'commissioner', serviceId: null }]);
    expect((await commissioner.client.get(s.base)).statusCode).toBe(403);
    expect((await commissioner.client.post(`${s.base}/shares`, {})).statusCode).toBe(403);
    expect((await commissioner.client.get('/api/v1/reports/plans')).statusCode).toBe(200);
    const partner = await as(s.org, [{ role: 'clinical_partner' }]);
    expect((await partner.client.get(s.base)).statusCode).toBe(403);
    expect((await partner.client.get(`${s.base}/versions/1`)).statusCode).toBe(403);
    expect((await partner.client.get('/api/v1/reports/plans')).statusCode).toBe(403);
    const peerReport = await s.peer.client.get('/api/v1/reports/plans');
    expect(peerReport.statusCode).toBe(403);
    const denied = await db().selectFrom('audit_events').selectAll().where('actor_user_id', '=', partner.id).where('outcome', '=', 'denied').execute();
    expect(denied.map((a) => a.action).sort()).toEqual(['plan.read', 'plan.read', 'plan.report']);

    const other = await setup('Elsewhere');
    const viewsBefore = (await viewsOf((await db().selectFrom('crisis_plans').select('id').where('person_id', '=', s.personId).executeTakeFirstOrThrow()).id)).length;
    for (const [method, url, body] of [
      ['GET', s.base, undefined],
      ['POST', s.base, {}],
      ['GET', `${s.base}/versions/1`, undefined],
      ['POST', `${s.base}/drafts`, {}],
      ['GET', `${s.base}/compare?from=1&to=1`, undefined],
      ['GET', `${s.base}/views`, undefined],
      ['POST', `${s.base}/review`, { version: 1 }],
      ['POST', `${s.base}/versions/1/agree`, { how: 'in_person', version: 2 }],
    ] as const) {
      const res = await other.peer.client.request({ method, url, ...(body ? { payload: body } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const planRow = await db().selectFrom('crisis_plans').selectAll().where('person_id', '=', s.personId).executeTakeFirstOrThrow();
    expect(await viewsOf(planRow.id)).toHaveLength(viewsBefore);
    expect(await db().selectFrom('crisis_plans').select('id').where('person_id', '=', s.personId).execute()).toHaveLength(1);
  });

  // ---- drafts and versions --------------------------------------------------------------------

  it('answers two people saving at once with 409 and both versions, losing nothing', async () => {
    const s = await setup();
    const plan = await withPlan(s);
    const other = await as(s.org, [{ role: 'senior_peer' }], 'Sol Senior');
    const first = await s.peer.client.patch(`${s.base}/versions/1`, { content: { whenWell: 'Mine', forMyself: 'A bath' }, version: plan.draft.version });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, updatedByName: 'Priya Peer', content: { whenWell: 'Mine', forMyself: 'A bath' } });
    const second = await other.client.patch(`${s.base}/versions/1`, { content: { whenWell: 'Theirs' }, version: plan.draft.version });
    expect(second.statusCode).toBe(409);
    const error = second.json().error;
    expect(error.code).toBe('stale_version');
    expect(error.current).toMatchObject({ number: 1, version: 2, updatedByName: 'Priya Peer', content: { whenWell: 'Mine', forMyself: 'A bath' } });
    expect(error.submitted).toMatchObject({ version: 1, content: { whenWell: 'Theirs' } });
    const stored = await db().selectFrom('crisis_plan_versions').selectAll().where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.content)).toMatchObject({ whenWell: 'Mine', forMyself: 'A bath' });
    expect(stored.version).toBe(2);
    // Saving again from the current version works, and is audited with section names only.
    const merged = await other.client.patch(`${s.base}/versions/1`, { content: { whenWell: 'Mine and theirs', forMyself: 'A bath' }, version: 2 });
    expect(merged.statusCode).toBe(200);
    const updates = await audits('plan.draft_update', stored.id);
    expect(updates.map((a) => JSON.parse(a.details).changedSections)).toEqual([['whenWell', 'forMyself'], ['whenWell']]);
    expect(updates.map((a) => a.details).join('')).not.toContain('Mine');
  });

  it('agrees a draft in person, keeps agreed versions as they are, and compares any two versions', async () => {
    const s = await setup();
    const plan = await withPlan(s, 'Version one words');
    const stale = await s.peer.client.post(`${s.base}/versions/1/agree`, { how: 'in_person', version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { number: 1, state: 'draft', version: 1, createdByName: 'Priya Peer', content: { whenWell: 'Version one words' } }, submitted: { version: 7 } });
    const ownDevice = await s.peer.client.post(`${s.base}/versions/1/agree`, { how: 'own_device', version: 1 });
    expect(ownDevice.statusCode).toBe(400);

    const agree = await s.peer.client.post(`${s.base}/versions/1/agree`, { how: 'in_person', version: plan.draft.version });
    expect(agree.statusCode).toBe(200);
    expect(agree.json()).toMatchObject({ number: 1, state: 'agreed', agreedHow: 'in_person', agreedRecordedByName: 'Priya Peer', agreedAt: now() });
    const [audit] = await audits('plan.agree');
    expect(JSON.parse((await audits('plan.agree', agree.json().id))[0]!.details)).toEqual({ planId: plan.id, number: 1, how: 'in_person' });
    expect(audit).toBeTruthy();

    const edit = await s.peer.client.patch(`${s.base}/versions/1`, { content: { whenWell: 'Changed' }, version: 2 });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('not_a_draft');
    const reagree = await s.peer.client.post(`${s.base}/versions/1/agree`, { how: 'in_person', version: 2 });
    expect(reagree.json().error.code).toBe('not_a_draft');
    const v1 = await db().selectFrom('crisis_plan_versions').selectAll().where('plan_id', '=', plan.id).where('number', '=', 1).executeTakeFirstOrThrow();
    expect(JSON.parse(v1.content).whenWell).toBe('Version one words');

    const draft = await s.peer.client.post(`${s.base}/drafts`, {});
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({ number: 2, state: 'draft', version: 1, content: { whenWell: 'Version one words' } });
    const twice = await s.peer.client.post(`${s.base}/drafts`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('draft_exists');
    expect((await s.peer.client.patch(`${s.base}/versions/2`, { content: { whenWell: 'Version one words', mattersMost: 'My kids' }, version: 1 })).statusCode).toBe(200);

    const full = (await s.peer.client.get(s.base)).json().plan;
    expect(full.versions.map((v: { number: number; state: string }) => [v.number, v.state])).toEqual([[2, 'draft'], [1, 'agreed']]);
    expect(full.agreed.number).toBe(1);
    expect(full.draft.number).toBe(2);
    expect(full.lastReviewedAt).toBe(full.agreed.agreedAt);

    const compare = await s.peer.client.get(`${s.base}/compare?from=1&to=2`);
    expect(compare.statusCode).toBe(200);
    const body = compare.json();
    expect(body.from.number).toBe(1);
    expect(body.to.number).toBe(2);
    expect(body.sections).toHaveLength(10);
    expect(body.sections.filter((c: { changed: boolean }) => c.changed)).toEqual([{ key: 'mattersMost', changed: true, before: '', after: 'My kids' }]);
    const views = await viewsOf(plan.id);
    expect(views.at(-1)!.version_id).toBe(draft.json().id);
    expect(JSON.parse((await audits('plan.read', plan.id)).at(-1)!.details)).toMatchObject({ view: 'compare', from: 1, to: 2 });

    expect((await s.peer.client.get(`${s.base}/compare?from=1`)).json().error.fields).toEqual({ to: expect.any(String) });
    expect((await s.peer.client.get(`${s.base}/compare?from=1&to=9`)).statusCode).toBe(404);
    expect((await s.peer.client.get(`${s.base}/versions/1`)).json().content.whenWell).toBe('Version one words');
    for (const n of ['9', 'abc', '0', '-1', '1.5']) expect((await s.peer.client.get(`${s.base}/versions/${n}`)).statusCode, n).toBe(404);
  });

  it('refuses to agree a plan with nothing written in it', async () => {
    const s = await setup();
    await s.peer.client.post(s.base, {});
    const res = await s.peer.client.post(`${s.base}/versions/1/agree`, { how: 'in_person', version: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ content: expect.any(String) });
    expect((await db().selectFrom('crisis_plan_versions').select('state').where('created_by', '=', s.peer.id).executeTakeFirstOrThrow()).state).toBe('draft');
  });

  it('refuses oversize text with a field error and stores nothing', async () => {
    const s = await setup();
    const plan = await withPlan(s, 'Before');
    const tooLong = 'x'.repeat(PLAN_TEXT_MAX + 1);
    const res = await s.peer.client.patch(`${s.base}/versions/1`, { content: { whenWell: 'After', practical: { pets: tooLong } }, version: plan.draft.version });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
    expect(Object.keys(res.json().error.fields)).toEqual([expect.stringContaining('pets')]);
    const stored = await db().selectFrom('crisis_plan_versions').selectAll().where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.content).whenWell).toBe('Before');
    expect(stored.version).toBe(1);
    const before = await count('crisis_plans');
    const other = await person(s.org.id, 'Ola');
    const create = await s.peer.client.post(`/api/v1/people/${other}/plan`, { content: { afterCrisis: tooLong } });
    expect(create.statusCode).toBe(400);
    expect(await count('crisis_plans')).toBe(before);
    // Exactly the limit is fine.
    expect((await s.peer.client.patch(`${s.base}/versions/1`, { content: { whenWell: 'x'.repeat(PLAN_TEXT_MAX) }, version: 1 })).statusCode).toBe(200);
  });

  it('keeps hostile words exactly as written (trimmed only at the ends) and gives them back as given', async () => {
    const s = await setup();
    const plan = await withPlan(s, 'start');
    let version = plan.draft.version;
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.constantFrom('<script>alert(1)</script>', "'; drop table crisis_plans; --", '{{7*7}}', '${process.env}', '\u202Eevil', 'emoji 🧡👩🏽‍🦱', '\\u0000', 'a\r\nb\tc'),
    ).filter((v) => !v.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (a, b) => {
        const content = { whenWell: a, peopleAndPlaces: { people: b.trim() ? [{ name: b, whenToCall: a }] : [], places: b } };
        const res = await s.peer.client.patch(`${s.base}/versions/1`, { content, version });
        expect(res.statusCode).toBe(200);
        version = res.json().version;
        const got = (await s.peer.client.get(`${s.base}/versions/1`)).json().content;
        expect(got.whenWell).toBe(a.trim());
        expect(got.peopleAndPlaces.places).toBe(b.trim());
        if (b.trim()) expect(got.peopleAndPlaces.people[0]).toMatchObject({ name: b.trim(), whenToCall: a.trim() });
      }),
      { numRuns: 25 },
    );
  });

  it('keeps a plan’s services to this organisation’s directory', async () => {
    const s = await setup();
    const plan = await withPlan(s, 'Before');
    const ours = await directoryEntry(s.org.id, 'Our line');
    const elsewhere = await setup('Elsewhere');
    const theirs = await directoryEntry(elsewhere.org.id, 'Their line');
    const res = await s.peer.client.patch(`${s.base}/versions/1`, { content: { whenWell: 'After', services: { entries: [{ directoryEntryId: ours }, { directoryEntryId: theirs, note: 'x' }] } }, version: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ 'content.services.entries.1.directoryEntryId': expect.any(String) });
    const stored = await db().selectFrom('crisis_plan_versions').selectAll().where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.content).whenWell).toBe('Before');
    const before = await count('crisis_plans');
    const other = await person(s.org.id, 'Ola');
    expect((await s.peer.client.post(`/api/v1/people/${other}/plan`, { content: { services: { entries: [{ directoryEntryId: theirs }] } } })).statusCode).toBe(400);
    expect(await count('crisis_plans')).toBe(before);
    const ok = await s.peer.client.patch(`${s.base}/versions/1`, { content: { services: { entries: [{ directoryEntryId: ours, note: 'They know me' }] } }, version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().content.services.entries).toEqual([{ directoryEntryId: ours, note: 'They know me' }]);
  });

  it('does not start a plan on a record merged into another', async () => {
    const s = await setup();
    const kept = await person(s.org.id, 'Kept');
    await db().updateTable('people').set({ merged_into_id: kept, merged_at: now() }).where('id', '=', s.personId).execute();
    const res = await s.peer.client.post(s.base, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'merged', mergedIntoId: kept });
    expect(await db().selectFrom('crisis_plans').select('id').where('person_id', '=', s.personId).execute()).toHaveLength(0);
  });

  it('answers any body sent to the write routes without a 5xx, and stores nothing when refusing', async () => {
    const s = await setup();
    const plan = await agreed(s);
    await s.peer.client.post(`${s.base}/drafts`, {});
    const share = (await s.peer.client.post(`${s.base}/shares`, { recipientKind: 'carer', recipientName: 'Jo', sections: ['whenWell'], consentHow: 'in_person', endsOn: daysFromToday(5) })).json();
    const snapshot = async () => ({
      versions: await db().selectFrom('crisis_plan_versions').select(['id', 'content', 'version', 'state']).where('plan_id', '=', plan.id).orderBy('number').execute(),
      shares: await db().selectFrom('crisis_plan_shares').select(['id', 'sections', 'ends_at', 'version', 'revoked_at']).where('plan_id', '=', plan.id).orderBy('id').execute(),
      plan: await db().selectFrom('crisis_plans').select(['version', 'reviewed_at']).where('id', '=', plan.id).executeTakeFirstOrThrow(),
    });
    const routes: [string, string][] = [
      ['POST', s.base],
      ['PATCH', `${s.base}/versions/2`],
      ['POST', `${s.base}/versions/2/agree`],
      ['POST', `${s.base}/review`],
      ['POST', `${s.base}/shares`],
      ['PATCH', `${s.base}/shares/${share.id}`],
    ];
    const bodies = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      fc.record({ content: fc.oneof(fc.jsonValue(), fc.record({ whenWell: fc.oneof(fc.string(), fc.integer(), fc.constant('x'.repeat(5000))) })), version: fc.oneof(fc.integer(), fc.string()), sections: fc.array(fc.string()), endsOn: fc.string(), how: fc.string() }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), bodies, async ([method, url], body) => {
        const before = await snapshot();
        const res = await s.peer.client.request({ method: method as 'POST', url, payload: JSON.stringify(body ?? null), headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.json().error.message).toEqual(expect.any(String));
          expect(await snapshot()).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });

  // ---- review -------------------------------------------------------------------------------------

  it('records a review of the agreed plan, with the plan’s version guarding it', async () => {
    const s = await setup();
    const early = await withPlan(s);
    const notYet = await s.peer.client.post(`${s.base}/review`, { version: 1 });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('not_agreed');
    await s.peer.client.post(`${s.base}/versions/1/agree`, { how: 'in_person', version: early.draft.version });
    t.clock.advance(10 * DAY);
    // Sessions end while the clock moves on; the next day's worker signs in afresh.
    s.peer = await as(s.org, [{ role: 'peer_worker' }], 'Priya Peer');
    const res = await s.peer.client.post(`${s.base}/review`, { version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().plan).toMatchObject({ reviewedAt: now(), lastReviewedAt: now(), version: 2 });
    const stale = await s.peer.client.post(`${s.base}/review`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect(await audits('plan.review', early.id)).toHaveLength(1);
  });

  // ---- shares ---------------------------------------------------------------------------------------

  it('shares with a carer and a partner service of the same organisation, changes and revokes a share', async () => {
    const s = await setup();
    const plan = await agreed(s);
    const crisisTeam = await s.org.service('Crisis team');
    const entryId = await directoryEntry(s.org.id, 'Night line');
    const endsOn = daysFromToday(90);
    const carer = await s.peer.client.post(`${s.base}/shares`, {
      recipientKind: 'carer',
      recipientName: 'Jo Smith',
      relationship: 'my sister',
      recipientPhone: '07700 900123',
      sections: ['peopleAndPlaces', 'whenWell', 'whenWell'],
      consentHow: 'in_person',
      endsOn,
    });
    expect(carer.statusCode).toBe(201);
    const share = carer.json();
    expect(share).toMatchObject({ recipientKind: 'carer', recipientName: 'Jo Smith', relationship: 'my sister', sections: ['whenWell', 'peopleAndPlaces'], status: 'active', revokedAt: null, startsAt: now(), version: 1 });
    // The end of that London day, stored as UTC.
    const ends = new Date(share.endsAt);
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(ends.getTime() - 1))).toBe(endsOn);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ends)).toBe('00:00');
    const [created] = await audits('plan.share_create', share.id);
    expect(created!.details).not.toContain('Jo Smith');
    expect(created!.details).not.toContain('07700');

    const partner = await s.peer.client.post(`${s.base}/shares`, { recipientKind: 'partner_service', recipientName: 'The crisis team', recipientServiceId: crisisTeam, recipientDirectoryEntryId: entryId, sections: ['services'], consentHow: 'phone', endsOn });
    expect(partner.statusCode).toBe(201);
    expect(partner.json()).toMatchObject({ recipientServiceName: 'Crisis team', recipientDirectoryEntryName: 'Night line' });

    const patched = await s.peer.client.patch(`${s.base}/shares/${share.id}`, { sections: ['mattersMost'], recipientPhone: null, version: 1 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ sections: ['mattersMost'], recipientPhone: null, version: 2 });
    const stale = await s.peer.client.patch(`${s.base}/shares/${share.id}`, { sections: ['whenWell'], version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { sections: ['mattersMost'] }, submitted: { sections: ['whenWell'] } });
    const tooLate = await s.peer.client.patch(`${s.base}/shares/${share.id}`, { endsOn: daysFromToday(800), version: 2 });
    expect(tooLate.statusCode).toBe(400);
    expect(tooLate.json().error.fields).toEqual({ endsOn: expect.any(String) });

    // A link for the carer, to see the revocation withdraw it.
    await db().insertInto('crisis_plan_links').values({ id: newId(), organisation_id: s.org.id, plan_id: plan.id, share_id: share.id, token_digest: newId(), code_digest: 'x', channel: 'sms', notification_id: null, created_by: s.peer.id, created_at: now(), expires_at: new Date(t.clock.now + 30 * DAY).toISOString(), withdrawn_at: null, withdrawn_by: null, failed_attempts: 0, locked_until: null, last_opened_at: null }).execute();
    expect((await s.peer.client.get(s.base)).json().plan.links).toEqual([expect.objectContaining({ shareId: share.id, status: 'active', channel: 'sms' })]);

    const revoke = await s.peer.client.post(`${s.base}/shares/${share.id}/revoke`, {});
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({ status: 'revoked', revokedAt: now() });
    const link = await db().selectFrom('crisis_plan_links').selectAll().where('share_id', '=', share.id).executeTakeFirstOrThrow();
    expect(link.withdrawn_at).toBe(now());
    expect(JSON.parse((await audits('plan.share_revoke', share.id))[0]!.details)).toEqual({ planId: plan.id, linksWithdrawn: 1 });
    const again = await s.peer.client.post(`${s.base}/shares/${share.id}/revoke`, {});
    expect(again.statusCode).toBe(200);
    expect(await audits('plan.share_revoke', share.id)).toHaveLength(1);
    const afterRevoke = await s.peer.client.patch(`${s.base}/shares/${share.id}`, { sections: ['whenWell'], version: 3 });
    expect(afterRevoke.statusCode).toBe(409);
    expect(afterRevoke.json().error.code).toBe('share_revoked');

    const out = (await s.peer.client.get(s.base)).json().plan;
    expect(out.shares.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([[partner.json().id, 'active'], [share.id, 'revoked']]);
    expect(out.links[0].status).toBe('withdrawn');
    expect(JSON.stringify(out.links)).not.toContain('token');
    expect(JSON.stringify(out.links)).not.toContain('code_digest');
  });

  it('refuses a share to another organisation’s service or directory entry, or a bad end date, storing nothing', async () => {
    const s = await setup();
    await agreed(s);
    const elsewhere = await setup('Elsewhere');
    const theirEntry = await directoryEntry(elsewhere.org.id, 'Their line');
    const body = { recipientKind: 'partner_service', recipientName: 'A team', sections: ['whenWell'], consentHow: 'in_person', endsOn: daysFromToday(30) };
    const before = await count('crisis_plan_shares');
    const service = await s.peer.client.post(`${s.base}/shares`, { ...body, recipientServiceId: elsewhere.org.serviceId });
    expect(service.statusCode).toBe(400);
    expect(service.json().error.fields).toEqual({ recipientServiceId: expect.any(String) });
    const entry = await s.peer.client.post(`${s.base}/shares`, { ...body, recipientDirectoryEntryId: theirEntry });
    expect(entry.statusCode).toBe(400);
    expect(entry.json().error.fields).toEqual({ recipientDirectoryEntryId: expect.any(String) });
    const unknown = await s.peer.client.post(`${s.base}/shares`, { ...body, recipientServiceId: newId() });
    expect(unknown.json().error).toEqual(service.json().error);
    for (const endsOn of [daysFromToday(-1), daysFromToday(2 * 366 + 1)]) {
      const res = await s.peer.client.post(`${s.base}/shares`, { ...body, endsOn });
      expect(res.statusCode, endsOn).toBe(400);
      expect(res.json().error.fields).toEqual({ endsOn: expect.any(String) });
    }
    expect((await s.peer.client.post(`${s.base}/shares`, { ...body, sections: [] })).statusCode).toBe(400);
    expect((await s.peer.client.post(`${s.base}/shares`, { ...body, extra: 1 })).statusCode).toBe(400);
    expect(await count('crisis_plan_shares')).toBe(before);
    // Today itself is fine.
    expect((await s.peer.client.post(`${s.base}/shares`, { ...body, endsOn: londonToday() })).statusCode).toBe(201);
  });

  // ---- who looked ------------------------------------------------------------------------------------

  it('tells the person who looked and when, newest first, in plain words (their own opens left out)', async () => {
    const s = await setup('Harbour Safe Haven');
    const plan = await agreed(s);
    const version = await db().selectFrom('crisis_plan_versions').selectAll().where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    const crisisTeam = await s.org.service('Crisis team');
    const partnerUser = await s.org.user({ roles: [{ role: 'clinical_partner', serviceId: crisisTeam }], name: 'Dr Ali' });
    const share = (await s.peer.client.post(`${s.base}/shares`, { recipientKind: 'carer', recipientName: 'Jo Smith', sections: ['whenWell'], consentHow: 'in_person', endsOn: daysFromToday(10) })).json();
    const grantId = newId();
    await db().insertInto('crisis_plan_break_glass').values({ id: grantId, organisation_id: s.org.id, plan_id: plan.id, person_id: s.personId, service_id: crisisTeam, user_id: partnerUser.id, reason: 'Found unwell, needed contacts', created_at: now(), expires_at: now(), reviewed_at: null, reviewed_by: null, review_note: null }).execute();
    const view = (over: Partial<{ viewer_kind: 'staff' | 'partner' | 'break_glass' | 'person' | 'recipient'; user_id: string | null; service_id: string | null; share_id: string | null; grant_id: string | null }>) => {
      t.clock.advance(60_000);
      return db().insertInto('crisis_plan_views').values({ id: newId(), organisation_id: s.org.id, plan_id: plan.id, version_id: version.id, viewer_kind: 'staff', user_id: null, service_id: null, share_id: null, link_id: null, grant_id: null, viewed_at: now(), ...over }).execute();
    };
    await view({ viewer_kind: 'partner', user_id: partnerUser.id, service_id: crisisTeam });
    await view({ viewer_kind: 'recipient', share_id: share.id });
    await view({ viewer_kind: 'person' });
    await view({ viewer_kind: 'break_glass', user_id: partnerUser.id, service_id: crisisTeam, grant_id: grantId });
    t.clock.advance(60_000);
    await s.peer.client.get(s.base);
    // Someone working across the organisation is named with the organisation.
    const manager = await as(s.org, [{ role: 'service_manager', serviceId: null }], 'Mo Manager');
    t.clock.advance(60_000);
    await manager.client.get(`${s.base}/versions/1`);

    const res = await s.peer.client.get(`${s.base}/views`);
    expect(res.statusCode).toBe(200);
    const views = res.json().views;
    expect(views.map((v: { viewerKind: string; who: string; versionNumber: number }) => [v.viewerKind, v.who, v.versionNumber])).toEqual([
      ['staff', 'Mo Manager (Harbour Safe Haven team)', 1],
      ['staff', 'Priya Peer (Safe haven team)', 1],
      ['break_glass', 'Emergency access by Dr Ali, Crisis team — reason: Found unwell, needed contacts', 1],
      ['recipient', 'Jo Smith (carer)', 1],
      ['partner', 'Dr Ali, Crisis team', 1],
    ]);
    expect(views[2].reason).toBe('Found unwell, needed contacts');
    expect(views[0].reason).toBeNull();
    expect(await audits('plan.views_read', plan.id)).toHaveLength(1);
  });

  // ---- reports -----------------------------------------------------------------------------------------

  it('reports people with an agreed plan, plans reviewed in the last 6 months and shares active now', async () => {
    const org = await t.organisation('Report Org');
    // Sessions end while the clock moves on: people sign in afresh after each jump.
    let peer = await as(org, [{ role: 'peer_worker' }], 'Rae');
    const manager = async () => (await as(org, [{ role: 'service_manager' }])).client;
    const plan = async (name: string, agree: boolean) => {
      const id = await person(org.id, name);
      const base = `/api/v1/people/${id}/plan`;
      const created = (await peer.client.post(base, { content: { whenWell: `${name} words` } })).json().plan;
      if (agree) expect((await peer.client.post(`${base}/versions/1/agree`, { how: 'in_person', version: created.draft.version })).statusCode).toBe(200);
      return base;
    };
    const share = (base: string, endsOn: string) => peer.client.post(`${base}/shares`, { recipientKind: 'gp', recipientName: 'Dr GP', sections: ['whenWell'], consentHow: 'in_person', endsOn });
    const old = await plan('Old', true);
    const oldReviewed = await plan('Reviewed', true);
    t.clock.advance(200 * DAY);
    peer = await as(org, [{ role: 'peer_worker' }], 'Rae');
    const fresh = await plan('Fresh', true);
    await plan('Drafty', false);
    // Reviewed now, so it counts again; the other old one was agreed 200 days ago and not since.
    expect((await peer.client.post(`${oldReviewed}/review`, { version: 1 })).statusCode).toBe(200);
    expect((await share(fresh, daysFromToday(30))).statusCode).toBe(201);
    expect((await share(old, daysFromToday(5))).statusCode).toBe(201);
    const revoked = (await share(fresh, daysFromToday(30))).json();
    expect((await peer.client.post(`${fresh}/shares/${revoked.id}/revoke`, {})).statusCode).toBe(200);

    const report = await (await manager()).get('/api/v1/reports/plans');
    expect(report.statusCode).toBe(200);
    expect(report.json()).toEqual({ asOf: now(), peopleWithAgreedPlan: 3, reviewedInLast6Months: 2, activeShares: 2 });
    const [audit] = await audits('plan.report', org.id);
    expect(JSON.parse(audit!.details)).toEqual({ peopleWithAgreedPlan: 3, reviewedInLast6Months: 2, activeShares: 2 });

    // Ten days on: the 5-day share has ended; a month after that, the other too.
    t.clock.advance(10 * DAY);
    expect((await (await manager()).get('/api/v1/reports/plans')).json()).toMatchObject({ activeShares: 1, reviewedInLast6Months: 2 });
    t.clock.advance(180 * DAY);
    expect((await (await manager()).get('/api/v1/reports/plans')).json()).toMatchObject({ peopleWithAgreedPlan: 3, reviewedInLast6Months: 0, activeShares: 0 });
  });
});
