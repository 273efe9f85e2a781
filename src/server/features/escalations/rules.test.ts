import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLadder, LadderSteps } from '../../../shared/escalations.js';
import {
  compareViews,
  countdown,
  extendVisit,
  isDuressCode,
  mayRecordPerspective,
  nextEscalationEvent,
  nextVisitStage,
  reachesPerson,
  repeatGapMinutes,
  repeatsCaughtUp,
  stepStatus,
  visitStageTimes,
  type EscalationTiming,
  type StepReach,
  type VisitStage,
  type VisitTiming,
} from './rules.js';

const T0 = Date.parse('2026-11-26T22:00:00Z');
const min = (n: number) => n * 60_000;

/** Plays an escalation forward with nobody answering: what fires, and when. */
function play(windows: number[], until: number): { type: string; at: number; key: string }[] {
  const fired: { type: string; at: number; key: string }[] = [];
  let t: EscalationTiming = { windowsMinutes: windows, stepIndex: 0, stepStartedAt: T0, repeats: 0, acknowledged: false, closed: false };
  for (;;) {
    const next = nextEscalationEvent('e1', t);
    if (!next || next.at > until) return fired;
    fired.push({ type: next.type, at: next.at, key: next.key });
    t = next.type === 'advance' ? { ...t, stepIndex: next.toStep, stepStartedAt: next.at } : { ...t, repeats: next.repeat };
  }
}

describe('escalation ladder timing', () => {
  it('starts each next step by itself when a window passes unacknowledged', () => {
    const fired = play([10, 10, 15], T0 + min(35));
    expect(fired.map((f) => [f.type, (f.at - T0) / 60_000])).toEqual([
      ['advance', 10],
      ['advance', 20],
      ['repeat', 35],
    ]);
  });

  it('the last step never goes quiet: it repeats on staged gaps for as long as nobody answers', () => {
    const fired = play([5], T0 + min(5 + 2 + 3 + 5 + 5 + 10 + 10 + 10));
    expect(fired.map((f) => (f.at - T0) / 60_000)).toEqual([5, 7, 10, 15, 20, 30, 40, 50]);
    // A whole night unanswered still alerts every 10 minutes.
    const night = play([5], T0 + min(8 * 60));
    const gaps = night.slice(1).map((f, i) => (f.at - night[i]!.at) / 60_000);
    expect(Math.max(...gaps)).toBe(10);
    expect(night.length).toBeGreaterThan(45);
    expect(repeatGapMinutes(1000)).toBe(10);
  });

  it('stops at once when someone acknowledges, or it is closed', () => {
    const base: EscalationTiming = { windowsMinutes: [10, 10], stepIndex: 1, stepStartedAt: T0, repeats: 3, acknowledged: false, closed: false };
    expect(nextEscalationEvent('e1', base)).not.toBeNull();
    expect(nextEscalationEvent('e1', { ...base, acknowledged: true })).toBeNull();
    expect(nextEscalationEvent('e1', { ...base, closed: true })).toBeNull();
  });

  it('names every event uniquely and the same way each time, so a restart cannot schedule it twice', () => {
    const fired = play([10, 10, 10, 10], T0 + min(24 * 60));
    expect(new Set(fired.map((f) => f.key)).size).toBe(fired.length);
    expect(play([10, 10, 10, 10], T0 + min(24 * 60))).toEqual(fired);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 240 }), { minLength: 1, maxLength: 12 }), (windows) => {
        const events = play(windows, T0 + min(windows.reduce((a, b) => a + b, 0) + 120));
        // Every step but the last advances exactly once, in order, and time only goes forward.
        expect(events.filter((e) => e.type === 'advance')).toHaveLength(windows.length - 1);
        for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThan(events[i - 1]!.at);
        expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
      }),
    );
  });

  it('counts down to the next step, and says when it is overdue', () => {
    expect(countdown(T0 + min(3) + 5000, T0)).toEqual({ overdue: false, minutes: 3, seconds: 5 });
    expect(countdown(T0, T0 + 61_000)).toEqual({ overdue: true, minutes: 1, seconds: 1 });
  });
});

