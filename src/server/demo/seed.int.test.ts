import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DEMO_ACCOUNTS, seedDemo, type SeededDemo } from './seed.js';
import { londonAt } from './seed-activity.js';

const PASSWORD = 'demo-password-for-tests';

describe.each(ENGINES)('demo seed (%s)', (engine) => {
  let t: TestApp;
  let seeded: SeededDemo;
  let seedMs: number;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const began = Date.now();
    seeded = await seedDemo(t.app.deps, PASSWORD);
    seedMs = Date.now() - began;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds people, three months of contacts and episodes, quickly', async () => {
    expect(seeded.activity.people).toBeGreaterThanOrEqual(40);
    expect(seeded.activity.contacts).toBeGreaterThan(60);
    expect(seedMs).toBeLessThan(5_000);
    const db = t.app.deps.db;
    const people = await db.selectFrom('people').select(['name_key', 'name_phonetic']).where('organisation_id', '=', seeded.organisationId).execute();
    expect(people).toHaveLength(seeded.activity.people);
    expect(people.every((p) => p.name_key.length > 0 && p.name_phonetic.length > 0)).toBe(true);
    const oldest = await db.selectFrom('contacts').select('arrived_at').where('organisation_id', '=', seeded.organisationId).orderBy('arrived_at', 'asc').limit(1).executeTakeFirstOrThrow();
    const days = (t.clock.now - Date.parse(oldest.arrived_at)) / 86_400_000;
    expect(days).toBeGreaterThan(60);
    expect(days).toBeLessThanOrEqual(91);
    // Nothing in the past is left open: only the four on the board now have no leaving time.
    const open = await db.selectFrom('contacts').select('arrived_at').where('organisation_id', '=', seeded.organisationId).where('left_at', 'is', null).execute();
    expect(open).toHaveLength(4);
  });

  it('has a local service directory: national lines, the Harbour with its address and directions, some entries due a check', async () => {
    const admin = await t.signIn('admin@demo.test', PASSWORD);
    const list = (await admin.get('/api/v1/directory?perPage=100')).json() as { total: number; entries: { name: string; phones: { number: string; label: string }[]; serviceId: string | null; postcode: string; howToGetThere: string; stale: boolean }[] };
    expect(list.total).toBe(seeded.directoryEntries);
    const byName = new Map(list.entries.map((e) => [e.name, e]));
    expect(byName.get('Samaritans')?.phones).toEqual([{ number: '116 123', label: 'Free, any time, from any phone' }]);
    expect(byName.get('NHS 111 (option 2 for mental health)')?.phones[0]?.number).toBe('111');
    expect(byName.get('Shout')?.phones[0]?.number).toBe('85258');
    const harbour = byName.get('The Harbour safe haven')!;
    expect(harbour).toMatchObject({ serviceId: seeded.serviceIds.haven, postcode: 'RV1 4QS' });
    expect(harbour.howToGetThere).toMatch(/blue door/);
    const due = (await admin.get('/api/v1/directory/stale')).json() as { entries: { name: string }[] };
    expect(due.entries.length).toBeGreaterThanOrEqual(3);
    expect(due.entries.map((e) => e.name)).toContain('Riverside Housing Options');
    // The open ORUK API lists them for anyone.
    const open = (await t.anonymous.get('/openreferral/services?text=samaritans')).json() as { content: { name: string }[] };
    expect(open.content.map((s) => s.name)).toEqual(['Samaritans']);
  });

  it('every demo account can sign in', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const client = await t.signIn(account.email, PASSWORD);
      const me = await client.get('/api/v1/auth/session');
      expect(me.statusCode, account.email).toBe(200);
    }
  });

  it('the safe haven board has people here now, call backs, a lead and a peer on shift, and no alerts', async () => {
    const lead = await t.signIn('lead@demo.test', PASSWORD);
    const res = await lead.get(`/api/v1/services/${seeded.serviceIds.haven}/board`);
    expect(res.statusCode).toBe(200);
    const board = res.json() as { here: { displayName: string; anonymous: boolean; workerName: string | null; arrivedAt: string; firstSeenAt: string | null }[]; callbacks: { status: string }[]; onShift: { name: string }[]; openAlerts: number };
    expect(board.here.length).toBeGreaterThanOrEqual(3);
    expect(board.here.length).toBeLessThanOrEqual(4);
    expect(board.here.find((h) => h.displayName === 'Man in a grey hoodie')?.anonymous).toBe(true);
    expect(board.here.filter((h) => h.workerName !== null).length).toBeGreaterThanOrEqual(1);
    const waiting25 = board.here.find((h) => h.firstSeenAt === null && Math.round((t.clock.now - Date.parse(h.arrivedAt)) / 60_000) === 25);
    expect(waiting25).toBeDefined();
    expect(board.callbacks.filter((c) => c.status === 'waiting')).toHaveLength(2);
    expect(board.onShift.map((s) => s.name).sort()).toEqual(['Jordan Ellis', 'Sam Okafor']);
    expect(board.openAlerts).toBe(0);
  });

  it('the peer worker has a caseload, one near its limit and one moving on', async () => {
    const peer = await t.signIn('peer@demo.test', PASSWORD);
    const res = await peer.get('/api/v1/caseload');
    expect(res.statusCode).toBe(200);
    const body = JSON.stringify(res.json());
    for (const name of ['Zofia', 'Marcus', 'Harpreet', 'Jay']) expect(body).toContain(name);
    const db = t.app.deps.db;
    const peerId = seeded.accounts.find((a) => a.email === 'peer@demo.test')!.userId;
    const open = await db
      .selectFrom('episode_workers')
      .innerJoin('episodes', 'episodes.id', 'episode_workers.episode_id')
      .select(['episodes.id', 'episodes.status'])
      .where('episode_workers.user_id', '=', peerId)
      .execute();
    expect(open.filter((e) => e.status === 'accepted')).toHaveLength(4);
    expect(open.filter((e) => e.status === 'closed')).toHaveLength(2);
    const counts = await db
      .selectFrom('episode_sessions')
      .select(['episode_id', (eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
      .where('episode_id', 'in', open.map((e) => e.id))
      .groupBy('episode_id')
      .execute();
    expect(Math.max(...counts.map((c) => Number(c.n)))).toBe(8);
    const planned = await db.selectFrom('transitions').select('status').where('organisation_id', '=', seeded.organisationId).where('status', '=', 'planned').execute();
    expect(planned).toHaveLength(1);
    const peer2 = await db.selectFrom('users').select('caseload_max').where('email', '=', 'peer2@demo.test').executeTakeFirstOrThrow();
    expect(peer2.caseload_max).toBe(3);
  });

  it('has crisis plans for Marcus and Zofia: agreed, a draft, shares to a carer and to services, who looked', async () => {
    const peer = await t.signIn('peer@demo.test', PASSWORD);
    const db = t.app.deps.db;
    const person = async (full: string) => (await db.selectFrom('people').select('id').where('organisation_id', '=', seeded.organisationId).where('full_name', '=', full).executeTakeFirstOrThrow()).id;
    const marcus = await person('Marcus Campbell');
    const res = await peer.get(`/api/v1/people/${marcus}/plan`);
    expect(res.statusCode).toBe(200);
    const plan = res.json().plan as { versions: { number: number; state: string }[]; agreed: { agreedHow: string; agreedRecordedByName: string; content: { services: { entries: unknown[] } } }; draft: { number: number }; shares: { recipientKind: string; recipientServiceId: string | null; status: string }[] };
    expect(plan.versions.map((v) => [v.number, v.state])).toEqual([[2, 'draft'], [1, 'agreed']]);
    expect(plan.agreed).toMatchObject({ agreedHow: 'in_person', agreedRecordedByName: 'Jordan Ellis' });
    expect(plan.agreed.content.services.entries.length).toBeGreaterThan(0);
    expect(plan.shares.map((s) => [s.recipientKind, s.status]).sort()).toEqual([['carer', 'active'], ['partner_service', 'active']]);
    expect(plan.shares.find((s) => s.recipientKind === 'partner_service')?.recipientServiceId).toBe(seeded.serviceIds.ae);
    const views = (await peer.get(`/api/v1/people/${marcus}/plan/views`)).json() as { views: { viewerKind: string; who: string }[] };
    expect(views.views.map((v) => v.who)).toContain('Dr Imran Qureshi, Peer support in A&E, Kingsmead General Hospital');
    expect(views.views.map((v) => v.who)).toContain('Jordan Ellis (The Harbour safe haven team)');
    const compare = await peer.get(`/api/v1/people/${marcus}/plan/compare?from=1&to=2`);
    expect((compare.json() as { sections: { key: string; changed: boolean }[] }).sections.filter((c) => c.changed).map((c) => c.key)).toEqual(['forMyself', 'practical']);
    const zofia = (await peer.get(`/api/v1/people/${await person('Zofia Kowalczyk')}/plan`)).json().plan as { agreed: { agreedHow: string }; draft: null };
    expect(zofia).toMatchObject({ agreed: { agreedHow: 'own_device' }, draft: null });
    const manager = await t.signIn('manager@demo.test', PASSWORD);
    expect((await manager.get('/api/v1/reports/plans')).json()).toMatchObject({ peopleWithAgreedPlan: 2, reviewedInLast6Months: 2, activeShares: 3 });
  });

  it('finds demo people by a misspelt name', async () => {
    const peer = await t.signIn('peer@demo.test', PASSWORD);
    const res = await peer.get('/api/v1/people?q=zophia');
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.json())).toContain('Kowalczyk');
  });
});

describe('London evening times', () => {
  it('follows British Summer Time', () => {
    expect(new Date(londonAt(Date.parse('2026-07-01T12:00:00Z'), 19, 30)).toISOString()).toBe('2026-07-01T18:30:00.000Z');
    expect(new Date(londonAt(Date.parse('2026-12-01T12:00:00Z'), 19, 30)).toISOString()).toBe('2026-12-01T19:30:00.000Z');
  });
});
