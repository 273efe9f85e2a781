import { recordAudit } from '../../audit/audit.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords.js';
import { seal } from '../../auth/secrets.js';
import { revokeSession, revokeUserSessions, sessionIsLive } from '../../auth/sessions.js';
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from '../../auth/totp.js';
import type { DbOrTrx } from '../../db/scope.js';
import type { User } from '../../db/tables.js';
import { flag, nowIso } from '../../db/values.js';
import type { Actor, Auth, Deps } from '../../http/context.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import type { AccountOut, AccountSessionsOut, SessionOut } from '../../../shared/auth.js';
import { describeSession, readTotpSecret, sessionTimes, TOTP_SECRET_PURPOSE, totpRequired } from '../auth/service.js';

/** How recently a person must have confirmed their password before a security-sensitive change. */
export const REAUTH_WINDOW_MS = 10 * 60_000;

/** The name authenticator apps show beside the code. */
export const TOTP_ISSUER = 'Alongside';

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

const WRONG_PASSWORD = 'That is not your current password. Check it and try again.';
const TOTP_INVALID = 'That code did not work. Codes change every 30 seconds and each can be used once: wait for a new one and try again.';

/** The person's row as it is now (the one loaded with the session may be a moment old). */
async function currentUser(db: DbOrTrx, auth: Auth): Promise<User> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).executeTakeFirst();
  if (!user) throw notFound('Your account');
  return user;
}

const failureAudit = (deps: Deps, actor: Actor, auth: Auth, action: string, reason: string) =>
  recordAudit(deps.db, deps.audit, {
    organisationId: auth.organisationId,
    actorUserId: auth.user.id,
    action,
    entityType: 'user',
    entityId: auth.user.id,
    outcome: 'failure',
    source: actor.source,
    requestId: actor.requestId,
    details: { reason },
  });

export async function getAccount(deps: Deps, auth: Auth): Promise<AccountOut> {
  return (await describeSession(deps.db, deps, auth.session, await currentUser(deps.db, auth))).user;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** Checks the current password, sets the new one and ends the person's other sessions. */
export async function changePassword(deps: Deps, actor: Actor, auth: Auth, input: ChangePasswordInput): Promise<void> {
  const user = await currentUser(deps.db, auth);
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    await failureAudit(deps, actor, auth, 'account.password_change', 'credentials');
    throw new AppError(400, 'wrong_password', WRONG_PASSWORD, { currentPassword: WRONG_PASSWORD });
  }
  const problem = passwordProblem(input.newPassword, user.email);
  if (problem) throw badRequest('Choose a different new password.', { newPassword: problem });
  if (input.newPassword === input.currentPassword) {
    throw badRequest('Choose a different new password.', { newPassword: 'Your new password must be different from your current one.' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx
      .updateTable('users')
      .set((eb) => ({ password_hash: passwordHash, password_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .where('organisation_id', '=', user.organisation_id)
      .execute();
    // Anyone else signed in with the old password is signed out.
    await revokeUserSessions(trx, user.id, deps.clock, auth.session.id);
    await trx.updateTable('sessions').set({ reauthenticated_at: now }).where('id', '=', auth.session.id).execute();
    await recordAudit(trx, deps.audit, { organisationId: user.organisation_id, actorUserId: user.id, action: 'account.password_change', entityType: 'user', entityId: user.id, source: actor.source, requestId: actor.requestId, details: { otherSessionsEnded: true } });
  });
}

export interface ReauthenticateInput {
  password: string;
  totp?: string | undefined;
}

/** Confirms the password (and code, with a second factor) again; opens a 10-minute window for sensitive changes. */
export async function reauthenticate(deps: Deps, actor: Actor, auth: Auth, input: ReauthenticateInput): Promise<{ reauthenticatedAt: string }> {
  const user = await currentUser(deps.db, auth);
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.password))) {
    await failureAudit(deps, actor, auth, 'account.reauthenticate', 'credentials');
    throw new AppError(400, 'wrong_password', WRONG_PASSWORD, { password: WRONG_PASSWORD });
  }
  let step: number | null = null;
  if (flag(user.totp_enabled) && user.totp_secret) {
    if (!input.totp) {
      throw new AppError(400, 'totp_required', 'Enter the 6-digit code from your authenticator app.', { totp: 'Enter the 6-digit code from your authenticator app' });
    }
    const secret = readTotpSecret(deps, user.totp_secret);
    step = await checkTotp(secret, input.totp, user.totp_last_step == null ? null : Number(user.totp_last_step), deps.clock());
    if (step === null) {
      await failureAudit(deps, actor, auth, 'account.reauthenticate', 'totp');
      throw new AppError(400, 'totp_invalid', TOTP_INVALID, { totp: 'Enter the current 6-digit code' });
    }
  }
  const now = nowIso(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    if (step !== null) await trx.updateTable('users').set({ totp_last_step: step }).where('id', '=', user.id).execute();
    await trx.updateTable('sessions').set({ reauthenticated_at: now }).where('id', '=', auth.session.id).execute();
    await recordAudit(trx, deps.audit, { organisationId: user.organisation_id, actorUserId: user.id, action: 'account.reauthenticate', entityType: 'user', entityId: user.id, source: actor.source, requestId: actor.requestId, details: { secondFactor: step !== null } });
  });
  return { reauthenticatedAt: now };
}

