import {
  openingAt,
  todaysHours,
  whenLocal,
  type DayHours,
  type ServiceSchedules,
  type WhenLocal,
} from '../../shared/directory/schedules.js';

/**
 * Opening hours for the help page, as facts each language turns into its own words.
 * The rules (overnight hours, clock changes, bank holidays) all live in
 * shared/directory/schedules.ts; this only reshapes its answers for translation.
 */

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** A later moment, seen from now: its time and which day it falls on. */
export interface When {
  /** "HH:MM" on the 24-hour clock. */
  time: string;
  /** Midnight, counted as the end of the day before (as people say it). */
  midnight: boolean;
  day: WhenLocal['day'];
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Day of the month, 1 to 31. */
  date: number;
  /** 0 = January … 11 = December. */
  month: number;
}

export type OpenNow = { kind: 'always' } | { kind: 'until'; at: When } | { kind: 'opens'; at: When } | { kind: 'closed' };
export type Today = { kind: 'closed'; bankHoliday: boolean } | { kind: 'all-day' } | { kind: 'periods'; periods: { from: string; to: string; toMidnight: boolean }[] };

export function whenOf(target: Date, now: Date): When {
  const w = whenLocal(target, now);
  const [date, monthName] = w.dayAndMonth.split(' ');
  return {
    time: w.time,
    midnight: w.midnight,
    day: w.day,
    weekday: Math.max(0, WEEKDAYS.indexOf(w.weekday)),
    date: Number(date),
    month: Math.max(0, MONTHS.indexOf(monthName as (typeof MONTHS)[number])),
  };
}

export function openNow(schedules: ServiceSchedules, now: Date): OpenNow {
  const status = openingAt(schedules, now);
  if (status.open) return status.closesAt ? { kind: 'until', at: whenOf(status.closesAt, now) } : { kind: 'always' };
  return status.opensNext ? { kind: 'opens', at: whenOf(status.opensNext, now) } : { kind: 'closed' };
}

export function todayOf(day: DayHours): Today {
  if (day.periods.length === 0) return { kind: 'closed', bankHoliday: day.rule === 'bank-holiday' };
  if (day.periods.some((p) => p.allDay && !p.startedDayBefore)) return { kind: 'all-day' };
  return {
    kind: 'periods',
    periods: day.periods.map((p) => ({ from: p.startedDayBefore ? '00:00' : p.opens, to: p.closes, toMidnight: p.closes === '00:00' })),
  };
}

export interface HoursFacts {
  today: Today;
  now: OpenNow;
}

export const hoursFacts = (schedules: ServiceSchedules, now: Date): HoursFacts => ({ today: todayOf(todaysHours(schedules, now)), now: openNow(schedules, now) });
