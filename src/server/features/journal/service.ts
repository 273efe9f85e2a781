import { recordAudit } from '../../audit/audit.js';
import { verifyPassword } from '../../auth/passwords.js';
import { clearFailures, lockedFor, recordFailure, type ThrottleSettings } from '../../auth/throttle.js';
import type { Db } from '../../db/database.js';
import type { DbOrTrx } from '../../db/scope.js';
import type { Selectable } from 'kysely';
import type { JournalEntriesTable, JournalKeysTable } from '../../db/tables.js';
import { flag, newId, nowIso, toFlag } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { AppError, notFound, staleVersion, unauthorised } from '../../http/errors.js';
import type { JournalEntriesOut, JournalEntryInput, JournalEntryOut, JournalEntryUpdate, JournalExportOut, JournalRecover, JournalSetupOut, JournalStatus } from '../../../shared/journal.js';
import {
  decryptEntry,
  deriveWrappingKey,
  encryptEntry,
  JournalCryptoError,
  newJournalKey,
  newRecoveryCode,
  newSalt,
  normaliseRecoveryCode,
  sealForSession,
  unsealFromSession,
  unwrapKey,
  wrapKey,
} from './crypto.js';

/**
 * The reflective journal: only its author, in a session they unlocked, reads or writes it.
 * Nothing here takes a user id from the request: it is always the signed-in person's own.
 * Audit rows carry ids only, never a title or words. See crypto.ts for the key design.
 */

const WRONG_PASSWORD = 'That is not your password. Check it and try again.';
const WRONG_CODE = 'That recovery code does not open your journal. Check it and try again.';
const LOCKED_MESSAGE = 'Your journal is locked. Enter your password to open it.';

/** Unlock attempts share the sign-in limits, counted per person. */
const throttleSettings = (deps: Deps): ThrottleSettings => ({ maxFailures: deps.config.loginMaxFailures, lockoutMs: deps.config.loginLockoutMs, clock: deps.clock });
const throttleKey = (userId: string) => `journal:${userId}`;

/** The session's token: the journal key is sealed under it for this session only. */
function tokenOf(token: string | null): string {
  if (!token) throw unauthorised();
  return token;
}

const keyRow = (db: DbOrTrx, auth: Auth) =>
  db.selectFrom('journal_keys').selectAll().where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).executeTakeFirst();

/** The signed-in person's wrapped key; a 409 when they have no journal yet. */
async function existingKeyRow(db: DbOrTrx, auth: Auth): Promise<Selectable<JournalKeysTable>> {
  const key = await keyRow(db, auth);
  if (!key) throw new AppError(409, 'journal_not_set_up', 'You have not set up your journal yet.');
  return key;
}

/** The password has changed since the key was last wrapped under it (an administrator reset it). */
async function passwordOutOfDate(db: DbOrTrx, auth: Auth, key: Selectable<JournalKeysTable>): Promise<boolean> {
  const user = await db.selectFrom('users').select('password_changed_at').where('id', '=', auth.user.id).executeTakeFirst();
  return Boolean(user?.password_changed_at && user.password_changed_at > key.updated_at);
}

/** The sealed key of this session, read fresh (the cached session may be a moment old). */
async function sealedKey(db: DbOrTrx, auth: Auth): Promise<string | null> {
  const row = await db.selectFrom('sessions').select('journal_key_sealed').where('id', '=', auth.session.id).where('user_id', '=', auth.user.id).where('revoked_at', 'is', null).executeTakeFirst();
  return row?.journal_key_sealed ?? null;
}

async function setSealed(db: DbOrTrx, deps: Deps, auth: Auth, sealed: string | null): Promise<void> {
  await db.updateTable('sessions').set({ journal_key_sealed: sealed }).where('id', '=', auth.session.id).where('user_id', '=', auth.user.id).execute();
  // The cached session row would otherwise carry the old value for up to a second.
  await deps.sessions.changed();
}

