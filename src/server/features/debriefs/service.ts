import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Database, DebriefContactsTable, DebriefOffersTable } from '../../db/tables.js';
import { newId } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { badRequest, conflict, notFound, staleVersion } from '../../http/errors.js';
import type { ContactDone, DebriefAccept, DebriefDecline, DebriefOut, DebriefReply, DebriefRequest, DebriefSummaryOut, MyDebriefsOut, SupportingOut } from '../../../shared/debriefs.js';
import { CONTACT_LABELS } from '../../../shared/debriefs.js';
import { assertServiceOfOrganisation } from '../contacts/service.js';
import { activeStaffHolding } from '../users/queries.js';
import { contactState, doneAtProblem, isComplete, overdueCount, plannedContacts, reminderAt, suggestsProfessionalHelp } from './rules.js';

/**
 * Debriefs (issue 7, item 3). The offer row written by alerts/debriefs.ts after an escalation
 * or alarm becomes the debrief itself; a request makes one the same way (source 'request',
 * source id its own id). Accepting names a peer supporter and plans the rhythm (rules.ts) as
 * `debrief_contacts`, each with a reminder job to the supporter on the day it is due, keyed so
 * it is never sent twice. Declining cancels those reminders and keeps nothing pending.
 *
 * Only the worker and the named supporter read a debrief (anyone else: 404). A manager sees
 * counts per service. No words are stored: what happened is talked about, not written down.
 */

export const DEBRIEF_REMINDER_JOB = 'debrief.reminder';
const reminderKey = (debriefId: string, kind: string) => `debrief:${debriefId}:${kind}`;
/** Roles someone can be chosen from as a peer supporter. */
const SUPPORTER_ROLES = ['peer_worker', 'senior_peer'] as const;

type DebriefRow = Omit<DebriefOffersTable, 'version'> & { version: number; service_name: string; supporter_name: string | null; worker_name: string };
type ContactRow = DebriefContactsTable;

function debriefQuery(db: DbOrTrx, organisationId: string) {
  return scoped(db, 'debrief_offers', organisationId)
    .innerJoin('services', 'services.id', 'debrief_offers.service_id')
    .innerJoin('users as worker', 'worker.id', 'debrief_offers.user_id')
    .leftJoin('users as supporter', 'supporter.id', 'debrief_offers.peer_supporter_id')
    .selectAll('debrief_offers')
    .select(['services.name as service_name', 'supporter.display_name as supporter_name', 'worker.display_name as worker_name']);
}

async function contactsOf(db: DbOrTrx, organisationId: string, debriefIds: string[]): Promise<Map<string, ContactRow[]>> {
  const byDebrief = new Map<string, ContactRow[]>();
  if (debriefIds.length === 0) return byDebrief;
  const rows = await scoped(db, 'debrief_contacts', organisationId).selectAll('debrief_contacts').where('debrief_contacts.debrief_id', 'in', debriefIds).orderBy('debrief_contacts.due_at').execute();
  for (const row of rows) byDebrief.set(row.debrief_id, [...(byDebrief.get(row.debrief_id) ?? []), row]);
  return byDebrief;
}

const facts = (c: ContactRow) => ({ kind: c.kind, dueAt: Date.parse(c.due_at), doneAt: c.done_at ? Date.parse(c.done_at) : null, difficultiesPersist: c.difficulties_persist === null ? null : c.difficulties_persist === 1 });

function debriefOut(row: DebriefRow, contacts: ContactRow[], now: number): DebriefOut {
  const all = contacts.map(facts);
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    sourceType: row.source_type,
    offeredAt: row.offered_at,
    status: row.status,
    peerSupporter: row.peer_supporter_id && row.supporter_name ? { id: row.peer_supporter_id, name: row.supporter_name } : null,
    acceptedAt: row.accepted_at,
    declinedAt: row.declined_at,
    closedAt: row.closed_at,
    contacts: contacts.map((c, i) => ({ id: c.id, kind: c.kind, dueAt: c.due_at, doneAt: c.done_at, difficultiesPersist: all[i]!.difficultiesPersist, state: contactState(all[i]!, now, row.status) })),
    professionalHelp: suggestsProfessionalHelp(all),
    version: Number(row.version),
  };
}

