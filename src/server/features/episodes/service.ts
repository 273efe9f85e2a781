import { sql } from 'kysely';
import { isAllowed } from '../../access/policies.js';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Episode, EpisodeSession, EpisodeSessionsTable, EpisodesTable, Transition, TransitionsTable } from '../../db/tables.js';
import { flag, json, newId, nowIso, toFlag } from '../../db/values.js';
import { isUniqueViolation, updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import { findService } from '../services/service.js';
import { unknownEntryIds } from '../directory/service.js';
import type {
  ClosingReason,
  ConsentHow,
  EpisodeCreate,
  EpisodeOut,
  EpisodePatch,
  EpisodeSessionCreate,
  EpisodeSessionOut,
  EpisodeSessionPatch,
  EpisodeSummaryOut,
  EpisodesQuery,
  EpisodeWorkerOut,
  GoalOut,
  TransitionCreate,
  TransitionOut,
  TransitionPatch,
} from '../../../shared/episodes.js';
import {
  beyondLimitProblem,
  caseloadFullMessage,
  closingProblems,
  firstOverCaseload,
  handoverShareable,
  hasSomeWords,
  isBeyondLimit,
  isFutureTime,
  limitWarning,
  OPEN_EPISODE_STATUSES,
  statusChangeAllowed,
  type CaseloadCheck,
} from './rules.js';
import { serviceWorkers } from './workers.js';


const episodeNotFound = () => notFound('That episode');
const episodeClosed = () => new AppError(409, 'episode_closed', 'This episode has closed, so nothing more can be added to it.');
/** Free text: an empty string is stored as "not given". */
const words = (v: string | null | undefined): string | null => (v == null || v.trim() === '' ? null : v);

// ---- reading ---------------------------------------------------------------------------

/** An episode of this organisation and service, or 404 (another service's or organisation's included). */
export async function findEpisode(db: DbOrTrx, organisationId: string, serviceId: string, episodeId: string): Promise<Episode> {
  const row = (await scoped(db, 'episodes', organisationId)
    .selectAll()
    .where('episodes.id', '=', episodeId)
    .where('episodes.service_id', '=', serviceId)
    .executeTakeFirst()) as Episode | undefined;
  if (!row) throw episodeNotFound();
  return row;
}

async function requireService(db: DbOrTrx, organisationId: string, serviceId: string) {
  const service = await findService(db, organisationId, serviceId);
  if (!service) throw notFound('That service');
  return service;
}

interface WorkerRow {
  episode_id: string;
  user_id: string;
  display_name: string;
  allocated_at: string;
}

async function currentWorkers(db: DbOrTrx, organisationId: string, episodeIds: string[]): Promise<WorkerRow[]> {
  if (episodeIds.length === 0) return [];
  return db
    .selectFrom('episode_workers')
    .innerJoin('users', 'users.id', 'episode_workers.user_id')
    .select(['episode_workers.episode_id', 'episode_workers.user_id', 'users.display_name', 'episode_workers.allocated_at'])
    .where('episode_workers.organisation_id', '=', organisationId)
    .where('episode_workers.episode_id', 'in', episodeIds)
    .where('episode_workers.ended_at', 'is', null)
    .orderBy('episode_workers.allocated_at')
    .orderBy('users.display_name')
    .execute();
}

export async function sessionCounts(db: DbOrTrx, organisationId: string, episodeIds: string[]): Promise<Map<string, number>> {
  if (episodeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('episode_sessions')
    .select(['episode_id', sql<number>`cast(count(*) as integer)`.as('n')])
    .where('organisation_id', '=', organisationId)
    .where('episode_id', 'in', episodeIds)
    .groupBy('episode_id')
    .execute();
  return new Map(rows.map((r) => [r.episode_id, Number(r.n)]));
}

const workerOut = (w: WorkerRow): EpisodeWorkerOut => ({ userId: w.user_id, displayName: w.display_name, allocatedAt: w.allocated_at });

function summaryOut(row: Episode, personName: string, workers: WorkerRow[], used: number): EpisodeSummaryOut {
  const limit = Number(row.session_limit);
  return {
    id: row.id,
    serviceId: row.service_id,
    personId: row.person_id,
    personPreferredName: personName,
    contactId: row.contact_id,
    status: row.status,
    offeredAt: row.offered_at,
    closedAt: row.closed_at,
    workers: workers.filter((w) => w.episode_id === row.id).map(workerOut),
    sessionLimit: limit,
    sessionsUsed: used,
    limitWarning: limitWarning(used, limit),
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

export function sessionOut(row: EpisodeSession, sessionLimit: number, workerName: string | null): EpisodeSessionOut {
  return {
    id: row.id,
    episodeId: row.episode_id,
    number: Number(row.number),
    heldAt: row.held_at,
    workerUserId: row.worker_user_id,
    workerName,
    whatHasBeenHappening: row.what_has_been_happening,
    strengthsAndResources: row.strengths_and_resources,
    peopleAndNetworks: row.people_and_networks,
    helpFromServices: row.help_from_services,
    nextSteps: row.next_steps,
    beyondLimit: isBeyondLimit(Number(row.number), sessionLimit),
    beyondLimitReason: row.beyond_limit_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

export function transitionOut(row: Transition): TransitionOut {
  const given = flag(row.share_consent);
  return {
    id: row.id,
    episodeId: row.episode_id,
    toName: row.to_name,
    toDirectoryServiceId: row.to_directory_service_id,
    plannedDate: row.planned_date,
    handoverSummary: row.handover_summary,
    shareConsent: { given, how: (row.share_consent_how as ConsentHow | null) ?? null, recordedAt: row.share_consent_at },
    handoverShareable: handoverShareable(given),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

async function personName(db: DbOrTrx, organisationId: string, personId: string): Promise<string> {
  const row = (await scoped(db, 'people', organisationId).select('people.preferred_name').where('people.id', '=', personId).executeTakeFirst()) as
    | { preferred_name: string }
    | undefined;
  return row?.preferred_name ?? '';
}

async function userNames(db: DbOrTrx, organisationId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = (await scoped(db, 'users', organisationId).select(['users.id', 'users.display_name']).where('users.id', 'in', unique).execute()) as { id: string; display_name: string }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The whole episode as the client sees it: workers, goals, sessions, transitions and the limit. */
export async function describeEpisode(db: DbOrTrx, row: Episode): Promise<EpisodeOut> {
  const org = row.organisation_id;
  const [name, workers, sessions, transitions] = await Promise.all([
    personName(db, org, row.person_id),
    currentWorkers(db, org, [row.id]),
    scoped(db, 'episode_sessions', org).selectAll().where('episode_sessions.episode_id', '=', row.id).orderBy('episode_sessions.number').execute() as Promise<EpisodeSession[]>,
    scoped(db, 'transitions', org).selectAll().where('transitions.episode_id', '=', row.id).orderBy('transitions.created_at').orderBy('transitions.id').execute() as Promise<Transition[]>,
  ]);
  const names = await userNames(db, org, sessions.map((s) => s.worker_user_id).filter((id): id is string => id !== null));
  const limit = Number(row.session_limit);
  return {
    ...summaryOut(row, name, workers, sessions.length),
    acceptedAt: row.accepted_at,
    declinedAt: row.declined_at,
    declinedReason: row.declined_reason,
    goals: json<GoalOut[]>(row.goals, []),
    closingReason: (row.closing_reason as ClosingReason | null) ?? null,
    closingNote: row.closing_note,
    sessions: sessions.map((s) => sessionOut(s, limit, s.worker_user_id ? (names.get(s.worker_user_id) ?? null) : null)),
    transitions: transitions.map(transitionOut),
    createdAt: row.created_at,
  };
}

export async function listEpisodes(deps: Deps, actor: Actor, auth: Auth, serviceId: string, query: EpisodesQuery): Promise<EpisodeSummaryOut[]> {
  const org = auth.organisationId;
  await requireService(deps.db, org, serviceId);
  let q = scoped(deps.db, 'episodes', org)
    .innerJoin('people', 'people.id', 'episodes.person_id')
    .selectAll('episodes')
    .select('people.preferred_name as person_name')
    .where('episodes.service_id', '=', serviceId);
  if (query.personId) q = q.where('episodes.person_id', '=', query.personId);
  if (query.status) q = q.where('episodes.status', '=', query.status);
  const rows = (await q.orderBy('episodes.offered_at', 'desc').orderBy('episodes.id', 'desc').limit(500).execute()) as (Episode & { person_name: string })[];
  const ids = rows.map((r) => r.id);
  const [workers, counts] = await Promise.all([currentWorkers(deps.db, org, ids), sessionCounts(deps.db, org, ids)]);
  await recordAudit(deps.db, deps.audit, auditInput(actor, {
    action: 'episode.list',
    entityType: 'service',
    entityId: serviceId,
    details: { count: rows.length, ...(query.personId ? { personId: query.personId } : {}), ...(query.status ? { status: query.status } : {}) },
  }));
  return rows.map((r) => summaryOut(r, r.person_name, workers, counts.get(r.id) ?? 0));
}

/** One episode; the read itself is audited, as every read of a person's record is. */
export async function getEpisode(deps: Deps, actor: Actor, auth: Auth, serviceId: string, episodeId: string): Promise<EpisodeOut> {
  const row = await findEpisode(deps.db, auth.organisationId, serviceId, episodeId);
  const out = await describeEpisode(deps.db, row);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'episode.read', entityType: 'episode', entityId: row.id, details: { personId: row.person_id, serviceId } }));
  return out;
}

// ---- workers and caseloads ----------------------------------------------------------------

/** Current caseloads (open episodes allocated and not ended) of these workers, across the organisation. */
export async function caseloadCounts(db: DbOrTrx, organisationId: string, userIds: string[], exceptEpisodeId?: string): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  let q = db
    .selectFrom('episode_workers')
    .innerJoin('episodes', 'episodes.id', 'episode_workers.episode_id')
    .select(['episode_workers.user_id', sql<number>`cast(count(distinct episodes.id) as integer)`.as('n')])
    .where('episode_workers.organisation_id', '=', organisationId)
    .where('episodes.organisation_id', '=', organisationId)
    .where('episode_workers.user_id', 'in', userIds)
    .where('episode_workers.ended_at', 'is', null)
    .where('episodes.status', 'in', [...OPEN_EPISODE_STATUSES])
    .where('episodes.closed_at', 'is', null);
  if (exceptEpisodeId) q = q.where('episodes.id', '!=', exceptEpisodeId);
  const rows = await q.groupBy('episode_workers.user_id').execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

interface WorkerInfo {
  id: string;
  display_name: string;
  caseload_max: number | null;
}

/**
 * The people named can be allocated in this service: staff of this organisation, not
 * disabled, holding a peer support or leading role in the service (or organisation-wide).
 * Answers 400 on `field` otherwise.
 */
async function checkWorkers(deps: Deps, trx: DbOrTrx, organisationId: string, serviceId: string, userIds: string[], field: string): Promise<Map<string, WorkerInfo>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  let users = serviceWorkers(trx, organisationId, serviceId).where('users.id', 'in', unique);
  // Two allocations at once must not both squeeze into the last place on a caseload.
  if (deps.engine === 'postgres') users = users.forUpdate();
  const rows = (await users.execute()) as WorkerInfo[];
  if (rows.length !== unique.length) throw badRequest('Some of the people chosen cannot support people in this service.', { [field]: 'Choose people who work in this service' });
  return new Map(rows.map((r) => [r.id, { ...r, caseload_max: r.caseload_max === null ? null : Number(r.caseload_max) }]));
}

/** 409 caseload_full, naming the worker and their maximum, if a new allocation would go over it. */
async function assertCaseloadRoom(trx: DbOrTrx, organisationId: string, episodeId: string, newWorkers: WorkerInfo[]): Promise<void> {
  if (newWorkers.length === 0) return;
  const counts = await caseloadCounts(trx, organisationId, newWorkers.map((w) => w.id), episodeId);
  const checks: CaseloadCheck[] = newWorkers.map((w) => ({ userId: w.id, displayName: w.display_name, current: counts.get(w.id) ?? 0, max: w.caseload_max }));
  const over = firstOverCaseload(checks);
  if (over) {
    throw new AppError(409, 'caseload_full', caseloadFullMessage(over), { workerUserIds: caseloadFullMessage(over) }, { userId: over.userId, caseloadMax: over.max, caseload: over.current });
  }
}

async function allocate(trx: DbOrTrx, organisationId: string, episodeId: string, userIds: string[], now: string): Promise<void> {
  for (const userId of userIds) {
    await trx.insertInto('episode_workers').values({ id: newId(), organisation_id: organisationId, episode_id: episodeId, user_id: userId, allocated_at: now, ended_at: null }).execute();
  }
}

/** PUT workers: the allocated workers become exactly these. */
export async function setWorkers(deps: Deps, actor: Actor, auth: Auth, serviceId: string, episodeId: string, workerUserIds: string[]): Promise<EpisodeOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const episode = await findEpisode(trx, org, serviceId, episodeId);
    if (episode.status === 'closed') throw episodeClosed();
    const wanted = [...new Set(workerUserIds)];
    const info = await checkWorkers(deps, trx, org, serviceId, wanted, 'workerUserIds');
    const current = (await currentWorkers(trx, org, [episodeId])).map((w) => w.user_id);
    const added = wanted.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !wanted.includes(id));
    if (episode.status === 'offered' || episode.status === 'accepted') await assertCaseloadRoom(trx, org, episodeId, added.map((id) => info.get(id)!));
    if (removed.length) {
      await trx
        .updateTable('episode_workers')
        .set({ ended_at: now })
        .where('organisation_id', '=', org)
        .where('episode_id', '=', episodeId)
        .where('user_id', 'in', removed)
        .where('ended_at', 'is', null)
        .execute();
    }
    await allocate(trx, org, episodeId, added, now);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'episode.allocate', entityType: 'episode', entityId: episodeId, details: { added, removed } }));
    return describeEpisode(trx, episode);
  });
}

