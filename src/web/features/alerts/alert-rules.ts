import type { AlertOut } from '../../../shared/alerts.js';

/**
 * Pure rules for alerts on screen: the countdown to what happens next, which alerts are news
 * (a short sound and an announcement), and the sentence a screen reader hears.
 */

/** The alert stream's event name: ALERT_EVENT_NAME in shared/alerts.ts, not imported here because that module brings zod into the first load (a test keeps them equal). */
export const ALERT_EVENT = 'alerts';

/** "4:05" (minutes and seconds) until a moment; "now" once it has come. Null without a moment. */
export function countdown(atIso: string | null, nowMs: number): string | null {
  if (!atIso) return null;
  const at = Date.parse(atIso);
  if (Number.isNaN(at)) return null;
  const left = Math.floor((at - nowMs) / 1000);
  if (left <= 0) return 'now';
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = String(left % 60).padStart(2, '0');
  return hours > 0 ? `${hours} hr ${minutes} min` : `${minutes}:${seconds}`;
}

/** What makes an alert news: it is new, or it has been reminded since we last heard. */
export const alertStamp = (a: Pick<AlertOut, 'id' | 'reminders'>): string => `${a.id}:${a.reminders}`;

/**
 * The open alerts that are news since `heard` (stamps already sounded). The first load of a page
 * counts too: an alert waiting when a page opens should still be heard.
 */
export function newsAmong(alerts: readonly Pick<AlertOut, 'id' | 'reminders' | 'status'>[], heard: ReadonlySet<string>): string[] {
  return alerts.filter((a) => a.status === 'open' && !heard.has(alertStamp(a))).map(alertStamp);
}

/** One sentence for the assertive live region, or '' when nothing is open. */
export function announceAlerts(alerts: readonly Pick<AlertOut, 'title' | 'status'>[]): string {
  const open = alerts.filter((a) => a.status === 'open');
  if (open.length === 0) return '';
  if (open.length === 1) return `Alert: ${open[0]!.title}`;
  return `${open.length} alerts need someone. First: ${open[0]!.title}`;
}

/** A clock time in the UK ("14:05"). */
export function ukClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
}
