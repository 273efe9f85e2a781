import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { CrisisPlan, CrisisPlanLink, CrisisPlanShare } from '../../db/tables.js';
import type { LinkOut } from '../../../shared/plans.js';

/** Kysely queries for plan links. Every query names the organisation, or starts from a secret the caller holds. */

export async function findPlanOf(db: DbOrTrx, organisationId: string, personId: string): Promise<CrisisPlan | undefined> {
  return (await scoped(db, 'crisis_plans', organisationId).selectAll().where('crisis_plans.person_id', '=', personId).executeTakeFirst()) as CrisisPlan | undefined;
}

export async function findShare(db: DbOrTrx, organisationId: string, planId: string, shareId: string): Promise<CrisisPlanShare | undefined> {
  return (await scoped(db, 'crisis_plan_shares', organisationId)
    .selectAll()
    .where('crisis_plan_shares.id', '=', shareId)
    .where('crisis_plan_shares.plan_id', '=', planId)
    .executeTakeFirst()) as CrisisPlanShare | undefined;
}

export async function findLink(db: DbOrTrx, organisationId: string, planId: string, linkId: string): Promise<CrisisPlanLink | undefined> {
  return (await scoped(db, 'crisis_plan_links', organisationId)
    .selectAll()
    .where('crisis_plan_links.id', '=', linkId)
    .where('crisis_plan_links.plan_id', '=', planId)
    .executeTakeFirst()) as CrisisPlanLink | undefined;
}

export async function organisationName(db: DbOrTrx, organisationId: string): Promise<string> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  return row?.name ?? 'your support service';
}

export function linkStatus(link: Pick<CrisisPlanLink, 'withdrawn_at' | 'expires_at'>, now: number): LinkOut['status'] {
  if (link.withdrawn_at) return 'withdrawn';
  return Date.parse(link.expires_at) <= now ? 'expired' : 'active';
}

export function linkOut(link: CrisisPlanLink, now: number): LinkOut {
  return {
    id: link.id,
    shareId: link.share_id,
    channel: link.channel,
    createdAt: link.created_at,
    expiresAt: link.expires_at,
    withdrawnAt: link.withdrawn_at,
    lastOpenedAt: link.last_opened_at,
    lockedUntil: link.locked_until && Date.parse(link.locked_until) > now ? link.locked_until : null,
    status: linkStatus(link, now),
  };
}

export type ShareState = 'active' | 'not_started' | 'ended' | 'revoked';
export function shareState(share: Pick<CrisisPlanShare, 'revoked_at' | 'starts_at' | 'ends_at'>, now: number): ShareState {
  if (share.revoked_at) return 'revoked';
  if (Date.parse(share.starts_at) > now) return 'not_started';
  return Date.parse(share.ends_at) <= now ? 'ended' : 'active';
}