// ---- episodes ------------------------------------------------------------------------------

export async function createEpisode(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: EpisodeCreate): Promise<EpisodeOut> {
  const org = auth.organisationId;
  const workerIds = [...new Set(input.workerUserIds ?? [])];
  if (workerIds.some((id) => id !== auth.user.id) && !isAllowed('episode.allocate', auth.memberships, serviceId)) {
    throw forbidden('Only a shift lead or service manager can allocate someone else. You can allocate yourself.');
  }
  if (input.declinedReason && input.status !== 'declined') throw badRequest('A reason for declining goes with a declined offer.', { declinedReason: 'Only fill this in when the person declined' });
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const service = await requireService(trx, org, serviceId);
    const person = await scoped(trx, 'people', org).select('people.id').where('people.id', '=', input.personId).executeTakeFirst();
    if (!person) throw badRequest('We could not find that person.', { personId: 'We could not find this person' });
    if (input.contactId) {
      const contact = await scoped(trx, 'contacts', org).select('contacts.id').where('contacts.id', '=', input.contactId).where('contacts.service_id', '=', serviceId).executeTakeFirst();
      if (!contact) throw badRequest('We could not find that contact in this service.', { contactId: 'We could not find this contact in this service' });
    }
    const workers = await checkWorkers(deps, trx, org, serviceId, workerIds, 'workerUserIds');
    const row: Episode = {
      id: newId(),
      organisation_id: org,
      service_id: serviceId,
      person_id: input.personId,
      contact_id: input.contactId ?? null,
      status: input.status,
      offered_at: now,
      accepted_at: input.status === 'accepted' ? now : null,
      declined_at: input.status === 'declined' ? now : null,
      declined_reason: input.status === 'declined' ? words(input.declinedReason) : null,
      session_limit: Number(service.session_limit),
      goals: JSON.stringify((input.goals ?? []).map((g): GoalOut => ({ id: newId(), text: g.text, status: 'working_on' }))),
      closed_at: null,
      closing_reason: null,
      closing_note: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('episodes').values(row).execute();
    if (input.status !== 'declined') await assertCaseloadRoom(trx, org, row.id, [...workers.values()]);
    await allocate(trx, org, row.id, workerIds, now);
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'episode.create',
      entityType: 'episode',
      entityId: row.id,
      details: { personId: row.person_id, contactId: row.contact_id, status: row.status, workers: workerIds },
    }));
    return describeEpisode(trx, row);
  });
}

