import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { MUTATION_HEADER } from './idempotency.js';

describe.each(ENGINES)('client mutation ids on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('answers a repeated mutation with the first result and applies it once', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    const id = uuidv7();
    const first = await client.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { [MUTATION_HEADER]: id } });
    expect(first.statusCode).toBe(204);
    // The session has ended, so a real second logout would be refused; the replay is not reached
    // without a session either: access is always checked before a replay is given.
    const again = await client.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { [MUTATION_HEADER]: id } });
    expect(again.statusCode).toBe(401);
  });

  it('applies a retried change once and answers the retry with the first result', async () => {
    const org = await t.organisation();
    const manager = await org.user({ roles: [{ role: 'service_manager' }] });
    const client = await t.signIn(manager.email);
    // Managers must have a second factor; these tests stand in for one.
    await t.app.deps.db.updateTable('sessions').set({ stage: 'full' }).where('user_id', '=', manager.id).execute();
    const id = uuidv7();
    const send = () => client.request({ method: 'POST', url: `/api/v1/services/${org.serviceId}/teams`, payload: { name: 'Night team' }, headers: { [MUTATION_HEADER]: id } });
    const first = await send();
    expect(first.statusCode).toBe(201);
    const retry = await send();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['x-idempotent-replay']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const teams = await t.app.deps.db.selectFrom('teams').select('id').where('service_id', '=', org.serviceId).execute();
    expect(teams).toHaveLength(1);
    // Another person sending the same id gets their own change, never this answer.
    const colleague = await org.user({ roles: [{ role: 'service_manager' }] });
    const other = await t.signIn(colleague.email);
    await t.app.deps.db.updateTable('sessions').set({ stage: 'full' }).where('user_id', '=', colleague.id).execute();
    const theirs = await other.request({ method: 'POST', url: `/api/v1/services/${org.serviceId}/teams`, payload: { name: 'Day team' }, headers: { [MUTATION_HEADER]: id } });
    expect(theirs.json().name).toBe('Day team');
  });

  it('refuses a mutation id that is not a UUID', async () => {
    const org = await t.organisation();
    const user = await org.user({ roles: [{ role: 'peer_worker' }] });
    const client = await t.signIn(user.email);
    const res = await client.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { [MUTATION_HEADER]: '<script>' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[MUTATION_HEADER]).toBeTruthy();
  });
});
