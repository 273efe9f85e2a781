/**
 * The rules of a crisis contact, as pure functions (data in, data out): the order of its
 * times, when an outcome is needed, who counts as under 16, what the board calls someone,
 * and how a call back request moves on. service.ts applies them inside its transactions.
 */

/** Clocks on phones and laptops drift: a time up to this far ahead still counts as now. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const ANONYMOUS_NAME = 'Someone (anonymous)';

/** Any ISO-8601 moment with an offset, as UTC ISO text (the only way times are stored). */
export const toUtcIso = (value: string): string => new Date(value).toISOString();

export interface ContactTimes {
  arrivedAt: string;
  firstSeenAt: string | null;
  leftAt: string | null;
  outcome: string | null;
}

/**
 * Field messages for times out of order or in the future, and for leaving without an
 * outcome. Empty when everything is fine. `now` is epoch milliseconds.
 */
export function contactTimeProblems(times: ContactTimes, now: number): Record<string, string> {
  const fields: Record<string, string> = {};
  const latest = now + CLOCK_SKEW_MS;
  const at = (v: string) => Date.parse(v);
  if (at(times.arrivedAt) > latest) fields.arrivedAt = 'The time they arrived cannot be in the future';
  if (times.firstSeenAt !== null) {
    if (at(times.firstSeenAt) > latest) fields.firstSeenAt = 'The time they were first seen cannot be in the future';
    else if (at(times.firstSeenAt) < at(times.arrivedAt)) fields.firstSeenAt = 'The time they were first seen cannot be before they arrived';
  }
  if (times.leftAt !== null) {
    if (at(times.leftAt) > latest) fields.leftAt = 'The time they left cannot be in the future';
    else if (at(times.leftAt) < at(times.arrivedAt)) fields.leftAt = 'The time they left cannot be before they arrived';
    else if (times.firstSeenAt !== null && at(times.leftAt) < at(times.firstSeenAt)) fields.leftAt = 'The time they left cannot be before they were first seen';
    if (times.outcome === null) fields.outcome = 'Choose what happened before recording that they left';
  }
  return fields;
}

export interface AgeFacts {
  dateOfBirth: string | null;
  approximateAge: number | null;
  ageRecordedOn: string | null;
}

/** Whole years between two dates (YYYY-MM-DD or ISO), birthdays counted on the day. */
export function yearsBetween(from: string, to: string): number {
  const a = new Date(from);
  const b = new Date(to);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  const monthDiff = b.getUTCMonth() - a.getUTCMonth();
  if (monthDiff < 0 || (monthDiff === 0 && b.getUTCDate() < a.getUTCDate())) years -= 1;
  return years;
}

/** A person's age on a day, from their date of birth or an age told on an earlier day; null when unknown. */
export function ageOn(facts: AgeFacts, on: string): number | null {
  if (facts.dateOfBirth && !Number.isNaN(Date.parse(facts.dateOfBirth))) return yearsBetween(facts.dateOfBirth, on);
  if (facts.approximateAge !== null && facts.approximateAge !== undefined) {
    const since = facts.ageRecordedOn && !Number.isNaN(Date.parse(facts.ageRecordedOn)) ? Math.max(0, yearsBetween(facts.ageRecordedOn, on)) : 0;
    return facts.approximateAge + since;
  }
  return null;
}

/** Age routing: marked under 16 at the contact, or a recorded age under 16 on the day they arrived. */
export function isUnder16(markedUnder16: boolean, age: number | null): boolean {
  return markedUnder16 || (age !== null && age < 16);
}

/** What the board and lists call someone: preferred name, else the label, else anonymous. */
export function displayNameOf(preferredName: string | null | undefined, label: string | null | undefined): string {
  const name = preferredName?.trim();
  if (name) return name;
  const l = label?.trim();
  return l ? l : ANONYMOUS_NAME;
}

export type CallbackStatusCode = 'waiting' | 'in_progress' | 'done' | 'could_not_reach';

const CALLBACK_MOVES: Record<CallbackStatusCode, CallbackStatusCode[]> = {
  waiting: ['in_progress'],
  // Back to waiting lets someone hand it back; done and could_not_reach close it.
  in_progress: ['done', 'could_not_reach', 'waiting'],
  // Could not reach them: someone may try again.
  could_not_reach: ['in_progress'],
  done: [],
};

/** The message for a move that is not allowed, or null when it is. */
export function callbackMoveProblem(from: CallbackStatusCode, to: CallbackStatusCode): string | null {
  if (CALLBACK_MOVES[from].includes(to)) return null;
  if (from === 'done') return 'This call back is already done';
  if (from === to) return 'This call back is already at this stage';
  if (to === 'done' || to === 'could_not_reach') return 'Start the call back before recording how it went';
  return 'A call back cannot move to this stage from where it is now';
}

/** Who handles the call back after a move: you when you start it, nobody when handed back. */
export function callbackHandlerAfter(to: CallbackStatusCode, current: string | null, me: string): string | null {
  if (to === 'in_progress') return me;
  if (to === 'waiting') return null;
  return current ?? me;
}

/** Paging cursor for contacts, newest arrival first: the last row's arrivedAt and id. */
export function encodeCursor(arrivedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([arrivedAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { arrivedAt: string; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [arrivedAt, id] = value as unknown[];
    if (typeof arrivedAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(arrivedAt)) || id.length > 64) return null;
    return { arrivedAt, id };
  } catch {
    return null;
  }
}
