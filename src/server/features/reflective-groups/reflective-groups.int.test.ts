import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { GroupSessionOut, IdentifierFindingOut } from '../../../shared/reflective-groups.js';

interface Person {
  client: Client;
  id: string;
  email: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Reflective practice groups over HTTP on both engines: who may record and facilitate, who may
 * attend, planned sessions, versioned edits, and notes that look like client identifiers.
 */
describe.each(ENGINES)('reflective groups on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let senior: Person;
  let manager: Person;
  let peer: Person;
  let peer2: Person;
  let teamId: string;
  const PERSON_FULL = 'Zebedee Quillfeather';

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation();
    senior = await t.staff(org, [{ role: 'senior_peer', serviceId: org.serviceId }], { name: 'Sina Senior' });
    manager = await t.staff(org, [{ role: 'service_manager', serviceId: org.serviceId }], { name: 'Mo Manager' });
    peer = await t.staff(org, [{ role: 'peer_worker', serviceId: org.serviceId }], { name: 'Pat Peer' });
    peer2 = await t.staff(org, [{ role: 'peer_worker', serviceId: org.serviceId }], { name: 'Kit Peer' });
    const team = await manager.client.post(`/api/v1/services/${org.serviceId}/teams`, { name: 'Night team' });
    expect(team.statusCode, team.body).toBe(201);
    teamId = team.json().id;
    const person = await peer.client.post('/api/v1/people', { preferredName: 'Zeb', fullName: PERSON_FULL });
    expect(person.statusCode, person.body).toBe(201);
  });
  afterAll(async () => t.close());

  const base = () => `/api/v1/services/${org.serviceId}/reflective-groups`;
  const today = () => day(t.clock.now);
  const body = (extra: Record<string, unknown> = {}) => ({ teamId, facilitatorId: senior.id, heldOn: today(), attendeeIds: [peer.id, peer2.id], themes: 'Holding hope on long nights', learning: 'Ask for a debrief sooner', ...extra });
  const count = async () => (await t.app.deps.db.selectFrom('reflective_group_sessions').select('id').execute()).length;

  it('a senior peer records a session; staff of the service read it; audit holds no notes', async () => {
    const res = await senior.client.post(base(), body());
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json() as GroupSessionOut;
    expect(s).toMatchObject({ teamId, teamName: 'Night team', facilitator: { id: senior.id, name: 'Sina Senior' }, heldOn: today(), planned: false, themes: 'Holding hope on long nights', version: 1, canEdit: true });
    expect(s.attendees.map((a) => a.name)).toEqual(['Kit Peer', 'Pat Peer']);
    const list = await peer.client.get(base());
    expect(list.statusCode).toBe(200);
    expect(list.json().sessions.map((x: GroupSessionOut) => x.id)).toContain(s.id);
    expect((await peer.client.get(`${base()}/${s.id}`)).json()).toMatchObject({ canEdit: false, learning: 'Ask for a debrief sooner' });
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('entity_id', '=', s.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['reflective_group.create']);
    expect(JSON.stringify(audit)).not.toContain('hope');
    const options = await senior.client.get(`${base()}/options`);
    expect(options.json().teams).toEqual([{ id: teamId, name: 'Night team' }]);
    expect(options.json().staff.find((x: { id: string }) => x.id === senior.id)).toMatchObject({ canFacilitate: true });
    expect(options.json().staff.find((x: { id: string }) => x.id === peer.id)).toMatchObject({ canFacilitate: false });
  });

  it('a peer worker cannot record; a non-senior facilitator, a team or attendee from elsewhere are 400s that store nothing', async () => {
    expect((await peer.client.post(base(), body())).statusCode).toBe(403);
    const otherService = await org.service('Elsewhere service');
    const outsider = await t.staff(org, [{ role: 'peer_worker', serviceId: otherService }], { name: 'Out Sider' });
    const otherOrg = await t.organisation('Other organisation');
    const stranger = await otherOrg.user({ roles: [{ role: 'peer_worker' }] });
    const otherTeam = await manager.client.post(`/api/v1/services/${otherService}/teams`, { name: 'Their team' });
    const before = await count();
    const cases = [
      [{ facilitatorId: peer.id }, 'facilitatorId'],
      [{ facilitatorId: stranger.id }, 'facilitatorId'],
      [{ attendeeIds: [peer.id, outsider.id] }, 'attendeeIds'],
      [{ attendeeIds: [stranger.id] }, 'attendeeIds'],
      [{ teamId: otherTeam.statusCode === 201 ? otherTeam.json().id : '0190aaaa-0000-7000-8000-000000000000' }, 'teamId'],
    ] as const;
    for (const [change, field] of cases) {
      const res = await senior.client.post(base(), body(change));
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(Object.keys(res.json().error.fields)).toEqual([field]);
      expect(res.body).not.toContain('Out Sider');
    }
    expect((await senior.client.post(base(), { ...body(), userId: peer.id })).statusCode).toBe(400);
    expect(await count()).toBe(before);
    // Another organisation's staff cannot see this service's sessions.
    const theirs = await t.staff(otherOrg, [{ role: 'senior_peer' }]);
    expect([403, 404]).toContain((await theirs.client.get(base())).statusCode);
  });

  it('a future date is a planned session: no attendance or learning until it has happened', async () => {
    const future = day(t.clock.now + 7 * 86_400_000);
    const refused = await senior.client.post(base(), body({ heldOn: future }));
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json().error.fields).sort()).toEqual(['attendeeIds', 'learning']);
    const planned = await senior.client.post(base(), body({ heldOn: future, attendeeIds: [], learning: null }));
    expect(planned.statusCode, planned.body).toBe(201);
    expect(planned.json()).toMatchObject({ planned: true, attendees: [] });
    expect((await senior.client.post(base(), body({ heldOn: '2026-02-30' }))).statusCode).toBe(400);
  });

  it('notes with a phone number or a name from the records are refused with where and what (only as typed) until confirmed; an NHS number never', async () => {
    const before = await count();
    const phone = await senior.client.post(base(), body({ themes: 'Someone rang from 07700 900123 twice' }));
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.code).toBe('identifiers_found');
    expect(phone.json().error.fields.themes).toContain('‘07700 900123’ looks like a phone number');
    expect(phone.json().error.findings).toEqual([{ field: 'themes', kind: 'phone', text: '07700 900123', start: 18, end: 30 }] satisfies IdentifierFindingOut[]);
    expect(phone.json().error.canConfirm).toBe(true);

    const name = await senior.client.post(base(), body({ learning: 'We thought about how quillfeather zebedee was doing' }));
    expect(name.statusCode).toBe(400);
    expect(name.json().error.fields.learning).toContain('‘quillfeather zebedee’ looks like someone’s name');
    // Nothing from the person's record comes back (not the preferred name, not the full name as stored).
    expect(name.body).not.toContain('Zeb');
    expect(name.body).not.toContain(PERSON_FULL);

    const single = await senior.client.post(base(), body({ learning: 'Quillfeather came up again' }));
    expect(single.statusCode).toBe(400);
    expect(single.json().error.findings.map((f: IdentifierFindingOut) => f.kind)).toEqual(['name']);

    const ordinary = await senior.client.post(base(), body({ themes: 'Sam and May talked about hope', attendeeIds: [] }));
    expect(ordinary.statusCode, ordinary.body).toBe(201);

    const nhs = await senior.client.post(base(), body({ themes: 'ref 943 476 5919', confirmNoIdentifiers: true }));
    expect(nhs.statusCode).toBe(400);
    expect(nhs.json().error.canConfirm).toBe(false);
    expect(nhs.json().error.fields.themes).toContain('looks like an NHS number');
    expect(await count()).toBe(before + 1);

    const confirmed = await senior.client.post(base(), body({ themes: 'The switchboard number 07700 900123 was down', confirmNoIdentifiers: true }));
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const audit = await t.app.deps.db.selectFrom('audit_events').select('details').where('entity_id', '=', confirmed.json().id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details ?? '{}')).toMatchObject({ confirmedNoIdentifiers: true });
    expect(audit.details).not.toContain('07700');
  });

  it('the facilitator or a manager edits (versioned); others cannot', async () => {
    const created = (await senior.client.post(base(), body())).json() as GroupSessionOut;
    const edit = await senior.client.patch(`${base()}/${created.id}`, { ...body({ learning: 'Take breaks between calls' }), version: 1 });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ learning: 'Take breaks between calls', version: 2 });
    const stale = await manager.client.patch(`${base()}/${created.id}`, { ...body(), version: 1 });
    expect(stale.statusCode).toBe(409);
    const byManager = await manager.client.patch(`${base()}/${created.id}`, { ...body({ attendeeIds: [peer.id] }), version: 2 });
    expect(byManager.statusCode, byManager.body).toBe(200);
    expect(byManager.json().attendees.map((a: { id: string }) => a.id)).toEqual([peer.id]);
    const otherSenior = await t.staff(org, [{ role: 'senior_peer', serviceId: org.serviceId }], { name: 'Other Senior' });
    expect((await otherSenior.client.patch(`${base()}/${created.id}`, { ...body(), version: 3 })).statusCode).toBe(403);
    const withPhone = await senior.client.patch(`${base()}/${created.id}`, { ...body({ themes: 'call +44 7700 900123' }), version: 3 });
    expect(withPhone.statusCode).toBe(400);
    expect((await senior.client.get(`${base()}/${created.id}`)).json()).toMatchObject({ version: 3, themes: 'Holding hope on long nights' });
  });
});
