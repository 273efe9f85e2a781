import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Database, LoneWorkingVisit } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { badRequest, notFound, staleVersion } from '../../http/errors.js';
import type { RunningJob } from '../../jobs/jobs.js';
import type { DuressCodeOut, DuressCodeSet, HelpNow, HelpNowReply, VisitCancel, VisitExtend, VisitOut, VisitReply, VisitsOut, VisitStart } from '../../../shared/lone-working.js';
import { alertRecipients, announceAlert, announceToUser, jobActor, raiseAlert, sendToStaffMember, type RaisedAlert } from '../alerts/service.js';
import { assertServiceOfOrganisation, notifyBoard } from '../contacts/service.js';
import { serviceWorkers } from '../episodes/workers.js';
import { extendVisit, nextVisitStage, type VisitOffsets, type VisitStage, type VisitTiming } from '../escalations/rules.js';
import { raiseEscalation } from '../escalations/service.js';
import { checkIn, duressDigest, expectedEndProblem, matchesDuressCode, overtakenForWorker, ukTime, visitTiming, WORKER_STAGES, workerStageMessage } from './rules.js';

/**
 * Lone working (issue 6): start a visit, check in, extend, end, cancel (where a duress code
 * typed in place of the confirmation looks exactly like a cancel but raises a silent alert),
 * "I need help now", and the server-side timer: one durable job per stage (escalations/
 * rules.ts nextVisitStage), keyed by visit, stage and expected end, so a restart fires what
 * it missed once and nothing twice.
 *
 * Stages: reminder and due and worker_nudge tell the worker (email, and their open pages);
 * lead_alert raises an alert to the shift lead(s), the service manager(s) and the worker's
 * contact; escalate starts the service's escalation ladder (escalations/service.ts
 * raiseEscalation, with the visit id), which alerts its first step's people.
 */

export const VISIT_STAGE_JOB = 'visit.stage';

type VisitRow = LoneWorkingVisit & { worker_name: string; contact_name: string | null };

function visitQuery(db: DbOrTrx, organisationId: string) {
  return scoped(db, 'lone_working_visits', organisationId)
    .innerJoin('users as worker', 'worker.id', 'lone_working_visits.worker_user_id')
    .leftJoin('users as contact', 'contact.id', 'lone_working_visits.contact_user_id')
    .selectAll('lone_working_visits')
    .select(['worker.display_name as worker_name', 'contact.display_name as contact_name']);
}

async function findVisit(db: DbOrTrx, organisationId: string, serviceId: string, visitId: string): Promise<VisitRow | undefined> {
  return (await visitQuery(db, organisationId)
    .where('lone_working_visits.service_id', '=', serviceId)
    .where('lone_working_visits.id', '=', visitId)
    .executeTakeFirst()) as VisitRow | undefined;
}

/** The worker's own visit in this service, or 404 (another person's visit is not theirs to change). */
async function ownVisit(db: DbOrTrx, auth: Auth, serviceId: string, visitId: string): Promise<VisitRow> {
  const row = await findVisit(db, auth.organisationId, serviceId, visitId);
  if (!row || row.worker_user_id !== auth.user.id) throw notFound('That visit');
  return row;
}

function visitOut(row: VisitRow, now: number, offsets: VisitOffsets): VisitOut {
  const timing = visitTiming(row);
  const next = nextVisitStage(row.id, timing, offsets);
  return {
    id: row.id,
    serviceId: row.service_id,
    workerUserId: row.worker_user_id,
    workerName: row.worker_name,
    location: row.location,
    personId: row.person_id,
    contactUserId: row.contact_user_id,
    contactName: row.contact_name,
    startedAt: row.started_at,
    expectedEndAt: row.expected_end_at,
    checkedInAt: row.checked_in_at,
    endedAt: row.ended_at,
    // A safety code ends a visit exactly as a cancel does, as far as any reply shows.
    endKind: row.end_kind === 'duress' ? 'cancelled' : row.end_kind,
    status: row.status,
    overdue: row.status === 'active' && now > timing.expectedEndAt && !(timing.checkedInAt !== null && timing.checkedInAt >= timing.expectedEndAt),
    next: next ? { stage: next.stage, at: new Date(next.at).toISOString() } : null,
    version: Number(row.version),
  };
}

