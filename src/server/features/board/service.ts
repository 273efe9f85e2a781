import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { CallbackRequestsTable, ShiftsTable } from '../../db/tables.js';
import { flag, newId, nowIso } from '../../db/values.js';
import { updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { badRequest, notFound, staleVersion } from '../../http/errors.js';
import { BoardOut } from '../../../shared/board.js';
import type { CallbackOut, CallbackPatch, CallbackReply, ShiftOut, ShiftReply } from '../../../shared/contacts.js';
import { callbackHandlerAfter, callbackMoveProblem, displayNameOf } from '../contacts/rules.js';
import { assertServiceOfOrganisation, notifyBoard } from '../contacts/service.js';

/** The board shows at most this many people here or waiting, and call backs (a safe haven has far fewer). */
export const BOARD_LIMIT = 200;

/**
 * The live board of one service, as the signed-in person (already allowed `board.read` here)
 * sees it. The read is audited as 'board.read' with the service id: the first view by a
 * session, then once per window (audit/view-window.ts), because open boards refetch on every change.
 */
export async function getBoardJson(deps: Deps, actor: Actor, auth: Auth, serviceId: string): Promise<string> {
  const organisationId = auth.organisationId;
  // Built, checked against its schema and serialised once, then shared by every open screen
  // until the service's next change (realtime/live-cache.ts).
  const board = await deps.boardCache.get(organisationId, serviceId, async () => serialiseBoard(await buildBoard(deps.db, organisationId, serviceId)));
  if (deps.viewAudits.shouldRecord(`${auth.session.id}:board:${serviceId}`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'board.read', entityType: 'service', entityId: serviceId, details: { serviceId } }));
  }
  // Only the time of this answer is new: it goes in front of the shared JSON.
  return `{"generatedAt":${JSON.stringify(nowIso(deps.clock))},${board.json.slice(1)}`;
}

type BoardParts = Omit<BoardOut, 'generatedAt'>;
/** A board as JSON without its generatedAt, already checked against BoardOut (unknown fields dropped). */
export interface BoardSnapshot {
  json: string;
}
const BoardParts = BoardOut.omit({ generatedAt: true });
const serialiseBoard = (board: BoardParts): BoardSnapshot => ({ json: JSON.stringify(BoardParts.parse(board)) });

/**
 * The live board of one service. Each part is one indexed query (contacts_board,
 * callbacks_board, shifts_board, alerts_board), so it stays fast with a million contacts.
 * Nothing here depends on who asks: access is checked before, and the read audited after.
 */
