import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { seedDemo, type SeededDemo } from './seed.js';

const PASSWORD = 'demo-password-for-tests';

/** The demo's staff wellbeing: a crisis responder who sees only wellbeing, Jordan's entries and the plan shared with Sam. */
describe.each(ENGINES)('demo wellbeing (%s)', (engine) => {
  let t: TestApp;
  let seeded: SeededDemo;
  beforeAll(async () => {
    t = await createTestApp(engine);
    seeded = await seedDemo(t.app.deps, PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the crisis responder and their peer supporter are listed and sign in; the responder uses wellbeing only', async () => {
    expect(seeded.accounts.map((a) => a.email)).toEqual(expect.arrayContaining(['responder@demo.test', 'supporter@demo.test']));
    const dan = await t.signIn('responder@demo.test', PASSWORD);
    const session = (await dan.get('/api/v1/auth/session')).json() as { user: { memberships: { role: string; serviceName: string }[] } };
    expect(session.user.memberships).toEqual([expect.objectContaining({ role: 'crisis_responder', serviceName: 'Crew Room: peer support for crisis staff' })]);
    expect((await dan.get('/api/v1/me/checkins')).json().checkins).toHaveLength(2);
    expect((await dan.get('/api/v1/me/share-candidates')).json().candidates.map((c: { displayName: string }) => c.displayName)).toEqual(['Bea Lindqvist']);
    expect((await dan.get('/api/v1/people?q=a')).statusCode).toBe(403);
  });

  it('Jordan has recent entries, none in the last 12 hours, and a plan shared with Sam, the shift lead', async () => {
    const jordan = await t.signIn('peer@demo.test', PASSWORD);
    const entries = (await jordan.get('/api/v1/me/checkins')).json().checkins as { createdAt: string; askedAgain: boolean }[];
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries.every((e) => t.clock.now - Date.parse(e.createdAt) > 12 * 3_600_000)).toBe(true);
    const plan = (await jordan.get('/api/v1/me/wellbeing-plan')).json() as { version: number; shares: { sharedWithName: string }[] };
    expect(plan.shares.map((s) => s.sharedWithName)).toEqual(['Sam Okafor']);
    const sam = await t.signIn('lead@demo.test', PASSWORD);
    const items = (await sam.get('/api/v1/me/shared-with-me')).json().items as { shareId: string; ownerName: string; subjectType: string }[];
    expect(items).toEqual([expect.objectContaining({ ownerName: 'Jordan Ellis', subjectType: 'plan' })]);
    const read = (await sam.get(`/api/v1/me/shared-with-me/${items[0]!.shareId}`)).json() as { plan: { sections: { earlySigns: string } } };
    expect(read.plan.sections.earlySigns).toMatch(/quiet/);
  });
});
