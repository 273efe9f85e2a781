import { describe, expect, it } from 'vitest';
import { addDays, codeDigest, codeMatches, endOfLondonDay, formTokenFor, formTokenMatches, londonToday, looksLikeToken, newCode, newLinkToken, normaliseCode, readPlanCookie, signPlanCookie } from './link-secrets.js';
import { weekText } from '../../public/my-plan/queries.js';

const KEY = 'unit-test-secret-key';
const LINK = '01936a4e-0000-7000-8000-000000000001';

describe('plan link secrets', () => {
  it('tokens are 256 random bits in base64url; codes are six digits', () => {
    const tokens = new Set(Array.from({ length: 50 }, newLinkToken));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(looksLikeToken(t)).toBe(true);
    expect(looksLikeToken('short')).toBe(false);
    expect(looksLikeToken(`${newLinkToken()}/`)).toBe(false);
    for (let i = 0; i < 200; i++) expect(newCode()).toMatch(/^\d{6}$/);
  });

  it('a code matches only its own link, typed with or without spaces and dashes', () => {
    const digest = codeDigest(KEY, LINK, '012345');
    expect(codeMatches(KEY, LINK, '012345', digest)).toBe(true);
    expect(codeMatches(KEY, LINK, ' 012 345 ', digest)).toBe(true);
    expect(codeMatches(KEY, LINK, '012-345', digest)).toBe(true);
    expect(codeMatches(KEY, LINK, '012346', digest)).toBe(false);
    expect(codeMatches(KEY, LINK, '12345', digest)).toBe(false);
    expect(codeMatches(KEY, '01936a4e-0000-7000-8000-000000000002', '012345', digest)).toBe(false);
    expect(codeMatches('another-key', LINK, '012345', digest)).toBe(false);
    expect(normaliseCode('abcdef')).toBeNull();
    expect(normaliseCode('1234567')).toBeNull();
  });

  it('a cookie is refused when tampered with, signed with another key, stretched or past its time', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const cookie = signPlanCookie(KEY, LINK, now + 60_000);
    expect(readPlanCookie(KEY, cookie, now)).toEqual({ linkId: LINK, expiresAtMs: now + 60_000 });
    expect(readPlanCookie(KEY, cookie, now + 60_000)).toBeNull();
    expect(readPlanCookie('another-key', cookie, now)).toBeNull();
    const [id, , mac] = cookie.split('.');
    expect(readPlanCookie(KEY, `${id}.${now + 999_999_999}.${mac}`, now)).toBeNull();
    expect(readPlanCookie(KEY, `01936a4e-0000-7000-8000-000000000009.${now + 60_000}.${mac}`, now)).toBeNull();
    expect(readPlanCookie(KEY, undefined, now)).toBeNull();
    expect(readPlanCookie(KEY, 'x'.repeat(500), now)).toBeNull();
    expect(readPlanCookie(KEY, 'a.b.c', now)).toBeNull();
  });

  it("a page's form token belongs to its link", () => {
    const token = formTokenFor(KEY, LINK);
    expect(formTokenMatches(KEY, LINK, token)).toBe(true);
    expect(formTokenMatches(KEY, '01936a4e-0000-7000-8000-000000000002', token)).toBe(false);
    expect(formTokenMatches(KEY, LINK, null)).toBe(false);
    expect(formTokenMatches(KEY, LINK, `${token}x`)).toBe(false);
  });

  it('London days: the end of a winter day and of a summer day, and today around midnight', () => {
    expect(new Date(endOfLondonDay('2026-12-31')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(new Date(endOfLondonDay('2027-06-30')).toISOString()).toBe('2027-06-30T23:00:00.000Z');
    // The clocks go forward on 28 March 2027 and back on 31 October 2027.
    expect(new Date(endOfLondonDay('2027-03-28')).toISOString()).toBe('2027-03-28T23:00:00.000Z');
    expect(new Date(endOfLondonDay('2027-10-31')).toISOString()).toBe('2027-11-01T00:00:00.000Z');
    expect(londonToday(Date.parse('2027-06-30T23:30:00Z'))).toBe('2027-07-01');
    expect(londonToday(Date.parse('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('a service’s usual week, for paper', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it('says every day when every day is the same, and runs days together otherwise', () => {
    const every = { regular_schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '16:00', closes_at: '00:00' }], holiday_schedules: [], observes_bank_holidays: false };
    expect(weekText(every, now)).toBe('Every day 16:00 to midnight');
    const weekdays = { regular_schedules: [{ byday: 'MO,TU,WE,TH,FR', opens_at: '10:00', closes_at: '16:00' }], holiday_schedules: [], observes_bank_holidays: false };
    expect(weekText(weekdays, now)).toBe('Mon to Fri 10:00 to 16:00; Sat and Sun closed');
  });
});
