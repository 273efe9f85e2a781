import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { LinkCreated } from '../../../shared/plan-links.js';
import { codeDigest, tokenDigest } from './link-secrets.js';
import { seedPerson, seedPlan, seedShare } from './testing.js';

const CONTENT = { whenWell: 'I walk the dog every morning.', forMyself: 'A bath and the radio.' };

describe.each(ENGINES)('plan links (staff API) on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let peer: Client;
  let peerId: string;
  const db = () => t.app.deps.db;
  const links = (personId: string) => `/api/v1/people/${personId}/plan/links`;
  const auditOf = (action: string, entityId: string) => db().selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', entityId).execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation('Harbour Partnership');
    const staff = await t.staff(org, [{ role: 'peer_worker' }], { name: 'Sam Patel' });
    peer = staff.client;
    peerId = staff.id;
  });
  afterAll(async () => t.close());

  it('makes a link for the person and texts it to their number on record; the code is shown once and never sent', async () => {
    const personId = await seedPerson(t, org.id, { phone: '07700 900123' });
    const { planId } = await seedPlan(t, org.id, personId, [{ state: 'agreed', content: CONTENT }]);
    const before = t.notify.messages.length;
    const res = await peer.post(links(personId), { channel: 'sms' });
    expect(res.statusCode).toBe(201);
    const body = res.json() as LinkCreated;
    expect(body.code).toMatch(/^\d{6}$/);
    expect(body.url).toMatch(new RegExp(`^${t.config.publicUrl}/my-plan/open/[A-Za-z0-9_-]{43}$`));
    expect(body.sent).toBe('sent');
    expect(body.link).toMatchObject({ shareId: null, channel: 'sms', status: 'active', withdrawnAt: null });
    // About a year.
    const days = (Date.parse(body.link.expiresAt) - t.clock.now) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(367);

    const sent = t.notify.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.channel).toBe('sms');
    expect(sent[0]!.to.replace(/\s/g, '')).toBe('07700900123');
    expect(sent[0]!.personalisation.message).toContain(body.url);
    expect(sent[0]!.personalisation.message).not.toContain(body.code);
    expect(sent[0]!.personalisation.message).not.toContain('Alex');

    // Only digests are stored; the notification is linked.
    const row = await db().selectFrom('crisis_plan_links').selectAll().where('id', '=', body.link.id).executeTakeFirstOrThrow();
    const token = body.url.split('/').pop()!;
    expect(row.token_digest).toBe(tokenDigest(token));
    expect(row.code_digest).toBe(codeDigest(t.app.deps.secretKey, row.id, body.code));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.plan_id).toBe(planId);
    expect(row.notification_id).not.toBeNull();
    expect(row.created_by).toBe(peerId);
    const made = await auditOf('plan.link_create', row.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.actor_user_id).toBe(peerId);
    expect(made[0]!.details).not.toContain(body.code);
    expect((await auditOf('plan.link_send', row.id))[0]!.outcome).toBe('success');
  });

  it('emails a link to an address given now, and hands one over with channel none (nothing sent)', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: CONTENT }]);
    const before = t.notify.messages.length;
    const email = await peer.post(links(personId), { channel: 'email', to: 'alex@example.org' });
    expect(email.statusCode).toBe(201);
    const e = email.json() as LinkCreated;
    const sent = t.notify.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'email', to: 'alex@example.org' });
    expect(sent[0]!.personalisation.message).toContain(e.url);
    expect(sent[0]!.personalisation.message).not.toContain(e.code);
    expect(sent[0]!.personalisation.subject).toBe('Your crisis plan');

    const byHand = await peer.post(links(personId), { channel: 'none', expiresOn: '2026-12-31' });
    expect(byHand.statusCode).toBe(201);
    const h = byHand.json() as LinkCreated;
    expect(h.sent).toBe('not_sent');
    expect(h.link.channel).toBe('none');
    // The end of 31 December, London time (GMT then).
    expect(h.link.expiresAt).toBe('2027-01-01T00:00:00.000Z');
    expect(t.notify.messages.length).toBe(before + 1);
  });

  it('a failed send still gives the worker the link and code to hand over', async () => {
    const personId = await seedPerson(t, org.id, { phone: '07700 900124' });
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: CONTENT }]);
    t.notify.failNext(1);
    const res = await peer.post(links(personId), { channel: 'sms' });
    expect(res.statusCode).toBe(201);
    const body = res.json() as LinkCreated;
    expect(body.sent).toBe('failed');
    expect(body.code).toMatch(/^\d{6}$/);
    expect((await auditOf('plan.link_send', body.link.id))[0]!.outcome).toBe('failure');
  });

  it('a link for a share goes to the recipient, says nothing of the person, and ends when the share ends', async () => {
    const personId = await seedPerson(t, org.id, { name: 'Morgan' });
    const { planId } = await seedPlan(t, org.id, personId, [{ state: 'agreed', content: CONTENT }]);
    const shareId = await seedShare(t, org.id, planId, { name: 'Jo Smith', sections: ['forMyself'], endsInMs: 10 * 86_400_000, phone: '07700 900555' });
    const before = t.notify.messages.length;
    const res = await peer.post(links(personId), { shareId, channel: 'sms' });
    expect(res.statusCode).toBe(201);
    const body = res.json() as LinkCreated;
    expect(body.link.shareId).toBe(shareId);
    const share = await db().selectFrom('crisis_plan_shares').select('ends_at').where('id', '=', shareId).executeTakeFirstOrThrow();
    expect(body.link.expiresAt).toBe(share.ends_at);
    const sent = t.notify.messages.slice(before);
    expect(sent[0]!.to.replace(/\s/g, '')).toBe('07700900555');
    expect(sent[0]!.personalisation.message).not.toContain('Morgan');
    expect(sent[0]!.personalisation.message).not.toContain(body.code);
  });

  it('refuses bad requests with field errors and stores nothing', async () => {
    const personId = await seedPerson(t, org.id);
    const { planId } = await seedPlan(t, org.id, personId, [{ state: 'agreed', content: CONTENT }]);
    const revoked = await seedShare(t, org.id, planId, { sections: ['whenWell'] });
    await db().updateTable('crisis_plan_shares').set({ revoked_at: new Date(t.clock.now).toISOString() }).where('id', '=', revoked).execute();
    const other = await t.organisation('Elsewhere');
    const otherPerson = await seedPerson(t, other.id);
    const otherPlan = await seedPlan(t, other.id, otherPerson, [{ state: 'agreed', content: CONTENT }]);
    const otherShare = await seedShare(t, other.id, otherPlan.planId, { sections: ['whenWell'] });
    const count = async () => Number((await db().selectFrom('crisis_plan_links').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const start = await count();
    const sentBefore = t.notify.messages.length;

    const cases: [unknown, number, string][] = [
      [{ channel: 'sms' }, 400, 'to'], // no number on record
      [{ channel: 'sms', to: 'not a number' }, 400, 'to'],
      [{ channel: 'email', to: 'nope' }, 400, 'to'],
      [{ channel: 'none', to: '07700 900123' }, 400, 'to'],
      [{ channel: 'pigeon' }, 400, 'channel'],
      [{ channel: 'none', expiresOn: '2026-11-25' }, 400, 'expiresOn'],
      [{ channel: 'none', expiresOn: '2028-01-01' }, 400, 'expiresOn'],
      [{ channel: 'none', shareId: otherShare }, 400, 'shareId'],
      [{ channel: 'none', extra: 1 }, 400, ''],
      [{ channel: 'none', to: 'x'.repeat(10_000) }, 400, 'to'],
    ];
    for (const [body, status, field] of cases) {
      const res = await peer.post(links(personId), body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      const error = (res.json() as { error: { code: string; fields?: Record<string, string> } }).error;
      expect(error.code).toBe('invalid_input');
      if (field) expect(Object.keys(error.fields ?? {}), JSON.stringify(body).slice(0, 80)).toContain(field);
    }
    const stopped = await peer.post(links(personId), { channel: 'none', shareId: revoked });
    expect(stopped.statusCode).toBe(409);
    expect((stopped.json() as { error: { code: string } }).error.code).toBe('share_not_active');
    // Another organisation's person: not found, as if there were none.
    expect((await peer.post(links(otherPerson), { channel: 'none' })).statusCode).toBe(404);
    // A person with no plan yet.
    const noPlan = await seedPerson(t, org.id);
    expect((await peer.post(links(noPlan), { channel: 'none' })).statusCode).toBe(409);
    expect(await count()).toBe(start);
    expect(t.notify.messages.length).toBe(sentBefore);
  });

  it('withdraws a link (audited, once), and only within the organisation', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: CONTENT }]);
    const made = (await peer.post(links(personId), { channel: 'none' })).json() as LinkCreated;
    const other = await t.organisation('Another');
    const outsider = (await t.staff(other, [{ role: 'service_manager' }])).client;
    expect((await outsider.post(`${links(personId)}/${made.link.id}/withdraw`, {})).statusCode).toBe(404);

    const res = await peer.post(`${links(personId)}/${made.link.id}/withdraw`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: made.link.id, status: 'withdrawn' });
    const again = await peer.post(`${links(personId)}/${made.link.id}/withdraw`, {});
    expect(again.statusCode).toBe(200);
    const row = await db().selectFrom('crisis_plan_links').selectAll().where('id', '=', made.link.id).executeTakeFirstOrThrow();
    expect(row.withdrawn_at).not.toBeNull();
    expect(row.withdrawn_by).toBe(peerId);
    expect(await auditOf('plan.link_withdraw', made.link.id)).toHaveLength(1);
    // Someone else's plan's link id under this person: not found.
    const second = await seedPerson(t, org.id);
    await seedPlan(t, org.id, second, [{ state: 'agreed', content: CONTENT }]);
    expect((await peer.post(`${links(second)}/${made.link.id}/withdraw`, {})).statusCode).toBe(404);
  });

  it('is for the roles that write plans with people', async () => {
    const personId = await seedPerson(t, org.id);
    await seedPlan(t, org.id, personId, [{ state: 'agreed', content: CONTENT }]);
    for (const role of ['commissioner', 'clinical_partner', 'org_admin'] as const) {
      const who = (await t.staff(org, [{ role, serviceId: role === 'clinical_partner' ? org.serviceId : null }])).client;
      expect((await who.post(links(personId), { channel: 'none' })).statusCode, role).toBe(403);
    }
    for (const role of ['senior_peer', 'shift_lead', 'service_manager'] as const) {
      const who = (await t.staff(org, [{ role }])).client;
      expect((await who.post(links(personId), { channel: 'none' })).statusCode, role).toBe(201);
    }
  });
});
