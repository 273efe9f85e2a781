import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextVisitStage, VISIT_STAGES, type VisitTiming } from '../escalations/rules.js';
import { checkIn, codeDigits, duressDigest, expectedEndProblem, matchesDuressCode, overtakenForWorker, visitTiming, workerStageMessage } from './rules.js';

const T0 = Date.parse('2026-11-26T22:00:00Z');
const min = (n: number) => n * 60_000;
const KEY = 'secret-key-for-tests';

describe('duress codes', () => {
  it('are kept as a keyed digest bound to the person, never the code', () => {
    const digest = duressDigest(KEY, 'u1', '2580');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toContain('2580');
    expect(duressDigest(KEY, 'u2', '2580')).not.toBe(digest);
    expect(duressDigest('another-key', 'u1', '2580')).not.toBe(digest);
  });

  it('match only the exact digits, ignoring spaces typed around them', () => {
    const stored = duressDigest(KEY, 'u1', '2580');
    expect(matchesDuressCode(KEY, 'u1', '2580', stored)).toBe(true);
    expect(matchesDuressCode(KEY, 'u1', ' 25 80 ', stored)).toBe(true);
    for (const near of ['258', '25800', '2581', '0258', 'cancel', '', 'CANCEL 2580x1']) expect(matchesDuressCode(KEY, 'u1', near, stored), near).toBe(false);
    expect(matchesDuressCode(KEY, 'u2', '2580', stored)).toBe(false);
    expect(matchesDuressCode(KEY, 'u1', '2580', null)).toBe(false);
    expect(codeDigits('a1b2')).toBe('12');
  });

  it('any other code is an ordinary cancel', () => {
    const stored = duressDigest(KEY, 'u1', '424242');
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (typed) => {
        fc.pre(codeDigits(typed) !== '424242');
        expect(matchesDuressCode(KEY, 'u1', typed, stored)).toBe(false);
      }),
    );
  });
});

describe('expected end of a visit', () => {
  it('must be ahead of now and within 12 hours', () => {
    expect(expectedEndProblem(T0, T0 + min(30))).toBeNull();
    expect(expectedEndProblem(T0, T0 + min(12 * 60))).toBeNull();
    expect(expectedEndProblem(T0, T0)).toMatch(/at least a minute/);
    expect(expectedEndProblem(T0, T0 - min(5))).toMatch(/at least a minute/);
    expect(expectedEndProblem(T0, T0 + min(12 * 60 + 1))).toMatch(/within 12 hours/);
    expect(expectedEndProblem(T0, Number.NaN)).not.toBeNull();
  });
});

describe('check-in', () => {
  const visit: VisitTiming = { startedAt: T0, expectedEndAt: T0 + min(60), checkedInAt: null, ended: false, done: new Set() };

  it('before the end is recorded and the timer runs on', () => {
    const { timing, stopsStages } = checkIn(visit, T0 + min(20));
    expect(stopsStages).toBe(false);
    expect(timing.checkedInAt).toBe(T0 + min(20));
    expect(nextVisitStage('v', timing)?.stage).toBe('reminder');
  });

  it('at or after the end (even after the alert fired) stops every stage still to come', () => {
    for (const late of [0, 7, 16, 40]) {
      const fired = { ...visit, done: new Set(VISIT_STAGES.filter((_, i) => i < 4)) };
      const { timing, stopsStages } = checkIn(late < 16 ? visit : fired, visit.expectedEndAt + min(late));
      expect(stopsStages).toBe(true);
      expect(nextVisitStage('v', timing)).toBeNull();
    }
  });
});

describe('worker reminders after a restart', () => {
  const v = { startedAt: T0, expectedEndAt: T0 + min(60) };
  it('only the latest of the worker’s own stages that is due is sent', () => {
    const now = v.expectedEndAt + min(20);
    expect(overtakenForWorker('reminder', v, now)).toBe(true);
    expect(overtakenForWorker('due', v, now)).toBe(true);
    expect(overtakenForWorker('worker_nudge', v, now)).toBe(false);
    expect(overtakenForWorker('reminder', v, v.expectedEndAt - min(10))).toBe(false);
    expect(overtakenForWorker('lead_alert', v, now)).toBe(false);
  });

  it('messages name no place and no person, and carry the link', () => {
    for (const stage of ['reminder', 'due', 'worker_nudge'] as const) {
      const m = workerStageMessage(stage, '14:30', 'https://x.test/lone-working');
      expect(m.message).toContain('14:30');
      expect(m.message).toContain('https://x.test/lone-working');
    }
  });
});

describe('stored visit timing', () => {
  it('reads the stages done, ignoring anything unknown or broken', () => {
    const row = { started_at: new Date(T0).toISOString(), expected_end_at: new Date(T0 + min(60)).toISOString(), checked_in_at: null, status: 'active', stages_done: '["reminder","nonsense"]' };
    expect([...visitTiming(row).done]).toEqual(['reminder']);
    expect([...visitTiming({ ...row, stages_done: 'not json' }).done]).toEqual([]);
    expect(visitTiming({ ...row, status: 'ended' }).ended).toBe(true);
  });
});
