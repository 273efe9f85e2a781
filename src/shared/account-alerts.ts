import { z } from 'zod';
import { ALERT_CHANNELS, normaliseUkMobile, UK_MOBILE_MAX_INPUT, UK_MOBILE_PROBLEM } from './uk-mobile.js';

/**
 * How alerts reach the signed-in person (issue 6): their mobile number for texts, and whether
 * alerts come by text, email or both. Routes, under /api/v1/account (any signed-in staff member,
 * for themselves only):
 *   GET  alert-settings        → AlertSettingsOut
 *   PUT  alert-settings        AlertSettingsBody → AlertSettingsOut (adding or changing the number
 *                              needs the password confirmed within 10 minutes: 403 reauth_required)
 *   POST alert-settings/test   → AlertTestOut (a test text to the saved number; once a minute)
 */

/** A UK mobile number as typed, or null / empty for none; comes out in E.164 (`+447700900123`) or null. */
export const UkMobileOrNone = z
  .string({ error: UK_MOBILE_PROBLEM })
  .max(UK_MOBILE_MAX_INPUT, UK_MOBILE_PROBLEM)
  .nullable()
  .transform((value, ctx) => {
    if (value === null || value.trim() === '') return null;
    const e164 = normaliseUkMobile(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: UK_MOBILE_PROBLEM });
      return z.NEVER;
    }
    return e164;
  });

export const AlertChannelInput = z.enum(ALERT_CHANNELS, { error: 'Choose how alerts reach you' });

export const AlertSettingsBody = z.strictObject({
  /** null (or an empty string): no number, so alerts come by email. */
  mobile: UkMobileOrNone,
  /** Left out: by text when there is a number, by email when there is not. */
  alertChannel: AlertChannelInput.optional(),
  /** The version you started from (0 before anything was saved); a stale one is a 409. */
  version: z.number({ error: 'Send the version you started editing from' }).int().min(0).max(2_147_483_647),
});
export type AlertSettingsBody = z.infer<typeof AlertSettingsBody>;

export const AlertSettingsOut = z.object({
  /** E.164, or null when none is saved. */
  mobile: z.string().nullable(),
  alertChannel: z.enum(ALERT_CHANNELS),
  /** When the last test text was sent (one a minute at most). */
  testSentAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  version: z.number(),
});
export type AlertSettingsOut = z.infer<typeof AlertSettingsOut>;

export const AlertTestBody = z.strictObject({});

export const AlertTestOut = z.object({
  /** Whether GOV.UK Notify took the message (it may still take a minute to arrive). */
  status: z.enum(['sent', 'failed']),
  sentAt: z.string(),
  /** The last three digits of the number it went to. */
  endingIn: z.string(),
});
export type AlertTestOut = z.infer<typeof AlertTestOut>;
