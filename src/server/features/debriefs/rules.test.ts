import { describe, expect, it } from 'vitest';
import { contactState, DAY_MS, doneAtProblem, isComplete, overdueCount, plannedContacts, reminderAt, suggestsProfessionalHelp } from './rules.js';

/** A controllable clock: every rule takes "now" as a number. */
const clock = (start: string) => {
  let now = Date.parse(start);
  return { get now() { return now; }, advance(days: number) { now += days * DAY_MS; } };
};

describe('the debrief follow-up rhythm', () => {
  const accepted = Date.parse('2026-11-26T15:30:00Z');

  it('plans a planning contact within two days, a conversation on day three and a follow-up at a month', () => {
    expect(plannedContacts(accepted).map((c) => [c.kind, new Date(c.dueAt).toISOString()])).toEqual([
      ['planning', '2026-11-28T15:30:00.000Z'],
      ['conversation', '2026-11-29T15:30:00.000Z'],
      ['follow_up', '2026-12-26T15:30:00.000Z'],
    ]);
  });

  it('accepting again after saying no plans only what has not happened yet', () => {
    expect(plannedContacts(accepted, ['planning']).map((c) => c.kind)).toEqual(['conversation', 'follow_up']);
  });

  it('reminds the supporter on the morning of the day it is due, or at once if that has passed', () => {
    const due = Date.parse('2026-11-28T15:30:00Z');
    expect(new Date(reminderAt(due, accepted)).toISOString()).toBe('2026-11-28T08:00:00.000Z');
    expect(reminderAt(due, Date.parse('2026-11-28T10:00:00Z'))).toBe(Date.parse('2026-11-28T10:00:00Z'));
    // Due before 08:00: reminded at the due time, not after it.
    expect(reminderAt(Date.parse('2026-11-28T06:00:00Z'), accepted)).toBe(Date.parse('2026-11-28T06:00:00Z'));
  });

  it('moves from upcoming to due to overdue as the clock runs, and stops once declined', () => {
    const c = clock('2026-11-26T15:30:00Z');
    const [planning] = plannedContacts(c.now);
    const contact = { dueAt: planning!.dueAt, doneAt: null };
    expect(contactState(contact, c.now, 'booked')).toBe('upcoming');
    c.advance(1.5);
    expect(contactState(contact, c.now, 'booked')).toBe('due');
    c.advance(1);
    expect(contactState(contact, c.now, 'booked')).toBe('overdue');
    expect(overdueCount([contact], c.now, 'booked')).toBe(1);
    expect(contactState(contact, c.now, 'declined')).toBe('stopped');
    expect(overdueCount([contact], c.now, 'declined')).toBe(0);
    expect(contactState({ ...contact, doneAt: c.now }, c.now, 'booked')).toBe('done');
  });

  it('suggests professional help only when difficulties carry on after the conversation', () => {
    const at = accepted;
    const early = [
      { kind: 'planning' as const, doneAt: at, difficultiesPersist: true },
      { kind: 'conversation' as const, doneAt: at, difficultiesPersist: true },
    ];
    expect(suggestsProfessionalHelp(early)).toBe(false);
    expect(suggestsProfessionalHelp([...early, { kind: 'follow_up', doneAt: at, difficultiesPersist: false }])).toBe(false);
    expect(suggestsProfessionalHelp([...early, { kind: 'follow_up', doneAt: null, difficultiesPersist: null }])).toBe(false);
    expect(suggestsProfessionalHelp([...early, { kind: 'follow_up', doneAt: at, difficultiesPersist: true }])).toBe(true);
  });

  it('refuses a contact done in the future or before the debrief was accepted', () => {
    const c = clock('2026-11-30T12:00:00Z');
    expect(doneAtProblem(c.now + DAY_MS, c.now, accepted)).toMatch(/future/);
    expect(doneAtProblem(accepted - DAY_MS, c.now, accepted)).toMatch(/before/);
    expect(doneAtProblem(c.now - 3_600_000, c.now, accepted)).toBeNull();
  });

  it('is complete once the follow-up has happened', () => {
    expect(isComplete([{ kind: 'planning', doneAt: 1 }, { kind: 'conversation', doneAt: 2 }, { kind: 'follow_up', doneAt: null }])).toBe(false);
    expect(isComplete([{ kind: 'planning', doneAt: null }, { kind: 'follow_up', doneAt: 3 }])).toBe(true);
  });
});
