import { recordAudit } from '../../audit/audit.js';
import type { CrisisPlanBreakGlass, CrisisPlanVersion } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Deps, type DbOrTrx } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import {
  breakGlassReviewPath,
  type BreakGlassCreate,
  type BreakGlassGrantOut,
  type BreakGlassOut,
  type BreakGlassReviewCreate,
  type BreakGlassReviewOut,
  type PartnerAccess,
  type PartnerPlanOut,
  type SharedPlanSummary,
} from '../../../shared/plan-partners.js';
import { PLAN_SECTION_KEYS, type PlanSectionKey } from '../../../shared/plans.js';
import { exactCandidates } from '../people/queries.js';
import { resolvePlanServices } from './plan-services.js';
import {
  activeSharesForService,
  findGrant,
  findPeopleRows,
  findPersonRow,
  findReviewRow,
  findService,
  findShare,
  grantsForReview,
  grantsOfUser,
  insertView,
  latestAgreedSummaries,
  latestAgreedVersion,
  managerEmails,
  plansWithAgreedVersion,
  readsOfGrants,
  recentFailedLookups,
  type PersonRow,
  type ReviewRow,
} from './queries.js';
import {
  BREAK_GLASS_FAILURES_PER_HOUR,
  breakGlassEmail,
  fullNameMatches,
  grantExpiry,
  grantIsActive,
  partnerPerson,
  readContent,
  sectionsOf,
  shareIsActive,
  visibleContent,
} from './rules.js';

const serviceNotFound = () => notFound('That service');
const sharedPlanNotFound = () => notFound('That shared plan');
const grantNotFound = () => notFound('That emergency access');
const shareEnded = () =>
  new AppError(403, 'share_ended', 'This plan is no longer shared with your service. The person may have stopped sharing it, or the sharing has reached its end date.');
const accessEnded = () =>
  new AppError(403, 'access_ended', 'Your emergency access to this plan has ended. If you still need it, ask again and say why.');
const noMatch = () =>
  new AppError(
    404,
    'no_match',
    'We could not find one person with an agreed crisis plan who matches these details exactly. Check the details and try again. If you searched by name and date of birth, the NHS number may find them.',
  );
const tooManyTries = () =>
  new AppError(429, 'too_many_attempts', 'You have tried several times without finding anyone. Please wait a while before trying again, or ask the person’s service for their details.');

async function requireService(db: DbOrTrx, organisationId: string, serviceId: string): Promise<{ id: string; name: string }> {
  const service = await findService(db, organisationId, serviceId);
  if (!service) throw serviceNotFound();
  return service;
}

/** A refusal is recorded in the audit trail on its own (the reading transaction rolled back). */
async function recordRefusal(deps: Deps, actor: Actor, action: string, entityType: string, entityId: string, details: Record<string, unknown>, outcome: 'denied' | 'failure' = 'denied') {
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action, entityType, entityId, outcome, details }));
}

/**
 * Shows a partner the sections of a version they may see (the services section resolved),
 * and in the same transaction records the view (the person sees it under "who looked") and
 * the audit event, so a plan is never shown without both.
 */
async function showPartnerPlan(
  trx: DbOrTrx,
  deps: Deps,
  actor: Actor,
  organisationId: string,
  input: { planId: string; person: PersonRow; version: CrisisPlanVersion; sections: PlanSectionKey[]; access: PartnerAccess; serviceId: string; userId: string | null; now: Date },
  audit: { action: string; entityType: string; entityId: string; details: Record<string, unknown> },
): Promise<PartnerPlanOut> {
  const content = readContent(input.version.content);
  const plan: PartnerPlanOut = {
    planId: input.planId,
    person: partnerPerson(input.person),
    version: { number: Number(input.version.number), agreedAt: input.version.agreed_at, agreedHow: input.version.agreed_how },
    sections: input.sections,
    content: visibleContent(content, input.sections),
    services: input.sections.includes('services') ? await resolvePlanServices(trx, organisationId, content.services, input.now) : null,
    access: input.access,
  };
  const viewId = await insertView(trx, {
    organisation_id: organisationId,
    plan_id: input.planId,
    version_id: input.version.id,
    viewer_kind: input.access.kind === 'share' ? 'partner' : 'break_glass',
    user_id: input.userId,
    service_id: input.serviceId,
    share_id: input.access.kind === 'share' ? input.access.shareId : null,
    link_id: null,
    grant_id: input.access.kind === 'break_glass' ? input.access.grantId : null,
    viewed_at: input.now.toISOString(),
  });
  const versionNumber = Number(input.version.number);
  await recordAudit(trx, deps.audit, auditInput(actor, { ...audit, details: { ...audit.details, versionNumber, viewId } }));
  return plan;
}

