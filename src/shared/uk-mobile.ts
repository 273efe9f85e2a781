/**
 * UK mobile numbers for staff alerts by text message: pure rules, no zod, so the web app can
 * use them as a person types. There is no phone-number library among our dependencies, so the
 * rule is written out carefully here (unit-tested in uk-mobile.test.ts):
 *
 * - Accepted as typed: `07700 900123`, `07700-900-123`, `(07700) 900123`, `+44 7700 900123`,
 *   `+44 (0)7700 900123`, `0044 7700 900123`, `447700900123`. Spaces, hyphens, dots and
 *   brackets are ignored; nothing else is (letters, other symbols, non-ASCII digits).
 * - A UK mobile is 07 and 9 more digits. Of those, 070 (personal numbers, which forward
 *   anywhere and can cost a lot) and 076 (pagers) are not mobiles, except 07624 (Isle of Man
 *   mobiles). So: 071–075, 077–079 and 07624.
 * - Stored and sent in E.164: `+447700900123`. Shown as `07700 900123`.
 */

/** Longest input looked at: anything longer is not a phone number (and is never echoed). */
export const UK_MOBILE_MAX_INPUT = 30;

export const UK_MOBILE_EXAMPLE = '07700 900123';
export const UK_MOBILE_PROBLEM = `Enter a UK mobile number, like ${UK_MOBILE_EXAMPLE}`;

const SEPARATORS = /[\s\-.()]/g;
const NATIONAL_MOBILE = /^7(?:[1-57-9][0-9]{8}|624[0-9]{6})$/;

/** The number in E.164 (`+447…`), or null when it is not a UK mobile number. */
export function normaliseUkMobile(input: string): string | null {
  if (typeof input !== 'string' || input.length > UK_MOBILE_MAX_INPUT) return null;
  const compact = input.replace(SEPARATORS, '');
  if (!/^\+?[0-9]+$/.test(compact)) return null;
  let national: string;
  if (compact.startsWith('+44')) national = compact.slice(3);
  else if (compact.startsWith('0044')) national = compact.slice(4);
  else if (compact.startsWith('+')) return null;
  else if (compact.startsWith('44') && compact.length === 12) national = compact.slice(2);
  else if (compact.startsWith('0')) national = compact.slice(1);
  else return null;
  // "+44 (0)7700 900123": the trunk 0 written after the country code.
  if (compact.startsWith('+440') || compact.startsWith('00440')) national = national.slice(1);
  return NATIONAL_MOBILE.test(national) ? `+44${national}` : null;
}

/** `+447700900123` → `07700 900123` (as people in the UK write it). Anything else comes back as it is. */
export function formatUkMobile(e164: string): string {
  const m = /^\+44(7[0-9]{3})([0-9]{6})$/.exec(e164);
  return m ? `0${m[1]} ${m[2]}` : e164;
}

/** The last three digits only, for saying which number a message went to without showing it all. */
export const mobileEnding = (e164: string): string => e164.slice(-3);

/** How alerts reach a person: by text message, email, or both. */
export const ALERT_CHANNELS = ['sms', 'email', 'both'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

export const ALERT_CHANNEL_LABELS: Record<AlertChannel, string> = {
  sms: 'By text message',
  email: 'By email',
  both: 'By text message and email',
};

/**
 * The channel to keep when someone saves their settings: what they chose, else text when
 * they have a mobile number and email when they do not. Text needs a number: null here
 * means the choice cannot be kept (the caller answers with a field error).
 */
export function alertChannelFor(mobile: string | null, chosen: AlertChannel | undefined): AlertChannel | null {
  if (!mobile) return chosen === undefined || chosen === 'email' ? 'email' : null;
  return chosen ?? 'sms';
}

/** What one alert is sent by, for a person with this number and choice (never text without a number). */
export function deliveryChannels(mobile: string | null, channel: AlertChannel | null | undefined): ('sms' | 'email')[] {
  if (!mobile) return ['email'];
  switch (channel ?? 'sms') {
    case 'email':
      return ['email'];
    case 'both':
      return ['sms', 'email'];
    default:
      return ['sms'];
  }
}
