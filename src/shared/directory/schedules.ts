import { z } from 'zod';
import { DAYS, type OpeningHours } from '../opening-hours.js';

/**
 * When a directory service is open, in Europe/London local time.
 *
 * The shapes follow Open Referral UK's `regular_schedule` and `holiday_schedule`
 * (same field names, snake_case as in ORUK), so import and export copy them across.
 * `observes_bank_holidays` is ours: ORUK has no way to say "closed on bank holidays",
 * so an export turns it into one closed holiday schedule per bank holiday
 * (`expandBankHolidays`).
 *
 * How a day's hours are worked out (each period belongs to the local date it opens on):
 * 1. Holiday schedules covering the date win. If several cover it, the one with the
 *    shortest date range counts (so "open 10:00 to 14:00 on 27 December" beats
 *    "closed 24 December to 2 January"); among equally short ones, closed beats open,
 *    and open ones add together.
 * 2. Otherwise, if the service observes bank holidays and the date is an England and
 *    Wales bank holiday, it is closed.
 * 3. Otherwise the regular schedules that apply on the date (day of the week or month,
 *    interval, validity dates).
 * A period whose closing time is at or before its opening time runs past midnight
 * into the next day, and keeps the rules of the day it opened on: Sunday 22:00 to
 * 02:00 stays open until 02:00 on a bank holiday Monday. Opening and closing at the
 * same time means 24 hours. A closing time of 23:59 (the HSDS way of writing "until
 * the end of the day") or 24:00 means midnight, so 00:00 to 23:59 every day is 24/7.
 *
 * Clock changes: a time happens at the first moment the wall clock in London shows it
 * (or a later time). In the spring gap (01:00 to 02:00 does not exist) "01:30" is
 * 02:00 BST; in the autumn repeat (01:00 to 02:00 happens twice) "01:30" is the first
 * one, in BST. So a 22:00 to 06:00 night lasts 7 hours in March and 9 in October.
 *
 * Pure: no database, no clock (the instant is always passed in), no fetches; time
 * zone rules come from the runtime's Intl (full ICU in Node 20 and every browser).
 */

export const TIME_ZONE = 'Europe/London';

// ---- contracts --------------------------------------------------------------------

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** "HH:MM", or "HH:MM:SS" as ORUK's examples write it (seconds are ignored). */
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;
const CLOSING_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?|24:00(?::00)?)$/;
const OpensAt = z.string().regex(TIME, 'Use the 24-hour clock, like 09:30');
const ClosesAt = z.string().regex(CLOSING_TIME, 'Use the 24-hour clock, like 17:30 (00:00 or 24:00 for midnight)');
const LocalDate = z.iso.date({ error: 'Use a date like 2026-12-25' });
const Id = z.string().trim().min(1).max(200);

const BYDAY_TOKEN = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;
const BYMONTHDAY_TOKEN = /^-?(?:[1-9]|[12]\d|3[01])$/;
const tokens = (list: string) => list.split(',').map((t) => t.trim());

/**
 * ORUK `regular_schedule`: opening hours that repeat. `freq` is WEEKLY when left out.
 * Weekly: `byday` lists the days ("MO,TU,WE"); `interval: 2` with a `dtstart` means
 * every other week (weeks start on Monday). Monthly: `byday` with a number ("2MO" the
 * second Monday, "-1FR" the last Friday) or `bymonthday` ("1,15", "-1" the last day).
 * 24/7: every day, opens_at "00:00", closes_at "00:00" (or "23:59" or "24:00").
 */
