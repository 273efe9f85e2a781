import { describe, expect, it } from 'vitest';
import { describeCaseload, caseloadMaxInput } from '../caseload/caseload-rules.js';
import { closingChecks, limitMessage, localToIso, nextIsBeyondLimit, sessionBody, sessionOf, transitionBody } from './episode-rules.js';

const blank = { date: '2026-03-14', time: '10:30', whatHasBeenHappening: '', strengthsAndResources: '', peopleAndNetworks: '', helpFromServices: '', nextSteps: '', beyondLimitReason: '' };

describe('episode rules', () => {
  it('counts sessions against the limit', () => {
    expect(sessionOf(3, 10)).toBe('Session 3 of 10');
    expect(sessionOf(11, 10)).toBe('Session 11 (beyond the 10 agreed)');
    expect(nextIsBeyondLimit({ sessionsUsed: 10, sessionLimit: 10 })).toBe(true);
    expect(nextIsBeyondLimit({ sessionsUsed: 9, sessionLimit: 10 })).toBe(false);
  });

  it('warns calmly as the limit nears and is reached', () => {
    expect(limitMessage(null, 2, 10)).toBeNull();
    expect(limitMessage('near', 9, 10)).toMatch(/^One session is left of the 10/);
    expect(limitMessage('near', 8, 10)).toMatch(/^2 sessions are left/);
    expect(limitMessage('reached', 10, 10)).toMatch(/All 10 sessions/);
    expect(limitMessage('beyond', 12, 10)).toMatch(/12 sessions so far/);
  });

  it('needs some words, a real past time, and a reason beyond the limit', () => {
    const now = new Date('2026-03-15T00:00:00Z');
    const empty = sessionBody(blank, true, now);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(Object.keys(empty.errors).sort()).toEqual(['beyondLimitReason', 'whatHasBeenHappening']);
    const future = sessionBody({ ...blank, date: '2026-04-01', nextSteps: 'Call the group' }, false, now);
    expect(future.ok ? null : future.errors.date).toMatch(/future/);
    const good = sessionBody({ ...blank, strengthsAndResources: ' Walked here ', beyondLimitReason: 'ignored' }, false, now);
    expect(good).toEqual({ ok: true, body: { heldAt: localToIso('2026-03-14', '10:30'), strengthsAndResources: 'Walked here' } });
    expect(localToIso('2026-02-30', '10:00')).toBeNull();
  });

  it('plans a move on with consent and how it was given', () => {
    const missing = transitionBody({ toName: '', plannedDate: '14/03', handoverSummary: '', consent: 'yes', how: '' });
    expect(missing.ok ? [] : Object.keys(missing.errors).sort()).toEqual(['how', 'plannedDate', 'toName']);
    expect(transitionBody({ toName: 'Recovery college', plannedDate: '2026-04-01', handoverSummary: ' Likes mornings ', consent: 'yes', how: 'phone' })).toEqual({
      ok: true,
      body: { toName: 'Recovery college', status: 'planned', shareConsent: { given: true, how: 'phone' }, plannedDate: '2026-04-01', handoverSummary: 'Likes mornings' },
    });
    expect(transitionBody({ toName: 'GP', plannedDate: '', handoverSummary: '', consent: 'no', how: '' })).toEqual({ ok: true, body: { toName: 'GP', status: 'planned', shareConsent: { given: false } } });
    // A directory entry chosen: its id, and its name for people reading the plan (a name typed before is not sent).
    expect(transitionBody({ toName: 'typed first', toDirectoryServiceId: 'e1', toDirectoryName: 'Riverside Recovery College', plannedDate: '', handoverSummary: '', consent: 'no', how: '' })).toEqual({
      ok: true,
      body: { toName: 'Riverside Recovery College', toDirectoryServiceId: 'e1', status: 'planned', shareConsent: { given: false } },
    });
  });

  it('asks for an explanation when closing with a move on still planned', () => {
    expect(closingChecks('', '', false).closingReason).toBeTruthy();
    expect(closingChecks('lost_touch', '', true).closingNote).toMatch(/still planned/);
    expect(closingChecks('lost_touch', '', false).closingNote).toBe(false);
    expect(closingChecks('other', '', false).closingNote).toBeTruthy();
  });

  it('describes caseloads and reads the maximum box', () => {
    expect(describeCaseload(0, null)).toBe('No one');
    expect(describeCaseload(3, 5)).toBe('3 people of a maximum of 5');
    expect(caseloadMaxInput('')).toEqual({ ok: true, value: null });
    expect(caseloadMaxInput(' 6 ')).toEqual({ ok: true, value: 6 });
    expect(caseloadMaxInput('0').ok).toBe(false);
    expect(caseloadMaxInput('2.5').ok).toBe(false);
    expect(caseloadMaxInput('201').ok).toBe(false);
  });
});
