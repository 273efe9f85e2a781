import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { BreakGlassGrantsOut, BreakGlassOut, BreakGlassReviewOut, BreakGlassReviewsOut, PartnerPlanOut, SharedPlansOut } from '../../../shared/plan-partners.js';
import { everySection, insertDirectoryEntry, insertPerson, insertPlan, insertShare, insertVersion } from './test-factory.js';

const DAY = 86_400_000;
const REASON = 'Brought in by ambulance, very distressed and unable to tell us who to contact.';

/** An NHS number that passes the modulus 11 check, made from nine digits. */
function nhsFrom(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10) throw new Error('pick other digits');
  return `${nine}${check}`;
}

describe.each(ENGINES)('crisis plans for clinical partners and break glass on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let serviceB: string;
  let entryId: string;
  let alex: { personId: string; planId: string; agreedV1: string; agreedV2: string; shareA: string; shareB: string };
  let robin: { personId: string; planId: string; shareB: string };
  let draftOnly: { personId: string; shareA: string };
  let partnerA: Client;
  let partnerAId: string;
  let partnerAEmail: string;
  let partnerB: Client;
  let managerA: { client: Client; id: string; email: string };
  let orgManager: { client: Client; id: string; email: string };
  let managerB: { client: Client; id: string; email: string };
  const ALEX_NHS = nhsFrom('943476591');
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.app.deps.db;
    org = await t.organisation('Riverside Crisis Services');
    serviceB = await org.service('Home treatment team');
    const now = t.clock.now;
    const at = iso(now - 10 * DAY);
    entryId = await insertDirectoryEntry(db, org.id, { name: 'Riverside Crisis Café', phone: '0300 555 0199' }, at);
    const worker = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Sam Patel' });

    // Alex: agreed v1, agreed v2 (what partners see), then a draft v3 nobody outside sees.
    const alexId = await insertPerson(db, org.id, { preferredName: 'Alex', fullName: 'Alexandra Jane Ó Briain', dateOfBirth: '1990-04-27', nhsNumber: ALEX_NHS }, at);
    const alexPlan = await insertPlan(db, org.id, alexId, at, worker.id);
    const agreedV1 = await insertVersion(db, org.id, alexPlan, { number: 1, state: 'agreed', content: { whenWell: 'Version one words.' }, at, by: worker.id });
    const agreedV2 = await insertVersion(db, org.id, alexPlan, { number: 2, state: 'agreed', content: everySection(entryId), at: iso(now - 5 * DAY), by: worker.id });
    await insertVersion(db, org.id, alexPlan, { number: 3, state: 'draft', content: { whenWell: 'Draft words nobody outside sees.' }, at: iso(now - DAY), by: worker.id });
    const shareA = await insertShare(db, org.id, alexPlan, { serviceId: org.serviceId, sections: ['whenWell', 'services'], startsAt: at, endsAt: iso(now + 30 * DAY) });
    const shareB = await insertShare(db, org.id, alexPlan, { serviceId: serviceB, sections: ['afterCrisis'], startsAt: at, endsAt: iso(now + 30 * DAY) });
    alex = { personId: alexId, planId: alexPlan, agreedV1, agreedV2, shareA, shareB };

    const robinId = await insertPerson(db, org.id, { preferredName: 'Robin', fullName: 'Robin Hughes', dateOfBirth: '1985-01-02', nhsNumber: nhsFrom('401023456') }, at);
    const robinPlan = await insertPlan(db, org.id, robinId, at);
    await insertVersion(db, org.id, robinPlan, { number: 1, state: 'agreed', content: { mattersMost: 'My dog.' }, at });
    robin = { personId: robinId, planId: robinPlan, shareB: await insertShare(db, org.id, robinPlan, { serviceId: serviceB, sections: ['mattersMost'], startsAt: at, endsAt: iso(now + 30 * DAY) }) };

    const draftId = await insertPerson(db, org.id, { preferredName: 'Jordan', fullName: 'Jordan Lee', dateOfBirth: '1979-09-09', nhsNumber: nhsFrom('450557710') }, at);
    const draftPlan = await insertPlan(db, org.id, draftId, at);
    await insertVersion(db, org.id, draftPlan, { number: 1, state: 'draft', content: { mattersMost: 'Not agreed yet.' }, at });
    draftOnly = { personId: draftId, shareA: await insertShare(db, org.id, draftPlan, { serviceId: org.serviceId, sections: ['mattersMost'], startsAt: at, endsAt: iso(now + 30 * DAY) }) };

    const a = await t.staff(org, [{ role: 'clinical_partner', serviceId: org.serviceId }], { name: 'Dr Ali Khan' });
    partnerA = a.client;
    partnerAId = a.id;
    partnerAEmail = a.email;
    partnerB = (await t.staff(org, [{ role: 'clinical_partner', serviceId: serviceB }])).client;
    managerA = await t.staff(org, [{ role: 'service_manager', serviceId: org.serviceId }], { name: 'Morgan Reed' });
    orgManager = await t.staff(org, [{ role: 'service_manager', serviceId: null }]);
    managerB = await t.staff(org, [{ role: 'service_manager', serviceId: serviceB }]);
    // A disabled manager is not emailed.
    await org.user({ roles: [{ role: 'service_manager' }], disabled: true, email: 'gone-manager@example.org' });
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;
  /** Staff made for one check; disabled before the email test so the managers emailed are known. */
  const extraStaff: string[] = [];
  const as = async (role: Role, serviceId: string | null = org.serviceId) => {
    const made = await t.staff(org, [{ role, serviceId: role === 'commissioner' || role === 'org_admin' ? null : serviceId }]);
    extraStaff.push(made.id);
    return made.client;
  };
  /** A new sign-in after the clock has moved past the session's idle time. */
  const signInAgain = async (email: string, userId: string) => {
    const client = await t.signIn(email);
    await db().updateTable('sessions').set({ stage: 'full' }).where('user_id', '=', userId).execute();
    return client;
  };
  const sharedUrl = (serviceId: string, shareId = '') => `/api/v1/services/${serviceId}/shared-plans${shareId ? `/${shareId}` : ''}`;
  const audits = (action: string, outcome: 'success' | 'denied' | 'failure' = 'success') => db().selectFrom('audit_events').selectAll().where('action', '=', action).where('outcome', '=', outcome).execute();
  const views = (planId: string) => db().selectFrom('crisis_plan_views').selectAll().where('plan_id', '=', planId).orderBy('viewed_at').execute();
  const grants = () => db().selectFrom('crisis_plan_break_glass').selectAll().execute();

  it('lists only the plans shared with the partner’s own service, with an agreed version, and records the look', async () => {
    const before = (await audits('plan.partner_list')).length;
    const res = await partnerA.get(sharedUrl(org.serviceId));
    expect(res.statusCode).toBe(200);
    const body = res.json() as SharedPlansOut;
    expect(body.plans.map((p) => p.shareId)).toEqual([alex.shareA]);
    expect(body.plans[0]).toMatchObject({ planId: alex.planId, versionNumber: 2, sections: ['whenWell', 'services'], person: { id: alex.personId, preferredName: 'Alex', nhsNumber: ALEX_NHS } });
    expect((await audits('plan.partner_list')).length).toBe(before + 1);

    const b = (await partnerB.get(sharedUrl(serviceB))).json() as SharedPlansOut;
    expect(b.plans.map((p) => p.shareId).sort()).toEqual([alex.shareB, robin.shareB].sort());
  });

  it('shows only the shared sections of the latest agreed version, with the directory’s services, and records a view', async () => {
    const res = await partnerA.get(sharedUrl(org.serviceId, alex.shareA));
    expect(res.statusCode).toBe(200);
    const plan = res.json() as PartnerPlanOut;
    expect(plan.version.number).toBe(2);
    expect(plan.sections).toEqual(['whenWell', 'services']);
    expect(Object.keys(plan.content).sort()).toEqual(['services', 'whenWell']);
    expect(plan.content.whenWell).toBe('I like walking by the river and cooking for friends.');
    expect(JSON.stringify(plan)).not.toContain('Draft words');
    expect(JSON.stringify(plan)).not.toContain('Biscuit');
    expect(plan.access).toEqual({ kind: 'share', shareId: alex.shareA, endsAt: expect.any(String) });
    expect(plan.services!.entries).toEqual([
      expect.objectContaining({ directoryEntryId: entryId, available: true, name: 'Riverside Crisis Café', phones: [{ number: '0300 555 0199', label: 'Main line' }], note: 'They know me there.' }),
    ]);
    // 2026-11-26 12:00 UTC is a Thursday: open 09:00 to 17:00.
    expect(plan.services!.entries[0]!.openingNow).toBe('Open now until 17:00');
    expect(plan.services!.entries[0]!.hoursToday).toBe('Open today 09:00 to 17:00');
    expect(plan.services!.nationalLines.map((l) => l.name)).toContain('Samaritans');

    const seen = (await views(alex.planId)).filter((v) => v.share_id === alex.shareA);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ viewer_kind: 'partner', user_id: partnerAId, service_id: org.serviceId, version_id: alex.agreedV2, grant_id: null });
    const audit = (await audits('plan.partner_read')).filter((a) => a.entity_id === alex.planId);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toEqual({ shareId: alex.shareA, serviceId: org.serviceId, versionNumber: 2, viewId: seen[0]!.id });
  });

  it('a partner of service A cannot read a share made to service B, and other roles cannot read at all', async () => {
    expect((await partnerA.get(sharedUrl(org.serviceId, alex.shareB))).statusCode).toBe(404);
    expect((await partnerA.get(sharedUrl(serviceB, alex.shareB))).statusCode).toBe(403);
    expect((await partnerA.get(sharedUrl(serviceB))).statusCode).toBe(403);
    for (const role of ['peer_worker', 'service_manager', 'commissioner', 'org_admin'] as Role[]) {
      const who = await as(role);
      expect((await who.get(sharedUrl(org.serviceId))).statusCode, role).toBe(403);
      expect((await who.get(sharedUrl(org.serviceId, alex.shareA))).statusCode, role).toBe(403);
    }
    // A share of a plan with no agreed version is not listed and not readable.
    expect((await partnerA.get(sharedUrl(org.serviceId, draftOnly.shareA))).statusCode).toBe(404);
  });

  it("another organisation's clinical partner (even organisation-wide) gets 404 for this organisation's service and shares", async () => {
    const other = await t.organisation('Elsewhere Trust');
    const intruder = (await t.staff(other, [{ role: 'clinical_partner', serviceId: null }])).client;
    expect((await intruder.get(sharedUrl(org.serviceId))).statusCode).toBe(404);
    expect((await intruder.get(sharedUrl(org.serviceId, alex.shareA))).statusCode).toBe(404);
    expect((await intruder.get(sharedUrl(other.serviceId, alex.shareA))).statusCode).toBe(404);
    const res = await intruder.post(`/api/v1/services/${org.serviceId}/break-glass`, { nhsNumber: ALEX_NHS, reason: REASON });
    expect(res.statusCode).toBe(404);
    const mine = await intruder.post(`/api/v1/services/${other.serviceId}/break-glass`, { nhsNumber: ALEX_NHS, reason: REASON });
    expect(mine.statusCode).toBe(404);
    expect((mine.json() as { error: { code: string } }).error.code).toBe('no_match');
    expect(await grants()).toHaveLength(0);
  });

  it('a revoked share is refused at once, and a share past its end date too', async () => {
    const at = iso(t.clock.now - DAY);
    const share = await insertShare(db(), org.id, robin.planId, { serviceId: org.serviceId, sections: ['mattersMost'], startsAt: at, endsAt: iso(t.clock.now + 2 * DAY) });
    expect((await partnerA.get(sharedUrl(org.serviceId, share))).statusCode).toBe(200);
    await db().updateTable('crisis_plan_shares').set({ revoked_at: iso(t.clock.now) }).where('id', '=', share).execute();
    const refused = await partnerA.get(sharedUrl(org.serviceId, share));
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as { error: { code: string } }).error.code).toBe('share_ended');
    expect(((await partnerA.get(sharedUrl(org.serviceId))).json() as SharedPlansOut).plans.map((p) => p.shareId)).not.toContain(share);
    const denied = (await audits('plan.partner_read', 'denied')).map((a) => JSON.parse(a.details) as { shareId: string; why: string });
    expect(denied).toContainEqual({ shareId: share, serviceId: org.serviceId, why: 'revoked' });
    expect((await views(robin.planId)).filter((v) => v.share_id === share)).toHaveLength(1);

    const ending = await insertShare(db(), org.id, robin.planId, { serviceId: org.serviceId, sections: ['mattersMost'], startsAt: at, endsAt: iso(t.clock.now + 60_000) });
    expect((await partnerA.get(sharedUrl(org.serviceId, ending))).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await partnerA.get(sharedUrl(org.serviceId, ending))).statusCode).toBe(403);
  });

  it('break glass needs a reason of a sentence or more, and one exact way to find the person; nothing is stored otherwise', async () => {
    const url = `/api/v1/services/${org.serviceId}/break-glass`;
    const cases: [unknown, string][] = [
      [{ nhsNumber: ALEX_NHS }, 'reason'],
      [{ nhsNumber: ALEX_NHS, reason: '' }, 'reason'],
      [{ nhsNumber: ALEX_NHS, reason: 'urgent' }, 'reason'],
      [{ reason: REASON }, 'nhsNumber'],
      [{ fullName: 'Alexandra Jane Ó Briain', reason: REASON }, 'dateOfBirth'],
      [{ nhsNumber: ALEX_NHS, fullName: 'Alexandra Jane Ó Briain', dateOfBirth: '1990-04-27', reason: REASON }, 'nhsNumber'],
      [{ nhsNumber: '943 476 5910', reason: REASON }, 'nhsNumber'],
    ];
    for (const [body, field] of cases) {
      const res = await partnerA.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys((res.json() as { error: { fields: Record<string, string> } }).error.fields), JSON.stringify(body)).toContain(field);
    }
    expect(await grants()).toHaveLength(0);
    expect(t.notify.messages).toHaveLength(0);
    // Each refusal is in the audit trail, with the fields' names and nothing that was typed.
    const refused = (await audits('plan.break_glass', 'denied')).map((a) => JSON.parse(a.details) as { why: string; fields: string[] });
    expect(refused).toHaveLength(cases.length);
    expect(refused[0]).toEqual({ why: 'invalid_input', fields: ['reason'] });
    expect(JSON.stringify(refused)).not.toMatch(/Briain|9434|urgent/);
  });

  it('a peer worker, a manager and a commissioner cannot use break glass', async () => {
    for (const role of ['peer_worker', 'service_manager', 'commissioner'] as Role[]) {
      const res = await (await as(role)).post(`/api/v1/services/${org.serviceId}/break-glass`, { nhsNumber: ALEX_NHS, reason: REASON });
      expect(res.statusCode, role).toBe(403);
    }
    expect(await grants()).toHaveLength(0);
  });

  it('finds only an exact match: a part of a name, another date of birth or a plan not yet agreed fails, and each failure is audited', async () => {
    const url = `/api/v1/services/${org.serviceId}/break-glass`;
    const before = (await audits('plan.break_glass', 'failure')).length;
    for (const body of [
      { fullName: 'Alex', dateOfBirth: '1990-04-27', reason: REASON },
      { fullName: 'Alexandra Ó Briain', dateOfBirth: '1990-04-27', reason: REASON },
      { fullName: 'Alexandra Jane Ó Briain', dateOfBirth: '1990-04-28', reason: REASON },
      { nhsNumber: nhsFrom('943476592'), reason: REASON },
      { fullName: 'Jordan Lee', dateOfBirth: '1979-09-09', reason: REASON },
    ]) {
      const res = await partnerA.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
      expect((res.json() as { error: { code: string } }).error.code).toBe('no_match');
    }
    const failures = (await audits('plan.break_glass', 'failure')).slice(before);
    expect(failures).toHaveLength(5);
    expect(failures.map((f) => (JSON.parse(f.details) as { why: string }).why)).toEqual(['no_match', 'no_match', 'no_match', 'no_match', 'no_agreed_plan']);
    // Audit rows hold no words from the request.
    expect(failures.map((f) => f.details).join(' ')).not.toMatch(/Alex|ambulance|1990/);
    expect(await grants()).toHaveLength(0);
    expect(t.notify.messages).toHaveLength(0);
  });

  let grantId: string;
  it('opens the whole agreed plan for a limited time, records the view, and emails every manager of the service at once with nothing personal', async () => {
    await db().updateTable('users').set({ disabled_at: iso(t.clock.now) }).where('id', 'in', extraStaff).execute();
    const res = await partnerA.post(`/api/v1/services/${org.serviceId}/break-glass`, { fullName: '  alexandra jane o briain ', dateOfBirth: '1990-04-27', reason: REASON });
    expect(res.statusCode).toBe(201);
    const body = res.json() as BreakGlassOut;
    grantId = body.grant.id;
    expect(body.grant).toMatchObject({ serviceId: org.serviceId, planId: alex.planId, reason: REASON, active: true, expiresAt: iso(t.clock.now + t.config.planBreakGlassMs) });
    expect(body.plan.version.number).toBe(2);
    expect(body.plan.sections).toHaveLength(10);
    expect(body.plan.content.practical?.pets).toContain('Biscuit');
    expect(body.plan.access).toEqual({ kind: 'break_glass', grantId, expiresAt: body.grant.expiresAt });
    expect(body.managersTold).toBe(2);

    const [row] = await grants();
    expect(row).toMatchObject({ id: grantId, person_id: alex.personId, user_id: partnerAId, service_id: org.serviceId, reason: REASON, reviewed_at: null });
    const v = (await views(alex.planId)).filter((x) => x.grant_id === grantId);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ viewer_kind: 'break_glass', user_id: partnerAId, service_id: org.serviceId, version_id: alex.agreedV2 });
    const audit = (await audits('plan.break_glass')).filter((a) => a.entity_id === grantId);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain('ambulance');

    // Both managers who cover service A (its own and the organisation-wide one); not B's, not the disabled one.
    const sent = t.notify.messages;
    expect(sent.map((m) => m.to).sort()).toEqual([managerA.email, orgManager.email].sort());
    expect(sent.map((m) => m.to)).not.toContain(managerB.email);
    for (const m of sent) {
      expect(m.channel).toBe('email');
      const words = `${m.personalisation.subject} ${m.personalisation.message}`;
      expect(words).toContain('Safe haven');
      expect(words).toContain(`${t.config.publicUrl}/app/services/${org.serviceId}/break-glass-reviews`);
      for (const secret of ['Alex', 'Alexandra', 'Briain', ALEX_NHS, '1990', 'ambulance', 'Dr Ali', alex.personId, alex.planId]) expect(words).not.toContain(secret);
    }
    const notes = await db().selectFrom('notifications').selectAll().where('template', '=', 'break_glass').execute();
    expect(notes.map((n) => n.status)).toEqual(['sent', 'sent']);
  });

  it('each read while it lasts is a view with the grant; after the time limit it is refused; only the person who asked can use it', async () => {
    const url = `/api/v1/services/${org.serviceId}/break-glass/${grantId}`;
    expect((await partnerA.get(url)).statusCode).toBe(200);
    const again = await partnerA.get(url);
    expect(again.statusCode).toBe(200);
    expect((again.json() as PartnerPlanOut).services!.entries[0]!.name).toBe('Riverside Crisis Café');
    expect((await views(alex.planId)).filter((x) => x.grant_id === grantId && x.viewer_kind === 'break_glass')).toHaveLength(3);
    expect((await audits('plan.break_glass_read')).filter((a) => a.entity_id === alex.planId)).toHaveLength(2);

    const colleague = (await t.staff(org, [{ role: 'clinical_partner', serviceId: org.serviceId }])).client;
    expect((await colleague.get(url)).statusCode).toBe(404);
    expect((await partnerB.get(`/api/v1/services/${serviceB}/break-glass/${grantId}`)).statusCode).toBe(404);

    const mine = (await partnerA.get(`/api/v1/services/${org.serviceId}/break-glass`)).json() as BreakGlassGrantsOut;
    expect(mine.grants.map((g) => [g.id, g.active])).toEqual([[grantId, true]]);

    t.clock.advance(t.config.planBreakGlassMs);
    // The clock has moved past the session's idle time too: everyone signs in again.
    partnerA = await signInAgain(partnerAEmail, partnerAId);
    managerA = { ...managerA, client: await signInAgain(managerA.email, managerA.id) };
    orgManager = { ...orgManager, client: await signInAgain(orgManager.email, orgManager.id) };
    managerB = { ...managerB, client: await signInAgain(managerB.email, managerB.id) };
    const ended = await partnerA.get(url);
    expect(ended.statusCode).toBe(403);
    expect((ended.json() as { error: { code: string } }).error.code).toBe('access_ended');
    expect((await views(alex.planId)).filter((x) => x.grant_id === grantId)).toHaveLength(3);
    expect((await audits('plan.break_glass_read', 'denied')).length).toBe(1);
    const after = (await partnerA.get(`/api/v1/services/${org.serviceId}/break-glass`)).json() as BreakGlassGrantsOut;
    expect(after.grants[0]!.active).toBe(false);
  });

  it('managers of the service review it: unreviewed first, with a note, once; others cannot', async () => {
    // A second access, later: listed first while neither is reviewed (newest first).
    const second = await partnerA.post(`/api/v1/services/${org.serviceId}/break-glass`, { nhsNumber: nhsFrom('401023456'), reason: 'Found at the station late at night, asked us to help, cannot remember her plan.' });
    expect(second.statusCode).toBe(201);
    const secondId = (second.json() as BreakGlassOut).grant.id;
    const url = `/api/v1/services/${org.serviceId}/break-glass-reviews`;

    const list = (await managerA.client.get(url)).json() as BreakGlassReviewsOut;
    expect(list.grants.map((g) => g.id)).toEqual([secondId, grantId]);
    expect(list.grants[1]).toMatchObject({ userName: 'Dr Ali Khan', reason: REASON, reads: 3, reviewedAt: null, person: { preferredName: 'Alex' } });

    expect((await managerA.client.post(`${url}/${grantId}`, { note: '' })).statusCode).toBe(400);
    expect((await managerB.client.post(`/api/v1/services/${org.serviceId}/break-glass-reviews/${grantId}`, { note: 'Fine.' })).statusCode).toBe(403);
    expect((await managerB.client.post(`/api/v1/services/${serviceB}/break-glass-reviews/${grantId}`, { note: 'Fine.' })).statusCode).toBe(404);
    expect((await partnerA.post(`${url}/${grantId}`, { note: 'Fine.' })).statusCode).toBe(403);
    expect((await partnerA.get(url)).statusCode).toBe(403);

    const reviewed = await managerA.client.post(`${url}/${grantId}`, { note: 'Talked it through with Dr Khan: the right call.' });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json() as BreakGlassReviewOut).toMatchObject({ id: grantId, reviewedByName: 'Morgan Reed', reviewNote: 'Talked it through with Dr Khan: the right call.', reviewedAt: iso(t.clock.now) });
    const twice = await orgManager.client.post(`${url}/${grantId}`, { note: 'Again.' });
    expect(twice.statusCode).toBe(409);
    expect((twice.json() as { error: { code: string } }).error.code).toBe('already_reviewed');
    const row = (await grants()).find((g) => g.id === grantId)!;
    expect(row).toMatchObject({ reviewed_by: managerA.id, review_note: 'Talked it through with Dr Khan: the right call.' });
    expect((await audits('plan.break_glass_review')).map((a) => a.entity_id)).toEqual([grantId]);

    // Unreviewed first, then the reviewed one.
    const after = (await orgManager.client.get(url)).json() as BreakGlassReviewsOut;
    expect(after.grants.map((g) => [g.id, g.reviewedAt === null])).toEqual([
      [secondId, true],
      [grantId, false],
    ]);
  });

  it('after several failed look-ups in an hour a partner is asked to wait', async () => {
    const made = await t.staff(org, [{ role: 'clinical_partner', serviceId: org.serviceId }]);
    const guesser = made.client;
    const url = `/api/v1/services/${org.serviceId}/break-glass`;
    for (let i = 0; i < 10; i++) expect((await guesser.post(url, { fullName: `Nobody ${i}`, dateOfBirth: '2000-01-01', reason: REASON })).statusCode).toBe(404);
    const stopped = await guesser.post(url, { nhsNumber: ALEX_NHS, reason: REASON });
    expect(stopped.statusCode).toBe(429);
    expect((stopped.json() as { error: { code: string } }).error.code).toBe('too_many_attempts');
    t.clock.advance(3_600_000 + 1000);
    const later = await signInAgain(made.email, made.id);
    expect((await later.post(url, { nhsNumber: ALEX_NHS, reason: REASON })).statusCode).toBe(201);
  });
});

