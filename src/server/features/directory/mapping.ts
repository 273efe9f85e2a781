import type { z } from 'zod';
import { noSchedules, STALE_AFTER_MONTHS, type DirectoryEntryForm, type DirectorySchedules } from '../../../shared/directory/entries.js';
import { OBSERVES_BANK_HOLIDAYS, OrukService, type OrukDocument, type OrukStatus } from '../../../shared/directory/oruk.js';
import { expandBankHolidays, HolidaySchedule, RegularSchedule, type ServiceSchedules } from '../../../shared/directory/schedules.js';
import { isTaxonomyCode, orukTaxonomyTerm, TAXONOMY_VOCABULARY, type TaxonomyCode } from '../../../shared/directory/taxonomy.js';

/**
 * Between the admin form (shared/directory/entries.ts) and the Open Referral UK service
 * document each directory entry is stored as (shared/directory/oruk.ts). Pure: data in,
 * data out; new ids come from the `newId` passed in.
 *
 * The document is the record. The form edits part of it; everything else in the document
 * (fields the form does not show, unknown fields from an imported feed, extra contacts or
 * locations) is kept as it was. Where the form edits a list (phones, languages, areas,
 * accessibility notes), items are matched by position, so an item keeps its id and any
 * fields of its own.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Sets a text field, changing nothing that already says the same: a value equal to the
 * stored one (after trimming) leaves it as it was; an empty value removes the field
 * unless it was already empty (null, '' or missing stay as they were).
 */
function setText(target: Json, key: string, value: string): void {
  if (str(target[key]) === value) return;
  if (value !== '') target[key] = value;
  else delete target[key];
}

/** Sets a list, without adding an empty one where the document had none. */
function setList(target: Json, key: string, list: Json[]): void {
  if (list.length === 0 && (target[key] === undefined || target[key] === null)) return;
  target[key] = list;
}

/**
 * A list of texts edited in the form (languages, areas, accessibility notes), written back
 * by position: item i keeps its id and fields of its own. Items the form cannot show (no
 * text under `key`) stay where they are.
 */
function mergeList(existing: unknown, values: string[], key: string, newId: () => string): Json[] {
  const out: Json[] = [];
  let i = 0;
  for (const item of objects(existing)) {
    if (str(item[key]) === '') out.push(item);
    else if (i < values.length) {
      const value = values[i++]!;
      out.push(str(item[key]) === value ? item : { ...item, [key]: value });
    }
  }
  for (; i < values.length; i++) out.push({ id: newId(), [key]: values[i] });
  return out;
}

// ---- reading a document ---------------------------------------------------------------------

export type Reason = { field: string; message: string };
export type ReadResult = { ok: true; service: z.infer<typeof OrukService>; schedules: ServiceSchedules } | { ok: false; reasons: Reason[] };

const pathOf = (path: PropertyKey[]): string =>
  path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out === '' ? String(p) : `${out}.${String(p)}`), '') || '(the service)';

/**
 * Reads a document from anywhere (the database, an import): the ORUK shape, then its
 * opening hours, which must make sense (an "impossible schedule" is a reason to refuse it).
 */