/** The journal key for this session, or a plain 423 when it is not open here. */
async function openKey(deps: Deps, auth: Auth, sessionToken: string | null): Promise<Buffer> {
  const token = tokenOf(sessionToken);
  const sealed = await sealedKey(deps.db, auth);
  if (!sealed) {
    await existingKeyRow(deps.db, auth);
    throw new AppError(423, 'journal_locked', LOCKED_MESSAGE);
  }
  try {
    return unsealFromSession(sealed, token, auth.session.id, auth.user.id);
  } catch (error) {
    if (!(error instanceof JournalCryptoError)) throw error;
    throw new AppError(423, 'journal_locked', LOCKED_MESSAGE);
  }
}

export async function getJournalStatus(deps: Deps, auth: Auth): Promise<JournalStatus> {
  const key = await keyRow(deps.db, auth);
  if (!key) return { state: 'not_set_up', needsRecovery: false, entryCount: 0, createdAt: null };
  const count = await deps.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).executeTakeFirst();
  const unlocked = Boolean(await sealedKey(deps.db, auth));
  return { state: unlocked ? 'unlocked' : 'locked', needsRecovery: await passwordOutOfDate(deps.db, auth, key), entryCount: Number(count?.n ?? 0), createdAt: key.created_at };
}

/** Refuses while too many wrong attempts are counted; counts a failure and audits it. */
async function guardAttempts(deps: Deps, auth: Auth): Promise<void> {
  const wait = await lockedFor(deps.db, [throttleKey(auth.user.id)], throttleSettings(deps));
  if (wait > 0) {
    const minutes = Math.max(1, Math.ceil(wait / 60_000));
    throw new AppError(429, 'locked', `Too many attempts. For your safety, opening your journal is paused for ${minutes} minute${minutes === 1 ? '' : 's'}. Then try again.`, undefined, { retryAfterSeconds: Math.ceil(wait / 1000) });
  }
}

async function failedAttempt(deps: Deps, actor: Actor, auth: Auth, action: string, reason: string): Promise<void> {
  await recordFailure(deps.db, [throttleKey(auth.user.id)], throttleSettings(deps));
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action, entityType: 'journal', entityId: auth.user.id, outcome: 'failure', details: { reason } }));
}

async function checkAccountPassword(deps: Deps, actor: Actor, auth: Auth, password: string, action: string): Promise<void> {
  const user = await deps.db.selectFrom('users').select('password_hash').where('id', '=', auth.user.id).executeTakeFirst();
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, password))) {
    await failedAttempt(deps, actor, auth, action, 'credentials');
    throw new AppError(400, 'wrong_password', WRONG_PASSWORD, { password: WRONG_PASSWORD });
  }
}

/**
 * Sets up the journal: a new random key, wrapped under the password and under a recovery code
 * shown only in this reply. The journal opens in this session.
 */
export async function setupJournal(deps: Deps, actor: Actor, auth: Auth, sessionToken: string | null, password: string): Promise<JournalSetupOut> {
  const token = tokenOf(sessionToken);
  await guardAttempts(deps, auth);
  if (await keyRow(deps.db, auth)) throw new AppError(409, 'journal_exists', 'Your journal is already set up. Open it with your password.');
  await checkAccountPassword(deps, actor, auth, password, 'journal.setup');
  await clearFailures(deps.db, throttleKey(auth.user.id));
  const journalKey = newJournalKey();
  const recoveryCode = newRecoveryCode();
  const passwordSalt = newSalt();
  const recoverySalt = newSalt();
  const [byPassword, byRecovery] = await Promise.all([deriveWrappingKey(password, passwordSalt), deriveWrappingKey(normaliseRecoveryCode(recoveryCode), recoverySalt)]);
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    const inserted = await trx
      .insertInto('journal_keys')
      .values({
        user_id: auth.user.id,
        organisation_id: auth.organisationId,
        password_salt: passwordSalt,
        password_wrapped: wrapKey(journalKey, byPassword, auth.user.id, 'password'),
        recovery_salt: recoverySalt,
        recovery_wrapped: wrapKey(journalKey, byRecovery, auth.user.id, 'recovery'),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AppError(409, 'journal_exists', 'Your journal is already set up. Open it with your password.');
    await trx.updateTable('sessions').set({ journal_key_sealed: sealForSession(journalKey, token, auth.session.id, auth.user.id) }).where('id', '=', auth.session.id).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'journal.setup', entityType: 'journal', entityId: auth.user.id }));
  });
  await deps.sessions.changed();
  return { status: await getJournalStatus(deps, auth), recoveryCode };
}