export const RegularSchedule = z
  .strictObject({
    id: Id.optional(),
    description: z.string().trim().max(500, 'Keep this to 500 characters or fewer').optional(),
    freq: z.enum(['WEEKLY', 'MONTHLY'], { error: 'Use WEEKLY or MONTHLY' }).optional(),
    interval: z.number().int('Use a whole number').min(1, 'Use at least 1').max(52, 'Use 52 or fewer').optional(),
    dtstart: LocalDate.optional(),
    byday: z.string().max(100).optional(),
    bymonthday: z.string().max(100).optional(),
    opens_at: OpensAt,
    closes_at: ClosesAt,
    valid_from: LocalDate.optional(),
    valid_to: LocalDate.optional(),
  })
  .superRefine((s, ctx) => {
    const monthly = s.freq === 'MONTHLY';
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (s.byday !== undefined) {
      const days = tokens(s.byday);
      const parsed = days.map((t) => BYDAY_TOKEN.exec(t));
      if (parsed.some((m) => m === null)) issue('byday', 'Use days like MO,TU,WE (MO TU WE TH FR SA SU)');
      else if (!monthly && parsed.some((m) => m?.[1] !== undefined))
        issue('byday', 'Numbered days like 2MO are for monthly schedules; a weekly one uses MO,TU');
      else if (new Set(days).size !== days.length) issue('byday', 'List each day once');
    }
    if (s.bymonthday !== undefined) {
      const days = tokens(s.bymonthday);
      if (!monthly) issue('bymonthday', 'Days of the month are for monthly schedules');
      else if (days.some((t) => !BYMONTHDAY_TOKEN.test(t))) issue('bymonthday', 'Use days of the month like 1,15 or -1 for the last day');
      else if (new Set(days).size !== days.length) issue('bymonthday', 'List each day once');
    }
    if (!monthly && (s.byday === undefined || s.byday.trim() === '')) issue('byday', 'Choose at least one day of the week');
    if (monthly && s.byday === undefined && s.bymonthday === undefined)
      issue('byday', 'Choose days of the week (like 2MO) or days of the month');
    if (monthly && s.byday !== undefined && s.bymonthday !== undefined)
      issue('bymonthday', 'Use days of the week or days of the month, not both');
    if ((s.interval ?? 1) > 1 && s.dtstart === undefined) issue('dtstart', 'Give a start date so we know which weeks or months count');
    if (s.valid_from !== undefined && s.valid_to !== undefined && s.valid_to < s.valid_from)
      issue('valid_to', 'This is before the date the hours start');
  });
export type RegularSchedule = z.infer<typeof RegularSchedule>;

/**
 * ORUK `holiday_schedule`: the dates from `start_date` to `end_date` (both included)
 * are either closed or open only at the special hours given.
 */
export const HolidaySchedule = z
  .strictObject({
    id: Id.optional(),
    closed: z.boolean({ error: 'Say whether the service is closed on these days' }),
    start_date: LocalDate,
    end_date: LocalDate,
    opens_at: OpensAt.optional(),
    closes_at: ClosesAt.optional(),
  })
  .superRefine((h, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (h.end_date < h.start_date) issue('end_date', 'This is before the first day');
    if (h.closed && (h.opens_at !== undefined || h.closes_at !== undefined))
      issue('opens_at', 'A closed day has no opening times: leave them out, or say it is open');
    if (!h.closed && h.opens_at === undefined) issue('opens_at', 'Give the opening time for these days');
    if (!h.closed && h.closes_at === undefined) issue('closes_at', 'Give the closing time for these days');
  });
export type HolidaySchedule = z.infer<typeof HolidaySchedule>;

/** Everything that decides when one service is open. */
export const ServiceSchedules = z.strictObject({
  regular_schedules: z.array(RegularSchedule).max(100, 'Use 100 regular schedules or fewer'),
  holiday_schedules: z.array(HolidaySchedule).max(500, 'Use 500 holiday schedules or fewer'),
  /** Closed on England and Wales bank holidays, unless a holiday schedule says otherwise. */
  observes_bank_holidays: z.boolean(),
});
export type ServiceSchedules = z.infer<typeof ServiceSchedules>;

// ---- England and Wales bank holidays ------------------------------------------------

