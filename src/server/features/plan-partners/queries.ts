import { sql } from 'kysely';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { CrisisPlanBreakGlass, CrisisPlanShare, CrisisPlanVersion, CrisisPlanViewsTable, Person } from '../../db/tables.js';
import { newId } from '../../db/values.js';

/** Kysely queries of partner access and emergency access. Every query names the organisation. */

export type PersonRow = Pick<Person, 'id' | 'preferred_name' | 'full_name' | 'date_of_birth' | 'nhs_number'>;
const PERSON = ['people.id', 'people.preferred_name', 'people.full_name', 'people.date_of_birth', 'people.nhs_number'] as const;

export async function findService(db: DbOrTrx, organisationId: string, serviceId: string): Promise<{ id: string; name: string } | undefined> {
  return scoped(db, 'services', organisationId).select(['services.id', 'services.name']).where('services.id', '=', serviceId).executeTakeFirst();
}

export async function findPersonRow(db: DbOrTrx, organisationId: string, personId: string): Promise<PersonRow | undefined> {
  return scoped(db, 'people', organisationId).select(PERSON).where('people.id', '=', personId).executeTakeFirst();
}

/** Shares naming this service that are open now, with the plan's person. */
export async function activeSharesForService(db: DbOrTrx, organisationId: string, serviceId: string, now: string): Promise<(CrisisPlanShare & { person_id: string })[]> {
  return (await scoped(db, 'crisis_plan_shares', organisationId)
    .innerJoin('crisis_plans', (j) => j.onRef('crisis_plans.id', '=', 'crisis_plan_shares.plan_id').on('crisis_plans.organisation_id', '=', organisationId))
    .selectAll('crisis_plan_shares')
    .select('crisis_plans.person_id')
    .where('crisis_plan_shares.recipient_service_id', '=', serviceId)
    .where('crisis_plan_shares.revoked_at', 'is', null)
    .where('crisis_plan_shares.starts_at', '<=', now)
    .where('crisis_plan_shares.ends_at', '>', now)
    .orderBy('crisis_plan_shares.ends_at', 'asc')
    .orderBy('crisis_plan_shares.id', 'asc')
    .limit(1000)
    .execute()) as (CrisisPlanShare & { person_id: string })[];
}

export async function findShare(db: DbOrTrx, organisationId: string, shareId: string): Promise<(CrisisPlanShare & { person_id: string }) | undefined> {
  return (await scoped(db, 'crisis_plan_shares', organisationId)
    .innerJoin('crisis_plans', (j) => j.onRef('crisis_plans.id', '=', 'crisis_plan_shares.plan_id').on('crisis_plans.organisation_id', '=', organisationId))
    .selectAll('crisis_plan_shares')
    .select('crisis_plans.person_id')
    .where('crisis_plan_shares.id', '=', shareId)
    .executeTakeFirst()) as (CrisisPlanShare & { person_id: string }) | undefined;
}

export async function findPeopleRows(db: DbOrTrx, organisationId: string, ids: string[]): Promise<Map<string, PersonRow>> {
  const out = new Map<string, PersonRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await scoped(db, 'people', organisationId).select(PERSON).where('people.id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** The latest agreed version of each of these plans (what partners and recipients see). */
export async function latestAgreedSummaries(db: DbOrTrx, organisationId: string, planIds: string[]): Promise<Map<string, { number: number; agreed_at: string | null }>> {
  const out = new Map<string, { number: number; agreed_at: string | null }>();
  for (let i = 0; i < planIds.length; i += 500) {
    const rows = await scoped(db, 'crisis_plan_versions', organisationId)
      .select(['crisis_plan_versions.plan_id', 'crisis_plan_versions.number', 'crisis_plan_versions.agreed_at'])
      .where('crisis_plan_versions.plan_id', 'in', planIds.slice(i, i + 500))
      .where('crisis_plan_versions.state', '=', 'agreed')
      .execute();
    for (const r of rows) {
      const seen = out.get(r.plan_id);
      if (!seen || Number(r.number) > seen.number) out.set(r.plan_id, { number: Number(r.number), agreed_at: r.agreed_at });
    }
  }
  return out;
}

export async function latestAgreedVersion(db: DbOrTrx, organisationId: string, planId: string): Promise<CrisisPlanVersion | undefined> {
  return (await scoped(db, 'crisis_plan_versions', organisationId)
    .selectAll()
    .where('crisis_plan_versions.plan_id', '=', planId)
    .where('crisis_plan_versions.state', '=', 'agreed')
    .orderBy('crisis_plan_versions.number', 'desc')
    .limit(1)
    .executeTakeFirst()) as CrisisPlanVersion | undefined;
}

/** The plan of each of these people that has an agreed version. */
export async function plansWithAgreedVersion(db: DbOrTrx, organisationId: string, personIds: string[]): Promise<{ id: string; person_id: string }[]> {
  if (personIds.length === 0) return [];
  return scoped(db, 'crisis_plans', organisationId)
    .select(['crisis_plans.id', 'crisis_plans.person_id'])
    .where('crisis_plans.person_id', 'in', personIds)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('crisis_plan_versions')
          .select('crisis_plan_versions.id')
          .whereRef('crisis_plan_versions.plan_id', '=', 'crisis_plans.id')
          .where('crisis_plan_versions.organisation_id', '=', organisationId)
          .where('crisis_plan_versions.state', '=', 'agreed'),
      ),
    )
    .execute();
}