/** The worker's own debrief, or 404 (someone else's is not theirs to see). */
async function ownDebrief(db: DbOrTrx, auth: Auth, debriefId: string): Promise<DebriefRow> {
  const row = (await debriefQuery(db, auth.organisationId).where('debrief_offers.id', '=', debriefId).executeTakeFirst()) as DebriefRow | undefined;
  if (!row || row.user_id !== auth.user.id) throw notFound('That debrief');
  return row;
}

async function replyFor(db: DbOrTrx, deps: Deps, auth: Auth, debriefId: string): Promise<DebriefReply> {
  const row = (await debriefQuery(db, auth.organisationId).where('debrief_offers.id', '=', debriefId).executeTakeFirstOrThrow()) as DebriefRow;
  const contacts = (await contactsOf(db, auth.organisationId, [debriefId])).get(debriefId) ?? [];
  return { debrief: debriefOut(row, contacts, deps.clock()) };
}

/** Active peer workers and senior peers of a service (or organisation-wide), never `exclude`. */
function supporterCandidates(db: DbOrTrx, organisationId: string, serviceId: string, exclude: string) {
  return activeStaffHolding(db, organisationId, serviceId, SUPPORTER_ROLES, 'service_or_organisation').where('users.id', '!=', exclude).orderBy('users.display_name');
}

/** The services the signed-in person belongs to (all of them for an organisation-wide role). */
async function myServices(db: DbOrTrx, auth: Auth): Promise<{ id: string; name: string }[]> {
  const orgWide = auth.memberships.some((m) => m.service_id === null);
  const ids = [...new Set(auth.memberships.map((m) => m.service_id).filter((id): id is string => !!id))];
  if (!orgWide && ids.length === 0) return [];
  let query = scoped(db, 'services', auth.organisationId).select(['services.id', 'services.name']).where('services.archived_at', 'is', null);
  if (!orgWide) query = query.where('services.id', 'in', ids);
  return query.orderBy('services.name').execute();
}

async function assertSupporter(db: DbOrTrx, auth: Auth, serviceId: string, supporterId: string): Promise<void> {
  if (supporterId === auth.user.id) throw badRequest('Choose someone other than yourself as your supporter.', { peerSupporterId: 'Choose a colleague, not yourself' });
  const ok = await supporterCandidates(db, auth.organisationId, serviceId, auth.user.id).where('users.id', '=', supporterId).executeTakeFirst();
  if (!ok) throw badRequest('Choose a peer worker or senior peer from this service.', { peerSupporterId: 'Choose a peer worker or senior peer from this service' });
}

// ---- reads ----------------------------------------------------------------------------

export async function listMyDebriefs(deps: Deps, auth: Auth): Promise<MyDebriefsOut> {
  const rows = (await debriefQuery(deps.db, auth.organisationId)
    .where('debrief_offers.user_id', '=', auth.user.id)
    .orderBy('debrief_offers.offered_at', 'desc')
    .limit(100)
    .execute()) as DebriefRow[];
  const contacts = await contactsOf(deps.db, auth.organisationId, rows.map((r) => r.id));
  const now = deps.clock();
  const services = await myServices(deps.db, auth);
  const debriefServices = rows.filter((r) => !services.some((s) => s.id === r.service_id)).map((r) => ({ id: r.service_id, name: r.service_name }));
  const choices = [];
  for (const service of [...services, ...new Map(debriefServices.map((s) => [s.id, s])).values()]) {
    const people = await supporterCandidates(deps.db, auth.organisationId, service.id, auth.user.id).limit(200).execute();
    choices.push({ serviceId: service.id, serviceName: service.name, people: people.map((p) => ({ id: p.id, name: p.display_name })) });
  }
  return { debriefs: rows.map((r) => debriefOut(r, contacts.get(r.id) ?? [], now)), supporterChoices: choices };
}

/** The debriefs the signed-in person is the named supporter for (reading others' debriefs: audited). */
export async function listSupporting(deps: Deps, actor: Actor, auth: Auth): Promise<SupportingOut> {
  const rows = (await debriefQuery(deps.db, auth.organisationId)
    .where('debrief_offers.peer_supporter_id', '=', auth.user.id)
    .where('debrief_offers.status', 'in', ['booked', 'done'])
    .orderBy('debrief_offers.accepted_at', 'desc')
    .limit(100)
    .execute()) as DebriefRow[];
  const contacts = await contactsOf(deps.db, auth.organisationId, rows.map((r) => r.id));
  if (rows.length > 0 && deps.viewAudits.shouldRecord(`${auth.session.id}:debriefs:supporting`)) {
    await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'debrief.support', entityType: 'user', entityId: auth.user.id, details: { debriefIds: rows.map((r) => r.id).slice(0, 50) } }));
  }
  const now = deps.clock();
  const debriefs = rows.map((r) => {
    const list = contacts.get(r.id) ?? [];
    return { ...debriefOut(r, list, now), worker: { id: r.user_id, name: r.worker_name }, overdue: overdueCount(list.map(facts), now, r.status) };
  });
  // Overdue first, then the soonest due.
  debriefs.sort((a, b) => b.overdue - a.overdue || (a.status === b.status ? 0 : a.status === 'booked' ? -1 : 1));
  return { debriefs };
}