/**
 * England and Wales bank holidays, as published by GOV.UK at
 * https://www.gov.uk/bank-holidays (machine-readable: https://www.gov.uk/bank-holidays.json).
 * Embedded, never fetched at run time. 2025 to 2027 are the published dates; 2028 follows
 * the standing rules and was not yet published when this was written: check it against
 * GOV.UK.
 *
 * NEEDS A YEARLY UPDATE: add each new year when GOV.UK publishes it, and any one-off day
 * (a coronation, a jubilee) when it is announced. The test "covers this year and next"
 * starts failing on 1 January of the last year listed, as a reminder. Beyond the list,
 * no day counts as a bank holiday.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly { readonly date: string; readonly name: string }[] = [
  { date: '2025-01-01', name: 'New Year’s Day' },
  { date: '2025-04-18', name: 'Good Friday' },
  { date: '2025-04-21', name: 'Easter Monday' },
  { date: '2025-05-05', name: 'Early May bank holiday' },
  { date: '2025-05-26', name: 'Spring bank holiday' },
  { date: '2025-08-25', name: 'Summer bank holiday' },
  { date: '2025-12-25', name: 'Christmas Day' },
  { date: '2025-12-26', name: 'Boxing Day' },
  { date: '2026-01-01', name: 'New Year’s Day' },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-06', name: 'Easter Monday' },
  { date: '2026-05-04', name: 'Early May bank holiday' },
  { date: '2026-05-25', name: 'Spring bank holiday' },
  { date: '2026-08-31', name: 'Summer bank holiday' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
  { date: '2027-01-01', name: 'New Year’s Day' },
  { date: '2027-03-26', name: 'Good Friday' },
  { date: '2027-03-29', name: 'Easter Monday' },
  { date: '2027-05-03', name: 'Early May bank holiday' },
  { date: '2027-05-31', name: 'Spring bank holiday' },
  { date: '2027-08-30', name: 'Summer bank holiday' },
  { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
  { date: '2028-01-03', name: 'New Year’s Day (substitute day)' },
  { date: '2028-04-14', name: 'Good Friday' },
  { date: '2028-04-17', name: 'Easter Monday' },
  { date: '2028-05-01', name: 'Early May bank holiday' },
  { date: '2028-05-29', name: 'Spring bank holiday' },
  { date: '2028-08-28', name: 'Summer bank holiday' },
  { date: '2028-12-25', name: 'Christmas Day' },
  { date: '2028-12-26', name: 'Boxing Day' },
];

const bankHolidayNames = new Map(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((b) => [b.date, b.name]));

/** The bank holiday's name on this local date ("2026-12-28"), if it is one. */
export const bankHolidayOn = (date: string): string | undefined => bankHolidayNames.get(date);

// ---- local dates and the London clock ---------------------------------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DAY_MINUTES = 1440;

/** Days since 1970-01-01 for a local date "YYYY-MM-DD". */
const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;
const dateOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

let wallFormatter: Intl.DateTimeFormat | undefined;
const offsets = new Map<number, number>();

/**
 * London's offset from UTC, in ms, at an instant. Cached per UTC hour: every change of
 * Europe/London's offset since 1847 has happened on a whole UTC hour.
 */
function offsetAt(ms: number): number {
  const hour = Math.floor(ms / HOUR);
  const known = offsets.get(hour);
  if (known !== undefined) return known;
  wallFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const at = hour * HOUR;
  const part: Record<string, number> = {};
  for (const p of wallFormatter.formatToParts(at)) if (p.type !== 'literal') part[p.type] = Number(p.value);
  const wall = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(hour, wall - at);
  return wall - at;
}

/** The London wall clock at an instant, as days since 1970 and minutes into the day. */
function wallClock(ms: number): { day: number; minutes: number } {
  const wall = ms + offsetAt(ms);
  const day = Math.floor(wall / DAY);
  return { day, minutes: Math.floor((wall - day * DAY) / MINUTE) };
}