function mergeGoals(current: GoalOut[], edits: NonNullable<EpisodePatch['goals']>): GoalOut[] {
  const known = new Set(current.map((g) => g.id));
  const fields: Record<string, string> = {};
  edits.forEach((g, i) => {
    if (g.id && !known.has(g.id)) fields[`goals.${i}.id`] = 'This goal is not part of this episode';
  });
  if (Object.keys(fields).length) throw badRequest('Some goals are not part of this episode.', fields);
  return edits.map((g) => ({ id: g.id ?? newId(), text: g.text, status: g.status }));
}

export async function updateEpisode(deps: Deps, actor: Actor, auth: Auth, serviceId: string, episodeId: string, patch: EpisodePatch): Promise<EpisodeOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  const { version, ...changes } = patch;
  return deps.db.transaction().execute(async (trx) => {
    const episode = await findEpisode(trx, org, serviceId, episodeId);
    if (episode.status === 'closed') throw episodeClosed();
    const to = changes.status;
    const set: Partial<EpisodesTable> = {};
    const fields: Record<string, string> = {};
    const closing = to === 'closed';
    if (!closing && (changes.closingReason !== undefined || changes.closingNote !== undefined)) {
      if (changes.closingReason !== undefined) fields.closingReason = 'Only fill this in when closing the episode';
      if (changes.closingNote !== undefined) fields.closingNote = 'Only fill this in when closing the episode';
    }
    const declining = to === 'declined' || (to === undefined && episode.status === 'declined');
    if (changes.declinedReason !== undefined && !declining) fields.declinedReason = 'Only fill this in when the person declined';
    if (Object.keys(fields).length) throw badRequest('Some of what was sent does not fit this change.', fields);

    if (to !== undefined && to !== episode.status) {
      if (!statusChangeAllowed(episode.status, to)) {
        throw new AppError(409, 'episode_status', `An episode that is ${episode.status} cannot become ${to}.`);
      }
      if (to === 'accepted') set.accepted_at = now;
      if (to === 'declined') set.declined_at = now;
    }
    if (to !== undefined) set.status = to;
    if (changes.declinedReason !== undefined) set.declined_reason = words(changes.declinedReason);
    if (changes.goals !== undefined) set.goals = JSON.stringify(mergeGoals(json<GoalOut[]>(episode.goals, []), changes.goals));
    if (closing) {
      const transitions = (await scoped(trx, 'transitions', org).select('transitions.status').where('transitions.episode_id', '=', episodeId).execute()) as Pick<Transition, 'status'>[];
      const problems = closingProblems({ closingReason: changes.closingReason, closingNote: changes.closingNote, transitionStatuses: transitions.map((t) => t.status) });
      if (problems) {
        const message = problems.closingNote && transitions.some((t) => t.status === 'planned') ? problems.closingNote : 'Say why the episode is closing.';
        throw badRequest(message, problems);
      }
      set.closed_at = now;
      set.closing_reason = changes.closingReason ?? null;
      set.closing_note = words(changes.closingNote);
    }
    const row = await updateVersioned(trx, 'episodes', { id: episodeId, organisationId: org, version }, set, {
      now,
      describe: (r) => ({ id: r.id, status: r.status, goals: json<GoalOut[]>(r.goals, []), declinedReason: r.declined_reason, closingReason: r.closing_reason, closingNote: r.closing_note, version: Number(r.version), updatedAt: r.updated_at }),
      submitted: patch,
      where: { service_id: serviceId },
      what: 'That episode',
    });
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'episode.update',
      entityType: 'episode',
      entityId: episodeId,
      details: { fields: Object.keys(changes), ...(to ? { status: to } : {}), ...(closing ? { closingReason: changes.closingReason } : {}) },
    }));
    return describeEpisode(trx, row as Episode);
  });
}

