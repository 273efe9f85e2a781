import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { rolesFor } from '../../access/policies.js';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Database, Escalation, EscalationsTable } from '../../db/tables.js';
import { flag, json, newId, nowIso, toFlag } from '../../db/values.js';
import { isUniqueViolation } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { AppError, badRequest, notFound, staleVersion } from '../../http/errors.js';
import { ROLE_LABELS, type Role } from '../../../shared/roles.js';
import {
  defaultLadder,
  STEP_ACTION_LABELS,
  type AttemptCreate,
  type AttemptOut,
  type EscalationAcknowledge,
  type EscalationClose,
  type EscalationOut,
  type EscalationPatch,
  type EscalationRaise,
  type EscalationReportOut,
  type EscalationsQuery,
  type EscalationSummaryOut,
  type HandoverCreate,
  type HandoverNoteOut,
  type HandoverOut,
  type LadderOut,
  type LadderPut,
  type LadderStep,
  type LadderStepOut,
  type ReportQuery,
  type StepContactOut,
  type ViewCreate,
  type ViewOut,
} from '../../../shared/escalations.js';
import { acknowledgeAlertsOf, announceAlert, raiseAlert, alertRecipients, type RaisedAlert } from '../alerts/service.js';
import { offerDebriefs } from '../alerts/debriefs.js';
import { reminderKey } from '../alerts/rules.js';
import { assertServiceOfOrganisation, notifyBoard } from '../contacts/service.js';
import { entryOut } from '../directory/service.js';
import { findEntry } from '../directory/queries.js';
import { compareViews, mayRecordPerspective, nextEscalationEvent, reachesPerson, repeatsCaughtUp, stepStatus, type EscalationEvent } from './rules.js';

/**
 * Escalations (issue 6): a worker worried about someone raises an escalation on the
 * service's ladder; each step has a window, and when it passes with nobody picking it up the
 * next step starts by itself (a durable job, jobs.ts). The last step never goes quiet: it
 * alerts the shift lead and service manager again on staged gaps until someone acknowledges.
 *
 * - A copy of the ladder is kept with the escalation, so editing a ladder never changes one
 *   under way.
 * - One event, one alert: each step start and each repeat raises an alert keyed by its job
 *   key (alerts/service.ts raiseAlert), and the escalation's older open alert is closed in
 *   favour of the new one, so the board and people's pages show one alert per escalation.
 *   Alert reminders are left to this ladder (its repeats), not doubled by the alerts module.
 * - Acknowledging twice answers 409 with who and when; closing offers everyone involved a
 *   debrief (alerts/debriefs.ts).
 * - Views are only ever added: the peer side and the clinical / social care side side by side.
 *
 * Timing rules are pure functions in rules.ts; routes in routes.ts; job handlers in jobs.ts.
 */

/** The job kind that moves an escalation on (advance to the next step, or repeat the last one). */
export const ESCALATION_JOB = 'escalation.next';
/** The job kind that texts or emails a partner service's duty contact when a step says so. */
export const ESCALATION_MESSAGE_JOB = 'escalation.message';

/** Who acts when nobody signed in does: the job runner (lone working's missed check-in). */
export const systemActor = (organisationId: string): Actor => ({ userId: null, organisationId, source: 'job', requestId: null });

const escalationNotFound = () => notFound('That escalation');
const escalationClosed = () => new AppError(409, 'escalation_closed', 'This escalation has closed, so nothing more can be added to it.');
const LIST_LIMIT = 200;

// ---- ladders -------------------------------------------------------------------------

/** The service's ladder as it stands (its default shape when none has been saved yet). */
export async function ladderStepsOf(db: DbOrTrx, organisationId: string, serviceId: string): Promise<LadderStep[]> {
  const row = await scoped(db, 'escalation_ladders', organisationId).select('escalation_ladders.steps').where('escalation_ladders.service_id', '=', serviceId).executeTakeFirst();
  return row ? json<LadderStep[]>(row.steps, defaultLadder()) : defaultLadder();
}

interface MemberRow {
  user_id: string;
  role: Role;
  display_name: string;
  email: string;
}

/** Staff holding these roles in the service (or organisation-wide), not disabled. */
async function membersWithRoles(db: DbOrTrx, organisationId: string, serviceId: string, roles: Role[]): Promise<MemberRow[]> {
  if (roles.length === 0) return [];
  return (await scoped(db, 'memberships', organisationId)
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .where('users.disabled_at', 'is', null)
    .where('memberships.role', 'in', roles)
    .where((eb) => eb.or([eb('memberships.service_id', '=', serviceId), eb('memberships.service_id', 'is', null)]))
    .select(['memberships.user_id', 'memberships.role', 'users.display_name', 'users.email'])
    .orderBy('users.display_name')
    .execute()) as MemberRow[];
}

interface Resolver {
  contacts(step: LadderStep): StepContactOut[];
  whoLabel(step: LadderStep): string;
  /** Staff a step reaches (for alerts). */
  users(step: LadderStep): string[];
}

/** Looks up everyone a set of steps reaches, once, so each step can show numbers to call. */
async function resolver(db: DbOrTrx, organisationId: string, serviceId: string, steps: readonly LadderStep[], now: number): Promise<Resolver> {
  const roles = [...new Set(steps.flatMap((s) => (s.who.kind === 'role' ? [s.who.role] : [])))];
  const userIds = [...new Set(steps.flatMap((s) => (s.who.kind === 'user' ? [s.who.userId] : [])))];
  const entryIds = [...new Set(steps.flatMap((s) => (s.who.kind === 'directory' ? [s.who.directoryEntryId] : [])))];
  const members = await membersWithRoles(db, organisationId, serviceId, roles);
  const users = userIds.length
    ? ((await scoped(db, 'users', organisationId).select(['users.id', 'users.display_name', 'users.email', 'users.disabled_at']).where('users.id', 'in', userIds).execute()) as { id: string; display_name: string; email: string; disabled_at: string | null }[])
    : [];
  const entries = new Map<string, StepContactOut>();
  for (const id of entryIds) {
    const row = await findEntry(db, organisationId, id);
    if (!row) continue;
    try {
      const out = entryOut(row, new Date(now));
      entries.set(id, { kind: 'directory', id, name: out.name, phones: out.phones.map((p) => ({ number: p.number, label: p.label || null })), email: out.email || null });
    } catch {
      entries.set(id, { kind: 'directory', id, name: row.name, phones: [], email: null });
    }
  }
  const userContact = (u: { id: string; name: string; email: string }): StepContactOut => ({ kind: 'user', id: u.id, name: u.name, phones: [], email: u.email });
  const contacts = (step: LadderStep): StepContactOut[] => {
      const who = step.who;
      if (who.kind === 'role') {
        const seen = new Set<string>();
        return members.filter((m) => m.role === who.role && !seen.has(m.user_id) && seen.add(m.user_id)).map((m) => userContact({ id: m.user_id, name: m.display_name, email: m.email }));
      }
      if (who.kind === 'user') return users.filter((u) => u.id === who.userId && u.disabled_at === null).map((u) => userContact({ id: u.id, name: u.display_name, email: u.email }));
      if (who.kind === 'directory') {
        const entry = entries.get(who.directoryEntryId);
        return entry ? [entry] : [];
      }
      return [];
  };
  return {
    contacts,
    whoLabel(step) {
      const who = step.who;
      if (who.kind === 'role') return `The ${ROLE_LABELS[who.role].toLowerCase()}`;
      if (who.kind === 'user') return users.find((u) => u.id === who.userId)?.display_name ?? 'Someone who has left';
      if (who.kind === 'directory') return entries.get(who.directoryEntryId)?.name ?? 'A partner service no longer in the directory';
      return step.action === 'call_999' ? 'Emergency services' : 'Nobody in particular';
    },
    users(step) {
      return contacts(step).filter((c) => c.kind === 'user').map((c) => c.id);
    },
  };
}

