import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Role, WellbeingCheckinsTable } from '../../db/tables.js';
import { flag, json, newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { badRequest, conflict, notFound, staleVersion } from '../../http/errors.js';
import { ROLE_LABELS } from '../../../shared/roles.js';
import {
  PLAN_SECTIONS,
  scaleLabel,
  type CheckinCreate,
  type CheckinOut,
  type CheckinReply,
  type CheckinsOut,
  type CheckinsQuery,
  type PlanSections,
  type ShareCandidate,
  type ShareCandidatesOut,
  type SharedItemOut,
  type SharedWithMeItem,
  type SharedWithMeOut,
  type ShareOut,
  type ShareSummary,
  type WellbeingPlanOut,
  type WellbeingPlanPut,
} from '../../../shared/wellbeing.js';
import { askAgainDecision, ASK_AGAIN_PROMPT } from './rules.js';

/**
 * Staff wellbeing (issue 7): check-ins and check-outs, the personal wellbeing plan for work,
 * and sharing one entry or the plan with one named colleague.
 *
 * Privacy: every read here is of the signed-in worker's own rows (user_id = them), or of a
 * row shared with them by name through a live share (then audited). There is no route that
 * takes another worker's id, so a manager, lead or administrator reads nothing that was not
 * shared with them; another person's entry or share answers 404. Audit rows carry ids,
 * kinds and field names, never the worker's words or their number on the scale.
 */

type CheckinRow = Omit<WellbeingCheckinsTable, 'hard_shift' | 'asked_again'> & { hard_shift: number; asked_again: number; service_name: string | null };

/** Roles someone may be shared with because they hold them in a service the owner works in. */
const SHAREABLE_ROLES: readonly Role[] = ['shift_lead', 'service_manager', 'senior_peer'];

const LAYER_LABELS: Record<string, string> = {
  line_management: 'Your line manager',
  peer: 'Your peer supervisor',
  clinical: 'Your clinical supervisor',
  external_peer: 'Your external peer supervisor',
};

const checkinQuery = (db: DbOrTrx, organisationId: string) =>
  scoped(db, 'wellbeing_checkins', organisationId)
    .leftJoin('services', 'services.id', 'wellbeing_checkins.service_id')
    .selectAll('wellbeing_checkins')
    .select('services.name as service_name');

async function activeShares(db: DbOrTrx, organisationId: string, ownerId: string, subjectType: 'checkin' | 'plan', subjectIds: string[]): Promise<Map<string, ShareSummary[]>> {
  const out = new Map<string, ShareSummary[]>();
  if (subjectIds.length === 0) return out;
  const rows = await scoped(db, 'wellbeing_shares', organisationId)
    .innerJoin('users', 'users.id', 'wellbeing_shares.shared_with_user_id')
    .select(['wellbeing_shares.id', 'wellbeing_shares.subject_id', 'wellbeing_shares.shared_with_user_id', 'wellbeing_shares.service_id', 'wellbeing_shares.created_at', 'users.display_name'])
    .where('wellbeing_shares.owner_user_id', '=', ownerId)
    .where('wellbeing_shares.subject_type', '=', subjectType)
    .where('wellbeing_shares.subject_id', 'in', subjectIds)
    .where('wellbeing_shares.revoked_at', 'is', null)
    .orderBy('wellbeing_shares.created_at')
    .execute();
  for (const r of rows) {
    const list = out.get(r.subject_id) ?? [];
    list.push({ id: r.id, sharedWithUserId: r.shared_with_user_id, sharedWithName: r.display_name, serviceId: r.service_id, createdAt: r.created_at });
    out.set(r.subject_id, list);
  }
  return out;
}

function checkinOut(row: CheckinRow, shares: ShareSummary[]): CheckinOut {
  const scale = row.scale === null ? null : Number(row.scale);
  return {
    id: row.id,
    kind: row.kind,
    scale,
    scaleLabel: scaleLabel(scale),
    words: row.words,
    hardShift: flag(Number(row.hard_shift)),
    serviceId: row.service_id,
    serviceName: row.service_name,
    followsUpId: row.follows_up_id,
    askedAgain: flag(Number(row.asked_again)),
    createdAt: row.created_at,
    shares,
  };
}

/** The signed-in worker's own entry, or 404. */
async function ownCheckin(db: DbOrTrx, auth: Auth, id: string): Promise<CheckinRow> {
  const row = (await checkinQuery(db, auth.organisationId).where('wellbeing_checkins.id', '=', id).where('wellbeing_checkins.user_id', '=', auth.user.id).executeTakeFirst()) as CheckinRow | undefined;
  if (!row) throw notFound('That entry');
  return row;
}

/** The services a worker works in (organisation-wide roles: every service). */
async function servicesOf(db: DbOrTrx, auth: Auth): Promise<Set<string>> {
  if (auth.memberships.some((m) => m.service_id === null)) {
    return new Set((await scoped(db, 'services', auth.organisationId).select('services.id').execute()).map((s) => (s as { id: string }).id));
  }
  return new Set(auth.memberships.map((m) => m.service_id).filter((id): id is string => id !== null));
}

/** Times of hard events for this worker since `since`: escalations they raised or handled, alarms on their visits or from them, debrief offers to them. */
async function hardEventTimes(db: DbOrTrx, organisationId: string, userId: string, since: string): Promise<number[]> {
  const escalations = await scoped(db, 'escalations', organisationId)
    .leftJoin('lone_working_visits as visit', 'visit.id', 'escalations.visit_id')
    .select(['escalations.raised_at', 'escalations.acknowledged_at', 'escalations.closed_at', 'escalations.raised_by', 'escalations.acknowledged_by', 'escalations.closed_by', 'visit.worker_user_id'])
    .where((eb) => eb.or([eb('escalations.raised_by', '=', userId), eb('escalations.acknowledged_by', '=', userId), eb('escalations.closed_by', '=', userId), eb('visit.worker_user_id', '=', userId)]))
    .where((eb) => eb.or([eb('escalations.raised_at', '>=', since), eb('escalations.acknowledged_at', '>=', since), eb('escalations.closed_at', '>=', since)]))
    .execute();
  const times: number[] = [];
  for (const e of escalations) {
    if (e.raised_by === userId || e.worker_user_id === userId) times.push(Date.parse(e.raised_at));
    if (e.acknowledged_by === userId && e.acknowledged_at) times.push(Date.parse(e.acknowledged_at));
    if (e.closed_by === userId && e.closed_at) times.push(Date.parse(e.closed_at));
  }
  const alarms = await scoped(db, 'alerts', organisationId)
    .leftJoin('lone_working_visits as visit', (join) => join.onRef('visit.id', '=', 'alerts.source_id').on('alerts.source_type', '=', 'visit'))
    .select('alerts.raised_at')
    .where('alerts.raised_at', '>=', since)
    .where((eb) => eb.or([eb('visit.worker_user_id', '=', userId), eb.and([eb('alerts.source_type', '=', 'user'), eb('alerts.source_id', '=', userId)])]))
    .execute();
  for (const a of alarms) times.push(Date.parse(a.raised_at));
  const offers = await scoped(db, 'debrief_offers', organisationId).select('debrief_offers.offered_at').where('debrief_offers.user_id', '=', userId).where('debrief_offers.offered_at', '>=', since).execute();
  for (const o of offers) times.push(Date.parse(o.offered_at));
  return times.filter((t) => Number.isFinite(t));
}

// ---- check-ins and check-outs -----------------------------------------------------------

export async function recordCheckin(deps: Deps, actor: Actor, auth: Auth, input: CheckinCreate): Promise<CheckinReply> {
  const organisationId = auth.organisationId;
  const userId = auth.user.id;
  const words = input.words?.trim() ? input.words.trim() : null;
  const scale = input.scale ?? null;
  const hardShift = input.hardShift === true;
  const serviceId = input.serviceId ?? null;
  if (serviceId && !(await servicesOf(deps.db, auth)).has(serviceId)) {
    throw badRequest('Choose one of your services, or leave it out.', { serviceId: 'Choose a service you work in' });
  }
  const now = deps.clock();
  const nowText = new Date(now).toISOString();
  const id = newId();
  return deps.db.transaction().execute(async (trx) => {
    let kind = input.kind;
    if (input.followsUpId) {
      const first = (await scoped(trx, 'wellbeing_checkins', organisationId).selectAll('wellbeing_checkins').where('wellbeing_checkins.id', '=', input.followsUpId).where('wellbeing_checkins.user_id', '=', userId).executeTakeFirst()) as WellbeingCheckinsTable | undefined;
      if (!first || !flag(Number(first.asked_again))) {
        throw badRequest('This does not answer a question we asked you.', { followsUpId: 'This is not a question we asked you' });
      }
      const answered = await scoped(trx, 'wellbeing_checkins', organisationId).select('wellbeing_checkins.id').where('wellbeing_checkins.follows_up_id', '=', first.id).executeTakeFirst();
      if (answered) throw conflict('You have already answered this. Thank you.');
      kind = first.kind;
    }
    const lastCheckIn = await scoped(trx, 'wellbeing_checkins', organisationId)
      .select('wellbeing_checkins.created_at')
      .where('wellbeing_checkins.user_id', '=', userId)
      .where('wellbeing_checkins.kind', '=', 'check_in')
      .where('wellbeing_checkins.created_at', '<=', nowText)
      .orderBy('wellbeing_checkins.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const lastCheckInAt = lastCheckIn ? Date.parse(lastCheckIn.created_at) : null;
    const windowStart = new Date(now - 12 * 3_600_000).toISOString();
    const earlier = await scoped(trx, 'wellbeing_checkins', organisationId)
      .select(['wellbeing_checkins.created_at', 'wellbeing_checkins.hard_shift', 'wellbeing_checkins.asked_again'])
      .where('wellbeing_checkins.user_id', '=', userId)
      .where('wellbeing_checkins.created_at', '>=', windowStart)
      .execute();
    const decision = askAgainDecision({
      now,
      entry: { kind, scale, words, hardShift, followsUpId: input.followsUpId ?? null },
      lastCheckInAt,
      hardEventTimes: kind === 'check_out' && !input.followsUpId ? await hardEventTimes(trx, organisationId, userId, windowStart) : [],
      earlierEntries: earlier.map((e) => ({ createdAt: Date.parse(e.created_at), hardShift: flag(Number(e.hard_shift)), askedAgain: flag(Number(e.asked_again)) })),
    });
    await trx
      .insertInto('wellbeing_checkins')
      .values({ id, organisation_id: organisationId, user_id: userId, service_id: serviceId, kind, scale, words, hard_shift: hardShift ? 1 : 0, follows_up_id: input.followsUpId ?? null, asked_again: decision.ask ? 1 : 0, created_at: nowText })
      .execute();
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: input.followsUpId ? 'wellbeing.checkin_follow_up' : 'wellbeing.checkin',
      entityType: 'wellbeing_checkin',
      entityId: id,
      details: { kind, fields: [...(scale !== null ? ['scale'] : []), ...(words ? ['words'] : []), ...(hardShift ? ['hardShift'] : [])], serviceId, followsUpId: input.followsUpId ?? null, askedAgain: decision.ask },
    }));
    const row = await ownCheckin(trx, auth, id);
    return { checkin: checkinOut(row, []), askAgain: decision.ask ? { prompt: ASK_AGAIN_PROMPT, followsUpId: id } : null };
  });
}

