import type { AlertKind } from '../../../shared/alerts.js';

/**
 * Pure rules of alerts: when reminders go, who is told, and the words they are told in.
 * Unit-tested in rules.test.ts.
 */

const MINUTE = 60_000;

/**
 * Gaps between reminders of an alert nobody has acknowledged: soon at first, then steady
 * and never stopping (staged, so a team is not deafened, but nobody can miss it for long).
 */
export const REMINDER_GAPS_MINUTES = [2, 3, 5, 10] as const;
export const reminderGapMinutes = (reminder: number): number => REMINDER_GAPS_MINUTES[Math.min(Math.max(reminder, 0), REMINDER_GAPS_MINUTES.length - 1)]!;

/**
 * When the next reminder of an open alert is due: a gap after the last reminder (or after it
 * was raised, for the first). Counting from the last one sent, a server that was down for
 * a while sends one reminder when it is back, not every one it missed.
 */
export function nextReminderAt(a: { raisedAt: number; lastRemindedAt: number | null; reminders: number }): number {
  return (a.lastRemindedAt ?? a.raisedAt) + reminderGapMinutes(a.reminders) * MINUTE;
}

/** The job key of reminder `n`: one job per reminder, so none is sent twice. */
export const reminderKey = (alertId: string, n: number) => `alert:${alertId}:remind:${n}`;
export const deliverKey = (alertId: string) => `alert:${alertId}:deliver`;

export interface RecipientCandidates {
  /** Shift leads of the service (by role), and which of them are on shift now. */
  shiftLeads: readonly string[];
  onShift: ReadonlySet<string>;
  serviceManagers: readonly string[];
  /** Others who must act too (a visit's named contact). */
  extra?: readonly (string | null | undefined)[];
  /** Never told (the worker the alert is about). */
  exclude?: readonly (string | null | undefined)[];
}

/**
 * Who must act: the shift leads on shift now (every shift lead of the service when none
 * is), the service managers, and any extra people named; never anyone excluded. In a
 * stable order without repeats.
 */
export function whoMustAct(c: RecipientCandidates): string[] {
  const leadsOnShift = c.shiftLeads.filter((id) => c.onShift.has(id));
  const leads = leadsOnShift.length > 0 ? leadsOnShift : c.shiftLeads;
  const excluded = new Set(c.exclude?.filter((id): id is string => !!id));
  const out: string[] = [];
  for (const id of [...leads, ...c.serviceManagers, ...(c.extra ?? [])]) {
    if (id && !excluded.has(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * One plain sentence for an alert, on screen and in messages. Only the worker's own name is
 * used (never the name of anyone supported); a place is shown on screen, not sent.
 */
export function alertTitle(kind: AlertKind, workerName: string | null): string {
  const who = workerName ?? 'A colleague';
  switch (kind) {
    case 'visit_overdue':
      return `${who} has not checked in after a lone visit.`;
    case 'visit_escalation':
      return `${who} has still not checked in after a lone visit. Start the escalation steps.`;
    case 'help_now':
      return `${who} has asked for help now.`;
    case 'duress':
      return `${who} used their safety code to end a lone visit. They may not be able to talk freely.`;
    case 'escalation':
      return 'An escalation needs someone to pick it up.';
  }
}

export interface AlertMessage {
  subject: string;
  message: string;
}

/** The email (or text) telling someone an alert needs them, or reminding them. */
export function alertMessage(input: { kind: AlertKind; workerName: string | null; serviceName: string; link: string; reminder: number }): AlertMessage {
  const title = alertTitle(input.kind, input.workerName);
  const subject = input.reminder > 0 ? `Reminder: an alert at ${input.serviceName} still needs someone` : `An alert at ${input.serviceName} needs you`;
  const lines = [
    title,
    input.reminder > 0 ? 'Nobody has said they have picked this up yet.' : '',
    input.kind === 'duress' ? 'Please do not call or text them first. Follow your lone working plan.' : '',
    `Open Alongside to see it and say you have it: ${input.link}`,
  ].filter(Boolean);
  return { subject, message: lines.join('\n\n') };
}

/**
 * The text message version: short (a text is read on a lock screen and charged by length),
 * with the same rule as the email: only the worker's own name, never anyone supported, never
 * a place. A safety-code alert says not to call or text the worker first.
 */
export function alertText(input: { kind: AlertKind; workerName: string | null; serviceName: string; link: string; reminder: number }): string {
  return [
    input.reminder > 0 ? `Alongside reminder (${input.serviceName}): nobody has picked this up yet.` : `Alongside alert (${input.serviceName}):`,
    alertTitle(input.kind, input.workerName),
    input.kind === 'duress' ? 'Do not call or text them first. Follow your lone working plan.' : '',
    `Open: ${input.link}`,
  ]
    .filter(Boolean)
    .join(' ');
}
