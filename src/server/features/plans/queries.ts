import { sql } from 'kysely';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { CrisisPlan, CrisisPlanLink, CrisisPlanShare, CrisisPlanVersion } from '../../db/tables.js';

/** Kysely reads for crisis plans, each limited to one organisation. */

export async function findPlanOf(db: DbOrTrx, organisationId: string, personId: string): Promise<CrisisPlan | undefined> {
  return (await scoped(db, 'crisis_plans', organisationId).selectAll().where('crisis_plans.person_id', '=', personId).executeTakeFirst()) as CrisisPlan | undefined;
}

export async function personExists(db: DbOrTrx, organisationId: string, personId: string): Promise<boolean> {
  return (await scoped(db, 'people', organisationId).select('people.id').where('people.id', '=', personId).executeTakeFirst()) !== undefined;
}

/** The person's merge state: undefined when not this organisation's. */
export async function personMerge(db: DbOrTrx, organisationId: string, personId: string): Promise<{ merged_into_id: string | null } | undefined> {
  return (await scoped(db, 'people', organisationId).select('people.merged_into_id').where('people.id', '=', personId).executeTakeFirst()) as { merged_into_id: string | null } | undefined;
}

export async function planVersions(db: DbOrTrx, organisationId: string, planId: string): Promise<CrisisPlanVersion[]> {
  return (await scoped(db, 'crisis_plan_versions', organisationId)
    .selectAll()
    .where('crisis_plan_versions.plan_id', '=', planId)
    .orderBy('crisis_plan_versions.number', 'desc')
    .execute()) as CrisisPlanVersion[];
}

export async function findVersion(db: DbOrTrx, organisationId: string, planId: string, number: number): Promise<CrisisPlanVersion | undefined> {
  return (await scoped(db, 'crisis_plan_versions', organisationId)
    .selectAll()
    .where('crisis_plan_versions.plan_id', '=', planId)
    .where('crisis_plan_versions.number', '=', number)
    .executeTakeFirst()) as CrisisPlanVersion | undefined;
}

export async function planShares(db: DbOrTrx, organisationId: string, planId: string): Promise<CrisisPlanShare[]> {
  return (await scoped(db, 'crisis_plan_shares', organisationId)
    .selectAll()
    .where('crisis_plan_shares.plan_id', '=', planId)
    .orderBy('crisis_plan_shares.created_at', 'desc')
    .orderBy('crisis_plan_shares.id', 'desc')
    .execute()) as CrisisPlanShare[];
}

export async function findShare(db: DbOrTrx, organisationId: string, planId: string, shareId: string): Promise<CrisisPlanShare | undefined> {
  return (await scoped(db, 'crisis_plan_shares', organisationId)
    .selectAll()
    .where('crisis_plan_shares.plan_id', '=', planId)
    .where('crisis_plan_shares.id', '=', shareId)
    .executeTakeFirst()) as CrisisPlanShare | undefined;
}

export async function planLinks(db: DbOrTrx, organisationId: string, planId: string): Promise<CrisisPlanLink[]> {
  return (await scoped(db, 'crisis_plan_links', organisationId)
    .selectAll()
    .where('crisis_plan_links.plan_id', '=', planId)
    .orderBy('crisis_plan_links.created_at', 'desc')
    .orderBy('crisis_plan_links.id', 'desc')
    .execute()) as CrisisPlanLink[];
}

