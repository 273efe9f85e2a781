/**
 * The timing rules of escalations and lone working, as pure functions of data and a time,
 * so they are tested with any clock (rules.test.ts). The server turns each "next event" into
 * a durable job (jobs/jobs.ts) keyed by what it is, so no event is scheduled twice.
 */

const MINUTE = 60_000;

export interface EscalationTiming {
  /** Each step's window, in order (a copy of the ladder taken when it was raised). */
  windowsMinutes: readonly number[];
  /** The step now under way (0-based) and when it started. */
  stepIndex: number;
  stepStartedAt: number;
  /** How many times the last step has already repeated its alert. */
  repeats: number;
  acknowledged: boolean;
  closed: boolean;
}

export type EscalationEvent =
  /** The step's window passed unacknowledged: the next step starts by itself. */
  | { type: 'advance'; fromStep: number; toStep: number; at: number; key: string }
  /** The last step never goes quiet: alert the shift lead and service manager again. */
  | { type: 'repeat'; step: number; repeat: number; at: number; key: string };

/**
 * Gaps between repeats of the last step's alert: close together at first, then steady, and
 * never stopping. Staged so a team is not deafened, but nobody can miss it for long.
 */
export const REPEAT_GAPS_MINUTES = [2, 3, 5, 5, 10] as const;
export const repeatGapMinutes = (repeat: number): number => REPEAT_GAPS_MINUTES[Math.min(repeat, REPEAT_GAPS_MINUTES.length - 1)]!;

/** What happens next to an escalation, and when; null once someone has acknowledged or it closed. */
export function nextEscalationEvent(escalationId: string, t: EscalationTiming): EscalationEvent | null {
  if (t.acknowledged || t.closed) return null;
  const last = t.windowsMinutes.length - 1;
  const window = t.windowsMinutes[t.stepIndex];
  if (window === undefined) throw new Error('step out of range');
  const windowEnds = t.stepStartedAt + window * MINUTE;
  if (t.stepIndex < last) {
    return { type: 'advance', fromStep: t.stepIndex, toStep: t.stepIndex + 1, at: windowEnds, key: `escalation:${escalationId}:advance:${t.stepIndex}` };
  }
  // The last step: its first repeat when its own window ends, then on the staged gaps.
  let at = windowEnds;
  for (let r = 1; r <= t.repeats; r++) at += repeatGapMinutes(r - 1) * MINUTE;
  return { type: 'repeat', step: last, repeat: t.repeats + 1, at, key: `escalation:${escalationId}:repeat:${t.repeats + 1}` };
}

/** Minutes and seconds left before the next step starts, for the countdown on screen. */
export function countdown(nextAt: number, now: number): { overdue: boolean; minutes: number; seconds: number } {
  const left = nextAt - now;
  const abs = Math.abs(left);
  return { overdue: left < 0, minutes: Math.floor(abs / MINUTE), seconds: Math.floor((abs % MINUTE) / 1000) };
}

// ---- lone working ------------------------------------------------------------------

export interface VisitTiming {
  startedAt: number;
  expectedEndAt: number;
  /** The latest check-in, which moves the expected end when the worker extends. */
  checkedInAt: number | null;
  ended: boolean;
  /** Stages already done, so a restart never repeats one. */
  done: ReadonlySet<VisitStage>;
}

export const VISIT_STAGES = ['reminder', 'due', 'worker_nudge', 'lead_alert', 'escalate'] as const;
export type VisitStage = (typeof VISIT_STAGES)[number];

/**
 * When each stage of a visit's safety timer falls, relative to the expected end:
 * - reminder: 10 minutes before (half-way for visits shorter than 20 minutes);
 * - due: at the expected end, the worker is asked to check in or extend;
 * - worker_nudge: 5 minutes after, a second reminder to the worker;
 * - lead_alert: 15 minutes after, an alert to the shift lead;
 * - escalate: 30 minutes after, the service's escalation ladder starts.
 * Fired stages are in `done`; after the visit ends nothing more fires.
 */
export type VisitOffsets = Record<Exclude<VisitStage, 'reminder'>, number>;
export const VISIT_OFFSETS_MINUTES: VisitOffsets = { due: 0, worker_nudge: 5, lead_alert: 15, escalate: 30 };

/** Each stage's time; `offsets` (minutes after the expected end) come from LONE_WORKING_STAGES_MINUTES. */
export function visitStageTimes(v: Pick<VisitTiming, 'startedAt' | 'expectedEndAt'>, offsets: VisitOffsets = VISIT_OFFSETS_MINUTES): Record<VisitStage, number> {
  const length = v.expectedEndAt - v.startedAt;
  const reminder = length < 20 * MINUTE ? v.startedAt + Math.floor(length / 2) : v.expectedEndAt - 10 * MINUTE;
  return {
    reminder,
    due: v.expectedEndAt + offsets.due * MINUTE,
    worker_nudge: v.expectedEndAt + offsets.worker_nudge * MINUTE,
    lead_alert: v.expectedEndAt + offsets.lead_alert * MINUTE,
    escalate: v.expectedEndAt + offsets.escalate * MINUTE,
  };
}

