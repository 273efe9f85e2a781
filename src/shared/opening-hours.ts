import { z } from 'zod';

/**
 * A service's regular opening hours in Europe/London local time. `open247` covers
 * services that never close; otherwise each weekday has zero or more periods, and a
 * period whose close is earlier than its open runs past midnight (an overnight shift).
 */
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the 24-hour clock, like 09:30');
export const OpeningPeriod = z.strictObject({ opens: time, closes: time });
export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const OpeningHours = z.strictObject({
  open247: z.boolean(),
  /** Open every day of the year, bank holidays included. */
  open365: z.boolean(),
  weekly: z.strictObject(Object.fromEntries(DAYS.map((d) => [d, z.array(OpeningPeriod).max(4)])) as Record<(typeof DAYS)[number], z.ZodArray<typeof OpeningPeriod>>),
});
export type OpeningHours = z.infer<typeof OpeningHours>;

export const everyDay = (opens: string, closes: string): OpeningHours => ({
  open247: false,
  open365: true,
  weekly: Object.fromEntries(DAYS.map((d) => [d, [{ opens, closes }]])) as OpeningHours['weekly'],
});

export const alwaysOpen = (): OpeningHours => ({
  open247: true,
  open365: true,
  weekly: Object.fromEntries(DAYS.map((d) => [d, []])) as unknown as OpeningHours['weekly'],
});