/** Opens the journal for this session with the password. */
export async function unlockJournal(deps: Deps, actor: Actor, auth: Auth, sessionToken: string | null, password: string): Promise<JournalStatus> {
  const token = tokenOf(sessionToken);
  await guardAttempts(deps, auth);
  const key = await existingKeyRow(deps.db, auth);
  let journalKey: Buffer;
  try {
    journalKey = unwrapKey(key.password_wrapped, await deriveWrappingKey(password, key.password_salt), auth.user.id, 'password');
  } catch (error) {
    if (!(error instanceof JournalCryptoError)) throw error;
    // The right account password that no longer opens the journal: it was reset elsewhere.
    const user = await deps.db.selectFrom('users').select('password_hash').where('id', '=', auth.user.id).executeTakeFirst();
    if (user?.password_hash && (await verifyPassword(user.password_hash, password))) {
      await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'journal.unlock', entityType: 'journal', entityId: auth.user.id, outcome: 'failure', details: { reason: 'needs_recovery' } }));
      throw new AppError(409, 'journal_needs_recovery', 'Your password was changed in a way your journal did not see (for example, reset by an administrator). Open your journal with your recovery code once, and it will work with your password again.');
    }
    await failedAttempt(deps, actor, auth, 'journal.unlock', 'credentials');
    throw new AppError(400, 'wrong_password', WRONG_PASSWORD, { password: WRONG_PASSWORD });
  }
  await clearFailures(deps.db, throttleKey(auth.user.id));
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ journal_key_sealed: sealForSession(journalKey, token, auth.session.id, auth.user.id) }).where('id', '=', auth.session.id).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'journal.unlock', entityType: 'journal', entityId: auth.user.id }));
  });
  await deps.sessions.changed();
  return getJournalStatus(deps, auth);
}

/**
 * Opens the journal with the recovery code (after a password reset) and wraps the key under
 * the current password again, so the password opens it from now on.
 */
export async function recoverJournal(deps: Deps, actor: Actor, auth: Auth, sessionToken: string | null, input: JournalRecover): Promise<JournalStatus> {
  const token = tokenOf(sessionToken);
  await guardAttempts(deps, auth);
  const key = await existingKeyRow(deps.db, auth);
  let journalKey: Buffer;
  try {
    journalKey = unwrapKey(key.recovery_wrapped, await deriveWrappingKey(normaliseRecoveryCode(input.recoveryCode), key.recovery_salt), auth.user.id, 'recovery');
  } catch (error) {
    if (!(error instanceof JournalCryptoError)) throw error;
    await failedAttempt(deps, actor, auth, 'journal.recover', 'recovery_code');
    throw new AppError(400, 'wrong_recovery_code', WRONG_CODE, { recoveryCode: WRONG_CODE });
  }
  await checkAccountPassword(deps, actor, auth, input.password, 'journal.recover');
  await clearFailures(deps.db, throttleKey(auth.user.id));
  const salt = newSalt();
  const wrapped = wrapKey(journalKey, await deriveWrappingKey(input.password, salt), auth.user.id, 'password');
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx.updateTable('journal_keys').set({ password_salt: salt, password_wrapped: wrapped, updated_at: now }).where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).execute();
    await trx.updateTable('sessions').set({ journal_key_sealed: sealForSession(journalKey, token, auth.session.id, auth.user.id) }).where('id', '=', auth.session.id).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'journal.recover', entityType: 'journal', entityId: auth.user.id }));
  });
  await deps.sessions.changed();
  return getJournalStatus(deps, auth);
}

/** Closes the journal in this session (signing out closes it too: the session ends). */
export async function lockJournal(deps: Deps, actor: Actor, auth: Auth): Promise<JournalStatus> {
  await setSealed(deps.db, deps, auth, null);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'journal.lock', entityType: 'journal', entityId: auth.user.id }));
  return getJournalStatus(deps, auth);
}

