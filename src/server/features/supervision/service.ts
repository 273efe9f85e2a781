import type { Transaction } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Database, SupervisionRhythmsTable } from '../../db/tables.js';
import { newId } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { badRequest, notFound, staleVersion } from '../../http/errors.js';
import {
  LAYER_LABELS,
  type LayerDue,
  type MySupervisionOut,
  type OverdueOut,
  type RecordCreate,
  type RecordOut,
  type RecordReply,
  type RhythmOut,
  type RhythmReply,
  type RhythmSet,
  type RhythmsOut,
  type SupervisingOut,
  type SupervisionLayer,
} from '../../../shared/supervision.js';
import { assertServiceOfOrganisation } from '../contacts/service.js';
import { activeStaffHolding } from '../users/queries.js';
import { dueState, heldOnProblem, nextDueOn, reminders, ukDate, type ReminderKind } from './rules.js';

/**
 * Supervision layers (issue 7, item 6). A service manager sets each worker's rhythm per layer
 * (how often, and who: a colleague, or for peer supervision from outside the organisation a
 * name and organisation as text). The worker or their supervisor records each session: date,
 * themes, agreed actions. Only those two read a record; the manager's overdue view carries
 * dates and nothing else. Reminders go a week before and on the day, by email, as durable jobs
 * keyed per rhythm and replaced whenever a session is recorded or the rhythm changes.
 */

export const SUPERVISION_REMINDER_JOB = 'supervision.reminder';
const reminderKey = (rhythmId: string, kind: ReminderKind) => `supervision:${rhythmId}:${kind}`;
/** Who can have a supervision rhythm in a service, and who can be named as a supervisor. */
const SUPERVISED_ROLES = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner'] as const;
const SUPERVISOR_ROLES = [...SUPERVISED_ROLES, 'org_admin'] as const;

type RhythmRow = Omit<SupervisionRhythmsTable, 'version'> & { version: number };

const rhythmOut = (r: RhythmRow): RhythmOut => ({
  id: r.id,
  userId: r.user_id,
  layer: r.layer,
  everyDays: Number(r.every_days),
  supervisorId: r.supervisor_id,
  supervisorName: r.supervisor_name,
  version: Number(r.version),
});

/** The latest session held per worker and layer. */
async function lastHeld(db: DbOrTrx, organisationId: string, userIds: string[]): Promise<Map<string, string>> {
  const last = new Map<string, string>();
  if (userIds.length === 0) return last;
  const rows = await scoped(db, 'supervision_records', organisationId)
    .select(['supervision_records.user_id', 'supervision_records.layer'])
    .select((eb) => eb.fn.max('supervision_records.held_on').as('held_on'))
    .where('supervision_records.user_id', 'in', userIds)
    .groupBy(['supervision_records.user_id', 'supervision_records.layer'])
    .execute();
  for (const r of rows) if (r.held_on) last.set(`${r.user_id}:${r.layer}`, String(r.held_on));
  return last;
}

function layerDue(r: RhythmRow, lastHeldOn: string | null, today: string): LayerDue {
  const due = nextDueOn({ everyDays: Number(r.every_days), setOn: ukDate(Date.parse(r.created_at)), lastHeldOn });
  return { layer: r.layer, everyDays: Number(r.every_days), lastHeldOn, nextDueOn: due, ...dueState(due, today) };
}