/**
 * A manager's view: counts only (docs/wellbeing.md). That everyone involved in an escalation
 * or alarm was offered a debrief, and how many took one up; never who said no, never names.
 */
export async function debriefSummary(deps: Deps, actor: Actor, auth: Auth, serviceId: string): Promise<DebriefSummaryOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const rows = await scoped(deps.db, 'debrief_offers', auth.organisationId)
    .select(['debrief_offers.status', 'debrief_offers.source_type', 'debrief_offers.source_id'])
    .where('debrief_offers.service_id', '=', serviceId)
    .execute();
  const counts = { offered: 0, booked: 0, declined: 0, done: 0 };
  for (const r of rows) counts[r.status] += 1;
  const afterEvents = rows.filter((r) => r.source_type !== 'request');
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'debrief.summary', entityType: 'service', entityId: serviceId, details: { serviceId } }));
  return {
    serviceId,
    events: new Set(afterEvents.map((r) => `${r.source_type}:${r.source_id}`)).size,
    offeredAfterEvents: afterEvents.length,
    requests: rows.length - afterEvents.length,
    counts,
  };
}

// ---- the worker's answers ---------------------------------------------------------------

/** Plans the rhythm's contacts still to happen and their reminders (replacing any pending ones). */
async function planRhythm(trx: Transaction<Database>, deps: Deps, organisationId: string, debriefId: string, acceptedAt: number): Promise<void> {
  const existing = await scoped(trx, 'debrief_contacts', organisationId).selectAll('debrief_contacts').where('debrief_contacts.debrief_id', '=', debriefId).execute();
  const done = existing.filter((c) => c.done_at !== null).map((c) => c.kind);
  await trx.deleteFrom('debrief_contacts').where('debrief_id', '=', debriefId).where('organisation_id', '=', organisationId).where('done_at', 'is', null).execute();
  const now = deps.clock();
  const createdAt = new Date(now).toISOString();
  for (const planned of plannedContacts(acceptedAt, done)) {
    const id = newId();
    await trx.insertInto('debrief_contacts').values({ id, organisation_id: organisationId, debrief_id: debriefId, kind: planned.kind, due_at: new Date(planned.dueAt).toISOString(), done_at: null, done_by: null, difficulties_persist: null, created_at: createdAt }).execute();
    await deps.jobs.schedule(trx, { kind: DEBRIEF_REMINDER_JOB, runAt: reminderAt(planned.dueAt, now), key: reminderKey(debriefId, planned.kind), replace: true, organisationId, payload: { debriefId, contactId: id } });
  }
}

async function cancelReminders(trx: Transaction<Database>, deps: Deps, debriefId: string): Promise<void> {
  for (const kind of ['planning', 'conversation', 'follow_up']) await deps.jobs.cancel(trx, reminderKey(debriefId, kind));
}

/** Locks the row on PostgreSQL so two taps at once cannot both accept. */
async function lockDebrief(trx: Transaction<Database>, deps: Deps, organisationId: string, debriefId: string): Promise<void> {
  if (deps.engine === 'postgres') await sql`select id from debrief_offers where id = ${debriefId} and organisation_id = ${organisationId} for update`.execute(trx);
}