describe('ladders', () => {
  it('a new service’s ladder follows the shape services described, and is valid', () => {
    const ladder = defaultLadder();
    expect(LadderSteps.safeParse(ladder).success).toBe(true);
    expect(ladder.map((s) => s.action)).toEqual(['phone', 'phone', 'phone', 'phone', 'email', 'call_999']);
  });

  it('refuses a ladder with no steps, zero or negative windows, a step reaching nobody, or a step repeated', () => {
    const errors = (steps: unknown) => {
      const r = LadderSteps.safeParse(steps);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(errors([])).toEqual([': A ladder needs at least one step']);
    const step = { label: 'Call the lead', action: 'phone', who: { kind: 'role', role: 'shift_lead' }, windowMinutes: 10 };
    expect(errors([{ ...step, windowMinutes: 0 }])).toEqual(['0.windowMinutes: Give each step at least a minute']);
    expect(errors([{ ...step, windowMinutes: -5 }])).toEqual(['0.windowMinutes: Give each step at least a minute']);
    expect(errors([{ ...step, windowMinutes: 2.5 }])).toEqual(['0.windowMinutes: Enter whole minutes']);
    expect(errors([{ ...step, who: { kind: 'none' } }])).toEqual(['0.who: Choose who this step reaches']);
    expect(errors([step, step])).toEqual(['1: This step repeats the one before it. Make it a different action or person, or remove it']);
    expect(errors([{ ...step, goTo: 0 }])).toEqual([': Unrecognized key: "goTo"'].map((m) => `0${m}`));
  });
});

describe('lone working timers', () => {
  const visit = (minutes: number, done: VisitStage[] = []): VisitTiming => ({ startedAt: T0, expectedEndAt: T0 + min(minutes), checkedInAt: null, ended: false, done: new Set(done) });

  it('reminds before the end, asks for a check-in at the end, then nudges, alerts the lead and escalates', () => {
    const times = visitStageTimes(visit(60));
    expect(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, (v - T0) / 60_000]))).toEqual({ reminder: 50, due: 60, worker_nudge: 65, lead_alert: 75, escalate: 90 });
    expect((visitStageTimes(visit(12)).reminder - T0) / 60_000).toBe(6);
    // A service (or a test server) may set its own times after the end.
    const quick = visitStageTimes(visit(60), { due: 0, worker_nudge: 1, lead_alert: 2, escalate: 4 });
    expect([quick.worker_nudge, quick.lead_alert, quick.escalate].map((v) => (v - T0) / 60_000)).toEqual([61, 62, 64]);
  });

  it('fires each stage once, in order, and nothing after the visit ends', () => {
    const v = visit(60);
    const order: VisitStage[] = [];
    let done = new Set<VisitStage>();
    for (;;) {
      const next = nextVisitStage('v1', { ...v, done });
      if (!next) break;
      order.push(next.stage);
      done = new Set([...done, next.stage]);
    }
    expect(order).toEqual(['reminder', 'due', 'worker_nudge', 'lead_alert', 'escalate']);
    expect(nextVisitStage('v1', { ...v, ended: true })).toBeNull();
  });

  it('extending starts the stages afresh from the new end, but an alert already raised stays until acknowledged', () => {
    const before = visit(60, ['reminder', 'due', 'worker_nudge', 'lead_alert']);
    const { timing, alertStaysOpen } = extendVisit(before, T0 + min(120), T0 + min(80));
    expect(alertStaysOpen).toBe(true);
    expect(nextVisitStage('v1', timing)).toEqual({ stage: 'reminder', at: T0 + min(110), key: `visit:v1:reminder:${T0 + min(120)}` });
    expect(extendVisit(visit(60, ['reminder']), T0 + min(90), T0 + min(55)).alertStaysOpen).toBe(false);
  });
});

