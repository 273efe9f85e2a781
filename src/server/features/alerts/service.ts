import type { Transaction } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { DbOrTrx } from '../../db/scope.js';
import { scoped } from '../../db/scope.js';
import type { Alert, Database } from '../../db/tables.js';
import { flag, json, newId, nowIso, toFlag } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { conflict, notFound } from '../../http/errors.js';
import type { RunningJob } from '../../jobs/jobs.js';
import type { AlertAcknowledge, AlertKind, AlertOut, AlertReply, AlertsOut, AlertsQuery } from '../../../shared/alerts.js';
import { assertServiceOfOrganisation, notifyBoard } from '../contacts/service.js';
import { offerDebriefs } from './debriefs.js';
import { alertMessage, alertText, alertTitle, deliverKey, nextReminderAt, reminderKey, whoMustAct } from './rules.js';
import { acknowledgeFromAlert } from '../escalations/service.js';
import { deliveryChannels } from '../../../shared/uk-mobile.js';

/**
 * Alerts (issue 6): something named people must act on now. `raiseAlert` is the one way
 * in, used by lone working and by escalations, always inside the caller's transaction:
 *
 * - One event, one alert: `dedupeKey` is unique; raising it again changes nothing and
 *   answers the alert already raised (`created: false`).
 * - In-app at once: after the caller commits it calls `announceAlert(deps, raised)`, which
 *   tells every open board of the service (its open-alerts count) and every open staff page
 *   of each recipient (`alerts:<userId>` on the realtime fan-out, so it works on both
 *   engines and across instances). The delivery job tells the recipients' pages again, so a
 *   caller that forgets still reaches them within the job poll (a second).
 * - SMS or email: a job (`alert.deliver`) due at once sends each recipient a message
 *   through the notification port (at least once; a restart resends what was not done):
 *   by text to the mobile number on their account, by email, or both, as they chose (by
 *   email when they have no number; account/service.ts keeps the choice).
 * - Staged reminders: job `alert.remind` number 1, 2, ... (rules.ts gaps) until someone
 *   acknowledges; each records `reminders` and `last_reminded_at` and schedules the next.
 * - Acknowledged by a named person with a note; twice → 409 saying who and when. A
 *   lone-working alarm acknowledged offers everyone involved a debrief (debriefs.ts).
 *
 * A silent alert (safety code) is never shown to the worker it is about, even if they are
 * a shift lead or manager themselves, and they are never among its recipients.
 */

export const ALERT_DELIVER_JOB = 'alert.deliver';
export const ALERT_REMIND_JOB = 'alert.remind';

/** Where an alert came from. */
export type AlertSourceType = 'visit' | 'escalation' | 'user';

export interface RaiseAlertInput {
  organisationId: string;
  serviceId: string;
  kind: AlertKind;
  sourceType: AlertSourceType;
  sourceId: string;
  /** The stage that raised it (lone working: lead_alert, escalate; escalations: the step). */
  stage?: string | null;
  /** Unique per event: the job key that raised it (e.g. `visit:<id>:lead_alert:<end>`). */
  dedupeKey: string;
  /** Safety code: never shown to the worker it is about. */
  silent?: boolean;
  /** Who must act (user ids). Left out: `alertRecipients` of the service. */
  recipients?: readonly string[];
  /** Never told (the worker it is about). */
  exclude?: readonly (string | null | undefined)[];
  /** Who raised it; left out, the job runner. */
  actor?: Actor;
}

export interface RaisedAlert {
  id: string;
  serviceId: string;
  /** False when an alert with this key already existed (nothing changed). */
  created: boolean;
  recipients: string[];
  status: Alert['status'];
}

/** Who acts when nobody signed in does: the job runner. */
export const jobActor = (organisationId: string): Actor => ({ userId: null, organisationId, source: 'job', requestId: null });

/** The realtime topic any open staff page of this person listens on. */
export const alertsTopic = (userId: string) => `alerts:${userId}`;