export async function acceptDebrief(deps: Deps, actor: Actor, auth: Auth, debriefId: string, input: DebriefAccept): Promise<DebriefReply> {
  return deps.db.transaction().execute(async (trx) => {
    await lockDebrief(trx, deps, auth.organisationId, debriefId);
    const row = await ownDebrief(trx, auth, debriefId);
    if (row.status === 'booked' || row.status === 'done') {
      throw conflict('You have already said yes to this debrief.', { acceptedAt: row.accepted_at, status: row.status });
    }
    if (input.version !== undefined && input.version !== Number(row.version)) throw staleVersion({ version: Number(row.version), status: row.status }, { version: input.version });
    await assertSupporter(trx, auth, row.service_id, input.peerSupporterId);
    const now = deps.clock();
    const at = new Date(now).toISOString();
    await trx
      .updateTable('debrief_offers')
      .set((eb) => ({ status: 'booked', peer_supporter_id: input.peerSupporterId, accepted_at: at, declined_at: null, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', debriefId)
      .where('organisation_id', '=', auth.organisationId)
      .execute();
    await planRhythm(trx, deps, auth.organisationId, debriefId, now);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'debrief.accept', entityType: 'debrief_offer', entityId: debriefId, details: { serviceId: row.service_id, peerSupporterId: input.peerSupporterId, afterDeclining: row.status === 'declined' } }));
    return replyFor(trx, deps, auth, debriefId);
  });
}

export async function declineDebrief(deps: Deps, actor: Actor, auth: Auth, debriefId: string, input: DebriefDecline): Promise<DebriefReply> {
  return deps.db.transaction().execute(async (trx) => {
    await lockDebrief(trx, deps, auth.organisationId, debriefId);
    const row = await ownDebrief(trx, auth, debriefId);
    if (row.status === 'declined') throw conflict('You have already said no thanks to this debrief.', { declinedAt: row.declined_at, status: row.status });
    if (row.status === 'done') throw conflict('This debrief has already finished.', { closedAt: row.closed_at, status: row.status });
    if (input?.version !== undefined && input.version !== Number(row.version)) throw staleVersion({ version: Number(row.version), status: row.status }, { version: input.version });
    const at = new Date(deps.clock()).toISOString();
    await trx
      .updateTable('debrief_offers')
      .set((eb) => ({ status: 'declined', declined_at: at, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', debriefId)
      .where('organisation_id', '=', auth.organisationId)
      .execute();
    // No reminders, no nagging: every pending reminder goes; contacts already done stay.
    await cancelReminders(trx, deps, debriefId);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'debrief.decline', entityType: 'debrief_offer', entityId: debriefId, details: { serviceId: row.service_id, wasBooked: row.status === 'booked' } }));
    return replyFor(trx, deps, auth, debriefId);
  });
}

export async function requestDebrief(deps: Deps, actor: Actor, auth: Auth, input: DebriefRequest): Promise<DebriefReply> {
  const services = await myServices(deps.db, auth);
  if (!services.some((s) => s.id === input.serviceId)) throw badRequest('Choose a service you work in.', { serviceId: 'Choose a service you work in' });
  if (input.peerSupporterId) await assertSupporter(deps.db, auth, input.serviceId, input.peerSupporterId);
  const id = newId();
  const now = deps.clock();
  const at = new Date(now).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const supporter = input.peerSupporterId ?? null;
    await trx
      .insertInto('debrief_offers')
      .values({ id, organisation_id: auth.organisationId, service_id: input.serviceId, user_id: auth.user.id, source_type: 'request', source_id: id, status: supporter ? 'booked' : 'offered', offered_at: at, updated_at: at, requested_by: auth.user.id, peer_supporter_id: supporter, accepted_at: supporter ? at : null, declined_at: null, closed_at: null, version: 1 })
      .execute();
    if (supporter) await planRhythm(trx, deps, auth.organisationId, id, now);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'debrief.request', entityType: 'debrief_offer', entityId: id, details: { serviceId: input.serviceId, peerSupporterId: supporter } }));
    return replyFor(trx, deps, auth, id);
  });
}

// ---- contacts ---------------------------------------------------------------------------

