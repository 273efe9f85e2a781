import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { alwaysOpen, everyDay, type OpeningHours } from '../opening-hours.js';
import {
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  HolidaySchedule,
  RegularSchedule,
  ServiceSchedules,
  bankHolidayOn,
  describeHours,
  describeNextOpening,
  describeOpening,
  expandBankHolidays,
  hoursOn,
  localDate,
  localTime,
  openingAt,
  schedulesFromOpeningHours,
  todaysHours,
  type HolidaySchedule as HolidayScheduleT,
  type OpeningStatus,
  type RegularSchedule as RegularScheduleT,
} from './schedules.js';

/**
 * Instants are written with their UTC offset spelled out (Z, or +01:00 in summer time),
 * never worked out by the code under test. Clock changes used:
 *   2026-03-29: 01:00 GMT → 02:00 BST at 01:00Z (01:00 to 01:59 local does not exist)
 *   2026-10-25: 02:00 BST → 01:00 GMT at 01:00Z (01:00 to 01:59 local happens twice)
 */
const t = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();
const schedules = (
  regular: RegularScheduleT[],
  options: { holidays?: HolidayScheduleT[]; bankHolidays?: boolean } = {},
): ServiceSchedules => ServiceSchedules.parse({
  regular_schedules: regular,
  holiday_schedules: options.holidays ?? [],
  observes_bank_holidays: options.bankHolidays ?? false,
});
const weekly = (byday: string, opens_at: string, closes_at: string, extra: Partial<RegularScheduleT> = {}): RegularScheduleT => ({
  byday,
  opens_at,
  closes_at,
  ...extra,
});
const status = (s: ServiceSchedules, at: string) => {
  const r: OpeningStatus = openingAt(s, t(at));
  return r.open ? { open: true, closesAt: iso(r.closesAt) } : { open: false, opensNext: iso(r.opensNext) };
};

