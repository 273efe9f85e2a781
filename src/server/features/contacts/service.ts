import { policies } from '../../access/policies.js';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { ContactsTable } from '../../db/tables.js';
import { flag, json, newId, nowIso, toFlag } from '../../db/values.js';
import { updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { badRequest, conflict, notFound, staleVersion } from '../../http/errors.js';
import type { ContactCreate, ContactListQuery, ContactOut, ContactPatch, ContactReply, ContactsOut, Under16Service } from '../../../shared/contacts.js';
import { unknownEntryIds } from '../directory/service.js';
import { peopleTouched } from '../people/service.js';
import { ageOn, contactTimeProblems, decodeCursor, displayNameOf, encodeCursor, isUnder16, toUtcIso } from './rules.js';

const FIX_FIELDS = 'Some of what was sent needs changing. Check the fields listed.';

/** Tell every open board of this service that it changed; a failure here never undoes a saved change. */
export async function notifyBoard(deps: Deps, serviceId: string): Promise<void> {
  try {
    await deps.realtime.publish(serviceId);
  } catch {
    // Boards refetch on reconnect and on the next change; nothing personal to log.
  }
}

/** The service must belong to the signed-in person's organisation; otherwise 404. */
export async function assertServiceOfOrganisation(db: DbOrTrx, organisationId: string, serviceId: string): Promise<void> {
  const row = await scoped(db, 'services', organisationId).select('services.id').where('services.id', '=', serviceId).executeTakeFirst();
  if (!row) throw notFound('That service');
}

function contactQuery(db: DbOrTrx, organisationId: string, serviceId: string) {
  return scoped(db, 'contacts', organisationId)
    .where('contacts.service_id', '=', serviceId)
    .leftJoin('people', 'people.id', 'contacts.person_id')
    .leftJoin('users', 'users.id', 'contacts.worker_user_id')
    .selectAll('contacts')
    .select([
      'people.preferred_name as person_name',
      'people.date_of_birth as person_dob',
      'people.approximate_age as person_approximate_age',
      'people.age_recorded_on as person_age_recorded_on',
      'users.display_name as worker_name',
    ]);
}

type ContactRow = ContactsTable & {
  person_name: string | null;
  person_dob: string | null;
  person_approximate_age: number | null;
  person_age_recorded_on: string | null;
  worker_name: string | null;
};

export const contactOut = (row: ContactRow): ContactOut => ({
  id: row.id,
  serviceId: row.service_id,
  personId: row.person_id,
  displayLabel: row.display_label,
  displayName: displayNameOf(row.person_name, row.display_label),
  anonymous: row.person_id === null,
  kind: row.kind,
  referralSource: row.referral_source,
  referralOther: row.referral_other,
  arrivedAt: row.arrived_at,
  firstSeenAt: row.first_seen_at,
  leftAt: row.left_at,
  workerUserId: row.worker_user_id,
  workerName: row.worker_name,
  reason: row.reason,
  whatHelped: row.what_helped,
  outcome: row.outcome,
  outcomeDetail: row.outcome_detail,
  otherwiseWouldHave: row.otherwise_would_have,
  carersPresent: flag(row.carers_present),
  carersNote: row.carers_note,
  signpostedTo: json<string[]>(row.signposted_to, []),
  under16: flag(row.under16),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: Number(row.version),
});

async function findContact(db: DbOrTrx, organisationId: string, serviceId: string, contactId: string): Promise<ContactRow | undefined> {
  return (await contactQuery(db, organisationId, serviceId).where('contacts.id', '=', contactId).executeTakeFirst()) as ContactRow | undefined;
}

/** Age routing: where the organisation points under-16s, when this contact needs it. */
async function under16ServiceFor(db: DbOrTrx, organisationId: string, row: ContactRow): Promise<Under16Service | null> {
  const age = ageOn({ dateOfBirth: row.person_dob, approximateAge: row.person_approximate_age, ageRecordedOn: row.person_age_recorded_on }, row.arrived_at);
  if (!isUnder16(flag(row.under16), age)) return null;
  const org = await db.selectFrom('organisations').select(['under16_service_name', 'under16_phone']).where('id', '=', organisationId).executeTakeFirst();
  return { name: org?.under16_service_name ?? null, phone: org?.under16_phone ?? null };
}

async function reply(db: DbOrTrx, organisationId: string, row: ContactRow): Promise<ContactReply> {
  return { contact: contactOut(row), under16Service: await under16ServiceFor(db, organisationId, row) };
}

/** A person of this organisation (following a merge to the record kept); otherwise bad input. */
async function resolvePerson(db: DbOrTrx, organisationId: string, personId: string): Promise<string> {
  const person = await scoped(db, 'people', organisationId).select(['people.id', 'people.merged_into_id']).where('people.id', '=', personId).executeTakeFirst();
  if (!person) throw badRequest(FIX_FIELDS, { personId: 'Choose someone from your organisation’s records, or leave this out' });
  return person.merged_into_id ?? person.id;
}

/** Roles that can be "with" someone at a contact: those who record contacts. */
const WORKER_ROLES = policies['contact.update']?.roles ?? [];

/** The worker must be an active member of staff with a role in this service (or organisation-wide). */
async function assertWorker(db: DbOrTrx, organisationId: string, serviceId: string, userId: string): Promise<void> {
  const found = await scoped(db, 'memberships', organisationId)
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.id')
    .where('memberships.user_id', '=', userId)
    .where('users.organisation_id', '=', organisationId)
    .where('users.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('memberships.service_id', '=', serviceId), eb('memberships.service_id', 'is', null)]))
    .where('memberships.role', 'in', WORKER_ROLES.length ? WORKER_ROLES : ['peer_worker'])
    .executeTakeFirst();
  if (!found) throw badRequest(FIX_FIELDS, { workerUserId: 'Choose someone who works in this service' });
}

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v);

export async function createContact(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: ContactCreate): Promise<ContactReply> {
  const organisationId = auth.organisationId;
  await assertServiceOfOrganisation(deps.db, organisationId, serviceId);
  const nowMs = deps.clock();
  const now = nowIso(deps.clock);
  const arrivedAt = input.arrivedAt ? toUtcIso(input.arrivedAt) : now;
  const fields = contactTimeProblems({ arrivedAt, firstSeenAt: null, leftAt: null, outcome: null }, nowMs);
  const referralOther = input.referralSource === 'other' ? blankToNull(input.referralOther) : null;
  if (input.referralSource === 'other' && !referralOther) fields.referralOther = 'Tell us where they were referred from';
  if (Object.keys(fields).length) throw badRequest(FIX_FIELDS, fields);

  const result = await deps.db.transaction().execute(async (trx) => {
    const personId = input.personId ? await resolvePerson(trx, organisationId, input.personId) : null;
    const id = input.id?.toLowerCase() ?? newId();
    if (input.id && (await trx.selectFrom('contacts').select('id').where('id', '=', id).executeTakeFirst())) {
      throw conflict('This contact has already been recorded.', undefined, { id: 'A contact with this reference already exists' });
    }
    const row: ContactsTable = {
      id,
      organisation_id: organisationId,
      service_id: serviceId,
      person_id: personId,
      display_label: blankToNull(input.displayLabel),
      kind: input.kind,
      referral_source: input.referralSource,
      referral_other: referralOther,
      arrived_at: arrivedAt,
      first_seen_at: null,
      left_at: null,
      worker_user_id: null,
      reason: blankToNull(input.reason),
      what_helped: null,
      outcome: null,
      outcome_detail: null,
      signposted_to: '[]',
      otherwise_would_have: null,
      carers_present: toFlag(input.carersPresent ?? false),
      carers_note: blankToNull(input.carersNote),
      under16: toFlag(input.under16 ?? false),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('contacts').values(row).execute();
    const saved = (await findContact(trx, organisationId, serviceId, id))!;
    const out = await reply(trx, organisationId, saved);
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'contact.create',
      entityType: 'contact',
      entityId: id,
      details: { serviceId, personId, kind: row.kind, referralSource: row.referral_source, anonymous: personId === null, under16Routed: out.under16Service !== null },
    }));
    return out;
  });
  await notifyBoard(deps, serviceId);
  // Their latest contact, shown in search results, is this one now.
  if (result.contact.personId) await peopleTouched(deps, organisationId, [result.contact.personId]);
  return result;
}