/** Schedules the visit's next stage (nothing once ended or all have fired). */
async function scheduleNextStage(trx: Transaction<Database>, deps: Deps, visitId: string, organisationId: string, timing: VisitTiming): Promise<void> {
  const next = nextVisitStage(visitId, timing, deps.config.loneWorkingOffsets);
  if (!next) return;
  await deps.jobs.schedule(trx, { kind: VISIT_STAGE_JOB, runAt: next.at, key: next.key, organisationId, payload: { visitId, stage: next.stage, expectedEndAt: timing.expectedEndAt } });
}

/** Cancels the pending stage job of this timing (its key names the stage and expected end). */
async function cancelPendingStage(trx: Transaction<Database>, deps: Deps, visitId: string, timing: VisitTiming): Promise<void> {
  const next = nextVisitStage(visitId, { ...timing, ended: false }, deps.config.loneWorkingOffsets);
  if (next) await deps.jobs.cancel(trx, next.key);
}

const doneJson = (t: VisitTiming) => JSON.stringify([...t.done]);

/** Lone-working alerts go to the shift lead(s), the manager(s) and the worker's contact; never the worker. */
const visitRecipients = (db: DbOrTrx, row: Pick<VisitRow, 'organisation_id' | 'service_id' | 'contact_user_id' | 'worker_user_id'>) =>
  alertRecipients(db, row.organisation_id, row.service_id, { extra: [row.contact_user_id], exclude: [row.worker_user_id] });

// ---- start ----------------------------------------------------------------------------

export async function startVisit(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: VisitStart): Promise<VisitReply> {
  const organisationId = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, organisationId, serviceId);
  const now = deps.clock();
  const endAt = Date.parse(input.expectedEndAt);
  const problem = expectedEndProblem(now, endAt);
  if (problem) throw badRequest('Check when you expect to be done.', { expectedEndAt: problem });
  if (input.contactUserId === auth.user.id) throw badRequest('Choose a colleague as your contact.', { contactUserId: 'Choose someone other than yourself' });
  const contact = await serviceWorkers(deps.db, organisationId, serviceId).where('users.id', '=', input.contactUserId).executeTakeFirst();
  if (!contact) throw badRequest('Choose a colleague from this service as your contact.', { contactUserId: 'Choose someone who works in this service' });
  if (input.personId) {
    const person = await scoped(deps.db, 'people', organisationId).select('people.id').where('people.id', '=', input.personId).executeTakeFirst();
    if (!person) throw badRequest('That person was not found.', { personId: 'Choose someone from your organisation' });
  }
  const id = newId();
  const startedAt = new Date(now).toISOString();
  const expectedEndAt = new Date(endAt).toISOString();
  const reply = await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('lone_working_visits')
      .values({ id, organisation_id: organisationId, service_id: serviceId, worker_user_id: auth.user.id, location: input.location, person_id: input.personId ?? null, contact_user_id: input.contactUserId, started_at: startedAt, expected_end_at: expectedEndAt, checked_in_at: null, ended_at: null, end_kind: null, stages_done: '[]', status: 'active', updated_at: startedAt, version: 1 })
      .execute();
    await scheduleNextStage(trx, deps, id, organisationId, { startedAt: now, expectedEndAt: endAt, checkedInAt: null, ended: false, done: new Set() });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'visit.start', entityType: 'lone_working_visit', entityId: id, details: { serviceId, personId: input.personId ?? null, contactUserId: input.contactUserId } }));
    return { visit: visitOut((await findVisit(trx, organisationId, serviceId, id))!, now, deps.config.loneWorkingOffsets) };
  });
  await notifyBoard(deps, serviceId);
  return reply;
}

// ---- reads ----------------------------------------------------------------------------

