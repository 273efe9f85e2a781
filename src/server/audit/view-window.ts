/**
 * A live list (the board) is fetched again on every change, by every open screen, all
 * shift long. Recording each refetch would fill the audit trail with thousands of rows a
 * shift and make every refresh a write. Instead the first view by a session of a given
 * list is recorded, and again once the window has passed: the trail still shows who
 * looked at which board and when, to within the window. Single records (a person, a
 * contact, an episode) are still recorded on every read.
 *
 * The memory is per instance; with several instances each records its own first view,
 * which errs on the side of more rows, never fewer.
 */
export interface ViewAuditWindow {
  /** True when this view should be recorded now (and remembers that it was). */
  shouldRecord(key: string): boolean;
}

export function createViewAuditWindow(windowMs: number, clock: () => number, maxKeys = 10_000): ViewAuditWindow {
  const last = new Map<string, number>();
  return {
    shouldRecord(key) {
      const now = clock();
      const seen = last.get(key);
      if (seen !== undefined && now - seen < windowMs) return false;
      if (last.size >= maxKeys) last.clear();
      last.set(key, now);
      return true;
    },
  };
}

export const VIEW_AUDIT_WINDOW_MS = 15 * 60_000;
