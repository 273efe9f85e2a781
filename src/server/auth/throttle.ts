import type { Db } from '../db/database.js';
import { nowIso } from '../db/values.js';
import { sha256 } from './secrets.js';

/**
 * Sign-in throttling per account and per address. After `maxFailures` failures for
 * an account (or four times as many from one address) within the lockout window,
 * sign-in is refused until the window passes. The window is short (15 minutes by
 * default) so that an attacker cannot keep someone else locked out for long, and
 * a locked account gives exactly the same reply whether it exists or not.
 */
export interface ThrottleSettings {
  maxFailures: number;
  lockoutMs: number;
  clock: () => number;
}

export const accountKey = (email: string) => `account:${sha256(email.toLowerCase())}`;
export const addressKey = (ip: string) => `address:${sha256(ip)}`;

const limitFor = (key: string, s: ThrottleSettings) => (key.startsWith('address:') ? s.maxFailures * 4 : s.maxFailures);

/** Milliseconds until sign-in is allowed again for any of the keys, or 0. */
export async function lockedFor(db: Db, keys: string[], s: ThrottleSettings): Promise<number> {
  const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  const now = s.clock();
  let wait = 0;
  for (const row of rows) {
    if (row.locked_until) wait = Math.max(wait, Date.parse(row.locked_until) - now);
  }
  return Math.max(0, wait);
}

export async function recordFailure(db: Db, keys: string[], s: ThrottleSettings): Promise<void> {
  const now = s.clock();
  await db.transaction().execute(async (trx) => {
    for (const key of keys) {
      // Make sure the row exists first, so two failures at once never collide on insert.
      await trx
        .insertInto('login_throttle')
        .values({ key, failures: 0, first_failure_at: nowIso(s.clock), locked_until: null })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
      // Failures older than the window, or from before a lockout that has ended, are forgotten.
      const expired = Date.parse(row.first_failure_at) + s.lockoutMs <= now || (row.locked_until !== null && Date.parse(row.locked_until) <= now);
      const failures = expired ? 1 : row.failures + 1;
      const firstFailureAt = expired ? nowIso(s.clock) : row.first_failure_at;
      const lockedUntil = failures >= limitFor(key, s) ? new Date(now + s.lockoutMs).toISOString() : null;
      await trx.updateTable('login_throttle').set({ failures, first_failure_at: firstFailureAt, locked_until: lockedUntil }).where('key', '=', key).execute();
    }
  });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
