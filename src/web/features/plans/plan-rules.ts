/**
 * Pure rules for the crisis plan screens: how a plan's standing is said, how a section reads as
 * text, word-level changes between versions, merging a draft someone else saved first, and the
 * share and link forms. No React here, so the unit tests need no browser.
 */
import { diffWordsWithSpace } from 'diff';
import {
  AGREED_HOW_LABELS,
  PLAN_SECTION_KEYS,
  PLAN_SECTIONS,
  type HelpfulPerson,
  type PlanContent,
  type PlanOut,
  type PlanSectionKey,
  type PlanVersionSummary,
  type RecipientKind,
  type ShareCreate,
  type ConsentHow,
} from '../../../shared/plans.js';
import type { LinkChannel } from '../../../shared/plan-links.js';
import { formatDate } from '../people/person-form.js';

type Plan = NonNullable<PlanOut['plan']>;

/** "27 April 2026" from an ISO time, in London (where the services are). */
export function dateOf(iso: string): string {
  return formatDate(londonDate(new Date(iso)));
}

/** Today's date in London as YYYY-MM-DD. */
export function londonDate(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A date some whole months and years after `date` (YYYY-MM-DD), kept inside the month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** "Agreed in person, with a worker (Sam Patel)" or "Agreed on their own phone or computer". */
export function describeAgreement(v: Pick<PlanVersionSummary, 'agreedHow' | 'agreedRecordedByName'>): string {
  if (!v.agreedHow) return '';
  const how = AGREED_HOW_LABELS[v.agreedHow];
  return `${how.charAt(0).toLowerCase()}${how.slice(1)}${v.agreedHow === 'in_person' && v.agreedRecordedByName ? ` (recorded by ${v.agreedRecordedByName})` : ''}`;
}

/** Where the plan stands, as sentences for the top of the plan screen. */
export function describeStanding(plan: Pick<Plan, 'agreed' | 'draft' | 'lastReviewedAt' | 'reviewedAt'> | null): { agreed: string; draft: string; reviewed: string } {
  if (!plan) return { agreed: 'There is no crisis plan yet.', draft: '', reviewed: '' };
  const a = plan.agreed;
  const agreed = a && a.agreedAt ? `Version ${a.number} was agreed on ${dateOf(a.agreedAt)}, ${describeAgreement(a)}.` : 'No version has been agreed yet.';
  const draft = plan.draft ? `Version ${plan.draft.number} is being written${plan.draft.updatedByName ? `: last changed by ${plan.draft.updatedByName} on ${dateOf(plan.draft.updatedAt)}` : ''}.` : '';
  const reviewed = plan.reviewedAt && a?.agreedAt && plan.reviewedAt > a.agreedAt ? `Gone through together and kept as it is on ${dateOf(plan.reviewedAt)}.` : '';
  return { agreed, draft, reviewed };
}

/** Whether the last agreement or review is more than six months ago (a gentle nudge, never a score). */
export function reviewDue(lastReviewedAt: string | null, now: Date = new Date()): boolean {
  if (!lastReviewedAt) return false;
  return addMonths(lastReviewedAt.slice(0, 10), 6) < londonDate(now);
}

// ---- sections as text ----------------------------------------------------------------

export interface SectionLine {
  label: string;
  text: string;
}

/** "Sam (my sister), 07700 900123. Call any evening." */
export function describePerson(p: Partial<HelpfulPerson>): string {
  const who = [p.name?.trim(), p.relationship?.trim() ? `(${p.relationship.trim()})` : ''].filter(Boolean).join(' ');
  return [[who, p.phone?.trim()].filter(Boolean).join(', '), p.whenToCall?.trim()].filter(Boolean).join('. ');
}

/**
 * A section's value as labelled lines of text (only the parts with words). `entryName` names a
 * directory entry for the services section (the plan keeps only its id).
 */
export function sectionLines(key: PlanSectionKey, value: unknown, entryName: (id: string) => string = () => 'A service from the directory'): SectionLine[] {
  const fields = PLAN_SECTIONS[key].fields;
  if (typeof value === 'string') return value.trim() ? [{ label: PLAN_SECTIONS[key].title, text: value.trim() }] : [];
  if (!value || typeof value !== 'object') return [];
  const out: SectionLine[] = [];
  for (const [field, label] of Object.entries(fields)) {
    const v = (value as Record<string, unknown>)[field];
    if (typeof v === 'string' && v.trim()) out.push({ label, text: v.trim() });
    if (Array.isArray(v) && v.length) {
      const text =
        field === 'people'
          ? (v as Partial<HelpfulPerson>[]).map(describePerson).filter(Boolean).join('\n')
          : (v as { directoryEntryId?: string; note?: string }[]).map((e) => [entryName(e.directoryEntryId ?? ''), e.note?.trim()].filter(Boolean).join(': ')).join('\n');
      if (text) out.push({ label, text });
    }
  }
  return out;
}

/** The whole section as one text (for side-by-side comparison). */
export const sectionText = (key: PlanSectionKey, value: unknown, entryName?: (id: string) => string): string =>
  sectionLines(key, value, entryName)
    .map((l) => (typeof value === 'string' ? l.text : `${l.label}: ${l.text}`))
    .join('\n');

/** Word-level changes between two texts, for highlighting what was added and taken out. */
export interface WordPart {
  text: string;
  kind: 'same' | 'added' | 'removed';
}
export function wordChanges(before: string, after: string): WordPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ text: c.value, kind: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

// ---- the draft being edited ----------------------------------------------------------

const blankPerson = (p: HelpfulPerson) => !p.name.trim() && !p.relationship.trim() && !p.phone.trim() && !p.whenToCall.trim();

/** What to send: the person's words as written, with rows left completely empty taken out. */
export function contentForSave(content: PlanContent): PlanContent {
  return {
    ...content,
    peopleAndPlaces: { ...content.peopleAndPlaces, people: content.peopleAndPlaces.people.filter((p) => !blankPerson(p)) },
  };
}

/** Client checks before saving (the server checks again): a person needs at least a name. */
export function contentChecks(content: PlanContent): Record<string, string | false> {
  const checks: Record<string, string | false> = {};
  content.peopleAndPlaces.people.forEach((p, i) => {
    if (!blankPerson(p) && !p.name.trim()) checks[`content.peopleAndPlaces.people.${i}.name`] = `Enter a name for person ${i + 1}, or remove them`;
  });
  return checks;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface PlanMerge {
  /** Sections changed by this person only, or by the other person only, already combined. */
  merged: PlanContent;
  /** Sections both people changed, differently: the person chooses. */
  conflicts: PlanSectionKey[];
  /** Sections this person changed that the other did not (kept as theirs). */
  mineOnly: PlanSectionKey[];
  /** Sections the other person changed that this person did not (taken from theirs). */
  theirsOnly: PlanSectionKey[];
}

/**
 * Someone else saved the draft first. `seen` is what this person started from, `mine` what they
 * typed, `current` what is saved now. Each section this person did not touch takes the saved
 * one; each they did touch keeps theirs, unless the other person changed it too (a conflict:
 * both are shown and the person chooses, so nothing typed is lost).
 */
export function mergeDraft(seen: PlanContent, mine: PlanContent, current: PlanContent): PlanMerge {
  const merged = { ...current } as Record<PlanSectionKey, unknown>;
  const conflicts: PlanSectionKey[] = [];
  const mineOnly: PlanSectionKey[] = [];
  const theirsOnly: PlanSectionKey[] = [];
  for (const key of PLAN_SECTION_KEYS) {
    const iChanged = !same(seen[key], mine[key]);
    const theyChanged = !same(seen[key], current[key]);
    if (iChanged && theyChanged && !same(mine[key], current[key])) conflicts.push(key);
    else if (iChanged) {
      merged[key] = mine[key];
      if (!same(mine[key], current[key])) mineOnly.push(key);
    } else if (theyChanged) theirsOnly.push(key);
  }
  return { merged: merged as PlanContent, conflicts, mineOnly, theirsOnly };
}

/** The merged plan once the person has chosen, for each conflicting section, whose words to keep. */
export function resolveMerge(merge: PlanMerge, mine: PlanContent, current: PlanContent, choices: Partial<Record<PlanSectionKey, 'mine' | 'theirs'>>): PlanContent {
  const out = { ...merge.merged } as Record<PlanSectionKey, unknown>;
  for (const key of merge.conflicts) out[key] = (choices[key] ?? 'mine') === 'mine' ? mine[key] : current[key];
  return out as PlanContent;
}

// ---- sharing -------------------------------------------------------------------------

export interface ShareFormState {
  recipientKind: RecipientKind | '';
  recipientName: string;
  relationship: string;
  recipientPhone: string;
  recipientEmail: string;
  /** '' none; for a partner service: one of the organisation's services. */
  recipientServiceId: string;
  recipientDirectoryEntryId: string;
  sections: PlanSectionKey[];
  consentHow: ConsentHow | '';
  endsOn: string;
}

export const emptyShareForm = (today: string): ShareFormState => ({
  recipientKind: '',
  recipientName: '',
  relationship: '',
  recipientPhone: '',
  recipientEmail: '',
  recipientServiceId: '',
  recipientDirectoryEntryId: '',
  sections: [],
  consentHow: '',
  endsOn: addMonths(today, 12),
});

/** Who is a person (named, with a phone or email for a link), and who is a service. */
export const isPersonRecipient = (kind: RecipientKind | '') => kind === 'carer' || kind === 'family' || kind === 'other';

/** The checks the form makes before sending (the server checks again, and has the last word). */
export function shareChecks(f: ShareFormState, today: string): Record<string, string | false> {
  const latest = addMonths(today, 24);
  return {
    recipientKind: !f.recipientKind && 'Choose who this is',
    recipientName: !f.recipientName.trim() && 'Enter who the plan is shared with',
    recipientPhone: f.recipientPhone.trim() !== '' && !/^\+?[0-9 ()-]{7,}$/.test(f.recipientPhone.trim()) && 'Enter a phone number, like 07700 900123',
    recipientEmail: f.recipientEmail.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.recipientEmail.trim()) && 'Enter an email address, like name@example.com',
    recipientServiceId: f.recipientKind === 'partner_service' && !f.recipientServiceId && 'Choose which of your services this is',
    sections: f.sections.length === 0 && 'Choose at least one part of the plan to share',
    consentHow: !f.consentHow && 'Say how the person agreed to this',
    endsOn: !/^\d{4}-\d{2}-\d{2}$/.test(f.endsOn)
      ? 'Enter the last day the plan is shared'
      : f.endsOn < today
        ? 'The last day cannot be in the past'
        : f.endsOn > latest && `Choose a day no later than ${formatDate(latest)} (two years from today)`,
  };
}

/** The request body: blanks left out, sections in the plan's own order. */
export function shareBody(f: ShareFormState): ShareCreate {
  const body: ShareCreate = {
    recipientKind: f.recipientKind as RecipientKind,
    recipientName: f.recipientName.trim(),
    sections: PLAN_SECTION_KEYS.filter((k) => f.sections.includes(k)),
    consentHow: f.consentHow as ConsentHow,
    endsOn: f.endsOn,
  };
  if (f.relationship.trim()) body.relationship = f.relationship.trim();
  if (f.recipientPhone.trim()) body.recipientPhone = f.recipientPhone.trim();
  if (f.recipientEmail.trim()) body.recipientEmail = f.recipientEmail.trim();
  if (f.recipientKind === 'partner_service' && f.recipientServiceId) body.recipientServiceId = f.recipientServiceId;
  else if (f.recipientDirectoryEntryId) body.recipientDirectoryEntryId = f.recipientDirectoryEntryId;
  return body;
}

/** The last whole day of something that ends at midnight after it (shares and links end at the end of a London day). */
export const lastDayOf = (endsAt: string): string => dateOf(new Date(new Date(endsAt).getTime() - 1000).toISOString());

/** "Jo Smith (my sister), until 26 November 2027" style description of a share's status. */
export function describeShareStatus(s: { status: 'active' | 'ended' | 'revoked'; endsAt: string; revokedAt: string | null }): string {
  if (s.status === 'revoked') return `Stopped on ${dateOf(s.revokedAt ?? s.endsAt)}`;
  if (s.status === 'ended') return `Ended on ${dateOf(s.endsAt)}`;
  return `Shared until ${lastDayOf(s.endsAt)}`;
}

// ---- links ---------------------------------------------------------------------------

export function linkChecks(channel: LinkChannel | '', to: string): Record<string, string | false> {
  return {
    channel: !channel && 'Choose how to send the link',
    to:
      channel === 'sms'
        ? !/^\+?[0-9 ()-]{7,}$/.test(to.trim()) && 'Enter a mobile number, like 07700 900123'
        : channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to.trim()) && 'Enter an email address, like name@example.com',
  };
}