/** The signed-in worker's visits still under way in this service. */
export async function listMyVisits(deps: Deps, auth: Auth, serviceId: string): Promise<VisitsOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const rows = (await visitQuery(deps.db, auth.organisationId)
    .where('lone_working_visits.service_id', '=', serviceId)
    .where('lone_working_visits.worker_user_id', '=', auth.user.id)
    .where('lone_working_visits.status', '=', 'active')
    .orderBy('lone_working_visits.started_at', 'asc')
    .execute()) as VisitRow[];
  const now = deps.clock();
  return { visits: rows.map((r) => visitOut(r, now, deps.config.loneWorkingOffsets)) };
}

/** Every visit under way in the service, soonest due first (shift leads, managers); audited. */
export async function listServiceVisits(deps: Deps, actor: Actor, auth: Auth, serviceId: string): Promise<VisitsOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const rows = (await visitQuery(deps.db, auth.organisationId)
    .where('lone_working_visits.service_id', '=', serviceId)
    .where('lone_working_visits.status', '=', 'active')
    .orderBy('lone_working_visits.expected_end_at', 'asc')
    .limit(200)
    .execute()) as VisitRow[];
  if (deps.viewAudits.shouldRecord(`${auth.session.id}:visits:${serviceId}`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'visit.read', entityType: 'service', entityId: serviceId, details: { serviceId } }));
  }
  const now = deps.clock();
  return { visits: rows.map((r) => visitOut(r, now, deps.config.loneWorkingOffsets)) };
}

// ---- the worker's own changes ----------------------------------------------------------

/**
 * One change to the worker's own active visit, in one transaction with its audit row: the
 * row is re-read inside it (and, on PostgreSQL, locked), so a stage job and a tap at the same
 * moment cannot both act on the same state.
 */
async function changeOwnVisit<T>(
  deps: Deps,
  auth: Auth,
  serviceId: string,
  visitId: string,
  change: (trx: Transaction<Database>, row: VisitRow, timing: VisitTiming) => Promise<T>,
): Promise<T> {
  const organisationId = auth.organisationId;
  return deps.db.transaction().execute(async (trx) => {
    if (deps.engine === 'postgres') await sql`select id from lone_working_visits where id = ${visitId} and organisation_id = ${organisationId} for update`.execute(trx);
    const row = await ownVisit(trx, auth, serviceId, visitId);
    if (row.status !== 'active') throw badRequest('This visit has already ended.', { visit: 'This visit has already ended' });
    return change(trx, row, visitTiming(row));
  });
}

export async function checkInVisit(deps: Deps, actor: Actor, auth: Auth, serviceId: string, visitId: string): Promise<VisitReply> {
  const now = deps.clock();
  const reply = await changeOwnVisit(deps, auth, serviceId, visitId, async (trx, row, timing) => {
    const { timing: after, stopsStages } = checkIn(timing, now);
    if (stopsStages) await cancelPendingStage(trx, deps, visitId, timing);
    const at = new Date(now).toISOString();
    await trx
      .updateTable('lone_working_visits')
      .set((eb) => ({ checked_in_at: at, stages_done: doneJson(after), updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', visitId)
      .where('organisation_id', '=', auth.organisationId)
      .execute();
    // An alert already raised stays open until a named person acknowledges it.
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'visit.check_in', entityType: 'lone_working_visit', entityId: visitId, details: { serviceId, stagesStopped: stopsStages, afterAlert: timing.done.has('lead_alert') || timing.done.has('escalate') } }));
    return { visit: visitOut((await findVisit(trx, auth.organisationId, serviceId, visitId))!, now, deps.config.loneWorkingOffsets) };
  });
  await notifyBoard(deps, serviceId);
  return reply;
}

