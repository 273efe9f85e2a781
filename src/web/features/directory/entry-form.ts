/**
 * The directory entry editor's state, and the pure conversions between it, the server's
 * DirectoryEntryOut and the DirectoryEntryForm body. Field errors (from the shared schema
 * checked here, or from the server) come back keyed by the editor's field names.
 */
import { DIRECTORY_STATUS_LABELS, DirectoryEntryForm, type DirectoryEntryFormInput, type DirectoryEntryOut, type DirectoryStatus } from '../../../shared/directory/entries.js';
import { taxonomyLabel } from '../../../shared/directory/taxonomy.js';
import { WEEKDAY_CODES, type HolidaySchedule, type RegularSchedule, type WeekdayCode } from '../../../shared/directory/schedules.js';
import { normaliseTime } from '../admin/opening-hours-form.js';

export const WEEKDAY_LABELS: Record<WeekdayCode, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };

/** A weekly row the editor can show: these days, from opens to closes. */
export interface RegularRow {
  id?: string;
  description: string;
  days: WeekdayCode[];
  opens: string;
  closes: string;
  /** A schedule the editor cannot show as weekdays (monthly, every other week, with dates): kept as it came. */
  kept?: RegularSchedule;
}

export interface HolidayRow {
  id?: string;
  start: string;
  /** Empty: the same day as start. */
  end: string;
  closed: boolean;
  opens: string;
  closes: string;
}

export interface PhoneRow {
  number: string;
  label: string;
}

export interface EntryFormState {
  name: string;
  description: string;
  organisationName: string;
  organisationUrl: string;
  url: string;
  email: string;
  phones: PhoneRow[];
  addressLine1: string;
  addressLine2: string;
  town: string;
  postcode: string;
  locationName: string;
  howToGetThere: string;
  /** One a line. */
  accessibility: string;
  /** One a line (or commas). */
  languages: string;
  /** One a line. */
  serviceAreas: string;
  minAge: string;
  maxAge: string;
  whoFor: string;
  taxonomy: string[];
  status: DirectoryStatus;
  serviceId: string;
  regular: RegularRow[];
  holidays: HolidayRow[];
  observesBankHolidays: boolean;
}

export const emptyEntryForm = (): EntryFormState => ({
  name: '',
  description: '',
  organisationName: '',
  organisationUrl: '',
  url: '',
  email: '',
  phones: [{ number: '', label: '' }],
  addressLine1: '',
  addressLine2: '',
  town: '',
  postcode: '',
  locationName: '',
  howToGetThere: '',
  accessibility: '',
  languages: '',
  serviceAreas: '',
  minAge: '',
  maxAge: '',
  whoFor: '',
  taxonomy: [],
  status: 'active',
  serviceId: '',
  regular: [],
  holidays: [],
  observesBankHolidays: false,
});

/** A plain weekly schedule the editor can show as weekday boxes and two times. */
function isSimpleWeekly(s: RegularSchedule): boolean {
  if ((s.freq ?? 'WEEKLY') !== 'WEEKLY' || (s.interval ?? 1) > 1 || s.valid_from || s.valid_to || s.bymonthday) return false;
  return (s.byday ?? '').split(',').every((t) => (WEEKDAY_CODES as readonly string[]).includes(t.trim()));
}

const hhmm = (t: string | undefined) => (t ?? '').slice(0, 5);

export function regularRowFrom(s: RegularSchedule): RegularRow {
  const base = { ...(s.id ? { id: s.id } : {}), description: s.description ?? '', opens: hhmm(s.opens_at), closes: hhmm(s.closes_at) };
  if (!isSimpleWeekly(s)) return { ...base, days: [], kept: s };
  const listed = new Set((s.byday ?? '').split(',').map((t) => t.trim()));
  return { ...base, days: WEEKDAY_CODES.filter((d) => listed.has(d)) };
}

export function holidayRowFrom(h: HolidaySchedule): HolidayRow {
  return { ...(h.id ? { id: h.id } : {}), start: h.start_date, end: h.end_date === h.start_date ? '' : h.end_date, closed: h.closed, opens: hhmm(h.opens_at), closes: hhmm(h.closes_at) };
}