/** Display name for a rhythm's or record's supervisor: the colleague's name or the text given. */
async function namesOf(db: DbOrTrx, organisationId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await scoped(db, 'users', organisationId).select(['users.id', 'users.display_name']).where('users.id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

// ---- reminders ------------------------------------------------------------------------

/** Schedules (or moves) the rhythm's reminders for its current due date; cancels those already past. */
async function scheduleReminders(trx: Transaction<Database>, deps: Deps, rhythm: RhythmRow): Promise<void> {
  const last = (await lastHeld(trx, rhythm.organisation_id, [rhythm.user_id])).get(`${rhythm.user_id}:${rhythm.layer}`) ?? null;
  const due = layerDue(rhythm, last, ukDate(deps.clock())).nextDueOn;
  const ahead = reminders(due, deps.clock());
  for (const kind of ['before', 'on_day'] as const) {
    const next = ahead.find((r) => r.kind === kind);
    if (next) await deps.jobs.schedule(trx, { kind: SUPERVISION_REMINDER_JOB, runAt: next.at, key: reminderKey(rhythm.id, kind), replace: true, organisationId: rhythm.organisation_id, payload: { rhythmId: rhythm.id, dueOn: due, reminder: kind } });
    else await deps.jobs.cancel(trx, reminderKey(rhythm.id, kind));
  }
}

async function cancelReminders(trx: Transaction<Database>, deps: Deps, rhythmId: string): Promise<void> {
  for (const kind of ['before', 'on_day'] as const) await deps.jobs.cancel(trx, reminderKey(rhythmId, kind));
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });

/** The reminder's words: the layer and the date only, nothing about what is talked about. */
export function reminderMessage(layer: SupervisionLayer, dueOn: string, kind: ReminderKind, to: 'worker' | 'supervisor', publicUrl: string): { subject: string; message: string } {
  const label = LAYER_LABELS[layer].toLowerCase();
  const when = LONG_DATE.format(new Date(`${dueOn}T12:00:00Z`));
  const soon = kind === 'on_day' ? 'is due today' : `is due in a week, on ${when}`;
  const lead = to === 'worker' ? `Your ${label} ${soon}.` : `A ${label} session with someone you supervise ${soon}.`;
  return {
    subject: kind === 'on_day' ? 'Supervision is due today' : 'Supervision is due next week',
    message: [lead, '', `If it is already booked, there is nothing to do. You can see the details in Alongside: ${publicUrl}/wellbeing/supervision`].join('\n'),
  };
}

export function registerSupervisionJobs(deps: Deps): void {
  deps.jobs.register(SUPERVISION_REMINDER_JOB, async (job) => {
    const rhythmId = String(job.payload.rhythmId ?? '');
    const organisationId = job.organisationId;
    const kind = job.payload.reminder === 'on_day' ? 'on_day' : 'before';
    const rhythm = organisationId && rhythmId ? ((await scoped(deps.db, 'supervision_rhythms', organisationId).selectAll('supervision_rhythms').where('supervision_rhythms.id', '=', rhythmId).executeTakeFirst()) as RhythmRow | undefined) : undefined;
    if (organisationId && rhythm) {
      const last = (await lastHeld(deps.db, organisationId, [rhythm.user_id])).get(`${rhythm.user_id}:${rhythm.layer}`) ?? null;
      const due = layerDue(rhythm, last, ukDate(deps.clock())).nextDueOn;
      // A session recorded or a rhythm changed since: this reminder is out of date.
      if (due === job.payload.dueOn) {
        const people = await scoped(deps.db, 'users', organisationId)
          .select(['users.id', 'users.email'])
          .where('users.disabled_at', 'is', null)
          .where('users.id', 'in', [rhythm.user_id, ...(rhythm.supervisor_id ? [rhythm.supervisor_id] : [])])
          .execute();
        for (const person of people) {
          const { subject, message } = reminderMessage(rhythm.layer, due, kind, person.id === rhythm.user_id ? 'worker' : 'supervisor', deps.config.publicUrl);
          await deps.notifier.send(deps.db, { organisationId, channel: 'email', to: person.email, template: 'supervision_reminder', subject, message });
        }
      }
    }
    await job.complete();
  });
}

// ---- rhythms (service manager) ----------------------------------------------------------

/** People who work in the service (a worker role held in it). */
function serviceStaff(db: DbOrTrx, organisationId: string, serviceId: string) {
  return activeStaffHolding(db, organisationId, serviceId, SUPERVISED_ROLES, 'service').orderBy('users.display_name');
}

/** Colleagues anywhere in the organisation who can be named as a supervisor. */
function colleagues(db: DbOrTrx, organisationId: string) {
  return scoped(db, 'users', organisationId)
    .select(['users.id', 'users.display_name'])
    .where('users.disabled_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('memberships').select('memberships.id').whereRef('memberships.user_id', '=', 'users.id').where('memberships.role', 'in', [...SUPERVISOR_ROLES])))
    .orderBy('users.display_name');
}

export async function listRhythms(deps: Deps, auth: Auth, serviceId: string): Promise<RhythmsOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const workers = await serviceStaff(deps.db, auth.organisationId, serviceId).limit(500).execute();
  const rhythms = (await scoped(deps.db, 'supervision_rhythms', auth.organisationId)
    .selectAll('supervision_rhythms')
    .where('supervision_rhythms.service_id', '=', serviceId)
    .execute()) as RhythmRow[];
  const people = await colleagues(deps.db, auth.organisationId).limit(1000).execute();
  return {
    workers: workers.map((w) => ({ id: w.id, name: w.display_name, rhythms: rhythms.filter((r) => r.user_id === w.id).map(rhythmOut) })),
    colleagues: people.map((p) => ({ id: p.id, name: p.display_name })),
  };
}

export async function setRhythm(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: RhythmSet): Promise<RhythmReply> {
  const organisationId = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, organisationId, serviceId);
  const worker = await serviceStaff(deps.db, organisationId, serviceId).where('users.id', '=', input.userId).executeTakeFirst();
  if (!worker) throw badRequest('Choose someone who works in this service.', { userId: 'Choose someone who works in this service' });
  let supervisorId: string | null = null;
  let supervisorName: string | null = null;
  if (input.everyDays !== null) {
    if (input.layer === 'external_peer') {
      if (input.supervisorId) throw badRequest('Peer supervision from outside the organisation is with someone outside it.', { supervisorId: 'Write their name and organisation instead' });
      if (!input.supervisorName) throw badRequest('Say who gives this supervision.', { supervisorName: 'Write the supervisor’s name and organisation' });
      supervisorName = input.supervisorName;
    } else {
      if (input.supervisorName) throw badRequest('Choose a colleague from the list for this kind of supervision.', { supervisorName: 'Choose a colleague from the list instead' });
      if (!input.supervisorId) throw badRequest('Choose who gives this supervision.', { supervisorId: 'Choose a colleague' });
      if (input.supervisorId === input.userId) throw badRequest('Someone cannot supervise themselves.', { supervisorId: 'Choose someone other than the worker' });
      const colleague = await colleagues(deps.db, organisationId).where('users.id', '=', input.supervisorId).executeTakeFirst();
      if (!colleague) throw badRequest('Choose a colleague in your organisation.', { supervisorId: 'Choose a colleague in your organisation' });
      supervisorId = input.supervisorId;
    }
  }
  const now = new Date(deps.clock()).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const existing = (await scoped(trx, 'supervision_rhythms', organisationId)
      .selectAll('supervision_rhythms')
      .where('supervision_rhythms.user_id', '=', input.userId)
      .where('supervision_rhythms.layer', '=', input.layer)
      .executeTakeFirst()) as RhythmRow | undefined;
    if (existing && input.version !== undefined && input.version !== Number(existing.version)) throw staleVersion(rhythmOut(existing), input);
    const audit = (id: string, change: string) =>
      recordAudit(trx, deps.audit, auditInput(actor, { action: 'supervision.rhythm', entityType: 'supervision_rhythm', entityId: id, details: { serviceId, userId: input.userId, layer: input.layer, change, fields: ['everyDays', 'supervisorId', 'supervisorName'] } }));
    if (input.everyDays === null) {
      if (!existing) return { rhythm: null };
      await trx.deleteFrom('supervision_rhythms').where('id', '=', existing.id).where('organisation_id', '=', organisationId).execute();
      await cancelReminders(trx, deps, existing.id);
      await audit(existing.id, 'stopped');
      return { rhythm: null };
    }
    let id: string;
    if (existing) {
      id = existing.id;
      await trx
        .updateTable('supervision_rhythms')
        .set((eb) => ({ service_id: serviceId, every_days: input.everyDays!, supervisor_id: supervisorId, supervisor_name: supervisorName, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('organisation_id', '=', organisationId)
        .execute();
    } else {
      id = newId();
      await trx
        .insertInto('supervision_rhythms')
        .values({ id, organisation_id: organisationId, service_id: serviceId, user_id: input.userId, layer: input.layer, every_days: input.everyDays!, supervisor_id: supervisorId, supervisor_name: supervisorName, created_at: now, updated_at: now, version: 1 })
        .execute();
    }
    const row = (await trx.selectFrom('supervision_rhythms').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as RhythmRow;
    await scheduleReminders(trx, deps, row);
    await audit(id, existing ? 'changed' : 'set');
    return { rhythm: rhythmOut(row) };
  });
}

/** Who is due or overdue in the service: dates only, never themes or actions. */
export async function overdueView(deps: Deps, actor: Actor, auth: Auth, serviceId: string): Promise<OverdueOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const rhythms = (await scoped(deps.db, 'supervision_rhythms', auth.organisationId)
    .innerJoin('users', 'users.id', 'supervision_rhythms.user_id')
    .selectAll('supervision_rhythms')
    .select('users.display_name as name')
    .where('supervision_rhythms.service_id', '=', serviceId)
    .execute()) as (RhythmRow & { name: string })[];
  const last = await lastHeld(deps.db, auth.organisationId, [...new Set(rhythms.map((r) => r.user_id))]);
  const names = await namesOf(deps.db, auth.organisationId, rhythms.map((r) => r.supervisor_id));
  const today = ukDate(deps.clock());
  const order = { overdue: 0, due_soon: 1, on_track: 2 } as const;
  const rows = rhythms
    .map((r) => ({ ...layerDue(r, last.get(`${r.user_id}:${r.layer}`) ?? null, today), userId: r.user_id, name: r.name, supervisorName: r.supervisor_id ? (names.get(r.supervisor_id) ?? null) : r.supervisor_name }))
    .sort((a, b) => order[a.state] - order[b.state] || b.daysOverdue - a.daysOverdue || a.nextDueOn.localeCompare(b.nextDueOn) || a.name.localeCompare(b.name));
  if (deps.viewAudits.shouldRecord(`${auth.session.id}:supervision-overdue:${serviceId}`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'supervision.overdue', entityType: 'service', entityId: serviceId, details: { serviceId } }));
  }
  return { serviceId, rows };
}

