import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { Role } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { defaultLadder, type LadderStep } from '../../../shared/escalations.js';
import { alwaysOpen } from '../../../shared/opening-hours.js';

/**
 * Escalations over HTTP on both engines: ladders, raising, the ladder moving on by itself
 * (clock moved, due jobs run), the last step repeating until someone picks it up, a restart in
 * the middle of a countdown, attempts, acknowledgement, outcome and closing with debriefs,
 * views side by side, the report, and shift handover.
 */
describe.each(ENGINES)('escalations API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;
  const minutes = (n: number) => n * 60_000;
  const runDue = () => t.app.deps.jobs.runDue();
  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[], name?: string) => t.staff(org, roles, name ? { name } : {});

  /** A person supported, with a name that must never appear in a message. */
  async function person(orgId: string, preferredName = 'Marigold'): Promise<string> {
    const id = newId();
    const now = nowIso(() => t.clock.now);
    await db()
      .insertInto('people')
      .values({ id, organisation_id: orgId, preferred_name: preferredName, full_name: `${preferredName} Quince`, equality: '{}', name_key: preferredName.toLowerCase(), name_phonetic: preferredName.toUpperCase(), created_at: now, updated_at: now, version: 1 })
      .execute();
    return id;
  }

  async function contact(orgId: string, serviceId: string, personId: string): Promise<string> {
    const id = newId();
    const now = nowIso(() => t.clock.now);
    await db()
      .insertInto('contacts')
      .values({ id, organisation_id: orgId, service_id: serviceId, person_id: personId, display_label: null, kind: 'walk_in', referral_source: 'self', referral_other: null, arrived_at: now, first_seen_at: null, left_at: null, worker_user_id: null, reason: null, what_helped: null, outcome: null, outcome_detail: null, signposted_to: '[]', otherwise_would_have: null, carers_present: 0, carers_note: null, under16: 0, created_by: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    return id;
  }

  /** A partner service's duty line in the organisation's directory. */
  async function directoryEntry(orgId: string, name = 'Crisis team duty line', phone = '0300 555 0199', email?: string): Promise<string> {
    const id = newId();
    const now = nowIso(() => t.clock.now);
    const document = JSON.stringify({ id, name, status: 'active', ...(email ? { email } : {}), organization: { id: newId(), name: 'NHS Trust' }, contacts: [{ id: newId(), phones: [{ id: newId(), number: phone, description: 'Duty manager' }] }] });
    await db().insertInto('directory_entries').values({ id, organisation_id: orgId, service_id: null, name, status: 'active', taxonomy: '[]', min_age: null, max_age: null, document, last_checked_at: now, last_checked_by: null, created_at: now, updated_at: now, version: 1 }).execute();
    return id;
  }

  const audits = (action: string, entityId?: string) => {
    let q = db().selectFrom('audit_events').selectAll().where('action', '=', action);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return q.execute();
  };
  const alertsOf = (escalationId: string) => db().selectFrom('alerts').selectAll().where('source_type', '=', 'escalation').where('source_id', '=', escalationId).orderBy('raised_at').orderBy('id').execute();
  const escalationRow = (id: string) => db().selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const count = async (table: 'escalations' | 'escalation_ladders' | 'escalation_attempts' | 'escalation_views' | 'shift_handovers') => (await db().selectFrom(table).select('id').execute()).length;

  interface Setup {
    org: TestOrg;
    base: string;
    manager: { client: Client; id: string };
    lead: { client: Client; id: string };
    peer: { client: Client; id: string };
    partner: { client: Client; id: string };
    personId: string;
    contactId: string;
  }
  async function setup(steps?: LadderStep[]): Promise<Setup> {
    const org = await t.organisation();
    const manager = await as(org, [{ role: 'service_manager' }], 'Mo Manager');
    const lead = await as(org, [{ role: 'shift_lead' }], 'Lee Lead');
    const peer = await as(org, [{ role: 'peer_worker' }], 'Pat Peer');
    const partner = await as(org, [{ role: 'clinical_partner' }], 'Cal Clinician');
    const personId = await person(org.id);
    const contactId = await contact(org.id, org.serviceId, personId);
    const base = `/api/v1/services/${org.serviceId}`;
    if (steps) {
      const saved = await manager.client.put(`${base}/escalation-ladder`, { steps, version: 0 });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    return { org, base, manager, lead, peer, partner, personId, contactId };
  }

  const raise = async (s: Setup, body: Record<string, unknown> = { concern: 'I am worried they are not safe tonight', contactId: s.contactId }) => {
    const res = await s.peer.client.post(`${s.base}/escalations`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number; stepIndex: number; steps: { status: string; contacts: { name: string; phones: { number: string }[] }[] }[] };
  };

  // ---- ladders ---------------------------------------------------------------------------

  it('a service without a ladder shows the default, with the people each role reaches; a manager saves their own (version 0 over the default, then 409 on a stale one)', async () => {
    const s = await setup();
    const first = await s.peer.client.get(`${s.base}/escalation-ladder`);
    expect(first.statusCode).toBe(200);
    const ladder = first.json() as { isDefault: boolean; version: number; steps: { label: string; whoLabel: string; contacts: { name: string }[] }[] };
    expect(ladder).toMatchObject({ isDefault: true, version: 0 });
    expect(ladder.steps.map((st) => st.label)).toEqual(defaultLadder().map((st) => st.label));
    expect(ladder.steps[0]!.contacts.map((c) => c.name)).toEqual(['Lee Lead']);
    expect(ladder.steps[1]!.contacts.map((c) => c.name)).toEqual(['Cal Clinician']);
    expect(await db().selectFrom('escalation_ladders').select('id').where('service_id', '=', s.org.serviceId).execute()).toHaveLength(0);

    const entryId = await directoryEntry(s.org.id);
    const steps: LadderStep[] = [
      { label: 'Call the crisis team duty line', action: 'phone', who: { kind: 'directory', directoryEntryId: entryId }, windowMinutes: 10 },
      { label: 'Call the service manager', action: 'phone', who: { kind: 'user', userId: s.manager.id }, windowMinutes: 5, phone: '07700 900123' },
      { label: 'Call 999', action: 'call_999', who: { kind: 'none' }, windowMinutes: 5 },
    ];
    const saved = await s.manager.client.put(`${s.base}/escalation-ladder`, { steps, version: 0 });
    expect(saved.statusCode, saved.body).toBe(200);
    const body = saved.json() as { isDefault: boolean; version: number; steps: { contacts: { name: string; phones: { number: string }[] }[]; phone: string | null; whoLabel: string }[] };
    expect(body).toMatchObject({ isDefault: false, version: 1 });
    expect(body.steps[0]!.contacts).toEqual([expect.objectContaining({ kind: 'directory', name: 'Crisis team duty line', phones: [{ number: '0300 555 0199', label: 'Duty manager' }] })]);
    expect(body.steps[1]).toMatchObject({ phone: '07700 900123', whoLabel: 'Mo Manager' });
    expect(body.steps[2]).toMatchObject({ whoLabel: 'Emergency services', contacts: [] });
    const audit = await audits('ladder.update', s.org.serviceId);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toEqual({ steps: 3, version: 1 });

    // Someone else saved first: 409 with the current ladder beside what was sent.
    const stale = await s.manager.client.put(`${s.base}/escalation-ladder`, { steps: defaultLadder(), version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'stale_version', current: { version: 1 } } });
    expect((await s.manager.client.put(`${s.base}/escalation-ladder`, { steps: defaultLadder(), version: 1 })).json()).toMatchObject({ version: 2, isDefault: false });

    // Peers and shift leads read it but do not change it.
    expect((await s.peer.client.put(`${s.base}/escalation-ladder`, { steps, version: 2 })).statusCode).toBe(403);
    expect((await s.lead.client.put(`${s.base}/escalation-ladder`, { steps, version: 2 })).statusCode).toBe(403);
    expect((await s.partner.client.get(`${s.base}/escalation-ladder`)).statusCode).toBe(200);
  });

  it('refuses ladders with no steps, loops, zero or negative windows and responders from another organisation, storing nothing', async () => {
    const s = await setup();
    const other = await t.organisation('Elsewhere');
    const stranger = await other.user({ roles: [{ role: 'service_manager' }] });
    const strangersEntry = await directoryEntry(other.id, 'Their duty line');
    const ok: LadderStep = { label: 'Call the shift lead', action: 'phone', who: { kind: 'role', role: 'shift_lead' }, windowMinutes: 10 };
    const cases: [unknown, string][] = [
      [[], 'steps'],
      [[ok, { ...ok }], 'steps.1'],
      [[{ ...ok, windowMinutes: 0 }], 'steps.0.windowMinutes'],
      [[{ ...ok, windowMinutes: -5 }], 'steps.0.windowMinutes'],
      [[{ ...ok, windowMinutes: 2.5 }], 'steps.0.windowMinutes'],
      [[{ ...ok, who: { kind: 'user', userId: stranger.id } }], 'steps.0.who.userId'],
      [[ok, { ...ok, label: 'Call their line', who: { kind: 'directory', directoryEntryId: strangersEntry } }], 'steps.1.who.directoryEntryId'],
      [[{ ...ok, action: 'email', who: { kind: 'none' } }], 'steps.0.who'],
      [[{ ...ok, next: 0 }], 'steps.0.next'],
    ];
    for (const [steps, field] of cases) {
      const res = await s.manager.client.put(`${s.base}/escalation-ladder`, { steps, version: 0 });
      expect(res.statusCode, JSON.stringify(steps)).toBe(400);
      const error = (res.json() as { error: { code: string; fields: Record<string, string> } }).error;
      expect(error.code).toBe('invalid_input');
      expect(Object.keys(error.fields), JSON.stringify(error.fields)).toContain(field);
    }
    expect(await db().selectFrom('escalation_ladders').select('id').where('service_id', '=', s.org.serviceId).execute()).toHaveLength(0);
    expect(await audits('ladder.update', s.org.serviceId)).toHaveLength(0);
  });

  it('a new service starts with the default ladder saved', async () => {
    const org = await t.organisation();
    const admin = await as(org, [{ role: 'org_admin', serviceId: null }]);
    const res = await admin.client.post('/api/v1/services', { name: 'Night haven', slug: `night-${newId().slice(-6)}`, type: 'safe_haven', area: 'Testshire', openingHours: alwaysOpen() });
    expect(res.statusCode, res.body).toBe(201);
    const serviceId = (res.json() as { id: string }).id;
    const row = await db().selectFrom('escalation_ladders').selectAll().where('service_id', '=', serviceId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.steps)).toEqual(defaultLadder());
    expect((await admin.client.get(`/api/v1/services/${serviceId}/escalation-ladder`)).json()).toMatchObject({ isDefault: false, version: 1 });
  });

  // ---- raising ----------------------------------------------------------------------------

  it('raises from a contact: the ladder with numbers to call, an alert to the shift lead and manager by email with no name of the person supported', async () => {
    const s = await setup();
    t.notify.messages.length = 0;
    const raised = await raise(s);
    expect(raised.stepIndex).toBe(0);
    expect(raised.steps.map((st) => st.status)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(raised).toMatchObject({ status: 'open', personId: s.personId, contactId: s.contactId, personName: 'Marigold', raisedBy: { userId: s.peer.id, name: 'Pat Peer' }, concern: 'I am worried they are not safe tonight', next: { type: 'advance' } });
    expect(raised.steps[0]!.contacts.map((c) => c.name)).toEqual(['Lee Lead']);
    const audit = await audits('escalation.raise', raised.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ serviceId: s.org.serviceId, personId: s.personId, contactId: s.contactId });
    expect(audit[0]!.details).not.toContain('worried');

    const alerts = await alertsOf(raised.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'open', kind: 'escalation', stage: 'step:1', dedupe_key: `escalation:${raised.id}:raised` });
    const recipients = JSON.parse(alerts[0]!.recipients) as string[];
    expect(recipients).toEqual(expect.arrayContaining([s.lead.id, s.manager.id]));
    expect(recipients).not.toContain(s.peer.id);
    const timer = await db().selectFrom('jobs').selectAll().where('key', '=', `escalation:${raised.id}:advance:0`).executeTakeFirstOrThrow();
    expect(timer).toMatchObject({ status: 'pending', run_at: new Date(t.clock.now + minutes(10)).toISOString() });

    await runDue();
    const lead = await db().selectFrom('users').select('email').where('id', '=', s.lead.id).executeTakeFirstOrThrow();
    const sent = t.notify.messages.filter((m) => m.to === lead.email);
    expect(sent.length).toBeGreaterThan(0);
    for (const m of t.notify.messages) {
      const words = JSON.stringify(m.personalisation);
      expect(words).not.toContain('Marigold');
      expect(words).not.toContain('Quince');
      expect(words).not.toContain('not safe tonight');
    }
  });

  it('refuses a raise without a person or contact, or with another service’s contact or another organisation’s person, storing nothing', async () => {
    const s = await setup();
    const other = await t.organisation('Elsewhere');
    const theirPerson = await person(other.id, 'Stranger');
    const otherService = await s.org.service('Another haven');
    const elsewhereContact = await contact(s.org.id, otherService, s.personId);
    const before = await count('escalations');
    const cases: [Record<string, unknown>, string][] = [
      [{ concern: 'Worried' }, 'personId'],
      [{ concern: '   ', personId: s.personId }, 'concern'],
      [{ concern: 'Worried', personId: theirPerson }, 'personId'],
      [{ concern: 'Worried', contactId: elsewhereContact }, 'contactId'],
      [{ concern: 'Worried', personId: s.personId, riskScore: 9 }, 'riskScore'],
    ];
    for (const [body, field] of cases) {
      const res = await s.peer.client.post(`${s.base}/escalations`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys((res.json() as { error: { fields: Record<string, string> } }).error.fields)).toContain(field);
    }
    expect(await count('escalations')).toBe(before);
    // Clinical partners, commissioners and administrators do not raise escalations.
    const partner = await as(s.org, [{ role: 'clinical_partner' }]);
    expect((await partner.client.post(`${s.base}/escalations`, { concern: 'Worried', personId: s.personId })).statusCode).toBe(403);
  });

  it('texts or emails a partner service’s duty contact when a step says so: who is asking, never who it is about or the worry', async () => {
    const s = await setup();
    const textLine = await directoryEntry(s.org.id, 'Crisis team text line', '07700 900199');
    const dutyDesk = await directoryEntry(s.org.id, 'Duty desk', '0300 555 0100', 'duty@crisis.example');
    const saved = await s.manager.client.put(`${s.base}/escalation-ladder`, {
      version: 0,
      steps: [
        { label: 'Text the crisis team', action: 'sms', who: { kind: 'directory', directoryEntryId: textLine }, windowMinutes: 5 },
        { label: 'Email the duty desk', action: 'email', who: { kind: 'directory', directoryEntryId: dutyDesk }, windowMinutes: 5 },
        { label: 'Call 999', action: 'call_999', who: { kind: 'none' }, windowMinutes: 5 },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    t.notify.messages.length = 0;
    await raise(s);
    await runDue();
    const toPartners = () => t.notify.messages.filter((m) => m.to === '07700 900199' || m.to === 'duty@crisis.example');
    expect(toPartners().map((m) => [m.channel, m.to])).toEqual([['sms', '07700 900199']]);
    t.clock.advance(minutes(5));
    await runDue();
    await runDue();
    expect(toPartners().map((m) => [m.channel, m.to])).toEqual([['sms', '07700 900199'], ['email', 'duty@crisis.example']]);
    t.clock.advance(minutes(5));
    await runDue();
    await runDue();
    expect(toPartners()).toHaveLength(2);
    for (const m of toPartners()) {
      expect(m.personalisation.message).toContain('Pat Peer');
      expect(m.personalisation.message).toContain('Safe haven');
      expect(m.personalisation.message).not.toContain('Marigold');
      expect(m.personalisation.message).not.toContain('not safe tonight');
    }
  });

  // ---- the ladder moving on by itself -------------------------------------------------------

  it('moves to the next step when a window passes, the last step repeats on staged gaps until someone picks it up, and never alerts twice for one event', async () => {
    const s = await setup([
      { label: 'Call the shift lead', action: 'phone', who: { kind: 'role', role: 'shift_lead' }, windowMinutes: 5 },
      { label: 'Call the crisis team', action: 'phone', who: { kind: 'role', role: 'clinical_partner' }, windowMinutes: 5 },
      { label: 'Call the service manager', action: 'in_app', who: { kind: 'role', role: 'service_manager' }, windowMinutes: 5 },
    ]);
    const raised = await raise(s, { concern: 'Worried about them', personId: s.personId });
    // Not reached yet: the clinical partner cannot see it.
    expect((await s.partner.client.get(`${s.base}/escalations/${raised.id}`)).statusCode).toBe(404);
    expect((await s.partner.client.get(`${s.base}/escalations`)).json()).toEqual({ escalations: [] });

    t.clock.advance(minutes(4));
    await runDue();
    expect((await escalationRow(raised.id)).step_index).toBe(0);

    t.clock.advance(minutes(1));
    await runDue();
    let row = await escalationRow(raised.id);
    expect(row).toMatchObject({ step_index: 1, status: 'open', step_started_at: new Date(t.clock.now).toISOString() });
    let alerts = await alertsOf(raised.id);
    expect(alerts.map((a) => [a.stage, a.status])).toEqual([['step:1', 'closed'], ['step:2', 'open']]);
    expect(JSON.parse(alerts[1]!.recipients)).toEqual(expect.arrayContaining([s.lead.id, s.manager.id, s.partner.id]));
    expect(await audits('escalation.advance', raised.id)).toHaveLength(1);
    // Reached now: the partner sees it.
    expect((await s.partner.client.get(`${s.base}/escalations/${raised.id}`)).json()).toMatchObject({ stepIndex: 1, steps: [{ status: 'done' }, { status: 'current' }, { status: 'upcoming' }] });

    t.clock.advance(minutes(5));
    await runDue();
    expect((await escalationRow(raised.id)).step_index).toBe(2);

    // The last step: its window, then gaps of 2, 3, 5 minutes...
    t.clock.advance(minutes(5));
    await runDue();
    expect((await escalationRow(raised.id)).repeats).toBe(1);
    t.clock.advance(minutes(2));
    await runDue();
    t.clock.advance(minutes(3));
    await runDue();
    row = await escalationRow(raised.id);
    expect(row.repeats).toBe(3);
    // Running again with no time passing fires nothing more.
    await runDue();
    await runDue();
    alerts = await alertsOf(raised.id);
    expect(alerts.map((a) => a.stage)).toEqual(['step:1', 'step:2', 'step:3', 'repeat:1', 'repeat:2', 'repeat:3']);
    expect(new Set(alerts.map((a) => a.dedupe_key)).size).toBe(alerts.length);
    expect(alerts.filter((a) => a.status === 'open')).toHaveLength(1);
    expect(await audits('escalation.repeat', raised.id)).toHaveLength(3);

    // The shift lead picks it up: it stops.
    const ack = await s.lead.client.post(`${s.base}/escalations/${raised.id}/acknowledge`, { note: 'On my way' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: { userId: s.lead.id, name: 'Lee Lead' }, next: null });
    expect((await alertsOf(raised.id)).filter((a) => a.status === 'open')).toHaveLength(0);
    expect(await audits('escalation.acknowledge', raised.id)).toHaveLength(1);

    // Twice: 409 saying who and when; nothing changes.
    const again = await s.manager.client.post(`${s.base}/escalations/${raised.id}/acknowledge`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'already_acknowledged', acknowledgedBy: { userId: s.lead.id, name: 'Lee Lead' }, acknowledgedAt: new Date(t.clock.now).toISOString() } });
    expect((again.json() as { error: { message: string } }).error.message).toContain('Lee Lead');
    expect((await escalationRow(raised.id)).acknowledged_by).toBe(s.lead.id);

    t.clock.advance(minutes(120));
    await runDue();
    expect((await escalationRow(raised.id)).repeats).toBe(3);
    expect(await alertsOf(raised.id)).toHaveLength(6);
  });

  it('picking up the escalation’s alert on the alerts page stops the ladder too', async () => {
    const s = await setup([
      { label: 'Call the shift lead', action: 'phone', who: { kind: 'role', role: 'shift_lead' }, windowMinutes: 5 },
      { label: 'Call the service manager', action: 'phone', who: { kind: 'role', role: 'service_manager' }, windowMinutes: 5 },
    ]);
    const raised = await raise(s, { concern: 'Worried', personId: s.personId });
    const [alert] = await alertsOf(raised.id);
    const picked = await s.lead.client.post(`${s.base}/alerts/${alert!.id}/acknowledge`, { note: 'On the phone to them now' });
    expect(picked.statusCode, picked.body).toBe(200);
    // At once, not only when the timer next runs.
    expect(await escalationRow(raised.id)).toMatchObject({ status: 'acknowledged', acknowledged_by: s.lead.id, step_index: 0 });
    t.clock.advance(minutes(5));
    await runDue();
    expect(await escalationRow(raised.id)).toMatchObject({ status: 'acknowledged', acknowledged_by: s.lead.id, step_index: 0 });
    expect(await alertsOf(raised.id)).toHaveLength(1);
  });

  it('a server restarted in the middle of a countdown fires what it missed, once', async () => {
    const s = await setup([
      { label: 'Call the shift lead', action: 'phone', who: { kind: 'role', role: 'shift_lead' }, windowMinutes: 10 },
      { label: 'Call the service manager', action: 'phone', who: { kind: 'role', role: 'service_manager' }, windowMinutes: 10 },
    ]);
    const raised = await raise(s, { concern: 'Worried', personId: s.personId });
    t.clock.advance(minutes(4));
    await runDue();
    // Down for 25 minutes: the first window passed while nothing ran.
    t.clock.advance(minutes(25));
    const second = await buildApp(t.config, { clock: () => t.clock.now });
    try {
      await second.deps.jobs.runDue();
      await second.deps.jobs.runDue();
      await runDue();
      expect((await escalationRow(raised.id)).step_index).toBe(1);
      expect((await alertsOf(raised.id)).map((a) => a.stage)).toEqual(['step:1', 'step:2']);
      expect(await audits('escalation.advance', raised.id)).toHaveLength(1);

      // Down again, for an hour, on the last step: one repeat for what was missed, then the usual rhythm.
      t.clock.advance(minutes(60));
      await second.deps.jobs.runDue();
      await second.deps.jobs.runDue();
      await runDue();
      const alerts = await alertsOf(raised.id);
      expect(alerts.map((a) => a.stage)).toEqual(['step:1', 'step:2', 'repeat:1']);
      const row = await escalationRow(raised.id);
      const pending = await db().selectFrom('jobs').selectAll().where('key', 'like', `escalation:${raised.id}:%`).where('status', '=', 'pending').execute();
      expect(pending).toHaveLength(1);
      expect(pending[0]!.key).toBe(`escalation:${raised.id}:repeat:${Number(row.repeats) + 1}`);
      expect(Date.parse(pending[0]!.run_at)).toBeGreaterThan(t.clock.now);
    } finally {
      await second.close();
    }
  });

  // ---- attempts, outcome, closing -------------------------------------------------------------

  it('logs attempts per step, records the outcome (409 when stale), and closes with debrief offers for everyone involved', async () => {
    const s = await setup();
    const raised = await raise(s);
    const url = `${s.base}/escalations/${raised.id}`;
    const tried = await s.peer.client.post(`${url}/attempts`, { stepIndex: 0, result: 'no_answer', note: 'Rang twice' });
    expect(tried.statusCode, tried.body).toBe(201);
    expect(tried.json()).toMatchObject({ attempts: [{ stepIndex: 0, result: 'no_answer', note: 'Rang twice', recordedBy: { userId: s.peer.id }, attemptedAt: new Date(t.clock.now).toISOString() }] });
    const earlier = new Date(t.clock.now - minutes(3)).toISOString();
    expect((await s.lead.client.post(`${url}/attempts`, { stepIndex: 1, result: 'advice_given', attemptedAt: earlier })).json()).toMatchObject({ attempts: [{ attemptedAt: earlier, result: 'advice_given' }, { result: 'no_answer' }] });
    expect(await audits('escalation.attempt', raised.id)).toHaveLength(2);

    const before = await count('escalation_attempts');
    for (const [body, field] of [
      [{ stepIndex: 6, result: 'tried' }, 'stepIndex'],
      [{ stepIndex: 0, result: 'maybe' }, 'result'],
      [{ stepIndex: 0, result: 'tried', attemptedAt: new Date(t.clock.now + minutes(30)).toISOString() }, 'attemptedAt'],
    ] as const) {
      const res = await s.peer.client.post(`${url}/attempts`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys((res.json() as { error: { fields: Record<string, string> } }).error.fields)).toContain(field);
    }
    expect(await count('escalation_attempts')).toBe(before);

    const outcome = await s.peer.client.patch(url, { outcome: 'Went to A&E with a friend', version: 1 });
    expect(outcome.statusCode, outcome.body).toBe(200);
    expect(outcome.json()).toMatchObject({ outcome: 'Went to A&E with a friend', version: 2 });
    const stale = await s.peer.client.patch(url, { outcome: 'Something else', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'stale_version', current: { outcome: 'Went to A&E with a friend' }, submitted: { outcome: 'Something else' } } });

    // Nobody has picked it up: a peer cannot close it, so it cannot go quiet by accident.
    const early = await s.peer.client.post(`${url}/close`, { version: 2 });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'not_acknowledged' } });
    expect((await s.peer.client.post(`${url}/acknowledge`, {})).statusCode).toBe(403);

    expect((await s.lead.client.post(`${url}/acknowledge`, {})).statusCode).toBe(200);
    const closed = await s.peer.client.post(`${url}/close`, { version: 3 });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'Went to A&E with a friend', closedBy: { userId: s.peer.id }, next: null });
    expect(await audits('escalation.close', raised.id)).toHaveLength(1);
    const offers = await db().selectFrom('debrief_offers').selectAll().where('source_type', '=', 'escalation').where('source_id', '=', raised.id).execute();
    expect(offers.map((o) => o.user_id).sort()).toEqual([s.peer.id, s.lead.id].sort());
    expect(offers.every((o) => o.status === 'offered')).toBe(true);
    expect(await db().selectFrom('jobs').select('id').where('key', 'like', `escalation:${raised.id}:%`).where('status', '=', 'pending').execute()).toHaveLength(0);

    // Closed: nothing more is added; closing again is refused.
    expect((await s.peer.client.post(`${url}/attempts`, { stepIndex: 0, result: 'tried' })).statusCode).toBe(409);
    expect((await s.peer.client.post(`${url}/close`, { version: 4 })).statusCode).toBe(409);
  });

  it('a shift lead can close one nobody picked up; its alerts end and its timer stops', async () => {
    const s = await setup();
    const raised = await raise(s);
    const url = `${s.base}/escalations/${raised.id}`;
    const noOutcome = await s.lead.client.post(`${url}/close`, { version: 1 });
    expect(noOutcome.statusCode).toBe(400);
    expect((noOutcome.json() as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('outcome');
    const closed = await s.lead.client.post(`${url}/close`, { version: 1, outcome: 'A false alarm: they had gone home' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await alertsOf(raised.id)).map((a) => a.status)).toEqual(['closed']);
    t.clock.advance(minutes(30));
    await runDue();
    expect(await escalationRow(raised.id)).toMatchObject({ step_index: 0, status: 'closed' });
  });

  // ---- views side by side, and the report --------------------------------------------------------

  it('keeps the peer and the clinical or social care views side by side, never overwritten, and reports how often they differed', async () => {
    const s = await setup();
    const commissioner = await as(s.org, [{ role: 'commissioner', serviceId: null }]);
    const first = await raise(s);
    const second = await raise(s, { concern: 'Another worry', personId: s.personId });
    const url = `${s.base}/escalations/${first.id}`;

    const peerView = await s.peer.client.post(`${url}/views`, { perspective: 'peer', view: 'They need a safe place tonight, not a ward', reasons: 'They told me what helped last time', differs: false });
    expect(peerView.statusCode, peerView.body).toBe(201);
    // The partner has not been reached yet (default ladder: step 2).
    expect((await s.partner.client.post(`${url}/views`, { perspective: 'clinical', view: 'x', reasons: 'y', differs: true })).statusCode).toBe(404);
    t.clock.advance(minutes(10));
    await runDue();
    const clinical = await s.partner.client.post(`${url}/views`, { perspective: 'clinical', view: 'An assessment today would be wise', reasons: 'Recent history', differs: true });
    expect(clinical.statusCode, clinical.body).toBe(201);
    // A partner speaks for the clinical or social care side only.
    const wrongSide = await s.partner.client.post(`${url}/views`, { perspective: 'peer', view: 'x', reasons: 'y', differs: false });
    expect(wrongSide.statusCode).toBe(400);
    // A worker can record what the social worker said, naming the perspective.
    await s.peer.client.post(`${url}/views`, { perspective: 'social_care', view: 'Housing first', reasons: 'Eviction notice', differs: true });

    const got = (await s.peer.client.get(url)).json() as { views: { peer: { view: string }[]; other: { perspective: string; recordedBy: { name: string } }[]; differ: boolean } };
    expect(got.views.peer.map((v) => v.view)).toEqual(['They need a safe place tonight, not a ward']);
    expect(got.views.other.map((v) => [v.perspective, v.recordedBy.name])).toEqual([['clinical', 'Cal Clinician'], ['social_care', 'Pat Peer']]);
    expect(got.views.differ).toBe(true);
    expect(await audits('escalation.view', first.id)).toHaveLength(3);
    expect(await audits('escalation.read', first.id)).toHaveLength(1);

    // The second escalation: both sides heard, agreeing.
    await s.peer.client.post(`${s.base}/escalations/${second.id}/views`, { perspective: 'peer', view: 'Home with a plan', reasons: 'Family there', differs: false });
    await s.lead.client.post(`${s.base}/escalations/${second.id}/views`, { perspective: 'clinical', view: 'Agree', reasons: 'Crisis team said so', differs: false });

    const report = await commissioner.client.get(`${s.base}/escalations/report`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ raised: 2, acknowledged: 0, closed: 0, withBothViews: 2, viewsDiffered: 1 });
    const windowed = await s.manager.client.get(`${s.base}/escalations/report?from=${encodeURIComponent(new Date(t.clock.now + minutes(1)).toISOString())}`);
    expect(windowed.json()).toMatchObject({ raised: 0, withBothViews: 0 });
    expect((await s.peer.client.get(`${s.base}/escalations/report`)).statusCode).toBe(403);
    expect(await audits('escalation.report', s.org.serviceId)).toHaveLength(2);
  });

  // ---- shift handover ----------------------------------------------------------------------------

  it('hands over open escalations and visits under way to the incoming lead, with a note', async () => {
    const s = await setup();
    const incoming = await as(s.org, [{ role: 'shift_lead' }], 'Ina Incoming');
    const open = await raise(s);
    const done = await raise(s, { concern: 'Sorted', personId: s.personId });
    await s.lead.client.post(`${s.base}/escalations/${done.id}/close`, { version: 1, outcome: 'All well' });
    const now = nowIso(() => t.clock.now);
    const visitId = newId();
    await db()
      .insertInto('lone_working_visits')
      .values({ id: visitId, organisation_id: s.org.id, service_id: s.org.serviceId, worker_user_id: s.peer.id, location: '12 Elm Road', person_id: null, contact_user_id: s.lead.id, started_at: now, expected_end_at: new Date(t.clock.now + minutes(60)).toISOString(), checked_in_at: null, ended_at: null, end_kind: null, stages_done: '[]', status: 'active', updated_at: now, version: 1 })
      .execute();

    const note = await s.lead.client.post(`${s.base}/handover`, { note: 'Pat is out on a visit; the escalation needs a call back', toUserId: incoming.id });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json()).toMatchObject({ from: { userId: s.lead.id, name: 'Lee Lead' }, to: { userId: incoming.id, name: 'Ina Incoming' } });
    expect(await audits('handover.write', s.org.serviceId)).toHaveLength(1);

    const handover = await incoming.client.get(`${s.base}/handover`);
    expect(handover.statusCode, handover.body).toBe(200);
    const body = handover.json() as { openEscalations: { id: string }[]; activeVisits: { id: string; worker: { name: string }; overdue: boolean }[]; openAlerts: number; notes: { note: string }[] };
    expect(body.openEscalations.map((e) => e.id)).toEqual([open.id]);
    expect(body.activeVisits).toEqual([expect.objectContaining({ id: visitId, worker: { userId: s.peer.id, name: 'Pat Peer' }, location: '12 Elm Road', overdue: false })]);
    expect(body.openAlerts).toBe(1);
    expect(body.notes.map((n) => n.note)).toEqual(['Pat is out on a visit; the escalation needs a call back']);
    expect(await audits('handover.read', s.org.serviceId)).toHaveLength(1);
    // Refetched while open: recorded once per window, not on every refetch.
    await incoming.client.get(`${s.base}/handover`);
    expect(await audits('handover.read', s.org.serviceId)).toHaveLength(1);

    // A note to someone in another organisation is refused and nothing is stored.
    const other = await t.organisation('Elsewhere');
    const stranger = await other.user({ roles: [{ role: 'shift_lead' }] });
    const before = await count('shift_handovers');
    const refused = await s.lead.client.post(`${s.base}/handover`, { note: 'Hello', toUserId: stranger.id });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('toUserId');
    expect(await count('shift_handovers')).toBe(before);
    expect((await s.peer.client.get(`${s.base}/handover`)).statusCode).toBe(403);
  });

  // ---- other organisations -------------------------------------------------------------------------

  it('another organisation’s staff never reach this service’s ladder, escalations or handover (404)', async () => {
    const s = await setup();
    const raised = await raise(s);
    const other = await t.organisation('Elsewhere');
    const intruder = await as(other, [
      { role: 'service_manager', serviceId: null },
      { role: 'shift_lead', serviceId: null },
      { role: 'peer_worker', serviceId: null },
    ]);
    const url = `${s.base}/escalations/${raised.id}`;
    const tries = [
      await intruder.client.get(`${s.base}/escalation-ladder`),
      await intruder.client.put(`${s.base}/escalation-ladder`, { steps: defaultLadder(), version: 0 }),
      await intruder.client.get(`${s.base}/escalations`),
      await intruder.client.post(`${s.base}/escalations`, { concern: 'x', personId: s.personId }),
      await intruder.client.get(url),
      await intruder.client.patch(url, { outcome: 'x', version: 1 }),
      await intruder.client.post(`${url}/attempts`, { stepIndex: 0, result: 'tried' }),
      await intruder.client.post(`${url}/acknowledge`, {}),
      await intruder.client.post(`${url}/close`, { version: 1, outcome: 'x' }),
      await intruder.client.post(`${url}/views`, { perspective: 'peer', view: 'x', reasons: 'y', differs: false }),
      await intruder.client.get(`${s.base}/escalations/report`),
      await intruder.client.get(`${s.base}/handover`),
      await intruder.client.post(`${s.base}/handover`, { note: 'x' }),
    ];
    expect(tries.map((r) => r.statusCode)).toEqual(tries.map(() => 404));
    expect(await escalationRow(raised.id)).toMatchObject({ status: 'open', version: 1 });
    // Their own service's id with our escalation's id is not found either.
    expect((await intruder.client.get(`/api/v1/services/${other.serviceId}/escalations/${raised.id}`)).statusCode).toBe(404);
  });
});