// ---- plans shared with a service ------------------------------------------------------

export async function listSharedPlans(deps: Deps, actor: Actor, organisationId: string, serviceId: string): Promise<SharedPlanSummary[]> {
  return deps.db.transaction().execute(async (trx) => {
    await requireService(trx, organisationId, serviceId);
    const now = nowIso(deps.clock);
    const shares = await activeSharesForService(trx, organisationId, serviceId, now);
    const agreed = await latestAgreedSummaries(trx, organisationId, [...new Set(shares.map((s) => s.plan_id))]);
    const people = await findPeopleRows(trx, organisationId, [...new Set(shares.map((s) => s.person_id))]);
    const plans: SharedPlanSummary[] = [];
    for (const share of shares) {
      const version = agreed.get(share.plan_id);
      const person = people.get(share.person_id);
      if (!version || !person) continue;
      plans.push({
        shareId: share.id,
        planId: share.plan_id,
        person: partnerPerson(person),
        sections: sectionsOf(share.sections),
        startsAt: share.starts_at,
        endsAt: share.ends_at,
        versionNumber: version.number,
        agreedAt: version.agreed_at,
      });
    }
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.partner_list', entityType: 'service', entityId: serviceId, details: { count: plans.length } }));
    return plans;
  });
}

export async function readSharedPlan(deps: Deps, actor: Actor, organisationId: string, serviceId: string, shareId: string): Promise<PartnerPlanOut> {
  const result = await deps.db.transaction().execute(async (trx) => {
    await requireService(trx, organisationId, serviceId);
    const share = await findShare(trx, organisationId, shareId);
    if (!share || share.recipient_service_id !== serviceId) throw sharedPlanNotFound();
    const nowMs = deps.clock();
    const now = new Date(nowMs).toISOString();
    // Checked on every read, so revoking or ending a share stops the next read at once.
    if (!shareIsActive(share, now)) return { refused: true as const, planId: share.plan_id, why: share.revoked_at ? 'revoked' : 'ended' };
    const version = await latestAgreedVersion(trx, organisationId, share.plan_id);
    const person = await findPersonRow(trx, organisationId, share.person_id);
    if (!version || !person) throw sharedPlanNotFound();
    const plan = await showPartnerPlan(
      trx,
      deps,
      actor,
      organisationId,
      { planId: share.plan_id, person, version, sections: sectionsOf(share.sections), access: { kind: 'share', shareId: share.id, endsAt: share.ends_at }, serviceId, userId: actor.userId, now: new Date(nowMs) },
      { action: 'plan.partner_read', entityType: 'crisis_plan', entityId: share.plan_id, details: { shareId: share.id, serviceId } },
    );
    return { refused: false as const, plan };
  });
  if (result.refused) {
    await recordRefusal(deps, actor, 'plan.partner_read', 'crisis_plan', result.planId, { shareId, serviceId, why: result.why });
    throw shareEnded();
  }
  return result.plan;
}

// ---- emergency access ------------------------------------------------------------------

function grantOut(grant: CrisisPlanBreakGlass, person: PersonRow, now: string): BreakGlassGrantOut {
  return {
    id: grant.id,
    serviceId: grant.service_id,
    planId: grant.plan_id,
    person: partnerPerson(person),
    reason: grant.reason,
    createdAt: grant.created_at,
    expiresAt: grant.expires_at,
    active: grantIsActive(grant, now),
  };
}

/** Exactly one person with an agreed plan matching every detail given, or null. */
async function findExactly(db: DbOrTrx, organisationId: string, input: BreakGlassCreate): Promise<{ person: PersonRow; planId: string } | { failure: 'no_match' | 'no_agreed_plan' | 'several' }> {
  const candidates =
    input.nhsNumber !== undefined
      ? await exactCandidates(db, organisationId, 'nhs_number', input.nhsNumber)
      : (await exactCandidates(db, organisationId, 'date_of_birth', input.dateOfBirth!)).filter((p) => fullNameMatches(input.fullName!, p));
  if (candidates.length === 0) return { failure: 'no_match' };
  const plans = await plansWithAgreedVersion(db, organisationId, candidates.map((c) => c.id));
  if (plans.length === 0) return { failure: 'no_agreed_plan' };
  if (plans.length > 1 || candidates.length > 1) return { failure: 'several' };
  const person = candidates[0]!;
  return { person, planId: plans[0]!.id };
}

