import type { OpeningHours } from '../../../shared/opening-hours.js';

// The same days as src/shared/opening-hours.ts, kept here so the web chunk does not pull in zod.
export type Day = keyof OpeningHours['weekly'];
export const DAYS: readonly Day[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export const DAY_LABELS: Record<Day, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

export interface PeriodForm {
  opens: string;
  closes: string;
}

/** What the editor holds: text as typed, so half-finished input is never lost. */
export interface OpeningHoursForm {
  mode: 'always' | 'periods';
  open365: boolean;
  days: Record<Day, PeriodForm[]>;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_PERIODS = 4;

export function emptyDays(): Record<Day, PeriodForm[]> {
  return Object.fromEntries(DAYS.map((d) => [d, []])) as unknown as Record<Day, PeriodForm[]>;
}

export function formFromOpeningHours(hours: OpeningHours): OpeningHoursForm {
  const days = emptyDays();
  for (const d of DAYS) days[d] = hours.weekly[d].map((p) => ({ opens: p.opens, closes: p.closes }));
  return { mode: hours.open247 ? 'always' : 'periods', open365: hours.open365, days };
}

/** "9:30" and "0930" become "09:30"; anything else is left for the check to explain. */
export function normaliseTime(input: string): string {
  const t = input.trim().replace('.', ':');
  const m = /^(\d{1,2}):?(\d{2})$/.exec(t);
  if (!m) return t;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/**
 * Turns the editor's state into the server's OpeningHours, or field errors keyed
 * `hours.<day>.<index>.opens|closes` (and `hours` for the whole editor).
 */
export function openingHoursFromForm(form: OpeningHoursForm): { ok: true; value: OpeningHours } | { ok: false; errors: Record<string, string> } {
  if (form.mode === 'always') {
    return { ok: true, value: { open247: true, open365: true, weekly: emptyDays() as OpeningHours['weekly'] } };
  }
  const errors: Record<string, string> = {};
  const weekly = emptyDays() as OpeningHours['weekly'];
  let periods = 0;
  for (const d of DAYS) {
    const list = form.days[d];
    if (list.length > MAX_PERIODS) errors[`hours.${d}`] = `${DAY_LABELS[d]} can have up to ${MAX_PERIODS} opening times`;
    list.forEach((p, i) => {
      const opens = normaliseTime(p.opens);
      const closes = normaliseTime(p.closes);
      const base = `hours.${d}.${i}`;
      if (!TIME.test(opens)) errors[`${base}.opens`] = `Enter when ${DAY_LABELS[d]} opens, using the 24-hour clock, like 09:30`;
      if (!TIME.test(closes)) errors[`${base}.closes`] = `Enter when ${DAY_LABELS[d]} closes, using the 24-hour clock, like 17:00`;
      else if (TIME.test(opens) && opens === closes) errors[`${base}.closes`] = `${DAY_LABELS[d]}’s closing time must be different from its opening time. For all day, choose open 24 hours.`;
      weekly[d].push({ opens, closes });
      periods += 1;
    });
  }
  if (periods === 0) errors.hours = 'Add at least one opening time, or choose open 24 hours, every day';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { open247: false, open365: form.open365, weekly } };
}

/** Times past midnight read as overnight: "20:00 to 02:00 (overnight)". */
export function describePeriod(p: { opens: string; closes: string }): string {
  return `${p.opens} to ${p.closes}${p.closes < p.opens ? ' (overnight)' : ''}`;
}

/** A short description for lists, e.g. "Open 24 hours, every day" or "Monday 09:00 to 17:00; …". */
export function describeOpeningHours(hours: OpeningHours): string {
  if (hours.open247) return 'Open 24 hours, every day';
  const parts = DAYS.filter((d) => hours.weekly[d].length > 0).map((d) => `${DAY_LABELS[d]} ${hours.weekly[d].map(describePeriod).join(', ')}`);
  if (parts.length === 0) return 'No opening times yet';
  return `${parts.join('; ')}${hours.open365 ? '. Open on bank holidays too' : ''}`;
}