// ---- records --------------------------------------------------------------------------

type RecordRow = Database['supervision_records'] & { version: number };

async function recordsOut(db: DbOrTrx, organisationId: string, rows: RecordRow[]): Promise<RecordOut[]> {
  const names = await namesOf(db, organisationId, rows.map((r) => r.supervisor_id));
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    layer: r.layer,
    heldOn: r.held_on,
    supervisorId: r.supervisor_id,
    supervisorName: r.supervisor_id ? (names.get(r.supervisor_id) ?? null) : r.supervisor_name,
    themes: r.themes,
    agreedActions: r.agreed_actions,
    recordedBy: r.recorded_by,
    createdAt: r.created_at,
  }));
}

export async function mySupervision(deps: Deps, auth: Auth): Promise<MySupervisionOut> {
  const organisationId = auth.organisationId;
  const rhythms = (await scoped(deps.db, 'supervision_rhythms', organisationId).selectAll('supervision_rhythms').where('supervision_rhythms.user_id', '=', auth.user.id).execute()) as RhythmRow[];
  const last = await lastHeld(deps.db, organisationId, [auth.user.id]);
  const names = await namesOf(deps.db, organisationId, rhythms.map((r) => r.supervisor_id));
  const today = ukDate(deps.clock());
  const order = ['line_management', 'peer', 'clinical', 'external_peer'];
  const layers = rhythms
    .sort((a, b) => order.indexOf(a.layer) - order.indexOf(b.layer))
    .map((r) => ({ ...layerDue(r, last.get(`${r.user_id}:${r.layer}`) ?? null, today), supervisorId: r.supervisor_id, supervisorName: r.supervisor_id ? (names.get(r.supervisor_id) ?? null) : r.supervisor_name }));
  const records = (await scoped(deps.db, 'supervision_records', organisationId)
    .selectAll('supervision_records')
    .where('supervision_records.user_id', '=', auth.user.id)
    .orderBy('supervision_records.held_on', 'desc')
    .orderBy('supervision_records.created_at', 'desc')
    .limit(200)
    .execute()) as RecordRow[];
  return { layers, records: await recordsOut(deps.db, organisationId, records) };
}

