import type { ClosingReason, EpisodeStatus, LimitWarning, TransitionStatus } from '../../../shared/episodes.js';

/**
 * Pure rules of peer support episodes: data in, data out, no database. The service
 * calls them and turns their answers into replies.
 */

/** How close an episode is to its session limit: 'near' from limit-2, 'reached' at it, 'beyond' past it. */
export function limitWarning(sessionsUsed: number, sessionLimit: number): LimitWarning | null {
  if (sessionsUsed > sessionLimit) return 'beyond';
  if (sessionsUsed === sessionLimit) return 'reached';
  if (sessionsUsed >= Math.max(1, sessionLimit - 2)) return 'near';
  return null;
}

/** Does the session with this number go past the limit? */
export const isBeyondLimit = (sessionNumber: number, sessionLimit: number): boolean => sessionNumber > sessionLimit;

export const beyondLimitMessage = (sessionLimit: number): string => `A session beyond the limit of ${sessionLimit} needs a reason`;

/** Field errors for a session numbered `sessionNumber`, or null when it may be saved. */
export function beyondLimitProblem(sessionNumber: number, sessionLimit: number, reason: string | null | undefined): Record<string, string> | null {
  if (!isBeyondLimit(sessionNumber, sessionLimit)) return null;
  if (reason && reason.trim() !== '') return null;
  return { beyondLimitReason: beyondLimitMessage(sessionLimit) };
}

/** A session time may not be in the future (a minute's grace for clocks that disagree). */
export function isFutureTime(iso: string, nowMs: number, graceMs = 60_000): boolean {
  return Date.parse(iso) > nowMs + graceMs;
}

/** At least one of the session's texts must say something. */
export function hasSomeWords(texts: readonly (string | null | undefined)[]): boolean {
  return texts.some((t) => typeof t === 'string' && t.trim() !== '');
}

/** Which status changes an episode may make. A closed episode changes no more. */
export function statusChangeAllowed(from: EpisodeStatus, to: EpisodeStatus): boolean {
  if (from === to) return true;
  switch (from) {
    case 'offered':
      return to === 'accepted' || to === 'declined' || to === 'closed';
    case 'accepted':
      return to === 'closed';
    case 'declined':
      // Someone may change their mind after saying no.
      return to === 'accepted' || to === 'closed';
    case 'closed':
      return false;
  }
}

export interface ClosingInput {
  closingReason: ClosingReason | null | undefined;
  closingNote: string | null | undefined;
  transitionStatuses: readonly TransitionStatus[];
}

/**
 * Closing an episode: a reason is needed; 'other' needs a note; and while a move to
 * other support is still planned, the note must explain why it is closing anyway.
 * Returns field errors, or null when the episode may close.
 */
export function closingProblems(input: ClosingInput): Record<string, string> | null {
  const fields: Record<string, string> = {};
  const note = input.closingNote?.trim() ?? '';
  if (!input.closingReason) fields.closingReason = 'Choose why the episode is closing';
  if (input.transitionStatuses.includes('planned') && note === '') {
    fields.closingNote = 'A move to other support is still planned. Say why the episode is closing before it happens, or update the move first.';
  } else if (input.closingReason === 'other' && note === '') {
    fields.closingNote = 'Say a little about why the episode is closing';
  }
  return Object.keys(fields).length ? fields : null;
}

/** Episodes that count towards a worker's caseload. */
export const OPEN_EPISODE_STATUSES: readonly EpisodeStatus[] = ['offered', 'accepted'];
export const countsTowardsCaseload = (status: EpisodeStatus, closedAt: string | null): boolean =>
  OPEN_EPISODE_STATUSES.includes(status) && closedAt === null;

export interface CaseloadCheck {
  userId: string;
  displayName: string;
  /** Open episodes the worker is allocated to now, not counting the one being allocated. */
  current: number;
  max: number | null;
}

/**
 * Who would go over their caseload maximum if given one more person. Returns the first
 * such worker, or null when everyone has room.
 */
export function firstOverCaseload(checks: readonly CaseloadCheck[]): CaseloadCheck | null {
  return checks.find((c) => c.max !== null && c.current + 1 > c.max) ?? null;
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/** Names the worker, how many people they support now, and the most agreed with them. */
export const caseloadFullMessage = (c: Pick<CaseloadCheck, 'displayName' | 'current' | 'max'>): string =>
  c.current === c.max
    ? `${c.displayName} already supports ${people(c.current)}, which is the most agreed for them. Choose someone else, or talk with them and their manager first.`
    : `${c.displayName} already supports ${people(c.current)}, and the most agreed for them is ${c.max ?? 0}. Choose someone else, or talk with them and their manager first.`;

/** A transition's handover summary may go beyond the service's staff only with the person's agreement. */
export const handoverShareable = (consentGiven: boolean): boolean => consentGiven;
