/** Pure helpers for the people screens: the person form, how a person is described, the timeline. */
import {
  EQUALITY_NOT_ASKED,
  isCalendarDate,
  nhsNumberValid,
  type EqualityOut,
  type PersonCreate,
  type PersonOut,
  type PersonPatch,
  type TimelineItem,
} from '../../../shared/people.js';
import { CONTACT_KIND_LABELS, CONTACT_OUTCOME_LABELS } from '../../../shared/contacts.js';
import { EPISODE_STATUS_LABELS, TRANSITION_STATUS_LABELS, type EpisodeStatus, type TransitionStatus } from '../../../shared/episodes.js';

export interface PersonFormState {
  preferredName: string;
  fullName: string;
  pronouns: string;
  dateOfBirth: string;
  approximateAge: string;
  phone: string;
  email: string;
  address: string;
  postcode: string;
  preferredLanguage: string;
  communicationNeeds: string;
  nhsNumber: string;
  whatHelps: string;
  equality: EqualityOut;
}

export const EMPTY_PERSON_FORM: PersonFormState = {
  preferredName: '',
  fullName: '',
  pronouns: '',
  dateOfBirth: '',
  approximateAge: '',
  phone: '',
  email: '',
  address: '',
  postcode: '',
  preferredLanguage: '',
  communicationNeeds: '',
  nhsNumber: '',
  whatHelps: '',
  equality: EQUALITY_NOT_ASKED,
};

/** The order the form shows its fields (for the error summary). */
export const PERSON_FIELD_ORDER = [
  'preferredName',
  'fullName',
  'pronouns',
  'dateOfBirth',
  'approximateAge',
  'phone',
  'email',
  'address',
  'postcode',
  'preferredLanguage',
  'communicationNeeds',
  'nhsNumber',
  'whatHelps',
  'equality',
] as const;

/** A saved person, as the edit form starts. */
export function formFromPerson(p: PersonOut): PersonFormState {
  return {
    preferredName: p.preferredName,
    fullName: p.fullName ?? '',
    pronouns: p.pronouns ?? '',
    dateOfBirth: p.dateOfBirth ?? '',
    approximateAge: p.dateOfBirth || p.approximateAge === null ? '' : String(p.approximateAge),
    phone: p.phone ?? '',
    email: p.email ?? '',
    address: p.address ?? '',
    postcode: p.postcode ?? '',
    preferredLanguage: p.preferredLanguage ?? '',
    communicationNeeds: p.communicationNeeds ?? '',
    nhsNumber: p.nhsNumber ? formatNhsNumber(p.nhsNumber) : '',
    whatHelps: p.whatHelps ?? '',
    equality: { ...p.equality },
  };
}

/** Checks a person would see before anything is sent; the server checks everything again. */
export function checkPersonForm(f: PersonFormState, today: string): Record<string, string | false> {
  const dob = f.dateOfBirth.trim();
  const age = f.approximateAge.trim();
  const nhs = f.nhsNumber.trim();
  return {
    preferredName: !f.preferredName.trim() && 'Enter the name they would like to be called',
    dateOfBirth: dob !== '' && (!isCalendarDate(dob) ? 'Enter the date of birth as year, month and day, like 1990-04-27' : dob > today ? 'The date of birth cannot be in the future' : false),
    approximateAge:
      age !== '' && (dob !== '' ? 'Give a date of birth or an approximate age, not both' : !/^\d{1,3}$/.test(age) || Number(age) > 120 ? 'Enter an age in whole years, like 34' : false),
    nhsNumber:
      nhs !== '' &&
      (!/^[\d\s-]+$/.test(nhs) || nhs.replace(/[\s-]/g, '').length !== 10
        ? 'Enter the 10-digit NHS number, like 943 476 5919'
        : !nhsNumberValid(nhs)
          ? 'This NHS number is not right. Check each digit and try again'
          : false),
  };
}

