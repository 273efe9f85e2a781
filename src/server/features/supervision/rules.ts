import { DUE_SOON_DAYS, type DueState } from '../../../shared/supervision.js';

/**
 * Supervision due dates as pure rules. Dates are calendar days (YYYY-MM-DD) in the UK; "today"
 * comes from the caller's clock, so tests move time freely.
 *
 * - Next due: the last session plus the rhythm's days; with no session yet, the day the rhythm
 *   was set plus its days (a new rhythm is not overdue on its first day).
 * - Overdue: today is after the due date. Due soon: due within DUE_SOON_DAYS (7) days.
 * - Reminders: DUE_SOON_DAYS before the due date and on the day, at 08:00 UTC; only those
 *   still ahead are scheduled.
 */
const DAY_MS = 86_400_000;
const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in the UK at `now`. */
export const ukDate = (now: number): string => LONDON.format(new Date(now));

const toDays = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const addDays = (date: string, days: number): string => new Date((toDays(date) + days) * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round(toDays(to) - toDays(from));

export interface RhythmFacts {
  everyDays: number;
  /** The day the rhythm was set (YYYY-MM-DD). */
  setOn: string;
  lastHeldOn: string | null;
}

export function nextDueOn(r: RhythmFacts): string {
  return addDays(r.lastHeldOn ?? r.setOn, r.everyDays);
}

export function dueState(due: string, today: string): { state: DueState; daysOverdue: number } {
  const late = daysBetween(due, today);
  if (late > 0) return { state: 'overdue', daysOverdue: late };
  if (-late <= DUE_SOON_DAYS) return { state: 'due_soon', daysOverdue: 0 };
  return { state: 'on_track', daysOverdue: 0 };
}

export type ReminderKind = 'before' | 'on_day';

/** The reminders still ahead for a due date: a week before and on the day, at 08:00 UTC. */
export function reminders(due: string, now: number): { kind: ReminderKind; at: number }[] {
  const at = (date: string) => Date.parse(`${date}T08:00:00Z`);
  return [
    { kind: 'before' as const, at: at(addDays(due, -DUE_SOON_DAYS)) },
    { kind: 'on_day' as const, at: at(due) },
  ].filter((r) => r.at > now);
}

/** Why a session date cannot be recorded as held (or null when it can). */
export function heldOnProblem(heldOn: string, today: string): string | null {
  if (heldOn > today) return 'A session cannot be recorded as held on a date that has not come yet';
  if (daysBetween(heldOn, today) > 366 * 2) return 'Enter a date within the last two years';
  return null;
}