/** The next stage still to fire, and when; null when the visit has ended or all have fired. */
export function nextVisitStage(visitId: string, v: VisitTiming, offsets: VisitOffsets = VISIT_OFFSETS_MINUTES): { stage: VisitStage; at: number; key: string } | null {
  if (v.ended) return null;
  const times = visitStageTimes(v, offsets);
  for (const stage of VISIT_STAGES) {
    if (v.done.has(stage)) continue;
    // A reminder whose moment passed before the visit began (a very short visit) is skipped.
    if (stage === 'reminder' && times.reminder <= v.startedAt) continue;
    return { stage, at: times[stage], key: `visit:${visitId}:${stage}:${v.expectedEndAt}` };
  }
  return null;
}

/**
 * Extending a visit moves its expected end and starts its stages afresh, except that an
 * alert already raised stays raised until someone acknowledges it (checking in late is
 * recorded, but does not make the alarm disappear).
 */
export function extendVisit(v: VisitTiming, newEndAt: number, now: number): { timing: VisitTiming; alertStaysOpen: boolean } {
  const alertStaysOpen = v.done.has('lead_alert') || v.done.has('escalate');
  return { timing: { ...v, expectedEndAt: newEndAt, checkedInAt: now, done: new Set() }, alertStaysOpen };
}

/**
 * A worker's duress code: typed in place of the ordinary cancel, it looks exactly like a
 * cancel to anyone watching, but raises a silent alert. Compared in constant time over
 * digits only, so its length or a near miss cannot be told from the reply.
 */
export function isDuressCode(entered: string, duressCode: string | null): boolean {
  if (!duressCode) return false;
  const a = entered.replace(/\D/g, '');
  const b = duressCode.replace(/\D/g, '');
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0 && b.length > 0;
}

// ---- who an escalation reaches, and views side by side --------------------------------

/** The parts of a ladder step these rules look at. */
export interface StepReach {
  who: { kind: 'role'; role: string } | { kind: 'user'; userId: string } | { kind: 'directory'; directoryEntryId: string } | { kind: 'none' };
}

/**
 * Whether an escalation has reached this person by now: a step up to and including the
 * current one names them, or a role they hold. A clinical partner sees, and may acknowledge,
 * only the escalations that have reached them.
 */
export function reachesPerson(steps: readonly StepReach[], stepIndex: number, person: { userId: string; roles: ReadonlySet<string> }): boolean {
  return steps.slice(0, stepIndex + 1).some((s) => (s.who.kind === 'user' && s.who.userId === person.userId) || (s.who.kind === 'role' && person.roles.has(s.who.role)));
}

/** Each step's place on the ladder now: before the current one, the current one, or still to come. */
export function stepStatus(index: number, current: number, closed: boolean): 'done' | 'current' | 'upcoming' {
  if (index < current || (closed && index === current)) return 'done';
  return index === current ? 'current' : 'upcoming';
}

export interface ViewFacts {
  perspective: 'peer' | 'clinical' | 'social_care';
  differs: boolean;
}

/**
 * Views side by side: the peer worker's on one side, the clinical or social care ones on the
 * other. They "differ" when anyone recording a view said so. `both` says whether the two sides
 * have both been heard (what the "how often views differed" report counts).
 */
export function compareViews(views: readonly ViewFacts[]): { both: boolean; differ: boolean } {
  const peer = views.some((v) => v.perspective === 'peer');
  const other = views.some((v) => v.perspective !== 'peer');
  return { both: peer && other, differ: views.some((v) => v.differs) };
}

/** Who may record which side: clinical partners speak for the clinical or social care side only. */
export function mayRecordPerspective(perspective: ViewFacts['perspective'], roles: ReadonlySet<string>): boolean {
  const worker = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'].some((r) => roles.has(r));
  if (worker) return true;
  return roles.has('clinical_partner') && perspective !== 'peer';
}

/**
 * After a repeat fired late (the server was down through several), the repeats whose moments
 * also passed are skipped: what was missed fires once, then the usual rhythm resumes.
 * Returns the repeat count to store.
 */
export function repeatsCaughtUp(escalationId: string, t: EscalationTiming, now: number): number {
  let repeats = t.repeats;
  for (;;) {
    const next = nextEscalationEvent(escalationId, { ...t, repeats });
    if (!next || next.type !== 'repeat' || next.at > now) return repeats;
    repeats += 1;
  }
}