/**
 * Who must act for an alert in this service: the shift lead(s) on shift now (every shift
 * lead of the service when none is on shift), the service manager(s), plus `extra`; never
 * anyone in `exclude`, nor disabled accounts.
 */
export async function alertRecipients(db: DbOrTrx, organisationId: string, serviceId: string, options: { extra?: readonly (string | null | undefined)[]; exclude?: readonly (string | null | undefined)[] } = {}): Promise<string[]> {
  const members = await scoped(db, 'memberships', organisationId)
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .where('users.disabled_at', 'is', null)
    .where('memberships.role', 'in', ['shift_lead', 'service_manager'])
    .where((eb) => eb.or([eb('memberships.service_id', '=', serviceId), eb('memberships.service_id', 'is', null)]))
    .select(['memberships.user_id', 'memberships.role'])
    .orderBy('memberships.created_at')
    .execute();
  const onShift = await scoped(db, 'shifts', organisationId)
    .where('shifts.service_id', '=', serviceId)
    .where('shifts.ended_at', 'is', null)
    .select('shifts.user_id')
    .execute();
  let extra = (options.extra ?? []).filter((id): id is string => !!id);
  if (extra.length > 0) {
    const live = await scoped(db, 'users', organisationId).select('users.id').where('users.id', 'in', extra).where('users.disabled_at', 'is', null).execute();
    const ok = new Set(live.map((u) => u.id));
    extra = extra.filter((id) => ok.has(id));
  }
  return whoMustAct({
    shiftLeads: members.filter((m) => m.role === 'shift_lead').map((m) => m.user_id),
    onShift: new Set(onShift.map((s) => s.user_id)),
    serviceManagers: members.filter((m) => m.role === 'service_manager').map((m) => m.user_id),
    extra,
    exclude: options.exclude ?? [],
  });
}

/**
 * Raises an alert inside the caller's transaction, once per `dedupeKey`: stores it with
 * who must act, schedules its delivery (SMS/email) and its first reminder, and records the
 * audit row. A second call with the same key is a no-op answering the first alert. After
 * committing, call `announceAlert(deps, raised)` so open pages hear of it at once.
 */
export async function raiseAlert(trx: Transaction<Database>, deps: Deps, input: RaiseAlertInput): Promise<RaisedAlert> {
  const existing = await alertByKey(trx, input.dedupeKey);
  if (existing) return raisedOf(existing, false);
  const exclude = input.exclude ?? [];
  const excluded = new Set(exclude.filter((id): id is string => !!id));
  const recipients = input.recipients
    ? [...new Set(input.recipients)].filter((id) => !excluded.has(id))
    : await alertRecipients(trx, input.organisationId, input.serviceId, { exclude });
  const now = deps.clock();
  const row = {
    id: newId(),
    organisation_id: input.organisationId,
    service_id: input.serviceId,
    kind: input.kind,
    status: 'open' as const,
    raised_at: new Date(now).toISOString(),
    acknowledged_by: null,
    acknowledged_at: null,
    closed_at: null,
    source_type: input.sourceType,
    source_id: input.sourceId,
    stage: input.stage ?? null,
    dedupe_key: input.dedupeKey,
    silent: toFlag(!!input.silent),
    recipients: JSON.stringify(recipients),
    reminders: 0,
    last_reminded_at: null,
    acknowledged_note: null,
  } satisfies Alert;
  const inserted = await trx.insertInto('alerts').values(row).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
  if (!inserted) {
    // Raised at the same moment elsewhere: that one stands.
    const other = await alertByKey(trx, input.dedupeKey);
    if (other) return raisedOf(other, false);
  }
  await deps.jobs.schedule(trx, { kind: ALERT_DELIVER_JOB, runAt: now, key: deliverKey(row.id), organisationId: input.organisationId, payload: { alertId: row.id } });
  await deps.jobs.schedule(trx, { kind: ALERT_REMIND_JOB, runAt: nextReminderAt({ raisedAt: now, lastRemindedAt: null, reminders: 0 }), key: reminderKey(row.id, 1), organisationId: input.organisationId, payload: { alertId: row.id, n: 1 } });
  await recordAudit(trx, deps.audit, auditInput(input.actor ?? jobActor(input.organisationId), {
    organisationId: input.organisationId,
    action: 'alert.raise',
    entityType: 'alert',
    entityId: row.id,
    details: { serviceId: input.serviceId, kind: input.kind, stage: row.stage, sourceType: input.sourceType, sourceId: input.sourceId, recipients: recipients.length },
  }));
  return raisedOf(row, true);
}