export async function openBreakGlass(deps: Deps, actor: Actor, organisationId: string, serviceId: string, input: BreakGlassCreate): Promise<BreakGlassOut> {
  const userId = actor.userId!;
  const by = input.nhsNumber !== undefined ? 'nhs_number' : 'name_and_date_of_birth';
  const service = await requireService(deps.db, organisationId, serviceId);
  const nowMs = deps.clock();
  const failures = await recentFailedLookups(deps.db, organisationId, userId, new Date(nowMs - 3_600_000).toISOString());
  if (failures >= BREAK_GLASS_FAILURES_PER_HOUR) {
    await recordRefusal(deps, actor, 'plan.break_glass', 'service', serviceId, { by, why: 'too_many_attempts' });
    throw tooManyTries();
  }
  const found = await findExactly(deps.db, organisationId, input);
  if ('failure' in found) {
    await recordRefusal(deps, actor, 'plan.break_glass', 'service', serviceId, { by, why: found.failure }, 'failure');
    throw noMatch();
  }
  const now = new Date(nowMs).toISOString();
  const { grant, plan } = await deps.db.transaction().execute(async (trx) => {
    const version = await latestAgreedVersion(trx, organisationId, found.planId);
    if (!version) throw noMatch();
    const grant: CrisisPlanBreakGlass = {
      id: newId(),
      organisation_id: organisationId,
      plan_id: found.planId,
      person_id: found.person.id,
      service_id: serviceId,
      user_id: userId,
      reason: input.reason,
      created_at: now,
      expires_at: grantExpiry(nowMs, deps.config.planBreakGlassMs),
      reviewed_at: null,
      reviewed_by: null,
      review_note: null,
    };
    await trx.insertInto('crisis_plan_break_glass').values(grant).execute();
    const plan = await showPartnerPlan(
      trx,
      deps,
      actor,
      organisationId,
      { planId: found.planId, person: found.person, version, sections: [...PLAN_SECTION_KEYS], access: { kind: 'break_glass', grantId: grant.id, expiresAt: grant.expires_at }, serviceId, userId, now: new Date(nowMs) },
      { action: 'plan.break_glass', entityType: 'crisis_plan_break_glass', entityId: grant.id, details: { planId: found.planId, personId: found.person.id, serviceId, by, expiresAt: grant.expires_at } },
    );
    return { grant, plan };
  });
  const managersTold = await tellManagers(deps, actor, organisationId, service, grant.id);
  return { grant: grantOut(grant, found.person, now), plan, managersTold };
}

/**
 * Emails every manager of the service (and the organisation-wide ones) straight away,
 * after the access is committed: only that emergency access was used, where, and a link
 * to the review screen. The outcome (how many were sent) goes in the audit trail.
 */
async function tellManagers(deps: Deps, actor: Actor, organisationId: string, service: { id: string; name: string }, grantId: string): Promise<number> {
  const emails = await managerEmails(deps.db, organisationId, service.id);
  const { subject, message } = breakGlassEmail(service.name, `${deps.config.publicUrl}${breakGlassReviewPath(service.id)}`);
  let sent = 0;
  const notificationIds: string[] = [];
  for (const to of emails) {
    const result = await deps.notifier.send(deps.db, { organisationId, channel: 'email', to, template: 'break_glass', subject, message });
    notificationIds.push(result.notificationId);
    if (result.status === 'sent') sent += 1;
  }
  await recordAudit(
    deps.db,
    deps.audit,
    auditInput(actor, {
      action: 'plan.break_glass_notify',
      entityType: 'crisis_plan_break_glass',
      entityId: grantId,
      outcome: sent === emails.length && emails.length > 0 ? 'success' : 'failure',
      details: { managers: emails.length, sent, notificationIds },
    }),
  );
  return sent;
}

export async function listMyGrants(deps: Deps, actor: Actor, organisationId: string, serviceId: string): Promise<BreakGlassGrantOut[]> {
  return deps.db.transaction().execute(async (trx) => {
    await requireService(trx, organisationId, serviceId);
    const grants = await grantsOfUser(trx, organisationId, serviceId, actor.userId!);
    const people = await findPeopleRows(trx, organisationId, [...new Set(grants.map((g) => g.person_id))]);
    const now = nowIso(deps.clock);
    const out = grants.flatMap((g) => {
      const person = people.get(g.person_id);
      return person ? [grantOut(g, person, now)] : [];
    });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.break_glass_list', entityType: 'service', entityId: serviceId, details: { count: out.length } }));
    return out;
  });
}