/** The worker's own entries, newest first, a page at a time. */
export async function listCheckins(deps: Deps, auth: Auth, query: CheckinsQuery): Promise<CheckinsOut> {
  let q = checkinQuery(deps.db, auth.organisationId).where('wellbeing_checkins.user_id', '=', auth.user.id);
  if (query.before) {
    const from = await scoped(deps.db, 'wellbeing_checkins', auth.organisationId).select(['wellbeing_checkins.created_at', 'wellbeing_checkins.id']).where('wellbeing_checkins.id', '=', query.before).where('wellbeing_checkins.user_id', '=', auth.user.id).executeTakeFirst();
    if (!from) return { checkins: [], nextBefore: null };
    q = q.where((eb) => eb.or([eb('wellbeing_checkins.created_at', '<', from.created_at), eb.and([eb('wellbeing_checkins.created_at', '=', from.created_at), eb('wellbeing_checkins.id', '<', from.id)])]));
  }
  const rows = (await q.orderBy('wellbeing_checkins.created_at', 'desc').orderBy('wellbeing_checkins.id', 'desc').limit(query.limit + 1).execute()) as CheckinRow[];
  const page = rows.slice(0, query.limit);
  const shares = await activeShares(deps.db, auth.organisationId, auth.user.id, 'checkin', page.map((r) => r.id));
  return { checkins: page.map((r) => checkinOut(r, shares.get(r.id) ?? [])), nextBefore: rows.length > query.limit ? page[page.length - 1]!.id : null };
}