/** Tells open boards and each recipient's open pages (after the change committed). Never throws. */
export async function announceAlert(deps: Deps, raised: Pick<RaisedAlert, 'serviceId' | 'recipients'>): Promise<void> {
  await notifyBoard(deps, raised.serviceId);
  await announceToRecipients(deps, raised.recipients);
}

/**
 * Tells each recipient's open pages only. The jobs use this: the board changed when the alert
 * was raised and was told then, and a later board event seen only after a safety code would
 * set that cancel apart from an ordinary one.
 */
async function announceToRecipients(deps: Deps, recipients: readonly string[]): Promise<void> {
  for (const userId of recipients) {
    try {
      await deps.realtime.publish(alertsTopic(userId));
    } catch {
      // Pages refetch on reconnect; the delivery job and reminders publish again.
    }
  }
}

/** Tells one person's open pages that something for them changed (e.g. their own visit). */
export async function announceToUser(deps: Deps, userId: string): Promise<void> {
  try {
    await deps.realtime.publish(alertsTopic(userId));
  } catch {
    // As above.
  }
}

/**
 * Acknowledges, inside the caller's transaction, every open alert that came from this source
 * (e.g. an escalation acknowledged on its own page); stops their reminders. Returns them.
 */
export async function acknowledgeAlertsOf(trx: Transaction<Database>, deps: Deps, actor: Actor, input: { organisationId: string; sourceType: AlertSourceType; sourceId: string; userId: string; note?: string | null }): Promise<RaisedAlert[]> {
  const open = (await scoped(trx, 'alerts', input.organisationId)
    .selectAll('alerts')
    .where('alerts.source_type', '=', input.sourceType)
    .where('alerts.source_id', '=', input.sourceId)
    .where('alerts.status', '=', 'open')
    .execute()) as Alert[];
  const done: RaisedAlert[] = [];
  for (const alert of open) {
    if (await markAcknowledged(trx, deps, alert, input.userId, input.note ?? null)) {
      await recordAudit(trx, deps.audit, auditInput(actor, { organisationId: input.organisationId, action: 'alert.acknowledge', entityType: 'alert', entityId: alert.id, details: { serviceId: alert.service_id, kind: alert.kind, sourceType: alert.source_type, sourceId: alert.source_id } }));
      done.push(raisedOf({ ...alert, status: 'acknowledged' }, false));
    }
  }
  return done;
}

// ---- reads --------------------------------------------------------------------------

const LIST_LIMIT = 100;

function alertQuery(db: DbOrTrx, organisationId: string) {
  return scoped(db, 'alerts', organisationId)
    .innerJoin('services', 'services.id', 'alerts.service_id')
    .leftJoin('users as acker', 'acker.id', 'alerts.acknowledged_by')
    .leftJoin('lone_working_visits as visit', (join) => join.onRef('visit.id', '=', 'alerts.source_id').on('alerts.source_type', '=', 'visit'))
    .leftJoin('users as worker', (join) =>
      join.on((eb) => eb.or([eb('worker.id', '=', eb.ref('visit.worker_user_id')), eb.and([eb('alerts.source_type', '=', 'user'), eb('worker.id', '=', eb.ref('alerts.source_id'))])])),
    )
    .selectAll('alerts')
    .select([
      'services.name as service_name',
      'acker.display_name as acker_name',
      'visit.id as visit_id',
      'visit.location as visit_location',
      'visit.expected_end_at as visit_expected_end_at',
      'visit.checked_in_at as visit_checked_in_at',
      'visit.worker_user_id as visit_worker_user_id',
      'visit.contact_user_id as visit_contact_user_id',
      'worker.id as worker_id',
      'worker.display_name as worker_name',
    ]);
}
type AlertRow = Awaited<ReturnType<ReturnType<typeof alertQuery>['executeTakeFirstOrThrow']>>;