const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/** The body of POST /people from the form (empty optional fields left out). */
export function createBodyFrom(f: PersonFormState, confirmNotDuplicate = false): PersonCreate {
  const body: Record<string, unknown> = { preferredName: f.preferredName.trim() };
  for (const key of ['fullName', 'pronouns', 'phone', 'email', 'address', 'postcode', 'preferredLanguage', 'communicationNeeds', 'whatHelps'] as const) {
    const v = orNull(f[key]);
    if (v !== null) body[key] = v;
  }
  if (f.dateOfBirth.trim()) body.dateOfBirth = f.dateOfBirth.trim();
  else if (f.approximateAge.trim()) body.approximateAge = Number(f.approximateAge.trim());
  if (f.nhsNumber.trim()) body.nhsNumber = f.nhsNumber.trim();
  const equality = Object.fromEntries(Object.entries(f.equality).filter(([, v]) => v !== 'not_asked'));
  if (Object.keys(equality).length) body.equality = equality;
  if (confirmNotDuplicate) body.confirmNotDuplicate = true;
  return body as PersonCreate;
}

/** The body of PATCH /people/:id: only what changed, with null to clear. */
export function patchBodyFrom(before: PersonFormState, after: PersonFormState, version: number): PersonPatch {
  const body: Record<string, unknown> = { version };
  for (const key of ['preferredName', 'fullName', 'pronouns', 'phone', 'email', 'address', 'postcode', 'preferredLanguage', 'communicationNeeds', 'whatHelps', 'nhsNumber'] as const) {
    if (before[key].trim() !== after[key].trim()) body[key] = key === 'preferredName' ? after[key].trim() : orNull(after[key]);
  }
  if (before.dateOfBirth.trim() !== after.dateOfBirth.trim() || before.approximateAge.trim() !== after.approximateAge.trim()) {
    body.dateOfBirth = orNull(after.dateOfBirth);
    body.approximateAge = after.dateOfBirth.trim() || !after.approximateAge.trim() ? null : Number(after.approximateAge.trim());
  }
  const equality = Object.fromEntries(Object.entries(after.equality).filter(([k, v]) => before.equality[k as keyof EqualityOut] !== v));
  if (Object.keys(equality).length) body.equality = equality;
  return body as PersonPatch;
}

/** 9434765919 → "943 476 5919". */
export function formatNhsNumber(digits: string): string {
  const d = digits.replace(/\D/g, '');
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : digits;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1990-04-27" → "27 April 1990". */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** An ISO time → "27 April 2026 at 14:05", in the time zone of this device (Europe/London on staff machines). */
export function formatDateTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}`;
}

/** How old someone is, in words: "34 (born 27 April 1990)", "about 34", or "Not known". */
export function describeAge(p: { dateOfBirth: string | null; approximateAge: number | null; ageNow?: number | null }): string {
  if (p.dateOfBirth) return p.ageNow != null ? `${p.ageNow} (born ${formatDate(p.dateOfBirth)})` : `Born ${formatDate(p.dateOfBirth)}`;
  const age = p.ageNow ?? p.approximateAge;
  return age != null ? `About ${age}` : 'Not known';
}

/** One timeline entry as a heading and a line of detail, in plain words. */
export function describeTimelineItem(item: TimelineItem): { title: string; detail: string } {
  switch (item.type) {
    case 'contact': {
      const kind = item.contactKind && item.contactKind in CONTACT_KIND_LABELS ? CONTACT_KIND_LABELS[item.contactKind as keyof typeof CONTACT_KIND_LABELS] : 'Contact';
      const outcome = item.outcome && item.outcome in CONTACT_OUTCOME_LABELS ? CONTACT_OUTCOME_LABELS[item.outcome as keyof typeof CONTACT_OUTCOME_LABELS] : null;
      return { title: kind, detail: [item.serviceName, outcome].filter(Boolean).join(' · ') };
    }
    case 'episode': {
      const status = item.status && item.status in EPISODE_STATUS_LABELS ? EPISODE_STATUS_LABELS[item.status as EpisodeStatus] : item.status;
      return { title: 'Peer support offered', detail: [item.serviceName, status, item.sessionLimit ? `up to ${item.sessionLimit} sessions` : null].filter(Boolean).join(' · ') };
    }
    case 'session':
      return { title: item.sessionNumber ? `Peer support session ${item.sessionNumber}` : 'Peer support session', detail: item.serviceName };
    case 'transition': {
      const status = item.status && item.status in TRANSITION_STATUS_LABELS ? TRANSITION_STATUS_LABELS[item.status as TransitionStatus] : item.status;
      return { title: item.toName ? `Moving on to ${item.toName}` : 'Moving on to another service', detail: [item.serviceName, status, item.plannedDate ? `planned for ${formatDate(item.plannedDate)}` : null].filter(Boolean).join(' · ') };
    }
    default:
      return { title: 'Crisis plan', detail: item.serviceName };
  }
}
