import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../auth/passwords.js';
import { sha256 } from '../../auth/secrets.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, TEST_PASSWORD, type Client, type TestApp, type TestOrg } from '../../testing/test-app.js';
import type { JournalEntryOut } from '../../../shared/journal.js';
import { decryptEntry, deriveWrappingKey, JournalCryptoError, unsealFromSession, unwrapKey } from './crypto.js';

interface Person {
  client: Client;
  id: string;
  email: string;
}

const WORDS = 'Felt shaky after the call about the bridge; talked it through with Lee';
const TITLE = 'Thursday night shift';
const J = '/api/v1/me/journal';

/**
 * The reflective journal over HTTP on both engines: ciphertext at rest, nothing readable by a
 * manager, an administrator or someone with every table; password change and recovery keep it
 * readable; wrong passwords are limited; swapped ciphertexts fail cleanly.
 */
describe.each(ENGINES)('reflective journal on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let manager: Person;
  let admin: Person;
  const logs: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine, { logLevel: 'trace' }, { logStream: { write: (line: string) => void logs.push(line) } });
    org = await t.organisation();
    manager = await t.staff(org, [{ role: 'service_manager', serviceId: org.serviceId }], { name: 'Mo Manager' });
    admin = await t.staff(org, [{ role: 'org_admin' }], { name: 'Ada Admin' });
  });
  afterAll(async () => t.close());

  const worker = (name = 'Sam Worker') => t.staff(org, [{ role: 'peer_worker', serviceId: org.serviceId }], { name });
  const setUp = async (who: Person, password = TEST_PASSWORD) => {
    const res = await who.client.post(`${J}/setup`, { password });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().recoveryCode as string;
  };
  const write = async (who: Person, body: Record<string, unknown> = { title: TITLE, words: WORDS, forGroup: true }) => {
    const res = await who.client.post(`${J}/entries`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as JournalEntryOut;
  };
  const entries = async (who: Person) => {
    const res = await who.client.get(`${J}/entries`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { entries: JournalEntryOut[]; unreadable: number };
  };
  const db = () => t.app.deps.db;

  it('sets up, writes, lists, filters, edits (stale version 409) and deletes; rows hold ciphertext only, audit holds ids only', async () => {
    const sam = await worker();
    expect((await sam.client.get(J)).json()).toMatchObject({ state: 'not_set_up' });
    expect((await sam.client.get(`${J}/entries`)).json().error.code).toBe('journal_not_set_up');
    const code = await setUp(sam);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect((await sam.client.get(J)).json()).toMatchObject({ state: 'unlocked', needsRecovery: false, entryCount: 0 });
    expect((await sam.client.post(`${J}/setup`, { password: TEST_PASSWORD })).statusCode).toBe(409);

    const entry = await write(sam);
    expect(entry).toMatchObject({ title: TITLE, words: WORDS, forGroup: true, version: 1 });
    const other = await write(sam, { words: 'Just for me' });
    expect(other).toMatchObject({ title: null, forGroup: false });
    expect((await entries(sam)).entries.map((e) => e.id)).toEqual([other.id, entry.id]);
    expect((await sam.client.get(`${J}/entries?forGroup=true`)).json().entries.map((e: JournalEntryOut) => e.id)).toEqual([entry.id]);

    const row = await db().selectFrom('journal_entries').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(row.for_group).toBe(1);
    for (const secret of [WORDS, TITLE, 'bridge', 'shaky', 'Thursday']) {
      expect(row.ciphertext).not.toContain(secret);
      expect(Buffer.from(row.ciphertext, 'base64').toString('latin1')).not.toContain(secret);
    }
    const keyRow = await db().selectFrom('journal_keys').selectAll().where('user_id', '=', sam.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(keyRow)).not.toContain(code.replace(/-/g, ''));

    const edited = await sam.client.patch(`${J}/entries/${entry.id}`, { title: TITLE, words: `${WORDS} (and it helped)`, forGroup: false, version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ words: `${WORDS} (and it helped)`, forGroup: false, version: 2 });
    const stale = await sam.client.patch(`${J}/entries/${entry.id}`, { words: 'older', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect((await sam.client.delete(`${J}/entries/${other.id}`, {})).statusCode).toBe(204);
    expect((await sam.client.delete(`${J}/entries/${other.id}`, {})).statusCode).toBe(404);

    const audits = await db().selectFrom('audit_events').selectAll().where('actor_user_id', '=', sam.id).execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['journal.setup', 'journal.entry_create', 'journal.entry_update', 'journal.entry_delete']));
    const everything = JSON.stringify(await db().selectFrom('audit_events').selectAll().execute());
    for (const secret of [WORDS, TITLE, 'bridge', 'Just for me', code]) expect(everything).not.toContain(secret);
    const logText = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [WORDS, TITLE, 'bridge', 'Just for me', code, TEST_PASSWORD]) expect(logText).not.toContain(secret);
  });

  it('refuses a body naming whose journal it is, and another worker’s entry answers 404', async () => {
    const sam = await worker();
    const kim = await worker('Kim Worker');
    await setUp(sam);
    await setUp(kim);
    const samEntry = await write(sam);
    const withUser = await kim.client.post(`${J}/entries`, { words: 'hello', userId: sam.id });
    expect(withUser.statusCode).toBe(400);
    expect((await kim.client.patch(`${J}/entries/${samEntry.id}`, { words: 'mine now', version: 1 })).statusCode).toBe(404);
    expect((await kim.client.delete(`${J}/entries/${samEntry.id}`, {})).statusCode).toBe(404);
    expect((await entries(kim)).entries).toEqual([]);
    expect((await entries(sam)).entries[0]).toMatchObject({ words: WORDS, version: 1 });
  });

  it('a manager and an organisation administrator cannot read a worker’s journal by any route', async () => {
    const sam = await worker();
    await setUp(sam);
    const entry = await write(sam);
    for (const who of [manager, admin]) {
      const list = await who.client.get(`${J}/entries`);
      expect([409, 423]).toContain(list.statusCode);
      expect(list.body).not.toContain(WORDS);
      expect((await who.client.patch(`${J}/entries/${entry.id}`, { words: 'x', version: 1 })).body).not.toContain(WORDS);
      expect((await who.client.get(`${J}/export`)).body).not.toContain(WORDS);
      // The whole API surface for other people (users, audit) carries no words either.
      expect((await who.client.get(`/api/v1/users/${sam.id}`)).body).not.toContain(WORDS);
      expect((await who.client.get('/api/v1/audit')).body).not.toContain(WORDS);
    }
  });

  it('a database administrator with every table, and no password, cookie token or recovery code, reads nothing', async () => {
    const sam = await worker();
    await setUp(sam);
    const entry = await write(sam);
    // A full copy of what the database holds.
    const keys = await db().selectFrom('journal_keys').selectAll().where('user_id', '=', sam.id).executeTakeFirstOrThrow();
    const sessions = await db().selectFrom('sessions').selectAll().where('user_id', '=', sam.id).execute();
    const rows = await db().selectFrom('journal_entries').selectAll().where('user_id', '=', sam.id).execute();
    const user = await db().selectFrom('users').selectAll().where('id', '=', sam.id).executeTakeFirstOrThrow();
    const meta = await db().selectFrom('app_meta').selectAll().execute();
    expect(rows.map((r) => r.id)).toEqual([entry.id]);
    const sealed = sessions.find((s) => s.journal_key_sealed)!;
    expect(sealed).toBeTruthy();
    const guesses = [sealed.id, sealed.csrf_token, user.password_hash ?? '', keys.password_salt, keys.recovery_salt, ...meta.map((m) => m.value), sha256(sealed.id)];
    for (const guess of guesses) {
      expect(() => unsealFromSession(sealed.journal_key_sealed!, guess, sealed.id, sam.id)).toThrow(JournalCryptoError);
      const wrapping = await deriveWrappingKey(guess, keys.password_salt);
      expect(() => unwrapKey(keys.password_wrapped, wrapping, sam.id, 'password')).toThrow(JournalCryptoError);
      const viaRecovery = await deriveWrappingKey(guess, keys.recovery_salt);
      expect(() => unwrapKey(keys.recovery_wrapped, viaRecovery, sam.id, 'recovery')).toThrow(JournalCryptoError);
    }
    // Stored values used as keys directly do not open entries either.
    for (const value of [keys.password_wrapped, keys.recovery_wrapped, sealed.journal_key_sealed!]) {
      const raw = Buffer.from(value, 'base64').subarray(-32);
      expect(() => decryptEntry(raw, entry.id, rows[0]!.ciphertext)).toThrow(JournalCryptoError);
    }
    const dump = JSON.stringify({ keys, sessions, rows, user });
    expect(dump).not.toContain(WORDS);
    expect(dump).not.toContain(TITLE);
  });

  it('locks and unlocks; the lock takes effect at once; a wrong password is refused plainly and limited', async () => {
    const sam = await worker();
    await setUp(sam);
    await write(sam);
    // Warm the session cache, then lock: the very next request must see it locked.
    await sam.client.get(J);
    expect((await sam.client.post(`${J}/lock`, {})).json()).toMatchObject({ state: 'locked' });
    const locked = await sam.client.get(`${J}/entries`);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error).toMatchObject({ code: 'journal_locked', message: expect.stringContaining('locked') });
    expect((await sam.client.post(`${J}/entries`, { words: 'x' })).statusCode).toBe(423);

    const wrong = await sam.client.post(`${J}/unlock`, { password: 'not my password at all' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'wrong_password', fields: { password: expect.any(String) } });
    const ok = await sam.client.post(`${J}/unlock`, { password: TEST_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await entries(sam)).entries[0]!.words).toBe(WORDS);

    // Another session of the same person is not unlocked by this one.
    const second = await t.signIn(sam.email);
    expect((await second.get(`${J}/entries`)).statusCode).toBe(423);

    await sam.client.post(`${J}/lock`, {});
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      expect((await sam.client.post(`${J}/unlock`, { password: `wrong ${i}` })).statusCode).toBe(400);
    }
    const limited = await sam.client.post(`${J}/unlock`, { password: TEST_PASSWORD });
    expect(limited.statusCode).toBe(429);
    const failures = await db().selectFrom('audit_events').select('action').where('actor_user_id', '=', sam.id).where('action', '=', 'journal.unlock').where('outcome', '=', 'failure').execute();
    expect(failures.length).toBe(t.config.loginMaxFailures + 1);
    t.clock.advance(t.config.loginLockoutMs + 1000);
    expect((await sam.client.post(`${J}/unlock`, { password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('a password change keeps the journal readable, under the new password only', async () => {
    const sam = await worker();
    await setUp(sam);
    await write(sam);
    const newPassword = 'a brand new password for sam';
    const changed = await sam.client.post('/api/v1/account/password', { currentPassword: TEST_PASSWORD, newPassword });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await entries(sam)).entries[0]!.words).toBe(WORDS);
    await sam.client.post(`${J}/lock`, {});
    expect((await sam.client.get(J)).json()).toMatchObject({ state: 'locked', needsRecovery: false });
    expect((await sam.client.post(`${J}/unlock`, { password: TEST_PASSWORD })).statusCode).toBe(400);
    expect((await sam.client.post(`${J}/unlock`, { password: newPassword })).statusCode).toBe(200);
    expect((await entries(sam)).entries[0]!.words).toBe(WORDS);
  });

  it('after an administrator resets the password, the recovery code opens it and re-wraps it; without the code a new empty journal can be started', async () => {
    const sam = await worker();
    const code = await setUp(sam);
    await write(sam);
    // An administrator sets a new password (outside the person's own password change).
    const resetPassword = 'reset by the administrator 42';
    t.clock.advance(1000);
    await db().updateTable('users').set({ password_hash: await hashPassword(resetPassword), password_changed_at: new Date(t.clock.now).toISOString() }).where('id', '=', sam.id).execute();
    const fresh: Person = { ...sam, client: await t.signIn(sam.email, resetPassword) };
    expect((await fresh.client.get(J)).json()).toMatchObject({ state: 'locked', needsRecovery: true });
    const unlock = await fresh.client.post(`${J}/unlock`, { password: resetPassword });
    expect(unlock.statusCode).toBe(409);
    expect(unlock.json().error.code).toBe('journal_needs_recovery');
    const badCode = await fresh.client.post(`${J}/recover`, { recoveryCode: 'AAAA-BBBB-CCCC-DDDD-EEEE', password: resetPassword });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.fields).toHaveProperty('recoveryCode');
    const recovered = await fresh.client.post(`${J}/recover`, { recoveryCode: code.toLowerCase(), password: resetPassword });
    expect(recovered.statusCode, recovered.body).toBe(200);
    expect(recovered.json()).toMatchObject({ state: 'unlocked', needsRecovery: false });
    expect((await entries(fresh)).entries[0]!.words).toBe(WORDS);
    await fresh.client.post(`${J}/lock`, {});
    expect((await fresh.client.post(`${J}/unlock`, { password: resetPassword })).statusCode).toBe(200);

    // No recovery code: the worker chooses to start again; the old entries go.
    expect((await fresh.client.delete(J, {})).statusCode).toBe(400);
    const gone = await fresh.client.delete(J, { confirm: true });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toMatchObject({ state: 'not_set_up' });
    expect(await db().selectFrom('journal_entries').select('id').where('user_id', '=', sam.id).execute()).toEqual([]);
    expect(await db().selectFrom('journal_keys').select('user_id').where('user_id', '=', sam.id).execute()).toEqual([]);
    await setUp(fresh, resetPassword);
    expect((await entries(fresh)).entries).toEqual([]);
  });

  it('a ciphertext swapped between two entries does not open (counted, not shown, never a 500)', async () => {
    const sam = await worker();
    await setUp(sam);
    const a = await write(sam, { words: 'first entry words' });
    const b = await write(sam, { words: 'second entry words' });
    const rows = await db().selectFrom('journal_entries').select(['id', 'ciphertext']).where('id', 'in', [a.id, b.id]).execute();
    const cA = rows.find((r) => r.id === a.id)!.ciphertext;
    const cB = rows.find((r) => r.id === b.id)!.ciphertext;
    await db().updateTable('journal_entries').set({ ciphertext: cB }).where('id', '=', a.id).execute();
    await db().updateTable('journal_entries').set({ ciphertext: cA }).where('id', '=', b.id).execute();
    const listed = await entries(sam);
    expect(listed).toEqual({ entries: [], unreadable: 2 });
    const exported = await sam.client.get(`${J}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('entry words');
  });

  it('exports the author’s journal as JSON and plain text', async () => {
    const sam = await worker();
    await setUp(sam);
    await write(sam);
    const asJson = await sam.client.get(`${J}/export`);
    expect(asJson.statusCode).toBe(200);
    expect(asJson.headers['content-disposition']).toMatch(/attachment; filename="my-journal-\d{4}-\d{2}-\d{2}\.json"/);
    expect(asJson.json().entries[0]).toMatchObject({ title: TITLE, words: WORDS, forGroup: true });
    const asText = await sam.client.get(`${J}/export?format=text`);
    expect(asText.headers['content-type']).toContain('text/plain');
    expect(asText.body).toContain(WORDS);
    expect(asText.body).toContain('(to bring to the group)');
    await sam.client.post(`${J}/lock`, {});
    expect((await sam.client.get(`${J}/export`)).statusCode).toBe(423);
  });
});