/** Deletes one of the worker's own entries; its shares end with it. */
export async function deleteCheckin(deps: Deps, actor: Actor, auth: Auth, checkinId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await ownCheckin(trx, auth, checkinId);
    const now = nowIso(deps.clock);
    await trx.updateTable('wellbeing_shares').set({ revoked_at: now }).where('organisation_id', '=', auth.organisationId).where('subject_type', '=', 'checkin').where('subject_id', '=', row.id).where('revoked_at', 'is', null).execute();
    // The answer to a second question stays the worker's; it just no longer points at a deleted entry.
    await trx.updateTable('wellbeing_checkins').set({ follows_up_id: null }).where('organisation_id', '=', auth.organisationId).where('user_id', '=', auth.user.id).where('follows_up_id', '=', row.id).execute();
    await trx.deleteFrom('wellbeing_checkins').where('id', '=', row.id).where('user_id', '=', auth.user.id).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'wellbeing.checkin_delete', entityType: 'wellbeing_checkin', entityId: row.id, details: { kind: row.kind } }));
  });
}

// ---- wellbeing plan ---------------------------------------------------------------------

const emptySections = (): PlanSections => Object.fromEntries(PLAN_SECTIONS.map((k) => [k, ''])) as PlanSections;

function planSections(text: string): PlanSections {
  const stored = json<Record<string, unknown>>(text, {});
  const out = emptySections();
  for (const k of PLAN_SECTIONS) if (typeof stored[k] === 'string') out[k] = stored[k] as string;
  return out;
}

