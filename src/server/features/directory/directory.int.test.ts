import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { DirectoryEntryFormInput, DirectoryEntryOut } from '../../../shared/directory/entries.js';
import { everyDay } from '../../../shared/opening-hours.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const riverside = fixture('riverside.oruk.json');
const riversideServices = riverside.content as Record<string, unknown>[];
const publishedFull = fixture('oruk-uk-example-service-full.json');
const publishedList = fixture('oruk-uk-example-service-list.json');

/** A form with what a person would type for a local service. */
const entry = (overrides: Partial<DirectoryEntryFormInput> = {}): DirectoryEntryFormInput => ({
  name: 'Eastwick Money Advice',
  description: 'Free help with debts and bills.',
  organisationName: 'Eastwick Advice Centre',
  organisationUrl: 'https://eastwick-advice.example.org',
  url: 'https://eastwick-advice.example.org/money',
  email: 'help@eastwick-advice.example.org',
  phones: [{ number: '0300 555 0101', label: 'Weekdays' }],
  addressLines: ['3 Station Road'],
  town: 'Eastwick',
  postcode: 'ew1 3ab',
  locationName: 'Eastwick Library',
  howToGetThere: 'Next to the bus station.',
  accessibility: ['Step-free entrance'],
  languages: ['English', 'Polish'],
  serviceAreas: ['Eastwick'],
  minAge: 18,
  maxAge: null,
  whoFor: 'Adults living in Eastwick',
  taxonomy: ['money-advice'],
  status: 'active',
  schedules: { regular_schedules: [{ byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' }], holiday_schedules: [], observes_bank_holidays: true },
  ...overrides,
});

describe.each(ENGINES)('service directory on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;
  const as = (org: TestOrg, role: Role, name?: string) =>
    t.staff(org, [{ role, serviceId: role === 'org_admin' || role === 'commissioner' ? null : org.serviceId }], name ? { name } : {});
  const countEntries = async (organisationId?: string) => {
    let q = db().selectFrom('directory_entries').select('id');
    if (organisationId) q = q.where('organisation_id', '=', organisationId);
    return (await q.execute()).length;
  };
  const audits = (action: string, entityId?: string) => {
    let q = db().selectFrom('audit_events').selectAll().where('action', '=', action);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return q.execute();
  };

  describe('the admin API', () => {
    let org: TestOrg;
    let admin: Client;
    let adminId: string;
    beforeAll(async () => {
      org = await t.organisation('Directory Org');
      const a = await as(org, 'org_admin', 'Ada Admin');
      admin = a.client;
      adminId = a.id;
    });

    it('adds an entry, stores it as an ORUK document, and audits it without personal text', async () => {
      const res = await admin.post('/api/v1/directory', entry());
      expect(res.statusCode).toBe(201);
      const out = res.json() as DirectoryEntryOut;
      expect(out).toMatchObject({
        name: 'Eastwick Money Advice',
        postcode: 'EW1 3AB',
        taxonomy: ['money-advice'],
        otherTaxonomy: [],
        status: 'active',
        version: 1,
        stale: false,
        lastCheckedByName: 'Ada Admin',
        lastCheckedAt: new Date(t.clock.now).toISOString(),
        hoursFromService: false,
        linkedServiceName: null,
        // Thursday 26 November 2026, 12:00 in London.
        openingNow: 'Open now until 17:00',
      });
      const row = await db().selectFrom('directory_entries').selectAll().where('id', '=', out.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ organisation_id: org.id, name: 'Eastwick Money Advice', status: 'active', min_age: 18, max_age: null, service_id: null, version: 1 });
      expect(JSON.parse(row.taxonomy)).toEqual(['money-advice']);
      const doc = JSON.parse(row.document);
      expect(doc).toMatchObject({
        id: out.id,
        name: 'Eastwick Money Advice',
        organization: { name: 'Eastwick Advice Centre', url: 'https://eastwick-advice.example.org' },
        contacts: [{ phones: [{ number: '0300 555 0101', description: 'Weekdays' }] }],
        eligibilitys: [{ eligibility: 'Adults living in Eastwick', minimum_age: 18 }],
        service_at_locations: [{ location: { name: 'Eastwick Library', physical_addresses: [{ address_1: '3 Station Road', city: 'Eastwick', postal_code: 'EW1 3AB', country: 'GB' }] } }],
        service_taxonomys: [{ taxonomy: { id: 'money-advice', name: 'Money and debt advice', vocabulary: 'alongside-crisis' } }],
        regular_schedules: [{ byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' }],
        alongside_observes_bank_holidays: true,
      });
      const [audit] = await audits('directory.create', out.id);
      expect(audit).toMatchObject({ actor_user_id: adminId, organisation_id: org.id, outcome: 'success' });
      expect(audit!.details).not.toContain('Eastwick');

      const read = await admin.get(`/api/v1/directory/${out.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(out);
    });

    it('saves an edit with the version it started from; a stale one is 409 with both versions', async () => {
      const created = (await admin.post('/api/v1/directory', entry({ name: 'Eastwick Housing Help', taxonomy: ['housing'] }))).json() as DirectoryEntryOut;
      const { id, createdAt: _c, updatedAt: _u, lastCheckedAt: _l, lastCheckedByName: _n, stale: _s, version: _v, linkedServiceName: _ls, hoursFromService: _h, openingNow: _o, otherTaxonomy: _ot, ...form } = created;
      const saved = await admin.put(`/api/v1/directory/${id}`, { ...form, version: 1, name: 'Eastwick Housing Advice', phones: [...form.phones, { number: '0300 555 0102', label: 'Out of hours' }] });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ name: 'Eastwick Housing Advice', version: 2, phones: [{ number: '0300 555 0101' }, { number: '0300 555 0102', label: 'Out of hours' }] });
      const [audit] = await audits('directory.update', id);
      expect(JSON.parse(audit!.details)).toEqual({ fields: ['name', 'phones'] });

      const stale = await admin.put(`/api/v1/directory/${id}`, { ...form, version: 1, name: 'Someone else' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { name: 'Eastwick Housing Advice', version: 2 }, submitted: { name: 'Someone else' } });
      const row = await db().selectFrom('directory_entries').select(['name', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Eastwick Housing Advice', version: 2 });
    });

    it('keeps fields the form does not show when an imported entry is edited', async () => {
      const own = await t.organisation('Edit Keeps Org');
      const { client } = await as(own, 'service_manager');
      const doc = { ...structuredClone(riversideServices[0]!), id: 'keeps-unknown-fields-1' };
      expect((await client.post('/api/v1/directory/import', [doc])).statusCode).toBe(200);
      const out = (await client.get('/api/v1/directory/keeps-unknown-fields-1')).json() as DirectoryEntryOut;
      expect(out.otherTaxonomy).toEqual([{ id: 'http://id.esd.org.uk/service/1234', name: 'Mental health support', vocabulary: 'esdServiceTypes' }]);
      const { id: _i, createdAt: _c, updatedAt: _u, lastCheckedAt: _l, lastCheckedByName: _n, stale: _s, version, linkedServiceName: _ls, hoursFromService: _h, openingNow: _o, otherTaxonomy: _ot, ...form } = out;
      const res = await client.put('/api/v1/directory/keeps-unknown-fields-1', { ...form, version, description: 'A calm place in the evening.' });
      expect(res.statusCode).toBe(200);
      const stored = JSON.parse((await db().selectFrom('directory_entries').select('document').where('id', '=', 'keeps-unknown-fields-1').executeTakeFirstOrThrow()).document);
      expect(stored).toEqual({ ...doc, description: 'A calm place in the evening.' });
    });

    it('marks an entry checked today, archives it, and lists the ones not checked for 6 months', async () => {
      const own = await t.organisation('Checks Org');
      const { client } = await as(own, 'org_admin', 'Cleo Checker');
      const a = (await client.post('/api/v1/directory', entry({ name: 'Checked long ago' }))).json() as DirectoryEntryOut;
      const b = (await client.post('/api/v1/directory', entry({ name: 'Never checked' }))).json() as DirectoryEntryOut;
      const c = (await client.post('/api/v1/directory', entry({ name: 'Checked last month' }))).json() as DirectoryEntryOut;
      await db().updateTable('directory_entries').set({ last_checked_at: '2026-01-10T09:00:00.000Z' }).where('id', '=', a.id).execute();
      await db().updateTable('directory_entries').set({ last_checked_at: null, last_checked_by: null }).where('id', '=', b.id).execute();
      await db().updateTable('directory_entries').set({ last_checked_at: '2026-10-20T09:00:00.000Z' }).where('id', '=', c.id).execute();

      const due = await client.get('/api/v1/directory/stale');
      expect(due.statusCode).toBe(200);
      expect(due.json().entries.map((e: DirectoryEntryOut) => e.name)).toEqual(['Never checked', 'Checked long ago']);
      expect(due.json().entries.every((e: DirectoryEntryOut) => e.stale)).toBe(true);
      const filtered = (await client.get('/api/v1/directory?stale=true')).json();
      expect(filtered.entries.map((e: DirectoryEntryOut) => e.name)).toEqual(['Checked long ago', 'Never checked']);
      expect((await client.get('/api/v1/directory?stale=false')).json().entries.map((e: DirectoryEntryOut) => e.name)).toEqual(['Checked last month']);

      t.clock.advance(60_000);
      const checked = await client.post(`/api/v1/directory/${a.id}/checked`, { version: 1 });
      expect(checked.statusCode).toBe(200);
      expect(checked.json()).toMatchObject({ stale: false, lastCheckedAt: new Date(t.clock.now).toISOString(), lastCheckedByName: 'Cleo Checker', version: 2 });
      const doc = JSON.parse((await db().selectFrom('directory_entries').select('document').where('id', '=', a.id).executeTakeFirstOrThrow()).document);
      expect(doc.assured_date).toBe('2026-11-26');
      expect(await audits('directory.check', a.id)).toHaveLength(1);
      expect((await client.post(`/api/v1/directory/${a.id}/checked`, { version: 1 })).statusCode).toBe(409);

      const archived = await client.post(`/api/v1/directory/${c.id}/archive`, { version: 1 });
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ status: 'inactive', version: 2 });
      expect(await audits('directory.archive', c.id)).toHaveLength(1);
      expect((await client.get('/api/v1/directory?status=inactive')).json().entries.map((e: DirectoryEntryOut) => e.id)).toEqual([c.id]);
      expect((await t.anonymous.get(`/openreferral/services/${c.id}`)).statusCode).toBe(404);
    });

    it('filters the list by words and kind of help, and pages it', async () => {
      const own = await t.organisation('Filters Org');
      const { client } = await as(own, 'service_manager');
      for (const [name, taxonomy] of [['Alder crisis line', 'crisis-line'], ['Birch carers group', 'carers-support'], ['Cedar crisis café', 'safe-haven'], ['Damson carers line', 'carers-support']] as const) {
        expect((await client.post('/api/v1/directory', entry({ name, taxonomy: [taxonomy], organisationName: 'Grove Trust' }))).statusCode).toBe(201);
      }
      const names = async (query: string) => ((await client.get(`/api/v1/directory?${query}`)).json().entries as DirectoryEntryOut[]).map((e) => e.name);
      expect(await names('q=crisis')).toEqual(['Alder crisis line', 'Cedar crisis café']);
      expect(await names('q=CARERS line')).toEqual(['Damson carers line']);
      expect(await names('q=grove')).toHaveLength(4);
      expect(await names('taxonomy=carers-support')).toEqual(['Birch carers group', 'Damson carers line']);
      const page = (await client.get('/api/v1/directory?perPage=3&page=2')).json();
      expect(page).toMatchObject({ total: 4, page: 2, perPage: 3 });
      expect(page.entries.map((e: DirectoryEntryOut) => e.name)).toEqual(['Damson carers line']);
      const bad = await client.get('/api/v1/directory?perPage=500&colour=red');
      expect(bad.statusCode).toBe(400);
      expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['perPage', 'colour']));
    });

    it('links an entry to one of our services: its hours come from the service, and only one entry may describe it', async () => {
      const own = await t.organisation('Linked Org');
      await db().updateTable('services').set({ opening_hours: JSON.stringify(everyDay('10:00', '22:00')) }).where('id', '=', own.serviceId).execute();
      const { client } = await as(own, 'org_admin');
      const res = await client.post('/api/v1/directory', entry({ name: 'Our safe haven', serviceId: own.serviceId, schedules: undefined }));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ serviceId: own.serviceId, linkedServiceName: 'Safe haven', hoursFromService: true, openingNow: 'Open now until 22:00' });
      const second = await client.post('/api/v1/directory', entry({ name: 'Also our haven', serviceId: own.serviceId }));
      expect(second.statusCode).toBe(400);
      expect(second.json().error.fields).toHaveProperty('serviceId');
      const public1 = (await t.anonymous.get(`/openreferral/services/${res.json().id}`)).json();
      expect(public1.regular_schedules).toEqual([{ id: `${res.json().id}-hours-1`, byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '10:00', closes_at: '22:00' }]);
      // A service of another organisation cannot be linked.
      const other = await t.organisation('Not Mine Org');
      const foreign = await client.post('/api/v1/directory', entry({ name: 'Theirs', serviceId: other.serviceId }));
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.fields).toEqual({ serviceId: 'Choose one of your services' });
    });

    it('answers bad input with field errors, stores nothing, and keeps scripts as plain text', async () => {
      const before = await countEntries(org.id);
      const res = await admin.post('/api/v1/directory', { ...entry(), name: '', url: 'javascript:alert(1)', minAge: 40, maxAge: 20, taxonomy: ['dentist'], colour: 'red', postcode: 'not a postcode' });
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['name', 'url', 'taxonomy.0', 'colour', 'postcode']));
      const ages = await admin.post('/api/v1/directory', entry({ minAge: 40, maxAge: 20 }));
      expect(ages.statusCode).toBe(400);
      expect(ages.json().error.fields).toEqual({ maxAge: 'This is below the youngest age' });
      const badHours = await admin.post('/api/v1/directory', entry({ schedules: { regular_schedules: [{ byday: 'MO', opens_at: '25:00', closes_at: '17:00' }], holiday_schedules: [{ closed: false, start_date: '2026-12-25', end_date: '2026-12-20' }], observes_bank_holidays: false } }));
      expect(badHours.statusCode).toBe(400);
      expect(Object.keys(badHours.json().error.fields)).toEqual(expect.arrayContaining(['schedules.regular_schedules.0.opens_at', 'schedules.holiday_schedules.0.end_date']));
      expect(await countEntries(org.id)).toBe(before);

      const script = '<script>alert("x")</script><img src=x onerror=alert(1)>';
      const stored = await admin.post('/api/v1/directory', entry({ name: script, description: script, taxonomy: ['crisis-line'] }));
      expect(stored.statusCode).toBe(201);
      expect(stored.headers['content-type']).toContain('application/json');
      expect(stored.json().name).toBe(script);
      const pub = await t.anonymous.get(`/openreferral/services/${stored.json().id}`);
      expect(pub.headers['content-type']).toContain('application/json');
      expect(pub.json().name).toBe(script);
    });

    it('lets every staff role read, only administrators and service managers change, and hides other organisations (404)', async () => {
      const created = (await admin.post('/api/v1/directory', entry({ name: 'Access check entry' }))).json() as DirectoryEntryOut;
      for (const role of ['peer_worker', 'senior_peer', 'shift_lead', 'clinical_partner', 'commissioner'] as Role[]) {
        const { client } = await as(org, role);
        expect((await client.get(`/api/v1/directory/${created.id}`)).statusCode, role).toBe(200);
        expect((await client.get('/api/v1/directory?q=access')).json().total, role).toBe(1);
        const denied = await client.post(`/api/v1/directory/${created.id}/checked`, { version: 1 });
        expect(denied.statusCode, role).toBe(403);
        expect((await client.post('/api/v1/directory', entry())).statusCode, role).toBe(403);
        expect((await client.get('/api/v1/directory/export')).statusCode, role).toBe(403);
      }
      const other = await t.organisation('Other Directory Org');
      const { client: intruder } = await as(other, 'org_admin');
      expect((await intruder.get(`/api/v1/directory/${created.id}`)).statusCode).toBe(404);
      const put = await intruder.put(`/api/v1/directory/${created.id}`, { ...entry(), version: 1 });
      expect(put.statusCode).toBe(404);
      expect((await intruder.post(`/api/v1/directory/${created.id}/archive`, { version: 1 })).statusCode).toBe(404);
      expect((await intruder.get('/api/v1/directory?q=access')).json().total).toBe(0);
      const row = await db().selectFrom('directory_entries').select(['status', 'version']).where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'active', version: 1 });
      expect((await t.anonymous.get('/api/v1/directory')).statusCode).toBe(401);
    });
  });

  describe('import and export', () => {
    it('imports our fixture, exports it again without loss, and a second import updates in place', async () => {
      const org = await t.organisation('Import Org');
      const { client, id: userId } = await as(org, 'org_admin');
      const res = await client.post('/api/v1/directory/import', riverside);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ received: 4, created: 4, updated: 0, stored: true, skipped: [] });
      const [audit] = await audits('directory.import', org.id);
      expect(audit).toMatchObject({ actor_user_id: userId });
      expect(JSON.parse(audit!.details)).toEqual({ received: 4, created: 4, updated: 0, skipped: 0 });

      const exported = await client.get('/api/v1/directory/export');
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-disposition']).toContain('attachment');
      const page = exported.json();
      expect(page).toMatchObject({ totalElements: 4, totalPages: 1, number: 1, first: true, last: true });
      const byId = (docs: Record<string, unknown>[]) => [...docs].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      expect(byId(page.content)).toEqual(byId(riversideServices));

      // Columns taken out of the documents; assured_date became the last check.
      const haven = await client.get('/api/v1/directory/b5f4c6d2-1a0e-4f43-9a61-0a1d2c3e4f50');
      expect(haven.json()).toMatchObject({ name: 'Riverside Evening Safe Haven', minAge: 16, taxonomy: ['safe-haven', 'peer-support'], lastCheckedAt: '2026-09-01T00:00:00.000Z', lastCheckedByName: null, stale: false });
      expect((await client.get('/api/v1/directory/riverside-youth-line')).json()).toMatchObject({ status: 'temporarily closed', lastCheckedAt: null, stale: true });

      const again = await client.post('/api/v1/directory/import', page);
      expect(again.json()).toEqual({ received: 4, created: 0, updated: 4, stored: true, skipped: [] });
      expect(await countEntries(org.id)).toBe(4);
      expect(byId((await client.get('/api/v1/directory/export')).json().content)).toEqual(byId(riversideServices));
    });

    it("round-trips Open Referral UK's published example without loss", async () => {
      const org = await t.organisation('Published Example Org');
      const { client } = await as(org, 'service_manager');
      const full = await client.post('/api/v1/directory/import', [publishedFull]);
      expect(full.statusCode).toBe(200);
      expect(full.json()).toMatchObject({ created: 1, stored: true });
      expect((await client.get('/api/v1/directory/export')).json().content).toEqual([publishedFull]);
      // The list page form (`contents`) updates the same service with its shorter document.
      const list = await client.post('/api/v1/directory/import', publishedList);
      expect(list.json()).toMatchObject({ received: 1, created: 0, updated: 1, stored: true });
      expect((await client.get('/api/v1/directory/export')).json().content).toEqual((publishedList as { contents: unknown[] }).contents);
      const out = (await client.get(`/api/v1/directory/${String(publishedFull.id)}`)).json();
      expect(out).toMatchObject({ name: 'Community Counselling', organisationName: 'Example Organization Inc.', minAge: null });
      const row = await db().selectFrom('directory_entries').select(['min_age', 'max_age']).where('id', '=', String(publishedFull.id)).executeTakeFirstOrThrow();
      expect(row).toEqual({ min_age: 12, max_age: 100 });
    });

    it('refuses a file with problems as a whole, with a report of what and why, storing nothing', async () => {
      const org = await t.organisation('Bad Import Org');
      const { client } = await as(org, 'org_admin');
      const good = (id: string, name = 'Fine service') => ({ id, name, organization: { id: 'org-1', name: 'Somebody' } });
      const file = {
        content: [
          good('ok-1'),
          { name: 'No id here', organization: { id: 'o', name: 'O' } },
          { ...good('bad-hours', '<b>Late</b> night line'), regular_schedules: [{ id: 'r', opens_at: '22:00', closes_at: '31:00', byday: 'MO' }] },
          { ...good('bad-holiday'), holiday_schedules: [{ id: 'h', closed: false, start_date: '2026-12-25', end_date: '2026-12-24' }] },
          good('ok-1', 'Same id again'),
          'not an object',
          { ...good('bad-link'), url: 'javascript:alert(1)' },
        ],
      };
      const before = await countEntries();
      const res = await client.post('/api/v1/directory/import', file);
      expect(res.statusCode).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('import_refused');
      expect(error.message).toBe('Nothing was imported: 6 of 7 services have problems. The report lists what and why.');
      expect(error.report).toMatchObject({ received: 7, created: 0, updated: 0, stored: false });
      const skipped = error.report.skipped as { at: string; id: string | null; name: string | null; reasons: { field: string; message: string }[] }[];
      expect(skipped.map((s) => s.at)).toEqual(['content[1]', 'content[2]', 'content[3]', 'content[4]', 'content[5]', 'content[6]']);
      expect(skipped[0]).toMatchObject({ id: null, name: 'No id here', reasons: [{ field: 'id' }] });
      expect(skipped[1]).toMatchObject({ id: 'bad-hours', name: '<b>Late</b> night line', reasons: [{ field: 'regular_schedules[0].closes_at' }] });
      expect(skipped[2]!.reasons[0]).toEqual({ field: 'holiday_schedules[0].end_date', message: 'This is before the first day' });
      expect(skipped[3]!.reasons[0]!.message).toContain('content[0]');
      expect(skipped[4]!.reasons[0]!.message).toBe('Each service must be a JSON object');
      expect(skipped[5]!.reasons[0]!.field).toBe('url');
      expect(await countEntries()).toBe(before);
      expect(await audits('directory.import', org.id)).toHaveLength(0);

      // A dry run with skipping reports what would happen, and stores nothing.
      const dry = await client.post('/api/v1/directory/import?dryRun=true&skipInvalid=true', file);
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ received: 7, created: 1, updated: 0, stored: false });
      expect(await countEntries()).toBe(before);
      // Skipping stores the good one only.
      const skip = await client.post('/api/v1/directory/import?skipInvalid=true', file);
      expect(skip.json()).toMatchObject({ received: 7, created: 1, stored: true });
      expect(skip.json().skipped).toHaveLength(6);
      expect(await countEntries(org.id)).toBe(1);

      // Empty files and files that are not ORUK at all.
      expect((await client.post('/api/v1/directory/import', [])).statusCode).toBe(400);
      const notOruk = await client.post('/api/v1/directory/import', { services: [] });
      expect(notOruk.statusCode).toBe(400);
      expect(notOruk.json().error.code).toBe('invalid_input');
      expect((await client.post('/api/v1/directory/import?dryRun=maybe', [good('x')])).statusCode).toBe(400);
    });

    it("refuses ids already used by another organisation's directory", async () => {
      const first = await t.organisation('First Owner Org');
      const second = await t.organisation('Second Owner Org');
      const { client: a } = await as(first, 'org_admin');
      const { client: b } = await as(second, 'org_admin');
      const doc = { id: 'shared-id-1', name: 'Shared', organization: { id: 'o', name: 'O' } };
      expect((await a.post('/api/v1/directory/import', [doc])).statusCode).toBe(200);
      const res = await b.post('/api/v1/directory/import', [doc]);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.report.skipped[0].reasons[0].field).toBe('id');
      expect(await countEntries(second.id)).toBe(0);
      const owner = await db().selectFrom('directory_entries').select('organisation_id').where('id', '=', 'shared-id-1').executeTakeFirstOrThrow();
      expect(owner.organisation_id).toBe(first.id);
    });

    it('never answers a malformed file with a 5xx, and a refused file stores nothing (property)', async () => {
      const org = await t.organisation('Fuzz Import Org');
      const { client } = await as(org, 'org_admin');
      const junkService = fc.oneof(
        fc.anything(),
        fc.record({ id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), name: fc.oneof(fc.string(), fc.constant('<script>alert(1)</script>')), organization: fc.anything(), regular_schedules: fc.anything(), holiday_schedules: fc.anything(), status: fc.anything() }, { requiredKeys: [] }),
      );
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(junkService, { minLength: 1, maxLength: 4 }), async (services) => {
          const before = await countEntries();
          const res = await client.post('/api/v1/directory/import', services);
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400) {
            refused += 1;
            expect(await countEntries()).toBe(before);
            expect(typeof res.json().error.message).toBe('string');
          }
        }),
        { numRuns: 25 },
      );
      expect(refused).toBeGreaterThan(0);
    });
  });

  describe('signposting from contacts and moves on', () => {
    it("records the entries a person was signposted to: this organisation's entries only", async () => {
      const org = await t.organisation('Signposting Org');
      const other = await t.organisation('Elsewhere Org');
      const { client: admin } = await as(org, 'org_admin');
      const { client: theirAdmin } = await as(other, 'org_admin');
      const { client: peer, id: peerId } = await as(org, 'peer_worker');
      const line = (await admin.post('/api/v1/directory', entry({ name: 'Signpost line', taxonomy: ['crisis-line'] }))).json() as DirectoryEntryOut;
      const money = (await admin.post('/api/v1/directory', entry({ name: 'Signpost money' }))).json() as DirectoryEntryOut;
      const theirs = (await theirAdmin.post('/api/v1/directory', entry({ name: 'Not ours' }))).json() as DirectoryEntryOut;
      const base = `/api/v1/services/${org.serviceId}/contacts`;
      const created = await peer.post(base, { kind: 'walk_in', referralSource: 'self', arrivedAt: '2026-11-26T11:00:00Z' });
      expect(created.statusCode).toBe(201);
      const contact = created.json().contact;
      expect(contact.signpostedTo).toEqual([]);

      const saved = await peer.patch(`${base}/${contact.id}`, { version: 1, outcome: 'signposted', signpostedTo: [line.id, money.id] });
      expect(saved.statusCode).toBe(200);
      expect(saved.json().contact).toMatchObject({ outcome: 'signposted', signpostedTo: [line.id, money.id], version: 2 });
      const row = await db().selectFrom('contacts').select('signposted_to').where('id', '=', contact.id).executeTakeFirstOrThrow();
      expect(JSON.parse(row.signposted_to)).toEqual([line.id, money.id]);
      const [audit] = (await audits('contact.update', contact.id)).filter((a) => a.actor_user_id === peerId);
      expect(JSON.parse(audit!.details)).toMatchObject({ fields: ['outcome', 'signpostedTo'], signpostedTo: 2 });
      expect((await peer.get(`${base}/${contact.id}`)).json().contact.signpostedTo).toEqual([line.id, money.id]);

      for (const bad of [[theirs.id], ['no-such-entry'], [line.id, line.id], ['']]) {
        const res = await peer.patch(`${base}/${contact.id}`, { version: 2, signpostedTo: bad });
        expect(res.statusCode, JSON.stringify(bad)).toBe(400);
        expect(Object.keys(res.json().error.fields ?? {}).some((k) => k.startsWith('signpostedTo')), JSON.stringify(bad)).toBe(true);
      }
      const unchanged = await db().selectFrom('contacts').select(['signposted_to', 'version']).where('id', '=', contact.id).executeTakeFirstOrThrow();
      expect(unchanged).toEqual({ signposted_to: JSON.stringify([line.id, money.id]), version: 2 });
      // An empty list clears it.
      expect((await peer.patch(`${base}/${contact.id}`, { version: 2, signpostedTo: [] })).json().contact.signpostedTo).toEqual([]);
    });

    it("points a move on at one of this organisation's entries", async () => {
      const org = await t.organisation('Move On Org');
      const other = await t.organisation('Move On Elsewhere Org');
      const { client: admin } = await as(org, 'org_admin');
      const { client: theirAdmin } = await as(other, 'org_admin');
      const { client: peer } = await as(org, 'peer_worker');
      const college = (await admin.post('/api/v1/directory', entry({ name: 'Recovery college', taxonomy: ['peer-support'] }))).json() as DirectoryEntryOut;
      const theirs = (await theirAdmin.post('/api/v1/directory', entry({ name: 'Their college' }))).json() as DirectoryEntryOut;
      const added = await peer.post('/api/v1/people', { preferredName: 'Robin', confirmNotDuplicate: true });
      expect(added.statusCode).toBe(201);
      const personId = added.json().id as string;
      const episodes = `/api/v1/services/${org.serviceId}/episodes`;
      const ep = (await peer.post(episodes, { personId, status: 'accepted' })).json();
      const turl = `${episodes}/${ep.id}/transitions`;
      const unknown = await peer.post(turl, { toDirectoryServiceId: theirs.id, shareConsent: { given: false } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.fields).toEqual({ toDirectoryServiceId: 'Choose a service from your directory' });
      const made = await peer.post(turl, { toDirectoryServiceId: college.id, shareConsent: { given: false } });
      expect(made.statusCode).toBe(201);
      expect(made.json()).toMatchObject({ toDirectoryServiceId: college.id, toName: '' });
      const moved = await peer.patch(`${turl}/${made.json().id}`, { version: 1, toDirectoryServiceId: theirs.id });
      expect(moved.statusCode).toBe(400);
      const row = await db().selectFrom('transitions').select(['to_directory_service_id', 'version']).where('id', '=', made.json().id).executeTakeFirstOrThrow();
      expect(row).toEqual({ to_directory_service_id: college.id, version: 1 });
    });
  });

  describe('the open Open Referral UK API', () => {
    let org: TestOrg;
    beforeAll(async () => {
      org = await t.organisation('Public Org');
      const { client } = await as(org, 'org_admin');
      const add = (overrides: Partial<DirectoryEntryFormInput>) => client.post('/api/v1/directory', entry({ organisationName: 'Quokka Trust', ...overrides }));
      await add({ name: 'Quokka night line', taxonomy: ['crisis-line'], minAge: 16, maxAge: null, schedules: { regular_schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '00:00' }], holiday_schedules: [], observes_bank_holidays: false } });
      await add({ name: 'Quokka youth chat', taxonomy: ['young-people', 'text-support'], minAge: 11, maxAge: 18, schedules: { regular_schedules: [{ byday: 'MO,TU,WE,TH,FR', opens_at: '16:00', closes_at: '21:00' }], holiday_schedules: [], observes_bank_holidays: false } });
      await add({ name: 'Quokka carers evening', taxonomy: ['carers-support'], minAge: 18, maxAge: null });
      await add({ name: 'Quokka closed for now', status: 'temporarily closed' });
      await add({ name: 'Quokka no hours', minAge: null, schedules: { regular_schedules: [], holiday_schedules: [], observes_bank_holidays: false } });
      // A phone contact with a person's name, as an import might bring.
      await client.post('/api/v1/directory/import', [{ id: 'quokka-imported', name: 'Quokka imported', organization: { id: 'q', name: 'Quokka Trust' }, contacts: [{ id: 'c', name: 'Jo Bloggs', email: 'jo@example.org', title: 'Coordinator', phones: [{ id: 'p', number: '0300 000 0000' }] }], reviews: [{ id: 'r', reviewer: 'Sam' }] }]);
    });

    const names = async (query: string) => {
      const res = await t.anonymous.get(`/openreferral/services?${query.startsWith('text=') ? '' : 'text=quokka&'}${query}`);
      expect(res.statusCode, query).toBe(200);
      return (res.json().content as { name: string }[]).map((s) => s.name);
    };

    it('answers anyone, with no key, CORS open, only active services, paged the ORUK v1 way', async () => {
      const res = await t.anonymous.get('/openreferral/services?text=quokka&per_page=2&page=2');
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['set-cookie']).toBeUndefined();
      const body = res.json();
      expect(body).toMatchObject({ totalElements: 5, totalPages: 3, number: 2, size: 2, first: false, last: false });
      expect(body.content.map((s: { name: string }) => s.name)).toEqual(['Quokka night line', 'Quokka no hours']);
      expect(await names('')).not.toContain('Quokka closed for now');
      const last = (await t.anonymous.get('/openreferral/services?text=quokka&per_page=2&page=3')).json();
      expect(last).toMatchObject({ number: 3, last: true, content: [{ name: 'Quokka youth chat' }] });
      const preflight = await t.anonymous.request({ method: 'OPTIONS', url: '/openreferral/services', headers: { origin: 'https://finder.example.org', 'access-control-request-method': 'GET' } });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
      expect(preflight.headers['access-control-allow-methods']).toContain('GET');
    });

    it('filters by text, taxonomy, age and open now (Europe/London)', async () => {
      expect(await names('text=quokka%20youth')).toEqual(['Quokka youth chat']);
      expect(await names('taxonomy_id=carers-support')).toEqual(['Quokka carers evening']);
      expect(await names('age=14')).toEqual(['Quokka imported', 'Quokka no hours', 'Quokka youth chat']);
      // ORUK v1: minimum_age "at least", maximum_age "at or below".
      expect(await names('minimum_age=16')).toEqual(['Quokka carers evening', 'Quokka night line']);
      expect(await names('maximum_age=18')).toEqual(['Quokka youth chat']);
      // Thursday 12:00: the night line is open all day; the youth chat opens at 16:00; no hours is not "open".
      expect(await names('open_now=true')).toEqual(['Quokka carers evening', 'Quokka night line']);
      t.clock.advance(5 * 3_600_000);
      try {
        expect(await names('open_now=true')).toEqual(['Quokka night line', 'Quokka youth chat']);
      } finally {
        t.clock.advance(-5 * 3_600_000);
      }
      const bad = await t.anonymous.get('/openreferral/services?per_page=0&age=-3&open_now=perhaps');
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['access-control-allow-origin']).toBe('*');
      expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['per_page', 'age', 'open_now']));
    });

    it('lists our kinds of help as ORUK taxonomy terms', async () => {
      const res = await t.anonymous.get('/openreferral/taxonomies');
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.json().content).toContainEqual({ id: 'safe-haven', name: 'Safe haven or crisis café', vocabulary: 'alongside-crisis' });
      expect(res.json().totalElements).toBe(res.json().content.length);
    });

    it('gives one service whole, without personal data, and 404 for anything not active or unknown', async () => {
      const res = await t.anonymous.get('/openreferral/services/quokka-imported');
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const body = res.json();
      expect(body.contacts).toEqual([{ id: 'c', title: 'Coordinator', phones: [{ id: 'p', number: '0300 000 0000' }] }]);
      expect(body.reviews).toBeUndefined();
      expect(JSON.stringify(body)).not.toContain('Bloggs');
      const list = await t.anonymous.get('/openreferral/services?text=quokka%20imported');
      expect(JSON.stringify(list.json())).not.toContain('Bloggs');
      // The bank-holiday flag is ours; consumers get closed days instead.
      const money = (await t.anonymous.get('/openreferral/services?text=quokka%20carers')).json().content[0];
      expect(money.alongside_observes_bank_holidays).toBeUndefined();
      expect(money.holiday_schedules.map((h: { start_date: string }) => h.start_date)).toContain('2026-12-25');
      const missing = await t.anonymous.get('/openreferral/services/no-such-service');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
      const closedId = (await db().selectFrom('directory_entries').select('id').where('name', '=', 'Quokka closed for now').executeTakeFirstOrThrow()).id;
      expect((await t.anonymous.get(`/openreferral/services/${closedId}`)).statusCode).toBe(404);
      expect(org.id).toBeTruthy();
    });
  });
});

describe.each(ENGINES)('the open Open Referral UK API under load on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { rateLimitPerMinute: 10 });
  });
  afterAll(async () => t.close());

  it('is throttled per address, answering 429 in the error shape with CORS still open', async () => {
    const get = (address: string) => t.app.inject({ method: 'GET', url: '/openreferral/services', remoteAddress: address });
    for (let i = 0; i < 10; i++) expect((await get('10.9.9.1')).statusCode).toBe(200);
    const limited = await get('10.9.9.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['access-control-allow-origin']).toBe('*');
    expect(limited.json().error).toMatchObject({ code: 'rate_limited' });
    expect((await get('10.9.9.2')).statusCode).toBe(200);
  });
});
