import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { seedDemo, type SeededDemo } from './seed.js';

/** The demo's escalation ladders and its one escalation under way, read through the API. */
describe.each(ENGINES)('demo escalations (%s)', (engine) => {
  let t: TestApp;
  let seeded: SeededDemo;
  beforeAll(async () => {
    t = await createTestApp(engine);
    seeded = await seedDemo(t.app.deps, 'demo-password-for-tests');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every demo service has its own ladder; the Harbour’s reaches the crisis team’s duty line with its number, and one escalation is under way, picked up by the shift lead', async () => {
    const peer = await t.signIn('peer@demo.test', 'demo-password-for-tests');
    const ladders = await t.app.deps.db.selectFrom('escalation_ladders').select('service_id').where('organisation_id', '=', seeded.organisationId).execute();
    expect(ladders.map((l) => l.service_id).sort()).toEqual(Object.values(seeded.serviceIds).sort());

    const ladder = (await peer.get(`/api/v1/services/${seeded.serviceIds.haven}/escalation-ladder`)).json() as { isDefault: boolean; steps: { whoLabel: string; contacts: { phones: unknown[] }[] }[] };
    expect(ladder.isDefault).toBe(false);
    expect(ladder.steps[1]!.whoLabel).toBe('Riverside Crisis Team');
    expect(ladder.steps[1]!.contacts[0]!.phones.length).toBeGreaterThan(0);
    expect(ladder.steps[3]!.whoLabel).toBe('Gareth Lloyd');

    const list = (await peer.get(`/api/v1/services/${seeded.serviceIds.haven}/escalations?status=open`)).json() as { escalations: { id: string; personName: string; raisedBy: { name: string } }[] };
    expect(list.escalations).toHaveLength(0);
    const picked = (await peer.get(`/api/v1/services/${seeded.serviceIds.haven}/escalations?status=acknowledged`)).json() as typeof list;
    expect(picked.escalations).toHaveLength(1);
    expect(picked.escalations[0]).toMatchObject({ personName: 'Tariq', raisedBy: { name: 'Jordan Ellis' }, acknowledgedBy: { name: 'Sam Okafor' }, next: null });
    const one = (await peer.get(`/api/v1/services/${seeded.serviceIds.haven}/escalations/${picked.escalations[0]!.id}`)).json() as { attempts: unknown[]; views: { peer: unknown[] } };
    expect(one.attempts).toHaveLength(1);
    expect(one.views.peer).toHaveLength(1);
    // Still open, so the incoming lead sees it at handover; its ladder has stopped.
    const lead = await t.signIn('lead@demo.test', 'demo-password-for-tests');
    const handover = (await lead.get(`/api/v1/services/${seeded.serviceIds.haven}/handover`)).json() as { openEscalations: { id: string }[]; openAlerts: number };
    expect(handover.openEscalations.map((e) => e.id)).toEqual([picked.escalations[0]!.id]);
    expect(handover.openAlerts).toBe(0);
    const timers = await t.app.deps.db.selectFrom('jobs').select('id').where('kind', '=', 'escalation.next').where('status', '=', 'pending').execute();
    expect(timers).toHaveLength(0);
  });
});