async function planRow(db: DbOrTrx, organisationId: string, userId: string) {
  return scoped(db, 'wellbeing_plans', organisationId).selectAll('wellbeing_plans').where('wellbeing_plans.user_id', '=', userId).executeTakeFirst() as Promise<
    { id: string; sections: string; version: number; updated_at: string } | undefined
  >;
}

async function planOut(db: DbOrTrx, organisationId: string, ownerId: string, withShares: boolean): Promise<WellbeingPlanOut> {
  const row = await planRow(db, organisationId, ownerId);
  if (!row) return { id: null, sections: emptySections(), version: 0, updatedAt: null, shares: [] };
  const shares = withShares ? ((await activeShares(db, organisationId, ownerId, 'plan', [row.id])).get(row.id) ?? []) : [];
  return { id: row.id, sections: planSections(row.sections), version: Number(row.version), updatedAt: row.updated_at, shares };
}

export async function getPlan(deps: Deps, auth: Auth): Promise<WellbeingPlanOut> {
  return planOut(deps.db, auth.organisationId, auth.user.id, true);
}

/** Saves the worker's plan; a stale version is a 409 with both versions. */
export async function savePlan(deps: Deps, actor: Actor, auth: Auth, input: WellbeingPlanPut): Promise<WellbeingPlanOut> {
  return deps.db.transaction().execute(async (trx) => {
    const existing = await planRow(trx, auth.organisationId, auth.user.id);
    const currentVersion = existing ? Number(existing.version) : 0;
    if (input.version !== currentVersion) throw staleVersion(await planOut(trx, auth.organisationId, auth.user.id, false), input);
    const now = nowIso(deps.clock);
    const sections = JSON.stringify(Object.fromEntries(PLAN_SECTIONS.map((k) => [k, input.sections[k] ?? ''])));
    const before = existing ? planSections(existing.sections) : emptySections();
    const changed = PLAN_SECTIONS.filter((k) => (input.sections[k] ?? '') !== before[k]);
    let id: string;
    if (existing) {
      id = existing.id;
      await trx.updateTable('wellbeing_plans').set({ sections, updated_at: now, version: currentVersion + 1 }).where('id', '=', id).where('organisation_id', '=', auth.organisationId).where('version', '=', currentVersion).execute();
    } else {
      id = newId();
      await trx.insertInto('wellbeing_plans').values({ id, organisation_id: auth.organisationId, user_id: auth.user.id, sections, created_at: now, updated_at: now, version: 1 }).execute();
    }
    await recordAudit(trx, deps.audit, auditInput(actor, { action: existing ? 'wellbeing.plan_update' : 'wellbeing.plan_create', entityType: 'wellbeing_plan', entityId: id, details: { fields: changed, version: currentVersion + 1 } }));
    return planOut(trx, auth.organisationId, auth.user.id, true);
  });
}