export async function extendOwnVisit(deps: Deps, actor: Actor, auth: Auth, serviceId: string, visitId: string, input: VisitExtend): Promise<VisitReply> {
  const now = deps.clock();
  const endAt = Date.parse(input.expectedEndAt);
  const problem = expectedEndProblem(now, endAt);
  if (problem) throw badRequest('Check when you now expect to be done.', { expectedEndAt: problem });
  const reply = await changeOwnVisit(deps, auth, serviceId, visitId, async (trx, row, timing) => {
    if (Number(row.version) !== input.version) throw staleVersion(visitOut(row, now, deps.config.loneWorkingOffsets), input);
    const { timing: after, alertStaysOpen } = extendVisit(timing, endAt, now);
    await cancelPendingStage(trx, deps, visitId, timing);
    const at = new Date(now).toISOString();
    await trx
      .updateTable('lone_working_visits')
      .set((eb) => ({ expected_end_at: new Date(endAt).toISOString(), checked_in_at: at, stages_done: doneJson(after), updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', visitId)
      .where('organisation_id', '=', auth.organisationId)
      .execute();
    await scheduleNextStage(trx, deps, visitId, auth.organisationId, after);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'visit.extend', entityType: 'lone_working_visit', entityId: visitId, details: { serviceId, alertStaysOpen } }));
    return { visit: visitOut((await findVisit(trx, auth.organisationId, serviceId, visitId))!, now, deps.config.loneWorkingOffsets) };
  });
  await notifyBoard(deps, serviceId);
  return reply;
}

/** Ends a visit (checked out, cancelled, or — never shown as such — duress) and stops its timer. */
async function endVisitRow(trx: Transaction<Database>, deps: Deps, row: VisitRow, timing: VisitTiming, kind: 'checked_out' | 'cancelled' | 'duress', now: number): Promise<void> {
  await cancelPendingStage(trx, deps, row.id, timing);
  const at = new Date(now).toISOString();
  await trx
    .updateTable('lone_working_visits')
    .set((eb) => ({ status: 'ended', ended_at: at, end_kind: kind, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', row.id)
    .where('organisation_id', '=', row.organisation_id)
    .execute();
}

/** "I am done and safe": the visit ends and its timer stops (open alerts stay until acknowledged). */
export async function endOwnVisit(deps: Deps, actor: Actor, auth: Auth, serviceId: string, visitId: string): Promise<VisitReply> {
  const now = deps.clock();
  const reply = await changeOwnVisit(deps, auth, serviceId, visitId, async (trx, row, timing) => {
    await endVisitRow(trx, deps, row, timing, 'checked_out', now);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'visit.end', entityType: 'lone_working_visit', entityId: visitId, details: { serviceId } }));
    return { visit: visitOut((await findVisit(trx, auth.organisationId, serviceId, visitId))!, now, deps.config.loneWorkingOffsets) };
  });
  await notifyBoard(deps, serviceId);
  return reply;
}

/**
 * Cancels a visit. If what the worker typed is their duress code, the visit ends exactly as
 * a cancel does in every reply they get (same status, same body, same audit action), and a
 * silent alert goes to the shift lead(s), the manager(s) and their contact — never to them.
 */
export async function cancelOwnVisit(deps: Deps, actor: Actor, auth: Auth, serviceId: string, visitId: string, input: VisitCancel): Promise<VisitReply> {
  const now = deps.clock();
  const stored = await deps.db.selectFrom('duress_codes').select('code_digest').where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).executeTakeFirst();
  const duress = matchesDuressCode(deps.secretKey, auth.user.id, input.confirmation, stored?.code_digest);
  const { reply, raised } = await changeOwnVisit(deps, auth, serviceId, visitId, async (trx, row, timing) => {
    let raised: RaisedAlert | null = null;
    await endVisitRow(trx, deps, row, timing, duress ? 'duress' : 'cancelled', now);
    // The same audit action either way: the alert's own audit row is where duress shows.
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'visit.cancel', entityType: 'lone_working_visit', entityId: visitId, details: { serviceId } }));
    if (duress) {
      raised = await raiseAlert(trx, deps, {
        organisationId: auth.organisationId,
        serviceId,
        kind: 'duress',
        sourceType: 'visit',
        sourceId: visitId,
        stage: 'duress',
        dedupeKey: `visit:${visitId}:duress`,
        silent: true,
        recipients: await visitRecipients(trx, row),
        exclude: [row.worker_user_id],
        actor,
      });
    }
    return { reply: { visit: visitOut((await findVisit(trx, auth.organisationId, serviceId, visitId))!, now, deps.config.loneWorkingOffsets) }, raised };
  });
  // One board event either way (announceAlert includes it), so a duress cancel looks like any other.
  if (raised) await announceAlert(deps, raised);
  else await notifyBoard(deps, serviceId);
  return reply;
}

