import type { BoardOut } from '../../../shared/board.js';

/**
 * How long since a moment, for the board: "under 1 min", "12 min", "1 hr", "2 hr 5 min".
 * A time a little in the future (clocks differ) counts as "under 1 min".
 */
export function timeSince(fromIso: string, nowMs: number): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return '';
  const minutes = Math.floor(Math.max(0, nowMs - from) / 60_000);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} hr` : `${hours} hr ${rest} min`;
}

/** A clock time in the UK, like "14:05", for "first seen 14:05". */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A short sentence for screen readers about what changed between two boards
 * ("Board updated: 1 new arrival, 1 person left"), or null when nothing a person would notice changed.
 */
export function describeBoardChanges(before: BoardOut | undefined, after: BoardOut): string | null {
  if (!before || before.revision === after.revision) return null;
  const parts: string[] = [];
  const beforeHere = new Map(before.here.map((c) => [c.id, c]));
  const afterHere = new Set(after.here.map((c) => c.id));
  const arrived = after.here.filter((c) => !beforeHere.has(c.id)).length;
  const left = before.here.filter((c) => !afterHere.has(c.id)).length;
  const seen = after.here.filter((c) => {
    const old = beforeHere.get(c.id);
    return old && (old.workerUserId !== c.workerUserId || (!old.firstSeenAt && c.firstSeenAt));
  }).length;
  const beforeCallbacks = new Set(before.callbacks.map((c) => c.id));
  const newCallbacks = after.callbacks.filter((c) => !beforeCallbacks.has(c.id)).length;
  const beforeShift = new Set(before.onShift.map((s) => s.userId));
  const afterShift = new Set(after.onShift.map((s) => s.userId));
  const started = after.onShift.filter((s) => !beforeShift.has(s.userId)).length;
  const ended = before.onShift.filter((s) => !afterShift.has(s.userId)).length;

  if (arrived) parts.push(plural(arrived, 'new arrival', 'new arrivals'));
  if (left) parts.push(`${plural(left, 'person', 'people')} left`);
  if (seen) parts.push(`${plural(seen, 'person', 'people')} now with someone`);
  if (newCallbacks) parts.push(plural(newCallbacks, 'new call back request', 'new call back requests'));
  if (started) parts.push(`${plural(started, 'person', 'people')} started a shift`);
  if (ended) parts.push(`${plural(ended, 'person', 'people')} ended a shift`);
  if (after.openAlerts !== before.openAlerts) parts.push(`open alerts now ${after.openAlerts}`);
  return parts.length ? `Board updated: ${parts.join(', ')}` : 'Board updated';
}

/** The services where this person's roles let them see the live board, each once. */
export const BOARD_ROLES = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'] as const;
export function boardServicesOf(memberships: readonly { role: string; serviceId: string | null; serviceName: string | null }[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of memberships) {
    if (m.serviceId && (BOARD_ROLES as readonly string[]).includes(m.role) && !seen.has(m.serviceId)) seen.set(m.serviceId, m.serviceName ?? 'Your service');
  }
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