export async function getContact(deps: Deps, actor: Actor, auth: Auth, serviceId: string, contactId: string): Promise<ContactReply> {
  const row = await findContact(deps.db, auth.organisationId, serviceId, contactId);
  if (!row) throw notFound('That contact');
  const out = await reply(deps.db, auth.organisationId, row);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'contact.read', entityType: 'contact', entityId: contactId, details: { serviceId, personId: row.person_id } }));
  return out;
}

export const DEFAULT_PAGE = 50;

export async function listContacts(deps: Deps, actor: Actor, auth: Auth, serviceId: string, query: ContactListQuery): Promise<ContactsOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const limit = query.limit ?? DEFAULT_PAGE;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) throw badRequest(FIX_FIELDS, { cursor: 'This page link is not valid. Start again from the first page.' });
  let q = contactQuery(deps.db, auth.organisationId, serviceId);
  if (query.open === 'true') q = q.where('contacts.left_at', 'is', null);
  if (cursor) {
    q = q.where((eb) => eb.or([
      eb('contacts.arrived_at', '<', cursor.arrivedAt),
      eb.and([eb('contacts.arrived_at', '=', cursor.arrivedAt), eb('contacts.id', '<', cursor.id)]),
    ]));
  }
  const rows = (await q.orderBy('contacts.arrived_at', 'desc').orderBy('contacts.id', 'desc').limit(limit + 1).execute()) as ContactRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'contact.list', entityType: 'service', entityId: serviceId, details: { serviceId, count: page.length, open: query.open === 'true' } }));
  return { contacts: page.map(contactOut), nextCursor: rows.length > limit && last ? encodeCursor(last.arrived_at, last.id) : null };
}