describe('schemas (ORUK regular_schedule and holiday_schedule)', () => {
  it('accepts ORUK-shaped schedules, with or without seconds', () => {
    expect(RegularSchedule.safeParse({ id: 'r1', freq: 'WEEKLY', byday: 'MO,TU', opens_at: '09:00', closes_at: '17:00' }).success).toBe(true);
    expect(RegularSchedule.safeParse({ byday: 'MO, TU', opens_at: '10:00:00', closes_at: '18:00:00', valid_from: '2026-01-01', valid_to: '2026-12-31' }).success).toBe(true);
    expect(RegularSchedule.safeParse({ freq: 'MONTHLY', byday: '2MO,-1FR', opens_at: '09:00', closes_at: '12:00' }).success).toBe(true);
    expect(RegularSchedule.safeParse({ freq: 'MONTHLY', bymonthday: '1,-1', opens_at: '09:00', closes_at: '12:00' }).success).toBe(true);
    expect(RegularSchedule.safeParse({ byday: 'SU', opens_at: '22:00', closes_at: '24:00' }).success).toBe(true);
    expect(HolidaySchedule.safeParse({ closed: true, start_date: '2026-12-24', end_date: '2026-12-26' }).success).toBe(true);
    expect(HolidaySchedule.safeParse({ closed: false, start_date: '2026-12-31', end_date: '2026-12-31', opens_at: '20:00', closes_at: '02:00' }).success).toBe(true);
  });

  const refusal = (schema: typeof RegularSchedule | typeof HolidaySchedule, value: unknown) => {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('refuses impossible or unclear regular schedules with a reason on the field', () => {
    expect(refusal(RegularSchedule, { byday: 'MO', opens_at: '9:30', closes_at: '17:00' })).toEqual(['opens_at: Use the 24-hour clock, like 09:30']);
    expect(refusal(RegularSchedule, { byday: 'MO', opens_at: '24:00', closes_at: '17:00' })[0]).toMatch(/^opens_at:/);
    expect(refusal(RegularSchedule, { byday: 'MO', opens_at: '09:00', closes_at: '25:00' })[0]).toMatch(/^closes_at:/);
    expect(refusal(RegularSchedule, { byday: 'Monday', opens_at: '09:00', closes_at: '17:00' })).toEqual(['byday: Use days like MO,TU,WE (MO TU WE TH FR SA SU)']);
    expect(refusal(RegularSchedule, { byday: '2MO', opens_at: '09:00', closes_at: '17:00' })[0]).toMatch(/^byday: Numbered days/);
    expect(refusal(RegularSchedule, { byday: 'MO,MO', opens_at: '09:00', closes_at: '17:00' })).toEqual(['byday: List each day once']);
    expect(refusal(RegularSchedule, { opens_at: '09:00', closes_at: '17:00' })).toEqual(['byday: Choose at least one day of the week']);
    expect(refusal(RegularSchedule, { byday: 'MO', bymonthday: '1', opens_at: '09:00', closes_at: '17:00' })).toEqual(['bymonthday: Days of the month are for monthly schedules']);
    expect(refusal(RegularSchedule, { freq: 'MONTHLY', opens_at: '09:00', closes_at: '17:00' })[0]).toMatch(/^byday: Choose days/);
    expect(refusal(RegularSchedule, { freq: 'MONTHLY', byday: '1MO', bymonthday: '1', opens_at: '09:00', closes_at: '17:00' })[0]).toMatch(/not both/);
    expect(refusal(RegularSchedule, { freq: 'MONTHLY', bymonthday: '32', opens_at: '09:00', closes_at: '17:00' })[0]).toMatch(/^bymonthday:/);
    expect(refusal(RegularSchedule, { byday: 'MO', interval: 2, opens_at: '09:00', closes_at: '17:00' })[0]).toMatch(/^dtstart:/);
    expect(refusal(RegularSchedule, { byday: 'MO', opens_at: '09:00', closes_at: '17:00', valid_from: '2026-06-01', valid_to: '2026-05-31' })).toEqual([
      'valid_to: This is before the date the hours start',
    ]);
    expect(refusal(RegularSchedule, { byday: 'MO', opens_at: '09:00', closes_at: '17:00', valid_to: '2026-02-30' })[0]).toMatch(/^valid_to: Use a date/);
    expect(refusal(RegularSchedule, { byday: 'MO', opens_at: '09:00', closes_at: '17:00', weekday: 1 })[0]).toMatch(/weekday/);
  });

  it('refuses impossible holiday schedules', () => {
    expect(refusal(HolidaySchedule, { closed: true, start_date: '2026-12-26', end_date: '2026-12-24' })).toEqual(['end_date: This is before the first day']);
    expect(refusal(HolidaySchedule, { closed: true, start_date: '2026-12-25', end_date: '2026-12-25', opens_at: '10:00', closes_at: '12:00' })[0]).toMatch(/^opens_at: A closed day/);
    expect(refusal(HolidaySchedule, { closed: false, start_date: '2026-12-25', end_date: '2026-12-25' })).toEqual([
      'opens_at: Give the opening time for these days',
      'closes_at: Give the closing time for these days',
    ]);
    expect(refusal(HolidaySchedule, { start_date: '2026-12-25', end_date: '2026-12-25' })[0]).toMatch(/^closed:/);
  });

  it('refuses a schedules object with unknown fields', () => {
    expect(ServiceSchedules.safeParse({ regular_schedules: [], holiday_schedules: [], observes_bank_holidays: true, open247: true }).success).toBe(false);
  });
});

describe('openingAt: every boundary minute', () => {
  const weekdays = schedules([weekly('MO,TU,WE,TH,FR', '10:00', '22:00')]);

  it.each([
    // winter (GMT): local = UTC
    ['2026-01-14T09:59:00Z', { open: false, opensNext: '2026-01-14T10:00:00.000Z' }],
    ['2026-01-14T10:00:00Z', { open: true, closesAt: '2026-01-14T22:00:00.000Z' }],
    ['2026-01-14T21:59:59.999Z', { open: true, closesAt: '2026-01-14T22:00:00.000Z' }],
    ['2026-01-14T22:00:00Z', { open: false, opensNext: '2026-01-15T10:00:00.000Z' }],
    // Friday evening: next opening is Monday
    ['2026-01-16T22:00:00Z', { open: false, opensNext: '2026-01-19T10:00:00.000Z' }],
    ['2026-01-17T12:00:00Z', { open: false, opensNext: '2026-01-19T10:00:00.000Z' }],
    // summer (BST): 10:00 local is 09:00Z
    ['2026-07-15T09:59:00+01:00', { open: false, opensNext: '2026-07-15T09:00:00.000Z' }],
    ['2026-07-15T10:00:00+01:00', { open: true, closesAt: '2026-07-15T21:00:00.000Z' }],
    ['2026-07-15T21:59:00+01:00', { open: true, closesAt: '2026-07-15T21:00:00.000Z' }],
    ['2026-07-15T22:00:00+01:00', { open: false, opensNext: '2026-07-16T09:00:00.000Z' }],
  ])('at %s', (at, expected) => {
    expect(status(weekdays, at)).toEqual(expected);
  });

  it('rejects an invalid instant rather than guessing', () => {
    expect(() => openingAt(weekdays, new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('openingAt: overnight periods', () => {
  // Sunday night into Monday morning: 2026-01-11 is a Sunday.
  const sundayNights = schedules([weekly('SU', '22:00', '06:00')]);

  it.each([
    ['2026-01-11T21:59:00Z', { open: false, opensNext: '2026-01-11T22:00:00.000Z' }],
    ['2026-01-11T22:00:00Z', { open: true, closesAt: '2026-01-12T06:00:00.000Z' }],
    ['2026-01-11T23:59:00Z', { open: true, closesAt: '2026-01-12T06:00:00.000Z' }],
    ['2026-01-12T00:00:00Z', { open: true, closesAt: '2026-01-12T06:00:00.000Z' }],
    ['2026-01-12T05:59:00Z', { open: true, closesAt: '2026-01-12T06:00:00.000Z' }],
    ['2026-01-12T06:00:00Z', { open: false, opensNext: '2026-01-18T22:00:00.000Z' }],
  ])('Sunday 22:00 to Monday 06:00, at %s', (at, expected) => {
    expect(status(sundayNights, at)).toEqual(expected);
  });

  it('shows Monday morning the period carried over from Sunday night', () => {
    const monday = todaysHours(sundayNights, t('2026-01-12T03:00:00Z'));
    expect(monday.date).toBe('2026-01-12');
    expect(monday.periods).toEqual([
      {
        opens: '22:00',
        closes: '06:00',
        opensAt: t('2026-01-11T22:00:00Z'),
        closesAt: t('2026-01-12T06:00:00Z'),
        allDay: false,
        endsNextDay: true,
        startedDayBefore: true,
      },
    ]);
    expect(describeHours(monday)).toBe('Open today 00:00 to 06:00');
    expect(describeHours(todaysHours(sundayNights, t('2026-01-11T12:00:00Z')))).toBe('Open today 22:00 to 06:00');
  });

  it('joins touching periods so closing time is the real one', () => {
    const s = schedules([weekly('FR', '18:00', '00:00'), weekly('SA', '00:00', '04:00')]);
    expect(status(s, '2026-01-16T20:00:00Z')).toEqual({ open: true, closesAt: '2026-01-17T04:00:00.000Z' });
    expect(describeOpening(s, t('2026-01-16T20:00:00Z'))).toBe('Open now until 04:00 tomorrow');
  });

  it('treats opening and closing at the same time as 24 hours', () => {
    const s = schedules([weekly('WE', '09:00', '09:00')]);
    expect(status(s, '2026-01-14T09:00:00Z')).toEqual({ open: true, closesAt: '2026-01-15T09:00:00.000Z' });
    expect(status(s, '2026-01-15T08:59:00Z')).toEqual({ open: true, closesAt: '2026-01-15T09:00:00.000Z' });
  });
});

describe('openingAt: spring forward (29 March 2026, 01:00 → 02:00)', () => {
  it('a Saturday night 22:00 to 06:00 lasts 7 hours', () => {
    const s = schedules([weekly('SA', '22:00', '06:00')]);
    expect(status(s, '2026-03-28T22:00:00Z')).toEqual({ open: true, closesAt: '2026-03-29T05:00:00.000Z' });
    expect(status(s, '2026-03-29T00:59:00Z')).toEqual({ open: true, closesAt: '2026-03-29T05:00:00.000Z' });
    expect(status(s, '2026-03-29T01:00:00Z')).toEqual({ open: true, closesAt: '2026-03-29T05:00:00.000Z' });
    expect(status(s, '2026-03-29T04:59:00Z')).toEqual({ open: true, closesAt: '2026-03-29T05:00:00.000Z' });
    expect(status(s, '2026-03-29T05:00:00Z')).toEqual({ open: false, opensNext: '2026-04-04T21:00:00.000Z' });
  });

  it('a time inside the gap happens when the clocks jump: opening at 01:30 means 02:00 BST', () => {
    const s = schedules([weekly('SU', '01:30', '04:00')]);
    expect(status(s, '2026-03-29T00:59:00Z')).toEqual({ open: false, opensNext: '2026-03-29T01:00:00.000Z' });
    expect(status(s, '2026-03-29T01:00:00Z')).toEqual({ open: true, closesAt: '2026-03-29T03:00:00.000Z' });
    // A normal Sunday: 01:30 BST is 00:30Z.
    expect(status(s, '2026-04-05T00:29:00Z')).toEqual({ open: false, opensNext: '2026-04-05T00:30:00.000Z' });
  });

  it('closing inside the gap closes when the clocks jump', () => {
    const s = schedules([weekly('SA', '22:00', '01:30')]);
    expect(status(s, '2026-03-29T00:59:00Z')).toEqual({ open: true, closesAt: '2026-03-29T01:00:00.000Z' });
    expect(status(s, '2026-03-29T01:00:00Z').open).toBe(false);
  });

  it('a period wholly inside the gap does not happen that night', () => {
    const s = schedules([weekly('SU', '01:10', '01:50')]);
    expect(status(s, '2026-03-28T12:00:00Z')).toEqual({ open: false, opensNext: '2026-04-05T00:10:00.000Z' });
  });

  it('24/7 stays open straight through the change', () => {
    const s = schedules([weekly('MO,TU,WE,TH,FR,SA,SU', '00:00', '23:59')]);
    for (const at of ['2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z', '2026-03-29T23:00:00Z']) {
      expect(status(s, at)).toEqual({ open: true, closesAt: undefined });
    }
    const sunday = hoursOn(s, '2026-03-29');
    expect(sunday.periods.map((p) => [p.opensAt.toISOString(), p.closesAt.toISOString(), p.allDay])).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z', true],
    ]);
  });
});

describe('openingAt: fall back (25 October 2026, 02:00 → 01:00)', () => {
  it('a Saturday night 22:00 to 06:00 lasts 9 hours', () => {
    const s = schedules([weekly('SA', '22:00', '06:00')]);
    expect(status(s, '2026-10-24T20:59:00Z')).toEqual({ open: false, opensNext: '2026-10-24T21:00:00.000Z' });
    expect(status(s, '2026-10-24T21:00:00Z')).toEqual({ open: true, closesAt: '2026-10-25T06:00:00.000Z' });
    expect(status(s, '2026-10-25T00:30:00Z')).toEqual({ open: true, closesAt: '2026-10-25T06:00:00.000Z' });
    expect(status(s, '2026-10-25T01:30:00Z')).toEqual({ open: true, closesAt: '2026-10-25T06:00:00.000Z' });
    expect(status(s, '2026-10-25T05:59:00Z')).toEqual({ open: true, closesAt: '2026-10-25T06:00:00.000Z' });
    expect(status(s, '2026-10-25T06:00:00Z')).toEqual({ open: false, opensNext: '2026-10-31T22:00:00.000Z' });
  });

  it('opening in the repeated hour opens the first time round (BST)', () => {
    const s = schedules([weekly('SU', '01:30', '03:00')]);
    expect(status(s, '2026-10-25T00:29:00Z')).toEqual({ open: false, opensNext: '2026-10-25T00:30:00.000Z' });
    expect(status(s, '2026-10-25T00:30:00Z')).toEqual({ open: true, closesAt: '2026-10-25T03:00:00.000Z' });
    // 01:30 GMT, the second time round: still open.
    expect(status(s, '2026-10-25T01:30:00Z')).toEqual({ open: true, closesAt: '2026-10-25T03:00:00.000Z' });
  });

  it('closing in the repeated hour closes the first time round and stays closed', () => {
    const s = schedules([weekly('SA', '22:00', '01:30')]);
    expect(status(s, '2026-10-25T00:29:00Z')).toEqual({ open: true, closesAt: '2026-10-25T00:30:00.000Z' });
    expect(status(s, '2026-10-25T00:30:00Z')).toEqual({ open: false, opensNext: '2026-10-31T22:00:00.000Z' });
    expect(status(s, '2026-10-25T01:15:00Z')).toEqual({ open: false, opensNext: '2026-10-31T22:00:00.000Z' });
  });

  it('a whole day open lasts 25 hours and 24/7 stays open', () => {
    const s = schedules([weekly('MO,TU,WE,TH,FR,SA,SU', '00:00', '00:00')]);
    const sunday = hoursOn(s, '2026-10-25');
    expect(sunday.periods.map((p) => [p.opensAt.toISOString(), p.closesAt.toISOString()])).toEqual([
      ['2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z'],
    ]);
    for (const at of ['2026-10-25T00:59:00Z', '2026-10-25T01:00:00Z', '2026-10-25T01:59:00Z']) {
      expect(status(s, at)).toEqual({ open: true, closesAt: undefined });
    }
  });

  it('an overnight period from Sunday into Monday across the change in 2025 (26 October)', () => {
    const s = schedules([weekly('SA,SU', '20:00', '08:00')]);
    // Saturday 20:00 BST (19:00Z) to Sunday 08:00 GMT (08:00Z); Sunday 20:00 GMT to Monday 08:00 GMT.
    expect(status(s, '2025-10-25T19:00:00Z')).toEqual({ open: true, closesAt: '2025-10-26T08:00:00.000Z' });
    expect(status(s, '2025-10-26T08:00:00Z')).toEqual({ open: false, opensNext: '2025-10-26T20:00:00.000Z' });
    expect(status(s, '2025-10-27T07:59:00Z')).toEqual({ open: true, closesAt: '2025-10-27T08:00:00.000Z' });
  });
});

describe('bank holidays and holiday schedules', () => {
  const officeHours = (observes: boolean, holidays: HolidayScheduleT[] = []) =>
    schedules([weekly('MO,TU,WE,TH,FR', '09:00', '17:00')], { bankHolidays: observes, holidays });

  it('closes on Christmas Day 2026 and the Boxing Day substitute (Monday 28 December)', () => {
    const s = officeHours(true);
    expect(status(s, '2026-12-24T16:59:00Z')).toEqual({ open: true, closesAt: '2026-12-24T17:00:00.000Z' });
    expect(status(s, '2026-12-24T17:00:00Z')).toEqual({ open: false, opensNext: '2026-12-29T09:00:00.000Z' });
    expect(status(s, '2026-12-25T10:00:00Z')).toEqual({ open: false, opensNext: '2026-12-29T09:00:00.000Z' });
    expect(status(s, '2026-12-28T09:00:00Z')).toEqual({ open: false, opensNext: '2026-12-29T09:00:00.000Z' });
    expect(status(s, '2026-12-29T09:00:00Z')).toEqual({ open: true, closesAt: '2026-12-29T17:00:00.000Z' });
    const boxingDay = hoursOn(s, '2026-12-28');
    expect(boxingDay).toEqual({ date: '2026-12-28', rule: 'bank-holiday', bankHoliday: 'Boxing Day (substitute day)', periods: [] });
    expect(describeHours(boxingDay)).toBe('Closed today (bank holiday)');
    expect(describeOpening(s, t('2026-12-25T10:00:00Z'))).toBe('Closed now. Opens on Tuesday at 09:00');
  });

  it('stays open on bank holidays when the service does not observe them', () => {
    const s = officeHours(false);
    expect(status(s, '2026-12-25T10:00:00Z')).toEqual({ open: true, closesAt: '2026-12-25T17:00:00.000Z' });
    expect(hoursOn(s, '2026-12-25')).toMatchObject({ rule: 'regular', bankHoliday: 'Christmas Day' });
  });

  it('a holiday schedule opens a bank holiday at special hours', () => {
    const s = officeHours(true, [{ closed: false, start_date: '2026-12-28', end_date: '2026-12-28', opens_at: '10:00', closes_at: '14:00' }]);
    expect(status(s, '2026-12-28T09:59:00Z')).toEqual({ open: false, opensNext: '2026-12-28T10:00:00.000Z' });
    expect(status(s, '2026-12-28T10:00:00Z')).toEqual({ open: true, closesAt: '2026-12-28T14:00:00.000Z' });
    expect(status(s, '2026-12-28T14:00:00Z')).toEqual({ open: false, opensNext: '2026-12-29T09:00:00.000Z' });
    expect(hoursOn(s, '2026-12-28').rule).toBe('holiday-schedule');
    // Christmas Day itself is still closed.
    expect(status(s, '2026-12-25T12:00:00Z')).toEqual({ open: false, opensNext: '2026-12-28T10:00:00.000Z' });
  });

  it('a holiday closure closes an ordinary day, from the first date to the last', () => {
    const s = officeHours(false, [{ closed: true, start_date: '2026-08-10', end_date: '2026-08-12' }]);
    expect(status(s, '2026-08-07T10:00:00+01:00')).toEqual({ open: true, closesAt: '2026-08-07T16:00:00.000Z' });
    expect(status(s, '2026-08-10T10:00:00+01:00')).toEqual({ open: false, opensNext: '2026-08-13T08:00:00.000Z' });
    expect(status(s, '2026-08-12T16:59:00+01:00').open).toBe(false);
  });

  it('the shortest holiday schedule wins; closed beats open when they are as short', () => {
    const winterBreak: HolidayScheduleT = { closed: true, start_date: '2026-12-24', end_date: '2027-01-02' };
    const openOn30th: HolidayScheduleT = { closed: false, start_date: '2026-12-30', end_date: '2026-12-30', opens_at: '12:00', closes_at: '15:00' };
    const s = officeHours(true, [winterBreak, openOn30th]);
    expect(status(s, '2026-12-29T12:00:00Z')).toEqual({ open: false, opensNext: '2026-12-30T12:00:00.000Z' });
    expect(status(s, '2026-12-30T12:00:00Z')).toEqual({ open: true, closesAt: '2026-12-30T15:00:00.000Z' });
    // 2027-01-01 is a bank holiday inside the closure; 2 January is a Saturday; open again Monday 4 January.
    expect(status(s, '2026-12-30T15:00:00Z')).toEqual({ open: false, opensNext: '2027-01-04T09:00:00.000Z' });

    const clash = officeHours(false, [openOn30th, { closed: true, start_date: '2026-12-30', end_date: '2026-12-30' }]);
    expect(status(clash, '2026-12-30T13:00:00Z').open).toBe(false);

    const twoSessions = officeHours(false, [openOn30th, { ...openOn30th, opens_at: '18:00', closes_at: '20:00' }]);
    expect(hoursOn(twoSessions, '2026-12-30').periods.map((p) => `${p.opens}-${p.closes}`)).toEqual(['12:00-15:00', '18:00-20:00']);
  });

  it('special hours can run past midnight (New Year’s Eve 20:00 to 02:00)', () => {
    const s = officeHours(true, [{ closed: false, start_date: '2026-12-31', end_date: '2026-12-31', opens_at: '20:00', closes_at: '02:00' }]);
    expect(status(s, '2027-01-01T01:59:00Z')).toEqual({ open: true, closesAt: '2027-01-01T02:00:00.000Z' });
    expect(status(s, '2027-01-01T02:00:00Z')).toEqual({ open: false, opensNext: '2027-01-04T09:00:00.000Z' });
  });

  it('a Sunday night shift runs on into a bank holiday Monday morning, and Monday night stays shut', () => {
    // 31 August 2026 is the summer bank holiday (a Monday).
    const s = schedules([weekly('SU,MO', '22:00', '02:00')], { bankHolidays: true });
    expect(status(s, '2026-08-30T22:00:00+01:00')).toEqual({ open: true, closesAt: '2026-08-31T01:00:00.000Z' });
    expect(status(s, '2026-08-31T01:59:00+01:00')).toEqual({ open: true, closesAt: '2026-08-31T01:00:00.000Z' });
    expect(status(s, '2026-08-31T02:00:00+01:00')).toEqual({ open: false, opensNext: '2026-09-06T21:00:00.000Z' });
  });

  it('a closed Christmas week cuts a 24/7 service short, and says when', () => {
    const s = schedules([weekly('MO,TU,WE,TH,FR,SA,SU', '00:00', '24:00')], { holidays: [{ closed: true, start_date: '2026-12-25', end_date: '2026-12-25' }] });
    expect(status(s, '2026-12-20T12:00:00Z')).toEqual({ open: true, closesAt: '2026-12-25T00:00:00.000Z' });
    expect(status(s, '2026-12-25T12:00:00Z')).toEqual({ open: false, opensNext: '2026-12-26T00:00:00.000Z' });
    expect(describeOpening(s, t('2026-12-24T12:00:00Z'))).toBe('Open now until midnight');
    expect(describeOpening(s, t('2026-12-25T12:00:00Z'))).toBe('Closed now. Opens at midnight tonight');
  });
});

describe('validity windows, intervals and monthly schedules', () => {
  it('uses a regular schedule only from valid_from to valid_to', () => {
    const s = schedules([weekly('MO,TU,WE,TH,FR,SA,SU', '09:00', '17:00', { valid_from: '2026-06-01', valid_to: '2026-06-30' })]);
    expect(status(s, '2026-05-31T12:00:00+01:00')).toEqual({ open: false, opensNext: '2026-06-01T08:00:00.000Z' });
    expect(status(s, '2026-06-30T16:59:00+01:00')).toEqual({ open: true, closesAt: '2026-06-30T16:00:00.000Z' });
    expect(status(s, '2026-07-01T12:00:00+01:00')).toEqual({ open: false, opensNext: undefined });
    expect(describeOpening(s, t('2026-07-01T12:00:00+01:00'))).toBe('Closed now');
  });

  it('an overnight period that opens on valid_to still runs to its close', () => {
    const s = schedules([weekly('TU', '22:00', '06:00', { valid_to: '2026-06-30' })]);
    expect(status(s, '2026-07-01T05:00:00+01:00')).toEqual({ open: true, closesAt: '2026-07-01T05:00:00.000Z' });
  });

  it('switches from one set of hours to the next on the date given', () => {
    const s = schedules([
      weekly('MO,TU,WE,TH,FR', '09:00', '17:00', { valid_to: '2026-08-31' }),
      weekly('MO,TU,WE,TH,FR', '08:00', '20:00', { valid_from: '2026-09-01' }),
    ]);
    expect(status(s, '2026-08-28T17:30:00+01:00').open).toBe(false);
    expect(status(s, '2026-09-01T17:30:00+01:00')).toEqual({ open: true, closesAt: '2026-09-01T19:00:00.000Z' });
  });

  it('every other week from dtstart (weeks start on Monday)', () => {
    const s = schedules([weekly('WE', '10:00', '12:00', { interval: 2, dtstart: '2026-01-05' })]);
    expect(status(s, '2026-01-07T10:00:00Z').open).toBe(true);
    expect(status(s, '2026-01-14T10:00:00Z')).toEqual({ open: false, opensNext: '2026-01-21T10:00:00.000Z' });
    expect(status(s, '2025-12-31T10:00:00Z')).toEqual({ open: false, opensNext: '2026-01-07T10:00:00.000Z' });
  });

  it('monthly: the second Monday, the last Friday and the last day of the month', () => {
    const secondMonday = schedules([{ freq: 'MONTHLY', byday: '2MO', opens_at: '18:00', closes_at: '20:00' }]);
    expect(status(secondMonday, '2026-02-01T12:00:00Z')).toEqual({ open: false, opensNext: '2026-02-09T18:00:00.000Z' });
    const lastFriday = schedules([{ freq: 'MONTHLY', byday: '-1FR', opens_at: '18:00', closes_at: '20:00' }]);
    expect(status(lastFriday, '2026-01-24T12:00:00Z')).toEqual({ open: false, opensNext: '2026-01-30T18:00:00.000Z' });
    const lastDay = schedules([{ freq: 'MONTHLY', bymonthday: '-1', opens_at: '09:00', closes_at: '10:00' }]);
    expect(status(lastDay, '2026-02-01T12:00:00Z')).toEqual({ open: false, opensNext: '2026-02-28T09:00:00.000Z' });
    const quarterly = schedules([{ freq: 'MONTHLY', interval: 3, dtstart: '2026-01-01', bymonthday: '1', opens_at: '09:00', closes_at: '10:00' }]);
    expect(status(quarterly, '2026-01-02T12:00:00Z')).toEqual({ open: false, opensNext: '2026-04-01T08:00:00.000Z' });
  });
});

describe('24/7', () => {
  it.each([
    ['00:00', '00:00'],
    ['00:00', '23:59'],
    ['00:00', '24:00'],
  ])('every day %s to %s is open, with no closing time and "24 hours" today', (opens, closes) => {
    const s = schedules([weekly('MO,TU,WE,TH,FR,SA,SU', opens, closes)]);
    expect(openingAt(s, t('2026-05-06T03:00:00Z'))).toEqual({ open: true });
    expect(describeOpening(s, t('2026-05-06T03:00:00Z'))).toBe('Open now, day and night');
    expect(describeHours(todaysHours(s, t('2026-05-06T03:00:00Z')))).toBe('Open 24 hours today');
  });
});

describe('descriptions', () => {
  const s = schedules([weekly('MO,TU,WE,TH,FR', '10:00', '22:00')]);
  it('names the day of the next opening plainly', () => {
    expect(describeOpening(s, t('2026-01-14T08:00:00Z'))).toBe('Closed now. Opens today at 10:00');
    expect(describeOpening(s, t('2026-01-14T22:30:00Z'))).toBe('Closed now. Opens tomorrow at 10:00');
    expect(describeOpening(s, t('2026-01-16T22:30:00Z'))).toBe('Closed now. Opens on Monday at 10:00');
    expect(describeOpening(s, t('2026-01-14T12:00:00Z'))).toBe('Open now until 22:00');
    expect(describeNextOpening(t('2026-02-02T10:00:00Z'), t('2026-01-14T12:00:00Z'))).toBe('Opens on 2 February at 10:00');
    expect(describeHours(todaysHours(s, t('2026-01-14T12:00:00Z')))).toBe('Open today 10:00 to 22:00');
    expect(describeHours(todaysHours(s, t('2026-01-17T12:00:00Z')))).toBe('Closed today');
  });
  it('names a close further off by its day', () => {
    const s2 = schedules([weekly('FR', '18:00', '00:00'), weekly('SA', '00:00', '00:00'), weekly('SU', '00:00', '10:00')]);
    expect(describeOpening(s2, t('2026-01-16T19:00:00Z'))).toBe('Open now until 10:00 on Sunday');
  });
  it('gives the London date and time of an instant', () => {
    expect(localDate(t('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(localTime(t('2026-06-30T23:30:00Z'))).toBe('00:30');
    expect(localDate(t('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('England and Wales bank holidays (embedded data)', () => {
  // The standing rules, to catch a mistyped date. One-off days would be listed here as extras.
  const easterSunday = (y: number) => {
    const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
    const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
    const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
    return Date.UTC(y, Math.floor((h + l - 7 * m + 114) / 31) - 1, ((h + l - 7 * m + 114) % 31) + 1);
  };
  const DAY = 86_400_000;
  const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const dow = (ms: number) => new Date(ms).getUTCDay(); // 0 Sunday
  const firstMonday = (y: number, month: number) => {
    let d = Date.UTC(y, month, 1);
    while (dow(d) !== 1) d += DAY;
    return d;
  };
  const lastMonday = (y: number, month: number) => {
    let d = Date.UTC(y, month + 1, 0);
    while (dow(d) !== 1) d -= DAY;
    return d;
  };
  const byRule = (y: number): string[] => {
    const out: number[] = [];
    const newYear = Date.UTC(y, 0, 1);
    out.push(dow(newYear) === 6 ? newYear + 2 * DAY : dow(newYear) === 0 ? newYear + DAY : newYear);
    out.push(easterSunday(y) - 2 * DAY, easterSunday(y) + DAY);
    out.push(firstMonday(y, 4), lastMonday(y, 4), lastMonday(y, 7));
    const christmas = Date.UTC(y, 11, 25);
    const boxing = Date.UTC(y, 11, 26);
    if (dow(christmas) === 6) out.push(christmas + 2 * DAY, christmas + 3 * DAY);
    else if (dow(christmas) === 5) out.push(christmas, christmas + 3 * DAY);
    else if (dow(christmas) === 0) out.push(christmas + DAY + DAY, boxing);
    else out.push(christmas, boxing);
    return out.map(ymd).sort();
  };

  it.each([2025, 2026, 2027, 2028])('%i matches the standing rules', (year) => {
    const listed = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((b) => b.date.startsWith(`${year}-`)).map((b) => b.date);
    expect(listed).toEqual(byRule(year));
  });

  it('names the days, substitutes included', () => {
    expect(bankHolidayOn('2026-12-25')).toBe('Christmas Day');
    expect(bankHolidayOn('2026-12-28')).toBe('Boxing Day (substitute day)');
    expect(bankHolidayOn('2026-12-26')).toBeUndefined();
  });

  it('covers this year and next (fails on 1 January of the last year listed: add the next year from GOV.UK)', () => {
    const lastYear = Math.max(...ENGLAND_AND_WALES_BANK_HOLIDAYS.map((b) => Number(b.date.slice(0, 4))));
    expect(lastYear).toBeGreaterThan(new Date().getUTCFullYear());
  });
});

describe('conversions', () => {
  it('reads a service’s weekly opening hours, closing on bank holidays unless open every day of the year', () => {
    const weekdaysOnly: OpeningHours = { ...everyDay('09:00', '17:00'), open365: false, weekly: { ...everyDay('09:00', '17:00').weekly, saturday: [], sunday: [] } };
    const s = schedulesFromOpeningHours(weekdaysOnly);
    expect(s).toEqual({ regular_schedules: [{ byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' }], holiday_schedules: [], observes_bank_holidays: true });
    expect(ServiceSchedules.safeParse(s).success).toBe(true);
    expect(openingAt(s, t('2026-12-25T10:00:00Z')).open).toBe(false);

    const safeHaven = schedulesFromOpeningHours(everyDay('18:00', '00:00'));
    expect(safeHaven.observes_bank_holidays).toBe(false);
    expect(status(safeHaven, '2026-12-25T23:59:00Z')).toEqual({ open: true, closesAt: '2026-12-26T00:00:00.000Z' });

    const always = schedulesFromOpeningHours(alwaysOpen());
    expect(ServiceSchedules.safeParse(always).success).toBe(true);
    expect(openingAt(always, t('2026-03-29T01:00:00Z'))).toEqual({ open: true });
  });

  it('writes bank holiday closures out as ORUK holiday schedules, keeping ones already given', () => {
    const own: HolidayScheduleT = { closed: false, start_date: '2026-12-28', end_date: '2026-12-28', opens_at: '10:00', closes_at: '14:00' };
    const s = schedules([weekly('MO,TU,WE,TH,FR', '09:00', '17:00')], { bankHolidays: true, holidays: [own] });
    const out = expandBankHolidays(s, '2026-12-01');
    expect(out.observes_bank_holidays).toBe(false);
    expect(out.holiday_schedules[0]).toEqual(own);
    expect(out.holiday_schedules.slice(1).map((h) => h.start_date)).toEqual(
      ENGLAND_AND_WALES_BANK_HOLIDAYS.map((b) => b.date).filter((d) => d >= '2026-12-01' && d !== '2026-12-28'),
    );
    expect(ServiceSchedules.safeParse(out).success).toBe(true);
    // Same answers either way.
    for (const at of ['2026-12-25T10:00:00Z', '2026-12-28T11:00:00Z', '2027-03-26T10:00:00Z', '2027-03-30T10:00:00+01:00']) {
      expect(openingAt(out, t(at))).toEqual(openingAt(s, t(at)));
    }
  });
});

describe('does not depend on the machine’s time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });
  it.each(['Pacific/Auckland', 'America/Los_Angeles'])('same answers with TZ=%s', (tz) => {
    process.env.TZ = tz;
    const s = schedules([weekly('SA', '22:00', '06:00')]);
    expect(status(s, '2026-03-29T04:59:00Z')).toEqual({ open: true, closesAt: '2026-03-29T05:00:00.000Z' });
    expect(status(s, '2026-10-25T05:59:00Z')).toEqual({ open: true, closesAt: '2026-10-25T06:00:00.000Z' });
    expect(localDate(t('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });
});

describe('properties', () => {
  const TIMES = ['00:00', '00:30', '01:00', '01:30', '02:00', '06:00', '09:00', '12:00', '17:00', '22:00', '23:30', '23:59'];
  const time = fc.oneof(
    fc.constantFrom(...TIMES),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  );
  const days = fc.subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], { minLength: 1 }).map((d) => d.join(','));
  const date = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
  const regular = fc.record({ byday: days, opens_at: time, closes_at: time });
  const holiday = fc.oneof(
    fc.tuple(date, fc.integer({ min: 0, max: 10 })).map(([d, n]) => ({ closed: true, start_date: d, end_date: addDays(d, n) })),
    fc.tuple(date, time, time).map(([d, o, c]) => ({ closed: false, start_date: d, end_date: d, opens_at: o, closes_at: c })),
  );
  const service = fc
    .record({
      regular_schedules: fc.array(regular, { minLength: 1, maxLength: 4 }),
      holiday_schedules: fc.array(holiday, { maxLength: 3 }),
      observes_bank_holidays: fc.boolean(),
    })
    .map((s) => ServiceSchedules.parse(s));
  // Instants across 2025–2028, with extra weight on the nights the clocks change.
  const CHANGES = ['2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z'];
  const instant = fc.oneof(
    fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000)),
    fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([c, m]) => new Date(Date.parse(c) + m * 60_000)),
  );

  it('opensNext is in the future, open then, and closed until then; closesAt likewise the other way', () => {
    fc.assert(
      fc.property(service, instant, fc.double({ min: 0, max: 1, noNaN: true }), (s, now, fraction) => {
        const r = openingAt(s, now);
        const next = r.open ? r.closesAt : r.opensNext;
        if (!next) return;
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        expect(openingAt(s, next).open).toBe(!r.open);
        const between = new Date(now.getTime() + Math.floor((next.getTime() - now.getTime()) * fraction * 0.999));
        expect(openingAt(s, between).open).toBe(r.open);
      }),
      { numRuns: 300 },
    );
  });

  it('open now exactly when one of today’s periods (or last night’s) covers now', () => {
    fc.assert(
      fc.property(service, instant, (s, now) => {
        const day = todaysHours(s, now);
        const covered = day.periods.some((p) => p.opensAt <= now && now < p.closesAt);
        expect(openingAt(s, now).open).toBe(covered);
      }),
      { numRuns: 300 },
    );
  });

  it('every schedule the schema accepts gives an answer without throwing', () => {
    fc.assert(
      fc.property(service, instant, (s, now) => {
        expect(typeof describeOpening(s, now)).toBe('string');
        expect(typeof describeHours(todaysHours(s, now))).toBe('string');
      }),
      { numRuns: 100 },
    );
  });
});

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