export function entryFormFrom(e: DirectoryEntryOut): EntryFormState {
  return {
    name: e.name,
    description: e.description,
    organisationName: e.organisationName,
    organisationUrl: e.organisationUrl,
    url: e.url,
    email: e.email,
    phones: e.phones.map((p) => ({ number: p.number, label: p.label })),
    addressLine1: e.addressLines[0] ?? '',
    addressLine2: e.addressLines[1] ?? '',
    town: e.town,
    postcode: e.postcode,
    locationName: e.locationName,
    howToGetThere: e.howToGetThere,
    accessibility: e.accessibility.join('\n'),
    languages: e.languages.join('\n'),
    serviceAreas: e.serviceAreas.join('\n'),
    minAge: e.minAge === null ? '' : String(e.minAge),
    maxAge: e.maxAge === null ? '' : String(e.maxAge),
    whoFor: e.whoFor,
    taxonomy: [...e.taxonomy],
    status: e.status,
    serviceId: e.serviceId ?? '',
    // A linked entry shows its service's hours; its own schedules are kept but not edited here.
    regular: e.schedules.regular_schedules.map(regularRowFrom),
    holidays: e.schedules.holiday_schedules.map(holidayRowFrom),
    observesBankHolidays: e.schedules.observes_bank_holidays,
  };
}

