import type { Membership, Session, User } from '../db/tables.js';
import type { Realtime } from '../realtime/index.js';
import { sha256 } from './secrets.js';

/** What a signed-in request needs: the session, its person and their memberships. */
export interface LoadedSession {
  session: Session;
  user: User;
  memberships: Membership[];
}

/**
 * A short-lived cache of session lookups, keyed by the token's digest (the session id), so a
 * screen that sends several requests at once does not look its session up for each of them.
 * On PostgreSQL each lookup is a round trip; this keeps a burst of them to one.
 *
 * An entry is dropped:
 *  - on every instance when anything about sessions, people or their roles changes
 *    (`changed()`: sign-out, sign-out everywhere, disabling, role and password changes…):
 *    at once on this instance, before the change's answer is sent, and on the others
 *    through `Realtime` (LISTEN/NOTIFY on PostgreSQL) when the notification arrives;
 *  - after `ttlMs` at most (1 s), for the few changes that do not go through the app;
 *  - when the session is no longer live (expired, idle too long): that is checked against
 *    the clock on every use, as on a lookup.
 * Nothing is kept while the change subscription is not live, so an instance that cannot hear
 * of changes always looks sessions up. A lookup that began before a change is never kept
 * after it: the change empties the cache, and a later request starts a new lookup.
 *
 * Each request gets its own copies, so nothing a request does to its `auth` reaches another.
 */
export interface SessionCache {
  /** The session for this cookie token: cached, or looked up with `load` (null is never kept). */
  get(token: string, load: () => Promise<LoadedSession | null>, stillGood: (loaded: LoadedSession) => boolean): Promise<LoadedSession | null>;
  /** Drop every cached session here at once, and on every other instance (through `Realtime`). */
  changed(): Promise<void>;
  /** Entries held (for tests). */
  size(): number;
  close(): void;
}

/** The word published through `Realtime` for session changes (service ids are UUIDs, so it cannot clash). */
export const SESSIONS_TOPIC = 'sessions';

interface Entry {
  at: number;
  value: Promise<LoadedSession | null>;
}

export function createSessionCache(realtime: Realtime, clock: () => number, ttlMs = 1000, maxEntries = 10_000): SessionCache {
  const entries = new Map<string, Entry>();
  let closed = false;
  let live = false;
  const clear = () => entries.clear();
  // Subscribed once, at start; `live` only while the subscription is.
  const subscription = realtime.subscribe(SESSIONS_TOPIC, clear).then(
    (stop) => {
      if (closed) stop();
      else live = true;
      return stop;
    },
    () => null,
  );

  const copy = (loaded: LoadedSession | null): LoadedSession | null =>
    loaded && { session: { ...loaded.session }, user: { ...loaded.user }, memberships: loaded.memberships.map((m) => ({ ...m })) };

  return {
    async get(token, load, stillGood) {
      if (closed || !live || ttlMs <= 0 || !(realtime.connected?.() ?? true)) {
        clear();
        return load();
      }
      const key = sha256(token);
      const now = clock();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) {
        const loaded = await hit.value;
        if (loaded && stillGood(loaded)) return copy(loaded);
        if (entries.get(key) === hit) entries.delete(key);
      }
      if (entries.size >= maxEntries) clear();
      const entry: Entry = { at: now, value: load() };
      entries.set(key, entry);
      // A session that is not there (or a failed lookup) is not kept: the next request looks again.
      entry.value.then(
        (loaded) => {
          if (!loaded && entries.get(key) === entry) entries.delete(key);
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return copy(await entry.value);
    },
    async changed() {
      clear();
      await realtime.publish(SESSIONS_TOPIC);
    },
    size: () => entries.size,
    close() {
      closed = true;
      live = false;
      clear();
      void subscription.then((stop) => stop?.());
    },
  };
}
