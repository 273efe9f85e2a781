import type { Db } from '../../db/database.js';
import { newId } from '../../db/values.js';
import { PlanContent, type PlanSectionKey } from '../../../shared/plans.js';
import { nameKey, namePhonetic } from '../people/rules.js';

/**
 * Test helpers only: people, plans, versions, shares and directory entries written
 * straight into the tables (as the plans API stores them), for the partner and export
 * tests to read back through their own routes.
 */

export async function insertPerson(
  db: Db,
  organisationId: string,
  p: { preferredName: string; fullName?: string | null; dateOfBirth?: string | null; nhsNumber?: string | null },
  at: string,
): Promise<string> {
  const id = newId();
  const key = nameKey(`${p.preferredName} ${p.fullName ?? ''}`);
  await db
    .insertInto('people')
    .values({
      id,
      organisation_id: organisationId,
      preferred_name: p.preferredName,
      full_name: p.fullName ?? null,
      pronouns: null,
      date_of_birth: p.dateOfBirth ?? null,
      approximate_age: null,
      age_recorded_on: null,
      phone: null,
      email: null,
      address: null,
      postcode: null,
      preferred_language: null,
      communication_needs: null,
      nhs_number: p.nhsNumber ?? null,
      equality: '{}',
      what_helps: null,
      name_key: key,
      name_phonetic: namePhonetic(key),
      merged_into_id: null,
      merged_at: null,
      created_by: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  return id;
}

export async function insertPlan(db: Db, organisationId: string, personId: string, at: string, createdBy: string | null = null): Promise<string> {
  const id = newId();
  await db.insertInto('crisis_plans').values({ id, organisation_id: organisationId, person_id: personId, created_by: createdBy, created_at: at, updated_at: at, reviewed_at: null, reviewed_by: null, version: 1 }).execute();
  return id;
}

export async function insertVersion(
  db: Db,
  organisationId: string,
  planId: string,
  v: { number: number; state: 'draft' | 'agreed'; content: unknown; at: string; by?: string | null; agreedHow?: 'in_person' | 'own_device' },
): Promise<string> {
  const id = newId();
  const content = PlanContent.parse(v.content);
  await db
    .insertInto('crisis_plan_versions')
    .values({
      id,
      organisation_id: organisationId,
      plan_id: planId,
      number: v.number,
      state: v.state,
      content: JSON.stringify(content),
      created_by: v.by ?? null,
      created_at: v.at,
      updated_by: v.by ?? null,
      updated_at: v.at,
      agreed_at: v.state === 'agreed' ? v.at : null,
      agreed_how: v.state === 'agreed' ? (v.agreedHow ?? 'in_person') : null,
      agreed_recorded_by: v.state === 'agreed' && (v.agreedHow ?? 'in_person') === 'in_person' ? (v.by ?? null) : null,
      version: 1,
    })
    .execute();
  return id;
}

export async function insertShare(
  db: Db,
  organisationId: string,
  planId: string,
  s: {
    sections: PlanSectionKey[];
    startsAt: string;
    endsAt: string;
    serviceId?: string | null;
    kind?: string;
    name?: string;
    relationship?: string | null;
    revokedAt?: string | null;
    by?: string | null;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('crisis_plan_shares')
    .values({
      id,
      organisation_id: organisationId,
      plan_id: planId,
      recipient_kind: s.kind ?? (s.serviceId ? 'partner_service' : 'carer'),
      recipient_name: s.name ?? 'Crisis team',
      relationship: s.relationship ?? null,
      recipient_phone: null,
      recipient_email: null,
      recipient_service_id: s.serviceId ?? null,
      recipient_directory_entry_id: null,
      sections: JSON.stringify(s.sections),
      consent_how: 'in_person',
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      revoked_at: s.revokedAt ?? null,
      revoked_by: s.revokedAt ? (s.by ?? null) : null,
      created_by: s.by ?? null,
      created_at: s.startsAt,
      updated_at: s.startsAt,
      version: 1,
    })
    .execute();
  return id;
}

/** A directory entry (an Open Referral UK document) with one phone number and weekday hours. */
export async function insertDirectoryEntry(db: Db, organisationId: string, e: { name: string; phone: string; status?: 'active' | 'inactive' }, at: string): Promise<string> {
  const id = newId();
  const document = {
    id,
    name: e.name,
    status: e.status ?? 'active',
    organization: { id: newId(), name: 'Riverside Trust' },
    contacts: [{ id: newId(), phones: [{ id: newId(), number: e.phone, description: 'Main line' }] }],
    regular_schedules: [{ id: newId(), freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' }],
  };
  await db
    .insertInto('directory_entries')
    .values({ id, organisation_id: organisationId, service_id: null, name: e.name, status: e.status ?? 'active', taxonomy: '[]', min_age: null, max_age: null, document: JSON.stringify(document), last_checked_at: at, last_checked_by: null, created_at: at, updated_at: at, version: 1 })
    .execute();
  return id;
}

/** Content with every section of the plan written in. */
export function everySection(directoryEntryId: string, words = ''): PlanContent {
  const w = (text: string) => `${text}${words}`;
  return PlanContent.parse({
    whenWell: w('I like walking by the river and cooking for friends.'),
    gettingHarder: { signs: w('I stop answering my phone.'), triggers: w('Letters about money.') },
    forMyself: w('A hot bath, my music, writing things down.'),
    peopleAndPlaces: { people: [{ name: w('Sam'), relationship: 'my sister', phone: '07700 900123', whenToCall: w('Any time after 6pm.') }], places: w('The library on Mill Street.') },
    fromOthers: { please: w('Speak slowly and give me time.'), pleaseDont: w('Please do not raise your voice.') },
    services: { entries: [{ directoryEntryId, note: w('They know me there.') }], note: w('I would rather phone than go in.') },
    saferAround: w('My sister keeps my tablets for me.'),
    practical: { children: w('None.'), pets: w('My cat, Biscuit, needs feeding twice a day.'), billsAndRent: w('Rent is paid by direct debit.'), work: w('Call my manager, Jo.'), home: w('A spare key is with my neighbour.'), other: w('') },
    mattersMost: w('My sister and my cat.'),
    afterCrisis: w('A quiet day, then a walk.'),
  });
}
