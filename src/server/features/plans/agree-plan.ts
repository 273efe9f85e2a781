import type { AuditContext } from '../../audit/audit.js';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { CrisisPlanVersion } from '../../db/tables.js';
import { auditInput, type Actor } from '../../http/context.js';
import { badRequest, notFound, staleVersion } from '../../http/errors.js';
import type { AgreedHow } from '../../../shared/plans.js';
import { readContent, versionOut, versionUsers } from './out.js';
import { userNames } from './queries.js';
import { agreeProblem, notADraft } from './rules.js';

export interface AgreePlanInput {
  organisationId: string;
  planId: string;
  /** The version's number within the plan (1, 2, …). */
  number: number;
  /** The row `version` of the draft the person saw; a different one is a 409 stale_version. */
  version: number;
  /** 'in_person' (a worker was there) or 'own_device' (the person pressed "I agree" on /my-plan). */
  how: AgreedHow;
  /** The worker who was with the person; null when they agreed on their own device. */
  recordedBy: string | null;
  /** ISO time of the agreement (nowIso(deps.clock)). */
  now: string;
}

/**
 * The person agrees a draft: it becomes an agreed version, frozen for ever, recording when
 * and how. Shared by the staff route (POST plan/versions/:number/agree, how 'in_person')
 * and the person's own page (/my-plan, how 'own_device', recordedBy null).
 *
 * Call it INSIDE the transaction that makes the change: it writes the version, touches the
 * plan's updated_at (not its version) and records the audit event `plan.agree`
 * (entity crisis_plan_version; details { planId, number, how }) with `actor`
 * (for own device: userId null, organisationId set, source = the request address).
 *
 * Refusals (AppError, nothing written):
 *  - 404 not_found: no such version of this plan in this organisation;
 *  - 409 not_a_draft: that version is already agreed;
 *  - 409 stale_version: `version` is not the draft's current row version (both versions in the reply);
 *  - 400 invalid_input: nothing is written in any part of the plan yet.
 *
 * Returns the agreed version row.
 */
export async function agreePlan(trx: DbOrTrx, audit: AuditContext, actor: Actor, input: AgreePlanInput): Promise<CrisisPlanVersion> {
  const row = (await scoped(trx, 'crisis_plan_versions', input.organisationId)
    .selectAll()
    .where('crisis_plan_versions.plan_id', '=', input.planId)
    .where('crisis_plan_versions.number', '=', input.number)
    .executeTakeFirst()) as CrisisPlanVersion | undefined;
  if (!row) throw notFound('That version of the plan');
  if (row.state !== 'draft') throw notADraft();
  const problem = agreeProblem(readContent(row));
  if (problem) throw badRequest(problem.message, problem.fields);
  const result = await trx
    .updateTable('crisis_plan_versions')
    .set({
      state: 'agreed',
      agreed_at: input.now,
      agreed_how: input.how,
      agreed_recorded_by: input.how === 'in_person' ? input.recordedBy : null,
      updated_at: input.now,
      ...(input.recordedBy ? { updated_by: input.recordedBy } : {}),
      version: input.version + 1,
    })
    .where('id', '=', row.id)
    .where('organisation_id', '=', input.organisationId)
    .where('state', '=', 'draft')
    .where('version', '=', input.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const current = (await trx.selectFrom('crisis_plan_versions').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as CrisisPlanVersion;
    if (current.state !== 'draft') throw notADraft();
    // Both versions, as a PATCH of the draft would give them: the draft as it is now (with who saved it) and what was sent.
    throw staleVersion(versionOut(current, await userNames(trx, input.organisationId, versionUsers([current]))), { version: input.version, how: input.how });
  }
  await trx.updateTable('crisis_plans').set({ updated_at: input.now }).where('id', '=', input.planId).where('organisation_id', '=', input.organisationId).execute();
  await recordAudit(trx, audit, auditInput(actor, {
    organisationId: input.organisationId,
    action: 'plan.agree',
    entityType: 'crisis_plan_version',
    entityId: row.id,
    details: { planId: input.planId, number: Number(row.number), how: input.how },
  }));
  return (await trx.selectFrom('crisis_plan_versions').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as CrisisPlanVersion;
}
