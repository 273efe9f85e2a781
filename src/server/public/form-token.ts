import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The call back form's token: when the form was handed out, signed (HMAC-SHA256 with the
 * server's secret key) and bound to one service. It stands in for a CSRF token on a form
 * that has no session, and it is the time check: a form sent back sooner than a person
 * could fill it in is refused, and so is one handed out too long ago.
 */
export const FORM_MIN_MS = 3_000;
export const FORM_MAX_MS = 12 * 3_600_000;
/** A little leeway for instances whose clocks differ slightly. */
const CLOCK_SKEW_MS = 60_000;

const mac = (secretKey: string, serviceId: string, issued: string): string =>
  createHmac('sha256', secretKey).update(`help-callback:v1:${serviceId}:${issued}`).digest('base64url').slice(0, 32);

export function issueFormToken(secretKey: string, serviceId: string, nowMs: number): string {
  const issued = Math.floor(nowMs).toString(36);
  return `${issued}.${mac(secretKey, serviceId, issued)}`;
}

export type TokenCheck = 'ok' | 'missing' | 'invalid' | 'too_fast' | 'expired';

export function checkFormToken(secretKey: string, serviceId: string, token: string | undefined, nowMs: number): TokenCheck {
  if (!token) return 'missing';
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return 'invalid';
  const [, issued, sent] = match as unknown as [string, string, string];
  const expected = Buffer.from(mac(secretKey, serviceId, issued));
  if (!timingSafeEqual(expected, Buffer.from(sent))) return 'invalid';
  const age = nowMs - parseInt(issued, 36);
  if (age < -CLOCK_SKEW_MS) return 'invalid';
  if (age < FORM_MIN_MS) return 'too_fast';
  if (age > FORM_MAX_MS) return 'expired';
  return 'ok';
}