function stepOut(step: LadderStep, index: number, r: Resolver): LadderStepOut {
  return {
    index,
    label: step.label,
    action: step.action,
    actionLabel: STEP_ACTION_LABELS[step.action],
    who: step.who,
    whoLabel: r.whoLabel(step),
    windowMinutes: step.windowMinutes,
    phone: step.phone ?? null,
    contacts: r.contacts(step),
  };
}

export async function getLadder(deps: Deps, auth: Auth, serviceId: string): Promise<LadderOut> {
  const org = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, org, serviceId);
  return describeLadder(deps, deps.db, org, serviceId);
}

async function describeLadder(deps: Deps, db: DbOrTrx, org: string, serviceId: string): Promise<LadderOut> {
  const row = await scoped(db, 'escalation_ladders', org).selectAll('escalation_ladders').where('escalation_ladders.service_id', '=', serviceId).executeTakeFirst();
  const steps = row ? json<LadderStep[]>(row.steps, defaultLadder()) : defaultLadder();
  const r = await resolver(db, org, serviceId, steps, deps.clock());
  return { serviceId, steps: steps.map((s, i) => stepOut(s, i, r)), isDefault: !row, updatedAt: row?.updated_at ?? null, version: row ? Number(row.version) : 0 };
}

/** Responders must be this organisation's: its staff (not disabled) and its directory entries. */
async function checkResponders(db: DbOrTrx, organisationId: string, steps: readonly LadderStep[]): Promise<void> {
  const fields: Record<string, string> = {};
  const userIds = [...new Set(steps.flatMap((s) => (s.who.kind === 'user' ? [s.who.userId] : [])))];
  const entryIds = [...new Set(steps.flatMap((s) => (s.who.kind === 'directory' ? [s.who.directoryEntryId] : [])))];
  const users = new Set(
    userIds.length ? (await scoped(db, 'users', organisationId).select('users.id').where('users.id', 'in', userIds).where('users.disabled_at', 'is', null).execute()).map((u) => u.id) : [],
  );
  const entries = new Set(
    entryIds.length ? (await scoped(db, 'directory_entries', organisationId).select('directory_entries.id').where('directory_entries.id', 'in', entryIds).execute()).map((e) => e.id) : [],
  );
  steps.forEach((s, i) => {
    if (s.who.kind === 'user' && !users.has(s.who.userId)) fields[`steps.${i}.who.userId`] = 'Choose someone who works in your organisation';
    if (s.who.kind === 'directory' && !entries.has(s.who.directoryEntryId)) fields[`steps.${i}.who.directoryEntryId`] = 'Choose a service from your organisation’s directory';
  });
  if (Object.keys(fields).length) throw badRequest('Some steps reach people or services outside your organisation.', fields);
}

/** Saves the service's ladder; version 0 saves over the default. A stale version is a 409 with both. */
export async function putLadder(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: LadderPut): Promise<LadderOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await assertServiceOfOrganisation(trx, org, serviceId);
      await checkResponders(trx, org, input.steps);
      const current = await scoped(trx, 'escalation_ladders', org).selectAll('escalation_ladders').where('escalation_ladders.service_id', '=', serviceId).executeTakeFirst();
      const currentVersion = current ? Number(current.version) : 0;
      if (currentVersion !== input.version) throw staleVersion(await describeLadder(deps, trx, org, serviceId), input);
      const steps = JSON.stringify(input.steps);
      if (current) {
        const result = await trx
          .updateTable('escalation_ladders')
          .set({ steps, updated_by: auth.user.id, updated_at: now, version: currentVersion + 1 })
          .where('id', '=', current.id)
          .where('organisation_id', '=', org)
          .where('version', '=', currentVersion)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw staleVersion(await describeLadder(deps, trx, org, serviceId), input);
      } else {
        await trx.insertInto('escalation_ladders').values({ id: newId(), organisation_id: org, service_id: serviceId, steps, updated_by: auth.user.id, created_at: now, updated_at: now, version: 1 }).execute();
      }
      await recordAudit(trx, deps.audit, auditInput(actor, { action: 'ladder.update', entityType: 'service', entityId: serviceId, details: { steps: input.steps.length, version: currentVersion + 1 } }));
      return describeLadder(deps, trx, org, serviceId);
    });
  } catch (error) {
    // Two first saves over the default at once: the second is stale.
    if (isUniqueViolation(error)) throw staleVersion(await describeLadder(deps, deps.db, org, serviceId), input);
    throw error;
  }
}

// ---- reading escalations --------------------------------------------------------------

type Row = Escalation & { person_name: string | null; raiser_name: string | null; acker_name: string | null; closer_name: string | null };

function escalationQuery(db: DbOrTrx, organisationId: string) {
  return scoped(db, 'escalations', organisationId)
    .leftJoin('people', (j) => j.onRef('people.id', '=', 'escalations.person_id').on('people.organisation_id', '=', organisationId))
    .leftJoin('users as raiser', 'raiser.id', 'escalations.raised_by')
    .leftJoin('users as acker', 'acker.id', 'escalations.acknowledged_by')
    .leftJoin('users as closer', 'closer.id', 'escalations.closed_by')
    .selectAll('escalations')
    .select(['people.preferred_name as person_name', 'raiser.display_name as raiser_name', 'acker.display_name as acker_name', 'closer.display_name as closer_name']);
}

