import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { CrisisPlan, CrisisPlanShare, CrisisPlanSharesTable, CrisisPlanVersion } from '../../db/tables.js';
import { json, newId, nowIso } from '../../db/values.js';
import { isUniqueViolation, updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { AppError, badRequest, notFound, staleVersion } from '../../http/errors.js';
import {
  PlanCompareQuery,
  PlanContent,
  type PlanAgree,
  type PlanCompareOut,
  type PlanCreate,
  type PlanOut,
  type PlanReportOut,
  type PlanVersionOut,
  type PlanVersionPatch,
  type PlanViewsOut,
  type ShareCreate,
  type ShareOut,
  type SharePatch,
} from '../../../shared/plans.js';
import { unknownEntryIds } from '../directory/service.js';
import { agreePlan } from './agree-plan.js';
import { linkOut, readContent, shareOut, versionOut, versionSummary, versionUsers } from './out.js';
import {
  entryNames,
  findPlanOf,
  findShare,
  findVersion,
  organisationName,
  personExists,
  personMerge,
  planCounts,
  planLinks,
  planShares,
  planVersions,
  planViews,
  serviceNames,
  userNames,
} from './queries.js';
import {
  compareContent,
  describeViewer,
  endOfLondonDay,
  endsOnProblem,
  lastReviewedAt,
  notADraft,
  orderedSections,
  reviewCutoff,
  staffServiceOf,
} from './rules.js';

/**
 * Crisis plans, staff side (issue 5): a plan per person per organisation, numbered versions
 * (one draft at a time; agreed versions frozen), consent to share per recipient, "who looked",
 * and the reporting counts. Every read of a plan records a crisis_plan_views row (staff) and an
 * audit event in one transaction; every write records its audit event in its transaction.
 */

const personNotFound = () => notFound('That person');
const planNotFound = () => notFound('A crisis plan for this person');
const versionNotFound = () => notFound('That version of the plan');
const shareNotFound = () => notFound('That share');

// ---- shaping ------------------------------------------------------------------------------------

async function describeVersion(db: DbOrTrx, row: CrisisPlanVersion): Promise<PlanVersionOut> {
  return versionOut(row, await userNames(db, row.organisation_id, versionUsers([row])));
}

async function describeShares(db: DbOrTrx, organisationId: string, rows: CrisisPlanShare[], now: number): Promise<ShareOut[]> {
  const [services, entries] = await Promise.all([
    serviceNames(db, organisationId, rows.map((r) => r.recipient_service_id)),
    entryNames(db, organisationId, rows.map((r) => r.recipient_directory_entry_id)),
  ]);
  return rows.map((r) => shareOut(r, services, entries, now));
}

/** The whole plan: versions (newest first), the draft, the latest agreed version, shares and links. */
export async function describePlan(db: DbOrTrx, plan: CrisisPlan, now: number): Promise<NonNullable<PlanOut['plan']>> {
  const org = plan.organisation_id;
  const [versions, shares, links] = await Promise.all([planVersions(db, org, plan.id), planShares(db, org, plan.id), planLinks(db, org, plan.id)]);
  const names = await userNames(db, org, versionUsers(versions));
  const draft = versions.find((v) => v.state === 'draft') ?? null;
  const agreed = versions.find((v) => v.state === 'agreed') ?? null;
  const sharesById = new Map(shares.map((s) => [s.id, s]));
  return {
    id: plan.id,
    personId: plan.person_id,
    createdAt: plan.created_at,
    updatedAt: plan.updated_at,
    reviewedAt: plan.reviewed_at,
    lastReviewedAt: lastReviewedAt(agreed?.agreed_at ?? null, plan.reviewed_at),
    version: Number(plan.version),
    versions: versions.map((v) => versionSummary(v, names)),
    draft: draft ? versionOut(draft, names) : null,
    agreed: agreed ? versionOut(agreed, names) : null,
    shares: await describeShares(db, org, shares, now),
    links: links.map((l) => linkOut(l, l.share_id ? (sharesById.get(l.share_id) ?? null) : null, now)),
  };
}

// ---- lookups -------------------------------------------------------------------------------------

/** The person's plan in this organisation: 404 for another organisation's person or no plan yet. */
async function requirePlan(db: DbOrTrx, organisationId: string, personId: string): Promise<CrisisPlan> {
  const plan = await findPlanOf(db, organisationId, personId);
  if (plan) return plan;
  if (!(await personExists(db, organisationId, personId))) throw personNotFound();
  throw planNotFound();
}

/** Version numbers come from the address as text, so that a reference that is not a number reads "not found". */
export function versionNumber(text: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(text)) throw versionNotFound();
  return Number(text);
}

