import type { ContactKind, ContactState, DebriefStatus } from '../../../shared/debriefs.js';
import { CONTACT_KINDS } from '../../../shared/debriefs.js';

/**
 * The debrief follow-up rhythm as pure rules (times in epoch ms, so tests pass any clock).
 *
 * On acceptance: a planning contact two days on (within the 1–2 days the model asks for), a
 * conversation around day three, and a follow-up about a month (30 days) on. The peer supporter
 * is reminded on the day each one is due. Saying no thanks stops everything not yet done.
 */
export const DAY_MS = 86_400_000;

export const RHYTHM: readonly { kind: ContactKind; afterDays: number }[] = [
  { kind: 'planning', afterDays: 2 },
  { kind: 'conversation', afterDays: 3 },
  { kind: 'follow_up', afterDays: 30 },
];

export interface PlannedContact {
  kind: ContactKind;
  dueAt: number;
}

/** The contacts to plan when a debrief is accepted at `acceptedAt`, minus those already done. */
export function plannedContacts(acceptedAt: number, alreadyDone: readonly ContactKind[] = []): PlannedContact[] {
  return RHYTHM.filter((r) => !alreadyDone.includes(r.kind)).map((r) => ({ kind: r.kind, dueAt: acceptedAt + r.afterDays * DAY_MS }));
}

/**
 * When the supporter is reminded: 08:00 UTC on the day it is due (08:00 or 09:00 in the UK),
 * or straight away if that moment has already passed.
 */
export function reminderAt(dueAt: number, now: number): number {
  const day = new Date(dueAt);
  const morning = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8);
  return Math.max(now, Math.min(morning, dueAt));
}

export interface ContactFacts {
  kind: ContactKind;
  dueAt: number;
  doneAt: number | null;
  difficultiesPersist: boolean | null;
}

/** Where one contact stands: done, overdue (its due time passed), due (within a day), upcoming; stopped once declined. */
export function contactState(contact: Pick<ContactFacts, 'dueAt' | 'doneAt'>, now: number, status: DebriefStatus): ContactState {
  if (contact.doneAt !== null) return 'done';
  if (status !== 'booked') return 'stopped';
  if (now > contact.dueAt) return 'overdue';
  if (contact.dueAt - now <= DAY_MS) return 'due';
  return 'upcoming';
}

/**
 * The kind prompt about professional help: shown when, at a contact after the conversation
 * (the one-month follow-up), the worker said difficulties are carrying on. At the early
 * contacts hard feelings are common and often ease, so they are asked about again instead.
 */
export function suggestsProfessionalHelp(contacts: readonly Pick<ContactFacts, 'kind' | 'doneAt' | 'difficultiesPersist'>[]): boolean {
  const after = CONTACT_KINDS.indexOf('conversation');
  return contacts.some((c) => c.doneAt !== null && c.difficultiesPersist === true && CONTACT_KINDS.indexOf(c.kind) > after);
}

/** Why a contact cannot be recorded as done at `doneAt` (or null when it can). */
export function doneAtProblem(doneAt: number, now: number, acceptedAt: number): string | null {
  if (doneAt > now + 60_000) return 'This cannot be in the future';
  if (doneAt < acceptedAt - 60_000) return 'This cannot be before the debrief was accepted';
  return null;
}

/** The debrief is done once the last contact (the follow-up) has happened; earlier ones left unrecorded no longer matter. */
export function isComplete(contacts: readonly Pick<ContactFacts, 'kind' | 'doneAt'>[]): boolean {
  const last = RHYTHM[RHYTHM.length - 1]!.kind;
  return contacts.some((c) => c.kind === last && c.doneAt !== null);
}

/** Overdue contacts of a booked debrief: what the supporter's list counts. */
export function overdueCount(contacts: readonly Pick<ContactFacts, 'dueAt' | 'doneAt'>[], now: number, status: DebriefStatus): number {
  return contacts.filter((c) => contactState(c, now, status) === 'overdue').length;
}
