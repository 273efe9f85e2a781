import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '../../../shared/alerts.js';
import { alertMessage, alertText, alertTitle, nextReminderAt, reminderGapMinutes, reminderKey, whoMustAct } from './rules.js';

const T0 = Date.parse('2026-11-26T22:00:00Z');
const min = (n: number) => n * 60_000;

describe('alert reminders', () => {
  it('come on staged gaps — soon, then steady — and never stop while nobody has acknowledged', () => {
    let a = { raisedAt: T0, lastRemindedAt: null as number | null, reminders: 0 };
    const at: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = nextReminderAt(a);
      at.push((next - T0) / 60_000);
      a = { ...a, lastRemindedAt: next, reminders: a.reminders + 1 };
    }
    expect(at).toEqual([2, 5, 10, 20, 30, 40, 50, 60]);
    expect(reminderGapMinutes(10_000)).toBe(10);
    expect(reminderGapMinutes(-1)).toBe(2);
  });

  it('after a long outage the next reminder counts from the last one sent, so one goes, not a burst', () => {
    const sentLate = T0 + min(120);
    expect(nextReminderAt({ raisedAt: T0, lastRemindedAt: sentLate, reminders: 1 })).toBe(sentLate + min(3));
  });

  it('one job key per reminder', () => {
    expect(reminderKey('a1', 3)).toBe('alert:a1:remind:3');
    expect(reminderKey('a1', 3)).not.toBe(reminderKey('a1', 4));
  });
});

describe('who must act', () => {
  it('the shift leads on shift now, then the service managers, then anyone named; never the worker', () => {
    expect(whoMustAct({ shiftLeads: ['lead1', 'lead2'], onShift: new Set(['lead2', 'peer']), serviceManagers: ['mgr'], extra: ['contact', null], exclude: ['worker'] })).toEqual(['lead2', 'mgr', 'contact']);
  });

  it('every shift lead when none is on shift', () => {
    expect(whoMustAct({ shiftLeads: ['lead1', 'lead2'], onShift: new Set(['peer']), serviceManagers: ['mgr'] })).toEqual(['lead1', 'lead2', 'mgr']);
  });

  it('no repeats, and the excluded worker is left out even when they are a lead or the contact', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd')), fc.array(fc.constantFrom('a', 'b', 'c', 'd')), fc.array(fc.constantFrom('a', 'b', 'c', 'd')), fc.constantFrom('a', 'b', 'c', 'd'), (leads, managers, extra, worker) => {
        const out = whoMustAct({ shiftLeads: leads, onShift: new Set(), serviceManagers: managers, extra, exclude: [worker] });
        expect(new Set(out).size).toBe(out.length);
        expect(out).not.toContain(worker);
        for (const id of [...leads, ...managers, ...extra]) if (id !== worker) expect(out).toContain(id);
      }),
    );
  });
});

describe('alert words', () => {
  it('name only the worker, and say plainly what happened', () => {
    for (const kind of ALERT_KINDS) {
      const title = alertTitle(kind, 'Sam');
      expect(title.length).toBeGreaterThan(10);
      expect(title).not.toMatch(/risk|score|\bfail/i);
    }
    expect(alertTitle('visit_overdue', null)).toBe('A colleague has not checked in after a lone visit.');
  });

  it('a message carries the link, says when it is a reminder, and asks not to contact a worker who used their safety code', () => {
    const first = alertMessage({ kind: 'visit_overdue', workerName: 'Sam', serviceName: 'North haven', link: 'https://x.test/alerts', reminder: 0 });
    expect(first.subject).toBe('An alert at North haven needs you');
    expect(first.message).toContain('https://x.test/alerts');
    const again = alertMessage({ kind: 'duress', workerName: 'Sam', serviceName: 'North haven', link: 'https://x.test/alerts', reminder: 2 });
    expect(again.subject).toMatch(/^Reminder/);
    expect(again.message).toContain('Please do not call or text them first');
  });

  it('texts are short and say only the worker, the service and the link; a safety-code text says not to call first', () => {
    const link = 'https://alongside.example.org/app/services/0190a7c4-8d2e-7000-8000-000000000000/board';
    for (const kind of ALERT_KINDS) {
      for (const reminder of [0, 3]) {
        const text = alertText({ kind, workerName: 'Samantha Longname-Example', serviceName: 'North Yorkshire safe haven', link, reminder });
        // Three text fragments at most (153 characters each when split).
        expect(text.length, `${kind} ${reminder}`).toBeLessThanOrEqual(459);
        expect(text).toContain(link);
        expect(text).toContain('North Yorkshire safe haven');
      }
    }
    expect(alertText({ kind: 'duress', workerName: 'Sam', serviceName: 'North haven', link, reminder: 0 })).toContain('Do not call or text them first');
    expect(alertText({ kind: 'help_now', workerName: 'Sam', serviceName: 'North haven', link, reminder: 1 })).toMatch(/^Alongside reminder/);
  });
});