// ---- sharing ----------------------------------------------------------------------------

/**
 * Who the worker may share with: colleagues who are a shift lead, service manager or senior
 * peer in a service the worker works in, and their supervisors (supervision_rhythms). Never
 * themselves, a disabled account, or anyone outside the organisation.
 */
async function candidatesOf(db: DbOrTrx, auth: Auth): Promise<Map<string, ShareCandidate>> {
  const out = new Map<string, ShareCandidate>();
  const add = (userId: string, displayName: string, serviceId: string, reason: string) => {
    const c = out.get(userId) ?? { userId, displayName, serviceId, reasons: [] };
    if (!c.reasons.includes(reason)) c.reasons.push(reason);
    out.set(userId, c);
  };
  const myServices = auth.memberships.map((m) => m.service_id).filter((id): id is string => id !== null);
  if (myServices.length) {
    const rows = await scoped(db, 'memberships', auth.organisationId)
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('services', 'services.id', 'memberships.service_id')
      .select(['users.id as user_id', 'users.display_name', 'memberships.role', 'memberships.service_id', 'services.name as service_name'])
      .where('memberships.service_id', 'in', myServices)
      .where('memberships.role', 'in', SHAREABLE_ROLES)
      .where('users.id', '!=', auth.user.id)
      .where('users.disabled_at', 'is', null)
      .where('users.organisation_id', '=', auth.organisationId)
      .orderBy('users.display_name')
      .execute();
    for (const r of rows) add(r.user_id, r.display_name, r.service_id!, `${ROLE_LABELS[r.role]} at ${r.service_name}`);
  }
  const supervisors = await scoped(db, 'supervision_rhythms', auth.organisationId)
    .innerJoin('users', 'users.id', 'supervision_rhythms.supervisor_id')
    .select(['users.id as user_id', 'users.display_name', 'supervision_rhythms.layer', 'supervision_rhythms.service_id'])
    .where('supervision_rhythms.user_id', '=', auth.user.id)
    .where('users.id', '!=', auth.user.id)
    .where('users.disabled_at', 'is', null)
    .where('users.organisation_id', '=', auth.organisationId)
    .execute();
  for (const s of supervisors) add(s.user_id, s.display_name, s.service_id, LAYER_LABELS[s.layer] ?? 'Your supervisor');
  return out;
}