async function findEscalation(db: DbOrTrx, organisationId: string, serviceId: string, escalationId: string): Promise<Row> {
  const row = (await escalationQuery(db, organisationId).where('escalations.id', '=', escalationId).where('escalations.service_id', '=', serviceId).executeTakeFirst()) as Row | undefined;
  if (!row) throw escalationNotFound();
  return row;
}

const stepsOf = (row: Pick<Escalation, 'steps'>) => json<LadderStep[]>(row.steps, []);
const named = (userId: string | null, name: string | null | undefined) => (userId ? { userId, name: name ?? '' } : null);

function timingOf(row: Pick<Escalation, 'steps' | 'step_index' | 'step_started_at' | 'repeats' | 'status'>) {
  return {
    windowsMinutes: stepsOf(row).map((s) => s.windowMinutes),
    stepIndex: Number(row.step_index),
    stepStartedAt: Date.parse(row.step_started_at),
    repeats: Number(row.repeats),
    acknowledged: row.status === 'acknowledged',
    closed: row.status === 'closed',
  };
}

/** What happens next to an escalation (null once acknowledged or closed). */
export function nextEventOf(row: Pick<Escalation, 'id' | 'steps' | 'step_index' | 'step_started_at' | 'repeats' | 'status'>): EscalationEvent | null {
  const steps = stepsOf(row);
  if (steps.length === 0 || Number(row.step_index) >= steps.length) return null;
  return nextEscalationEvent(row.id, timingOf(row));
}

function summaryOut(row: Row): EscalationSummaryOut {
  const steps = stepsOf(row);
  const next = nextEventOf(row);
  return {
    id: row.id,
    serviceId: row.service_id,
    personId: row.person_id,
    personName: row.person_name ?? null,
    contactId: row.contact_id,
    visitId: row.visit_id,
    raisedBy: named(row.raised_by, row.raiser_name),
    raisedAt: row.raised_at,
    status: row.status,
    stepIndex: Number(row.step_index),
    stepCount: steps.length,
    currentStepLabel: steps[Number(row.step_index)]?.label ?? '',
    stepStartedAt: row.step_started_at,
    repeats: Number(row.repeats),
    next: next ? { type: next.type, at: new Date(next.at).toISOString() } : null,
    acknowledgedBy: named(row.acknowledged_by, row.acker_name),
    acknowledgedAt: row.acknowledged_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

async function describeEscalation(deps: Deps, db: DbOrTrx, row: Row): Promise<EscalationOut> {
  const org = row.organisation_id;
  const steps = stepsOf(row);
  const [r, attempts, views] = await Promise.all([
    resolver(db, org, row.service_id, steps, deps.clock()),
    scoped(db, 'escalation_attempts', org)
      .leftJoin('users', 'users.id', 'escalation_attempts.recorded_by')
      .selectAll('escalation_attempts')
      .select('users.display_name as recorder_name')
      .where('escalation_attempts.escalation_id', '=', row.id)
      .orderBy('escalation_attempts.attempted_at')
      .orderBy('escalation_attempts.id')
      .execute(),
    scoped(db, 'escalation_views', org)
      .leftJoin('users', 'users.id', 'escalation_views.recorded_by')
      .selectAll('escalation_views')
      .select('users.display_name as recorder_name')
      .where('escalation_views.escalation_id', '=', row.id)
      .orderBy('escalation_views.recorded_at')
      .orderBy('escalation_views.id')
      .execute(),
  ]);
  const viewOuts: ViewOut[] = views.map((v) => ({
    id: v.id,
    perspective: v.perspective,
    view: v.view,
    reasons: v.reasons,
    differs: flag(v.differs),
    recordedBy: named(v.recorded_by, v.recorder_name),
    recordedAt: v.recorded_at,
  }));
  const current = Number(row.step_index);
  return {
    ...summaryOut(row),
    concern: row.concern,
    steps: steps.map((s, i) => ({ ...stepOut(s, i, r), status: stepStatus(i, current, row.status === 'closed') })),
    attempts: attempts.map(
      (a): AttemptOut => ({
        id: a.id,
        stepIndex: Number(a.step_index),
        result: a.result,
        note: a.note,
        attemptedAt: a.attempted_at,
        recordedBy: named(a.recorded_by, a.recorder_name),
        recordedAt: a.recorded_at,
      }),
    ),
    views: { peer: viewOuts.filter((v) => v.perspective === 'peer'), other: viewOuts.filter((v) => v.perspective !== 'peer'), differ: compareViews(viewOuts).differ },
    outcome: row.outcome,
    closedBy: named(row.closed_by, row.closer_name),
    closedAt: row.closed_at,
  };
}

const WORKER_ROLES: Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'];
const MANAGING_ROLES: Role[] = ['shift_lead', 'service_manager'];

/**
 * Whether this person may see an escalation: anyone working in the service may; a clinical
 * partner only once it has reached them (a step naming them or their role).
 */
function canSee(auth: Auth, serviceId: string, row: Pick<Escalation, 'steps' | 'step_index'>): boolean {
  const roles = rolesFor(auth.memberships, 'service', serviceId);
  if (WORKER_ROLES.some((r) => roles.has(r))) return true;
  return reachesPerson(stepsOf(row), Number(row.step_index), { userId: auth.user.id, roles });
}

async function findVisible(db: DbOrTrx, auth: Auth, serviceId: string, escalationId: string): Promise<Row> {
  const row = await findEscalation(db, auth.organisationId, serviceId, escalationId);
  if (!canSee(auth, serviceId, row)) throw escalationNotFound();
  return row;
}

export async function listEscalations(deps: Deps, actor: Actor, auth: Auth, serviceId: string, query: EscalationsQuery): Promise<EscalationSummaryOut[]> {
  const org = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, org, serviceId);
  let q = escalationQuery(deps.db, org).where('escalations.service_id', '=', serviceId);
  if (query.status) q = q.where('escalations.status', '=', query.status);
  const rows = ((await q.orderBy('escalations.raised_at', 'desc').orderBy('escalations.id', 'desc').limit(LIST_LIMIT).execute()) as Row[]).filter((r) => canSee(auth, serviceId, r));
  // A live list, refetched while open: recorded on a session's first view, then once per window (audit/view-window.ts).
  if (deps.viewAudits.shouldRecord(`${auth.session.id}:escalations:${serviceId}:${query.status ?? ''}`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'escalation.list', entityType: 'service', entityId: serviceId, details: { count: rows.length, ...(query.status ? { status: query.status } : {}) } }));
  }
  return rows.map(summaryOut);
}