/** A silent alert is never shown to the worker it is about. */
const hiddenFrom = (row: AlertRow, userId: string) => flag(row.silent) && row.worker_id === userId;

function alertOut(row: AlertRow): AlertOut {
  const kind = row.kind as AlertKind;
  const open = row.status === 'open';
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    kind,
    stage: row.stage,
    sourceType: row.source_type,
    sourceId: row.source_id,
    title: alertTitle(kind, row.worker_name),
    workerName: row.worker_name,
    visit: row.visit_id
      ? {
          id: row.visit_id,
          location: row.visit_location ?? '',
          expectedEndAt: row.visit_expected_end_at ?? '',
          checkedInAt: row.visit_checked_in_at,
          workerUserId: row.visit_worker_user_id ?? '',
          contactUserId: row.visit_contact_user_id,
        }
      : null,
    silent: flag(row.silent),
    status: row.status,
    raisedAt: row.raised_at,
    reminders: Number(row.reminders),
    lastRemindedAt: row.last_reminded_at,
    nextReminderAt: open ? new Date(nextReminderAt({ raisedAt: Date.parse(row.raised_at), lastRemindedAt: row.last_reminded_at ? Date.parse(row.last_reminded_at) : null, reminders: Number(row.reminders) })).toISOString() : null,
    acknowledgedBy: row.acknowledged_by ? { userId: row.acknowledged_by, name: row.acker_name ?? '' } : null,
    acknowledgedAt: row.acknowledged_at,
    note: row.acknowledged_note,
  };
}

/** Open alerts the signed-in person must act on, in any service of their organisation, oldest first; audited as one read per window. */
export async function listMyAlerts(deps: Deps, actor: Actor, auth: Auth): Promise<AlertsOut> {
  const me = auth.user.id;
  const rows = await alertQuery(deps.db, auth.organisationId)
    .where('alerts.status', '=', 'open')
    // Recipients are a JSON array of ids (UUIDs): a quoted id cannot match part of another.
    .where('alerts.recipients', 'like', `%"${me.replace(/[%_"\\]/g, '')}"%`)
    .orderBy('alerts.raised_at', 'asc')
    .limit(LIST_LIMIT)
    .execute();
  const alerts = rows.filter((r) => !hiddenFrom(r, me) && json<string[]>(r.recipients, []).includes(me)).map(alertOut);
  // Audited as one read per window, as the service list is: every open staff page refetches on each change.
  if (deps.viewAudits.shouldRecord(`${auth.session.id}:alerts:mine`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'alert.read_mine', entityType: 'user', entityId: me, details: { open: alerts.length } }));
  }
  return { alerts };
}

/** A service's alerts (open ones by default), for the board; audited as one read. */
export async function listServiceAlerts(deps: Deps, actor: Actor, auth: Auth, serviceId: string, query: AlertsQuery): Promise<AlertsOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  let q = alertQuery(deps.db, auth.organisationId).where('alerts.service_id', '=', serviceId);
  if ((query.status ?? 'open') === 'open') q = q.where('alerts.status', '=', 'open').orderBy('alerts.raised_at', 'asc');
  else q = q.orderBy('alerts.raised_at', 'desc');
  const rows = await q.limit(LIST_LIMIT).execute();
  if (deps.viewAudits.shouldRecord(`${auth.session.id}:alerts:${serviceId}`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'alert.read', entityType: 'service', entityId: serviceId, details: { serviceId } }));
  }
  return { alerts: rows.filter((r) => !hiddenFrom(r, auth.user.id)).map(alertOut) };
}

// ---- acknowledge ---------------------------------------------------------------------

/** Alerts from lone working: acknowledging one offers everyone involved a debrief. */
const LONE_WORKING_KINDS: readonly string[] = ['visit_overdue', 'visit_escalation', 'help_now', 'duress'];