export async function listShareCandidates(deps: Deps, auth: Auth): Promise<ShareCandidatesOut> {
  const candidates = [...(await candidatesOf(deps.db, auth)).values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { candidates };
}

const NOT_A_CANDIDATE = 'Choose a colleague from your service: your shift lead, manager, a senior peer or your supervisor';

async function share(deps: Deps, actor: Actor, auth: Auth, subjectType: 'checkin' | 'plan', subjectId: string, sharedWithUserId: string): Promise<ShareOut> {
  if (sharedWithUserId === auth.user.id) throw badRequest('Choose someone other than yourself.', { sharedWithUserId: 'Choose someone other than yourself' });
  return deps.db.transaction().execute(async (trx) => {
    const candidate = (await candidatesOf(trx, auth)).get(sharedWithUserId);
    if (!candidate) throw badRequest('You can share only with someone who works with you.', { sharedWithUserId: NOT_A_CANDIDATE });
    const existing = await scoped(trx, 'wellbeing_shares', auth.organisationId)
      .selectAll('wellbeing_shares')
      .where('wellbeing_shares.owner_user_id', '=', auth.user.id)
      .where('wellbeing_shares.subject_type', '=', subjectType)
      .where('wellbeing_shares.subject_id', '=', subjectId)
      .where('wellbeing_shares.shared_with_user_id', '=', sharedWithUserId)
      .where('wellbeing_shares.revoked_at', 'is', null)
      .executeTakeFirst();
    if (existing) {
      return { share: { id: existing.id, sharedWithUserId, sharedWithName: candidate.displayName, serviceId: existing.service_id, createdAt: existing.created_at } };
    }
    const id = newId();
    const now = nowIso(deps.clock);
    await trx.insertInto('wellbeing_shares').values({ id, organisation_id: auth.organisationId, owner_user_id: auth.user.id, subject_type: subjectType, subject_id: subjectId, shared_with_user_id: sharedWithUserId, service_id: candidate.serviceId, created_at: now, revoked_at: null }).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'wellbeing.share', entityType: 'wellbeing_share', entityId: id, details: { subjectType, subjectId, sharedWithUserId, serviceId: candidate.serviceId } }));
    return { share: { id, sharedWithUserId, sharedWithName: candidate.displayName, serviceId: candidate.serviceId, createdAt: now } };
  });
}

export async function shareCheckin(deps: Deps, actor: Actor, auth: Auth, checkinId: string, sharedWithUserId: string): Promise<ShareOut> {
  await ownCheckin(deps.db, auth, checkinId);
  return share(deps, actor, auth, 'checkin', checkinId, sharedWithUserId);
}

export async function sharePlan(deps: Deps, actor: Actor, auth: Auth, sharedWithUserId: string): Promise<ShareOut> {
  const plan = await planRow(deps.db, auth.organisationId, auth.user.id);
  if (!plan) throw conflict('Save your plan first, then you can share it.');
  return share(deps, actor, auth, 'plan', plan.id, sharedWithUserId);
}

/** Ends one of the worker's own shares at once. */
export async function revokeShare(deps: Deps, actor: Actor, auth: Auth, shareId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await scoped(trx, 'wellbeing_shares', auth.organisationId).selectAll('wellbeing_shares').where('wellbeing_shares.id', '=', shareId).where('wellbeing_shares.owner_user_id', '=', auth.user.id).where('wellbeing_shares.revoked_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound('That share');
    await trx.updateTable('wellbeing_shares').set({ revoked_at: nowIso(deps.clock) }).where('id', '=', row.id).where('organisation_id', '=', auth.organisationId).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'wellbeing.share_revoke', entityType: 'wellbeing_share', entityId: row.id, details: { subjectType: row.subject_type, subjectId: row.subject_id, sharedWithUserId: row.shared_with_user_id } }));
  });
}

