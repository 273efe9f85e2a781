import { describe, expect, it } from 'vitest';
import {
  beyondLimitProblem,
  caseloadFullMessage,
  closingProblems,
  countsTowardsCaseload,
  firstOverCaseload,
  handoverShareable,
  hasSomeWords,
  isFutureTime,
  limitWarning,
  statusChangeAllowed,
} from './rules.js';

describe('limitWarning', () => {
  it('says nothing well before the limit', () => {
    expect(limitWarning(0, 10)).toBeNull();
    expect(limitWarning(7, 10)).toBeNull();
  });
  it('is near from two below the limit', () => {
    expect(limitWarning(8, 10)).toBe('near');
    expect(limitWarning(9, 10)).toBe('near');
  });
  it('is reached at the limit and beyond past it', () => {
    expect(limitWarning(10, 10)).toBe('reached');
    expect(limitWarning(11, 10)).toBe('beyond');
    expect(limitWarning(25, 10)).toBe('beyond');
  });
  it('never warns before the first session, even with a tiny limit', () => {
    expect(limitWarning(0, 1)).toBeNull();
    expect(limitWarning(0, 2)).toBeNull();
    expect(limitWarning(1, 2)).toBe('near');
    expect(limitWarning(1, 1)).toBe('reached');
  });
});

describe('beyondLimitProblem', () => {
  it('lets sessions up to the limit through without a reason', () => {
    expect(beyondLimitProblem(10, 10, undefined)).toBeNull();
  });
  it('asks for a reason past the limit, naming the limit', () => {
    expect(beyondLimitProblem(11, 10, undefined)).toEqual({ beyondLimitReason: 'A session beyond the limit of 10 needs a reason' });
    expect(beyondLimitProblem(7, 6, '   ')).toEqual({ beyondLimitReason: 'A session beyond the limit of 6 needs a reason' });
  });
  it('accepts a reason past the limit', () => {
    expect(beyondLimitProblem(11, 10, 'Waiting for the community team to start')).toBeNull();
  });
});

describe('session checks', () => {
  const now = Date.parse('2026-11-26T12:00:00.000Z');
  it('refuses future times beyond a minute of grace', () => {
    expect(isFutureTime('2026-11-26T12:00:30.000Z', now)).toBe(false);
    expect(isFutureTime('2026-11-26T12:05:00.000Z', now)).toBe(true);
    expect(isFutureTime('2026-11-25T09:00:00.000Z', now)).toBe(false);
  });
  it('needs at least one filled text', () => {
    expect(hasSomeWords([undefined, '', '  ', null])).toBe(false);
    expect(hasSomeWords([undefined, 'Went for a walk with my sister'])).toBe(true);
  });
});

describe('statusChangeAllowed', () => {
  it('follows the life of an episode', () => {
    expect(statusChangeAllowed('offered', 'accepted')).toBe(true);
    expect(statusChangeAllowed('offered', 'declined')).toBe(true);
    expect(statusChangeAllowed('accepted', 'closed')).toBe(true);
    expect(statusChangeAllowed('declined', 'accepted')).toBe(true);
    expect(statusChangeAllowed('accepted', 'declined')).toBe(false);
    expect(statusChangeAllowed('closed', 'accepted')).toBe(false);
    expect(statusChangeAllowed('closed', 'offered')).toBe(false);
  });
});

describe('closingProblems', () => {
  it('needs a reason', () => {
    expect(closingProblems({ closingReason: undefined, closingNote: undefined, transitionStatuses: [] })).toEqual({ closingReason: expect.any(String) });
  });
  it('closes with a reason and no planned move', () => {
    expect(closingProblems({ closingReason: 'moved_on_with_support', closingNote: undefined, transitionStatuses: ['done', 'declined'] })).toBeNull();
  });
  it('refuses to close while a move is planned unless the note explains', () => {
    const problems = closingProblems({ closingReason: 'lost_touch', closingNote: ' ', transitionStatuses: ['done', 'planned'] });
    expect(problems?.closingNote).toMatch(/still planned/);
    expect(closingProblems({ closingReason: 'lost_touch', closingNote: 'No reply to three calls; the team will pick up', transitionStatuses: ['planned'] })).toBeNull();
  });
  it("needs a note for 'other'", () => {
    expect(closingProblems({ closingReason: 'other', closingNote: '', transitionStatuses: [] })?.closingNote).toBeDefined();
    expect(closingProblems({ closingReason: 'other', closingNote: 'Moved away', transitionStatuses: [] })).toBeNull();
  });
});

describe('caseload', () => {
  it('counts only open episodes', () => {
    expect(countsTowardsCaseload('offered', null)).toBe(true);
    expect(countsTowardsCaseload('accepted', null)).toBe(true);
    expect(countsTowardsCaseload('declined', null)).toBe(false);
    expect(countsTowardsCaseload('closed', '2026-01-01T00:00:00.000Z')).toBe(false);
    expect(countsTowardsCaseload('accepted', '2026-01-01T00:00:00.000Z')).toBe(false);
  });
  it('finds the first worker who would go over their maximum', () => {
    const checks = [
      { userId: 'a', displayName: 'Ada', current: 9, max: null },
      { userId: 'b', displayName: 'Bea', current: 3, max: 4 },
      { userId: 'c', displayName: 'Cal', current: 4, max: 4 },
      { userId: 'd', displayName: 'Dee', current: 6, max: 4 },
    ];
    expect(firstOverCaseload(checks)?.userId).toBe('c');
    expect(firstOverCaseload(checks.slice(0, 2))).toBeNull();
  });
  it('names the worker and their maximum', () => {
    expect(caseloadFullMessage({ displayName: 'Cal Jones', current: 4, max: 4 })).toMatch(/^Cal Jones already supports 4 people, which is the most agreed/);
    expect(caseloadFullMessage({ displayName: 'Cal Jones', current: 1, max: 1 })).toMatch(/supports 1 person,/);
    // A maximum lowered below someone's current caseload: say both numbers truthfully.
    expect(caseloadFullMessage({ displayName: 'Jordan Ellis', current: 4, max: 1 })).toBe(
      'Jordan Ellis already supports 4 people, and the most agreed for them is 1. Choose someone else, or talk with them and their manager first.',
    );
  });
});

describe('handoverShareable', () => {
  it('follows the person’s consent', () => {
    expect(handoverShareable(true)).toBe(true);
    expect(handoverShareable(false)).toBe(false);
  });
});
