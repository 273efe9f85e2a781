import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { newId, nowIso } from '../../db/values.js';
import type { CheckinOut, CheckinReply, SharedWithMeItem } from '../../../shared/wellbeing.js';

interface Person {
  client: Client;
  id: string;
  email: string;
}

const hour = (n: number) => n * 3_600_000;
const WORDS = 'Quietly rattled after the 2am call';
const PLAN_WORDS = 'A walk round the block between calls';

/**
 * Staff wellbeing over HTTP on both engines: check-ins and check-outs, the gentle second
 * question after a hard shift (once a shift, never nagging), the wellbeing plan with versions,
 * sharing with one named colleague (and refusing anyone else), and privacy: a manager, lead,
 * administrator or colleague reads nothing that was not shared with them by name.
 */
describe.each(ENGINES)('staff wellbeing on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let worker: Person;
  let lead: Person;
  let manager: Person;
  let admin: Person;
  let colleague: Person;
  let senior: Person;
  let otherServiceLead: Person;

  beforeAll(async () => {
    t = await createTestApp(engine, { sessionIdleMs: 30 * 24 * 3_600_000, sessionAbsoluteMs: 30 * 24 * 3_600_000 });
    org = await t.organisation();
    const elsewhere = await org.service('Another haven');
    worker = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Wren Worker' });
    lead = await t.staff(org, [{ role: 'shift_lead' }], { name: 'Lee Lead' });
    manager = await t.staff(org, [{ role: 'service_manager' }], { name: 'Mo Manager' });
    admin = await t.staff(org, [{ role: 'org_admin', serviceId: null }], { name: 'Ada Admin' });
    colleague = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Col League' });
    senior = await t.staff(org, [{ role: 'senior_peer' }], { name: 'Sen Peer' });
    otherServiceLead = await t.staff(org, [{ role: 'shift_lead', serviceId: elsewhere }], { name: 'Far Lead' });
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;
  const post = async (who: Person, body: Record<string, unknown>) => {
    const res = await who.client.post('/api/v1/me/checkins', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CheckinReply;
  };
  const audits = (entityId: string) => db().selectFrom('audit_events').select(['action', 'actor_user_id', 'details']).where('entity_id', '=', entityId).orderBy('seq').execute();
  const raiseEscalation = async (who: Person) => {
    const person = await who.client.post('/api/v1/people', { preferredName: 'Ezra Someone' });
    expect(person.statusCode).toBe(201);
    const res = await who.client.post(`/api/v1/services/${org.serviceId}/escalations`, { concern: 'Worried about safety tonight', personId: person.json().id });
    expect(res.statusCode, res.body).toBe(201);
  };

  it('records a check-in and check-out in a few fields, audited without the words; refuses an empty one and unknown fields', async () => {
    const sam = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Sam Quick' });
    const first = await post(sam, { kind: 'check_in', scale: 4, serviceId: org.serviceId });
    expect(first).toMatchObject({ checkin: { kind: 'check_in', scale: 4, scaleLabel: 'Doing OK', words: null, hardShift: false, serviceId: org.serviceId, serviceName: 'Safe haven', askedAgain: false, shares: [] }, askAgain: null });
    const out = await post(sam, { kind: 'check_out', words: WORDS });
    expect(out.checkin).toMatchObject({ kind: 'check_out', scale: null, words: WORDS });
    const audit = await audits(out.checkin.id);
    expect(audit.map((a) => a.action)).toEqual(['wellbeing.checkin']);
    expect(audit[0]!.details).not.toContain('rattled');
    expect(JSON.parse(audit[0]!.details ?? '{}')).toMatchObject({ kind: 'check_out', fields: ['words'], askedAgain: false });

    const before = (await db().selectFrom('wellbeing_checkins').select('id').execute()).length;
    for (const [body, field] of [
      [{ kind: 'check_out' }, 'scale'],
      [{ kind: 'check_out', words: '   ' }, 'scale'],
      [{ kind: 'check_out', scale: 6 }, 'scale'],
      [{ kind: 'check_out', scale: 3, userId: worker.id }, null],
      [{ kind: 'later', scale: 3 }, 'kind'],
      [{ kind: 'check_out', scale: 3, serviceId: newId() }, 'serviceId'],
      [{ kind: 'check_out', scale: 3, followsUpId: first.checkin.id }, 'followsUpId'],
    ] as const) {
      const res = await sam.client.post('/api/v1/me/checkins', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(Object.keys(res.json().error.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect((await db().selectFrom('wellbeing_checkins').select('id').execute()).length).toBe(before);

    const list = await sam.client.get('/api/v1/me/checkins?limit=1');
    expect(list.json().checkins.map((c: CheckinOut) => c.id)).toEqual([out.checkin.id]);
    const next = await sam.client.get(`/api/v1/me/checkins?limit=1&before=${list.json().nextBefore}`);
    expect(next.json()).toMatchObject({ checkins: [{ id: first.checkin.id }], nextBefore: null });

    const del = await sam.client.delete(`/api/v1/me/checkins/${first.checkin.id}`);
    expect(del.statusCode).toBe(204);
    expect((await sam.client.get('/api/v1/me/checkins')).json().checkins.map((c: CheckinOut) => c.id)).toEqual([out.checkin.id]);
    expect((await audits(first.checkin.id)).map((a) => a.action)).toEqual(['wellbeing.checkin', 'wellbeing.checkin_delete']);
  });

  it('after an escalation in the shift, a "fine" check-out is asked about once; the answer is never asked again, nor a second check-out', async () => {
    const pat = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Pat Hard' });
    await post(pat, { kind: 'check_in', scale: 4 });
    t.clock.advance(hour(1));
    // Not a hard shift yet: "fine" is simply thanked.
    expect((await post(pat, { kind: 'check_out', words: 'fine' })).askAgain).toBeNull();
    await raiseEscalation(pat);
    t.clock.advance(hour(2));
    const out = await post(pat, { kind: 'check_out', scale: 5, words: "Yeah I'm fine thanks" });
    expect(out.askAgain).toMatchObject({ followsUpId: out.checkin.id });
    expect(out.askAgain!.prompt).toMatch(/really/);
    expect(out.checkin.askedAgain).toBe(true);
    const answer = await post(pat, { kind: 'check_out', words: 'Honestly a bit shaken', followsUpId: out.checkin.id });
    expect(answer).toMatchObject({ checkin: { followsUpId: out.checkin.id, kind: 'check_out' }, askAgain: null });
    expect((await audits(answer.checkin.id)).map((a) => a.action)).toEqual(['wellbeing.checkin_follow_up']);
    // Answering twice is refused; a second "fine" check-out the same shift is not asked again.
    const twice = await pat.client.post('/api/v1/me/checkins', { kind: 'check_out', scale: 4, followsUpId: out.checkin.id });
    expect(twice.statusCode).toBe(409);
    expect((await post(pat, { kind: 'check_out', words: 'all good' })).askAgain).toBeNull();
    // Never after a check-in, even a "fine" one after a hard shift.
    expect((await post(pat, { kind: 'check_in', scale: 5, hardShift: true })).askAgain).toBeNull();
  });

  it('asks after the worker’s own hard-shift flag or a lone-working alarm, not when the answer says things are hard', async () => {
    const kit = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Kit Flag' });
    await post(kit, { kind: 'check_in', scale: 3 });
    expect((await post(kit, { kind: 'check_out', scale: 2, hardShift: true })).askAgain).toBeNull();
    expect((await post(kit, { kind: 'check_out', scale: 4, hardShift: true })).askAgain).not.toBeNull();

    const lou = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Lou Alarm' });
    await post(lou, { kind: 'check_in', scale: 4 });
    const res = await lou.client.post(`/api/v1/services/${org.serviceId}/help-now`, {});
    expect(res.statusCode, res.body).toBe(200);
    t.clock.advance(hour(1));
    expect((await post(lou, { kind: 'check_out', words: 'OK 👍' })).askAgain).not.toBeNull();

    // A debrief offered in this shift counts too; one from yesterday does not.
    const dee = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Dee Debrief' });
    const offer = (at: number) =>
      db().insertInto('debrief_offers').values({ id: newId(), organisation_id: org.id, service_id: org.serviceId, user_id: dee.id, source_type: 'escalation', source_id: newId(), status: 'offered', offered_at: new Date(at).toISOString(), updated_at: nowIso(() => at), requested_by: null, peer_supporter_id: null, accepted_at: null, declined_at: null, closed_at: null }).execute();
    await offer(t.clock.now - hour(20));
    expect((await post(dee, { kind: 'check_out', scale: 5 })).askAgain).toBeNull();
    await offer(t.clock.now - hour(1));
    expect((await post(dee, { kind: 'check_out', scale: 5 })).askAgain).not.toBeNull();
  });

  it('keeps a wellbeing plan with versions: a stale save is a 409 with both versions', async () => {
    const empty = await worker.client.get('/api/v1/me/wellbeing-plan');
    expect(empty.json()).toMatchObject({ id: null, version: 0, sections: { keepsMeWell: '' } });
    const saved = await worker.client.put('/api/v1/me/wellbeing-plan', { version: 0, sections: { keepsMeWell: PLAN_WORDS, earlySigns: 'I go quiet' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, sections: { keepsMeWell: PLAN_WORDS, earlySigns: 'I go quiet', adjustments: '' } });
    const planId = saved.json().id as string;
    const again = await worker.client.put('/api/v1/me/wellbeing-plan', { version: 1, sections: { keepsMeWell: PLAN_WORDS, earlySigns: 'I go quiet', adjustments: 'Later starts' } });
    expect(again.json().version).toBe(2);
    const stale = await worker.client.put('/api/v1/me/wellbeing-plan', { version: 1, sections: { keepsMeWell: 'Something else' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { version: 2, sections: { adjustments: 'Later starts' } }, submitted: { version: 1 } });
    const bad = await worker.client.put('/api/v1/me/wellbeing-plan', { version: 2, sections: { secretNotes: 'x' } });
    expect(bad.statusCode).toBe(400);
    const audit = await audits(planId);
    expect(audit.map((a) => a.action)).toEqual(['wellbeing.plan_create', 'wellbeing.plan_update']);
    expect(JSON.parse(audit[1]!.details ?? '{}')).toEqual({ fields: ['adjustments'], version: 2 });
    expect(audit.map((a) => a.details).join(' ')).not.toContain('walk');
  });

  it('privacy: a manager, lead, administrator and colleague read none of a worker’s entries or plan unless shared; after sharing only the named colleague does, until revoked', async () => {
    const entry = (await post(worker, { kind: 'check_out', words: WORDS, hardShift: true })).checkin;
    const others = [manager, lead, admin, colleague, senior];
    for (const who of others) {
      const mine = await who.client.get('/api/v1/me/checkins');
      expect(mine.statusCode).toBe(200);
      expect(mine.body).not.toContain(WORDS);
      expect(mine.json().checkins.map((c: CheckinOut) => c.id)).not.toContain(entry.id);
      expect((await who.client.get('/api/v1/me/wellbeing-plan')).body).not.toContain(PLAN_WORDS);
      expect((await who.client.get('/api/v1/me/shared-with-me')).json().items).toEqual([]);
      // Someone else's entry answers 404, whatever they try.
      expect((await who.client.delete(`/api/v1/me/checkins/${entry.id}`)).statusCode).toBe(404);
      expect((await who.client.post(`/api/v1/me/checkins/${entry.id}/shares`, { sharedWithUserId: who.id })).statusCode).toBe(404);
      const audit = await db().selectFrom('audit_events').select('details').where('actor_user_id', '=', who.id).execute();
      expect(audit.map((a) => a.details ?? '').join(' ')).not.toContain(WORDS);
    }

    // Who may be shared with: the lead, manager and senior peer of the worker's service; not a peer colleague, another service's lead, or themselves.
    const candidates = (await worker.client.get('/api/v1/me/share-candidates')).json().candidates as { userId: string; reasons: string[] }[];
    expect(candidates.map((c) => c.userId).sort()).toEqual([lead.id, manager.id, senior.id].sort());
    expect(candidates.find((c) => c.userId === lead.id)!.reasons).toEqual(['Shift lead at Safe haven']);

    const disabled = await org.user({ roles: [{ role: 'shift_lead' }], name: 'Gone Lead', disabled: true });
    const stranger = await (await t.organisation('Elsewhere')).user({ roles: [{ role: 'shift_lead' }] });
    const sharesBefore = (await db().selectFrom('wellbeing_shares').select('id').execute()).length;
    for (const target of [colleague.id, otherServiceLead.id, worker.id, disabled.id, stranger.id, newId()]) {
      const res = await worker.client.post(`/api/v1/me/checkins/${entry.id}/shares`, { sharedWithUserId: target });
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json().error.fields)).toEqual(['sharedWithUserId']);
      expect(res.body).not.toContain(WORDS);
    }
    expect((await db().selectFrom('wellbeing_shares').select('id').execute()).length).toBe(sharesBefore);

    const shared = await worker.client.post(`/api/v1/me/checkins/${entry.id}/shares`, { sharedWithUserId: lead.id });
    expect(shared.statusCode, shared.body).toBe(201);
    const shareId = shared.json().share.id as string;
    expect(shared.json().share).toMatchObject({ sharedWithUserId: lead.id, sharedWithName: 'Lee Lead', serviceId: org.serviceId });
    const planShare = await worker.client.post('/api/v1/me/wellbeing-plan/shares', { sharedWithUserId: manager.id });
    expect(planShare.statusCode).toBe(201);
    const row = await db().selectFrom('wellbeing_shares').selectAll().where('id', '=', shareId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_user_id: worker.id, subject_type: 'checkin', subject_id: entry.id, shared_with_user_id: lead.id, service_id: org.serviceId, revoked_at: null });
    expect((await worker.client.get('/api/v1/me/checkins')).json().checkins.find((c: CheckinOut) => c.id === entry.id).shares.map((s: { id: string }) => s.id)).toEqual([shareId]);

    // The lead sees it, and reading it is audited with ids only.
    const list = (await lead.client.get('/api/v1/me/shared-with-me')).json().items as SharedWithMeItem[];
    expect(list).toEqual([{ shareId, subjectType: 'checkin', ownerUserId: worker.id, ownerName: 'Wren Worker', sharedAt: expect.any(String) }]);
    const read = await lead.client.get(`/api/v1/me/shared-with-me/${shareId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ checkin: { id: entry.id, words: WORDS, shares: [] }, plan: null });
    const readAudit = await audits(shareId);
    expect(readAudit.map((a) => a.action)).toEqual(['wellbeing.share', 'wellbeing.shared_read']);
    expect(readAudit[1]).toMatchObject({ actor_user_id: lead.id });
    expect(JSON.parse(readAudit[1]!.details ?? '{}')).toEqual({ subjectType: 'checkin', subjectId: entry.id, ownerUserId: worker.id });

    // The manager has the plan only; nobody else has anything.
    const managerItems = (await manager.client.get('/api/v1/me/shared-with-me')).json().items as SharedWithMeItem[];
    expect(managerItems.map((i) => i.subjectType)).toEqual(['plan']);
    const plan = await manager.client.get(`/api/v1/me/shared-with-me/${managerItems[0]!.shareId}`);
    expect(plan.json().plan.sections.keepsMeWell).toBe(PLAN_WORDS);
    expect((await manager.client.get(`/api/v1/me/shared-with-me/${shareId}`)).statusCode).toBe(404);
    for (const who of [admin, colleague, senior]) {
      expect((await who.client.get('/api/v1/me/shared-with-me')).json().items).toEqual([]);
      expect((await who.client.get(`/api/v1/me/shared-with-me/${shareId}`)).statusCode).toBe(404);
    }
    // Only the owner can stop sharing; then it is gone at once.
    expect((await lead.client.delete(`/api/v1/me/wellbeing-shares/${shareId}`)).statusCode).toBe(404);
    expect((await worker.client.delete(`/api/v1/me/wellbeing-shares/${shareId}`)).statusCode).toBe(204);
    expect((await lead.client.get(`/api/v1/me/shared-with-me/${shareId}`)).statusCode).toBe(404);
    expect((await lead.client.get('/api/v1/me/shared-with-me')).json().items).toEqual([]);
    expect((await audits(shareId)).map((a) => a.action)).toEqual(['wellbeing.share', 'wellbeing.shared_read', 'wellbeing.share_revoke']);
  });

  it('a supervisor named in the worker’s supervision rhythm may be shared with, even from another service', async () => {
    const now = nowIso(() => t.clock.now);
    await db().insertInto('supervision_rhythms').values({ id: newId(), organisation_id: org.id, service_id: org.serviceId, user_id: worker.id, layer: 'peer', every_days: 28, supervisor_id: otherServiceLead.id, supervisor_name: null, created_at: now, updated_at: now, version: 1 }).execute();
    const candidates = (await worker.client.get('/api/v1/me/share-candidates')).json().candidates as { userId: string; reasons: string[] }[];
    expect(candidates.find((c) => c.userId === otherServiceLead.id)?.reasons).toEqual(['Your peer supervisor']);
    const res = await worker.client.post('/api/v1/me/wellbeing-plan/shares', { sharedWithUserId: otherServiceLead.id });
    expect(res.statusCode).toBe(201);
  });

  it('a share is re-checked on every read: a colleague who leaves the service, or stops being the supervisor, reads nothing more', async () => {
    const now = nowIso(() => t.clock.now);
    const farAway = await org.service('Far away');
    // Both keep a place in the organisation (so they can still sign in and use wellbeing): only the share's grounds go.
    const movingLead = await t.staff(org, [{ role: 'shift_lead' }, { role: 'peer_worker', serviceId: farAway }], { name: 'Mover Lead' });
    const formerSupervisor = await t.staff(org, [{ role: 'peer_worker', serviceId: farAway }], { name: 'Former Supervisor' });
    const rhythmId = newId();
    await db().insertInto('supervision_rhythms').values({ id: rhythmId, organisation_id: org.id, service_id: org.serviceId, user_id: worker.id, layer: 'clinical', every_days: 28, supervisor_id: formerSupervisor.id, supervisor_name: null, created_at: now, updated_at: now, version: 1 }).execute();
    const entry = (await post(worker, { kind: 'check_in', words: 'Re-check me' })).checkin;
    const toLead = (await worker.client.post(`/api/v1/me/checkins/${entry.id}/shares`, { sharedWithUserId: movingLead.id })).json().share.id as string;
    const toSupervisor = (await worker.client.post(`/api/v1/me/checkins/${entry.id}/shares`, { sharedWithUserId: formerSupervisor.id })).json().share.id as string;
    expect((await movingLead.client.get(`/api/v1/me/shared-with-me/${toLead}`)).statusCode).toBe(200);
    expect((await formerSupervisor.client.get(`/api/v1/me/shared-with-me/${toSupervisor}`)).statusCode).toBe(200);

    await db().deleteFrom('memberships').where('user_id', '=', movingLead.id).where('service_id', '=', org.serviceId).execute();
    await db().deleteFrom('supervision_rhythms').where('id', '=', rhythmId).execute();
    t.clock.advance(5_000); // past the one-second session cache, so the lead's new memberships are read
    expect((await movingLead.client.get(`/api/v1/me/shared-with-me/${toLead}`)).statusCode).toBe(404);
    expect((await movingLead.client.get('/api/v1/me/shared-with-me')).json().items).toEqual([]);
    expect((await formerSupervisor.client.get(`/api/v1/me/shared-with-me/${toSupervisor}`)).statusCode).toBe(404);
    expect((await formerSupervisor.client.get('/api/v1/me/shared-with-me')).body).not.toContain('Re-check me');
  });

  it('a crisis responder in a staff peer support service uses wellbeing and nothing else', async () => {
    const staffService = await org.service('Staff peer support');
    await db().updateTable('services').set({ type: 'staff_peer_support' }).where('id', '=', staffService).execute();
    // An administrator gives the role in a staff peer support service, and only there.
    const invite = (serviceId: string, email: string) => admin.client.post('/api/v1/users', { email, displayName: 'Ray Police', memberships: [{ role: 'crisis_responder', serviceId }] });
    const refused = await invite(org.serviceId, 'ray.one@example.org');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual({ 'memberships.0.serviceId': expect.stringContaining('peer support service for crisis staff') });
    expect(await db().selectFrom('users').select('id').where('email', '=', 'ray.one@example.org').executeTakeFirst()).toBeUndefined();
    const invited = await invite(staffService, 'ray.two@example.org');
    expect(invited.statusCode, invited.body).toBe(201);
    const responder = await t.staff(org, [{ role: 'crisis_responder', serviceId: staffService }], { name: 'Rae Responder' });
    const supporter = await t.staff(org, [{ role: 'senior_peer', serviceId: staffService }], { name: 'Sol Supporter' });
    const person = await worker.client.post('/api/v1/people', { preferredName: 'Ira Private' });
    for (const url of ['/api/v1/people?q=Ira', `/api/v1/people/${person.json().id}`, `/api/v1/services/${staffService}/board`, `/api/v1/people/${person.json().id}/plan`, `/api/v1/services/${staffService}/escalations`, '/api/v1/users', '/api/v1/directory']) {
      const res = await responder.client.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('Ira');
    }
    expect((await responder.client.post('/api/v1/people', { preferredName: 'Someone' })).statusCode).toBe(403);
    const session = await responder.client.get('/api/v1/auth/session');
    expect(session.statusCode).toBe(200);
    const out = await post(responder, { kind: 'check_out', scale: 4, hardShift: true });
    expect(out.askAgain).not.toBeNull();
    const candidates = (await responder.client.get('/api/v1/me/share-candidates')).json().candidates as { userId: string }[];
    expect(candidates.map((c) => c.userId)).toEqual([supporter.id]);
    const shared = await responder.client.post(`/api/v1/me/checkins/${out.checkin.id}/shares`, { sharedWithUserId: supporter.id });
    expect(shared.statusCode).toBe(201);
    expect((await supporter.client.get('/api/v1/me/shared-with-me')).json().items).toHaveLength(1);
    expect((await responder.client.put('/api/v1/me/wellbeing-plan', { version: 0, sections: { keepsMeWell: 'Talking it through' } })).statusCode).toBe(200);
  });
});