async function markAcknowledged(trx: Transaction<Database>, deps: Deps, alert: Alert, userId: string, note: string | null): Promise<boolean> {
  const now = nowIso(deps.clock);
  const result = await trx
    .updateTable('alerts')
    .set({ status: 'acknowledged', acknowledged_by: userId, acknowledged_at: now, acknowledged_note: note })
    .where('id', '=', alert.id)
    .where('organisation_id', '=', alert.organisation_id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  // Reminders stop: the next one is cancelled (and any that runs finds the alert acknowledged).
  await deps.jobs.cancel(trx, reminderKey(alert.id, Number(alert.reminders) + 1));
  return true;
}

/** A named person says they have it, with a note. Twice → 409 saying who and when. */
export async function acknowledgeAlert(deps: Deps, actor: Actor, auth: Auth, serviceId: string, alertId: string, body: AlertAcknowledge): Promise<AlertReply> {
  const organisationId = auth.organisationId;
  const me = auth.user.id;
  const note = body.note ? body.note : null;
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await alertQuery(trx, organisationId).where('alerts.service_id', '=', serviceId).where('alerts.id', '=', alertId).executeTakeFirst();
    if (!row || hiddenFrom(row, me)) throw notFound('That alert');
    if (row.status !== 'open' || !(await markAcknowledged(trx, deps, row, me, note))) {
      const now = (await alertQuery(trx, organisationId).where('alerts.id', '=', alertId).executeTakeFirstOrThrow());
      const by = now.acknowledged_by ? { userId: now.acknowledged_by, name: now.acker_name ?? '' } : null;
      throw conflict(
        by ? `${by.name} already said they have this, at ${now.acknowledged_at}.` : 'This alert has already been dealt with.',
        { acknowledgedBy: by, acknowledgedAt: now.acknowledged_at, alert: alertOut(now) },
      );
    }
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'alert.acknowledge', entityType: 'alert', entityId: alertId, details: { serviceId, kind: row.kind, sourceType: row.source_type, sourceId: row.source_id } }));
    // Picking up an escalation's alert picks up the escalation: its ladder stops at once.
    if (row.source_type === 'escalation' && row.source_id) {
      await acknowledgeFromAlert(trx, deps, actor, { organisationId, escalationId: row.source_id, userId: me });
    }
    if (row.source_type === 'visit' && row.source_id && LONE_WORKING_KINDS.includes(row.kind)) {
      await offerDebriefs(trx, deps, actor, {
        organisationId,
        serviceId,
        sourceType: 'lone_working',
        sourceId: row.source_id,
        userIds: [row.visit_worker_user_id, row.visit_contact_user_id, me],
      });
    }
    const updated = await alertQuery(trx, organisationId).where('alerts.id', '=', alertId).executeTakeFirstOrThrow();
    return { reply: { alert: alertOut(updated) }, recipients: json<string[]>(row.recipients, []) };
  });
  await announceAlert(deps, { serviceId, recipients: result.recipients });
  return result.reply;
}

// ---- jobs ----------------------------------------------------------------------------

async function alertByKey(db: DbOrTrx, key: string): Promise<Alert | undefined> {
  return (await db.selectFrom('alerts').selectAll().where('dedupe_key', '=', key).executeTakeFirst()) as Alert | undefined;
}

const raisedOf = (row: Pick<Alert, 'id' | 'service_id' | 'recipients' | 'status'>, created: boolean): RaisedAlert => ({
  id: row.id,
  serviceId: row.service_id,
  created,
  recipients: json<string[]>(row.recipients, []),
  status: row.status,
});

/** Staff to message, with their mobile and alert channel (account alert settings); disabled accounts left out. */
const staffToMessage = (db: DbOrTrx, organisationId: string, userIds: readonly string[]) =>
  scoped(db, 'users', organisationId)
    .leftJoin('staff_alert_settings as settings', (join) => join.onRef('settings.user_id', '=', 'users.id').onRef('settings.organisation_id', '=', 'users.organisation_id'))
    .select(['users.id', 'users.email', 'settings.mobile', 'settings.alert_channel'])
    .where('users.id', 'in', [...userIds])
    .where('users.disabled_at', 'is', null)
    .execute();