describe('duress code', () => {
  it('recognises the code (spaces ignored) and nothing else', () => {
    expect(isDuressCode('4 7 1 9', '4719')).toBe(true);
    expect(isDuressCode('4718', '4719')).toBe(false);
    expect(isDuressCode('47190', '4719')).toBe(false);
    expect(isDuressCode('', '4719')).toBe(false);
    expect(isDuressCode('4719', null)).toBe(false);
    expect(isDuressCode('', '')).toBe(false);
  });
});

describe('who an escalation reaches, and views side by side', () => {
  const steps: StepReach[] = [
    { who: { kind: 'role', role: 'shift_lead' } },
    { who: { kind: 'role', role: 'clinical_partner' } },
    { who: { kind: 'user', userId: 'u-named' } },
    { who: { kind: 'none' } },
  ];
  const partner = { userId: 'u-partner', roles: new Set(['clinical_partner']) };
  const named = { userId: 'u-named', roles: new Set(['clinical_partner']) };

  it('reaches a person once a step up to the current one names them or their role, and not before', () => {
    expect(reachesPerson(steps, 0, partner)).toBe(false);
    expect(reachesPerson(steps, 1, partner)).toBe(true);
    expect(reachesPerson(steps, 3, partner)).toBe(true);
    expect(reachesPerson(steps, 1, { userId: 'u-named', roles: new Set() })).toBe(false);
    expect(reachesPerson(steps, 2, { userId: 'u-named', roles: new Set() })).toBe(true);
    expect(reachesPerson(steps, 0, named)).toBe(false);
  });

  it('marks steps done, current or still to come (the current one done once closed)', () => {
    expect([0, 1, 2].map((i) => stepStatus(i, 1, false))).toEqual(['done', 'current', 'upcoming']);
    expect([0, 1, 2].map((i) => stepStatus(i, 1, true))).toEqual(['done', 'done', 'upcoming']);
  });

  it('views differ when anyone recording one said so; both sides are heard only with a peer view and another', () => {
    expect(compareViews([])).toEqual({ both: false, differ: false });
    expect(compareViews([{ perspective: 'peer', differs: false }])).toEqual({ both: false, differ: false });
    expect(compareViews([{ perspective: 'peer', differs: false }, { perspective: 'social_care', differs: false }])).toEqual({ both: true, differ: false });
    expect(compareViews([{ perspective: 'peer', differs: false }, { perspective: 'clinical', differs: true }])).toEqual({ both: true, differ: true });
  });

  it('a clinical partner records the clinical or social care side only; workers may record any, naming it', () => {
    const clinician = new Set(['clinical_partner']);
    expect(mayRecordPerspective('clinical', clinician)).toBe(true);
    expect(mayRecordPerspective('social_care', clinician)).toBe(true);
    expect(mayRecordPerspective('peer', clinician)).toBe(false);
    expect(mayRecordPerspective('clinical', new Set(['peer_worker']))).toBe(true);
    expect(mayRecordPerspective('peer', new Set(['commissioner']))).toBe(false);
  });

  it('after a long outage on the last step, the missed repeats are skipped: one fires, then the usual rhythm', () => {
    const t: EscalationTiming = { windowsMinutes: [5], stepIndex: 0, stepStartedAt: T0, repeats: 1, acknowledged: false, closed: false };
    // Repeat 1 was due at +5; the server came back at +65.
    const repeats = repeatsCaughtUp('e1', t, T0 + min(65));
    const next = nextEscalationEvent('e1', { ...t, repeats })!;
    expect(next.at).toBeGreaterThan(T0 + min(65));
    expect(next.at - (T0 + min(65))).toBeLessThanOrEqual(min(10));
    // Nothing missed: nothing skipped.
    expect(repeatsCaughtUp('e1', t, T0 + min(6))).toBe(1);
    // Never loops for an acknowledged one.
    expect(repeatsCaughtUp('e1', { ...t, acknowledged: true }, T0 + min(600))).toBe(1);
  });
});