export async function getEscalation(deps: Deps, actor: Actor, auth: Auth, serviceId: string, escalationId: string): Promise<EscalationOut> {
  const row = await findVisible(deps.db, auth, serviceId, escalationId);
  const out = await describeEscalation(deps, deps.db, row);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'escalation.read', entityType: 'escalation', entityId: row.id, details: { serviceId, personId: row.person_id } }));
  return out;
}

// ---- raising, and alerting each step ----------------------------------------------------

export interface RaiseEscalationInput {
  organisationId: string;
  serviceId: string;
  /** The worry, in the worker's words (from a missed check-in: a plain sentence saying so). */
  concern: string;
  personId?: string | null;
  contactId?: string | null;
  /** Set when a lone-working visit's missed check-in reached its last stage. */
  visitId?: string | null;
  /** The worker who raised it (for a visit: the visit's worker). */
  raisedBy: string | null;
}

export interface RaisedEscalation {
  id: string;
  serviceId: string;
  stepIndex: number;
  /** The alert raised for the first step: pass it to announceEscalation after committing. */
  alert: RaisedAlert;
}

/** Who must act when a step starts or repeats: the shift lead(s) and service manager(s), the step's own people, a visit's contact. */
async function stepRecipients(db: DbOrTrx, row: Pick<Escalation, 'organisation_id' | 'service_id' | 'raised_by' | 'visit_id'>, step: LadderStep | undefined, now: number): Promise<string[]> {
  const r = step ? await resolver(db, row.organisation_id, row.service_id, [step], now) : null;
  const extra = step && r ? r.users(step) : [];
  if (row.visit_id) {
    const visit = await scoped(db, 'lone_working_visits', row.organisation_id).select('lone_working_visits.contact_user_id').where('lone_working_visits.id', '=', row.visit_id).executeTakeFirst();
    if (visit?.contact_user_id) extra.push(visit.contact_user_id);
  }
  // The worker who raised it is not alerted about their own escalation (they have it on screen),
  // except when it came from their own missed check-in, where they are the one at risk anyway.
  return alertRecipients(db, row.organisation_id, row.service_id, { extra, exclude: [row.raised_by] });
}

/**
 * Raises the alert for a step starting or repeating, once per key, and closes the
 * escalation's older open alert in favour of it (one open alert per escalation). The alerts
 * module's own reminders are left off: the ladder's repeats are this alert's reminders.
 */
async function alertStep(trx: Transaction<Database>, deps: Deps, actor: Actor, row: Pick<Escalation, 'id' | 'organisation_id' | 'service_id' | 'raised_by' | 'visit_id'>, step: LadderStep | undefined, stage: string, key: string): Promise<RaisedAlert> {
  const now = deps.clock();
  const recipients = await stepRecipients(trx, row, step, now);
  const raised = await raiseAlert(trx, deps, { organisationId: row.organisation_id, serviceId: row.service_id, kind: 'escalation', sourceType: 'escalation', sourceId: row.id, stage, dedupeKey: key, recipients, actor });
  if (raised.created) {
    await deps.jobs.cancel(trx, reminderKey(raised.id, 1));
    await trx
      .updateTable('alerts')
      .set({ status: 'closed', closed_at: new Date(now).toISOString() })
      .where('organisation_id', '=', row.organisation_id)
      .where('source_type', '=', 'escalation')
      .where('source_id', '=', row.id)
      .where('status', '=', 'open')
      .where('id', '!=', raised.id)
      .execute();
  }
  return raised;
}

/** Schedules what happens next to an escalation (nothing once acknowledged or closed). */
async function scheduleNext(trx: Transaction<Database>, deps: Deps, row: Pick<Escalation, 'id' | 'organisation_id' | 'steps' | 'step_index' | 'step_started_at' | 'repeats' | 'status'>): Promise<void> {
  const event = nextEventOf(row);
  if (!event) return;
  await deps.jobs.schedule(trx, { kind: ESCALATION_JOB, runAt: event.at, key: event.key, organisationId: row.organisation_id, payload: { escalationId: row.id } });
}

/**
 * A step that texts or emails a partner service's duty contact (from the directory) sends it
 * by a job of its own, once per escalation and step, after the step's change has committed.
 */
async function scheduleStepMessage(trx: Transaction<Database>, deps: Deps, row: Pick<Escalation, 'id' | 'organisation_id'>, step: LadderStep | undefined, stepIndex: number): Promise<void> {
  if (!step || (step.action !== 'sms' && step.action !== 'email') || step.who.kind !== 'directory') return;
  await deps.jobs.schedule(trx, { kind: ESCALATION_MESSAGE_JOB, runAt: deps.clock(), key: `escalation:${row.id}:message:${stepIndex}`, organisationId: row.organisation_id, payload: { escalationId: row.id, stepIndex } });
}

/**
 * Sends a step's text or email to the partner service's duty contact: who is asking (the
 * worker's own name and the service), never the concern or the name of anyone supported.
 * Nothing is sent once someone has picked the escalation up or it has closed.
 */
export async function sendStepMessage(deps: Deps, organisationId: string, escalationId: string, stepIndex: number): Promise<void> {
  const row = (await escalationQuery(deps.db, organisationId).where('escalations.id', '=', escalationId).executeTakeFirst()) as Row | undefined;
  if (!row || row.status !== 'open') return;
  const step = stepsOf(row)[stepIndex];
  if (!step || step.who.kind !== 'directory' || (step.action !== 'sms' && step.action !== 'email')) return;
  const [r, service] = await Promise.all([
    resolver(deps.db, organisationId, row.service_id, [step], deps.clock()),
    scoped(deps.db, 'services', organisationId).select('services.name').where('services.id', '=', row.service_id).executeTakeFirst(),
  ]);
  const contact = r.contacts(step)[0];
  const serviceName = service?.name ?? 'our service';
  const who = row.raiser_name ? `${row.raiser_name}, a peer worker at ${serviceName},` : `A peer worker at ${serviceName}`;
  const message = `${who} is worried about someone they are supporting and is asking for your duty team’s help now. Please get in touch with ${serviceName} as soon as you can. Reference: ${row.id.slice(-8)}.`;
  const to = step.action === 'sms' ? (step.phone ?? contact?.phones[0]?.number) : contact?.email;
  if (!to) return;
  await deps.notifier.send(deps.db, { organisationId, channel: step.action, to, template: 'alert', subject: `${serviceName} is asking for your duty team’s help`, message });
}