async function buildBoard(db: DbOrTrx, organisationId: string, serviceId: string): Promise<BoardParts> {
  await assertServiceOfOrganisation(db, organisationId, serviceId);
  const [here, callbacks, onShift, alerts] = await Promise.all([
    scoped(db, 'contacts', organisationId)
      .where('contacts.service_id', '=', serviceId)
      .where('contacts.left_at', 'is', null)
      .leftJoin('people', 'people.id', 'contacts.person_id')
      .leftJoin('users', 'users.id', 'contacts.worker_user_id')
      .select([
        'contacts.id', 'contacts.person_id', 'contacts.display_label', 'contacts.kind', 'contacts.arrived_at', 'contacts.first_seen_at',
        'contacts.worker_user_id', 'contacts.under16', 'contacts.version', 'people.preferred_name', 'users.display_name as worker_name',
      ])
      .orderBy('contacts.arrived_at', 'asc')
      .limit(BOARD_LIMIT)
      .execute(),
    scoped(db, 'callback_requests', organisationId)
      .where('callback_requests.service_id', '=', serviceId)
      .where('callback_requests.status', 'in', ['waiting', 'in_progress'])
      .leftJoin('users', 'users.id', 'callback_requests.handled_by')
      .select([
        'callback_requests.id', 'callback_requests.name', 'callback_requests.good_time', 'callback_requests.status', 'callback_requests.handled_by',
        'callback_requests.created_at', 'callback_requests.version', 'callback_requests.source', 'users.display_name as handler_name',
      ])
      .orderBy('callback_requests.created_at', 'asc')
      .limit(BOARD_LIMIT)
      .execute(),
    scoped(db, 'shifts', organisationId)
      .where('shifts.service_id', '=', serviceId)
      .where('shifts.ended_at', 'is', null)
      .innerJoin('users', 'users.id', 'shifts.user_id')
      .select(['shifts.user_id', 'shifts.started_at', 'users.display_name'])
      .orderBy('shifts.started_at', 'asc')
      .execute(),
    scoped(db, 'alerts', organisationId)
      .where('alerts.service_id', '=', serviceId)
      .where('alerts.status', '=', 'open')
      // One board is shared by everyone on shift, including a worker who used their safety
      // (duress) code: silent alerts are never counted here, only shown to those who must act.
      .where('alerts.silent', '=', 0)
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('count'))
      .executeTakeFirst(),
  ]);

  const board: Omit<BoardOut, 'revision' | 'generatedAt'> = {
    serviceId,
    here: here.map((c) => ({
      id: c.id,
      personId: c.person_id,
      displayName: displayNameOf(c.preferred_name, c.display_label),
      anonymous: c.person_id === null,
      kind: c.kind,
      arrivedAt: c.arrived_at,
      firstSeenAt: c.first_seen_at,
      workerUserId: c.worker_user_id,
      workerName: c.worker_name,
      under16: flag(c.under16),
      version: Number(c.version),
    })),
    callbacks: callbacks.map((c) => ({
      id: c.id,
      name: c.name,
      goodTime: c.good_time,
      status: c.status,
      handledBy: c.handled_by,
      handledByName: c.handler_name,
      source: c.source,
      createdAt: c.created_at,
      version: Number(c.version),
    })),
    // One line per person even if a shift was somehow started twice.
    onShift: [...new Map(onShift.map((s) => [s.user_id, { userId: s.user_id, name: s.display_name, startedAt: s.started_at }])).values()],
    openAlerts: Number(alerts?.count ?? 0),
  };
  // The revision is a digest of what the board shows: equal revisions, nothing to redraw.
  const revision = createHash('sha256').update(JSON.stringify(board)).digest('hex').slice(0, 16);
  return { ...board, revision };
}

// ---- shifts ----------------------------------------------------------------------

const shiftOut = (row: ShiftsTable): ShiftOut => ({ id: row.id, serviceId: row.service_id, userId: row.user_id, startedAt: row.started_at, endedAt: row.ended_at });

async function openShift(db: DbOrTrx, organisationId: string, serviceId: string, userId: string): Promise<ShiftsTable | undefined> {
  return (await scoped(db, 'shifts', organisationId)
    .selectAll()
    .where('shifts.service_id', '=', serviceId)
    .where('shifts.user_id', '=', userId)
    .where('shifts.ended_at', 'is', null)
    .orderBy('shifts.started_at', 'desc')
    .executeTakeFirst()) as ShiftsTable | undefined;
}

