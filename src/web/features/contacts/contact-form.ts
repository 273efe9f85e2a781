import type { ContactOut } from '../../../shared/contacts.js';
import type { ContactKindCode, ContactOutcomeCode, OtherwiseCode, ReferralSourceCode } from './labels.js';

/** The value a `datetime-local` input shows for a moment, in the browser's own time zone ("2026-03-01T14:05"). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value back to a UTC moment; null when empty or not a real time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return null;
  const d = new Date(value.trim());
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export interface NewContactForm {
  kind: ContactKindCode | '';
  referralSource: ReferralSourceCode | '';
  referralOther: string;
  who: 'anonymous' | 'known';
  personId: string | null;
  displayLabel: string;
  arrivedAt: string;
  reason: string;
  carersPresent: boolean;
  carersNote: string;
  under16: boolean;
}

export const emptyNewContact = (now: Date = new Date()): NewContactForm => ({
  kind: '',
  referralSource: '',
  referralOther: '',
  who: 'anonymous',
  personId: null,
  displayLabel: '',
  arrivedAt: toLocalInput(now.toISOString()),
  reason: '',
  carersPresent: false,
  carersNote: '',
  under16: false,
});

export const NEW_CONTACT_ORDER = ['kind', 'referralSource', 'referralOther', 'personId', 'displayLabel', 'arrivedAt', 'reason', 'carersNote'] as const;

/** What the form must have before it is sent, as field → message. */
export function newContactChecks(form: NewContactForm): Record<string, string | false> {
  return {
    kind: !form.kind && 'Choose how the person got in touch',
    referralSource: !form.referralSource && 'Choose who suggested they come',
    referralOther: form.referralSource === 'other' && !form.referralOther.trim() && 'Tell us where they were referred from',
    personId: form.who === 'known' && !form.personId && 'Find the person and choose them, or keep them anonymous',
    arrivedAt: !fromLocalInput(form.arrivedAt) && 'Enter the date and time they arrived',
  };
}

/** The POST body: blanks left out, anonymous contacts carry only their label. */
export function newContactBody(form: NewContactForm): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: form.kind, referralSource: form.referralSource };
  if (form.referralSource === 'other' && form.referralOther.trim()) body.referralOther = form.referralOther.trim();
  if (form.who === 'known' && form.personId) body.personId = form.personId;
  else if (form.displayLabel.trim()) body.displayLabel = form.displayLabel.trim();
  const arrived = fromLocalInput(form.arrivedAt);
  if (arrived) body.arrivedAt = arrived;
  if (form.reason.trim()) body.reason = form.reason.trim();
  body.carersPresent = form.carersPresent;
  if (form.carersPresent && form.carersNote.trim()) body.carersNote = form.carersNote.trim();
  body.under16 = form.under16;
  return body;
}

export interface ContactEditForm {
  firstSeenAt: string;
  workerUserId: string;
  reason: string;
  whatHelped: string;
  outcome: ContactOutcomeCode | '';
  outcomeDetail: string;
  otherwiseWouldHave: OtherwiseCode | '';
  carersPresent: boolean;
  carersNote: string;
  leftAt: string;
  /** Service directory entries they were pointed to (ids). */
  signpostedTo: string[];
}

export function editFormFrom(c: ContactOut): ContactEditForm {
  return {
    firstSeenAt: toLocalInput(c.firstSeenAt),
    workerUserId: c.workerUserId ?? '',
    reason: c.reason ?? '',
    whatHelped: c.whatHelped ?? '',
    outcome: c.outcome ?? '',
    outcomeDetail: c.outcomeDetail ?? '',
    otherwiseWouldHave: c.otherwiseWouldHave ?? '',
    carersPresent: c.carersPresent,
    carersNote: c.carersNote ?? '',
    leftAt: toLocalInput(c.leftAt),
    signpostedTo: [...c.signpostedTo],
  };
}

export const EDIT_ORDER = ['firstSeenAt', 'workerUserId', 'reason', 'whatHelped', 'outcome', 'signpostedTo', 'outcomeDetail', 'otherwiseWouldHave', 'carersNote', 'leftAt'] as const;

export function editChecks(form: ContactEditForm): Record<string, string | false> {
  return {
    firstSeenAt: form.firstSeenAt.trim() !== '' && !fromLocalInput(form.firstSeenAt) && 'Enter the date and time they were first seen, or leave it empty',
    outcome: form.leftAt.trim() !== '' && !form.outcome && 'Choose what happened before recording that they left',
    leftAt: form.leftAt.trim() !== '' && !fromLocalInput(form.leftAt) && 'Enter the date and time they left, or leave it empty',
  };
}

const text = (v: string): string | null => (v.trim() === '' ? null : v.trim());
/** Minutes precision: a time shown as 14:05 and left alone is not a change. */
const sameMinute = (a: string | null, b: string | null) => (a === null || b === null ? a === b : Math.floor(Date.parse(a) / 60_000) === Math.floor(Date.parse(b) / 60_000));

/**
 * The form keeps whole minutes, the server keeps seconds: a time in the same minute as an earlier
 * moment (seen at 14:05:40, left "now" at 14:05) means that moment, not before it.
 */
function notBefore(value: string | null, earlier: string | null): string | null {
  if (value === null || earlier === null) return value;
  return sameMinute(value, earlier) && Date.parse(value) < Date.parse(earlier) ? earlier : value;
}

/** Only what the person changed, so a save never overwrites a field they did not touch. */
export function contactPatchFrom(original: ContactOut, form: ContactEditForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const firstSeen = notBefore(text(form.firstSeenAt) === null ? null : fromLocalInput(form.firstSeenAt), original.arrivedAt);
  if (!sameMinute(firstSeen, original.firstSeenAt)) patch.firstSeenAt = firstSeen;
  const seen = patch.firstSeenAt !== undefined ? firstSeen : original.firstSeenAt;
  const left = notBefore(notBefore(text(form.leftAt) === null ? null : fromLocalInput(form.leftAt), original.arrivedAt), seen);
  if (!sameMinute(left, original.leftAt)) patch.leftAt = left;
  const worker = form.workerUserId || null;
  if (worker !== original.workerUserId) patch.workerUserId = worker;
  const texts = ['reason', 'whatHelped', 'outcomeDetail', 'carersNote'] as const;
  for (const k of texts) if (text(form[k]) !== (original[k] ?? null)) patch[k] = text(form[k]);
  if ((form.outcome || null) !== original.outcome) patch.outcome = form.outcome || null;
  if ((form.otherwiseWouldHave || null) !== original.otherwiseWouldHave) patch.otherwiseWouldHave = form.otherwiseWouldHave || null;
  if (form.carersPresent !== original.carersPresent) patch.carersPresent = form.carersPresent;
  if (form.signpostedTo.join(',') !== original.signpostedTo.join(',')) patch.signpostedTo = form.signpostedTo;
  return patch;
}