/** Lines of a text box, trimmed, blanks dropped; `commas` also splits on commas. */
export function linesOf(text: string, commas = false): string[] {
  return text
    .split(commas ? /[\n,]/ : /\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

const age = (v: string): number | null => {
  const t = v.trim();
  if (t === '') return null;
  // Not a whole number: send something the schema refuses with its own words.
  return /^\d{1,3}$/.test(t) ? Number(t) : Number.NaN;
};

export function regularScheduleFrom(r: RegularRow): RegularSchedule {
  if (r.kept) return r.kept;
  // No days: leave byday out, so the schema asks for a day rather than for its code letters.
  const s: RegularSchedule = { ...(r.days.length ? { byday: r.days.join(',') } : {}), opens_at: normaliseTime(r.opens), closes_at: normaliseTime(r.closes) };
  if (r.id) s.id = r.id;
  if (r.description.trim()) s.description = r.description.trim();
  return s;
}

export function holidayScheduleFrom(h: HolidayRow): HolidaySchedule {
  const start = h.start.trim();
  const s: HolidaySchedule = { closed: h.closed, start_date: start, end_date: h.end.trim() || start };
  if (h.id) s.id = h.id;
  if (!h.closed) {
    s.opens_at = normaliseTime(h.opens);
    s.closes_at = normaliseTime(h.closes);
  }
  return s;
}

/** The request body (before the schema checks it). */
export function entryBodyFrom(f: EntryFormState): DirectoryEntryFormInput {
  return {
    name: f.name,
    description: f.description,
    organisationName: f.organisationName,
    organisationUrl: f.organisationUrl,
    url: f.url,
    email: f.email,
    phones: f.phones.filter((p) => p.number.trim() !== '' || p.label.trim() !== '').map((p) => ({ number: p.number, label: p.label })),
    addressLines: [f.addressLine1, f.addressLine2].filter((l) => l.trim() !== ''),
    town: f.town,
    postcode: f.postcode,
    locationName: f.locationName,
    howToGetThere: f.howToGetThere,
    accessibility: linesOf(f.accessibility),
    languages: linesOf(f.languages, true),
    serviceAreas: linesOf(f.serviceAreas),
    minAge: age(f.minAge),
    maxAge: age(f.maxAge),
    whoFor: f.whoFor,
    taxonomy: f.taxonomy as DirectoryEntryFormInput['taxonomy'],
    status: f.status,
    serviceId: f.serviceId || null,
    schedules: {
      regular_schedules: f.regular.map(regularScheduleFrom),
      holiday_schedules: f.holidays.map(holidayScheduleFrom),
      observes_bank_holidays: f.observesBankHolidays,
    },
  };
}

/** The editor's fields, top to bottom, so the error summary reads in the same order. */
export const ENTRY_FIELD_ORDER = [
  'name',
  'organisationName',
  'description',
  'taxonomy',
  'status',
  'phones',
  'email',
  'url',
  'organisationUrl',
  'locationName',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'howToGetThere',
  'accessibility',
  'whoFor',
  'minAge',
  'maxAge',
  'serviceAreas',
  'languages',
  'serviceId',
  'regular',
  'holidays',
  'schedules',
] as const;

/** Fields within one row of phones or hours, in the order shown. */
const ROW_ORDER = ['number', 'label', 'days', 'start', 'end', 'closed', 'opens', 'closes'];
const LIST_FIELDS: Record<string, string> = { accessibility: 'Accessibility', languages: 'Languages', serviceAreas: 'Areas' };
const REGULAR_FIELDS: Record<string, string> = { byday: 'days', opens_at: 'opens', closes_at: 'closes' };
const HOLIDAY_FIELDS: Record<string, string> = { start_date: 'start', end_date: 'end', opens_at: 'opens', closes_at: 'closes', closed: 'closed' };

/**
 * A server or schema path ("schedules.regular_schedules.0.byday", "addressLines.1",
 * "accessibility.2") as the editor's field name ("regular.0.days", "addressLine2",
 * "accessibility"), with the message to show there.
 */
export function entryFieldOf(path: string, message: string): { field: string; message: string } {
  const parts = path.replace(/^body\./, '').split('.');
  const [head, second, third, fourth] = parts;
  if (head === 'addressLines') return { field: second === '1' ? 'addressLine2' : 'addressLine1', message };
  if (head && head in LIST_FIELDS) return { field: head, message: second !== undefined && /^\d+$/.test(second) ? `Line ${Number(second) + 1}: ${message}` : message };
  if (head === 'schedules' && second === 'regular_schedules' && third !== undefined) {
    const sub = fourth ? REGULAR_FIELDS[fourth] : undefined;
    return { field: sub ? `regular.${third}.${sub}` : `regular.${third}`, message };
  }
  if (head === 'schedules' && second === 'holiday_schedules' && third !== undefined) {
    const sub = fourth ? HOLIDAY_FIELDS[fourth] : undefined;
    return { field: sub ? `holidays.${third}.${sub}` : `holidays.${third}`, message };
  }
  if (head === 'schedules' && (second === 'regular_schedules' || second === 'holiday_schedules')) return { field: second === 'regular_schedules' ? 'regular' : 'holidays', message };
  if (head === 'phones' && second !== undefined && third !== undefined) return { field: `phones.${second}.${third}`, message };
  return { field: parts.join('.'), message };
}

/** Field errors by editor field name, in the editor's order; the first message for a field wins. */
export function entryErrors(paths: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(paths)) {
    const { field, message: text } = entryFieldOf(path, message);
    if (!(field in out)) out[field] = text;
  }
  const rank = (k: string) => {
    const i = ENTRY_FIELD_ORDER.findIndex((o) => k === o || k.startsWith(`${o}.`));
    return i === -1 ? ENTRY_FIELD_ORDER.length : i;
  };
  const index = (k: string) => Number(/\.(\d+)/.exec(k)?.[1] ?? 0);
  const within = (k: string) => ROW_ORDER.indexOf(k.split('.')[2] ?? '');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => rank(a) - rank(b) || index(a) - index(b) || within(a) - within(b)));
}

/** Checks the body with the same schema the server uses: errors by editor field, or none. */
export function checkEntry(f: EntryFormState): { ok: true; body: DirectoryEntryFormInput } | { ok: false; errors: Record<string, string> } {
  const body = entryBodyFrom(f);
  const result = DirectoryEntryForm.safeParse(body);
  if (result.success) return { ok: true, body };
  const paths: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.');
    if (!(key in paths)) paths[key] = issue.message;
  }
  return { ok: false, errors: entryErrors(paths) };
}

