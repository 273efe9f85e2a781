import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { AppInstance } from '../../http/context.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { Realtime } from '../../realtime/index.js';
import { createNameIndexes } from './name-index.js';
import { nameIndexesOf, searchPeople, searchPeopleInDatabase } from './service.js';
import { waitFor } from '../../testing/wait.js';


async function addPerson(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/people', { confirmNotDuplicate: true, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

describe.each(ENGINES)('people search from the name index on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let lead: Client;
  let manager: Client;
  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation();
    lead = (await t.staff(org, [{ role: 'shift_lead' }])).client;
    manager = (await t.staff(org, [{ role: 'service_manager' }])).client;
  });
  afterAll(async () => t.close());

  const indexes = () => nameIndexesOf(t.app.deps);
  const found = async (q: string) => ((await lead.get(`/api/v1/people?q=${encodeURIComponent(q)}`)).json().people as { id: string }[]).map((p) => p.id);
  /** What search finds straight after a change (the index was just dropped) and once the index is built again. */
  const foundNowAndFromIndex = async (q: string) => {
    const now = await found(q);
    await indexes().ready(org.id);
    expect(indexes().current(org.id)).toBeDefined();
    return { now, fromIndex: await found(q) };
  };

  it('ranks from the index like the database look, and a create, a rename, a merge and its undo show at once', async () => {
    const wiktoria = await addPerson(lead, { preferredName: 'Wiktoria', fullName: 'Wiktoria Nowak' });
    const wiktor = await addPerson(lead, { preferredName: 'Wiktor', fullName: 'Wiktor Nowakowski' });
    const index = await indexes().ready(org.id);
    expect(index.size).toBe(2);
    // Typos, either order, a prefix: whoever the database look finds, the index finds, in the
    // same order (it also looks further: here the other person, a weaker match, after them).
    for (const q of ['wiktoria nowak', 'nowak viktoria', 'wiktor nowakowsky', 'nowak', 'wik']) {
      const fromDatabase = (await searchPeopleInDatabase(t.app.deps.db, org.id, { q })).map((p) => p.id);
      expect(fromDatabase.length, q).toBeGreaterThan(0);
      expect((await found(q)).slice(0, fromDatabase.length), q).toEqual(fromDatabase);
    }
    expect((await found('wiktoria nowak'))[0]).toBe(wiktoria.id);

    // Created: found at once, and by the index built after it.
    const zofia = await addPerson(lead, { preferredName: 'Zofia', fullName: 'Zofia Lewandowska' });
    expect(indexes().current(org.id)?.size ?? 0).not.toBe(2);
    let seen = await foundNowAndFromIndex('zofia lewandowska');
    expect(seen.now[0]).toBe(zofia.id);
    expect(seen.fromIndex[0]).toBe(zofia.id);
    expect(indexes().current(org.id)?.size).toBe(3);

    // Renamed: the old name no longer finds her, the new one does.
    expect((await lead.patch(`/api/v1/people/${zofia.id}`, { fullName: 'Zofia Kaminska', version: zofia.version })).statusCode).toBe(200);
    seen = await foundNowAndFromIndex('lewandowska');
    expect(seen.now).not.toContain(zofia.id);
    expect(seen.fromIndex).not.toContain(zofia.id);
    seen = await foundNowAndFromIndex('zofia kaminska');
    expect(seen.now[0]).toBe(zofia.id);
    expect(seen.fromIndex[0]).toBe(zofia.id);

    // Merged: the merged record is no longer found; undone: it is again.
    const merge = await lead.post(`/api/v1/people/${wiktoria.id}/merge`, { otherPersonId: wiktor.id, version: wiktoria.version });
    expect(merge.statusCode, merge.body).toBe(200);
    seen = await foundNowAndFromIndex('wiktor nowakowski');
    expect(seen.now).not.toContain(wiktor.id);
    expect(seen.fromIndex).not.toContain(wiktor.id);
    expect(seen.fromIndex).toContain(wiktoria.id);
    expect((await manager.post(`/api/v1/people/merges/${merge.json().mergeId}/undo`)).statusCode).toBe(200);
    seen = await foundNowAndFromIndex('wiktor nowakowski');
    expect(seen.now[0]).toBe(wiktor.id);
    expect(seen.fromIndex[0]).toBe(wiktor.id);
  });

  it('a change to what a result shows, or a contact recorded with them, shows at once and then from the index', async () => {
    const ola = await addPerson(lead, { preferredName: 'Ola', fullName: 'Aleksandra Wozniak', pronouns: 'she/her', postcode: 'BN1 1AA' });
    let index = await indexes().ready(org.id);
    const shown = async () => (await lead.get('/api/v1/people?q=aleksandra%20wozniak')).json().people[0] as { id: string; pronouns: string | null; postcode: string | null; lastContactAt: string | null };
    const person = () => index.search(['aleksandra', 'wozniak'], 1)[0]!.person;
    expect(await shown()).toMatchObject({ id: ola.id, pronouns: 'she/her', postcode: 'BN1 1AA', lastContactAt: null });

    // Not a name: the index is kept (no build), only she is read again.
    const patched = await lead.patch(`/api/v1/people/${ola.id}`, { pronouns: 'they/them', postcode: 'BN2 2BB', version: ola.version });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(indexes().current(org.id)).toBe(index);
    expect(await shown()).toMatchObject({ pronouns: 'they/them', postcode: 'BN2 2BB' });
    await indexes().settled();
    expect(index.briefOf(person())).toMatchObject({ pronouns: 'they/them', postcode: 'BN2 2BB' });
    expect(await shown()).toMatchObject({ pronouns: 'they/them', postcode: 'BN2 2BB' });

    // A contact recorded with her is her latest contact, in the very next search.
    const arrivedAt = new Date(t.clock.now - 60_000).toISOString();
    const contact = await lead.post(`/api/v1/services/${org.serviceId}/contacts`, { kind: 'walk_in', referralSource: 'self', personId: ola.id, arrivedAt });
    expect(contact.statusCode, contact.body).toBe(201);
    expect((await shown()).lastContactAt).toBe(arrivedAt);
    await indexes().settled();
    expect(index.briefOf(person())?.last_contact_at).toBe(arrivedAt);
    expect(indexes().current(org.id)).toBe(index);

    // Changed behind the app's back (by hand in SQL): the next build reads it.
    await t.app.deps.db.updateTable('people').set({ postcode: 'BN3 3CC' }).where('id', '=', ola.id).execute();
    expect((await shown()).postcode).toBe('BN2 2BB');
    await indexes().changed(org.id);
    index = await indexes().ready(org.id);
    expect((await shown()).postcode).toBe('BN3 3CC');
  });

  it('its own messages coming back are ignored; another instance’s drop everything or mark one person', async () => {
    // A Realtime that delivers only when told, so the order of a message and a build is the test's.
    const sent: (string | undefined)[] = [];
    let deliver: (detail?: string) => void = () => undefined;
    const realtime: Realtime = {
      publish: async (_topic, detail) => void sent.push(detail),
      subscribe: async (_topic, fn) => {
        deliver = fn;
        return () => undefined;
      },
      close: async () => undefined,
      connected: () => true,
    };
    const mine = createNameIndexes(t.app.deps.db, realtime, () => t.clock.now);
    const theirs = createNameIndexes(t.app.deps.db, { ...realtime, publish: async (_topic, detail) => void sent.push(detail) }, () => t.clock.now);
    try {
      const marta = await addPerson(lead, { preferredName: 'Marta', fullName: 'Marta Lis' });
      const built = await mine.ready(org.id);
      await mine.changed(org.id);
      const rebuilt = await mine.ready(org.id);
      expect(rebuilt).not.toBe(built);
      deliver(sent.at(-1)); // its own "changed", after the build
      expect(mine.current(org.id)).toBe(rebuilt);

      // Another instance's: a person changed, then anything.
      const person = rebuilt.search(['marta', 'lis'], 1)[0]!.person;
      await theirs.touched(org.id, [marta.id]);
      deliver(sent.at(-1));
      expect(rebuilt.briefOf(person)).toBeUndefined();
      await mine.settled();
      expect(rebuilt.briefOf(person)?.id).toBe(marta.id);
      await theirs.changed(org.id);
      deliver(sent.at(-1));
      expect(mine.current(org.id)).toBeUndefined();
      deliver(); // the listener was down: anything may have changed
      expect(await mine.ready(org.id)).not.toBe(rebuilt);
    } finally {
      mine.close();
      theirs.close();
    }
  });

  it('a change is still acted on here when other instances cannot be told, and never fails the request', async () => {
    const broken: Realtime = {
      publish: async () => {
        throw new Error('NOTIFY failed');
      },
      subscribe: async () => () => undefined,
      close: async () => undefined,
      connected: () => true,
    };
    const alone = createNameIndexes(t.app.deps.db, broken, () => t.clock.now);
    try {
      const jola = await addPerson(lead, { preferredName: 'Jola', fullName: 'Jolanta Mazur' });
      const index = await alone.ready(org.id);
      const person = index.search(['jolanta', 'mazur'], 1)[0]!.person;
      await expect(alone.touched(org.id, [jola.id])).resolves.toBeUndefined();
      expect(index.briefOf(person)).toBeUndefined();
      await expect(alone.changed(org.id)).resolves.toBeUndefined();
      expect(alone.current(org.id)).toBeUndefined();
    } finally {
      alone.close();
    }
  });

  it('a date of birth or NHS number search reads the database, and another organisation’s people are never in the index', async () => {
    const other = await t.organisation();
    const { client: theirs } = await t.staff(other, [{ role: 'shift_lead' }]);
    const mine = await addPerson(lead, { preferredName: 'Henryk', fullName: 'Henryk Sienkiewicz', dateOfBirth: '1966-05-05' });
    await addPerson(theirs, { preferredName: 'Henryk', fullName: 'Henryk Sienkiewicz' });
    await indexes().ready(org.id);
    expect(await found('henryk sienkiewicz')).toEqual([mine.id]);
    const byBirth = (await lead.get('/api/v1/people?q=henryk&dob=1966-05-05')).json().people;
    expect(byBirth[0]).toMatchObject({ id: mine.id, matchedOn: ['dob', 'name'] });
  });
});