/** The people whose rhythm names the signed-in person as supervisor, with the records of sessions with them (audited). */
export async function listSupervising(deps: Deps, actor: Actor, auth: Auth): Promise<SupervisingOut> {
  const organisationId = auth.organisationId;
  const rhythms = (await scoped(deps.db, 'supervision_rhythms', organisationId)
    .innerJoin('users', 'users.id', 'supervision_rhythms.user_id')
    .selectAll('supervision_rhythms')
    .select('users.display_name as name')
    .where('supervision_rhythms.supervisor_id', '=', auth.user.id)
    .execute()) as (RhythmRow & { name: string })[];
  const userIds = [...new Set(rhythms.map((r) => r.user_id))];
  const last = await lastHeld(deps.db, organisationId, userIds);
  const records =
    userIds.length === 0
      ? []
      : ((await scoped(deps.db, 'supervision_records', organisationId)
          .selectAll('supervision_records')
          .where('supervision_records.supervisor_id', '=', auth.user.id)
          .where('supervision_records.user_id', 'in', userIds)
          .orderBy('supervision_records.held_on', 'desc')
          .limit(500)
          .execute()) as RecordRow[]);
  const out = await recordsOut(deps.db, organisationId, records);
  const today = ukDate(deps.clock());
  if (rhythms.length > 0 && deps.viewAudits.shouldRecord(`${auth.session.id}:supervising`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'supervision.supervise', entityType: 'user', entityId: auth.user.id, details: { superviseeIds: userIds.slice(0, 50) } }));
  }
  return {
    supervisees: rhythms
      .map((r) => ({ ...layerDue(r, last.get(`${r.user_id}:${r.layer}`) ?? null, today), userId: r.user_id, name: r.name, records: out.filter((o) => o.userId === r.user_id && o.layer === r.layer) }))
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.nextDueOn.localeCompare(b.nextDueOn)),
  };
}

