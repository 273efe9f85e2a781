/** Pure helpers for the episode screens: session counting, limit warnings, form checks. */
import type { EpisodeOut, EpisodeSessionCreate, LimitWarning, TransitionCreate } from '../../../shared/episodes.js';
import { isCalendarDate } from '../../../shared/people.js';

/** "Session 3 of 10"; beyond the limit: "Session 11 (beyond the 10 agreed)". */
export function sessionOf(number: number, limit: number): string {
  return number > limit ? `Session ${number} (beyond the ${limit} agreed)` : `Session ${number} of ${limit}`;
}

/** A calm sentence about the session limit, or null when there is plenty of room. */
export function limitMessage(warning: LimitWarning | null, used: number, limit: number): string | null {
  const left = limit - used;
  if (warning === 'near') return `${left === 1 ? 'One session is' : `${left} sessions are`} left of the ${limit}. This is a good time to talk together about what comes next.`;
  if (warning === 'reached') return `All ${limit} sessions have been used. Plan the move on together; a further session needs a reason.`;
  if (warning === 'beyond') return `${used} sessions so far, beyond the ${limit} agreed. Each further session needs a reason.`;
  return null;
}

/** Whether the next session to record is beyond the limit (so it needs a reason). */
export const nextIsBeyondLimit = (episode: Pick<EpisodeOut, 'sessionsUsed' | 'sessionLimit'>): boolean => episode.sessionsUsed + 1 > episode.sessionLimit;

/** "2026-03-14" and "14:05" on this device → UTC ISO; null when either is not real. */
export function localToIso(date: string, time: string): string | null {
  if (!isCalendarDate(date.trim()) || !/^\d{2}:\d{2}$/.test(time.trim())) return null;
  const d = new Date(`${date.trim()}T${time.trim()}:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Now on this device, as the date and time fields show it. */
export function localParts(now: Date = new Date()): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`, time: `${pad(now.getHours())}:${pad(now.getMinutes())}` };
}

export interface SessionFormState {
  date: string;
  time: string;
  whatHasBeenHappening: string;
  strengthsAndResources: string;
  peopleAndNetworks: string;
  helpFromServices: string;
  nextSteps: string;
  beyondLimitReason: string;
}

const TEXTS = ['whatHasBeenHappening', 'strengthsAndResources', 'peopleAndNetworks', 'helpFromServices', 'nextSteps'] as const;

/** Checks before sending a session; gives field → message, or the body to send. */
export function sessionBody(f: SessionFormState, beyondLimit: boolean, now: Date = new Date()): { ok: true; body: EpisodeSessionCreate } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const heldAt = localToIso(f.date, f.time);
  if (!heldAt) errors.date = 'Enter the date and time of the session, like 2026-03-14 and 14:05';
  else if (new Date(heldAt).getTime() > now.getTime() + 60_000) errors.date = 'The session cannot be in the future';
  if (TEXTS.every((k) => !f[k].trim())) errors.whatHasBeenHappening = 'Write something about the session in at least one of the boxes';
  if (beyondLimit && !f.beyondLimitReason.trim()) errors.beyondLimitReason = 'Say why a further session will help';
  if (Object.keys(errors).length) return { ok: false, errors };
  const body: Record<string, unknown> = { heldAt };
  for (const k of TEXTS) if (f[k].trim()) body[k] = f[k].trim();
  if (beyondLimit) body.beyondLimitReason = f.beyondLimitReason.trim();
  return { ok: true, body: body as EpisodeSessionCreate };
}

export interface TransitionFormState {
  toName: string;
  /** A service directory entry chosen instead of typing a name, and its name. */
  toDirectoryServiceId?: string;
  toDirectoryName?: string;
  plannedDate: string;
  handoverSummary: string;
  consent: '' | 'yes' | 'no';
  how: '' | 'in_person' | 'phone' | 'in_writing';
}

export function transitionBody(f: TransitionFormState): { ok: true; body: TransitionCreate } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!f.toName.trim() && !f.toDirectoryServiceId) errors.toName = 'Choose a service from the directory, or type where they are moving on to';
  if (f.plannedDate.trim() && !isCalendarDate(f.plannedDate.trim())) errors.plannedDate = 'Enter a date like 2026-03-14';
  if (!f.consent) errors.consent = 'Say whether they agreed to the handover being shared';
  if (f.consent === 'yes' && !f.how) errors.how = 'Choose how they agreed';
  if (Object.keys(errors).length) return { ok: false, errors };
  const toName = f.toDirectoryServiceId ? (f.toDirectoryName ?? '').trim() : f.toName.trim();
  const body: TransitionCreate = { ...(toName ? { toName } : {}), ...(f.toDirectoryServiceId ? { toDirectoryServiceId: f.toDirectoryServiceId } : {}), status: 'planned', shareConsent: f.consent === 'yes' ? { given: true, how: f.how as 'in_person' } : { given: false } };
  if (f.plannedDate.trim()) body.plannedDate = f.plannedDate.trim();
  if (f.handoverSummary.trim()) body.handoverSummary = f.handoverSummary.trim();
  return { ok: true, body };
}

/** Closing: a reason always; an explanation while a move on is still planned, or for "something else". */
export function closingChecks(reason: string, note: string, transitionPlanned: boolean): Record<string, string | false> {
  return {
    closingReason: !reason && 'Choose why peer support is ending',
    closingNote: !note.trim() && (transitionPlanned ? 'A move on is still planned: explain why you are closing now' : reason === 'other' ? 'Say a little about why' : false),
  };
}