export function readDocument(raw: unknown): ReadResult {
  if (!isObject(raw)) return { ok: false, reasons: [{ field: '(the service)', message: 'Each service must be a JSON object' }] };
  const parsed = OrukService.safeParse(raw);
  if (!parsed.success) return { ok: false, reasons: parsed.error.issues.map((i) => ({ field: pathOf(i.path), message: i.message })) };
  const hours = documentSchedules(parsed.data);
  if (!hours.ok) return hours;
  return { ok: true, service: parsed.data, schedules: hours.schedules };
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T/;
const day = (v: unknown): string | undefined => {
  const s = str(v);
  if (s === '') return undefined;
  return DATE_TIME.exec(s)?.[1] ?? s;
};
const opt = (v: unknown): string | undefined => (str(v) === '' ? undefined : str(v));
const upper = (v: unknown): string | undefined => opt(v)?.toUpperCase().replace(/\s+/g, '');
/** Published feeds write `freq` as "week" or "weekly" as often as "WEEKLY". */
const frequency = (v: unknown): string | undefined => {
  const f = upper(v);
  return f === 'WEEK' ? 'WEEKLY' : f === 'MONTH' ? 'MONTHLY' : f;
};

/**
 * A document's opening hours as ServiceSchedules (schedules.ts), or the reasons they are
 * impossible. A regular schedule with neither an opening nor a closing time only describes
 * something ("by appointment") and does not count towards "open now".
 */
export function documentSchedules(service: Pick<z.infer<typeof OrukService>, 'regular_schedules' | 'holiday_schedules'> & Json): { ok: true; schedules: ServiceSchedules } | { ok: false; reasons: Reason[] } {
  const reasons: Reason[] = [];
  const regular: RegularSchedule[] = [];
  service.regular_schedules.forEach((r, i) => {
    if (opt(r.opens_at) === undefined && opt(r.closes_at) === undefined) return;
    const interval = r.interval === null || r.interval === undefined || r.interval === '' ? undefined : Number(r.interval);
    const candidate = {
      id: str(r.id),
      ...(frequency(r.freq) !== undefined ? { freq: frequency(r.freq) } : {}),
      ...(interval !== undefined ? { interval } : {}),
      ...(day(r.dtstart) !== undefined ? { dtstart: day(r.dtstart) } : {}),
      ...(upper(r.byday) !== undefined ? { byday: upper(r.byday) } : {}),
      ...(upper(r.bymonthday) !== undefined ? { bymonthday: upper(r.bymonthday) } : {}),
      opens_at: opt(r.opens_at) ?? '',
      closes_at: opt(r.closes_at) ?? '',
      ...(day(r.valid_from) !== undefined ? { valid_from: day(r.valid_from) } : {}),
      ...(day(r.valid_to) !== undefined ? { valid_to: day(r.valid_to) } : {}),
      ...(opt(r.description) !== undefined && opt(r.description)!.length <= 500 ? { description: opt(r.description) } : {}),
    };
    const checked = RegularSchedule.safeParse(candidate);
    if (checked.success) regular.push(checked.data);
    else for (const issue of checked.error.issues) reasons.push({ field: `regular_schedules[${i}]${issue.path.length ? `.${pathOf(issue.path)}` : ''}`, message: issue.message });
  });
  const holidays: HolidaySchedule[] = [];
  service.holiday_schedules.forEach((h, i) => {
    const candidate = {
      id: str(h.id),
      closed: h.closed,
      start_date: day(h.start_date) ?? '',
      end_date: day(h.end_date) ?? day(h.start_date) ?? '',
      ...(opt(h.opens_at) !== undefined ? { opens_at: opt(h.opens_at) } : {}),
      ...(opt(h.closes_at) !== undefined ? { closes_at: opt(h.closes_at) } : {}),
    };
    const checked = HolidaySchedule.safeParse(candidate);
    if (checked.success) holidays.push(checked.data);
    else for (const issue of checked.error.issues) reasons.push({ field: `holiday_schedules[${i}]${issue.path.length ? `.${pathOf(issue.path)}` : ''}`, message: issue.message });
  });
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, schedules: { regular_schedules: regular, holiday_schedules: holidays, observes_bank_holidays: service[OBSERVES_BANK_HOLIDAYS] === true } };
}

// ---- document → columns ---------------------------------------------------------------------

export interface ExtractedColumns {
  name: string;
  status: OrukStatus;
  /** Every taxonomy term id (ours are our codes). */
  taxonomy: string[];
  /** The youngest age any eligibility allows (null: no lower limit anywhere). */
  minAge: number | null;
  /** The oldest (null: no upper limit anywhere). */
  maxAge: number | null;
}

export function extractColumns(service: z.infer<typeof OrukService>): ExtractedColumns {
  // ORUK v1 keeps ages on eligibility records; the 3.0 UK profile on the service itself.
  const own = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  const mins = service.eligibilitys.length > 0 ? service.eligibilitys.map((e) => e.minimum_age ?? null) : own(service.minimum_age) !== null ? [own(service.minimum_age)] : [];
  const maxes = service.eligibilitys.length > 0 ? service.eligibilitys.map((e) => e.maximum_age ?? null) : own(service.maximum_age) !== null ? [own(service.maximum_age)] : [];
  return {
    name: service.name,
    status: service.status,
    taxonomy: [...new Set(service.service_taxonomys.map((t) => t.taxonomy.id))],
    minAge: mins.length === 0 || mins.includes(null) ? null : Math.min(...(mins as number[])),
    maxAge: maxes.length === 0 || maxes.includes(null) ? null : Math.max(...(maxes as number[])),
  };
}

