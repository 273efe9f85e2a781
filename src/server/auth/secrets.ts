import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

/**
 * The server's secret key: encrypts second-factor secrets at rest and keys the
 * audit trail's address digests. SECRET_KEY from the environment is best (the key
 * then lives apart from the data); otherwise one is made once and kept in app_meta.
 */
export async function loadSecretKey(db: Db, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const existing = await db.selectFrom('app_meta').select('value').where('key', '=', 'secret_key').executeTakeFirst();
  if (existing) return existing.value;
  const created = randomBytes(32).toString('base64url');
  await db.insertInto('app_meta').values({ key: 'secret_key', value: created }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await db.selectFrom('app_meta').select('value').where('key', '=', 'secret_key').executeTakeFirstOrThrow();
  return stored.value;
}

const keyBytes = (secretKey: string, purpose: string) => createHash('sha256').update(`${purpose}:${secretKey}`).digest();

/** AES-256-GCM: returns `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function seal(secretKey: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(secretKey, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function unseal(secretKey: string, purpose: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unreadable sealed value');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(secretKey, purpose), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