/** The worker or the named supporter records a contact as done, with "are difficulties carrying on?". */
export async function recordContact(deps: Deps, actor: Actor, auth: Auth, debriefId: string, contactId: string, input: ContactDone): Promise<DebriefReply> {
  const now = deps.clock();
  return deps.db.transaction().execute(async (trx) => {
    await lockDebrief(trx, deps, auth.organisationId, debriefId);
    const row = (await debriefQuery(trx, auth.organisationId).where('debrief_offers.id', '=', debriefId).executeTakeFirst()) as DebriefRow | undefined;
    const involved = row && (row.user_id === auth.user.id || row.peer_supporter_id === auth.user.id);
    if (!row || !involved) throw notFound('That debrief');
    const contact = await scoped(trx, 'debrief_contacts', auth.organisationId).selectAll('debrief_contacts').where('debrief_contacts.id', '=', contactId).where('debrief_contacts.debrief_id', '=', debriefId).executeTakeFirst();
    if (!contact) throw notFound('That contact');
    if (contact.done_at) throw conflict('This contact has already been recorded as done.', { doneAt: contact.done_at });
    if (row.status !== 'booked') throw badRequest('This debrief is not under way, so there is nothing to record.', { status: 'This debrief is not under way' });
    const doneAt = input.doneAt ? Date.parse(input.doneAt) : now;
    const problem = doneAtProblem(doneAt, now, Date.parse(row.accepted_at ?? row.offered_at));
    if (problem) throw badRequest('Check when it happened.', { doneAt: problem });
    const persist = input.difficultiesPersist === undefined || input.difficultiesPersist === null ? null : input.difficultiesPersist ? 1 : 0;
    await trx.updateTable('debrief_contacts').set({ done_at: new Date(doneAt).toISOString(), done_by: auth.user.id, difficulties_persist: persist }).where('id', '=', contactId).where('organisation_id', '=', auth.organisationId).execute();
    await deps.jobs.cancel(trx, reminderKey(debriefId, contact.kind));
    const all = await scoped(trx, 'debrief_contacts', auth.organisationId).select(['debrief_contacts.kind', 'debrief_contacts.done_at']).where('debrief_contacts.debrief_id', '=', debriefId).execute();
    const complete = isComplete(all.map((c) => ({ kind: c.kind, doneAt: c.done_at ? Date.parse(c.done_at) : null })));
    const at = new Date(now).toISOString();
    await trx
      .updateTable('debrief_offers')
      .set((eb) => ({ ...(complete ? { status: 'done' as const, closed_at: at } : {}), updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', debriefId)
      .where('organisation_id', '=', auth.organisationId)
      .execute();
    if (complete) await cancelReminders(trx, deps, debriefId);
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'debrief.contact',
      entityType: 'debrief_offer',
      entityId: debriefId,
      details: { contactId, kind: contact.kind, by: auth.user.id === row.user_id ? 'worker' : 'supporter', complete, fields: persist === null ? ['doneAt'] : ['doneAt', 'difficultiesPersist'] },
    }));
    return replyFor(trx, deps, auth, debriefId);
  });
}

// ---- reminders ----------------------------------------------------------------------------

const DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' });

/** The supporter's reminder: nothing personal (no names, no event), only what and where to look. */
export function reminderMessage(kind: DebriefContactsTable['kind'], dueAt: string, publicUrl: string): { subject: string; message: string } {
  return {
    subject: 'A debrief contact is due today',
    message: [
      `You are a colleague's named peer supporter for a debrief. "${CONTACT_LABELS[kind]}" is due today (${DATE.format(new Date(dueAt))}).`,
      '',
      `You can see who and mark it done in Alongside: ${publicUrl}/wellbeing/debriefs`,
      '',
      'Thank you for looking out for them.',
    ].join('\n'),
  };
}

export function registerDebriefJobs(deps: Deps): void {
  deps.jobs.register(DEBRIEF_REMINDER_JOB, async (job) => {
    const debriefId = String(job.payload.debriefId ?? '');
    const contactId = String(job.payload.contactId ?? '');
    const organisationId = job.organisationId;
    if (!organisationId || !debriefId || !contactId) {
      await job.complete();
      return;
    }
    const row = await scoped(deps.db, 'debrief_offers', organisationId)
      .innerJoin('users', 'users.id', 'debrief_offers.peer_supporter_id')
      .select(['debrief_offers.status', 'users.email', 'users.disabled_at'])
      .where('debrief_offers.id', '=', debriefId)
      .executeTakeFirst();
    const contact = await scoped(deps.db, 'debrief_contacts', organisationId).selectAll('debrief_contacts').where('debrief_contacts.id', '=', contactId).executeTakeFirst();
    // Declined, finished, already done or replaced: nothing to send.
    if (row && row.status === 'booked' && !row.disabled_at && contact && !contact.done_at) {
      const { subject, message } = reminderMessage(contact.kind, contact.due_at, deps.config.publicUrl);
      await deps.notifier.send(deps.db, { organisationId, channel: 'email', to: row.email, template: 'debrief_reminder', subject, message });
    }
    await job.complete();
  });
}