// ---- document → form -------------------------------------------------------------------------

export type DocumentFields = DirectoryEntryForm & { otherTaxonomy: { id: string; name: string; vocabulary: string }[] };

/** What the admin form shows of a document (`serviceId` comes from the entry's row, not the document). */
export function documentToForm(service: z.infer<typeof OrukService>, schedules: ServiceSchedules, serviceId: string | null = null): DocumentFields {
  const location = service.service_at_locations[0]?.location;
  const address = location?.physical_addresses[0];
  const eligibility = service.eligibilitys[0];
  const ours = service.service_taxonomys.filter((t) => t.taxonomy.vocabulary === TAXONOMY_VOCABULARY && isTaxonomyCode(t.taxonomy.id));
  const others = service.service_taxonomys.filter((t) => !ours.includes(t));
  const texts = (items: Json[], key: string) => items.map((i) => str(i[key])).filter((v) => v !== '');
  return {
    name: service.name,
    description: str(service.description),
    organisationName: service.organization.name,
    organisationUrl: str(service.organization.url),
    url: str(service.url),
    email: str(service.email),
    phones: service.contacts.flatMap((c) => c.phones.map((p) => ({ number: p.number, label: str(p.description) }))),
    addressLines: [str(address?.address_1), str(address?.address_2)].filter((l) => l !== ''),
    town: str(address?.city),
    postcode: str(address?.postal_code),
    locationName: str(location?.name),
    howToGetThere: str(location?.description),
    accessibility: texts(location?.accessibility_for_disabilities ?? [], 'accessibility'),
    languages: texts(service.languages, 'language'),
    serviceAreas: texts(service.service_areas, 'service_area'),
    minAge: eligibility?.minimum_age ?? null,
    maxAge: eligibility?.maximum_age ?? null,
    whoFor: str(eligibility?.eligibility),
    taxonomy: [...new Set(ours.map((t) => t.taxonomy.id as TaxonomyCode))],
    otherTaxonomy: others.map((t) => ({ id: t.taxonomy.id, name: str(t.taxonomy.name), vocabulary: str(t.taxonomy.vocabulary) })),
    status: service.status,
    schedules,
    serviceId,
  };
}

// ---- form → document ---------------------------------------------------------------------------

const REGULAR_KEYS = ['id', 'description', 'freq', 'interval', 'dtstart', 'byday', 'bymonthday', 'opens_at', 'closes_at', 'valid_from', 'valid_to'] as const;
const HOLIDAY_KEYS = ['id', 'closed', 'start_date', 'end_date', 'opens_at', 'closes_at'] as const;
const NEW_DOCUMENT_LISTS = ['contacts', 'eligibilitys', 'languages', 'service_areas', 'service_at_locations', 'service_taxonomys', 'regular_schedules', 'holiday_schedules', 'cost_options', 'fundings', 'reviews'];
const LOCATION_KEYS = new Set(['id', 'name', 'description', 'physical_addresses', 'accessibility_for_disabilities']);

/** How documentSchedules reads each schedule field, to tell a real change from the same value written differently. */
const SCHEDULE_READ: Record<string, (v: unknown) => unknown> = {
  freq: frequency,
  byday: upper,
  bymonthday: upper,
  dtstart: day,
  valid_from: day,
  valid_to: day,
  start_date: day,
  end_date: day,
  interval: (v) => (v === null || v === undefined || v === '' ? undefined : Number(v)),
  opens_at: opt,
  closes_at: opt,
  description: opt,
};
const sameScheduleValue = (key: string, stored: unknown, value: unknown): boolean => (SCHEDULE_READ[key] ? SCHEDULE_READ[key](stored) === value : stored === value);

/**
 * Schedules from the form over the document's, matched by id: a schedule keeps its place,
 * its fields of its own, and any field the form sends unchanged as it was written. Regular
 * schedules with no times only describe something; the form cannot show them, so they stay.
 */
