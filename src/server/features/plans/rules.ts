import { AppError } from '../../http/errors.js';
import { localDate, localTime } from '../../../shared/directory/schedules.js';
import {
  PLAN_SECTION_KEYS,
  RECIPIENT_KIND_LABELS,
  sectionHasWords,
  type PlanContent,
  type PlanSectionKey,
  type RecipientKind,
  type ViewerKind,
} from '../../../shared/plans.js';

/**
 * The crisis plan rules, as pure functions (data in, data out): what can be agreed, how two
 * versions differ, whether a share or a link is live, when a plan was last reviewed, the
 * end of a share's last day, and how "who looked" reads to the person.
 */

const DAY_MS = 86_400_000;

/** "Reviewed in the last 6 months": within this many days of now. */
export const REVIEW_WINDOW_DAYS = 183;
/** A share lasts at most this many years ahead. */
export const SHARE_MAX_YEARS = 2;

/** 409 not_a_draft: an agreed version is never changed. */
export const notADraft = () =>
  new AppError(409, 'not_a_draft', 'This version has been agreed, so it stays as it is. Start a new draft to make changes.');

/** Whether a plan can be agreed: something must be written in at least one part. */
export function agreeProblem(content: PlanContent): { message: string; fields: Record<string, string> } | null {
  if (PLAN_SECTION_KEYS.some((key) => sectionHasWords(content, key))) return null;
  return { message: 'Write something in at least one part of the plan before it is agreed.', fields: { content: 'Write something in at least one part of the plan' } };
}

// ---- comparing versions ---------------------------------------------------------------

/** Structural equality of JSON values (object key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameValue(v, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

export interface SectionChange {
  key: PlanSectionKey;
  changed: boolean;
  before: unknown;
  after: unknown;
}

/** Every section, in plan order, as it was in `from` and as it is in `to`. */
export function compareContent(from: PlanContent, to: PlanContent): SectionChange[] {
  return PLAN_SECTION_KEYS.map((key) => ({ key, changed: !sameValue(from[key], to[key]), before: from[key], after: to[key] }));
}

// ---- reviews -----------------------------------------------------------------------------

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b);

/** The latest of the last agreement and the last review (null: neither yet). */
export function lastReviewedAt(lastAgreedAt: string | null, reviewedAt: string | null): string | null {
  return later(lastAgreedAt, reviewedAt);
}

/** Whether a plan counts as "reviewed in the last 6 months" at `now`. */
export function reviewedRecently(lastReviewed: string | null, now: number): boolean {
  if (lastReviewed === null) return false;
  const at = Date.parse(lastReviewed);
  return at <= now && now - at <= REVIEW_WINDOW_DAYS * DAY_MS;
}

/** The earliest time that still counts as reviewed recently at `now` (for queries). */
export const reviewCutoff = (now: number): string => new Date(now - REVIEW_WINDOW_DAYS * DAY_MS).toISOString();

// ---- shares ------------------------------------------------------------------------------------

export type ShareStatus = 'active' | 'ended' | 'revoked';

/** Active = not revoked and starts_at <= now < ends_at. */
export function shareStatus(share: { starts_at: string; ends_at: string; revoked_at: string | null }, now: number): ShareStatus {
  if (share.revoked_at !== null) return 'revoked';
  if (Date.parse(share.starts_at) <= now && now < Date.parse(share.ends_at)) return 'active';
  // Not yet started counts as not active; shares start when made, so this is "ended".
  return 'ended';
}

/** A London date plus whole days, "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A London date plus whole years ("2026-02-29" + 1 → "2027-03-01"). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * The end of a London day, as the UTC instant the next day starts (shares last while
 * now < ends_at). London's clocks change at 01:00 UTC, so midnight always exists.
 */
export function endOfLondonDay(date: string): string {
  const next = addDays(date, 1);
  const naive = Date.parse(`${next}T00:00:00.000Z`);
  for (const candidate of [naive - 3_600_000, naive, naive - 7_200_000, naive + 3_600_000]) {
    const at = new Date(candidate);
    if (localDate(at) === next && localTime(at) === '00:00') return at.toISOString();
  }
  return new Date(naive).toISOString();
}

/** A share's last day must be today or later, and at most two years ahead (London dates). */
export function endsOnProblem(endsOn: string, now: number): string | null {
  const today = localDate(new Date(now));
  if (endsOn < today) return 'Choose today or a later day';
  if (endsOn > addYears(today, SHARE_MAX_YEARS)) return 'Choose a day within the next two years';
  return null;
}

/** Sections in plan order, each once. */
export const orderedSections = (sections: readonly PlanSectionKey[]): PlanSectionKey[] => PLAN_SECTION_KEYS.filter((k) => sections.includes(k));

// ---- links ----------------------------------------------------------------------------------

export type LinkStatus = 'active' | 'expired' | 'withdrawn';

/**
 * A link is withdrawn when withdrawn itself or when its share was revoked; expired when past
 * its own expiry or its share's end.
 */
export function linkStatus(link: { expires_at: string; withdrawn_at: string | null }, share: { starts_at: string; ends_at: string; revoked_at: string | null } | null, now: number): LinkStatus {
  if (link.withdrawn_at !== null) return 'withdrawn';
  const status = share ? shareStatus(share, now) : 'active';
  if (status === 'revoked') return 'withdrawn';
  if (status === 'ended' || now >= Date.parse(link.expires_at)) return 'expired';
  return 'active';
}

// ---- who looked ------------------------------------------------------------------------------

export interface ViewFacts {
  viewerKind: ViewerKind;
  userName: string | null;
  organisationName: string | null;
  serviceName: string | null;
  recipientName: string | null;
  relationship: string | null;
  recipientKind: string | null;
  reason: string | null;
}

/**
 * The service a member of staff works in, for "who looked": their one service, or null when
 * they work across several (or the whole organisation), and the organisation's name is used.
 */
export function staffServiceOf(memberships: readonly { service_id: string | null }[]): string | null {
  const services = new Set(memberships.map((m) => m.service_id));
  if (services.size !== 1) return null;
  return [...services][0] ?? null;
}

/**
 * "Who looked", said plainly for the person: staff "Sam Patel (Harbour Safe Haven team)",
 * partner "Dr Ali, Crisis team", break glass "Emergency access by Dr Ali — reason: …",
 * recipient "Jo Smith (carer)", the person themselves "You".
 */
export function describeViewer(v: ViewFacts): string {
  const name = v.userName?.trim() || 'Someone';
  switch (v.viewerKind) {
    case 'staff': {
      const team = v.serviceName ?? v.organisationName;
      return team ? `${name} (${team} team)` : name;
    }
    case 'partner':
      return v.serviceName ? `${name}, ${v.serviceName}` : name;
    case 'break_glass':
      return `Emergency access by ${name}${v.serviceName ? `, ${v.serviceName}` : ''}${v.reason ? ` — reason: ${v.reason}` : ''}`;
    case 'recipient': {
      const who = v.recipientName?.trim() || 'Someone you shared it with';
      const kind = v.relationship?.trim() || (v.recipientKind && v.recipientKind in RECIPIENT_KIND_LABELS ? recipientKindWord(v.recipientKind as RecipientKind) : '');
      return kind ? `${who} (${kind})` : who;
    }
    case 'person':
      return 'You';
  }
}

const KIND_WORDS: Record<RecipientKind, string> = {
  carer: 'carer',
  family: 'family',
  partner_service: 'partner service',
  gp: 'GP',
  crisis_team: 'crisis team',
  other: '',
};
const recipientKindWord = (kind: RecipientKind): string => KIND_WORDS[kind];