// ---- help now ---------------------------------------------------------------------------

/** "I need help now": an alert at once to the shift lead(s), the manager(s) and (on a visit) the contact. */
export async function requestHelp(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: HelpNow): Promise<HelpNowReply> {
  const organisationId = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, organisationId, serviceId);
  const visit = input.visitId ? await ownVisit(deps.db, auth, serviceId, input.visitId) : null;
  const sourceType = visit ? 'visit' : 'user';
  const sourceId = visit ? visit.id : auth.user.id;
  const raised = await deps.db.transaction().execute(async (trx) => {
    // Tapping again while help is already on its way raises nothing new; after someone has
    // acknowledged it, a new tap is a new alert (the key counts the earlier ones).
    const earlier = await scoped(trx, 'alerts', organisationId)
      .select(['alerts.id', 'alerts.status', 'alerts.dedupe_key'])
      .where('alerts.kind', '=', 'help_now')
      .where('alerts.source_type', '=', sourceType)
      .where('alerts.source_id', '=', sourceId)
      .where('alerts.service_id', '=', serviceId)
      .execute();
    const open = earlier.find((a) => a.status === 'open');
    const alert = await raiseAlert(trx, deps, {
      organisationId,
      serviceId,
      kind: 'help_now',
      sourceType,
      sourceId,
      stage: 'help_now',
      dedupeKey: open?.dedupe_key ?? `help:${sourceType}:${sourceId}:${serviceId}:${earlier.length + 1}`,
      recipients: visit ? await visitRecipients(trx, visit) : await alertRecipients(trx, organisationId, serviceId, { exclude: [auth.user.id] }),
      exclude: [auth.user.id],
      actor,
    });
    if (alert.created) {
      await recordAudit(trx, deps.audit, auditInput(actor, { action: 'visit.help', entityType: visit ? 'lone_working_visit' : 'user', entityId: sourceId, details: { serviceId, alertId: alert.id } }));
    }
    const row = await trx.selectFrom('alerts').select('raised_at').where('id', '=', alert.id).executeTakeFirstOrThrow();
    return { alert, raisedAt: row.raised_at };
  });
  await announceAlert(deps, raised.alert);
  return { alertId: raised.alert.id, raisedAt: raised.raisedAt, peopleTold: raised.alert.recipients.length };
}

// ---- duress code ------------------------------------------------------------------------

export async function getDuressCode(deps: Deps, auth: Auth): Promise<DuressCodeOut> {
  const row = await deps.db.selectFrom('duress_codes').select('updated_at').where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).executeTakeFirst();
  return { set: !!row, updatedAt: row?.updated_at ?? null };
}

/** Sets (or changes) your own duress code; only its keyed digest is stored. */
export async function setDuressCode(deps: Deps, actor: Actor, auth: Auth, input: DuressCodeSet): Promise<DuressCodeOut> {
  const now = nowIso(deps.clock);
  const digest = duressDigest(deps.secretKey, auth.user.id, input.code);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('duress_codes')
      .values({ user_id: auth.user.id, organisation_id: auth.organisationId, code_digest: digest, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ code_digest: digest, updated_at: now }))
      .execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'duress_code.set', entityType: 'user', entityId: auth.user.id }));
  });
  return { set: true, updatedAt: now };
}