/**
 * The instant London's wall clock first shows `minutes` after midnight on `day` (or a
 * later time): the earlier of the two in the autumn repeat, the end of the jump in the
 * spring gap. `minutes` may run past 1440 into the following days.
 */
function localToInstant(day: number, minutes: number): number {
  const naive = day * DAY + minutes * MINUTE;
  const before = offsetAt(naive - DAY);
  const after = offsetAt(naive + DAY);
  const fits = [...new Set([before, after])].map((o) => naive - o).filter((t) => offsetAt(t) === naive - t);
  if (fits.length > 0) return Math.min(...fits);
  // The clocks jumped over this time: find the first minute whose wall clock is at or past it.
  let lo = naive - Math.max(before, after); // wall clock still before the asked time
  let hi = naive - Math.min(before, after); // wall clock already past it
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (mid + offsetAt(mid) >= naive) hi = mid;
    else lo = mid;
  }
  return hi;
}

// ---- the hours of one local day ----------------------------------------------------------

/** Minutes after midnight of an "HH:MM[:SS]" time. */
const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** An opening period in local minutes from the midnight starting its day; `closes` may pass 1440. */
type LocalSpan = { opens: number; closes: number };

function spanOf(opensAt: string, closesAt: string): LocalSpan {
  const opens = minutesOf(opensAt);
  let closes = minutesOf(closesAt);
  if (closes === opens) return { opens, closes: opens + DAY_MINUTES };
  if (closes === DAY_MINUTES - 1) closes = DAY_MINUTES; // 23:59 means "until midnight"
  return { opens, closes: closes <= opens ? closes + DAY_MINUTES : closes };
}

function mergeSpans(spans: LocalSpan[]): LocalSpan[] {
  const sorted = [...spans].sort((a, b) => a.opens - b.opens || a.closes - b.closes);
  const out: LocalSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.opens <= last.closes) last.closes = Math.max(last.closes, s.closes);
    else out.push({ ...s });
  }
  return out;
}

const monthsBetween = (a: number, b: number): number => {
  const da = new Date(a * DAY);
  const db = new Date(b * DAY);
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
};

function appliesOn(s: RegularSchedule, day: number, date: string): boolean {
  if (s.valid_from !== undefined && date < s.valid_from) return false;
  if (s.valid_to !== undefined && date > s.valid_to) return false;
  const start = s.dtstart === undefined ? undefined : dayNumber(s.dtstart);
  if (start !== undefined && day < start) return false;
  const interval = s.interval ?? 1;
  const weekday = weekdayOf(day);
  if (s.freq !== 'MONTHLY') {
    if (interval > 1 && start !== undefined) {
      const weeks = Math.floor((day - weekday - (start - weekdayOf(start))) / 7);
      if (weeks % interval !== 0) return false;
    }
    return tokens(s.byday ?? '').some((t) => t === WEEKDAY_CODES[weekday]);
  }
  if (interval > 1 && start !== undefined && monthsBetween(start, day) % interval !== 0) return false;
  const d = new Date(day * DAY);
  const dayOfMonth = d.getUTCDate();
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  if (s.bymonthday !== undefined) {
    return tokens(s.bymonthday).some((t) => {
      const n = Number(t);
      return n > 0 ? n === dayOfMonth : daysInMonth + n + 1 === dayOfMonth;
    });
  }
  return tokens(s.byday ?? '').some((t) => {
    const m = BYDAY_TOKEN.exec(t);
    if (!m || m[2] !== WEEKDAY_CODES[weekday]) return false;
    if (m[1] === undefined) return true;
    const n = Number(m[1]);
    return n > 0 ? Math.ceil(dayOfMonth / 7) === n : Math.ceil((daysInMonth - dayOfMonth + 1) / 7) === -n;
  });
}

/** Which rule set a day's hours. */
export type DayRule = 'regular' | 'holiday-schedule' | 'bank-holiday';