async function requireVersion(db: DbOrTrx, plan: CrisisPlan, number: number): Promise<CrisisPlanVersion> {
  const row = await findVersion(db, plan.organisation_id, plan.id, number);
  if (!row) throw versionNotFound();
  return row;
}

/** A staff member looked at the plan (a version of it): the person's "who looked" and the audit trail. */
async function recordStaffView(deps: Deps, trx: DbOrTrx, actor: Actor, auth: Auth, plan: CrisisPlan, versionId: string | null, view: string, extra: Record<string, unknown> = {}): Promise<void> {
  await trx
    .insertInto('crisis_plan_views')
    .values({
      id: newId(),
      organisation_id: plan.organisation_id,
      plan_id: plan.id,
      version_id: versionId,
      viewer_kind: 'staff',
      user_id: auth.user.id,
      // The team they work in, for the person's "who looked" (null: several, or organisation-wide).
      service_id: staffServiceOf(auth.memberships),
      share_id: null,
      link_id: null,
      grant_id: null,
      viewed_at: nowIso(deps.clock),
    })
    .execute();
  await recordAudit(trx, deps.audit, auditInput(actor, {
    action: 'plan.read',
    entityType: 'crisis_plan',
    entityId: plan.id,
    details: { personId: plan.person_id, view, ...(versionId ? { versionId } : {}), ...extra },
  }));
}

/** A plan's services are entries of this organisation's directory (400 on the entry otherwise, nothing stored). */
async function assertOwnEntries(db: DbOrTrx, organisationId: string, content: PlanContent | undefined): Promise<void> {
  const ids = content?.services.entries.map((e) => e.directoryEntryId) ?? [];
  if (ids.length === 0) return;
  const unknown = new Set(await unknownEntryIds(db, organisationId, [...new Set(ids)]));
  if (unknown.size === 0) return;
  const fields: Record<string, string> = {};
  ids.forEach((id, i) => {
    if (unknown.has(id)) fields[`content.services.entries.${i}.directoryEntryId`] = 'Choose a service from your organisation’s directory';
  });
  throw badRequest('Some services are not in your organisation’s directory.', fields);
}

// ---- the plan ---------------------------------------------------------------------------------------

/** The person's plan, or { plan: null }; the read is audited and, when there is a plan, recorded as a view. */
export async function readPlan(deps: Deps, actor: Actor, auth: Auth, personId: string): Promise<PlanOut> {
  const org = auth.organisationId;
  return deps.db.transaction().execute(async (trx) => {
    const plan = await findPlanOf(trx, org, personId);
    if (!plan) {
      if (!(await personExists(trx, org, personId))) throw personNotFound();
      await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.read', entityType: 'person', entityId: personId, details: { view: 'plan', found: false } }));
      return { plan: null };
    }
    const out = await describePlan(trx, plan, deps.clock());
    await recordStaffView(deps, trx, actor, auth, plan, out.agreed?.id ?? out.draft?.id ?? null, 'plan');
    return { plan: out };
  });
}