// ---- sessions ---------------------------------------------------------------------------------

const SESSION_TEXTS = [
  ['whatHasBeenHappening', 'what_has_been_happening'],
  ['strengthsAndResources', 'strengths_and_resources'],
  ['peopleAndNetworks', 'people_and_networks'],
  ['helpFromServices', 'help_from_services'],
  ['nextSteps', 'next_steps'],
] as const;

const noWordsProblem = () =>
  badRequest('Write something in at least one part of the session record.', { whatHasBeenHappening: 'Write something here or in another part of the record' });
const futureProblem = () => badRequest('A session cannot be in the future.', { heldAt: 'Enter a time that has already happened' });

async function sessionWithName(db: DbOrTrx, row: EpisodeSession, limit: number): Promise<EpisodeSessionOut> {
  const names = await userNames(db, row.organisation_id, row.worker_user_id ? [row.worker_user_id] : []);
  return sessionOut(row, limit, row.worker_user_id ? (names.get(row.worker_user_id) ?? null) : null);
}

export async function addSession(deps: Deps, actor: Actor, auth: Auth, serviceId: string, episodeId: string, input: EpisodeSessionCreate): Promise<EpisodeSessionOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  if (isFutureTime(input.heldAt, deps.clock())) throw futureProblem();
  if (!hasSomeWords(SESSION_TEXTS.map(([key]) => input[key]))) throw noWordsProblem();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const episode = await findEpisode(trx, org, serviceId, episodeId);
      if (episode.status === 'closed') throw episodeClosed();
      if (episode.status === 'declined') throw new AppError(409, 'episode_declined', 'This person declined peer support. Record that they have accepted before adding sessions.');
      const workerId = input.workerUserId ?? auth.user.id;
      if (input.workerUserId) await checkWorkers(deps, trx, org, serviceId, [workerId], 'workerUserId');
      const last = await scoped(trx, 'episode_sessions', org)
        .select(sql<number>`cast(coalesce(max(episode_sessions.number), 0) as integer)`.as('n'))
        .where('episode_sessions.episode_id', '=', episodeId)
        .executeTakeFirst();
      const number = Number((last as { n: number } | undefined)?.n ?? 0) + 1;
      const limit = Number(episode.session_limit);
      const problem = beyondLimitProblem(number, limit, input.beyondLimitReason);
      if (problem) throw badRequest(problem.beyondLimitReason!, problem);
      const row: EpisodeSession = {
        id: newId(),
        organisation_id: org,
        episode_id: episodeId,
        number,
        held_at: new Date(input.heldAt).toISOString(),
        worker_user_id: workerId,
        what_has_been_happening: words(input.whatHasBeenHappening),
        strengths_and_resources: words(input.strengthsAndResources),
        people_and_networks: words(input.peopleAndNetworks),
        help_from_services: words(input.helpFromServices),
        next_steps: words(input.nextSteps),
        beyond_limit_reason: isBeyondLimit(number, limit) ? words(input.beyondLimitReason) : null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await trx.insertInto('episode_sessions').values(row).execute();
      await recordAudit(trx, deps.audit, auditInput(actor, {
        action: 'episode.session_create',
        entityType: 'episode_session',
        entityId: row.id,
        details: { episodeId, number, beyondLimit: isBeyondLimit(number, limit) },
      }));
      return sessionWithName(trx, row, limit);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('Another session was recorded for this episode at the same moment. Please save again.');
    throw error;
  }
}