/**
 * Deletes the whole journal: every entry and the key, on the worker's say-so. Works while
 * locked too, so someone who can no longer open it can start again with an empty one.
 */
export async function deleteJournal(deps: Deps, actor: Actor, auth: Auth): Promise<JournalStatus> {
  const key = await keyRow(deps.db, auth);
  if (!key) throw notFound('Your journal');
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('journal_entries').where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).executeTakeFirst();
    await trx.deleteFrom('journal_keys').where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).execute();
    // No session of theirs keeps the old key.
    await trx.updateTable('sessions').set({ journal_key_sealed: null }).where('user_id', '=', auth.user.id).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'journal.delete', entityType: 'journal', entityId: auth.user.id, details: { entries: Number(removed.numDeletedRows) } }));
  });
  await deps.sessions.changed();
  return getJournalStatus(deps, auth);
}

function entryOut(row: Selectable<JournalEntriesTable>, journalKey: Buffer): JournalEntryOut {
  const plain = decryptEntry(journalKey, row.id, row.ciphertext);
  return { id: row.id, title: plain.title, words: plain.words, forGroup: flag(row.for_group), createdAt: row.created_at, updatedAt: row.updated_at, version: Number(row.version) };
}

const entryRows = (db: DbOrTrx, auth: Auth) =>
  db.selectFrom('journal_entries').selectAll().where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId);

/** Entries newest first; those that do not open with this key are counted, never shown. */
function openRows(rows: Selectable<JournalEntriesTable>[], journalKey: Buffer): JournalEntriesOut {
  const entries: JournalEntryOut[] = [];
  let unreadable = 0;
  for (const row of rows) {
    try {
      entries.push(entryOut(row, journalKey));
    } catch (error) {
      if (!(error instanceof JournalCryptoError)) throw error;
      unreadable += 1;
    }
  }
  return { entries, unreadable };
}

export async function listEntries(deps: Deps, auth: Auth, sessionToken: string | null, filter: { forGroup?: boolean }): Promise<JournalEntriesOut> {
  const journalKey = await openKey(deps, auth, sessionToken);
  let query = entryRows(deps.db, auth);
  if (filter.forGroup !== undefined) query = query.where('for_group', '=', toFlag(filter.forGroup));
  return openRows(await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute(), journalKey);
}

/** Someone else's entry (or none) answers 404 before anything else, so nothing about it shows. */
async function ownEntryExists(deps: Deps, auth: Auth, entryId: string): Promise<void> {
  if (!(await entryRows(deps.db, auth).select('id').where('id', '=', entryId).executeTakeFirst())) throw notFound('That journal entry');
}

const cleanTitle = (title: string | null | undefined) => (title ? title : null);

export async function createEntry(deps: Deps, actor: Actor, auth: Auth, sessionToken: string | null, input: JournalEntryInput): Promise<JournalEntryOut> {
  const journalKey = await openKey(deps, auth, sessionToken);
  const id = newId();
  const ciphertext = encryptEntry(journalKey, id, { title: cleanTitle(input.title), words: input.words });
  return deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx
      .insertInto('journal_entries')
      .values({ id, organisation_id: auth.organisationId, user_id: auth.user.id, ciphertext, for_group: toFlag(input.forGroup ?? false), created_at: now, updated_at: now, version: 1 })
      .execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'journal.entry_create', entityType: 'journal_entry', entityId: id }));
    const row = await entryRows(trx, auth).where('id', '=', id).executeTakeFirstOrThrow();
    return entryOut(row, journalKey);
  });
}

