import { describe, expect, it } from 'vitest';
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

describe('journal crypto', () => {
  it('wraps a key under a password-derived key; only the same password, salt, user and purpose unwrap it', async () => {
    const key = newJournalKey();
    const salt = newSalt();
    const wrapping = await deriveWrappingKey('a long pass phrase', salt);
    const wrapped = wrapKey(key, wrapping, 'user-1', 'password');
    expect(Buffer.from(wrapped, 'base64').includes(key)).toBe(false);
    expect(unwrapKey(wrapped, wrapping, 'user-1', 'password').equals(key)).toBe(true);
    const otherPassword = await deriveWrappingKey('a long pass phrasE', salt);
    const otherSalt = await deriveWrappingKey('a long pass phrase', newSalt());
    expect(() => unwrapKey(wrapped, otherPassword, 'user-1', 'password')).toThrow(JournalCryptoError);
    expect(() => unwrapKey(wrapped, otherSalt, 'user-1', 'password')).toThrow(JournalCryptoError);
    expect(() => unwrapKey(wrapped, wrapping, 'user-2', 'password')).toThrow(JournalCryptoError);
    expect(() => unwrapKey(wrapped, wrapping, 'user-1', 'recovery')).toThrow(JournalCryptoError);
    expect(() => unwrapKey('not base64 at all!', wrapping, 'user-1', 'password')).toThrow(JournalCryptoError);
  });

  it('derives the same wrapping key for the same secret and salt (and normalises Unicode)', async () => {
    const salt = newSalt();
    expect((await deriveWrappingKey('caf\u00e9 au lait', salt)).equals(await deriveWrappingKey('cafe\u0301 au lait', salt))).toBe(true);
  });

  it('seals a key for one session: the raw token, session and user are all needed', () => {
    const key = newJournalKey();
    const sealed = sealForSession(key, 'raw-token', 'session-1', 'user-1');
    expect(unsealFromSession(sealed, 'raw-token', 'session-1', 'user-1').equals(key)).toBe(true);
    expect(() => unsealFromSession(sealed, 'other-token', 'session-1', 'user-1')).toThrow(JournalCryptoError);
    expect(() => unsealFromSession(sealed, 'raw-token', 'session-2', 'user-1')).toThrow(JournalCryptoError);
    expect(() => unsealFromSession(sealed, 'raw-token', 'session-1', 'user-2')).toThrow(JournalCryptoError);
  });

  it('encrypts an entry bound to its id: the words are not in the ciphertext, and a ciphertext moved to another id does not open', () => {
    const key = newJournalKey();
    const c = encryptEntry(key, 'entry-1', { title: 'Tuesday', words: 'A hard night on the phones' });
    expect(c).not.toContain('hard night');
    expect(Buffer.from(c, 'base64').toString('latin1')).not.toContain('hard night');
    expect(decryptEntry(key, 'entry-1', c)).toEqual({ title: 'Tuesday', words: 'A hard night on the phones' });
    expect(() => decryptEntry(key, 'entry-2', c)).toThrow(JournalCryptoError);
    expect(() => decryptEntry(newJournalKey(), 'entry-1', c)).toThrow(JournalCryptoError);
    // The same words encrypt differently each time (a fresh IV).
    expect(encryptEntry(key, 'entry-1', { title: null, words: 'x' })).not.toBe(encryptEntry(key, 'entry-1', { title: null, words: 'x' }));
  });

  it('recovery codes: 20 characters in groups, read forgivingly', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(normaliseRecoveryCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code.replace(/-/g, ''));
    expect(normaliseRecoveryCode('o1il-ABCD')).toBe('0111ABCD');
    expect(new Set(Array.from({ length: 50 }, newRecoveryCode)).size).toBe(50);
  });
});
