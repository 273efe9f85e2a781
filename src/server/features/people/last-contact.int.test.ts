import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

/** people.last_contact_at (migration 0010) is kept by triggers on contacts, whatever writes them. */
describe.each(ENGINES)('a person’s latest contact on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());
  const db = () => t.app.deps.db;

  const lastOf = async (personId: string) => (await db().selectFrom('people').select('last_contact_at').where('id', '=', personId).executeTakeFirstOrThrow()).last_contact_at;
  const latestByContacts = async (personId: string) =>
    (await db().selectFrom('contacts').select((eb) => eb.fn.max('arrived_at').as('at')).where('person_id', '=', personId).executeTakeFirst())?.at ?? null;
  const addPerson = async (client: Client, preferredName: string) => {
    const res = await client.post('/api/v1/people', { preferredName, confirmNotDuplicate: true });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it('follows contacts recorded, merged, un-merged, moved and removed, and search shows it', async () => {
    const org = await t.organisation();
    const { client: lead } = await t.staff(org, [{ role: 'shift_lead' }]);
    const { client: manager } = await t.staff(org, [{ role: 'service_manager' }]);
    const kept = await addPerson(lead, 'Morgan Ellery');
    const dupe = await addPerson(lead, 'Morgan Elery');
    expect(await lastOf(kept)).toBeNull();

    const record = async (personId: string, arrivedAt: string) => {
      const res = await lead.post(`/api/v1/services/${org.serviceId}/contacts`, { kind: 'walk_in', referralSource: 'self', personId, arrivedAt });
      expect(res.statusCode, res.body).toBe(201);
    };
    const now = Date.parse(new Date(t.clock.now).toISOString());
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    await record(kept, at(30));
    expect(await lastOf(kept)).toBe(at(30));
    // An earlier contact recorded later does not move it back.
    await record(kept, at(40));
    expect(await lastOf(kept)).toBe(at(30));
    await record(dupe, at(10));
    await record(dupe, at(20));
    expect(await lastOf(dupe)).toBe(at(10));

    const merged = await lead.post(`/api/v1/people/${kept}/merge`, { otherPersonId: dupe, version: 1 });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await lastOf(kept)).toBe(at(10));
    expect(await lastOf(dupe)).toBeNull();
    const found = (await lead.get('/api/v1/people?q=morgan%20ellery')).json().people;
    expect(found.map((p: { id: string; lastContactAt: string | null }) => [p.id, p.lastContactAt])).toEqual([[kept, at(10)]]);

    const undone = await manager.post(`/api/v1/people/merges/${merged.json().mergeId}/undo`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(await lastOf(kept)).toBe(at(30));
    expect(await lastOf(dupe)).toBe(at(10));

    // Changed or removed by hand (no route does either): still kept right.
    const latest = await db().selectFrom('contacts').select('id').where('person_id', '=', dupe).where('arrived_at', '=', at(10)).executeTakeFirstOrThrow();
    await db().updateTable('contacts').set({ arrived_at: at(5) }).where('id', '=', latest.id).execute();
    expect(await lastOf(dupe)).toBe(at(5));
    await db().updateTable('contacts').set({ person_id: kept }).where('id', '=', latest.id).execute();
    expect(await lastOf(dupe)).toBe(at(20));
    expect(await lastOf(kept)).toBe(at(5));
    await db().deleteFrom('contacts').where('id', '=', latest.id).execute();
    expect(await lastOf(kept)).toBe(at(30));
    for (const id of [kept, dupe]) expect(await lastOf(id)).toBe(await latestByContacts(id));
  });
});
