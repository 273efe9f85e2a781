import { recordAudit } from '../../audit/audit.js';
import { dummyPasswordHash, verifyPassword } from '../../auth/passwords.js';
import { unseal } from '../../auth/secrets.js';
import { createSession, revokeSession, type SessionTimes } from '../../auth/sessions.js';
import { accountKey, addressKey, clearFailures, lockedFor, recordFailure, type ThrottleSettings } from '../../auth/throttle.js';
import { checkTotp } from '../../auth/totp.js';
import type { Db } from '../../db/database.js';
import type { Membership, Session, User } from '../../db/tables.js';
import { flag } from '../../db/values.js';
import { AppError } from '../../http/errors.js';
import type { Actor, Deps } from '../../http/context.js';
import { ROLES_NEEDING_TOTP } from '../../../shared/roles.js';
import type { SessionOut } from '../../../shared/auth.js';

export const TOTP_SECRET_PURPOSE = 'totp-secret';

/**
 * Opens a stored second-factor secret. It fails only if the server's secret key has
 * changed since the factor was set up; the person is told plainly what to do instead
 * of meeting a server error.
 */
export function readTotpSecret(deps: Deps, sealed: string): string {
  try {
    return unseal(deps.secretKey, TOTP_SECRET_PURPOSE, sealed);
  } catch {
    throw new AppError(409, 'totp_unreadable', 'Your second factor cannot be checked because the server’s key has changed. Ask an administrator to reset it for you.');
  }
}

/** One reply for unknown email and wrong password alike. */
const WRONG_DETAILS = 'The email or password is not right. Check them and try again.';

export const sessionTimes = (deps: Deps): SessionTimes => ({
  idleMs: deps.config.sessionIdleMs,
  absoluteMs: deps.config.sessionAbsoluteMs,
  clock: deps.clock,
});
const throttleSettings = (deps: Deps): ThrottleSettings => ({
  maxFailures: deps.config.loginMaxFailures,
  lockoutMs: deps.config.loginLockoutMs,
  clock: deps.clock,
});

/** Admins and managers must use a second factor; demo accounts are spared so anyone can try the demo. */
export function totpRequired(user: Pick<User, 'is_demo'>, memberships: Pick<Membership, 'role'>[]): boolean {
  if (flag(user.is_demo)) return false;
  return memberships.some((m) => ROLES_NEEDING_TOTP.includes(m.role));
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
  userAgent: string;
}