type StaffToMessage = Awaited<ReturnType<typeof staffToMessage>>[number];

/** One message to one member of staff, by text, email or both as they chose (email without a number). */
async function messageStaff(deps: Deps, organisationId: string, person: StaffToMessage, words: { subject: string; message: string; text: string }): Promise<void> {
  for (const channel of deliveryChannels(person.mobile, person.alert_channel)) {
    if (channel === 'sms' && person.mobile) {
      await deps.notifier.send(deps.db, { organisationId, channel: 'sms', to: person.mobile, template: 'alert', message: words.text });
    } else {
      await deps.notifier.send(deps.db, { organisationId, channel: 'email', to: person.email, template: 'alert', subject: words.subject, message: words.message });
    }
  }
}

/**
 * Tells one member of staff something about their own lone working (a nudge to check in), the
 * way they chose alerts to reach them. A disabled account is told nothing.
 */
export async function sendToStaffMember(deps: Deps, organisationId: string, userId: string, words: { subject: string; message: string; text: string }): Promise<void> {
  const [person] = await staffToMessage(deps.db, organisationId, [userId]);
  if (person) await messageStaff(deps, organisationId, person, words);
}

/**
 * Sends each recipient the alert the way they chose (account alert settings): by text to their
 * mobile, by email, or both; by email when they have no number saved. Disabled accounts get
 * nothing. The worker a silent alert is about is never sent anything, whatever they chose.
 */
async function sendToRecipients(deps: Deps, row: AlertRow, reminder: number): Promise<void> {
  const recipients = json<string[]>(row.recipients, []);
  if (recipients.length === 0) return;
  const people = await staffToMessage(deps.db, row.organisation_id, recipients);
  const input = { kind: row.kind as AlertKind, workerName: row.worker_name, serviceName: row.service_name, link: `${deps.config.publicUrl}/app/services/${row.service_id}/board`, reminder };
  const words = { ...alertMessage(input), text: alertText(input) };
  for (const person of people) {
    // Never sent to the worker a silent alert is about (they are never a recipient, but be sure).
    if (flag(row.silent) && person.id === row.worker_id) continue;
    await messageStaff(deps, row.organisation_id, person, words);
  }
}

async function loadForJob(deps: Deps, job: RunningJob): Promise<AlertRow | undefined> {
  const alertId = String(job.payload.alertId ?? '');
  if (!job.organisationId || !alertId) return undefined;
  return alertQuery(deps.db, job.organisationId).where('alerts.id', '=', alertId).executeTakeFirst();
}

/** Registers the alert jobs (once per app: routes.ts). */
export function registerAlertJobs(deps: Deps): void {
  deps.jobs.register(ALERT_DELIVER_JOB, async (job) => {
    const row = await loadForJob(deps, job);
    if (!row || row.status !== 'open') return;
    await sendToRecipients(deps, row, 0);
    if (await job.complete()) await announceToRecipients(deps, json<string[]>(row.recipients, []));
  });

  deps.jobs.register(ALERT_REMIND_JOB, async (job) => {
    const row = await loadForJob(deps, job);
    const n = Number(job.payload.n ?? 0);
    if (!row || row.status !== 'open' || !Number.isInteger(n) || n < 1) return;
    await sendToRecipients(deps, row, n);
    const done = await job.complete(async (trx) => {
      const now = deps.clock();
      await trx.updateTable('alerts').set({ reminders: n, last_reminded_at: new Date(now).toISOString() }).where('id', '=', row.id).where('status', '=', 'open').execute();
      await deps.jobs.schedule(trx, { kind: ALERT_REMIND_JOB, runAt: nextReminderAt({ raisedAt: Date.parse(row.raised_at), lastRemindedAt: now, reminders: n }), key: reminderKey(row.id, n + 1), organisationId: row.organisation_id, payload: { alertId: row.id, n: n + 1 } });
    });
    if (done) await announceToRecipients(deps, json<string[]>(row.recipients, []));
  });
}
