import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_VISIT_HOURS } from '../../../shared/lone-working.js';
import { VISIT_STAGES, visitStageTimes, type VisitOffsets, type VisitStage, type VisitTiming } from '../escalations/rules.js';

/**
 * Pure rules of lone working beside the timing rules in escalations/rules.ts: checking a
 * safety code against its keyed digest, what a check-in does to the timer, and which end
 * times are allowed. Unit-tested in rules.test.ts.
 */

const MINUTE = 60_000;

/** A safety code is digits only; anything else typed around them is ignored. */
export const codeDigits = (entered: string): string => entered.replace(/\D/g, '');

/**
 * The keyed digest a duress code is stored as (never the code): HMAC-SHA256 under the
 * installation's secret key, bound to the person so two people's equal codes differ.
 */
export function duressDigest(secretKey: string, userId: string, code: string): string {
  return createHmac('sha256', `duress:${secretKey}`).update(`${userId}:${codeDigits(code)}`).digest('hex');
}

/**
 * Whether what was typed in place of the cancel confirmation is the worker's duress code.
 * Compared in constant time on digests, so a near miss cannot be told from the reply.
 */
export function matchesDuressCode(secretKey: string, userId: string, entered: string, storedDigest: string | null | undefined): boolean {
  if (!storedDigest || codeDigits(entered).length === 0) return false;
  const a = Buffer.from(duressDigest(secretKey, userId, entered), 'hex');
  const b = Buffer.from(storedDigest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an expected end cannot be used, or null: it must be ahead of now and at most 12 hours away. */
export function expectedEndProblem(now: number, expectedEndAt: number): string | null {
  if (!Number.isFinite(expectedEndAt)) return 'Enter a date and time';
  if (expectedEndAt <= now + MINUTE) return 'Choose a time at least a minute from now';
  if (expectedEndAt > now + MAX_VISIT_HOURS * 60 * MINUTE) return `Choose a time within ${MAX_VISIT_HOURS} hours; you can extend later`;
  return null;
}

/**
 * A check-in says "I am all right". Before the expected end it is recorded and the timer
 * runs on (the worker still checks out, or extends, at the end). At or after the expected
 * end it is recorded and stops every stage still to come for this expected end; an alert
 * already raised stays open until a named person acknowledges it.
 */
export function checkIn(v: VisitTiming, now: number): { timing: VisitTiming; stopsStages: boolean } {
  const stopsStages = now >= v.expectedEndAt;
  return { timing: { ...v, checkedInAt: now, done: stopsStages ? new Set<VisitStage>(VISIT_STAGES) : v.done }, stopsStages };
}

/** The timing of a stored visit, for the rules in escalations/rules.ts. */
export function visitTiming(row: { started_at: string; expected_end_at: string; checked_in_at: string | null; status: string; stages_done: string }): VisitTiming {
  let done: VisitStage[] = [];
  try {
    const parsed: unknown = JSON.parse(row.stages_done);
    if (Array.isArray(parsed)) done = parsed.filter((s): s is VisitStage => (VISIT_STAGES as readonly string[]).includes(String(s)));
  } catch {
    done = [];
  }
  return {
    startedAt: Date.parse(row.started_at),
    expectedEndAt: Date.parse(row.expected_end_at),
    checkedInAt: row.checked_in_at ? Date.parse(row.checked_in_at) : null,
    ended: row.status !== 'active',
    done: new Set(done),
  };
}

/** Stages a worker is told about themselves (the later ones go to the shift lead). */
export const WORKER_STAGES: readonly VisitStage[] = ['reminder', 'due', 'worker_nudge'];

/**
 * After a restart several stages may fall due at once: a worker's own stage already overtaken
 * by a later one of theirs is recorded but not sent (only the latest says what matters now).
 */
export function overtakenForWorker(stage: VisitStage, v: Pick<VisitTiming, 'startedAt' | 'expectedEndAt'>, now: number, offsets?: VisitOffsets): boolean {
  const times = visitStageTimes(v, offsets);
  const later = WORKER_STAGES.slice(WORKER_STAGES.indexOf(stage) + 1);
  return WORKER_STAGES.includes(stage) && later.some((s) => times[s] <= now);
}

/** The words a worker is sent at their own stages (their own name only; no place, no person). */
export function workerStageMessage(stage: VisitStage, endsAt: string, link: string): { subject: string; message: string } {
  switch (stage) {
    case 'reminder':
      return { subject: 'Your lone visit is due to end soon', message: `Your lone visit is due to end at ${endsAt}. When you are done, check out in Alongside, or extend if you need longer: ${link}` };
    case 'due':
      return { subject: 'Time to check in', message: `Your lone visit was due to end at ${endsAt}. Please check in or extend in Alongside now: ${link}` };
    default:
      return { subject: 'Please check in now', message: `We have not heard from you since your lone visit was due to end at ${endsAt}. Please check in now. If we do not hear from you soon, your shift lead will be told: ${link}` };
  }
}

/** A time as people in the UK read it, like 14:30. */
export const ukTime = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