/** Stops the pending timer of an escalation (acknowledged or closed). */
async function cancelNext(trx: Transaction<Database>, deps: Deps, row: Pick<Escalation, 'id' | 'steps' | 'step_index' | 'step_started_at' | 'repeats'>): Promise<void> {
  const event = nextEventOf({ ...row, status: 'open' });
  if (event) await deps.jobs.cancel(trx, event.key);
}

/**
 * Raises an escalation on the service's ladder, inside the caller's transaction: takes a copy
 * of the ladder, starts its first step now, alerts the shift lead, service manager and the
 * people the first step reaches, schedules the timer that moves it on, and records the audit
 * row. Used by the route (a worker) and by lone working when a missed check-in reaches its
 * last stage (actor: systemActor(org)); after committing, call announceEscalation(deps, raised).
 * The caller checks the service, person and contact belong to the organisation.
 */
export async function raiseEscalation(trx: Transaction<Database>, deps: Deps, actor: Actor, input: RaiseEscalationInput): Promise<RaisedEscalation> {
  const now = nowIso(deps.clock);
  const steps = await ladderStepsOf(trx, input.organisationId, input.serviceId);
  const row: EscalationsTable = {
    id: newId(),
    organisation_id: input.organisationId,
    service_id: input.serviceId,
    person_id: input.personId ?? null,
    contact_id: input.contactId ?? null,
    visit_id: input.visitId ?? null,
    raised_by: input.raisedBy,
    raised_at: now,
    concern: input.concern,
    steps: JSON.stringify(steps),
    step_index: 0,
    step_started_at: now,
    repeats: 0,
    status: 'open',
    acknowledged_by: null,
    acknowledged_at: null,
    outcome: null,
    closed_by: null,
    closed_at: null,
    updated_at: now,
    version: 1,
  };
  await trx.insertInto('escalations').values(row).execute();
  await recordAudit(trx, deps.audit, auditInput(actor, {
    organisationId: input.organisationId,
    action: 'escalation.raise',
    entityType: 'escalation',
    entityId: row.id,
    details: { serviceId: row.service_id, personId: row.person_id, contactId: row.contact_id, visitId: row.visit_id, steps: steps.length },
  }));
  const alert = await alertStep(trx, deps, actor, row, steps[0], 'step:1', `escalation:${row.id}:raised`);
  await scheduleStepMessage(trx, deps, row, steps[0], 0);
  await scheduleNext(trx, deps, row);
  return { id: row.id, serviceId: row.service_id, stepIndex: 0, alert };
}

/** After the raise has committed: open boards and the recipients' open pages hear of it at once. */
export async function announceEscalation(deps: Deps, raised: Pick<RaisedEscalation, 'serviceId' | 'alert'>): Promise<void> {
  await announceAlert(deps, { serviceId: raised.serviceId, recipients: raised.alert.recipients });
}

/** POST escalations: a worker raises one from a contact or about a person. */
export async function raiseFromRequest(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: EscalationRaise): Promise<EscalationOut> {
  const org = auth.organisationId;
  const { out, raised } = await deps.db.transaction().execute(async (trx) => {
    await assertServiceOfOrganisation(trx, org, serviceId);
    let personId = input.personId ?? null;
    if (input.contactId) {
      const contact = await scoped(trx, 'contacts', org).select(['contacts.id', 'contacts.person_id']).where('contacts.id', '=', input.contactId).where('contacts.service_id', '=', serviceId).executeTakeFirst();
      if (!contact) throw badRequest('We could not find that contact in this service.', { contactId: 'We could not find this contact in this service' });
      if (personId && contact.person_id && contact.person_id !== personId) throw badRequest('That contact is about someone else.', { personId: 'This is not the person the contact is about' });
      personId = personId ?? contact.person_id;
    }
    if (personId) {
      const person = await scoped(trx, 'people', org).select('people.id').where('people.id', '=', personId).executeTakeFirst();
      if (!person) throw badRequest('We could not find that person.', { personId: 'We could not find this person' });
    }
    const raised = await raiseEscalation(trx, deps, actor, { organisationId: org, serviceId, concern: input.concern, personId, contactId: input.contactId ?? null, raisedBy: auth.user.id });
    return { raised, out: await describeEscalation(deps, trx, await findEscalation(trx, org, serviceId, raised.id)) };
  });
  await announceEscalation(deps, raised);
  return out;
}

// ---- the timer: next step, or the last step again -------------------------------------------

/**
 * Runs one timer of an escalation (jobs.ts): if it is still open and still at the moment the
 * job was for, moves it to the next step (or repeats the last step's alert) and alerts the
 * people who must act, then schedules what comes next. Returns the alert to announce.
 * Effects run inside `trx` (the job's own completion), so they happen exactly once.
 */