export async function updateSession(deps: Deps, actor: Actor, auth: Auth, serviceId: string, episodeId: string, sessionId: string, patch: EpisodeSessionPatch): Promise<EpisodeSessionOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  const { version, ...changes } = patch;
  if (changes.heldAt !== undefined && isFutureTime(changes.heldAt, deps.clock())) throw futureProblem();
  return deps.db.transaction().execute(async (trx) => {
    const episode = await findEpisode(trx, org, serviceId, episodeId);
    const existing = (await scoped(trx, 'episode_sessions', org)
      .selectAll()
      .where('episode_sessions.id', '=', sessionId)
      .where('episode_sessions.episode_id', '=', episodeId)
      .executeTakeFirst()) as EpisodeSession | undefined;
    if (!existing) throw notFound('That session');
    const limit = Number(episode.session_limit);
    const set: Partial<EpisodeSessionsTable> = {};
    if (changes.heldAt !== undefined) set.held_at = new Date(changes.heldAt).toISOString();
    if (changes.workerUserId !== undefined) {
      await checkWorkers(deps, trx, org, serviceId, [changes.workerUserId], 'workerUserId');
      set.worker_user_id = changes.workerUserId;
    }
    for (const [key, column] of SESSION_TEXTS) if (changes[key] !== undefined) set[column] = words(changes[key]);
    if (changes.beyondLimitReason !== undefined) set.beyond_limit_reason = words(changes.beyondLimitReason);
    const after = { ...existing, ...set };
    if (!hasSomeWords(SESSION_TEXTS.map(([, column]) => after[column]))) throw noWordsProblem();
    const problem = beyondLimitProblem(Number(existing.number), limit, after.beyond_limit_reason);
    if (problem) throw badRequest(problem.beyondLimitReason!, problem);
    const row = await updateVersioned(trx, 'episode_sessions', { id: sessionId, organisationId: org, version }, set, {
      now,
      describe: (r) => sessionOut(r as EpisodeSession, limit, null),
      submitted: patch,
      where: { episode_id: episodeId },
      what: 'That session',
    });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'episode.session_update', entityType: 'episode_session', entityId: sessionId, details: { episodeId, fields: Object.keys(changes) } }));
    return sessionWithName(trx, row as EpisodeSession, limit);
  });
}