export async function updateContact(deps: Deps, actor: Actor, auth: Auth, serviceId: string, contactId: string, patch: ContactPatch): Promise<ContactReply> {
  const organisationId = auth.organisationId;
  const { version, ...changes } = patch;
  const result = await deps.db.transaction().execute(async (trx) => {
    const existing = await findContact(trx, organisationId, serviceId, contactId);
    if (!existing) throw notFound('That contact');
    if (Number(existing.version) !== version) throw staleVersion(contactOut(existing), patch);

    const set: Partial<ContactsTable> = {};
    if (changes.firstSeenAt !== undefined) set.first_seen_at = changes.firstSeenAt === null ? null : toUtcIso(changes.firstSeenAt);
    if (changes.leftAt !== undefined) set.left_at = changes.leftAt === null ? null : toUtcIso(changes.leftAt);
    if (changes.outcome !== undefined) set.outcome = changes.outcome;
    if (changes.outcomeDetail !== undefined) set.outcome_detail = blankToNull(changes.outcomeDetail);
    if (changes.otherwiseWouldHave !== undefined) set.otherwise_would_have = changes.otherwiseWouldHave;
    if (changes.whatHelped !== undefined) set.what_helped = blankToNull(changes.whatHelped);
    if (changes.reason !== undefined) set.reason = blankToNull(changes.reason);
    if (changes.displayLabel !== undefined) set.display_label = blankToNull(changes.displayLabel);
    if (changes.carersPresent !== undefined) set.carers_present = toFlag(changes.carersPresent);
    if (changes.carersNote !== undefined) set.carers_note = blankToNull(changes.carersNote);
    if (changes.workerUserId !== undefined) set.worker_user_id = changes.workerUserId === null ? null : changes.workerUserId.toLowerCase();

    const fields = contactTimeProblems(
      {
        arrivedAt: existing.arrived_at,
        firstSeenAt: set.first_seen_at !== undefined ? set.first_seen_at : existing.first_seen_at,
        leftAt: set.left_at !== undefined ? set.left_at : existing.left_at,
        outcome: set.outcome !== undefined ? set.outcome : existing.outcome,
      },
      deps.clock(),
    );
    // Only complain about the outcome when this change is about leaving or the outcome.
    if (fields.outcome && changes.leftAt === undefined && changes.outcome === undefined) delete fields.outcome;
    if (Object.keys(fields).length) throw badRequest(FIX_FIELDS, fields);
    if (set.worker_user_id) await assertWorker(trx, organisationId, serviceId, set.worker_user_id);
    if (changes.signpostedTo !== undefined) {
      // Only this organisation's directory entries; another organisation's look the same as unknown ones.
      const unknown = await unknownEntryIds(trx, organisationId, changes.signpostedTo);
      if (unknown.length) throw badRequest(FIX_FIELDS, Object.fromEntries(unknown.map((id) => [`signpostedTo.${changes.signpostedTo!.indexOf(id)}`, 'Choose an entry from your directory'])));
      set.signposted_to = JSON.stringify(changes.signpostedTo);
    }

    const now = nowIso(deps.clock);
    await updateVersioned(trx, 'contacts', { id: contactId, organisationId, version }, set, {
      now,
      describe: () => contactOut(existing),
      submitted: patch,
      where: { service_id: serviceId },
      what: 'That contact',
    });
    const saved = (await findContact(trx, organisationId, serviceId, contactId))!;
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'contact.update',
      entityType: 'contact',
      entityId: contactId,
      details: { serviceId, fields: Object.keys(changes), ...(set.outcome ? { outcome: set.outcome } : {}), ...(changes.signpostedTo ? { signpostedTo: changes.signpostedTo.length } : {}) },
    }));
    return reply(trx, organisationId, saved);
  });
  await notifyBoard(deps, serviceId);
  return result;
}