/** Replaces an entry's title, words and mark; a stale version is a 409 (without anyone's words but the author's). */
export async function updateEntry(deps: Deps, actor: Actor, auth: Auth, sessionToken: string | null, entryId: string, input: JournalEntryUpdate): Promise<JournalEntryOut> {
  await ownEntryExists(deps, auth, entryId);
  const journalKey = await openKey(deps, auth, sessionToken);
  const ciphertext = encryptEntry(journalKey, entryId, { title: cleanTitle(input.title), words: input.words });
  return deps.db.transaction().execute(async (trx) => {
    const before = await entryRows(trx, auth).where('id', '=', entryId).executeTakeFirst();
    if (!before) throw notFound('That journal entry');
    const current = () => {
      try {
        return entryOut(before, journalKey);
      } catch {
        return null;
      }
    };
    if (Number(before.version) !== input.version) throw staleVersion(current(), input);
    const now = nowIso(deps.clock);
    const forGroup = input.forGroup === undefined ? Number(before.for_group) : toFlag(input.forGroup);
    const updated = await trx
      .updateTable('journal_entries')
      .set({ ciphertext, for_group: forGroup, updated_at: now, version: input.version + 1 })
      .where('id', '=', entryId)
      .where('user_id', '=', auth.user.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw staleVersion(current(), input);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'journal.entry_update', entityType: 'journal_entry', entityId: entryId, details: { forGroup: forGroup === 1 } }));
    return entryOut(await entryRows(trx, auth).where('id', '=', entryId).executeTakeFirstOrThrow(), journalKey);
  });
}

/** Deletes one entry. It needs the journal open, like every other change to it. */
export async function deleteEntry(deps: Deps, actor: Actor, auth: Auth, sessionToken: string | null, entryId: string): Promise<void> {
  await ownEntryExists(deps, auth, entryId);
  await openKey(deps, auth, sessionToken);
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('journal_entries').where('id', '=', entryId).where('user_id', '=', auth.user.id).where('organisation_id', '=', auth.organisationId).executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) throw notFound('That journal entry');
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'journal.entry_delete', entityType: 'journal_entry', entityId: entryId }));
  });
}

/** Every entry, opened, for the author to keep; oldest first. Audited (counts only). */
export async function exportJournal(deps: Deps, actor: Actor, auth: Auth, sessionToken: string | null): Promise<JournalExportOut> {
  const journalKey = await openKey(deps, auth, sessionToken);
  const opened = openRows(await entryRows(deps.db, auth).orderBy('created_at', 'asc').orderBy('id', 'asc').execute(), journalKey);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'journal.export', entityType: 'journal', entityId: auth.user.id, details: { entries: opened.entries.length } }));
  return { exportedAt: nowIso(deps.clock), entries: opened.entries };
}

/** The export as plain text: one entry after another, with its date and mark. */
export function journalAsText(out: JournalExportOut): string {
  const lines = ['My reflective journal', `Exported ${out.exportedAt.slice(0, 10)}`, ''];
  for (const e of out.entries) {
    lines.push('----', `${e.createdAt.slice(0, 16).replace('T', ' ')} UTC${e.forGroup ? ' (to bring to the group)' : ''}`);
    if (e.title) lines.push(e.title);
    lines.push('', e.words, '');
  }
  if (out.entries.length === 0) lines.push('(no entries)');
  return `${lines.join('\n')}\n`;
}

/**
 * For a password change (account/service.ts): the journal key re-wrapped under the new
 * password, worked out before the change's transaction (scrypt is slow) and written inside
 * it with `apply`. Null when there is no journal or the old password does not open it (it was
 * already out of date: the recovery code is then still the way in).
 */
export async function journalRewrapFor(db: Db, userId: string, oldPassword: string, newPassword: string): Promise<((trx: DbOrTrx, now: string) => Promise<void>) | null> {
  const key = await db.selectFrom('journal_keys').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!key) return null;
  let journalKey: Buffer;
  try {
    journalKey = unwrapKey(key.password_wrapped, await deriveWrappingKey(oldPassword, key.password_salt), userId, 'password');
  } catch (error) {
    if (error instanceof JournalCryptoError) return null;
    throw error;
  }
  const salt = newSalt();
  const wrapped = wrapKey(journalKey, await deriveWrappingKey(newPassword, salt), userId, 'password');
  return async (trx, now) => {
    await trx.updateTable('journal_keys').set({ password_salt: salt, password_wrapped: wrapped, updated_at: now }).where('user_id', '=', userId).where('password_wrapped', '=', key.password_wrapped).execute();
  };
}