describe('the name index on two app instances on one PostgreSQL database', () => {
  let t: TestApp;
  let second: AppInstance;
  let org: TestOrg;
  beforeAll(async () => {
    t = await createTestApp('postgres');
    second = await buildApp(t.config, { clock: () => t.clock.now });
    org = await t.organisation();
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('a create, a rename and a merge on one instance drop the other instance’s index', async () => {
    const { client: lead } = await t.staff(org, [{ role: 'shift_lead' }]);
    const onSecond = async (q: string) => (await searchPeople(second.deps, org.id, { q })).map((p) => p.id);
    const other = nameIndexesOf(second.deps);
    const jan = await addPerson(lead, { preferredName: 'Jan', fullName: 'Jan Kowalczyk' });
    await other.ready(org.id);
    expect((await onSecond('jan kowalczyk'))[0]).toBe(jan.id);

    // Each change reaches the other instance through PostgreSQL's NOTIFY (milliseconds): had its
    // index not been dropped, it would never find the change.
    const anna = await addPerson(lead, { preferredName: 'Anna', fullName: 'Anna Kowalczyk' });
    await waitFor(async () => (await onSecond('anna kowalczyk'))[0] === anna.id, 'the second instance finds the new person', 3000);
    await other.ready(org.id);
    expect(other.current(org.id)!.size).toBe(2);
    expect((await onSecond('anna kowalczyk'))[0]).toBe(anna.id);

    expect((await lead.patch(`/api/v1/people/${anna.id}`, { fullName: 'Anna Zielinska', version: anna.version })).statusCode).toBe(200);
    await waitFor(async () => (await onSecond('zielinska'))[0] === anna.id, 'the second instance finds the new name', 3000);
    await other.ready(org.id);
    expect(await onSecond('zielinska')).toEqual([anna.id]);
    expect(await onSecond('anna kowalczyk')).not.toContain(anna.id);

    expect((await lead.post(`/api/v1/people/${jan.id}/merge`, { otherPersonId: anna.id, version: jan.version })).statusCode).toBe(200);
    await waitFor(async () => !(await onSecond('zielinska')).includes(anna.id), 'the second instance no longer finds the merged record', 3000);
    await other.ready(org.id);
    expect(await onSecond('zielinska')).toEqual([]);
    expect(other.current(org.id)!.size).toBe(1);

    // A change that is not a name, and a contact: the other instance reads only Jan again, and shows both.
    const built = other.current(org.id)!;
    const janNow = (await lead.get(`/api/v1/people/${jan.id}`)).json() as { version: number };
    expect((await lead.patch(`/api/v1/people/${jan.id}`, { postcode: 'LS1 4AP', version: janNow.version })).statusCode).toBe(200);
    const firstOnSecond = async () => (await searchPeople(second.deps, org.id, { q: 'jan kowalczyk' }))[0]!;
    await waitFor(async () => (await firstOnSecond()).postcode === 'LS1 4AP', 'the second instance shows the new postcode', 3000);
    const arrivedAt = new Date(t.clock.now - 60_000).toISOString();
    expect((await lead.post(`/api/v1/services/${org.serviceId}/contacts`, { kind: 'walk_in', referralSource: 'self', personId: jan.id, arrivedAt })).statusCode).toBe(201);
    await waitFor(async () => (await firstOnSecond()).lastContactAt === arrivedAt, 'the second instance shows the new latest contact', 3000);
    await other.settled();
    expect(other.current(org.id)).toBe(built);
    expect(built.briefOf(built.search(['jan', 'kowalczyk'], 1)[0]!.person)).toMatchObject({ postcode: 'LS1 4AP', last_contact_at: arrivedAt });
  });
});