function mergeSchedules(existing: unknown, values: readonly Json[], keys: readonly string[], newId: () => string, keepDescriptive: boolean): Json[] {
  const wanted = new Map(values.filter((v) => str(v.id) !== '').map((v) => [str(v.id), v]));
  const merge = (base: Json, value: Json): Json => {
    const out = clone(base);
    for (const key of keys) {
      if (key === 'id') continue;
      const stored = out[key];
      const now = value[key];
      if (now === undefined) {
        if (stored !== undefined && stored !== null && stored !== '') delete out[key];
      } else if (!sameScheduleValue(key, stored, now)) out[key] = now;
    }
    return out;
  };
  const out: Json[] = [];
  const used = new Set<string>();
  for (const item of objects(existing)) {
    const id = str(item.id);
    const value = wanted.get(id);
    if (value) {
      out.push(merge(item, value));
      used.add(id);
    } else if (keepDescriptive && opt(item.opens_at) === undefined && opt(item.closes_at) === undefined) out.push(item);
  }
  for (const value of values) {
    if (str(value.id) !== '' && used.has(str(value.id))) continue;
    out.push(merge({ id: str(value.id) || newId() }, value));
  }
  return out;
}

/**
 * The document after a form is saved: `existing` (the stored document, if any) with the
 * form's fields written over it. `id` is the entry's id (also the document's).
 */
