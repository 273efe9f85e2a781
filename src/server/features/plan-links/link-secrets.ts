import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { randomToken, sha256 } from '../../auth/secrets.js';
import { PLAN_CODE_LENGTH } from '../../../shared/plan-links.js';

/**
 * The secrets behind a plan link, as pure functions (no database):
 * - the token in the address: 256 random bits; only its sha256 is stored;
 * - the short code: digits from crypto.randomInt, stored as an HMAC under the server's
 *   secret key and compared in constant time;
 * - the cookie a right code earns: link id + expiry + HMAC, so it cannot be made up or
 *   stretched. Every request still re-checks the link itself in the database.
 */

export const newLinkToken = (): string => randomToken(32);
export const tokenDigest = (token: string): string => sha256(token);
/** Tokens are base64url of 32 bytes: anything else is refused before the database is asked. */
export const looksLikeToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

export const newCode = (): string => String(randomInt(0, 10 ** PLAN_CODE_LENGTH)).padStart(PLAN_CODE_LENGTH, '0');

const hmac = (secretKey: string, purpose: string, value: string): Buffer => createHmac('sha256', `${purpose}:${secretKey}`).update(value).digest();

export const codeDigest = (secretKey: string, linkId: string, code: string): string => hmac(secretKey, 'plan-code', `${linkId}:${code}`).toString('hex');

/** People type codes with spaces or dashes ("123 456"): those are dropped; anything else must be digits. */
export const normaliseCode = (typed: string): string | null => {
  const code = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${PLAN_CODE_LENGTH}}$`).test(code) ? code : null;
};

export function codeMatches(secretKey: string, linkId: string, typed: string, storedDigest: string): boolean {
  const code = normaliseCode(typed);
  // A code that is not even the right shape is compared anyway, so the time taken says nothing.
  const given = Buffer.from(codeDigest(secretKey, linkId, code ?? 'x'), 'hex');
  const stored = Buffer.from(storedDigest, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored) && code !== null;
}

// ---- the cookie ------------------------------------------------------------------------

/** `__Host-` needs Secure (and Path=/), so it is used behind TLS, as for staff sessions. */
export const planCookieName = (secure: boolean): string => (secure ? '__Host-alongside_plan' : 'alongside_plan');

export const signPlanCookie = (secretKey: string, linkId: string, expiresAtMs: number): string => {
  const body = `${linkId}.${expiresAtMs}`;
  return `${body}.${hmac(secretKey, 'plan-cookie', body).toString('base64url')}`;
};

/** The link id a cookie names, if it is ours, untouched and not past its time; otherwise null. */
export function readPlanCookie(secretKey: string, value: string | undefined, now: number): { linkId: string; expiresAtMs: number } | null {
  if (!value || value.length > 200) return null;
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [linkId, expires, mac] = parts as [string, string, string];
  if (!/^[0-9a-f-]{36}$/i.test(linkId) || !/^\d{1,15}$/.test(expires)) return null;
  const expected = hmac(secretKey, 'plan-cookie', `${linkId}.${expires}`);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expiresAtMs = Number(expires);
  if (expiresAtMs <= now) return null;
  return { linkId, expiresAtMs };
}

/** A token for the page's own forms (agree, forget), tied to the link: not guessable from another site. */
export const formTokenFor = (secretKey: string, linkId: string): string => hmac(secretKey, 'plan-form', linkId).toString('base64url');
export function formTokenMatches(secretKey: string, linkId: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(formTokenFor(secretKey, linkId));
  const sent = Buffer.from(given);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

// ---- time --------------------------------------------------------------------------------

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** The wall-clock offset of London from UTC at an instant, in ms (0 or one hour). */
function londonOffset(ms: number): number {
  const p = Object.fromEntries(LONDON.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** Today's date in London, "YYYY-MM-DD". */
export const londonToday = (now: number): string => new Date(now + londonOffset(now)).toISOString().slice(0, 10);

/** The last moment of a London day: the instant its next midnight begins (clocks change at 01:00 or 02:00, never at midnight). */
export function endOfLondonDay(date: string): number {
  const nextMidnightAsUtc = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  return nextMidnightAsUtc - londonOffset(nextMidnightAsUtc - 3_600_000);
}

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
