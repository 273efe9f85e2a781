import type { Auth, Deps } from '../../http/context.js';
import { AppError } from '../../http/errors.js';

/** How recently a person must have confirmed their password before a security-sensitive change. */
export const REAUTH_WINDOW_MS = 10 * 60_000;

/**
 * Throws 403 `reauth_required` unless this session confirmed its password (and code,
 * when the person has a second factor) within the last 10 minutes. Signing in counts.
 */
export function requireRecentReauth(deps: Pick<Deps, 'clock'>, auth: Pick<Auth, 'session'>): void {
  const at = Date.parse(auth.session.reauthenticated_at);
  if (!Number.isFinite(at) || deps.clock() - at > REAUTH_WINDOW_MS) {
    throw new AppError(403, 'reauth_required', 'For your security, please enter your password again before making this change.');
  }
}