/** Starts a plan with a first draft (optionally with words already in it). 409 plan_exists when there is one. */
export async function createPlan(deps: Deps, actor: Actor, auth: Auth, personId: string, input: PlanCreate): Promise<PlanOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  const exists = () => new AppError(409, 'plan_exists', 'This person already has a crisis plan. Open it to carry on.');
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const person = await personMerge(trx, org, personId);
      if (!person) throw personNotFound();
      if (person.merged_into_id) throw new AppError(409, 'merged', 'This record has been merged into another. Start the plan on the kept record.', undefined, { mergedIntoId: person.merged_into_id });
      if (await findPlanOf(trx, org, personId)) throw exists();
      await assertOwnEntries(trx, org, input.content);
      const plan: CrisisPlan = { id: newId(), organisation_id: org, person_id: personId, created_by: auth.user.id, created_at: now, updated_at: now, reviewed_at: null, reviewed_by: null, version: 1 };
      await trx.insertInto('crisis_plans').values(plan).execute();
      const draft: CrisisPlanVersion = {
        id: newId(),
        organisation_id: org,
        plan_id: plan.id,
        number: 1,
        state: 'draft',
        content: JSON.stringify(input.content ?? PlanContent.parse({})),
        created_by: auth.user.id,
        created_at: now,
        updated_by: auth.user.id,
        updated_at: now,
        agreed_at: null,
        agreed_how: null,
        agreed_recorded_by: null,
        version: 1,
      };
      await trx.insertInto('crisis_plan_versions').values(draft).execute();
      await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.create', entityType: 'crisis_plan', entityId: plan.id, details: { personId, versionId: draft.id, number: 1 } }));
      return { plan: await describePlan(trx, plan, deps.clock()) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw exists();
    throw error;
  }
}

/** One version, older ones included (audited; a view). */
export async function readVersion(deps: Deps, actor: Actor, auth: Auth, personId: string, numberText: string): Promise<PlanVersionOut> {
  const org = auth.organisationId;
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const row = await requireVersion(trx, plan, versionNumber(numberText));
    await recordStaffView(deps, trx, actor, auth, plan, row.id, 'version', { number: Number(row.number) });
    return describeVersion(trx, row);
  });
}

/** A new draft, a copy of the latest agreed version. 409 draft_exists while a draft is open. */
export async function startDraft(deps: Deps, actor: Actor, auth: Auth, personId: string): Promise<PlanVersionOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  const draftExists = () => new AppError(409, 'draft_exists', 'There is already a draft of this plan. Carry on with that one.');
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const plan = await requirePlan(trx, org, personId);
      const versions = await planVersions(trx, org, plan.id);
      if (versions.some((v) => v.state === 'draft')) throw draftExists();
      const agreed = versions.find((v) => v.state === 'agreed');
      const number = Math.max(0, ...versions.map((v) => Number(v.number))) + 1;
      const row: CrisisPlanVersion = {
        id: newId(),
        organisation_id: org,
        plan_id: plan.id,
        number,
        state: 'draft',
        content: JSON.stringify(agreed ? readContent(agreed) : PlanContent.parse({})),
        created_by: auth.user.id,
        created_at: now,
        updated_by: auth.user.id,
        updated_at: now,
        agreed_at: null,
        agreed_how: null,
        agreed_recorded_by: null,
        version: 1,
      };
      await trx.insertInto('crisis_plan_versions').values(row).execute();
      await trx.updateTable('crisis_plans').set({ updated_at: now }).where('id', '=', plan.id).where('organisation_id', '=', org).execute();
      await recordAudit(trx, deps.audit, auditInput(actor, {
        action: 'plan.draft_create',
        entityType: 'crisis_plan_version',
        entityId: row.id,
        details: { planId: plan.id, number, fromNumber: agreed ? Number(agreed.number) : null },
      }));
      return describeVersion(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw draftExists();
    throw error;
  }
}

