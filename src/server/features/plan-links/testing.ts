import { newId, nowIso } from '../../db/values.js';
import type { TestApp } from '../../testing/test-app.js';
import { PlanContent, type PlanSectionKey } from '../../../shared/plans.js';

/**
 * Test records for plan links and /my-plan (used only by tests): a person with a plan,
 * its versions and shares, written straight to the database so these tests do not depend
 * on the plan editing routes.
 */
export interface SeededPlan {
  personId: string;
  planId: string;
  versionIds: string[];
}

export async function seedPerson(t: TestApp, organisationId: string, fields: { name?: string; phone?: string | null; email?: string | null } = {}): Promise<string> {
  const db = t.app.deps.db;
  const now = nowIso(() => t.clock.now);
  const id = newId();
  const name = fields.name ?? 'Alex';
  await db
    .insertInto('people')
    .values({
      id, organisation_id: organisationId, preferred_name: name, full_name: null, pronouns: null, date_of_birth: null, approximate_age: null, age_recorded_on: null,
      phone: fields.phone ?? null, email: fields.email ?? null, address: null, postcode: null, preferred_language: null, communication_needs: null, nhs_number: null,
      equality: '{}', what_helps: null, name_key: name.toLowerCase(), name_phonetic: name.toUpperCase(), merged_into_id: null, merged_at: null, created_by: null,
      created_at: now, updated_at: now, version: 1,
    })
    .execute();
  return id;
}

/** A plan with the given versions, oldest first: each 'agreed' (in person) or 'draft'. */
export async function seedPlan(t: TestApp, organisationId: string, personId: string, versions: { state: 'draft' | 'agreed'; content: unknown }[]): Promise<SeededPlan> {
  const db = t.app.deps.db;
  const now = nowIso(() => t.clock.now);
  const planId = newId();
  await db.insertInto('crisis_plans').values({ id: planId, organisation_id: organisationId, person_id: personId, created_by: null, created_at: now, updated_at: now, reviewed_at: null, reviewed_by: null, version: 1 }).execute();
  const versionIds: string[] = [];
  for (const [i, v] of versions.entries()) {
    const id = newId();
    versionIds.push(id);
    await db
      .insertInto('crisis_plan_versions')
      .values({
        id, organisation_id: organisationId, plan_id: planId, number: i + 1, state: v.state, content: JSON.stringify(PlanContent.parse(v.content)), created_by: null, created_at: now,
        updated_by: null, updated_at: now, agreed_at: v.state === 'agreed' ? now : null, agreed_how: v.state === 'agreed' ? 'in_person' : null, agreed_recorded_by: null, version: 1,
      })
      .execute();
  }
  return { personId, planId, versionIds };
}

export async function seedShare(
  t: TestApp,
  organisationId: string,
  planId: string,
  fields: { name?: string; kind?: string; relationship?: string | null; sections: PlanSectionKey[]; endsInMs?: number; phone?: string | null; email?: string | null },
): Promise<string> {
  const now = t.clock.now;
  const id = newId();
  await t.app.deps.db
    .insertInto('crisis_plan_shares')
    .values({
      id, organisation_id: organisationId, plan_id: planId, recipient_kind: fields.kind ?? 'carer', recipient_name: fields.name ?? 'Jo Smith', relationship: fields.relationship ?? null,
      recipient_phone: fields.phone ?? null, recipient_email: fields.email ?? null, recipient_service_id: null, recipient_directory_entry_id: null,
      sections: JSON.stringify(fields.sections), consent_how: 'in_person', starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + (fields.endsInMs ?? 30 * 86_400_000)).toISOString(),
      revoked_at: null, revoked_by: null, created_by: null, created_at: new Date(now).toISOString(), updated_at: new Date(now).toISOString(), version: 1,
    })
    .execute();
  return id;
}

/** A directory entry with a phone number and opening hours (an Open Referral UK document). */
export async function seedEntry(t: TestApp, organisationId: string, name: string, phone: string, hours: { byday: string; opens_at: string; closes_at: string }[]): Promise<string> {
  const now = nowIso(() => t.clock.now);
  const id = newId();
  const document = {
    id, name, status: 'active', organization: { id: newId(), name: 'Test' },
    contacts: [{ id: newId(), phones: [{ id: newId(), number: phone }] }],
    regular_schedules: hours.map((h) => ({ id: newId(), freq: 'WEEKLY', ...h })),
  };
  await t.app.deps.db
    .insertInto('directory_entries')
    .values({ id, organisation_id: organisationId, service_id: null, name, status: 'active', taxonomy: '[]', min_age: null, max_age: null, document: JSON.stringify(document), last_checked_at: now, last_checked_by: null, created_at: now, updated_at: now, version: 1 })
    .execute();
  return id;
}