// ---- transitions ---------------------------------------------------------------------------------

/** A move on to a directory entry names one of this organisation's entries. */
async function assertDirectoryEntry(db: DbOrTrx, organisationId: string, entryId: string): Promise<void> {
  if ((await unknownEntryIds(db, organisationId, [entryId])).length > 0) {
    throw badRequest('Choose a service from your directory, or type its name.', { toDirectoryServiceId: 'Choose a service from your directory' });
  }
}

function consentProblems(consent: { given: boolean; how?: ConsentHow } | undefined): Record<string, string> | null {
  if (consent?.given && !consent.how) return { 'shareConsent.how': 'Say how the person agreed' };
  return null;
}

export async function addTransition(deps: Deps, actor: Actor, auth: Auth, serviceId: string, episodeId: string, input: TransitionCreate): Promise<TransitionOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  const toName = words(input.toName);
  const toDirectory = words(input.toDirectoryServiceId);
  if (!toName && !toDirectory) throw badRequest('Say where the person is moving on to.', { toName: 'Enter the name of the service or support' });
  const consent = consentProblems(input.shareConsent);
  if (consent) throw badRequest('Say how the person agreed to share their handover summary.', consent);
  return deps.db.transaction().execute(async (trx) => {
    const episode = await findEpisode(trx, org, serviceId, episodeId);
    if (episode.status === 'closed') throw episodeClosed();
    if (toDirectory) await assertDirectoryEntry(trx, org, toDirectory);
    const given = input.shareConsent?.given ?? false;
    const row: Transition = {
      id: newId(),
      organisation_id: org,
      episode_id: episodeId,
      to_directory_service_id: toDirectory,
      to_name: toName ?? '',
      planned_date: input.plannedDate ?? null,
      handover_summary: words(input.handoverSummary),
      share_consent: toFlag(given),
      share_consent_at: input.shareConsent ? now : null,
      share_consent_how: given ? (input.shareConsent?.how ?? null) : null,
      status: input.status ?? 'planned',
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('transitions').values(row).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'episode.transition_create',
      entityType: 'transition',
      entityId: row.id,
      details: { episodeId, status: row.status, shareConsent: given },
    }));
    return transitionOut(row);
  });
}

