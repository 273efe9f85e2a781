import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_NAME, ageOn, callbackHandlerAfter, callbackMoveProblem, contactTimeProblems, decodeCursor, displayNameOf, encodeCursor, isUnder16, toUtcIso,
} from './rules.js';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const base = { arrivedAt: '2026-11-26T10:00:00.000Z', firstSeenAt: null, leftAt: null, outcome: null };

describe('contactTimeProblems', () => {
  it('accepts times in order', () => {
    expect(contactTimeProblems({ ...base, firstSeenAt: '2026-11-26T10:05:00.000Z', leftAt: '2026-11-26T11:00:00.000Z', outcome: 'signposted' }, NOW)).toEqual({});
  });
  it('allows five minutes of clock difference, not more', () => {
    expect(contactTimeProblems({ ...base, arrivedAt: '2026-11-26T12:04:59.000Z' }, NOW)).toEqual({});
    expect(contactTimeProblems({ ...base, arrivedAt: '2026-11-26T12:05:01.000Z' }, NOW)).toHaveProperty('arrivedAt');
  });
  it('refuses first seen before arrival and in the future', () => {
    expect(contactTimeProblems({ ...base, firstSeenAt: '2026-11-26T09:59:00.000Z' }, NOW).firstSeenAt).toMatch(/before they arrived/);
    expect(contactTimeProblems({ ...base, firstSeenAt: '2026-11-27T09:59:00.000Z' }, NOW).firstSeenAt).toMatch(/future/);
  });
  it('refuses left before arrival, before first seen, in the future', () => {
    expect(contactTimeProblems({ ...base, leftAt: '2026-11-26T09:00:00.000Z', outcome: 'referred' }, NOW).leftAt).toMatch(/before they arrived/);
    expect(contactTimeProblems({ ...base, firstSeenAt: '2026-11-26T10:30:00.000Z', leftAt: '2026-11-26T10:20:00.000Z', outcome: 'referred' }, NOW).leftAt).toMatch(/first seen/);
    expect(contactTimeProblems({ ...base, leftAt: '2026-11-26T13:00:00.000Z', outcome: 'referred' }, NOW).leftAt).toMatch(/future/);
  });
  it('needs an outcome when they leave', () => {
    expect(contactTimeProblems({ ...base, leftAt: '2026-11-26T11:00:00.000Z' }, NOW)).toEqual({ outcome: expect.stringMatching(/what happened/) });
  });
  it('compares instants, not text, across offsets', () => {
    // 11:30+01:00 is 10:30Z: after arrival at 10:00Z.
    expect(contactTimeProblems({ ...base, firstSeenAt: '2026-11-26T11:30:00+01:00' }, NOW)).toEqual({});
    expect(toUtcIso('2026-11-26T11:30:00+01:00')).toBe('2026-11-26T10:30:00.000Z');
  });
});

describe('age routing', () => {
  it('works out an age from a date of birth, birthday counted on the day', () => {
    expect(ageOn({ dateOfBirth: '2010-11-26', approximateAge: null, ageRecordedOn: null }, '2026-11-26T00:00:00Z')).toBe(16);
    expect(ageOn({ dateOfBirth: '2010-11-27', approximateAge: null, ageRecordedOn: null }, '2026-11-26T23:00:00Z')).toBe(15);
  });
  it('ages an approximate age from the day it was told', () => {
    expect(ageOn({ dateOfBirth: null, approximateAge: 14, ageRecordedOn: '2024-06-01' }, '2026-11-26T00:00:00Z')).toBe(16);
    expect(ageOn({ dateOfBirth: null, approximateAge: 15, ageRecordedOn: null }, '2026-11-26T00:00:00Z')).toBe(15);
    expect(ageOn({ dateOfBirth: null, approximateAge: null, ageRecordedOn: null }, '2026-11-26T00:00:00Z')).toBeNull();
  });
  it('routes when marked under 16 or the age is under 16', () => {
    expect(isUnder16(true, null)).toBe(true);
    expect(isUnder16(false, 15)).toBe(true);
    expect(isUnder16(false, 16)).toBe(false);
    expect(isUnder16(false, null)).toBe(false);
  });
});

describe('displayNameOf', () => {
  it('prefers the preferred name, then the label, then anonymous', () => {
    expect(displayNameOf('Sam', 'man in blue coat')).toBe('Sam');
    expect(displayNameOf(null, 'woman in green coat')).toBe('woman in green coat');
    expect(displayNameOf(null, '  ')).toBe(ANONYMOUS_NAME);
    expect(displayNameOf(undefined, null)).toBe('Someone (anonymous)');
  });
});

describe('call back moves', () => {
  it('goes waiting → in progress → done or could not reach', () => {
    expect(callbackMoveProblem('waiting', 'in_progress')).toBeNull();
    expect(callbackMoveProblem('in_progress', 'done')).toBeNull();
    expect(callbackMoveProblem('in_progress', 'could_not_reach')).toBeNull();
    expect(callbackMoveProblem('could_not_reach', 'in_progress')).toBeNull();
  });
  it('refuses skipping a stage or reopening a finished one', () => {
    expect(callbackMoveProblem('waiting', 'done')).toMatch(/Start the call back/);
    expect(callbackMoveProblem('done', 'in_progress')).toMatch(/already done/);
    expect(callbackMoveProblem('waiting', 'waiting')).toMatch(/already at this stage/);
  });
  it('makes the person who starts it the handler', () => {
    expect(callbackHandlerAfter('in_progress', 'someone-else', 'me')).toBe('me');
    expect(callbackHandlerAfter('waiting', 'me', 'me')).toBeNull();
    expect(callbackHandlerAfter('done', 'someone', 'me')).toBe('someone');
  });
});

describe('cursor', () => {
  it('round-trips and refuses rubbish', () => {
    const c = encodeCursor('2026-11-26T10:00:00.000Z', 'abc');
    expect(decodeCursor(c)).toEqual({ arrivedAt: '2026-11-26T10:00:00.000Z', id: 'abc' });
    expect(decodeCursor('not a cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('["x","y"]').toString('base64url'))).toBeNull();
  });
});