/** Start your own shift; starting again while on shift answers the shift already running. */
export async function startShift(deps: Deps, actor: Actor, auth: Auth, serviceId: string): Promise<ShiftReply> {
  const organisationId = auth.organisationId;
  const userId = auth.user.id;
  await assertServiceOfOrganisation(deps.db, organisationId, serviceId);
  let started = false;
  const shift = await deps.db.transaction().execute(async (trx) => {
    // Two taps of "start" at once must not open two shifts (SQLite runs one transaction at a time anyway).
    if (deps.engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`shift:${serviceId}:${userId}`}))`.execute(trx);
    const running = await openShift(trx, organisationId, serviceId, userId);
    if (running) return running;
    const row: ShiftsTable = { id: newId(), organisation_id: organisationId, service_id: serviceId, user_id: userId, started_at: nowIso(deps.clock), ended_at: null };
    await trx.insertInto('shifts').values(row).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'shift.start', entityType: 'shift', entityId: row.id, details: { serviceId } }));
    started = true;
    return row;
  });
  if (started) await notifyBoard(deps, serviceId);
  return { shift: shiftOut(shift) };
}

/** End your own shift; with none running, `shift` is null and nothing changes. */
export async function endShift(deps: Deps, actor: Actor, auth: Auth, serviceId: string): Promise<ShiftReply> {
  const organisationId = auth.organisationId;
  const userId = auth.user.id;
  await assertServiceOfOrganisation(deps.db, organisationId, serviceId);
  const ended = await deps.db.transaction().execute(async (trx) => {
    const running = await openShift(trx, organisationId, serviceId, userId);
    if (!running) return null;
    const endedAt = nowIso(deps.clock);
    // Any duplicate open shift of this person here ends too.
    await trx
      .updateTable('shifts')
      .set({ ended_at: endedAt })
      .where('organisation_id', '=', organisationId)
      .where('service_id', '=', serviceId)
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'shift.end', entityType: 'shift', entityId: running.id, details: { serviceId } }));
    return { ...running, ended_at: endedAt };
  });
  if (ended) await notifyBoard(deps, serviceId);
  return { shift: ended ? shiftOut(ended) : null };
}

// ---- call back requests -------------------------------------------------------------

type CallbackRow = CallbackRequestsTable & { handler_name: string | null };

const callbackOut = (row: CallbackRow): CallbackOut => ({
  id: row.id,
  serviceId: row.service_id,
  name: row.name,
  howToReach: row.how_to_reach,
  goodTime: row.good_time,
  message: row.message,
  status: row.status,
  handledBy: row.handled_by,
  handledByName: row.handler_name,
  contactId: row.contact_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: Number(row.version),
});

async function findCallback(db: DbOrTrx, organisationId: string, serviceId: string, callbackId: string): Promise<CallbackRow | undefined> {
  return (await scoped(db, 'callback_requests', organisationId)
    .where('callback_requests.service_id', '=', serviceId)
    .where('callback_requests.id', '=', callbackId)
    .leftJoin('users', 'users.id', 'callback_requests.handled_by')
    .selectAll('callback_requests')
    .select('users.display_name as handler_name')
    .executeTakeFirst()) as CallbackRow | undefined;
}

/** waiting → in_progress (you handle it) → done | could_not_reach. Versioned. */
export async function updateCallback(deps: Deps, actor: Actor, auth: Auth, serviceId: string, callbackId: string, patch: CallbackPatch): Promise<CallbackReply> {
  const organisationId = auth.organisationId;
  const result = await deps.db.transaction().execute(async (trx) => {
    const existing = await findCallback(trx, organisationId, serviceId, callbackId);
    if (!existing) throw notFound('That call back request');
    if (Number(existing.version) !== patch.version) throw staleVersion(callbackOut(existing), patch);
    const problem = callbackMoveProblem(existing.status, patch.status);
    if (problem) throw badRequest('This call back cannot move to that stage.', { status: problem });
    await updateVersioned(
      trx,
      'callback_requests',
      { id: callbackId, organisationId, version: patch.version },
      { status: patch.status, handled_by: callbackHandlerAfter(patch.status, existing.handled_by, auth.user.id) },
      { now: nowIso(deps.clock), describe: () => callbackOut(existing), submitted: patch, where: { service_id: serviceId }, what: 'That call back request' },
    );
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'callback.update', entityType: 'callback_request', entityId: callbackId, details: { serviceId, from: existing.status, to: patch.status } }));
    return { callback: callbackOut((await findCallback(trx, organisationId, serviceId, callbackId))!) };
  });
  await notifyBoard(deps, serviceId);
  return result;
}