/** Saves the words of a draft. 409 not_a_draft for an agreed version; 409 stale_version with both versions. */
export async function updateDraft(deps: Deps, actor: Actor, auth: Auth, personId: string, numberText: string, patch: PlanVersionPatch): Promise<PlanVersionOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const existing = await requireVersion(trx, plan, versionNumber(numberText));
    if (existing.state !== 'draft') throw notADraft();
    if (Number(existing.version) !== patch.version) throw staleVersion(await describeVersion(trx, existing), patch);
    await assertOwnEntries(trx, org, patch.content);
    const row = (await updateVersioned(trx, 'crisis_plan_versions', { id: existing.id, organisationId: org, version: patch.version }, { content: JSON.stringify(patch.content), updated_by: auth.user.id }, {
      now,
      describe: (r) => versionOut(r as CrisisPlanVersion, new Map()),
      submitted: patch,
      where: { plan_id: plan.id },
      what: 'That draft',
    })) as CrisisPlanVersion;
    await trx.updateTable('crisis_plans').set({ updated_at: now }).where('id', '=', plan.id).where('organisation_id', '=', org).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'plan.draft_update',
      entityType: 'crisis_plan_version',
      entityId: row.id,
      details: { planId: plan.id, number: Number(row.number), changedSections: compareContent(readContent(existing), patch.content).filter((c) => c.changed).map((c) => c.key) },
    }));
    return describeVersion(trx, row);
  });
}

/** The person agreed the draft, in person, with this worker. */
export async function agreeInPerson(deps: Deps, actor: Actor, auth: Auth, personId: string, numberText: string, input: PlanAgree): Promise<PlanVersionOut> {
  const org = auth.organisationId;
  const number = versionNumber(numberText);
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const row = await agreePlan(trx, deps.audit, actor, { organisationId: org, planId: plan.id, number, version: input.version, how: input.how, recordedBy: auth.user.id, now: nowIso(deps.clock) });
    return describeVersion(trx, row);
  });
}

/** Any two versions side by side, section by section (audited; a view of the later one). */
export async function compareVersions(deps: Deps, actor: Actor, auth: Auth, personId: string, query: Record<string, unknown>): Promise<PlanCompareOut> {
  const org = auth.organisationId;
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const parsed = PlanCompareQuery.safeParse(query);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'from')] ??= 'Choose a version number';
      throw badRequest('Choose two versions of the plan to compare.', fields);
    }
    const [from, to] = await Promise.all([findVersion(trx, org, plan.id, parsed.data.from), findVersion(trx, org, plan.id, parsed.data.to)]);
    if (!from || !to) throw versionNotFound();
    const names = await userNames(trx, org, versionUsers([from, to]));
    await recordStaffView(deps, trx, actor, auth, plan, to.id, 'compare', { from: Number(from.number), to: Number(to.number) });
    return { from: versionSummary(from, names), to: versionSummary(to, names), sections: compareContent(readContent(from), readContent(to)) };
  });
}

/** Gone through the agreed plan with the person, and it stays as it is. Needs an agreed version. */
export async function reviewPlan(deps: Deps, actor: Actor, auth: Auth, personId: string, input: { version: number }): Promise<PlanOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const agreed = (await planVersions(trx, org, plan.id)).find((v) => v.state === 'agreed');
    if (!agreed) throw new AppError(409, 'not_agreed', 'This plan has not been agreed yet. Agree it with the person first.');
    const row = (await updateVersioned(trx, 'crisis_plans', { id: plan.id, organisationId: org, version: input.version }, { reviewed_at: now, reviewed_by: auth.user.id }, {
      now,
      describe: (r) => ({ id: r.id, reviewedAt: r.reviewed_at, updatedAt: r.updated_at, version: Number(r.version) }),
      submitted: input,
      what: 'That plan',
    })) as CrisisPlan;
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.review', entityType: 'crisis_plan', entityId: plan.id, details: { personId, number: Number(agreed.number) } }));
    return { plan: await describePlan(trx, row, deps.clock()) };
  });
}