export function formToDocument(form: DirectoryEntryForm, existing: OrukDocument | undefined, id: string, newId: () => string): OrukDocument {
  // A new document has every list of the ORUK full service, empty where nothing is known.
  const doc: Json = existing ? clone(existing) : Object.fromEntries(NEW_DOCUMENT_LISTS.map((k) => [k, []]));
  if (str(doc.id) !== id) doc.id = id;
  setText(doc, 'name', form.name);
  setText(doc, 'description', form.description);
  setText(doc, 'url', form.url);
  setText(doc, 'email', form.email);
  // A document without a status reads as active.
  if ((str(doc.status).toLowerCase() || 'active') !== form.status) doc.status = form.status;

  // ORUK v1 requires an organisation's id, name and description (empty when not known).
  const organization: Json = isObject(doc.organization) ? doc.organization : { id: newId(), description: '' };
  if (str(organization.id) === '') organization.id = newId();
  setText(organization, 'name', form.organisationName);
  setText(organization, 'url', form.organisationUrl);
  doc.organization = organization;

  // Phones: flattened across contacts in the form; written back into the same places.
  const contacts = objects(doc.contacts).map(clone);
  const slots: { contact: Json; index: number }[] = [];
  for (const contact of contacts) objects(contact.phones).forEach((_p, index) => slots.push({ contact, index }));
  const newPhones: Json[] = [];
  form.phones.forEach((phone, i) => {
    const slot = slots[i];
    if (slot) {
      const phones = objects(slot.contact.phones);
      const p = { ...phones[slot.index]! };
      setText(p, 'number', phone.number);
      setText(p, 'description', phone.label);
      phones[slot.index] = p;
      slot.contact.phones = phones;
    } else {
      newPhones.push({ id: newId(), number: phone.number, ...(phone.label ? { description: phone.label } : {}) });
    }
  });
  // Phones removed in the form: the trailing slots.
  const removed = slots.slice(form.phones.length);
  for (const contact of contacts) {
    const drop = new Set(removed.filter((s) => s.contact === contact).map((s) => s.index));
    if (drop.size > 0) contact.phones = objects(contact.phones).filter((_p, i) => !drop.has(i));
  }
  if (newPhones.length > 0) {
    const last = contacts[contacts.length - 1];
    if (last) last.phones = [...objects(last.phones), ...newPhones];
    else contacts.push({ id: newId(), phones: newPhones });
  }
  // A contact left with no phones and nothing else of its own goes.
  setList(doc, 'contacts', contacts.filter((c) => objects(c.phones).length > 0 || Object.keys(c).some((k) => k !== 'id' && k !== 'phones' && str(c[k]) !== '')));

  // Location: the first place the service is delivered at.
  const sals = objects(doc.service_at_locations).map(clone);
  const hasPlace =
    form.addressLines.length > 0 || form.town !== '' || form.postcode !== '' || form.locationName !== '' || form.howToGetThere !== '' || form.accessibility.length > 0;
  const first = sals[0];
  if (hasPlace || first) {
    const sal: Json = first ?? { id: newId() };
    const location: Json = isObject(sal.location) ? clone(sal.location) : { id: newId() };
    if (str(location.id) === '') location.id = newId();
    setText(location, 'name', form.locationName);
    setText(location, 'description', form.howToGetThere);
    const addresses = objects(location.physical_addresses).map(clone);
    const hasAddress = form.addressLines.length > 0 || form.town !== '' || form.postcode !== '';
    if (hasAddress || addresses[0]) {
      const address: Json = addresses[0] ?? { id: newId(), country: 'GB' };
      setText(address, 'address_1', form.addressLines[0] ?? '');
      setText(address, 'address_2', form.addressLines[1] ?? '');
      setText(address, 'city', form.town);
      setText(address, 'postal_code', form.postcode);
      const emptyAddress = !hasAddress && Object.keys(address).every((k) => k === 'id' || k === 'country');
      if (emptyAddress) addresses.shift();
      else addresses[0] = address;
    }
    setList(location, 'physical_addresses', addresses);
    setList(location, 'accessibility_for_disabilities', mergeList(location.accessibility_for_disabilities, form.accessibility, 'accessibility', newId));
    sal.location = location;
    const emptyPlace =
      !hasPlace &&
      addresses.length === 0 &&
      Object.keys(sal).every((k) => k === 'id' || k === 'location') &&
      Object.keys(location).every((k) => LOCATION_KEYS.has(k) && (k === 'id' || (objects(location[k]).length === 0 && str(location[k]) === '')));
    if (emptyPlace) sals.shift();
    else sals[0] = sal;
  }
  setList(doc, 'service_at_locations', sals);

  setList(doc, 'languages', mergeList(doc.languages, form.languages, 'language', newId));
  setList(doc, 'service_areas', mergeList(doc.service_areas, form.serviceAreas, 'service_area', newId));

  // Eligibility: the first record holds who it is for and the ages; any others stay.
  const eligibilitys = objects(doc.eligibilitys).map(clone);
  const hasEligibility = form.whoFor !== '' || form.minAge !== null || form.maxAge !== null;
  if (hasEligibility || eligibilitys[0]) {
    const e: Json = eligibilitys[0] ?? { id: newId() };
    setText(e, 'eligibility', form.whoFor);
    if (form.minAge !== null) {
      if (e.minimum_age !== form.minAge) e.minimum_age = form.minAge;
    }
    else if (e.minimum_age !== null && e.minimum_age !== undefined) delete e.minimum_age;
    if (form.maxAge !== null) {
      if (e.maximum_age !== form.maxAge) e.maximum_age = form.maxAge;
    }
    else if (e.maximum_age !== null && e.maximum_age !== undefined) delete e.maximum_age;
    const empty = !hasEligibility && Object.keys(e).every((k) => k === 'id' || e[k] === null || e[k] === '');
    if (empty) eligibilitys.shift();
    else eligibilitys[0] = e;
  }
  setList(doc, 'eligibilitys', eligibilitys);

  // Taxonomy: ours as chosen (a kept term keeps its link id); other vocabularies untouched.
  const links = objects(doc.service_taxonomys);
  const isOurs = (l: Json) => isObject(l.taxonomy) && l.taxonomy.vocabulary === TAXONOMY_VOCABULARY && isTaxonomyCode(str(l.taxonomy.id));
  const chosen = new Set<string>(form.taxonomy);
  const kept = links.filter((l) => !isOurs(l) || chosen.has(str((l.taxonomy as Json).id)));
  const present = new Set(kept.filter(isOurs).map((l) => str((l.taxonomy as Json).id)));
  const added = form.taxonomy.filter((c) => !present.has(c)).map((code) => ({ id: newId(), taxonomy: orukTaxonomyTerm(code) }));
  setList(doc, 'service_taxonomys', [...kept, ...added]);

  setList(doc, 'regular_schedules', mergeSchedules(doc.regular_schedules, form.schedules.regular_schedules as Json[], REGULAR_KEYS, newId, true));
  setList(doc, 'holiday_schedules', mergeSchedules(doc.holiday_schedules, form.schedules.holiday_schedules as Json[], HOLIDAY_KEYS, newId, false));
  if (form.schedules.observes_bank_holidays) doc[OBSERVES_BANK_HOLIDAYS] = true;
  else delete doc[OBSERVES_BANK_HOLIDAYS];
  return doc;
}

// ---- public copies -----------------------------------------------------------------------------

/**
 * The document as the public read API gives it: no names or email addresses of contact
 * people and no reviews (personal data), our bank-holiday flag written out as closed
 * holiday schedules from `today`, and, for an entry describing one of our own services,
 * that service's opening hours in place of the document's.
 */