export async function insertView(db: DbOrTrx, row: Omit<CrisisPlanViewsTable, 'id'>): Promise<string> {
  const id = newId();
  await db.insertInto('crisis_plan_views').values({ id, ...row }).execute();
  return id;
}

/** Email addresses of the service's managers and the organisation-wide ones, each once; disabled accounts left out. */
export async function managerEmails(db: DbOrTrx, organisationId: string, serviceId: string): Promise<string[]> {
  const rows = await scoped(db, 'memberships', organisationId)
    .innerJoin('users', (j) => j.onRef('users.id', '=', 'memberships.user_id').on('users.organisation_id', '=', organisationId))
    .select('users.email')
    .distinct()
    .where('memberships.role', '=', 'service_manager')
    .where((eb) => eb.or([eb('memberships.service_id', '=', serviceId), eb('memberships.service_id', 'is', null)]))
    .where('users.disabled_at', 'is', null)
    .orderBy('users.email')
    .execute();
  return rows.map((r) => r.email);
}

export async function findGrant(db: DbOrTrx, organisationId: string, grantId: string): Promise<CrisisPlanBreakGlass | undefined> {
  return (await scoped(db, 'crisis_plan_break_glass', organisationId).selectAll().where('crisis_plan_break_glass.id', '=', grantId).executeTakeFirst()) as CrisisPlanBreakGlass | undefined;
}

export async function grantsOfUser(db: DbOrTrx, organisationId: string, serviceId: string, userId: string): Promise<CrisisPlanBreakGlass[]> {
  return (await scoped(db, 'crisis_plan_break_glass', organisationId)
    .selectAll()
    .where('crisis_plan_break_glass.service_id', '=', serviceId)
    .where('crisis_plan_break_glass.user_id', '=', userId)
    .orderBy('crisis_plan_break_glass.created_at', 'desc')
    .limit(100)
    .execute()) as CrisisPlanBreakGlass[];
}

export type ReviewRow = CrisisPlanBreakGlass & { user_name: string; reviewed_by_name: string | null };

const reviewRows = (db: DbOrTrx, organisationId: string) =>
  scoped(db, 'crisis_plan_break_glass', organisationId)
    .innerJoin('users as opener', (j) => j.onRef('opener.id', '=', 'crisis_plan_break_glass.user_id').on('opener.organisation_id', '=', organisationId))
    .leftJoin('users as reviewer', (j) => j.onRef('reviewer.id', '=', 'crisis_plan_break_glass.reviewed_by').on('reviewer.organisation_id', '=', organisationId))
    .selectAll('crisis_plan_break_glass')
    .select(['opener.display_name as user_name', 'reviewer.display_name as reviewed_by_name']);

/** Every emergency access in the service: not yet reviewed first, then newest first. */
export async function grantsForReview(db: DbOrTrx, organisationId: string, serviceId: string): Promise<ReviewRow[]> {
  return (await reviewRows(db, organisationId)
    .where('crisis_plan_break_glass.service_id', '=', serviceId)
    .orderBy(sql`case when crisis_plan_break_glass.reviewed_at is null then 0 else 1 end`)
    .orderBy('crisis_plan_break_glass.created_at', 'desc')
    .orderBy('crisis_plan_break_glass.id', 'desc')
    .limit(500)
    .execute()) as ReviewRow[];
}

export async function findReviewRow(db: DbOrTrx, organisationId: string, grantId: string): Promise<ReviewRow | undefined> {
  return (await reviewRows(db, organisationId).where('crisis_plan_break_glass.id', '=', grantId).executeTakeFirst()) as ReviewRow | undefined;
}

/** How many times each grant's plan was opened under it. */
export async function readsOfGrants(db: DbOrTrx, organisationId: string, grantIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < grantIds.length; i += 500) {
    const rows = await scoped(db, 'crisis_plan_views', organisationId)
      .select(['crisis_plan_views.grant_id', sql<number>`count(*)`.as('n')])
      .where('crisis_plan_views.grant_id', 'in', grantIds.slice(i, i + 500))
      .groupBy('crisis_plan_views.grant_id')
      .execute();
    for (const r of rows) if (r.grant_id) out.set(r.grant_id, Number(r.n));
  }
  return out;
}

/** Failed emergency-access look-ups by this person since `since`, from the audit trail. */
export async function recentFailedLookups(db: DbOrTrx, organisationId: string, userId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select(sql<number>`count(*)`.as('n'))
    .where('organisation_id', '=', organisationId)
    .where('actor_user_id', '=', userId)
    .where('action', '=', 'plan.break_glass')
    .where('outcome', '=', 'failure')
    .where('at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
