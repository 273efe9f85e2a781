import { describe, expect, it } from 'vitest';
import { addDays, dueState, heldOnProblem, nextDueOn, reminders, ukDate } from './rules.js';

const DAY = 86_400_000;

describe('supervision due dates', () => {
  it('is due the rhythm after the last session, or after the rhythm was set when none has been held', () => {
    expect(nextDueOn({ everyDays: 28, setOn: '2026-01-01', lastHeldOn: '2026-11-01' })).toBe('2026-11-29');
    expect(nextDueOn({ everyDays: 28, setOn: '2026-11-26', lastHeldOn: null })).toBe('2026-12-24');
  });

  it('is on track, then due soon within a week, then overdue by whole days as the clock moves', () => {
    let now = Date.parse('2026-11-01T12:00:00Z');
    const due = '2026-11-20';
    expect(dueState(due, ukDate(now))).toEqual({ state: 'on_track', daysOverdue: 0 });
    now += 12 * DAY;
    expect(dueState(due, ukDate(now))).toEqual({ state: 'due_soon', daysOverdue: 0 });
    now += 7 * DAY;
    expect(ukDate(now)).toBe('2026-11-20');
    expect(dueState(due, ukDate(now))).toEqual({ state: 'due_soon', daysOverdue: 0 });
    now += 3 * DAY;
    expect(dueState(due, ukDate(now))).toEqual({ state: 'overdue', daysOverdue: 3 });
  });

  it('uses the UK date (after midnight in summer time it is already tomorrow)', () => {
    expect(ukDate(Date.parse('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(ukDate(Date.parse('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('reminds a week before and on the day, only when still ahead', () => {
    const due = '2026-12-10';
    expect(reminders(due, Date.parse('2026-11-26T12:00:00Z')).map((r) => [r.kind, new Date(r.at).toISOString()])).toEqual([
      ['before', '2026-12-03T08:00:00.000Z'],
      ['on_day', '2026-12-10T08:00:00.000Z'],
    ]);
    expect(reminders(due, Date.parse('2026-12-05T12:00:00Z')).map((r) => r.kind)).toEqual(['on_day']);
    expect(reminders(due, Date.parse('2026-12-11T12:00:00Z'))).toEqual([]);
  });

  it('refuses a session held on a date still to come', () => {
    const today = '2026-11-26';
    expect(heldOnProblem(addDays(today, 1), today)).toMatch(/not come yet/);
    expect(heldOnProblem(today, today)).toBeNull();
    expect(heldOnProblem('2020-01-01', today)).toMatch(/two years/);
  });
});
