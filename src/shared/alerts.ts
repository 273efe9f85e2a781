import { z } from 'zod';
import { noNul } from './text.js';

/**
 * Alerts (issue 6): something a named person must act on now — a lone worker who has not
 * checked in, a worker asking for help, a safety code used in place of a cancel, or an
 * escalation whose step reaches someone. One event raises one alert (its key is unique);
 * reminders follow on staged gaps until a named person acknowledges it.
 *
 * - GET  /api/v1/alerts/mine                                  open alerts for the signed-in person
 * - GET  /api/v1/alerts/events                                server-sent events: `event: alerts`
 *   on connect and whenever an alert for this person is raised, reminded or acknowledged
 *   (then fetch /alerts/mine again). Any open staff page listens, so it can sound and show it.
 * - GET  /api/v1/services/:serviceId/alerts                   the service's alerts (board)
 * - POST /api/v1/services/:serviceId/alerts/:alertId/acknowledge  { note } → 409 when already done
 *
 * A silent alert (a safety code) is never shown to the worker it is about.
 */

export const ALERT_KINDS = [
  /** A lone-working visit's check-in was missed: the shift lead is told. */
  'visit_overdue',
  /** A missed check-in reached its last stage (the escalation ladder starts). */
  'visit_escalation',
  /** "I need help now". */
  'help_now',
  /** A safety (duress) code was entered in place of a cancel: silent. */
  'duress',
  /** An escalation's step reaches these people, or its last step repeats. */
  'escalation',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export const ALERT_EVENT_NAME = 'alerts';

export const AlertAcknowledge = z.strictObject({
  /** What the person did or is doing about it, in their words (may be empty). */
  note: z.string().trim().max(2000, 'Keep this to 2000 characters or fewer').refine(noNul, 'Remove the unusual characters from this').optional(),
});
export type AlertAcknowledge = z.infer<typeof AlertAcknowledge>;

export const AlertsQuery = z.strictObject({
  /** open (default): still needing someone; all: the latest 100, acknowledged ones too. */
  status: z.enum(['open', 'all'], { error: 'Choose open or all' }).optional(),
});
export type AlertsQuery = z.infer<typeof AlertsQuery>;

export const AlertVisit = z.object({
  id: z.string(),
  location: z.string(),
  expectedEndAt: z.string(),
  checkedInAt: z.string().nullable(),
  workerUserId: z.string(),
  contactUserId: z.string().nullable(),
});

export const AlertOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  kind: z.enum(ALERT_KINDS),
  /** The stage that raised it (e.g. lead_alert, escalate, a ladder step), when there is one. */
  stage: z.string().nullable(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  /** One plain sentence saying what happened (no names of people supported). */
  title: z.string(),
  /** The worker it is about (lone working), if any. */
  workerName: z.string().nullable(),
  visit: AlertVisit.nullable(),
  silent: z.boolean(),
  status: z.enum(ALERT_STATUSES),
  raisedAt: z.string(),
  reminders: z.number(),
  lastRemindedAt: z.string().nullable(),
  /** When the next reminder goes, for the countdown (null once acknowledged). */
  nextReminderAt: z.string().nullable(),
  acknowledgedBy: z.object({ userId: z.string(), name: z.string() }).nullable(),
  acknowledgedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type AlertOut = z.infer<typeof AlertOut>;

export const AlertsOut = z.object({ alerts: z.array(AlertOut) });
export type AlertsOut = z.infer<typeof AlertsOut>;
export const AlertReply = z.object({ alert: AlertOut });
export type AlertReply = z.infer<typeof AlertReply>;

/** The body of `event: alerts` (then fetch /api/v1/alerts/mine). */
export interface AlertsEvent {
  at: string;
}
