import type { VisitOut } from '../../../shared/lone-working.js';
import { MAX_VISIT_HOURS } from '../../../shared/lone-working.js';

/** Pure rules of the lone-working screens: how long a visit is, extending, and what the worker is told. */

const MINUTE = 60_000;

export const LENGTH_CHOICES = [
  { value: '30', label: '30 minutes' },
  { value: '60', label: '1 hour' },
  { value: '90', label: '1 hour 30 minutes' },
  { value: '120', label: '2 hours' },
  { value: 'other', label: 'Another length' },
] as const;

export const EXTEND_CHOICES = [15, 30, 60] as const;

export interface StartForm {
  location: string;
  length: string;
  otherMinutes: string;
  contactUserId: string;
}

export const emptyStartForm = (): StartForm => ({ location: '', length: '60', otherMinutes: '', contactUserId: '' });

/** The expected end for a visit of the chosen length, or the message to show by the field. */
export function expectedEndFrom(form: Pick<StartForm, 'length' | 'otherMinutes'>, nowMs: number): { iso: string } | { field: 'length' | 'otherMinutes'; message: string } {
  if (!form.length) return { field: 'length', message: 'Choose how long you expect to be' };
  const raw = form.length === 'other' ? form.otherMinutes.trim() : form.length;
  if (form.length === 'other' && raw === '') return { field: 'otherMinutes', message: 'Enter how many minutes you expect to be' };
  if (!/^\d+$/.test(raw)) return { field: 'otherMinutes', message: 'Enter a whole number of minutes, like 45' };
  const minutes = Number(raw);
  if (minutes < 2) return { field: 'otherMinutes', message: 'Give yourself at least 2 minutes' };
  if (minutes > MAX_VISIT_HOURS * 60) return { field: 'otherMinutes', message: `Keep a visit to ${MAX_VISIT_HOURS} hours or less; you can extend it later` };
  return { iso: new Date(nowMs + minutes * MINUTE).toISOString() };
}

/** Checks before sending; field name → message. */
export function startChecks(form: StartForm, nowMs: number): Record<string, string | false> {
  const end = expectedEndFrom(form, nowMs);
  return {
    location: !form.location.trim() && 'Say where you are going',
    length: 'field' in end && end.field === 'length' && end.message,
    otherMinutes: 'field' in end && end.field === 'otherMinutes' && end.message,
    contactUserId: !form.contactUserId && 'Choose who your contact is for this visit',
  };
}

/** Extending adds time from the later of now and the current expected end. */
export function extendedEnd(expectedEndAt: string, nowMs: number, minutes: number): string {
  const from = Math.max(nowMs, Date.parse(expectedEndAt));
  return new Date(from + minutes * MINUTE).toISOString();
}

export const lengthLabel = (minutes: number): string => (minutes < 60 ? `${minutes} minutes` : minutes === 60 ? '1 hour' : `${minutes / 60} hours`);

/** What the worker's screen says about the time: before the end, or past it. */
export function visitTimeText(visit: Pick<VisitOut, 'expectedEndAt' | 'checkedInAt' | 'overdue'>, nowMs: number, clock: (iso: string) => string): string {
  const end = Date.parse(visit.expectedEndAt);
  const minutes = Math.ceil((end - nowMs) / MINUTE);
  if (nowMs < end) return `Check in or end the visit by ${clock(visit.expectedEndAt)} (${minutes <= 1 ? 'under a minute' : `${minutes} minutes`} from now).`;
  if (visit.checkedInAt && Date.parse(visit.checkedInAt) >= end) return `You checked in at ${clock(visit.checkedInAt)}. End the visit when you are done.`;
  return `Your time was up at ${clock(visit.expectedEndAt)}. Please check in, extend or end the visit now; your shift lead will be told if we do not hear from you.`;
}