export function publicDocument(document: OrukDocument, options: { today: string; hoursFromService?: ServiceSchedules }): OrukDocument {
  const doc: Json = clone(document);
  doc.contacts = objects(doc.contacts).map((c) => {
    const { name: _name, email: _email, ...rest } = c;
    return rest;
  });
  delete doc.reviews;
  let holidays = objects(doc.holiday_schedules);
  if (options.hoursFromService) {
    const own = expandBankHolidays(options.hoursFromService, options.today);
    doc.regular_schedules = own.regular_schedules.map((r, i) => ({ id: `${str(doc.id)}-hours-${i + 1}`, ...r }));
    holidays = [...holidays, ...own.holiday_schedules.map((h) => ({ id: `${str(doc.id)}-closed-${h.start_date}`, ...h }))];
  }
  if (doc[OBSERVES_BANK_HOLIDAYS] === true) {
    const parsed = OrukService.shape.holiday_schedules.safeParse(holidays);
    const read = parsed.success ? documentSchedules({ regular_schedules: [], holiday_schedules: parsed.data }) : undefined;
    const known = read?.ok ? read.schedules.holiday_schedules : [];
    const expanded = expandBankHolidays({ regular_schedules: [], holiday_schedules: known, observes_bank_holidays: true }, options.today);
    holidays = [...holidays, ...expanded.holiday_schedules.slice(known.length).map((h) => ({ id: `${str(doc.id)}-closed-${h.start_date}`, ...h }))];
  }
  delete doc[OBSERVES_BANK_HOLIDAYS];
  doc.holiday_schedules = holidays;
  return doc;
}

// ---- rules ---------------------------------------------------------------------------------------

/** The first moment that no longer counts as checked: 6 calendar months before now (UTC). */
export function staleBefore(now: Date, months = STALE_AFTER_MONTHS): string {
  const d = new Date(now.getTime());
  const dayOfMonth = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(dayOfMonth, last));
  return d.toISOString();
}

/** Never checked, or last checked more than 6 months ago. */
export const isStale = (lastCheckedAt: string | null, now: Date): boolean => lastCheckedAt === null || lastCheckedAt < staleBefore(now);

/** An ORUK `assured_date` ("2025-03-01" or a date and time) as the time it was last checked; null when unreadable or in the future. */
export function checkedAtFromAssuredDate(value: unknown, now: Date): string | null {
  const s = str(value);
  const m = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(s);
  if (!m) return null;
  const at = Date.parse(m[2] ? s : `${m[1]}T00:00:00Z`);
  if (!Number.isFinite(at)) return null;
  return new Date(Math.min(at, now.getTime())).toISOString();
}

/**
 * ORUK v1 age filters, as its API reference words them: `minimum_age` "services with a
 * minimum age of at least" the value, `maximum_age` "a maximum age equal to or below" it
 * (a service with no lower limit counts as 0; with no upper limit, it never passes
 * `maximum_age`).
 */
export function agesWithin(entry: { minAge: number | null; maxAge: number | null }, filter: { minimumAge?: number; maximumAge?: number }): boolean {
  if (filter.minimumAge !== undefined && (entry.minAge ?? 0) < filter.minimumAge) return false;
  if (filter.maximumAge !== undefined && (entry.maxAge === null || entry.maxAge > filter.maximumAge)) return false;
  return true;
}

/** Our `age` filter: can a person of this age use it (either end may be open)? */
export function agesOverlap(entry: { minAge: number | null; maxAge: number | null }, person: { from?: number; to?: number }): boolean {
  if (person.from !== undefined && entry.maxAge !== null && entry.maxAge < person.from) return false;
  if (person.to !== undefined && entry.minAge !== null && entry.minAge > person.to) return false;
  return true;
}

/** Text search over what people read of an entry: name, description, organisation, taxonomy names, areas. */
export function matchesText(service: z.infer<typeof OrukService>, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const hay = [
    service.name,
    str(service.description),
    service.organization.name,
    ...service.service_taxonomys.map((t) => str(t.taxonomy.name)),
    ...service.service_areas.map((a) => str(a.service_area)),
    ...service.service_at_locations.flatMap((s) => [str(s.location.name), ...s.location.physical_addresses.map((a) => `${str(a.city)} ${str(a.postal_code)}`)]),
  ]
    .join(' \n ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export { noSchedules };
export type { DirectorySchedules };