export async function runEscalationTimer(trx: Transaction<Database>, deps: Deps, organisationId: string, escalationId: string, jobKey: string | null): Promise<RaisedAlert | null> {
  const row = (await scoped(trx, 'escalations', organisationId).selectAll('escalations').where('escalations.id', '=', escalationId).executeTakeFirst()) as Escalation | undefined;
  if (!row || row.status !== 'open') return null;
  const actor = systemActor(organisationId);
  const now = deps.clock();
  const nowText = new Date(now).toISOString();

  // Picked up from the alerts page (not this escalation's own page): it counts as acknowledged.
  const acked = await scoped(trx, 'alerts', organisationId)
    .select(['alerts.acknowledged_by', 'alerts.acknowledged_at'])
    .where('alerts.source_type', '=', 'escalation')
    .where('alerts.source_id', '=', row.id)
    .where('alerts.status', '=', 'acknowledged')
    .orderBy('alerts.acknowledged_at')
    .executeTakeFirst();
  if (acked?.acknowledged_by) {
    await acknowledgeFromAlert(trx, deps, actor, { organisationId, escalationId: row.id, userId: acked.acknowledged_by, at: acked.acknowledged_at ?? nowText });
    return null;
  }

  const event = nextEventOf(row);
  // A timer for a moment that has passed (the escalation moved on): nothing to do.
  if (!event || (jobKey !== null && event.key !== jobKey) || event.at > now) return null;
  const steps = stepsOf(row);
  let set: Partial<EscalationsTable>;
  let stage: string;
  if (event.type === 'advance') {
    set = { step_index: event.toStep, step_started_at: nowText };
    stage = `step:${event.toStep + 1}`;
  } else {
    const repeats = repeatsCaughtUp(row.id, { ...timingOf(row), repeats: event.repeat }, now);
    set = { repeats };
    stage = `repeat:${event.repeat}`;
  }
  const result = await trx
    .updateTable('escalations')
    .set((eb) => ({ ...set, updated_at: nowText, version: eb('version', '+', 1) }))
    .where('id', '=', row.id)
    .where('status', '=', 'open')
    .where('step_index', '=', row.step_index)
    .where('repeats', '=', row.repeats)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  const moved = { ...row, ...set };
  await recordAudit(trx, deps.audit, auditInput(actor, {
    organisationId,
    action: event.type === 'advance' ? 'escalation.advance' : 'escalation.repeat',
    entityType: 'escalation',
    entityId: row.id,
    details: { serviceId: row.service_id, stepIndex: Number(moved.step_index), repeats: Number(moved.repeats) },
  }));
  const step = steps[Number(moved.step_index)];
  const alert = await alertStep(trx, deps, actor, row, step, stage, event.key);
  if (event.type === 'advance') await scheduleStepMessage(trx, deps, row, step, event.toStep);
  await scheduleNext(trx, deps, moved);
  return alert;
}

/**
 * The escalation's alert was picked up on the alerts page: the escalation counts as picked up
 * by that person (its timer stops). For the alerts module to call inside its acknowledging
 * transaction; the timer also does it when it next runs. False when it was not open.
 */
export async function acknowledgeFromAlert(trx: Transaction<Database>, deps: Deps, actor: Actor, input: { organisationId: string; escalationId: string; userId: string; at?: string }): Promise<boolean> {
  const row = (await scoped(trx, 'escalations', input.organisationId).selectAll('escalations').where('escalations.id', '=', input.escalationId).executeTakeFirst()) as Escalation | undefined;
  if (!row || row.status !== 'open') return false;
  const nowText = nowIso(deps.clock);
  const result = await trx
    .updateTable('escalations')
    .set((eb) => ({ status: 'acknowledged', acknowledged_by: input.userId, acknowledged_at: input.at ?? nowText, updated_at: nowText, version: eb('version', '+', 1) }))
    .where('id', '=', row.id)
    .where('organisation_id', '=', input.organisationId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await cancelNext(trx, deps, row);
  await recordAudit(trx, deps.audit, auditInput(actor, { organisationId: input.organisationId, action: 'escalation.acknowledge', entityType: 'escalation', entityId: row.id, details: { serviceId: row.service_id, via: 'alert' } }));
  return true;
}

// ---- attempts, acknowledgement, outcome, closing -------------------------------------------

export async function addAttempt(deps: Deps, actor: Actor, auth: Auth, serviceId: string, escalationId: string, input: AttemptCreate): Promise<EscalationOut> {
  const org = auth.organisationId;
  const now = deps.clock();
  if (input.attemptedAt && Date.parse(input.attemptedAt) > now + 60_000) throw badRequest('That time has not happened yet.', { attemptedAt: 'Enter a time that has passed' });
  const out = await deps.db.transaction().execute(async (trx) => {
    const row = await findVisible(trx, auth, serviceId, escalationId);
    if (row.status === 'closed') throw escalationClosed();
    const steps = stepsOf(row);
    if (input.stepIndex >= steps.length) throw badRequest('That step is not on this escalation’s ladder.', { stepIndex: 'Choose a step on this ladder' });
    const id = newId();
    await trx
      .insertInto('escalation_attempts')
      .values({ id, organisation_id: org, escalation_id: row.id, step_index: input.stepIndex, result: input.result, note: input.note ? input.note : null, attempted_at: input.attemptedAt ? new Date(input.attemptedAt).toISOString() : new Date(now).toISOString(), recorded_by: auth.user.id, recorded_at: new Date(now).toISOString() })
      .execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'escalation.attempt', entityType: 'escalation', entityId: row.id, details: { serviceId, attemptId: id, stepIndex: input.stepIndex, result: input.result } }));
    return describeEscalation(deps, trx, row);
  });
  await notifyBoard(deps, serviceId);
  return out;
}

const alreadyAcknowledged = (row: Row) =>
  new AppError(409, 'already_acknowledged', `${row.acker_name ?? 'Someone'} already picked this up, at ${row.acknowledged_at}.`, undefined, {
    acknowledgedBy: named(row.acknowledged_by, row.acker_name),
    acknowledgedAt: row.acknowledged_at,
  });

/**
 * A named responder says they have it: the ladder stops moving on and its alerts are
 * acknowledged. Shift leads and service managers of the service may; a clinical partner only
 * once the escalation has reached them. Twice → 409 saying who and when (nothing changes).
 */
export async function acknowledgeEscalation(deps: Deps, actor: Actor, auth: Auth, serviceId: string, escalationId: string, input: EscalationAcknowledge): Promise<EscalationOut> {
  const org = auth.organisationId;
  const nowText = nowIso(deps.clock);
  const { out, recipients } = await deps.db.transaction().execute(async (trx) => {
    const row = await findEscalation(trx, org, serviceId, escalationId);
    const roles = rolesFor(auth.memberships, 'service', serviceId);
    const manages = MANAGING_ROLES.some((r) => roles.has(r));
    if (!manages && !reachesPerson(stepsOf(row), Number(row.step_index), { userId: auth.user.id, roles })) {
      if (!canSee(auth, serviceId, row)) throw escalationNotFound();
      throw new AppError(403, 'forbidden', 'This escalation has not reached you yet, so it cannot be picked up by you.');
    }
    if (row.acknowledged_by) throw alreadyAcknowledged(row);
    if (row.status === 'closed') throw escalationClosed();
    const result = await trx
      .updateTable('escalations')
      .set((eb) => ({ status: 'acknowledged', acknowledged_by: auth.user.id, acknowledged_at: nowText, updated_at: nowText, version: eb('version', '+', 1) }))
      .where('id', '=', row.id)
      .where('organisation_id', '=', org)
      .where('acknowledged_by', 'is', null)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw alreadyAcknowledged(await findEscalation(trx, org, serviceId, escalationId));
    await cancelNext(trx, deps, row);
    const alerts = await acknowledgeAlertsOf(trx, deps, actor, { organisationId: org, sourceType: 'escalation', sourceId: row.id, userId: auth.user.id, note: input.note ? input.note : null });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'escalation.acknowledge', entityType: 'escalation', entityId: row.id, details: { serviceId, alerts: alerts.length } }));
    return { out: await describeEscalation(deps, trx, await findEscalation(trx, org, serviceId, escalationId)), recipients: alerts.flatMap((a) => a.recipients) };
  });
  await announceAlert(deps, { serviceId, recipients: [...new Set(recipients)] });
  return out;
}