/**
 * Records a session. As the supervisee (`superviseeId` null): the rhythm for that layer must
 * exist, and its supervisor is the record's. As the supervisor: only for someone whose rhythm
 * for that layer names them (anyone else: 404).
 */
export async function recordSession(deps: Deps, actor: Actor, auth: Auth, superviseeId: string | null, input: RecordCreate): Promise<RecordReply> {
  const organisationId = auth.organisationId;
  const userId = superviseeId ?? auth.user.id;
  const rhythm = (await scoped(deps.db, 'supervision_rhythms', organisationId)
    .selectAll('supervision_rhythms')
    .where('supervision_rhythms.user_id', '=', userId)
    .where('supervision_rhythms.layer', '=', input.layer)
    .executeTakeFirst()) as RhythmRow | undefined;
  if (superviseeId !== null && (!rhythm || rhythm.supervisor_id !== auth.user.id || superviseeId === auth.user.id)) throw notFound('That person');
  if (!rhythm) throw badRequest('This kind of supervision has not been set up for you yet. Your manager can set it up.', { layer: 'This kind of supervision has not been set up for you yet' });
  const problem = heldOnProblem(input.heldOn, ukDate(deps.clock()));
  if (problem) throw badRequest('Check the date it was held.', { heldOn: problem });
  const id = newId();
  const now = new Date(deps.clock()).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('supervision_records')
      .values({ id, organisation_id: organisationId, service_id: rhythm.service_id, user_id: userId, layer: input.layer, held_on: input.heldOn, supervisor_id: rhythm.supervisor_id, supervisor_name: rhythm.supervisor_name, themes: input.themes || null, agreed_actions: input.agreedActions || null, recorded_by: auth.user.id, created_at: now, updated_at: now, version: 1 })
      .execute();
    await scheduleReminders(trx, deps, rhythm);
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'supervision.record',
      entityType: 'supervision_record',
      entityId: id,
      details: { userId, layer: input.layer, by: superviseeId ? 'supervisor' : 'supervisee', fields: [input.themes ? 'themes' : null, input.agreedActions ? 'agreedActions' : null].filter(Boolean) },
    }));
    const row = (await trx.selectFrom('supervision_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as RecordRow;
    return { record: (await recordsOut(trx, organisationId, [row]))[0]! };
  });
}
