import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { newId } from '../../db/values.js';
import { up as addPairTerms } from '../../db/migrations/0005_people_search_pairs.js';
import { nameKey, namePhonetic, searchTerms } from './rules.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';

describe.each(ENGINES)('people API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[]) => t.staff(org, roles);
  const peer = (org: TestOrg) => as(org, [{ role: 'peer_worker' }]);
  const db = () => t.app.deps.db;
  const auditOf = (action: string, entityId: string) =>
    db().selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', entityId).orderBy('seq').execute();

  async function addPerson(client: Client, body: Record<string, unknown>) {
    const res = await client.post('/api/v1/people', { confirmNotDuplicate: true, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number; preferredName: string };
  }

  const now = () => new Date(t.clock.now).toISOString();
  async function contactFor(org: TestOrg, personId: string, arrivedAt: string, serviceId = org.serviceId) {
    const id = newId();
    await db()
      .insertInto('contacts')
      .values({ id, organisation_id: org.id, service_id: serviceId, person_id: personId, display_label: null, kind: 'walk_in', referral_source: 'self', referral_other: null, arrived_at: arrivedAt, first_seen_at: null, left_at: null, worker_user_id: null, reason: null, what_helped: null, outcome: 'home_with_plan', outcome_detail: null, signposted_to: '[]', otherwise_would_have: null, carers_present: 0, carers_note: null, under16: 0, created_by: null, created_at: now(), updated_at: now(), version: 1 })
      .execute();
    return id;
  }
  async function episodeFor(org: TestOrg, personId: string, offeredAt: string) {
    const id = newId();
    await db()
      .insertInto('episodes')
      .values({ id, organisation_id: org.id, service_id: org.serviceId, person_id: personId, contact_id: null, status: 'accepted', offered_at: offeredAt, accepted_at: offeredAt, declined_at: null, declined_reason: null, session_limit: 10, goals: '[]', closed_at: null, closing_reason: null, closing_note: null, created_by: null, created_at: offeredAt, updated_at: offeredAt, version: 1 })
      .execute();
    return id;
  }

  it('adds a person with every field, stores the NHS number as digits and reads it back (audited)', async () => {
    const org = await t.organisation();
    const { client, id: userId } = await peer(org);
    const res = await client.post('/api/v1/people', {
      preferredName: '  Alex ',
      fullName: 'Alexandra Núñez',
      pronouns: 'she/her',
      dateOfBirth: '1990-04-27',
      phone: '07700 900123',
      email: 'Alex@Example.org',
      address: '1 High Street',
      postcode: 'ls1  4ap',
      preferredLanguage: 'Spanish',
      communicationNeeds: 'Likes things written down',
      nhsNumber: '943 476 5919',
      equality: { ethnicity: 'mixed_other', religion: 'prefer_not_to_say' },
      whatHelps: 'A cup of tea and someone to listen',
    });
    expect(res.statusCode, res.body).toBe(201);
    const person = res.json();
    expect(person).toMatchObject({
      preferredName: 'Alex',
      fullName: 'Alexandra Núñez',
      nhsNumber: '9434765919',
      email: 'alex@example.org',
      postcode: 'LS1 4AP',
      dateOfBirth: '1990-04-27',
      approximateAge: null,
      ageNow: 36,
      equality: { ethnicity: 'mixed_other', religion: 'prefer_not_to_say', gender: 'not_asked' },
      mergedIntoId: null,
      version: 1,
    });
    const row = await db().selectFrom('people').select(['name_key', 'name_phonetic', 'organisation_id', 'created_by']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name_key: 'alex alexandra nunez', organisation_id: org.id, created_by: userId });
    expect(row.name_phonetic.split(' ')).toHaveLength(3);
    const created = await auditOf('person.create', person.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.details).not.toContain('Alex');

    const read = await client.get(`/api/v1/people/${person.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(person);
    const reads = await auditOf('person.read', person.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actor_user_id).toBe(userId);
    expect(JSON.parse(reads[0]!.details)).toEqual({ view: 'record' });
  });

  it('keeps an approximate age with the day it was given', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    const person = await addPerson(client, { preferredName: 'Kit', approximateAge: 40 });
    expect(person).toMatchObject({ approximateAge: 40, ageRecordedOn: '2026-11-26', dateOfBirth: null, ageNow: 40 });
    const changed = await client.patch(`/api/v1/people/${person.id}`, { version: 1, dateOfBirth: '1986-01-02' });
    expect(changed.json()).toMatchObject({ dateOfBirth: '1986-01-02', approximateAge: null, ageRecordedOn: null, version: 2 });
  });

  it('answers bad input with field errors and stores nothing', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    const cases: [Record<string, unknown>, string][] = [
      [{ preferredName: ' ' }, 'preferredName'],
      [{ preferredName: 'Sam', nhsNumber: '943 476 5918' }, 'nhsNumber'],
      [{ preferredName: 'Sam', nhsNumber: '12345' }, 'nhsNumber'],
      [{ preferredName: 'Sam', dateOfBirth: '2099-01-01' }, 'dateOfBirth'],
      [{ preferredName: 'Sam', dateOfBirth: '1850-01-01' }, 'dateOfBirth'],
      [{ preferredName: 'Sam', dateOfBirth: '1990-02-30' }, 'dateOfBirth'],
      [{ preferredName: 'Sam', approximateAge: 121 }, 'approximateAge'],
      [{ preferredName: 'Sam', dateOfBirth: '1990-01-01', approximateAge: 30 }, 'approximateAge'],
      [{ preferredName: 'Sam', equality: { ethnicity: 'martian' } }, 'equality.ethnicity'],
      [{ preferredName: 'Sam', email: 'not an email' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await client.post('/api/v1/people', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
      expect(Object.keys(res.json().error.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect((await client.post('/api/v1/people', { preferredName: 'Sam', riskScore: 3 })).statusCode).toBe(400);
    const rows = await db().selectFrom('people').select('id').where('organisation_id', '=', org.id).execute();
    expect(rows).toEqual([]);
    expect((await client.get('/api/v1/people')).statusCode).toBe(400);
    expect((await client.get('/api/v1/people?dob=1990-13-01')).statusCode).toBe(400);
  });

  it('warns about possible duplicates, and adds them once the worker confirms', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    const first = await addPerson(client, { preferredName: 'John Smith', dateOfBirth: '1985-03-04' });
    await contactFor(org, first.id, '2026-11-20T10:00:00.000Z');
    const res = await client.post('/api/v1/people', { preferredName: 'Jon Smyth', dateOfBirth: '1985-03-04' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'possible_duplicate',
      candidates: [{ id: first.id, preferredName: 'John Smith', dateOfBirth: '1985-03-04', approximateAge: null, lastContactAt: '2026-11-20T10:00:00.000Z' }],
    });
    // A different date of birth is a different person.
    expect((await client.post('/api/v1/people', { preferredName: 'Jon Smyth', dateOfBirth: '1999-03-04' })).statusCode).toBe(201);
    const again = await client.post('/api/v1/people', { preferredName: 'Jon Smyth', dateOfBirth: '1985-03-04', confirmNotDuplicate: true });
    expect(again.statusCode).toBe(201);
    const people = await db().selectFrom('people').select('id').where('organisation_id', '=', org.id).execute();
    expect(people).toHaveLength(3);
    // The same NHS number warns whatever the name.
    await addPerson(client, { preferredName: 'Pat', nhsNumber: '4010232137' });
    const nhs = await client.post('/api/v1/people', { preferredName: 'Someone Else', nhsNumber: '4010232137' });
    expect(nhs.statusCode).toBe(409);
    expect(nhs.json().error.candidates.map((c: { preferredName: string }) => c.preferredName)).toEqual(['Pat']);
  });

  it('a repeat of a create with the same client id answers the first record', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    const id = newId();
    const first = await client.post('/api/v1/people', { id, preferredName: 'Robin', confirmNotDuplicate: true });
    expect(first.statusCode).toBe(201);
    const repeat = await client.post('/api/v1/people', { id, preferredName: 'Robin', confirmNotDuplicate: true });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(first.json());
    expect(await db().selectFrom('people').select('id').where('organisation_id', '=', org.id).execute()).toHaveLength(1);
  });

  it('finds people with typos, by date of birth and by NHS number, never another organisation’s', async () => {
    const org = await t.organisation();
    const other = await t.organisation();
    const { client } = await peer(org);
    const { client: theirs } = await peer(other);
    const jon = await addPerson(client, { preferredName: 'Jon Smyth', dateOfBirth: '1980-01-01' });
    const johanna = await addPerson(client, { preferredName: 'Jo', fullName: 'Johanna Smithson', nhsNumber: '9434765919' });
    await addPerson(client, { preferredName: 'Mary Jones', dateOfBirth: '1980-01-01' });
    await addPerson(theirs, { preferredName: 'John Smith' });
    await contactFor(org, jon.id, '2026-11-01T09:00:00.000Z');

    const res = await client.get('/api/v1/people?q=John%20Smith');
    expect(res.statusCode).toBe(200);
    const found = res.json().people as { id: string; preferredName: string; matchedOn: string[]; lastContactAt: string | null }[];
    expect(found[0]).toMatchObject({ id: jon.id, preferredName: 'Jon Smyth', matchedOn: ['name'], lastContactAt: '2026-11-01T09:00:00.000Z' });
    expect(found.map((p) => p.preferredName)).not.toContain('Mary Jones');
    expect(found.map((p) => p.preferredName)).not.toContain('John Smith');

    // Words in another order, and a middle or family name alone, are found by the wider look.
    expect((await client.get('/api/v1/people?q=smyth%20jon')).json().people[0]).toMatchObject({ id: jon.id });
    expect((await client.get('/api/v1/people?q=smithsen')).json().people[0]).toMatchObject({ id: johanna.id });
    const prefix = (await client.get('/api/v1/people?q=joh')).json().people.map((p: { id: string }) => p.id);
    expect(prefix).toContain(johanna.id);
    const byDob = (await client.get('/api/v1/people?dob=1980-01-01')).json().people.map((p: { preferredName: string }) => p.preferredName);
    expect(byDob.sort()).toEqual(['Jon Smyth', 'Mary Jones']);
    const byNhs = (await client.get('/api/v1/people?nhs=943%20476%205919')).json().people;
    expect(byNhs).toHaveLength(1);
    expect(byNhs[0]).toMatchObject({ id: johanna.id, matchedOn: ['nhs'] });
    const both = (await client.get('/api/v1/people?q=mary&dob=1980-01-01')).json().people;
    expect(both[0]).toMatchObject({ preferredName: 'Mary Jones', matchedOn: ['dob', 'name'] });
    // Another organisation finds only its own.
    const theirSearch = (await theirs.get('/api/v1/people?q=smith')).json().people.map((p: { preferredName: string }) => p.preferredName);
    expect(theirSearch).toEqual(['John Smith']);
  });

  /** People written straight to the database with their search terms, as the generator does: fast enough for thousands. */
  async function bulkPeople(org: TestOrg, names: [string, string][]) {
    const ids: string[] = [];
    for (let i = 0; i < names.length; i += 200) {
      const chunk = names.slice(i, i + 200).map(([preferred, full]) => {
        const key = nameKey(`${preferred} ${full}`);
        return { id: newId(), organisation_id: org.id, preferred_name: preferred, full_name: full, pronouns: null, date_of_birth: null, approximate_age: null, age_recorded_on: null, phone: null, email: null, address: null, postcode: null, preferred_language: null, communication_needs: null, nhs_number: null, equality: '{}', what_helps: null, name_key: key, name_phonetic: namePhonetic(key), merged_into_id: null, merged_at: null, created_by: null, created_at: now(), updated_at: now(), version: 1 };
      });
      await db().insertInto('people').values(chunk).execute();
      // All their search terms in one insert: the same rows replaceSearchTerms writes for each person.
      const terms = chunk.flatMap((row) => searchTerms(row.preferred_name, row.full_name).map((x) => ({ organisation_id: org.id, person_id: row.id, kind: x.kind, term: x.term })));
      for (let j = 0; j < terms.length; j += 500) await db().insertInto('person_search_terms' as never).values(terms.slice(j, j + 500) as never).execute();
      ids.push(...chunk.map((row) => row.id));
    }
    return ids;
  }

  it('finds the one person with both of two common names, in any order and misspelt', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    // 1,200 people share the first name and 1,200 the family name: more than any one range reads.
    const crowd: [string, string][] = [];
    for (let i = 0; i < 1200; i += 1) crowd.push(['Priya', `Priya Surname${i}`], ['Sam', `Sam${i} Adebayo`]);
    await bulkPeople(org, crowd);
    const [wanted] = await bulkPeople(org, [['Priya', 'Priya Adebayo']]);
    for (const q of ['priya adebayo', 'adebayo priya', 'pria adebaio', 'adebaio priya']) {
      const found = (await client.get(`/api/v1/people?q=${encodeURIComponent(q)}`)).json().people as { id: string }[];
      expect(found[0]?.id, q).toBe(wanted);
    }
  });

  it('a misspelling as close to one name as another finds both, not only the ones that sound alike', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    // "pior" is as near to Priya (same sound) as to Piotr (same letters): many Priyas must not hide Piotr.
    await bulkPeople(org, Array.from({ length: 8 }, (): [string, string] => ['Priya', 'Priya Adebayo']));
    const [piotr] = await bulkPeople(org, [['Piotr', 'Piotr Adebayo']]);
    const found = (await client.get(`/api/v1/people?q=${encodeURIComponent('pior adebaio')}`)).json().people as { id: string }[];
    expect(found.map((p) => p.id)).toContain(piotr);
  });

  it('gives people recorded before pair terms existed their pair terms (migration 0005)', async () => {
    const org = await t.organisation();
    const [id] = await bulkPeople(org, [['Winston', 'Winston Wright']]);
    const terms = () => db().selectFrom('person_search_terms' as never).select(['kind' as never, 'term' as never]).where('person_id' as never, '=', id as never).execute() as Promise<{ kind: string; term: string }[]>;
    const before = (await terms()).filter((x) => x.kind === 'q' || x.kind === 'r');
    expect(before.length).toBeGreaterThan(0);
    await db().deleteFrom('person_search_terms' as never).where('person_id' as never, '=', id as never).where('kind' as never, 'in', ['q', 'r'] as never).execute();
    await addPairTerms(db() as never, engine);
    const after = (await terms()).filter((x) => x.kind === 'q' || x.kind === 'r');
    expect(after.sort((a, b) => a.term.localeCompare(b.term))).toEqual(before.sort((a, b) => a.term.localeCompare(b.term)));
  });

  it('updates with a version, refreshes the search keys and refuses a stale version', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    const person = await addPerson(client, { preferredName: 'Sam Brown', equality: { gender: 'woman' } });
    const changed = await client.patch(`/api/v1/people/${person.id}`, { version: 1, preferredName: 'Samira Khan', whatHelps: 'Walking', equality: { religion: 'muslim' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ preferredName: 'Samira Khan', whatHelps: 'Walking', version: 2, equality: { gender: 'woman', religion: 'muslim' } });
    const updates = await auditOf('person.update', person.id);
    expect(JSON.parse(updates[0]!.details)).toEqual({ fields: ['equality', 'preferredName', 'whatHelps'] });
    expect((await client.get('/api/v1/people?q=brown')).json().people).toEqual([]);
    expect((await client.get('/api/v1/people?q=kahn')).json().people.map((p: { id: string }) => p.id)).toEqual([person.id]);

    const stale = await client.patch(`/api/v1/people/${person.id}`, { version: 1, pronouns: 'they/them' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { preferredName: 'Samira Khan', version: 2 }, submitted: { version: 1, pronouns: 'they/them' } });
    const bad = await client.patch(`/api/v1/people/${person.id}`, { version: 2, nhsNumber: '1234567890' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('nhsNumber');
    const row = await db().selectFrom('people').select(['version', 'pronouns', 'nhs_number']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 2, pronouns: null, nhs_number: null });
  });

  it('answers 404 for another organisation’s people and merges', async () => {
    const org = await t.organisation();
    const other = await t.organisation();
    const { client } = await as(org, [{ role: 'service_manager' }]);
    const { client: theirs } = await as(other, [{ role: 'service_manager' }]);
    const theirPerson = await addPerson(theirs, { preferredName: 'Theirs' });
    const theirOther = await addPerson(theirs, { preferredName: 'Theirs Too' });
    const merge = (await theirs.post(`/api/v1/people/${theirPerson.id}/merge`, { otherPersonId: theirOther.id, version: 1 })).json();
    const mine = await addPerson(client, { preferredName: 'Mine' });
    expect((await client.get(`/api/v1/people/${theirPerson.id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/v1/people/${theirPerson.id}/timeline`)).statusCode).toBe(404);
    expect((await client.patch(`/api/v1/people/${theirPerson.id}`, { version: 2, preferredName: 'Mine now' })).statusCode).toBe(404);
    expect((await client.post(`/api/v1/people/${theirPerson.id}/merge`, { otherPersonId: mine.id, version: 2 })).statusCode).toBe(404);
    const intoMine = await client.post(`/api/v1/people/${mine.id}/merge`, { otherPersonId: theirOther.id, version: 1 });
    expect(intoMine.statusCode).toBe(400);
    expect(intoMine.json().error.fields).toHaveProperty('otherPersonId');
    expect((await client.post(`/api/v1/people/merges/${merge.mergeId}/undo`)).statusCode).toBe(404);
    expect((await client.get(`/api/v1/people/${newId()}`)).statusCode).toBe(404);
    const row = await db().selectFrom('people').select(['preferred_name', 'merged_into_id']).where('id', '=', theirOther.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ preferred_name: 'Theirs Too', merged_into_id: theirPerson.id });
  });

  it('shows the timeline newest first across services, and audits the read', async () => {
    const org = await t.organisation();
    const second = await org.service('Crisis café');
    const { client, id: userId } = await peer(org);
    const person = await addPerson(client, { preferredName: 'Lee' });
    const c1 = await contactFor(org, person.id, '2026-10-01T18:00:00.000Z');
    const c2 = await contactFor(org, person.id, '2026-11-02T20:00:00.000Z', second);
    const ep = await episodeFor(org, person.id, '2026-10-02T10:00:00.000Z');
    const sessionId = newId();
    await db()
      .insertInto('episode_sessions')
      .values({ id: sessionId, organisation_id: org.id, episode_id: ep, number: 1, held_at: '2026-10-09T10:00:00.000Z', worker_user_id: null, what_has_been_happening: 'Private words', strengths_and_resources: null, people_and_networks: null, help_from_services: null, next_steps: null, beyond_limit_reason: null, created_by: null, created_at: now(), updated_at: now(), version: 1 })
      .execute();
    const transitionId = newId();
    await db()
      .insertInto('transitions')
      .values({ id: transitionId, organisation_id: org.id, episode_id: ep, to_directory_service_id: null, to_name: 'Community hub', planned_date: '2026-12-01', handover_summary: null, share_consent: 0, share_consent_at: null, share_consent_how: null, status: 'planned', created_by: null, created_at: '2026-10-20T12:00:00.000Z', updated_at: now(), version: 1 })
      .execute();

    const res = await client.get(`/api/v1/people/${person.id}/timeline`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { type: string; id: string }) => [i.type, i.id])).toEqual([
      ['contact', c2],
      ['transition', transitionId],
      ['session', sessionId],
      ['episode', ep],
      ['contact', c1],
    ]);
    expect(items[0]).toMatchObject({ serviceId: second, serviceName: 'Crisis café', contactKind: 'walk_in', outcome: 'home_with_plan' });
    expect(items[1]).toMatchObject({ serviceName: 'Safe haven', toName: 'Community hub', plannedDate: '2026-12-01', status: 'planned', episodeId: ep });
    expect(items[2]).toMatchObject({ sessionNumber: 1, episodeId: ep, serviceId: org.serviceId });
    expect(JSON.stringify(items)).not.toContain('Private words');
    const reads = await auditOf('person.read', person.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actor_user_id).toBe(userId);
    expect(JSON.parse(reads[0]!.details)).toMatchObject({ view: 'timeline' });
  });

  it('merges two records, then undoing restores exactly what moved', async () => {
    const org = await t.organisation();
    const { client: lead, id: leadId } = await as(org, [{ role: 'shift_lead' }]);
    const { client: manager } = await as(org, [{ role: 'service_manager' }]);
    const kept = await addPerson(lead, { preferredName: 'Chris Taylor', dateOfBirth: '1970-07-07' });
    const dupe = await addPerson(lead, { preferredName: 'Kris Tailor', dateOfBirth: '1970-07-07' });
    const keptContact = await contactFor(org, kept.id, '2026-09-01T10:00:00.000Z');
    const moved1 = await contactFor(org, dupe.id, '2026-09-05T10:00:00.000Z');
    const moved2 = await contactFor(org, dupe.id, '2026-09-06T10:00:00.000Z');
    const movedEpisode = await episodeFor(org, dupe.id, '2026-09-07T10:00:00.000Z');

    expect((await lead.post(`/api/v1/people/${kept.id}/merge`, { otherPersonId: kept.id, version: 1 })).statusCode).toBe(400);
    const stale = await lead.post(`/api/v1/people/${kept.id}/merge`, { otherPersonId: dupe.id, version: 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');

    const res = await lead.post(`/api/v1/people/${kept.id}/merge`, { otherPersonId: dupe.id, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    const merge = res.json();
    expect(merge).toMatchObject({ keptPersonId: kept.id, mergedPersonId: dupe.id, moved: { contacts: 2, episodes: 1 }, person: { id: kept.id, version: 2 } });
    const owners = async () =>
      Object.fromEntries((await db().selectFrom('contacts').select(['id', 'person_id']).where('organisation_id', '=', org.id).execute()).map((r) => [r.id, r.person_id]));
    expect(await owners()).toEqual({ [keptContact]: kept.id, [moved1]: kept.id, [moved2]: kept.id });
    expect((await db().selectFrom('episodes').select('person_id').where('id', '=', movedEpisode).executeTakeFirstOrThrow()).person_id).toBe(kept.id);
    const stored = await db().selectFrom('person_merges').selectAll().where('id', '=', merge.mergeId).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.moved)).toEqual({ contacts: [moved1, moved2].sort(), episodes: [movedEpisode], plans: [] });
    expect(stored.merged_by).toBe(leadId);
    const mergeAudit = await auditOf('person.merge', kept.id);
    expect(JSON.parse(mergeAudit[0]!.details)).toEqual({ mergeId: merge.mergeId, mergedPersonId: dupe.id, contacts: 2, episodes: 1 });

    // The merged record still answers, pointing to the kept one; search no longer lists it.
    const gone = await lead.get(`/api/v1/people/${dupe.id}`);
    expect(gone.statusCode).toBe(200);
    expect(gone.json()).toMatchObject({ mergedIntoId: kept.id });
    const found = (await lead.get('/api/v1/people?q=kris%20tailor')).json().people.map((p: { id: string }) => p.id);
    expect(found).toEqual([kept.id]);
    expect((await lead.patch(`/api/v1/people/${dupe.id}`, { version: 2, pronouns: 'he/him' })).statusCode).toBe(409);
    const timeline = (await lead.get(`/api/v1/people/${kept.id}/timeline`)).json().items;
    expect(timeline).toHaveLength(4);
    // Merging the merged record again is refused.
    expect((await lead.post(`/api/v1/people/${kept.id}/merge`, { otherPersonId: dupe.id, version: 2 })).statusCode).toBe(400);

    // A contact added to the kept record after the merge stays with it on undo.
    const later = await contactFor(org, kept.id, '2026-11-25T10:00:00.000Z');
    expect((await lead.post(`/api/v1/people/merges/${merge.mergeId}/undo`)).statusCode).toBe(403);
    const undo = await manager.post(`/api/v1/people/merges/${merge.mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ mergeId: merge.mergeId, keptPersonId: kept.id, restoredPersonId: dupe.id, moved: { contacts: 2, episodes: 1 } });
    expect(await owners()).toEqual({ [keptContact]: kept.id, [moved1]: dupe.id, [moved2]: dupe.id, [later]: kept.id });
    expect((await db().selectFrom('episodes').select('person_id').where('id', '=', movedEpisode).executeTakeFirstOrThrow()).person_id).toBe(dupe.id);
    const restored = (await lead.get(`/api/v1/people/${dupe.id}`)).json();
    expect(restored).toMatchObject({ mergedIntoId: null, mergedAt: null });
    const undone = await db().selectFrom('person_merges').select(['undone_at', 'undone_by']).where('id', '=', merge.mergeId).executeTakeFirstOrThrow();
    expect(undone.undone_at).not.toBeNull();
    expect((await auditOf('person.merge_undo', kept.id))).toHaveLength(1);
    expect((await manager.post(`/api/v1/people/merges/${merge.mergeId}/undo`)).statusCode).toBe(409);
    expect((await lead.get('/api/v1/people?q=kris%20tailor')).json().people.map((p: { id: string }) => p.id).sort()).toEqual([kept.id, dupe.id].sort());
  });

  it('a crisis plan moves with the person on a merge and back on undo; two plans are never joined', async () => {
    const org = await t.organisation();
    const { client: lead } = await as(org, [{ role: 'shift_lead' }]);
    const { client: manager } = await as(org, [{ role: 'service_manager' }]);
    const kept = await addPerson(lead, { preferredName: 'Robin Hale', dateOfBirth: '1981-03-03' });
    const dupe = await addPerson(lead, { preferredName: 'Robyn Hale', dateOfBirth: '1981-03-03' });
    const third = await addPerson(lead, { preferredName: 'Robin Hail', dateOfBirth: '1981-03-03' });
    const planOf = async (personId: string) => (await lead.post(`/api/v1/people/${personId}/plan`, { content: { whenWell: 'Gardening' } })).json().plan.id as string;
    const dupePlan = await planOf(dupe.id);
    const thirdPlan = await planOf(third.id);
    const owner = async (planId: string) => (await db().selectFrom('crisis_plans').select('person_id').where('id', '=', planId).executeTakeFirstOrThrow()).person_id;

    const merge = await lead.post(`/api/v1/people/${kept.id}/merge`, { otherPersonId: dupe.id, version: 1 });
    expect(merge.statusCode, merge.body).toBe(200);
    expect(await owner(dupePlan)).toBe(kept.id);
    expect((await lead.get(`/api/v1/people/${kept.id}/plan`)).json().plan.id).toBe(dupePlan);

    const both = await lead.post(`/api/v1/people/${kept.id}/merge`, { otherPersonId: third.id, version: 2 });
    expect(both.statusCode).toBe(409);
    expect(both.json().error.code).toBe('both_have_plans');
    expect(await owner(thirdPlan)).toBe(third.id);
    expect((await db().selectFrom('people').select('merged_into_id').where('id', '=', third.id).executeTakeFirstOrThrow()).merged_into_id).toBeNull();

    expect((await manager.post(`/api/v1/people/merges/${merge.json().mergeId}/undo`)).statusCode).toBe(200);
    expect(await owner(dupePlan)).toBe(dupe.id);
    expect((await lead.get(`/api/v1/people/${kept.id}/plan`)).json()).toEqual({ plan: null });
  });

  it('refuses commissioners and clinical partners, and peers cannot merge', async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    const person = await addPerson(client, { preferredName: 'Dee' });
    const other = await addPerson(client, { preferredName: 'Dee Two' });
    const { client: commissioner } = await as(org, [{ role: 'commissioner', serviceId: null }]);
    const { client: partner } = await as(org, [{ role: 'clinical_partner' }]);
    for (const c of [commissioner, partner]) {
      expect((await c.get('/api/v1/people?q=dee')).statusCode).toBe(403);
      expect((await c.get(`/api/v1/people/${person.id}`)).statusCode).toBe(403);
      expect((await c.get(`/api/v1/people/${person.id}/timeline`)).statusCode).toBe(403);
      expect((await c.post('/api/v1/people', { preferredName: 'X', confirmNotDuplicate: true })).statusCode).toBe(403);
      expect((await c.patch(`/api/v1/people/${person.id}`, { version: 1, preferredName: 'X' })).statusCode).toBe(403);
    }
    expect((await client.post(`/api/v1/people/${person.id}/merge`, { otherPersonId: other.id, version: 1 })).statusCode).toBe(403);
    expect(await auditOf('person.read', person.id)).toEqual([]);
  });

  it("tells open boards when the name of someone on them changes", async () => {
    const org = await t.organisation();
    const { client } = await peer(org);
    const person = await addPerson(client, { preferredName: 'Billie' });
    await contactFor(org, person.id, now());
    let told = 0;
    const stop = await t.app.deps.realtime.subscribe(org.serviceId, () => (told += 1));
    try {
      const res = await client.patch(`/api/v1/people/${person.id}`, { version: person.version, preferredName: 'Billie-Jo' });
      expect(res.statusCode).toBe(200);
      await expect.poll(() => told, { timeout: 2000 }).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });
});