/** Records (or corrects) the outcome, in the worker's words; stale version → 409 with both. */
export async function updateEscalation(deps: Deps, actor: Actor, auth: Auth, serviceId: string, escalationId: string, input: EscalationPatch): Promise<EscalationOut> {
  const org = auth.organisationId;
  const nowText = nowIso(deps.clock);
  const out = await deps.db.transaction().execute(async (trx) => {
    const row = await findVisible(trx, auth, serviceId, escalationId);
    if (row.status === 'closed') throw escalationClosed();
    if (Number(row.version) !== input.version) throw staleVersion(await describeEscalation(deps, trx, row), input);
    const result = await trx
      .updateTable('escalations')
      .set({ outcome: input.outcome, updated_at: nowText, version: input.version + 1 })
      .where('id', '=', row.id)
      .where('organisation_id', '=', org)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw staleVersion(await describeEscalation(deps, trx, await findEscalation(trx, org, serviceId, escalationId)), input);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'escalation.update', entityType: 'escalation', entityId: row.id, details: { serviceId, fields: ['outcome'] } }));
    return describeEscalation(deps, trx, await findEscalation(trx, org, serviceId, escalationId));
  });
  await notifyBoard(deps, serviceId);
  return out;
}

/**
 * Closes an escalation with its outcome, stops its timer and alerts, and offers everyone
 * involved a debrief (raiser, those who logged attempts, who picked it up, who closed it, and
 * for a visit the worker and their contact). One still waiting for someone to pick it up can
 * be closed by a shift lead or service manager only.
 */
export async function closeEscalation(deps: Deps, actor: Actor, auth: Auth, serviceId: string, escalationId: string, input: EscalationClose): Promise<EscalationOut> {
  const org = auth.organisationId;
  const nowText = nowIso(deps.clock);
  const out = await deps.db.transaction().execute(async (trx) => {
    const row = await findVisible(trx, auth, serviceId, escalationId);
    if (row.status === 'closed') throw escalationClosed();
    const roles = rolesFor(auth.memberships, 'service', serviceId);
    if (row.status === 'open' && !MANAGING_ROLES.some((r) => roles.has(r))) {
      throw new AppError(409, 'not_acknowledged', 'Nobody has picked this up yet, so it stays open. Your shift lead or service manager can close it.');
    }
    const outcome = input.outcome ?? row.outcome;
    if (!outcome) throw badRequest('Say what happened before closing.', { outcome: 'Say what happened' });
    if (Number(row.version) !== input.version) throw staleVersion(await describeEscalation(deps, trx, row), input);
    const result = await trx
      .updateTable('escalations')
      .set({ status: 'closed', outcome, closed_by: auth.user.id, closed_at: nowText, updated_at: nowText, version: input.version + 1 })
      .where('id', '=', row.id)
      .where('organisation_id', '=', org)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw staleVersion(await describeEscalation(deps, trx, await findEscalation(trx, org, serviceId, escalationId)), input);
    await cancelNext(trx, deps, row);
    // Alerts still open (closed before anyone picked it up) end with it.
    await trx
      .updateTable('alerts')
      .set({ status: 'closed', closed_at: nowText })
      .where('organisation_id', '=', org)
      .where('source_type', '=', 'escalation')
      .where('source_id', '=', row.id)
      .where('status', '=', 'open')
      .execute();
    const attempters = (await scoped(trx, 'escalation_attempts', org).select('escalation_attempts.recorded_by').where('escalation_attempts.escalation_id', '=', row.id).execute()).map((a) => a.recorded_by);
    let visitPeople: (string | null)[] = [];
    if (row.visit_id) {
      const visit = await scoped(trx, 'lone_working_visits', org).select(['lone_working_visits.worker_user_id', 'lone_working_visits.contact_user_id']).where('lone_working_visits.id', '=', row.visit_id).executeTakeFirst();
      if (visit) visitPeople = [visit.worker_user_id, visit.contact_user_id];
    }
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'escalation.close', entityType: 'escalation', entityId: row.id, details: { serviceId, acknowledged: row.status === 'acknowledged' } }));
    await offerDebriefs(trx, deps, actor, { organisationId: org, serviceId, sourceType: 'escalation', sourceId: row.id, userIds: [row.raised_by, row.acknowledged_by, auth.user.id, ...attempters, ...visitPeople] });
    return describeEscalation(deps, trx, await findEscalation(trx, org, serviceId, escalationId));
  });
  await notifyBoard(deps, serviceId);
  return out;
}

// ---- views side by side ---------------------------------------------------------------------

/** Adds a view (never changes one): the peer worker's, or the clinical / social care one. */
export async function addView(deps: Deps, actor: Actor, auth: Auth, serviceId: string, escalationId: string, input: ViewCreate): Promise<EscalationOut> {
  const org = auth.organisationId;
  const nowText = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const row = await findVisible(trx, auth, serviceId, escalationId);
    const roles = rolesFor(auth.memberships, 'service', serviceId);
    if (!mayRecordPerspective(input.perspective, roles)) throw badRequest('As a clinical partner, you record the clinical or social care view.', { perspective: 'Choose the clinical or social care view' });
    const id = newId();
    await trx
      .insertInto('escalation_views')
      .values({ id, organisation_id: org, escalation_id: row.id, perspective: input.perspective, view: input.view, reasons: input.reasons, differs: toFlag(input.differs), recorded_by: auth.user.id, recorded_at: nowText })
      .execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'escalation.view', entityType: 'escalation', entityId: row.id, details: { serviceId, viewId: id, perspective: input.perspective, differs: input.differs } }));
    return describeEscalation(deps, trx, row);
  });
}

// ---- report: how often views differed ------------------------------------------------------