export async function login(deps: Deps, actor: Actor, input: LoginInput): Promise<{ token: string; session: Session; user: User }> {
  const { db } = deps;
  const keys = [accountKey(input.email), addressKey(actor.source ?? 'unknown')];
  const wait = await lockedFor(db, keys, throttleSettings(deps));
  if (wait > 0) {
    await recordAudit(db, deps.audit, { organisationId: null, actorUserId: null, action: 'auth.login', outcome: 'denied', source: actor.source, requestId: actor.requestId, details: { reason: 'locked' } });
    const minutes = Math.max(1, Math.ceil(wait / 60_000));
    throw new AppError(429, 'locked', `Too many attempts. For your safety, sign-in is paused for ${minutes} minute${minutes === 1 ? '' : 's'}. Then try again.`, undefined, { retryAfterSeconds: Math.ceil(wait / 1000) });
  }

  const user = await db.selectFrom('users').selectAll().where('email', '=', input.email).executeTakeFirst();
  // Always check a hash, so an unknown email takes as long as a wrong password.
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  const usable = user && user.password_hash && !user.disabled_at && passwordOk;
  if (!usable) {
    await recordFailure(db, keys, throttleSettings(deps));
    await recordAudit(db, deps.audit, {
      organisationId: user?.organisation_id ?? null,
      actorUserId: null,
      action: 'auth.login',
      entityType: user ? 'user' : null,
      entityId: user?.id ?? null,
      outcome: 'failure',
      source: actor.source,
      requestId: actor.requestId,
      details: { reason: user ? (user.disabled_at && passwordOk ? 'disabled' : 'credentials') : 'credentials' },
    });
    throw new AppError(401, 'wrong_credentials', WRONG_DETAILS);
  }

  if (flag(user.totp_enabled) && user.totp_secret) {
    if (!input.totp) {
      // The password was right: ask for the second factor without counting a failure.
      throw new AppError(401, 'totp_required', 'Enter the 6-digit code from your authenticator app.');
    }
    const secret = readTotpSecret(deps, user.totp_secret);
    const step = await checkTotp(secret, input.totp, user.totp_last_step == null ? null : Number(user.totp_last_step), deps.clock());
    if (step === null) {
      await recordFailure(db, keys, throttleSettings(deps));
      await recordAudit(db, deps.audit, { organisationId: user.organisation_id, actorUserId: null, action: 'auth.login', entityType: 'user', entityId: user.id, outcome: 'failure', source: actor.source, requestId: actor.requestId, details: { reason: 'totp' } });
      throw new AppError(401, 'totp_invalid', 'That code did not work. Codes change every 30 seconds and each can be used once: wait for a new one and try again.', { totp: 'Enter the current 6-digit code' });
    }
    await db.updateTable('users').set({ totp_last_step: step }).where('id', '=', user.id).execute();
  }

  const memberships = await db.selectFrom('memberships').select('role').where('organisation_id', '=', user.organisation_id).where('user_id', '=', user.id).execute();
  const stage = totpRequired(user, memberships) && !flag(user.totp_enabled) ? 'enrol_mfa' : 'full';
  const created = await db.transaction().execute(async (trx) => {
    // A new token at every sign-in (no session fixation).
    const made = await createSession(trx, user, stage, input.userAgent, sessionTimes(deps));
    await recordAudit(trx, deps.audit, {
      organisationId: user.organisation_id,
      actorUserId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      source: actor.source,
      requestId: actor.requestId,
      details: { stage, secondFactor: flag(user.totp_enabled) },
    });
    return made;
  });
  await clearFailures(db, keys[0]!);
  return { ...created, user };
}

export async function logout(deps: Deps, actor: Actor, session: Session): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await revokeSession(trx, session.id, deps.clock);
    await recordAudit(trx, deps.audit, { organisationId: session.organisation_id, actorUserId: session.user_id, action: 'auth.logout', entityType: 'user', entityId: session.user_id, source: actor.source, requestId: actor.requestId });
  });
}

/** The reply for sign-in and `GET /auth/session`: who you are, your roles and your CSRF token. */
export async function describeSession(db: Db, deps: Deps, session: Session, user: User): Promise<SessionOut> {
  const org = await db.selectFrom('organisations').select(['name', 'is_demo']).where('id', '=', user.organisation_id).executeTakeFirstOrThrow();
  const memberships = await db
    .selectFrom('memberships')
    .leftJoin('services', 'services.id', 'memberships.service_id')
    .select(['memberships.id', 'memberships.role', 'memberships.service_id', 'services.name as service_name'])
    .where('memberships.organisation_id', '=', user.organisation_id)
    .where('memberships.user_id', '=', user.id)
    .orderBy('services.name')
    .execute();
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      organisationId: user.organisation_id,
      organisationName: org.name,
      totpEnabled: flag(user.totp_enabled),
      totpRequired: totpRequired(user, memberships),
      memberships: memberships.map((m) => ({ id: m.id, role: m.role, serviceId: m.service_id, serviceName: m.service_name ?? null })),
    },
    csrfToken: session.csrf_token,
    stage: session.stage === 'enrol_mfa' ? 'enrol_mfa' : 'full',
    demo: deps.config.demo || flag(org.is_demo),
    expiresAt: session.expires_at,
    idleTimeoutSeconds: Math.round(deps.config.sessionIdleMs / 1000),
  };
}