function spansOn(s: ServiceSchedules, day: number): { rule: DayRule; spans: LocalSpan[] } {
  const date = dateOf(day);
  const covering = s.holiday_schedules.filter((h) => h.start_date <= date && date <= h.end_date);
  if (covering.length > 0) {
    const length = (h: HolidaySchedule) => dayNumber(h.end_date) - dayNumber(h.start_date);
    const shortest = Math.min(...covering.map(length));
    const specific = covering.filter((h) => length(h) === shortest);
    if (specific.some((h) => h.closed)) return { rule: 'holiday-schedule', spans: [] };
    const spans = specific.flatMap((h) => (h.opens_at && h.closes_at ? [spanOf(h.opens_at, h.closes_at)] : []));
    return { rule: 'holiday-schedule', spans: mergeSpans(spans) };
  }
  if (s.observes_bank_holidays && bankHolidayNames.has(date)) return { rule: 'bank-holiday', spans: [] };
  const spans = s.regular_schedules.filter((r) => appliesOn(r, day, date)).map((r) => spanOf(r.opens_at, r.closes_at));
  return { rule: 'regular', spans: mergeSpans(spans) };
}

type Interval = { start: number; end: number; day: number; span: LocalSpan };

function intervalsOn(s: ServiceSchedules, day: number): Interval[] {
  return spansOn(s, day)
    .spans.map((span) => ({ start: localToInstant(day, span.opens), end: localToInstant(day, span.closes), day, span }))
    .filter((i) => i.end > i.start); // a period wholly inside the spring gap never happens
}

// ---- open now -------------------------------------------------------------------------------

/** How far ahead a closing time is looked for: past this, an open service is "open for now". */
export const CLOSING_LOOKAHEAD_DAYS = 7;
/** How far ahead the next opening is looked for. */
export const OPENING_LOOKAHEAD_DAYS = 366;

/**
 * Open or closed at an instant. When open, `closesAt` is when it next closes, left out
 * when it stays open for the next 7 days or more (24/7). When closed, `opensNext` is
 * when it next opens, left out when it does not open in the next year.
 */
export type OpeningStatus = { open: true; closesAt?: Date } | { open: false; opensNext?: Date };

const timeOf = (instant: Date): number => {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Opening hours need a valid date and time');
  return ms;
};

export function openingAt(s: ServiceSchedules, instant: Date): OpeningStatus {
  const now = timeOf(instant);
  const today = wallClock(now).day;
  // A period lasts at most two local days, so only yesterday's or today's can be running now.
  const near: Interval[] = [];
  for (let d = today - 1; d <= today + CLOSING_LOOKAHEAD_DAYS; d++) near.push(...intervalsOn(s, d));
  near.sort((a, b) => a.start - b.start);
  const current = near.find((i) => i.start <= now && now < i.end);
  if (current) {
    let end = current.end;
    for (const i of near) {
      if (i.start > end) break;
      if (i.end > end) end = i.end;
    }
    // A period from a day not looked at opens at or after that day's midnight.
    const unseen = localToInstant(today + CLOSING_LOOKAHEAD_DAYS + 1, 0);
    return end < unseen ? { open: true, closesAt: new Date(end) } : { open: true };
  }
  for (let d = today; d <= today + OPENING_LOOKAHEAD_DAYS; d++) {
    const starts = intervalsOn(s, d)
      .map((i) => i.start)
      .filter((t) => t > now);
    if (starts.length > 0) return { open: false, opensNext: new Date(Math.min(...starts)) };
  }
  return { open: false };
}

// ---- a day's hours, for display --------------------------------------------------------------

export type DayPeriod = {
  /** Local times as scheduled, "HH:MM" ("00:00" for midnight). */
  opens: string;
  closes: string;
  /** The instants they happen (after the clock-change rules). */
  opensAt: Date;
  closesAt: Date;
  /** Opens 00:00 and runs at least to midnight. */
  allDay: boolean;
  /** Runs past midnight into the next day. */
  endsNextDay: boolean;
  /** Carried over from the day before (an overnight period still running this morning). */
  startedDayBefore: boolean;
};

