import type { Transaction } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Database, DebriefOffersTable } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';

/**
 * Debrief offers (issue 6, item 7): after an escalation closes or a lone-working alarm is
 * acknowledged, everyone involved is offered a debrief. Stored now as `debrief_offers`
 * rows (status 'offered'); the wellbeing capability (issue 7) picks them up.
 *
 * Shared by escalations (on close) and lone working (on acknowledging an alarm). Offering
 * twice to the same person for the same source changes nothing (unique per user and source).
 */
export interface DebriefOfferInput {
  organisationId: string;
  serviceId: string;
  sourceType: DebriefOffersTable['source_type'];
  sourceId: string;
  /** Everyone involved; nulls and repeats are ignored. */
  userIds: readonly (string | null | undefined)[];
}

/** Writes the offers inside the caller's transaction; returns the user ids newly offered one. */
export async function offerDebriefs(trx: Transaction<Database>, deps: Pick<Deps, 'clock' | 'audit'>, actor: Actor, input: DebriefOfferInput): Promise<string[]> {
  const now = nowIso(deps.clock);
  const people = [...new Set(input.userIds.filter((id): id is string => !!id))];
  if (people.length === 0) return [];
  // Only staff of this organisation can be offered one.
  const known = new Set(
    (await trx.selectFrom('users').select('id').where('organisation_id', '=', input.organisationId).where('id', 'in', people).execute()).map((r) => r.id),
  );
  const offered: string[] = [];
  for (const userId of people) {
    if (!known.has(userId)) continue;
    const id = newId();
    const result = await trx
      .insertInto('debrief_offers')
      .values({ id, organisation_id: input.organisationId, service_id: input.serviceId, user_id: userId, source_type: input.sourceType, source_id: input.sourceId, status: 'offered', offered_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'source_type', 'source_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!result) continue;
    offered.push(userId);
    await recordAudit(trx, deps.audit, auditInput(actor, {
      organisationId: input.organisationId,
      action: 'debrief.offer',
      entityType: 'debrief_offer',
      entityId: id,
      details: { serviceId: input.serviceId, userId, sourceType: input.sourceType, sourceId: input.sourceId },
    }));
  }
  return offered;
}