export async function readBreakGlass(deps: Deps, actor: Actor, organisationId: string, serviceId: string, grantId: string): Promise<PartnerPlanOut> {
  const result = await deps.db.transaction().execute(async (trx) => {
    await requireService(trx, organisationId, serviceId);
    const grant = await findGrant(trx, organisationId, grantId);
    // Only the person who asked can read under their access.
    if (!grant || grant.service_id !== serviceId || grant.user_id !== actor.userId) throw grantNotFound();
    const nowMs = deps.clock();
    const now = new Date(nowMs).toISOString();
    if (!grantIsActive(grant, now)) return { refused: true as const, planId: grant.plan_id };
    const version = await latestAgreedVersion(trx, organisationId, grant.plan_id);
    const person = await findPersonRow(trx, organisationId, grant.person_id);
    if (!version || !person) throw grantNotFound();
    const plan = await showPartnerPlan(
      trx,
      deps,
      actor,
      organisationId,
      { planId: grant.plan_id, person, version, sections: [...PLAN_SECTION_KEYS], access: { kind: 'break_glass', grantId: grant.id, expiresAt: grant.expires_at }, serviceId, userId: actor.userId, now: new Date(nowMs) },
      { action: 'plan.break_glass_read', entityType: 'crisis_plan', entityId: grant.plan_id, details: { grantId: grant.id, serviceId } },
    );
    return { refused: false as const, plan };
  });
  if (result.refused) {
    await recordRefusal(deps, actor, 'plan.break_glass_read', 'crisis_plan', result.planId, { grantId, serviceId, why: 'expired' });
    throw accessEnded();
  }
  return result.plan;
}

// ---- review ------------------------------------------------------------------------

function reviewOut(row: ReviewRow, person: PersonRow, reads: number): BreakGlassReviewOut {
  return {
    id: row.id,
    serviceId: row.service_id,
    planId: row.plan_id,
    person: partnerPerson(person),
    userId: row.user_id,
    userName: row.user_name,
    reason: row.reason,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    reads,
    reviewedAt: row.reviewed_at,
    reviewedByName: row.reviewed_by_name,
    reviewNote: row.review_note,
  };
}

export async function listBreakGlassReviews(deps: Deps, actor: Actor, organisationId: string, serviceId: string): Promise<BreakGlassReviewOut[]> {
  return deps.db.transaction().execute(async (trx) => {
    await requireService(trx, organisationId, serviceId);
    const rows = await grantsForReview(trx, organisationId, serviceId);
    const people = await findPeopleRows(trx, organisationId, [...new Set(rows.map((r) => r.person_id))]);
    const reads = await readsOfGrants(trx, organisationId, rows.map((r) => r.id));
    const out = rows.flatMap((r) => {
      const person = people.get(r.person_id);
      return person ? [reviewOut(r, person, reads.get(r.id) ?? 0)] : [];
    });
    await recordAudit(
      trx,
      deps.audit,
      auditInput(actor, { action: 'plan.break_glass_review_list', entityType: 'service', entityId: serviceId, details: { count: out.length, unreviewed: out.filter((g) => g.reviewedAt === null).length } }),
    );
    return out;
  });
}

export async function reviewBreakGlass(deps: Deps, actor: Actor, organisationId: string, serviceId: string, grantId: string, input: BreakGlassReviewCreate): Promise<BreakGlassReviewOut> {
  return deps.db.transaction().execute(async (trx) => {
    await requireService(trx, organisationId, serviceId);
    const row = await findReviewRow(trx, organisationId, grantId);
    if (!row || row.service_id !== serviceId) throw grantNotFound();
    if (row.user_id === actor.userId) throw new AppError(403, 'own_access', 'Someone else needs to review your own emergency access.');
    const person = await findPersonRow(trx, organisationId, row.person_id);
    if (!person) throw grantNotFound();
    const reads = (await readsOfGrants(trx, organisationId, [row.id])).get(row.id) ?? 0;
    if (row.reviewed_at !== null) {
      throw new AppError(409, 'already_reviewed', 'This emergency access has already been reviewed.', undefined, { current: reviewOut(row, person, reads) });
    }
    const now = nowIso(deps.clock);
    const updated = await trx
      .updateTable('crisis_plan_break_glass')
      .set({ reviewed_at: now, reviewed_by: actor.userId, review_note: input.note })
      .where('id', '=', grantId)
      .where('organisation_id', '=', organisationId)
      .where('reviewed_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError(409, 'already_reviewed', 'This emergency access has already been reviewed.');
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.break_glass_review', entityType: 'crisis_plan_break_glass', entityId: grantId, details: { serviceId, planId: row.plan_id } }));
    const after = await findReviewRow(trx, organisationId, grantId);
    return reviewOut(after!, person, reads);
  });
}