export async function updateTransition(deps: Deps, actor: Actor, auth: Auth, serviceId: string, episodeId: string, transitionId: string, patch: TransitionPatch): Promise<TransitionOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  const { version, ...changes } = patch;
  const consent = consentProblems(changes.shareConsent);
  if (consent) throw badRequest('Say how the person agreed to share their handover summary.', consent);
  return deps.db.transaction().execute(async (trx) => {
    await findEpisode(trx, org, serviceId, episodeId);
    const existing = (await scoped(trx, 'transitions', org)
      .selectAll()
      .where('transitions.id', '=', transitionId)
      .where('transitions.episode_id', '=', episodeId)
      .executeTakeFirst()) as Transition | undefined;
    if (!existing) throw notFound('That transition');
    const set: Partial<TransitionsTable> = {};
    if (changes.toName !== undefined) set.to_name = words(changes.toName) ?? '';
    if (changes.toDirectoryServiceId !== undefined) set.to_directory_service_id = words(changes.toDirectoryServiceId);
    if (changes.plannedDate !== undefined) set.planned_date = changes.plannedDate;
    if (changes.handoverSummary !== undefined) set.handover_summary = words(changes.handoverSummary);
    if (changes.status !== undefined) set.status = changes.status;
    if (changes.shareConsent !== undefined) {
      set.share_consent = toFlag(changes.shareConsent.given);
      set.share_consent_how = changes.shareConsent.given ? (changes.shareConsent.how ?? null) : null;
      set.share_consent_at = now;
    }
    if (set.to_directory_service_id) await assertDirectoryEntry(trx, org, set.to_directory_service_id);
    const after = { ...existing, ...set };
    if (!after.to_name && !after.to_directory_service_id) throw badRequest('Say where the person is moving on to.', { toName: 'Enter the name of the service or support' });
    const row = await updateVersioned(trx, 'transitions', { id: transitionId, organisationId: org, version }, set, {
      now,
      describe: (r) => transitionOut(r as Transition),
      submitted: patch,
      where: { episode_id: episodeId },
      what: 'That transition',
    });
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'episode.transition_update',
      entityType: 'transition',
      entityId: transitionId,
      details: { episodeId, fields: Object.keys(changes), ...(changes.status ? { status: changes.status } : {}), ...(changes.shareConsent ? { shareConsent: changes.shareConsent.given } : {}) },
    }));
    return transitionOut(row as Transition);
  });
}