// ---- showing entries -------------------------------------------------------------------------------

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** Calendar parts of an instant in London. */
function londonParts(iso: string): { day: number; month: number; year: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(iso));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { day: get('day'), month: get('month'), year: get('year') };
}

/** "Checked 3 March 2026", "Not checked since March 2026" (due a check), "Never checked". */
export function checkedText(lastCheckedAt: string | null, stale: boolean): string {
  if (!lastCheckedAt) return 'Never checked';
  const { day, month, year } = londonParts(lastCheckedAt);
  const monthName = MONTHS[month - 1] ?? '';
  return stale ? `Not checked since ${monthName} ${year}` : `Checked ${day} ${monthName} ${year}`;
}

/** "3 March 2026" in London. */
export function londonDate(iso: string): string {
  const { day, month, year } = londonParts(iso);
  return `${day} ${MONTHS[month - 1] ?? ''} ${year}`;
}

/** "Ages 16 and over", "Ages 11 to 18", "Up to age 15", or '' for everyone. */
export function agesText(minAge: number | null, maxAge: number | null): string {
  if (minAge !== null && maxAge !== null) return `Ages ${minAge} to ${maxAge}`;
  if (minAge !== null) return `Ages ${minAge} and over`;
  if (maxAge !== null) return `Up to age ${maxAge}`;
  return '';
}

/** A number people can tap: digits and a leading +. */
export const telHref = (n: string): string => `tel:${n.replace(/[^\d+]/g, '')}`;

/** A short summary of the editor's hours: "Monday, Tuesday 09:00 to 17:00; closed on bank holidays; 2 special dates". */
export function schedulesText(f: Pick<EntryFormState, 'regular' | 'holidays' | 'observesBankHolidays'>): string {
  const parts = f.regular.map((r) => (r.kept ? `${r.kept.byday ?? r.kept.bymonthday ?? ''} ${hhmm(r.kept.opens_at)} to ${hhmm(r.kept.closes_at)}`.trim() : `${r.days.map((d) => WEEKDAY_LABELS[d]).join(', ') || 'No days'} ${normaliseTime(r.opens)} to ${normaliseTime(r.closes)}`));
  if (f.observesBankHolidays) parts.push('closed on bank holidays');
  if (f.holidays.length) parts.push(f.holidays.length === 1 ? '1 special date' : `${f.holidays.length} special dates`);
  return parts.join('; ') || 'None given';
}

/** What the two versions say, side by side, for the fields people read. */
export function compareRows(theirs: EntryFormState, yours: EntryFormState): { label: string; theirs: string; yours: string }[] {
  const sides = [theirs, yours].map((f) => {
    const b = entryBodyFrom(f);
    return {
      Name: f.name,
      'Run by': f.organisationName,
      'What it offers': f.description,
      'Kinds of help': f.taxonomy.map(taxonomyLabel).join(', '),
      Status: DIRECTORY_STATUS_LABELS[f.status],
      Phones: (b.phones ?? []).map((p) => `${p.label ? `${p.label}: ` : ''}${p.number}`).join('; '),
      Email: f.email,
      Website: f.url,
      Address: [f.locationName, f.addressLine1, f.addressLine2, f.town, f.postcode].filter((l) => l.trim()).join(', '),
      'How to get there': f.howToGetThere,
      Accessibility: (b.accessibility ?? []).join('; '),
      'Who it is for': f.whoFor,
      Ages: agesText(b.minAge ?? null, b.maxAge ?? null),
      Areas: (b.serviceAreas ?? []).join(', '),
      Languages: (b.languages ?? []).join(', '),
      'Opening hours': f.serviceId ? 'From our own service' : schedulesText(f),
    } as Record<string, string>;
  });
  const [a, b] = sides as [Record<string, string>, Record<string, string>];
  // The name for context, then only what differs: a long list of equal rows hides the difference.
  return Object.keys(a)
    .map((label) => ({ label, theirs: a[label] ?? '', yours: b[label] ?? '' }))
    .filter((row) => row.label === 'Name' || row.theirs !== row.yours);
}
