import type { Realtime } from './index.js';

/**
 * A short-lived, change-invalidated cache for the live board of each service.
 *
 * Every open board screen refetches on each change, and a busy shift has many screens
 * open, so the same board is built many times a second. Here a board is built once and
 * shared until either:
 *  - its service publishes a change (`Realtime`, so a change on any app instance drops
 *    the entry on every instance before any screen is told to refetch), or
 *  - `ttlMs` passes, for the few changes that do not publish (a worker renaming
 *    themselves, a merge of two people's records): the board is never older than that.
 *
 * Concurrent misses share one build (single flight). A build that started before a
 * change is never kept after it: the change removes the entry, and a later request
 * starts a new build. Nothing is cached while the subscription for that service is not
 * live (for example while PostgreSQL's LISTEN connection is being re-established).
 *
 * Only what every allowed reader may see goes in: access checks and audit stay per request.
 */
export interface LiveCache<T> {
  /** The cached value for this service (scoped by `scope`, the organisation), or a fresh build. */
  get(scope: string, serviceId: string, build: () => Promise<T>): Promise<T>;
  /** Drop this service's entries now (also done by any `realtime.publish(serviceId)`). */
  invalidate(serviceId: string): void;
  /** Entries held (for tests). */
  size(): number;
  close(): void;
}

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

export function createLiveCache<T>(realtime: Realtime, clock: () => number, ttlMs = 2000, maxEntries = 1000): LiveCache<T> {
  const entries = new Map<string, Entry<T>>();
  /** Per service: the subscription (resolved when live), or false when it could not be made. */
  const subscriptions = new Map<string, Promise<(() => void) | false>>();
  let closed = false;

  const invalidate = (serviceId: string) => {
    for (const key of entries.keys()) if (key.endsWith(`:${serviceId}`)) entries.delete(key);
  };

  const subscribed = (serviceId: string) => {
    let sub = subscriptions.get(serviceId);
    if (!sub) {
      sub = realtime.subscribe(serviceId, () => invalidate(serviceId)).catch(() => {
        // Try again on a later request; meanwhile nothing for this service is cached.
        subscriptions.delete(serviceId);
        return false as const;
      });
      subscriptions.set(serviceId, sub);
    }
    return sub;
  };

  return {
    async get(scope, serviceId, build) {
      if (closed || !(await subscribed(serviceId))) return build();
      const key = `${scope}:${serviceId}`;
      const now = clock();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      if (entries.size >= maxEntries) entries.clear();
      const entry: Entry<T> = { at: now, value: build() };
      entries.set(key, entry);
      // A failed build is not kept: the next request tries again.
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value;
    },
    invalidate,
    size: () => entries.size,
    close() {
      closed = true;
      entries.clear();
      for (const sub of subscriptions.values()) void sub.then((stop) => stop && stop());
      subscriptions.clear();
    },
  };
}