// ---- shared with me ---------------------------------------------------------------------

const sharedWithMeQuery = (db: DbOrTrx, auth: Auth) =>
  scoped(db, 'wellbeing_shares', auth.organisationId)
    .innerJoin('users as owner', 'owner.id', 'wellbeing_shares.owner_user_id')
    .select(['wellbeing_shares.id', 'wellbeing_shares.subject_type', 'wellbeing_shares.subject_id', 'wellbeing_shares.owner_user_id', 'wellbeing_shares.created_at', 'owner.display_name'])
    .where('wellbeing_shares.shared_with_user_id', '=', auth.user.id)
    .where('wellbeing_shares.revoked_at', 'is', null)
    // Re-checked on every read: a colleague who has since left the service (or is no longer
    // a lead, manager or senior peer there, or no longer the worker's supervisor) reads nothing.
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('memberships')
            .select('memberships.id')
            .whereRef('memberships.organisation_id', '=', 'wellbeing_shares.organisation_id')
            .whereRef('memberships.service_id', '=', 'wellbeing_shares.service_id')
            .whereRef('memberships.user_id', '=', 'wellbeing_shares.shared_with_user_id')
            .where('memberships.role', 'in', SHAREABLE_ROLES),
        ),
        eb.exists(
          eb
            .selectFrom('supervision_rhythms')
            .select('supervision_rhythms.id')
            .whereRef('supervision_rhythms.organisation_id', '=', 'wellbeing_shares.organisation_id')
            .whereRef('supervision_rhythms.user_id', '=', 'wellbeing_shares.owner_user_id')
            .whereRef('supervision_rhythms.supervisor_id', '=', 'wellbeing_shares.shared_with_user_id'),
        ),
      ]),
    );

type SharedRow = { id: string; subject_type: 'checkin' | 'plan'; subject_id: string; owner_user_id: string; created_at: string; display_name: string };
const sharedItem = (r: SharedRow): SharedWithMeItem => ({ shareId: r.id, subjectType: r.subject_type, ownerUserId: r.owner_user_id, ownerName: r.display_name, sharedAt: r.created_at });

/** What colleagues have shared with the signed-in person: who and what, not the content. */
export async function listSharedWithMe(deps: Deps, auth: Auth): Promise<SharedWithMeOut> {
  const rows = (await sharedWithMeQuery(deps.db, auth).orderBy('wellbeing_shares.created_at', 'desc').limit(200).execute()) as SharedRow[];
  return { items: rows.map(sharedItem) };
}

/** One item shared with the signed-in person, while the share lasts; every read is audited. */
export async function readSharedItem(deps: Deps, actor: Actor, auth: Auth, shareId: string): Promise<SharedItemOut> {
  const row = (await sharedWithMeQuery(deps.db, auth).where('wellbeing_shares.id', '=', shareId).executeTakeFirst()) as SharedRow | undefined;
  if (!row) throw notFound('That shared item');
  let checkin: CheckinOut | null = null;
  let plan: WellbeingPlanOut | null = null;
  if (row.subject_type === 'checkin') {
    const entry = (await checkinQuery(deps.db, auth.organisationId).where('wellbeing_checkins.id', '=', row.subject_id).where('wellbeing_checkins.user_id', '=', row.owner_user_id).executeTakeFirst()) as CheckinRow | undefined;
    if (!entry) throw notFound('That shared item');
    checkin = checkinOut(entry, []);
  } else {
    const current = await planRow(deps.db, auth.organisationId, row.owner_user_id);
    if (!current || current.id !== row.subject_id) throw notFound('That shared item');
    plan = await planOut(deps.db, auth.organisationId, row.owner_user_id, false);
  }
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'wellbeing.shared_read', entityType: 'wellbeing_share', entityId: row.id, details: { subjectType: row.subject_type, subjectId: row.subject_id, ownerUserId: row.owner_user_id } }));
  return { item: sharedItem(row), checkin, plan };
}