export async function userNames(db: DbOrTrx, organisationId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = (await scoped(db, 'users', organisationId).select(['users.id', 'users.display_name']).where('users.id', 'in', unique).execute()) as { id: string; display_name: string }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function serviceNames(db: DbOrTrx, organisationId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = (await scoped(db, 'services', organisationId).select(['services.id', 'services.name']).where('services.id', 'in', unique).execute()) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function entryNames(db: DbOrTrx, organisationId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = (await scoped(db, 'directory_entries', organisationId)
    .select(['directory_entries.id', 'directory_entries.name'])
    .where('directory_entries.id', 'in', unique)
    .execute()) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function organisationName(db: DbOrTrx, organisationId: string): Promise<string | null> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  return row?.name ?? null;
}

export interface ViewRow {
  id: string;
  viewed_at: string;
  viewer_kind: 'staff' | 'partner' | 'break_glass' | 'person' | 'recipient';
  version_number: number | null;
  user_name: string | null;
  service_name: string | null;
  recipient_name: string | null;
  relationship: string | null;
  recipient_kind: string | null;
  reason: string | null;
}

/** Every view of a plan except the person's own, newest first. */
export async function planViews(db: DbOrTrx, organisationId: string, planId: string, limit = 500): Promise<ViewRow[]> {
  return (await scoped(db, 'crisis_plan_views', organisationId)
    .leftJoin('crisis_plan_versions', 'crisis_plan_versions.id', 'crisis_plan_views.version_id')
    .leftJoin('users', 'users.id', 'crisis_plan_views.user_id')
    .leftJoin('services', 'services.id', 'crisis_plan_views.service_id')
    .leftJoin('crisis_plan_shares', 'crisis_plan_shares.id', 'crisis_plan_views.share_id')
    .leftJoin('crisis_plan_break_glass', 'crisis_plan_break_glass.id', 'crisis_plan_views.grant_id')
    .select([
      'crisis_plan_views.id',
      'crisis_plan_views.viewed_at',
      'crisis_plan_views.viewer_kind',
      'crisis_plan_versions.number as version_number',
      'users.display_name as user_name',
      'services.name as service_name',
      'crisis_plan_shares.recipient_name',
      'crisis_plan_shares.relationship',
      'crisis_plan_shares.recipient_kind',
      'crisis_plan_break_glass.reason',
    ])
    .where('crisis_plan_views.plan_id', '=', planId)
    .where('crisis_plan_views.viewer_kind', '!=', 'person')
    .orderBy('crisis_plan_views.viewed_at', 'desc')
    .orderBy('crisis_plan_views.id', 'desc')
    .limit(limit)
    .execute()) as ViewRow[];
}

export interface PlanCounts {
  peopleWithAgreedPlan: number;
  reviewedInLast6Months: number;
  activeShares: number;
}

/** The reporting counts for one organisation at `now` (ISO), reviews counted from `cutoff` (ISO). */
export async function planCounts(db: DbOrTrx, organisationId: string, now: string, cutoff: string): Promise<PlanCounts> {
  const agreed = scoped(db, 'crisis_plan_versions', organisationId)
    .select(['crisis_plan_versions.plan_id', sql<string>`max(crisis_plan_versions.agreed_at)`.as('last_agreed_at')])
    .where('crisis_plan_versions.state', '=', 'agreed')
    .where('crisis_plan_versions.agreed_at', '<=', now)
    .groupBy('crisis_plan_versions.plan_id');
  const plans = await scoped(db, 'crisis_plans', organisationId)
    .innerJoin(agreed.as('agreed'), 'agreed.plan_id', 'crisis_plans.id')
    .select([
      sql<number>`cast(count(distinct crisis_plans.person_id) as integer)`.as('people'),
      sql<number>`cast(count(case when agreed.last_agreed_at >= ${cutoff} or (crisis_plans.reviewed_at >= ${cutoff} and crisis_plans.reviewed_at <= ${now}) then 1 end) as integer)`.as('reviewed'),
    ])
    .executeTakeFirst();
  const shares = await scoped(db, 'crisis_plan_shares', organisationId)
    .select(sql<number>`cast(count(*) as integer)`.as('n'))
    .where('crisis_plan_shares.revoked_at', 'is', null)
    .where('crisis_plan_shares.starts_at', '<=', now)
    .where('crisis_plan_shares.ends_at', '>', now)
    .executeTakeFirst();
  const p = plans as { people: number; reviewed: number } | undefined;
  return {
    peopleWithAgreedPlan: Number(p?.people ?? 0),
    reviewedInLast6Months: Number(p?.reviewed ?? 0),
    activeShares: Number((shares as { n: number } | undefined)?.n ?? 0),
  };
}