describe.each(ENGINES)('a plan made, agreed, shared and revoked through the plans API, read by a partner, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('the partner sees the shared part, break glass shows in who looked, and revoking stops the next read', async () => {
    const org = await t.organisation('Harbour Safe Haven');
    const crisisTeam = await org.service('Crisis team');
    const peer = await t.staff(org, [{ role: 'peer_worker', serviceId: org.serviceId }], { name: 'Sam Patel' });
    const partner = await t.staff(org, [{ role: 'clinical_partner', serviceId: crisisTeam }], { name: 'Dr Ali' });
    await t.staff(org, [{ role: 'service_manager', serviceId: crisisTeam }]);
    const nhs = nhsFrom('612345678');

    const made = await peer.client.post('/api/v1/people', { preferredName: 'Kit', fullName: 'Kit Morgan', dateOfBirth: '1992-03-04', nhsNumber: nhs });
    expect(made.statusCode).toBe(201);
    const personId = (made.json() as { id: string }).id;
    const base = `/api/v1/people/${personId}/plan`;
    const created = await peer.client.post(base, { content: { whenWell: 'Painting and long walks.', mattersMost: 'My niece.' } });
    expect(created.statusCode, created.body).toBe(201);
    const draft = (created.json() as { plan: { draft: { version: number } } }).plan.draft;
    expect((await peer.client.post(`${base}/versions/1/agree`, { how: 'in_person', version: draft.version })).statusCode).toBe(200);
    const endsOn = new Date(t.clock.now + 30 * DAY).toISOString().slice(0, 10);
    const shared = await peer.client.post(`${base}/shares`, { recipientKind: 'partner_service', recipientName: 'The crisis team', recipientServiceId: crisisTeam, sections: ['mattersMost'], consentHow: 'in_person', endsOn });
    expect(shared.statusCode).toBe(201);
    const shareId = (shared.json() as { id: string }).id;

    const list = (await partner.client.get(`/api/v1/services/${crisisTeam}/shared-plans`)).json() as SharedPlansOut;
    expect(list.plans.map((p) => [p.shareId, p.person.preferredName, p.versionNumber])).toEqual([[shareId, 'Kit', 1]]);
    const read = await partner.client.get(`/api/v1/services/${crisisTeam}/shared-plans/${shareId}`);
    expect(read.statusCode).toBe(200);
    expect((read.json() as PartnerPlanOut).content).toEqual({ mattersMost: 'My niece.' });

    const glass = await partner.client.post(`/api/v1/services/${crisisTeam}/break-glass`, { nhsNumber: nhs, reason: 'Seen in A&E tonight, too unwell to talk, we need to know who helps.' });
    expect(glass.statusCode).toBe(201);
    expect((glass.json() as BreakGlassOut).plan.content.whenWell).toBe('Painting and long walks.');
    expect(t.notify.messages).toHaveLength(1);

    // The person's "who looked" (plans-core's route) shows both, emergency access with its reason.
    const looked = (await peer.client.get(`${base}/views`)).json() as { views: { viewerKind: string; who: string; reason: string | null }[] };
    const kinds = looked.views.map((v) => v.viewerKind);
    expect(kinds).toContain('partner');
    expect(kinds).toContain('break_glass');
    const emergency = looked.views.find((v) => v.viewerKind === 'break_glass')!;
    expect(emergency.who).toContain('Dr Ali');
    expect(emergency.reason).toBe('Seen in A&E tonight, too unwell to talk, we need to know who helps.');

    expect((await peer.client.post(`${base}/shares/${shareId}/revoke`, {})).statusCode).toBe(200);
    const refused = await partner.client.get(`/api/v1/services/${crisisTeam}/shared-plans/${shareId}`);
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as { error: { code: string } }).error.code).toBe('share_ended');
    expect(((await partner.client.get(`/api/v1/services/${crisisTeam}/shared-plans`)).json() as SharedPlansOut).plans).toEqual([]);
  });

  it('odd, huge or hostile bodies to break glass and review are refused in the error shape, never a 5xx, storing nothing', async () => {
    const org = await t.organisation('Fuzz Trust');
    const partner = await t.staff(org, [{ role: 'clinical_partner', serviceId: org.serviceId }]);
    const manager = await t.staff(org, [{ role: 'service_manager', serviceId: org.serviceId }]);
    const db = t.app.deps.db;
    const count = async () => (await db.selectFrom('crisis_plan_break_glass').select('id').execute()).length;
    const before = await count();
    const bodies = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      fc.record({ nhsNumber: fc.string(), fullName: fc.string(), dateOfBirth: fc.string(), reason: fc.string() }, { requiredKeys: [] }),
      fc.constant({ nhsNumber: '9434765919', reason: 'x'.repeat(1_000_000) }),
      fc.constant({ fullName: '<script>alert(1)</script>', dateOfBirth: '1990-02-30', reason: 'A reason long enough but the date is not real.' }),
      fc.constant({ note: 'a'.repeat(5000) }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        for (const [client, url] of [
          [partner.client, `/api/v1/services/${org.serviceId}/break-glass`],
          [manager.client, `/api/v1/services/${org.serviceId}/break-glass-reviews/${org.serviceId}`],
        ] as const) {
          const res = await client.request({ method: 'POST', url, payload: JSON.stringify(body ?? null), headers: { 'content-type': 'application/json' } });
          expect(res.statusCode, `${url} ${JSON.stringify(body)?.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          const error = (res.json() as { error: { code: string; message: string } }).error;
          expect(typeof error.code).toBe('string');
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
    expect(await count()).toBe(before);
    expect(t.notify.messages.filter((m) => m.to === manager.email)).toHaveLength(0);
  }, 60_000);
});