/** Who looked at the plan and when, newest first, as the person would read it (audited). */
export async function listViews(deps: Deps, actor: Actor, auth: Auth, personId: string): Promise<PlanViewsOut> {
  const org = auth.organisationId;
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const [rows, orgName] = await Promise.all([planViews(trx, org, plan.id), organisationName(trx, org)]);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.views_read', entityType: 'crisis_plan', entityId: plan.id, details: { personId, count: rows.length } }));
    return {
      views: rows.map((r) => ({
        id: r.id,
        viewedAt: r.viewed_at,
        viewerKind: r.viewer_kind,
        who: describeViewer({
          viewerKind: r.viewer_kind,
          userName: r.user_name,
          organisationName: orgName,
          serviceName: r.service_name,
          recipientName: r.recipient_name,
          relationship: r.relationship,
          recipientKind: r.recipient_kind,
          reason: r.reason,
        }),
        versionNumber: r.version_number === null ? null : Number(r.version_number),
        reason: r.viewer_kind === 'break_glass' ? r.reason : null,
      })),
    };
  });
}

// ---- shares ---------------------------------------------------------------------------------------

/** A share names only this organisation's own services and directory entries (no hint about anyone else's). */
async function recipientProblems(db: DbOrTrx, organisationId: string, input: { recipientServiceId?: string | undefined; recipientDirectoryEntryId?: string | undefined }): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  if (input.recipientServiceId) {
    const found = await scoped(db, 'services', organisationId).select('services.id').where('services.id', '=', input.recipientServiceId).executeTakeFirst();
    if (!found) fields.recipientServiceId = 'Choose one of your organisation’s services';
  }
  if (input.recipientDirectoryEntryId) {
    const found = await scoped(db, 'directory_entries', organisationId).select('directory_entries.id').where('directory_entries.id', '=', input.recipientDirectoryEntryId).executeTakeFirst();
    if (!found) fields.recipientDirectoryEntryId = 'Choose a service from your organisation’s directory';
  }
  return fields;
}

const blank = (v: string | null | undefined): string | null => (v == null || v.trim() === '' ? null : v);

/** Consent to share with one recipient: who, which parts, how the person agreed, until when. */
export async function createShare(deps: Deps, actor: Actor, auth: Auth, personId: string, input: ShareCreate): Promise<ShareOut> {
  const org = auth.organisationId;
  const nowMs = deps.clock();
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const fields = await recipientProblems(trx, org, input);
    const ends = endsOnProblem(input.endsOn, nowMs);
    if (ends) fields.endsOn = ends;
    if (Object.keys(fields).length) throw badRequest('Some details of this share need another look.', fields);
    const row: CrisisPlanShare = {
      id: newId(),
      organisation_id: org,
      plan_id: plan.id,
      recipient_kind: input.recipientKind,
      recipient_name: input.recipientName,
      relationship: blank(input.relationship),
      recipient_phone: blank(input.recipientPhone),
      recipient_email: blank(input.recipientEmail),
      recipient_service_id: input.recipientServiceId ?? null,
      recipient_directory_entry_id: input.recipientDirectoryEntryId ?? null,
      sections: JSON.stringify(orderedSections(input.sections)),
      consent_how: input.consentHow,
      starts_at: now,
      ends_at: endOfLondonDay(input.endsOn),
      revoked_at: null,
      revoked_by: null,
      created_by: auth.user.id,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('crisis_plan_shares').values(row).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'plan.share_create',
      entityType: 'crisis_plan_share',
      entityId: row.id,
      details: {
        planId: plan.id,
        recipientKind: row.recipient_kind,
        recipientServiceId: row.recipient_service_id,
        recipientDirectoryEntryId: row.recipient_directory_entry_id,
        sections: json<string[]>(row.sections, []),
        consentHow: row.consent_how,
        endsAt: row.ends_at,
      },
    }));
    return (await describeShares(trx, org, [row], nowMs))[0]!;
  });
}

const shareRevoked = () => new AppError(409, 'share_revoked', 'This share has been stopped. Make a new share if the person wants to share their plan again.');