// ---- the timer ---------------------------------------------------------------------------

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** One stage of a visit's timer (job `visit.stage`); stale or repeated jobs change nothing. */
async function runVisitStage(deps: Deps, job: RunningJob): Promise<void> {
  const organisationId = job.organisationId;
  const visitId = String(job.payload.visitId ?? '');
  const stage = String(job.payload.stage ?? '') as VisitStage;
  if (!organisationId || !visitId) return;
  let fired: { row: VisitRow; raised: RaisedAlert | null; overtaken: boolean } | null = null;
  await job.complete(async (trx) => {
    if (deps.engine === 'postgres') await sql`select id from lone_working_visits where id = ${visitId} and organisation_id = ${organisationId} for update`.execute(trx);
    const row = (await visitQuery(trx, organisationId).where('lone_working_visits.id', '=', visitId).executeTakeFirst()) as VisitRow | undefined;
    if (!row) return;
    const timing = visitTiming(row);
    const due = nextVisitStage(visitId, timing, deps.config.loneWorkingOffsets);
    // Ended, extended since (another expected end), or this stage already fired: nothing to do.
    if (!due || due.stage !== stage || timing.expectedEndAt !== numberOr(job.payload.expectedEndAt, -1) || due.key !== job.key) return;
    const after: VisitTiming = { ...timing, done: new Set([...timing.done, stage]) };
    await trx.updateTable('lone_working_visits').set({ stages_done: doneJson(after) }).where('id', '=', visitId).where('organisation_id', '=', organisationId).execute();
    let raised: RaisedAlert | null = null;
    let escalationId: string | null = null;
    if (stage === 'lead_alert') {
      raised = await raiseAlert(trx, deps, {
        organisationId,
        serviceId: row.service_id,
        kind: 'visit_overdue',
        sourceType: 'visit',
        sourceId: visitId,
        stage,
        dedupeKey: due.key,
        recipients: await visitRecipients(trx, row),
        exclude: [row.worker_user_id],
      });
    } else if (stage === 'escalate') {
      // The service's escalation ladder starts, on the worker's behalf.
      const escalation = await raiseEscalation(trx, deps, jobActor(organisationId), {
        organisationId,
        serviceId: row.service_id,
        concern: `${row.worker_name} has not checked in after a lone visit that was due to end at ${ukTime(row.expected_end_at)}.`,
        personId: row.person_id,
        visitId,
        raisedBy: row.worker_user_id,
      });
      escalationId = escalation.id;
      // The escalation alerts its first step's people itself; if it did not, the alarm is raised here.
      raised =
        (escalation as { alert?: RaisedAlert }).alert ??
        (await raiseAlert(trx, deps, {
          organisationId,
          serviceId: row.service_id,
          kind: 'visit_escalation',
          sourceType: 'visit',
          sourceId: visitId,
          stage,
          dedupeKey: due.key,
          recipients: await visitRecipients(trx, row),
          exclude: [row.worker_user_id],
        }));
    }
    await scheduleNextStage(trx, deps, visitId, organisationId, after);
    await recordAudit(trx, deps.audit, auditInput(jobActor(organisationId), { action: 'visit.stage', entityType: 'lone_working_visit', entityId: visitId, details: { serviceId: row.service_id, stage, alertId: raised?.id ?? null, escalationId } }));
    fired = { row, raised, overtaken: overtakenForWorker(stage, timing, deps.clock(), deps.config.loneWorkingOffsets) };
  });
  const done = fired as { row: VisitRow; raised: RaisedAlert | null; overtaken: boolean } | null;
  if (!done) return;
  // Told after the stage committed: the worker at their own stages, everyone else by the alert.
  if (WORKER_STAGES.includes(stage) && !done.overtaken) {
    // By text, email or both, as the worker chose on their account (email without a number).
    const words = workerStageMessage(stage, ukTime(done.row.expected_end_at), `${deps.config.publicUrl}/app/lone-working`);
    await sendToStaffMember(deps, organisationId, done.row.worker_user_id, { ...words, text: `Alongside: ${words.message}` });
  }
  await announceToUser(deps, done.row.worker_user_id);
  if (done.raised) await announceAlert(deps, done.raised);
  else await notifyBoard(deps, done.row.service_id);
}

/** Registers the visit timer's job (once per app: routes.ts). */
export function registerVisitJobs(deps: Deps): void {
  deps.jobs.register(VISIT_STAGE_JOB, (job) => runVisitStage(deps, job));
}