/** "123 456": a six-digit code said in two halves, easier to read out. */
export const spacedCode = (code: string): string => (/^\d{6}$/.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code);

// ---- emergency access ----------------------------------------------------------------

export interface BreakGlassForm {
  by: 'nhs' | 'name';
  nhsNumber: string;
  fullName: string;
  dateOfBirth: string;
  reason: string;
}

const REASON_MIN = 20;

/** The checks before asking (the server checks again: exact match only, and a real reason). */
export function breakGlassChecks(f: BreakGlassForm): Record<string, string | false> {
  const digits = f.nhsNumber.replace(/[\s-]/g, '');
  const reason = f.reason.trim();
  return {
    nhsNumber: f.by === 'nhs' && !/^\d{10}$/.test(digits) && 'Enter their NHS number: 10 digits',
    fullName: f.by === 'name' && !f.fullName.trim() && 'Enter their full name',
    dateOfBirth: f.by === 'name' && !/^\d{4}-\d{2}-\d{2}$/.test(f.dateOfBirth.trim()) && 'Enter their date of birth, like 1990-04-27',
    reason: !reason ? 'Say why you need to see this plan now, without the person’s agreement' : (reason.length < REASON_MIN || reason.split(/\s+/).length < 4) && 'Write a sentence or more about why you need to see this plan now',
  };
}

export function breakGlassBody(f: BreakGlassForm): { nhsNumber?: string; fullName?: string; dateOfBirth?: string; reason: string } {
  return f.by === 'nhs'
    ? { nhsNumber: f.nhsNumber.replace(/[\s-]/g, ''), reason: f.reason.trim() }
    : { fullName: f.fullName.trim(), dateOfBirth: f.dateOfBirth.trim(), reason: f.reason.trim() };
}