/** Changes what a share covers, its end date or the recipient's contact details. */
export async function updateShare(deps: Deps, actor: Actor, auth: Auth, personId: string, shareId: string, patch: SharePatch): Promise<ShareOut> {
  const org = auth.organisationId;
  const nowMs = deps.clock();
  const now = nowIso(deps.clock);
  const { version, ...changes } = patch;
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const existing = await findShare(trx, org, plan.id, shareId);
    if (!existing) throw shareNotFound();
    if (existing.revoked_at !== null) throw shareRevoked();
    const set: Partial<CrisisPlanSharesTable> = {};
    if (changes.endsOn !== undefined) {
      const problem = endsOnProblem(changes.endsOn, nowMs);
      if (problem) throw badRequest('Choose when the share ends.', { endsOn: problem });
      set.ends_at = endOfLondonDay(changes.endsOn);
    }
    if (changes.sections !== undefined) set.sections = JSON.stringify(orderedSections(changes.sections));
    if (changes.recipientPhone !== undefined) set.recipient_phone = blank(changes.recipientPhone);
    if (changes.recipientEmail !== undefined) set.recipient_email = blank(changes.recipientEmail);
    const row = (await updateVersioned(trx, 'crisis_plan_shares', { id: shareId, organisationId: org, version }, set, {
      now,
      describe: (r) => shareOut(r as CrisisPlanShare, new Map(), new Map(), nowMs),
      submitted: patch,
      where: { plan_id: plan.id },
      what: 'That share',
    })) as CrisisPlanShare;
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'plan.share_update',
      entityType: 'crisis_plan_share',
      entityId: shareId,
      details: { planId: plan.id, fields: Object.keys(changes), ...(set.sections ? { sections: json<string[]>(set.sections, []) } : {}), ...(set.ends_at ? { endsAt: set.ends_at } : {}) },
    }));
    return (await describeShares(trx, org, [row], nowMs))[0]!;
  });
}

/**
 * Stops a share at once: the share is revoked and every link of it withdrawn (the link pages
 * also check the share on every open). Revoking again changes nothing and says so plainly.
 */
export async function revokeShare(deps: Deps, actor: Actor, auth: Auth, personId: string, shareId: string): Promise<ShareOut> {
  const org = auth.organisationId;
  const nowMs = deps.clock();
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, org, personId);
    const existing = await findShare(trx, org, plan.id, shareId);
    if (!existing) throw shareNotFound();
    if (existing.revoked_at !== null) return (await describeShares(trx, org, [existing], nowMs))[0]!;
    await trx
      .updateTable('crisis_plan_shares')
      .set({ revoked_at: now, revoked_by: auth.user.id, updated_at: now, version: Number(existing.version) + 1 })
      .where('id', '=', shareId)
      .where('organisation_id', '=', org)
      .where('revoked_at', 'is', null)
      .execute();
    const withdrawn = await trx
      .updateTable('crisis_plan_links')
      .set({ withdrawn_at: now, withdrawn_by: auth.user.id })
      .where('share_id', '=', shareId)
      .where('organisation_id', '=', org)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'plan.share_revoke',
      entityType: 'crisis_plan_share',
      entityId: shareId,
      details: { planId: plan.id, linksWithdrawn: Number(withdrawn.numUpdatedRows) },
    }));
    const row = (await findShare(trx, org, plan.id, shareId))!;
    return (await describeShares(trx, org, [row], nowMs))[0]!;
  });
}

// ---- reporting ----------------------------------------------------------------------------------------

/** People with an agreed plan, plans reviewed in the last 6 months, and shares active now. */
export async function planReport(deps: Deps, actor: Actor, auth: Auth): Promise<PlanReportOut> {
  const org = auth.organisationId;
  const nowMs = deps.clock();
  const asOf = new Date(nowMs).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const counts = await planCounts(trx, org, asOf, reviewCutoff(nowMs));
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.report', entityType: 'organisation', entityId: org, details: { ...counts } }));
    return { asOf, ...counts };
  });
}

