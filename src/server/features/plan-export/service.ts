import type { Bundle } from '@medplum/fhirtypes';
import { recordAudit } from '../../audit/audit.js';
import { scoped } from '../../db/scope.js';
import type { CrisisPlanVersion } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import type { PlanExportQuery } from '../../../shared/plan-partners.js';
import { findPersonRow, insertView } from '../plan-partners/queries.js';
import { resolvePlanServices } from '../plan-partners/plan-services.js';
import { readContent, sectionsOf, shareIsActive } from '../plan-partners/rules.js';
import { planBundle } from './fhir.js';

const noAgreedVersion = () => new AppError(404, 'not_found', 'This plan has no agreed version yet. Choose a version number to export a draft.');

/**
 * A person's plan as a FHIR R4 Bundle: the agreed version by default, or the version asked
 * for. Exporting is a staff read of the plan: it writes a view and an audit event.
 */
export async function exportPlanFhir(deps: Deps, actor: Actor, organisationId: string, personId: string, query: PlanExportQuery): Promise<Bundle> {
  return deps.db.transaction().execute(async (trx) => {
    const person = await findPersonRow(trx, organisationId, personId);
    if (!person) throw notFound('That person');
    const plan = await scoped(trx, 'crisis_plans', organisationId).select(['crisis_plans.id']).where('crisis_plans.person_id', '=', personId).executeTakeFirst();
    if (!plan) throw notFound('A crisis plan for this person');
    const versions = (await scoped(trx, 'crisis_plan_versions', organisationId)
      .selectAll()
      .where('crisis_plan_versions.plan_id', '=', plan.id)
      .orderBy('crisis_plan_versions.number', 'desc')
      .execute()) as CrisisPlanVersion[];
    const latestAgreed = versions.find((v) => v.state === 'agreed');
    const version = query.version === undefined ? latestAgreed : versions.find((v) => Number(v.number) === query.version);
    if (!version) throw query.version === undefined ? noAgreedVersion() : notFound('That version of the plan');

    const organisation = await trx.selectFrom('organisations').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirstOrThrow();
    const staffIds = [...new Set([version.created_by, version.updated_by, version.agreed_recorded_by].filter((id): id is string => id !== null))];
    const staffRows = staffIds.length ? await scoped(trx, 'users', organisationId).select(['users.id', 'users.display_name']).where('users.id', 'in', staffIds).execute() : [];
    const shares = await scoped(trx, 'crisis_plan_shares', organisationId)
      .leftJoin('services', (j) => j.onRef('services.id', '=', 'crisis_plan_shares.recipient_service_id').on('services.organisation_id', '=', organisationId))
      .selectAll('crisis_plan_shares')
      .select('services.name as service_name')
      .where('crisis_plan_shares.plan_id', '=', plan.id)
      .orderBy('crisis_plan_shares.created_at', 'asc')
      .orderBy('crisis_plan_shares.id', 'asc')
      .execute();
    const nowMs = deps.clock();
    const now = new Date(nowMs).toISOString();
    const content = readContent(version.content);
    const resolved = await resolvePlanServices(trx, organisationId, content.services, new Date(nowMs));
    const services = new Map(resolved.entries.filter((e) => e.available || e.phones.length).map((e) => [e.directoryEntryId, { name: e.name, phones: e.phones.map((p) => p.number) }]));

    const bundle = planBundle({
      bundleId: newId(),
      publicUrl: deps.config.publicUrl,
      now,
      organisation,
      person: { id: person.id, preferredName: person.preferred_name, fullName: person.full_name, dateOfBirth: person.date_of_birth, nhsNumber: person.nhs_number },
      planId: plan.id,
      version: {
        id: version.id,
        number: Number(version.number),
        state: version.state,
        content,
        createdAt: version.created_at,
        createdBy: version.created_by,
        updatedAt: version.updated_at,
        updatedBy: version.updated_by,
        agreedAt: version.agreed_at,
        agreedHow: version.agreed_how,
        agreedRecordedBy: version.agreed_recorded_by,
        isLatestAgreed: latestAgreed?.id === version.id,
      },
      staff: new Map(staffRows.map((u) => [u.id, u.display_name])),
      shares: shares.map((s) => ({
        id: s.id,
        recipientKind: s.recipient_kind,
        recipientName: s.recipient_name,
        relationship: s.relationship,
        recipientServiceId: s.recipient_service_id,
        recipientServiceName: s.service_name,
        sections: sectionsOf(s.sections),
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        revokedAt: s.revoked_at,
        createdAt: s.created_at,
        active: shareIsActive(s, now),
      })),
      services,
    });
    const viewId = await insertView(trx, {
      organisation_id: organisationId,
      plan_id: plan.id,
      version_id: version.id,
      viewer_kind: 'staff',
      user_id: actor.userId,
      service_id: null,
      share_id: null,
      link_id: null,
      grant_id: null,
      viewed_at: nowIso(deps.clock),
    });
    await recordAudit(
      trx,
      deps.audit,
      auditInput(actor, { action: 'plan.export', entityType: 'crisis_plan', entityId: plan.id, details: { format: 'fhir_r4', versionNumber: Number(version.number), consents: shares.length, viewId } }),
    );
    return bundle;
  });
}
