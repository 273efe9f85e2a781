import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt, scrypt, type ScryptOptions } from 'node:crypto';

/**
 * The journal's cryptography (docs/decisions.md, "Reflective journal: a key per worker").
 *
 * - Each worker has a random 256-bit journal key. It is never stored as it is: only wrapped
 *   (AES-256-GCM) under a key derived with scrypt from their password, and under one derived
 *   from a recovery code shown once. The associated data binds each wrap to the user and its
 *   purpose, so a wrapped key copied to another row or purpose does not open.
 * - Unlocked for one session, the key is sealed under a key derived (HKDF) from the session's
 *   raw cookie token, which the database never holds (it keeps only a digest).
 * - Each entry is AES-256-GCM of its JSON under the journal key, with the entry id as
 *   associated data, so ciphertexts cannot be swapped between rows.
 *
 * Stored form of every sealed value: base64(iv | tag | ciphertext), 12-byte iv, 16-byte tag.
 * Anything that does not open throws `JournalCryptoError` (never the underlying error text).
 */

export class JournalCryptoError extends Error {
  constructor() {
    super('The journal could not be opened with this key');
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * scrypt cost: N = 2^15, r = 8 (32 MiB, roughly 50–100 ms here), the OWASP-recommended floor
 * for scrypt. Runs on libuv's thread pool, so it does not block other requests.
 */
export const SCRYPT_OPTIONS: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export type WrapPurpose = 'password' | 'recovery';

export const newJournalKey = (): Buffer => randomBytes(KEY_BYTES);
export const newSalt = (): string => randomBytes(16).toString('base64');

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  try {
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('short');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new JournalCryptoError();
  }
}

/** The key that wraps the journal key: scrypt of a secret (password or recovery code) and a stored salt. */
export function deriveWrappingKey(secret: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), KEY_BYTES, SCRYPT_OPTIONS, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const wrapAad = (userId: string, purpose: WrapPurpose) => `alongside:journal-key:${purpose}:${userId}`;

export const wrapKey = (journalKey: Buffer, wrappingKey: Buffer, userId: string, purpose: WrapPurpose): string => encrypt(wrappingKey, journalKey, wrapAad(userId, purpose));

export function unwrapKey(wrapped: string, wrappingKey: Buffer, userId: string, purpose: WrapPurpose): Buffer {
  const key = decrypt(wrappingKey, wrapped, wrapAad(userId, purpose));
  if (key.length !== KEY_BYTES) throw new JournalCryptoError();
  return key;
}

/** The session's sealing key: HKDF-SHA256 of the raw cookie token, bound to the session and user. */
function sessionKey(sessionToken: string, sessionId: string, userId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(sessionToken, 'utf8'), Buffer.from('alongside:journal-session', 'utf8'), Buffer.from(`${sessionId}:${userId}`, 'utf8'), KEY_BYTES));
}

export const sealForSession = (journalKey: Buffer, sessionToken: string, sessionId: string, userId: string): string =>
  encrypt(sessionKey(sessionToken, sessionId, userId), journalKey, `alongside:journal-session:${sessionId}:${userId}`);

export function unsealFromSession(sealed: string, sessionToken: string, sessionId: string, userId: string): Buffer {
  const key = decrypt(sessionKey(sessionToken, sessionId, userId), sealed, `alongside:journal-session:${sessionId}:${userId}`);
  if (key.length !== KEY_BYTES) throw new JournalCryptoError();
  return key;
}

/** What an entry's ciphertext holds. */
export interface EntryPlain {
  title: string | null;
  words: string;
}

const entryAad = (entryId: string) => `alongside:journal-entry:${entryId}`;

export const encryptEntry = (journalKey: Buffer, entryId: string, plain: EntryPlain): string =>
  encrypt(journalKey, Buffer.from(JSON.stringify({ title: plain.title, words: plain.words }), 'utf8'), entryAad(entryId));

export function decryptEntry(journalKey: Buffer, entryId: string, ciphertext: string): EntryPlain {
  const text = decrypt(journalKey, ciphertext, entryAad(entryId)).toString('utf8');
  try {
    const parsed = JSON.parse(text) as Partial<EntryPlain>;
    if (typeof parsed.words !== 'string') throw new Error('shape');
    return { title: typeof parsed.title === 'string' ? parsed.title : null, words: parsed.words };
  } catch {
    throw new JournalCryptoError();
  }
}

/** Crockford base32: no I, L, O or U, so a code read aloud or copied by hand is hard to get wrong. */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A recovery code: 20 characters (100 bits) in groups of four, e.g. `7KQ2-M9XD-...`. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 20 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]!);
  return [0, 4, 8, 12, 16].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** A recovery code as typed: case, spaces and hyphens do not matter; O reads as 0 and I or L as 1. */
export function normaliseRecoveryCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}
