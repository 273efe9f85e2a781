import { describe, expect, it } from 'vitest';
import { emptyStartForm, expectedEndFrom, extendedEnd, startChecks, visitTimeText } from './visit-rules.js';

const now = Date.parse('2026-03-01T12:00:00Z');
const clock = (iso: string) => iso.slice(11, 16);

describe('expectedEndFrom', () => {
  it('adds the chosen length to now', () => {
    expect(expectedEndFrom({ length: '60', otherMinutes: '' }, now)).toEqual({ iso: '2026-03-01T13:00:00.000Z' });
    expect(expectedEndFrom({ length: 'other', otherMinutes: ' 45 ' }, now)).toEqual({ iso: '2026-03-01T12:45:00.000Z' });
  });
  it('explains a missing, odd, too short or too long length by its field', () => {
    expect(expectedEndFrom({ length: '', otherMinutes: '' }, now)).toMatchObject({ field: 'length' });
    expect(expectedEndFrom({ length: 'other', otherMinutes: '' }, now)).toMatchObject({ field: 'otherMinutes', message: expect.stringContaining('how many minutes') });
    expect(expectedEndFrom({ length: 'other', otherMinutes: '4.5' }, now)).toMatchObject({ message: expect.stringContaining('whole number') });
    expect(expectedEndFrom({ length: 'other', otherMinutes: '1' }, now)).toMatchObject({ message: expect.stringContaining('at least 2') });
    expect(expectedEndFrom({ length: 'other', otherMinutes: String(13 * 60) }, now)).toMatchObject({ message: expect.stringContaining('12 hours') });
  });
});

describe('startChecks', () => {
  it('asks for where, and a contact', () => {
    const checks = startChecks(emptyStartForm(), now);
    expect(checks.location).toBe('Say where you are going');
    expect(checks.contactUserId).toBe('Choose who your contact is for this visit');
    expect(checks.length).toBe(false);
  });
});

describe('extendedEnd', () => {
  it('adds to the expected end while it is ahead, and to now once it has passed', () => {
    expect(extendedEnd('2026-03-01T12:30:00Z', now, 30)).toBe('2026-03-01T13:00:00.000Z');
    expect(extendedEnd('2026-03-01T11:30:00Z', now, 15)).toBe('2026-03-01T12:15:00.000Z');
  });
});

describe('visitTimeText', () => {
  it('counts down before the end, and asks plainly once it has passed', () => {
    expect(visitTimeText({ expectedEndAt: '2026-03-01T12:20:00Z', checkedInAt: null, overdue: false }, now, clock)).toContain('by 12:20 (20 minutes from now)');
    expect(visitTimeText({ expectedEndAt: '2026-03-01T11:50:00Z', checkedInAt: null, overdue: true }, now, clock)).toContain('Your time was up at 11:50');
    expect(visitTimeText({ expectedEndAt: '2026-03-01T11:50:00Z', checkedInAt: '2026-03-01T11:55:00Z', overdue: false }, now, clock)).toContain('You checked in at 11:55');
  });
});