export type DayHours = {
  /** Local date, "YYYY-MM-DD". */
  date: string;
  rule: DayRule;
  /** Set when the date is an England and Wales bank holiday (whatever the rule). */
  bankHoliday?: string;
  /** In time order; carried-over periods first. Empty: closed all day. */
  periods: DayPeriod[];
};

const clock = (minutes: number): string => {
  const m = ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

const periodOf = (i: Interval, startedDayBefore: boolean): DayPeriod => ({
  opens: clock(i.span.opens),
  closes: clock(i.span.closes),
  opensAt: new Date(i.start),
  closesAt: new Date(i.end),
  allDay: i.span.opens === 0 && i.span.closes >= DAY_MINUTES,
  endsNextDay: i.span.closes > DAY_MINUTES,
  startedDayBefore,
});

/** The hours on one local date ("YYYY-MM-DD"), with any overnight period carried over from the day before. */
export function hoursOn(s: ServiceSchedules, date: string): DayHours {
  const parsed = LocalDate.safeParse(date);
  if (!parsed.success) throw new RangeError('Opening hours need a date like 2026-12-25');
  const day = dayNumber(date);
  const midnight = localToInstant(day, 0);
  const carried = intervalsOn(s, day - 1)
    .filter((i) => i.end > midnight)
    .map((i) => periodOf(i, true));
  const own = intervalsOn(s, day).map((i) => periodOf(i, false));
  const bankHoliday = bankHolidayNames.get(date);
  return { date, rule: spansOn(s, day).rule, ...(bankHoliday ? { bankHoliday } : {}), periods: [...carried, ...own] };
}

/** Today's hours in London at this instant ("Open today 10:00 to 22:00"). */
export const todaysHours = (s: ServiceSchedules, instant: Date): DayHours => hoursOn(s, localDate(instant));

/** The London local date of an instant, "YYYY-MM-DD". */
export const localDate = (instant: Date): string => dateOf(wallClock(timeOf(instant)).day);

/** The London wall-clock time of an instant, "HH:MM". */
export const localTime = (instant: Date): string => clock(wallClock(timeOf(instant)).minutes);

// ---- plain-English descriptions ------------------------------------------------------------------
// English only. Other languages build their own sentences from OpeningStatus, DayHours and whenLocal().

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * Where a later instant falls, seen from `now`, in London: its local time and how to
 * name its day. Midnight ("00:00") belongs to the day before it, as people say it.
 */
export type WhenLocal = {
  time: string;
  midnight: boolean;
  day: 'today' | 'tomorrow' | 'this-week' | 'later';
  weekday: (typeof WEEKDAY_NAMES)[number];
  /** "2 January". */
  dayAndMonth: string;
};

export function whenLocal(target: Date, now: Date): WhenLocal {
  const at = wallClock(timeOf(target));
  const midnight = at.minutes === 0;
  const day = midnight ? at.day - 1 : at.day;
  const ahead = day - wallClock(timeOf(now)).day;
  const d = new Date(day * DAY);
  return {
    time: clock(at.minutes),
    midnight,
    day: ahead <= 0 ? 'today' : ahead === 1 ? 'tomorrow' : ahead < 7 ? 'this-week' : 'later',
    weekday: WEEKDAY_NAMES[weekdayOf(day)] ?? 'Monday',
    dayAndMonth: `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()] ?? ''}`,
  };
}

const dayWords = (w: WhenLocal): string =>
  w.day === 'today' ? 'today' : w.day === 'tomorrow' ? 'tomorrow' : w.day === 'this-week' ? `on ${w.weekday}` : `on ${w.dayAndMonth}`;

/**
 * "Open now until 22:00", "Open now until midnight", "Open now until 02:00 tomorrow",
 * "Open now, day and night", "Closed now. Opens tomorrow at 10:00", "Closed now".
 */
export function describeOpening(s: ServiceSchedules, instant: Date): string {
  const status = openingAt(s, instant);
  if (status.open) {
    if (!status.closesAt) return 'Open now, day and night';
    const w = whenLocal(status.closesAt, instant);
    if (w.midnight) return w.day === 'today' ? 'Open now until midnight' : `Open now until midnight ${dayWords(w)}`;
    return w.day === 'today' ? `Open now until ${w.time}` : `Open now until ${w.time} ${dayWords(w)}`;
  }
  return status.opensNext ? `Closed now. ${describeNextOpening(status.opensNext, instant)}` : 'Closed now';
}

/** "Opens today at 10:00", "Opens tomorrow at 10:00", "Opens on Monday at 10:00", "Opens on 2 January at 10:00". */
export function describeNextOpening(opensNext: Date, now: Date): string {
  const w = whenLocal(opensNext, now);
  if (w.midnight) return `Opens at midnight ${w.day === 'today' ? 'tonight' : dayWords(w)}`;
  return `Opens ${dayWords(w)} at ${w.time}`;
}

/** "Open today 10:00 to 22:00", "Open today 00:00 to 02:00 and 22:00 to 02:00", "Open 24 hours today", "Closed today". */
export function describeHours(day: DayHours, dayName = 'today'): string {
  if (day.periods.length === 0) return `Closed ${dayName}${day.rule === 'bank-holiday' ? ' (bank holiday)' : ''}`;
  if (day.periods.some((p) => p.allDay && !p.startedDayBefore)) return `Open 24 hours ${dayName}`;
  const parts = day.periods.map((p) => `${p.startedDayBefore ? '00:00' : p.opens} to ${p.closes === '00:00' ? 'midnight' : p.closes}`);
  return `Open ${dayName} ${parts.join(' and ')}`;
}

// ---- conversions ----------------------------------------------------------------------------------

/**
 * A service's weekly `OpeningHours` (the services table) as schedules, so one set of
 * rules answers "open now" for both. Not open every day of the year means it closes on
 * bank holidays.
 */
export function schedulesFromOpeningHours(hours: OpeningHours): ServiceSchedules {
  if (hours.open247) {
    return { regular_schedules: [{ byday: WEEKDAY_CODES.join(','), opens_at: '00:00', closes_at: '23:59' }], holiday_schedules: [], observes_bank_holidays: false };
  }
  const byTimes = new Map<string, WeekdayCode[]>();
  DAYS.forEach((name, i) => {
    for (const p of hours.weekly[name]) {
      const key = `${p.opens}-${p.closes}`;
      byTimes.set(key, [...(byTimes.get(key) ?? []), WEEKDAY_CODES[i] ?? 'MO']);
    }
  });
  const regular_schedules = [...byTimes].map(([key, days]) => ({ byday: days.join(','), opens_at: key.slice(0, 5), closes_at: key.slice(6, 11) }));
  return { regular_schedules, holiday_schedules: [], observes_bank_holidays: !hours.open365 };
}

/**
 * For export to ORUK, which cannot say "closed on bank holidays": the same schedules with
 * one closed holiday schedule for each known bank holiday on or after `fromDate` that no
 * holiday schedule already covers.
 */
export function expandBankHolidays(s: ServiceSchedules, fromDate: string): ServiceSchedules {
  if (!s.observes_bank_holidays) return s;
  const covered = (date: string) => s.holiday_schedules.some((h) => h.start_date <= date && date <= h.end_date);
  const added = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((b) => b.date >= fromDate && !covered(b.date)).map((b) => ({
    closed: true,
    start_date: b.date,
    end_date: b.date,
  }));
  return { ...s, holiday_schedules: [...s.holiday_schedules, ...added], observes_bank_holidays: false };
}