/** The person's own live sessions, newest first. */
export async function listSessions(deps: Deps, auth: Auth): Promise<AccountSessionsOut> {
  const rows = await deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', auth.user.id)
    .where('organisation_id', '=', auth.organisationId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  const times = sessionTimes(deps);
  return {
    sessions: rows
      .filter((s) => sessionIsLive(s, times))
      .map((s) => ({ id: s.id, current: s.id === auth.session.id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, userAgent: s.user_agent })),
  };
}

/** Ends one of the person's own sessions; anyone else's answers 404. */
export async function endSession(deps: Deps, actor: Actor, auth: Auth, sessionId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const session = await trx
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .where('user_id', '=', auth.user.id)
      .where('organisation_id', '=', auth.organisationId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!session || !sessionIsLive(session, sessionTimes(deps))) throw notFound('That session');
    await revokeSession(trx, session.id, deps.clock);
    await recordAudit(trx, deps.audit, { organisationId: auth.organisationId, actorUserId: auth.user.id, action: 'account.session_end', entityType: 'user', entityId: auth.user.id, source: actor.source, requestId: actor.requestId, details: { current: session.id === auth.session.id } });
  });
}

/** Makes a new second-factor secret, kept sealed and switched off until a code from it is confirmed. */
export async function startTotp(deps: Deps, actor: Actor, auth: Auth): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
  const user = await currentUser(deps.db, auth);
  if (flag(user.totp_enabled)) throw conflict('Your authenticator app is already set up. Turn it off first if you want to set up a new one.');
  const secret = newTotpSecret();
  const otpauthUri = totpUri(secret, user.email, TOTP_ISSUER);
  const qrSvg = await totpQrSvg(otpauthUri);
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx
      .updateTable('users')
      .set({ totp_secret: seal(deps.secretKey, TOTP_SECRET_PURPOSE, secret), totp_last_step: null, updated_at: now })
      .where('id', '=', user.id)
      .where('organisation_id', '=', user.organisation_id)
      .where('totp_enabled', '=', 0)
      .execute();
    await recordAudit(trx, deps.audit, { organisationId: user.organisation_id, actorUserId: user.id, action: 'account.totp_start', entityType: 'user', entityId: user.id, source: actor.source, requestId: actor.requestId });
  });
  return { secret, otpauthUri, qrSvg };
}

/** Turns the second factor on once a code from the new secret checks out; ends the enrolment stage. */
export async function confirmTotp(deps: Deps, actor: Actor, auth: Auth, code: string): Promise<SessionOut> {
  const user = await currentUser(deps.db, auth);
  if (flag(user.totp_enabled)) throw conflict('Your authenticator app is already set up.');
  if (!user.totp_secret) throw conflict('Start setting up your authenticator app first.');
  const secret = readTotpSecret(deps, user.totp_secret);
  const step = await checkTotp(secret, code, user.totp_last_step == null ? null : Number(user.totp_last_step), deps.clock());
  if (step === null) {
    await failureAudit(deps, actor, auth, 'account.totp_enable', 'totp');
    throw new AppError(400, 'totp_invalid', TOTP_INVALID, { code: 'Enter the current 6-digit code' });
  }
  const wasEnrolling = auth.session.stage === 'enrol_mfa';
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx
      .updateTable('users')
      .set((eb) => ({ totp_enabled: 1, totp_last_step: step, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .where('organisation_id', '=', user.organisation_id)
      .execute();
    if (wasEnrolling) await trx.updateTable('sessions').set({ stage: 'full' }).where('id', '=', auth.session.id).execute();
    await recordAudit(trx, deps.audit, { organisationId: user.organisation_id, actorUserId: user.id, action: 'account.totp_enable', entityType: 'user', entityId: user.id, source: actor.source, requestId: actor.requestId, details: { fromEnrolment: wasEnrolling } });
  });
  const session = { ...auth.session, stage: wasEnrolling ? 'full' : auth.session.stage };
  return describeSession(deps.db, deps, session, await currentUser(deps.db, auth));
}

/** Turns the second factor off, after the password; refused when the person's roles need one. */
export async function disableTotp(deps: Deps, actor: Actor, auth: Auth, password: string): Promise<void> {
  const user = await currentUser(deps.db, auth);
  if (totpRequired(user, auth.memberships)) {
    await failureAudit(deps, actor, auth, 'account.totp_disable', 'required_by_role');
    throw new AppError(403, 'totp_required_by_role', 'Your role needs a second factor, so it cannot be turned off. You can set up a new authenticator app with your administrator’s help.');
  }
  if (!user.password_hash || !(await verifyPassword(user.password_hash, password))) {
    await failureAudit(deps, actor, auth, 'account.totp_disable', 'credentials');
    throw new AppError(400, 'wrong_password', WRONG_PASSWORD, { password: WRONG_PASSWORD });
  }
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx
      .updateTable('users')
      .set((eb) => ({ totp_enabled: 0, totp_secret: null, totp_last_step: null, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .where('organisation_id', '=', user.organisation_id)
      .execute();
    await recordAudit(trx, deps.audit, { organisationId: user.organisation_id, actorUserId: user.id, action: 'account.totp_disable', entityType: 'user', entityId: user.id, source: actor.source, requestId: actor.requestId, details: { wasEnabled: flag(user.totp_enabled) } });
  });
}