export async function escalationReport(deps: Deps, actor: Actor, auth: Auth, serviceId: string, query: ReportQuery): Promise<EscalationReportOut> {
  const org = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, org, serviceId);
  const from = query.from ? new Date(query.from).toISOString() : null;
  const to = query.to ? new Date(query.to).toISOString() : null;
  if (from && to && from > to) throw badRequest('The start comes after the end.', { from: 'Choose a start before the end' });
  let q = scoped(deps.db, 'escalations', org).where('escalations.service_id', '=', serviceId);
  if (from) q = q.where('escalations.raised_at', '>=', from);
  if (to) q = q.where('escalations.raised_at', '<', to);
  const counts = await q
    .select([
      sql<number>`cast(count(*) as integer)`.as('raised'),
      sql<number>`cast(coalesce(sum(case when escalations.acknowledged_at is not null then 1 else 0 end), 0) as integer)`.as('acknowledged'),
      sql<number>`cast(coalesce(sum(case when escalations.status = 'closed' then 1 else 0 end), 0) as integer)`.as('closed'),
    ])
    .executeTakeFirstOrThrow();
  let v = scoped(deps.db, 'escalation_views', org).innerJoin('escalations', 'escalations.id', 'escalation_views.escalation_id').where('escalations.service_id', '=', serviceId);
  if (from) v = v.where('escalations.raised_at', '>=', from);
  if (to) v = v.where('escalations.raised_at', '<', to);
  const per = await v
    .select([
      'escalation_views.escalation_id',
      sql<number>`cast(max(case when escalation_views.perspective = 'peer' then 1 else 0 end) as integer)`.as('peer'),
      sql<number>`cast(max(case when escalation_views.perspective <> 'peer' then 1 else 0 end) as integer)`.as('other'),
      sql<number>`cast(max(escalation_views.differs) as integer)`.as('differs'),
    ])
    .groupBy('escalation_views.escalation_id')
    .execute();
  const both = per.filter((p) => Number(p.peer) === 1 && Number(p.other) === 1);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'escalation.report', entityType: 'service', entityId: serviceId, details: { from, to } }));
  return {
    from,
    to,
    raised: Number(counts.raised),
    acknowledged: Number(counts.acknowledged),
    closed: Number(counts.closed),
    withBothViews: both.length,
    viewsDiffered: both.filter((p) => Number(p.differs) === 1).length,
  };
}

// ---- shift handover -------------------------------------------------------------------------

const NOTES_SHOWN = 10;

/** What the incoming lead takes on: open escalations, visits under way, open alerts, recent notes. */
export async function getHandover(deps: Deps, actor: Actor, auth: Auth, serviceId: string): Promise<HandoverOut> {
  const org = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, org, serviceId);
  const now = deps.clock();
  const [escalations, visits, alerts, notes] = await Promise.all([
    escalationQuery(deps.db, org).where('escalations.service_id', '=', serviceId).where('escalations.status', 'in', ['open', 'acknowledged']).orderBy('escalations.raised_at').limit(LIST_LIMIT).execute() as Promise<Row[]>,
    scoped(deps.db, 'lone_working_visits', org)
      .innerJoin('users as worker', 'worker.id', 'lone_working_visits.worker_user_id')
      .leftJoin('users as contact', 'contact.id', 'lone_working_visits.contact_user_id')
      .selectAll('lone_working_visits')
      .select(['worker.display_name as worker_name', 'contact.display_name as contact_name'])
      .where('lone_working_visits.service_id', '=', serviceId)
      .where('lone_working_visits.status', '=', 'active')
      .orderBy('lone_working_visits.expected_end_at')
      .limit(LIST_LIMIT)
      .execute(),
    scoped(deps.db, 'alerts', org)
      .where('alerts.service_id', '=', serviceId)
      .where('alerts.status', '=', 'open')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('count'))
      .executeTakeFirst(),
    scoped(deps.db, 'shift_handovers', org)
      .leftJoin('users as from_user', 'from_user.id', 'shift_handovers.from_user_id')
      .leftJoin('users as to_user', 'to_user.id', 'shift_handovers.to_user_id')
      .selectAll('shift_handovers')
      .select(['from_user.display_name as from_name', 'to_user.display_name as to_name'])
      .where('shift_handovers.service_id', '=', serviceId)
      .orderBy('shift_handovers.created_at', 'desc')
      .orderBy('shift_handovers.id', 'desc')
      .limit(NOTES_SHOWN)
      .execute(),
  ]);
  // Refetched while open, like the board: a session's first view, then once per window.
  if (deps.viewAudits.shouldRecord(`${auth.session.id}:handover:${serviceId}`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'handover.read', entityType: 'service', entityId: serviceId, details: { escalations: escalations.length, visits: visits.length } }));
  }
  return {
    serviceId,
    openEscalations: escalations.map(summaryOut),
    activeVisits: visits.map((v) => ({
      id: v.id,
      worker: named(v.worker_user_id, v.worker_name),
      contact: named(v.contact_user_id, v.contact_name),
      location: v.location,
      startedAt: v.started_at,
      expectedEndAt: v.expected_end_at,
      checkedInAt: v.checked_in_at,
      overdue: Date.parse(v.expected_end_at) < now,
    })),
    openAlerts: Number(alerts?.count ?? 0),
    notes: notes.map((n): HandoverNoteOut => ({ id: n.id, from: named(n.from_user_id, n.from_name), to: named(n.to_user_id, n.to_name), note: n.note, createdAt: n.created_at })),
  };
}

export async function addHandoverNote(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: HandoverCreate): Promise<HandoverNoteOut> {
  const org = auth.organisationId;
  const nowText = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    await assertServiceOfOrganisation(trx, org, serviceId);
    let toName: string | null = null;
    if (input.toUserId) {
      const to = await scoped(trx, 'users', org).select('users.display_name').where('users.id', '=', input.toUserId).where('users.disabled_at', 'is', null).executeTakeFirst();
      if (!to) throw badRequest('We could not find that colleague.', { toUserId: 'Choose someone who works in your organisation' });
      toName = to.display_name;
    }
    const id = newId();
    await trx.insertInto('shift_handovers').values({ id, organisation_id: org, service_id: serviceId, from_user_id: auth.user.id, to_user_id: input.toUserId ?? null, note: input.note, created_at: nowText }).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'handover.write', entityType: 'service', entityId: serviceId, details: { handoverId: id, toUserId: input.toUserId ?? null } }));
    return { id, from: named(auth.user.id, auth.user.display_name), to: named(input.toUserId ?? null, toName), note: input.note, createdAt: nowText };
  });
}
