import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../db/values.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { boardStreamSettings } from './routes.js';
import { listen, openEventStream, sessionCookie } from './sse-client.js';
import { insertCallbackRequest } from './testing.js';

describe.each(ENGINES)('the live board on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let peer: Client;
  let peerEmail: string;
  let boardUrl: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation();
    const u = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Priya Peer' });
    peerEmail = u.email;
    peer = await t.signIn(u.email);
    boardUrl = `/api/v1/services/${org.serviceId}/board`;
  });
  afterAll(async () => t.close());

  it('shows who is here, call backs, staff on shift and open alerts, and audits the read', async () => {
    const serviceId = await org.service('Board haven');
    const url = `/api/v1/services/${serviceId}`;
    const lead = await org.user({ roles: [{ role: 'shift_lead', serviceId }], name: 'Lee Lead' });
    const client = await t.signIn(lead.email);
    const db = t.app.deps.db;

    const empty = await client.get(`${url}/board`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ serviceId, here: [], callbacks: [], onShift: [], openAlerts: 0 });

    const labelled = (await client.post(`${url}/contacts`, { kind: 'walk_in', referralSource: 'self', displayLabel: 'man in blue coat', arrivedAt: '2026-11-26T11:00:00Z' })).json().contact;
    const anonymous = (await client.post(`${url}/contacts`, { kind: 'phone', referralSource: 'self', arrivedAt: '2026-11-26T11:30:00Z' })).json().contact;
    const gone = (await client.post(`${url}/contacts`, { kind: 'walk_in', referralSource: 'self', arrivedAt: '2026-11-26T10:00:00Z' })).json().contact;
    await client.patch(`${url}/contacts/${gone.id}`, { version: 1, leftAt: '2026-11-26T10:30:00Z', outcome: 'signposted' });
    await client.patch(`${url}/contacts/${labelled.id}`, { version: 1, firstSeenAt: '2026-11-26T11:05:00Z', workerUserId: lead.id });
    await client.post(`${url}/shifts/start`, {});
    const waiting = await insertCallbackRequest(db, { organisationId: org.id, serviceId, now: '2026-11-26T09:00:00.000Z' }, { name: 'Jo' });
    await insertCallbackRequest(db, { organisationId: org.id, serviceId }, { status: 'done' });
    for (const status of ['open', 'open', 'closed'] as const) {
      await db.insertInto('alerts').values({ id: newId(), organisation_id: org.id, service_id: serviceId, kind: 'lone_working', status, raised_at: nowIso(), acknowledged_by: null, acknowledged_at: null, closed_at: null }).execute();
    }
    // A silent (safety code) alert is never counted on the shared board.
    await db.insertInto('alerts').values({ id: newId(), organisation_id: org.id, service_id: serviceId, kind: 'duress', status: 'open', silent: 1, raised_at: nowIso(), acknowledged_by: null, acknowledged_at: null, closed_at: null }).execute();
    // Another service's alert does not count here.
    await db.insertInto('alerts').values({ id: newId(), organisation_id: org.id, service_id: org.serviceId, kind: 'lone_working', status: 'open', raised_at: nowIso(), acknowledged_by: null, acknowledged_at: null, closed_at: null }).execute();

    const res = await client.get(`${url}/board`);
    expect(res.statusCode).toBe(200);
    const board = res.json();
    // Sent as JSON built once per change: exactly BoardOut's fields, with this answer's time.
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(board).sort()).toEqual(['callbacks', 'generatedAt', 'here', 'onShift', 'openAlerts', 'revision', 'serviceId']);
    expect(board.generatedAt).toBe(new Date(t.clock.now).toISOString());
    expect(board.here.map((c: { id: string }) => c.id)).toEqual([labelled.id, anonymous.id]);
    expect(board.here[0]).toMatchObject({ displayName: 'man in blue coat', anonymous: true, kind: 'walk_in', arrivedAt: '2026-11-26T11:00:00.000Z', firstSeenAt: '2026-11-26T11:05:00.000Z', workerName: 'Lee Lead' });
    expect(board.here[1]).toMatchObject({ displayName: 'Someone (anonymous)', kind: 'phone', workerName: null });
    expect(board.callbacks).toEqual([expect.objectContaining({ id: waiting.id, name: 'Jo', status: 'waiting', source: 'public' })]);
    expect(board.onShift).toEqual([expect.objectContaining({ userId: lead.id, name: 'Lee Lead' })]);
    expect(board.openAlerts).toBe(2);
    expect(board.revision).not.toBe(empty.json().revision);
    // Nothing changed: the same revision.
    expect((await client.get(`${url}/board`)).json().revision).toBe(board.revision);
    // A change made without telling the boards (none of the app's own changes) shows within two seconds.
    await db.insertInto('alerts').values({ id: newId(), organisation_id: org.id, service_id: serviceId, kind: 'lone_working', status: 'open', raised_at: nowIso(), acknowledged_by: null, acknowledged_at: null, closed_at: null }).execute();
    expect((await client.get(`${url}/board`)).json().openAlerts).toBe(2);
    t.clock.advance(2000);
    expect((await client.get(`${url}/board`)).json().openAlerts).toBe(3);

    // Open boards refetch on every change: the first view is recorded, then once per 15 minutes.
    const boardReads = () => db.selectFrom('audit_events').selectAll().where('action', '=', 'board.read').where('entity_id', '=', serviceId).execute();
    const reads = await boardReads();
    expect(reads.length).toBe(1);
    expect(JSON.parse(reads[0]!.details)).toEqual({ serviceId });
    expect(reads[0]!.actor_user_id).toBe(lead.id);
    t.clock.advance(15 * 60_000);
    expect((await client.get(`${url}/board`)).statusCode).toBe(200);
    expect((await boardReads()).length).toBe(2);
  });

  it('lets peers of the service see it, and refuses everyone else', async () => {
    const otherServiceId = await org.service('Another service');
    const otherPeer = await t.signIn((await org.user({ roles: [{ role: 'peer_worker', serviceId: otherServiceId }] })).email);
    const commissioner = await t.signIn((await org.user({ roles: [{ role: 'commissioner', serviceId: null }] })).email);
    const partner = await t.signIn((await org.user({ roles: [{ role: 'clinical_partner' }] })).email);
    const elsewhere = await t.organisation('Elsewhere');
    const foreignPeer = await t.signIn((await elsewhere.user({ roles: [{ role: 'peer_worker' }] })).email);
    const foreignLead = await t.signIn((await elsewhere.user({ roles: [{ role: 'shift_lead', serviceId: null }] })).email);

    expect((await peer.get(boardUrl)).statusCode).toBe(200);
    // The stream is only for event-stream clients (a plain request would wait for ever).
    expect((await peer.get(`${boardUrl}/events`)).statusCode).toBe(406);
    for (const client of [otherPeer, commissioner, partner, foreignPeer]) {
      expect((await client.get(boardUrl)).statusCode).toBe(403);
      expect((await client.get(`${boardUrl}/events`)).statusCode).toBe(403);
      expect((await client.post(`/api/v1/services/${org.serviceId}/shifts/start`, {})).statusCode).toBe(403);
    }
    expect((await foreignLead.get(boardUrl)).statusCode).toBe(404);
    expect((await foreignLead.get(`${boardUrl}/events`)).statusCode).toBe(404);
    expect((await foreignLead.post(`/api/v1/services/${org.serviceId}/shifts/start`, {})).statusCode).toBe(404);
    expect((await t.anonymous.get(boardUrl)).statusCode).toBe(401);
    expect((await peer.get(`/api/v1/services/${newId()}/board`)).statusCode).toBe(403);
  });

  it('starts and ends your own shift, idempotently', async () => {
    const serviceId = await org.service('Shift haven');
    const u = await org.user({ roles: [{ role: 'senior_peer', serviceId }], name: 'Sol Senior' });
    const client = await t.signIn(u.email);
    const base = `/api/v1/services/${serviceId}`;
    const first = await client.post(`${base}/shifts/start`, {});
    expect(first.statusCode).toBe(200);
    expect(first.json().shift).toMatchObject({ userId: u.id, serviceId, endedAt: null });
    const again = await client.post(`${base}/shifts/start`);
    expect(again.json().shift.id).toBe(first.json().shift.id);
    expect((await client.get(`${base}/board`)).json().onShift).toHaveLength(1);
    expect((await client.post(`${base}/shifts/start`, { userId: newId() })).statusCode).toBe(400);

    const ended = await client.post(`${base}/shifts/end`, {});
    expect(ended.json().shift).toMatchObject({ id: first.json().shift.id, endedAt: expect.any(String) });
    expect((await client.get(`${base}/board`)).json().onShift).toEqual([]);
    expect((await client.post(`${base}/shifts/end`, {})).json().shift).toBeNull();
    // Two taps of "start" at once still make one shift.
    const both = await Promise.all([client.post(`${base}/shifts/start`, {}), client.post(`${base}/shifts/start`, {})]);
    expect(both[0]!.json().shift.id).toBe(both[1]!.json().shift.id);
    const open = await t.app.deps.db.selectFrom('shifts').select('id').where('user_id', '=', u.id).where('ended_at', 'is', null).execute();
    expect(open).toHaveLength(1);
    await client.post(`${base}/shifts/end`, {});
    const starts = await t.app.deps.db.selectFrom('audit_events').select('action').where('entity_id', '=', first.json().shift.id).execute();
    expect(starts.map((r) => r.action).sort()).toEqual(['shift.end', 'shift.start']);
  });

  it('moves call backs on: waiting → in progress (you) → done, refusing skips and stale versions', async () => {
    const db = t.app.deps.db;
    const me = (await t.app.deps.db.selectFrom('users').select('id').where('email', '=', peerEmail).executeTakeFirstOrThrow()).id;
    const cb = await insertCallbackRequest(db, { organisationId: org.id, serviceId: org.serviceId });
    const url = `/api/v1/services/${org.serviceId}/callbacks/${cb.id}`;

    const skip = await peer.patch(url, { version: 1, status: 'done' });
    expect(skip.statusCode).toBe(400);
    expect(skip.json().error.fields).toHaveProperty('status');
    expect((await peer.patch(url, { version: 1, status: 'sorted' })).json().error.fields).toHaveProperty('status');
    expect((await peer.patch(url, { status: 'in_progress' })).json().error.fields).toHaveProperty('version');

    const taken = await peer.patch(url, { version: 1, status: 'in_progress' });
    expect(taken.statusCode).toBe(200);
    expect(taken.json().callback).toMatchObject({ status: 'in_progress', handledBy: me, handledByName: 'Priya Peer', version: 2 });

    const stale = await peer.patch(url, { version: 1, status: 'done' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { version: 2, status: 'in_progress' }, submitted: { version: 1 } });

    const done = await peer.patch(url, { version: 2, status: 'done' });
    expect(done.json().callback).toMatchObject({ status: 'done', handledBy: me, version: 3 });
    expect((await peer.get(boardUrl)).json().callbacks.map((c: { id: string }) => c.id)).not.toContain(cb.id);
    expect((await peer.patch(url, { version: 3, status: 'in_progress' })).statusCode).toBe(400);

    const audit = await db.selectFrom('audit_events').select(['action', 'details']).where('entity_id', '=', cb.id).execute();
    expect(audit.map((a) => JSON.parse(a.details).to)).toEqual(['in_progress', 'done']);

    // Under another service, or another organisation's call back: not found.
    const other = await org.service('Elsewhere in the org');
    const otherLead = await t.signIn((await org.user({ roles: [{ role: 'shift_lead', serviceId: null }] })).email);
    expect((await otherLead.patch(`/api/v1/services/${other}/callbacks/${cb.id}`, { version: 3, status: 'in_progress' })).statusCode).toBe(404);
    const elsewhere = await t.organisation('Elsewhere');
    const foreign = await insertCallbackRequest(db, { organisationId: elsewhere.id, serviceId: elsewhere.serviceId });
    expect((await peer.patch(`/api/v1/services/${org.serviceId}/callbacks/${foreign.id}`, { version: 1, status: 'in_progress' })).statusCode).toBe(404);
    // could not reach → try again.
    const retry = await insertCallbackRequest(db, { organisationId: org.id, serviceId: org.serviceId }, { status: 'could_not_reach', version: 4 });
    expect((await peer.patch(`/api/v1/services/${org.serviceId}/callbacks/${retry.id}`, { version: 4, status: 'in_progress' })).statusCode).toBe(200);
  });

  it('streams board events: at once on connect, on every change, with retry and heartbeats', async () => {
    const serviceId = await org.service('Stream haven');
    const u = await org.user({ roles: [{ role: 'peer_worker', serviceId }] });
    const client = await t.signIn(u.email);
    const other = await org.service('Quiet haven');
    const base = await listen(t.app);
    const cookie = await sessionCookie(t.app, u.email);
    const previous = boardStreamSettings.heartbeatMs;
    boardStreamSettings.heartbeatMs = 150;
    const stream = await openEventStream(base, `/api/v1/services/${serviceId}/board/events`, cookie);
    boardStreamSettings.heartbeatMs = previous;
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.headers.get('cache-control')).toBe('no-store');
      await stream.waitFor((s) => s.includes('retry: 2000\n') && s.includes('event: board\n'));
      expect(stream.text()).toContain(`"serviceId":"${serviceId}"`);
      await stream.waitFor((s) => s.includes(': heartbeat\n'));

      const steps: [string, () => Promise<unknown>][] = [
        ['contact created', () => client.post(`/api/v1/services/${serviceId}/contacts`, { kind: 'walk_in', referralSource: 'self' })],
        ['shift started', () => client.post(`/api/v1/services/${serviceId}/shifts/start`, {})],
        ['call back moved', async () => {
          const cb = await insertCallbackRequest(t.app.deps.db, { organisationId: org.id, serviceId });
          return client.patch(`/api/v1/services/${serviceId}/callbacks/${cb.id}`, { version: 1, status: 'in_progress' });
        }],
        ['shift ended', () => client.post(`/api/v1/services/${serviceId}/shifts/end`, {})],
        ['alert published', () => t.app.deps.realtime.publish(serviceId)],
      ];
      for (const [what, change] of steps) {
        const before = stream.boardEvents();
        await change();
        await stream.waitFor(() => stream.boardEvents() > before, 2000).catch((e: Error) => {
          throw new Error(`${what}: ${e.message}`);
        });
      }

      // A change to another service sends nothing here.
      const before = stream.boardEvents();
      await t.app.deps.realtime.publish(other);
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.boardEvents()).toBe(before);
    } finally {
      stream.close();
    }
  });

  it('refuses the stream to someone not signed in, and for another organisation’s service', async () => {
    const base = await listen(t.app).catch(() => `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`);
    const res = await fetch(`${base}${boardUrl}/events`);
    expect(res.status).toBe(401);
    await res.body?.cancel();
    const elsewhere = await t.organisation('Far away');
    const lead = await elsewhere.user({ roles: [{ role: 'shift_lead', serviceId: null }] });
    const stream = await openEventStream(base, `${boardUrl}/events`, await sessionCookie(t.app, lead.email));
    expect(stream.status).toBe(404);
    stream.close();
  });

  it('ends the stream when the session is signed out', async () => {
    const u = await org.user({ roles: [{ role: 'peer_worker' }] });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const cookie = await sessionCookie(t.app, u.email);
    boardStreamSettings.heartbeatMs = 100;
    const stream = await openEventStream(base, `${boardUrl}/events`, cookie);
    boardStreamSettings.heartbeatMs = 15_000;
    await stream.waitFor((s) => s.includes('event: board'));
    const csrf = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).json().csrfToken as string;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(204);
    await Promise.race([stream.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open after sign-out')), 2000))]);
  });
});

describe.each(ENGINES)('closing the app with open board streams on %s', (engine) => {
  it('ends the streams and does not hang', async () => {
    const t = await createTestApp(engine);
    const org = await t.organisation();
    const u = await org.user({ roles: [{ role: 'peer_worker' }] });
    const base = await listen(t.app);
    const cookie = await sessionCookie(t.app, u.email);
    const streams = await Promise.all([1, 2, 3].map(() => openEventStream(base, `/api/v1/services/${org.serviceId}/board/events`, cookie)));
    await Promise.all(streams.map((s) => s.waitFor((text) => text.includes('event: board'))));
    const started = Date.now();
    await Promise.race([t.close(), new Promise((_, reject) => setTimeout(() => reject(new Error('app.close() hung with open streams')), 5000))]);
    expect(Date.now() - started).toBeLessThan(5000);
    await Promise.all(streams.map((s) => Promise.race([s.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream not ended')), 2000))])));
  });
});
