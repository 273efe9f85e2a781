import { recordAudit } from '../../audit/audit.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords.js';
import { seal } from '../../auth/secrets.js';
import { revokeSession, revokeUserSessions, sessionIsLive } from '../../auth/sessions.js';
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from '../../auth/totp.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { StaffAlertSettings, User } from '../../db/tables.js';
import { flag, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { AppError, badRequest, conflict, notFound, staleVersion } from '../../http/errors.js';
import type { AlertSettingsBody, AlertSettingsOut, AlertTestOut } from '../../../shared/account-alerts.js';
import { alertChannelFor, mobileEnding } from '../../../shared/uk-mobile.js';
import type { AccountOut, AccountSessionsOut, SessionOut } from '../../../shared/auth.js';
import { describeSession, readTotpSecret, sessionTimes, TOTP_SECRET_PURPOSE, totpRequired } from '../auth/service.js';
import { journalRewrapFor } from '../journal/service.js';

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
  // The journal key, re-wrapped under the new password (written in the same transaction).
  const rewrapJournal = await journalRewrapFor(deps.db, user.id, input.currentPassword, input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx
      .updateTable('users')
      .set((eb) => ({ password_hash: passwordHash, password_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .where('organisation_id', '=', user.organisation_id)
      .execute();
    await rewrapJournal?.(trx, now);
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

// ---- alerts by text: the person's mobile number and how alerts reach them ---------------

/** At most one test text a minute per person (kept in the database, so it holds across instances). */
export const ALERT_TEST_GAP_MS = 60_000;

/** The words of the test text: nothing about anyone, just that the number works. */
export const ALERT_TEST_MESSAGE = 'Alongside: this is the test text you asked for. Alerts that need you will come to this number. You do not need to reply.';

const settingsOut = (row: StaffAlertSettings | undefined): AlertSettingsOut => ({
  mobile: row?.mobile ?? null,
  alertChannel: row?.alert_channel ?? 'email',
  testSentAt: row?.test_sent_at ?? null,
  updatedAt: row?.updated_at ?? null,
  version: row ? Number(row.version) : 0,
});

const alertSettingsRow = (db: DbOrTrx, auth: Auth) =>
  scoped(db, 'staff_alert_settings', auth.organisationId).selectAll('staff_alert_settings').where('staff_alert_settings.user_id', '=', auth.user.id).executeTakeFirst();

export async function getAlertSettings(deps: Deps, auth: Auth): Promise<AlertSettingsOut> {
  return settingsOut(await alertSettingsRow(deps.db, auth));
}

/**
 * Saves the person's mobile number (E.164, validated by the route's schema) and how alerts
 * reach them. Adding or changing the number needs the password confirmed recently: alerts,
 * duress ones too, would go to whoever's number it is. Text needs a number (400 otherwise).
 * Audited with the names of the fields that changed, never the number.
 */
export async function updateAlertSettings(deps: Deps, actor: Actor, auth: Auth, input: AlertSettingsBody): Promise<AlertSettingsOut> {
  const channel = alertChannelFor(input.mobile, input.alertChannel);
  if (!channel) throw badRequest('Add a mobile number to get alerts by text, or choose email.', { alertChannel: 'Add a mobile number to get alerts by text, or choose email' });
  return deps.db.transaction().execute(async (trx) => {
    const before = await alertSettingsRow(trx, auth);
    if (Number(before?.version ?? 0) !== input.version) throw staleVersion(settingsOut(before), input);
    const mobileChanged = (before?.mobile ?? null) !== input.mobile;
    if (mobileChanged && input.mobile) requireRecentReauth(deps, auth);
    const fields = [...(mobileChanged ? ['mobile'] : []), ...((before?.alert_channel ?? 'email') !== channel ? ['alertChannel'] : [])];
    if (fields.length === 0) return settingsOut(before);
    const now = nowIso(deps.clock);
    if (before) {
      const updated = await trx
        .updateTable('staff_alert_settings')
        .set({ mobile: input.mobile, alert_channel: channel, updated_at: now, version: input.version + 1 })
        .where('user_id', '=', auth.user.id)
        .where('organisation_id', '=', auth.organisationId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw staleVersion(settingsOut(await alertSettingsRow(trx, auth)), input);
    } else {
      const inserted = await trx
        .insertInto('staff_alert_settings')
        .values({ user_id: auth.user.id, organisation_id: auth.organisationId, mobile: input.mobile, alert_channel: channel, test_sent_at: null, updated_at: now, version: 1 })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw staleVersion(settingsOut(await alertSettingsRow(trx, auth)), input);
    }
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'account.alert_settings_update', entityType: 'user', entityId: auth.user.id, details: { fields } }));
    return settingsOut(await alertSettingsRow(trx, auth));
  });
}

/**
 * Sends a test text to the person's saved number, so they can check it reaches them. Once a
 * minute at most (429 otherwise); no number saved is a 409. Audited (the outcome, never the number).
 */
export async function sendAlertTest(deps: Deps, actor: Actor, auth: Auth): Promise<AlertTestOut> {
  const row = await alertSettingsRow(deps.db, auth);
  if (!row?.mobile) throw conflict('Save your mobile number first, then we can send a test text to it.', undefined, { mobile: 'Save your mobile number first' });
  const mobile = row.mobile;
  const now = deps.clock();
  const sentAt = new Date(now).toISOString();
  // Claimed in one statement: two clicks at once send one text.
  const claimed = await deps.db
    .updateTable('staff_alert_settings')
    .set({ test_sent_at: sentAt })
    .where('user_id', '=', auth.user.id)
    .where('organisation_id', '=', auth.organisationId)
    .where((eb) => eb.or([eb('test_sent_at', 'is', null), eb('test_sent_at', '<=', new Date(now - ALERT_TEST_GAP_MS).toISOString())]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    throw new AppError(429, 'rate_limited', 'We sent you a test text less than a minute ago. Please wait a minute before asking for another.');
  }
  const result = await deps.notifier.send(deps.db, { organisationId: auth.organisationId, channel: 'sms', to: mobile, template: 'alert_test', message: ALERT_TEST_MESSAGE });
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'account.alert_test', entityType: 'user', entityId: auth.user.id, outcome: result.status === 'sent' ? 'success' : 'failure', details: { notificationId: result.notificationId, status: result.status } }));
  return { status: result.status, sentAt, endingIn: mobileEnding(mobile) };
}
