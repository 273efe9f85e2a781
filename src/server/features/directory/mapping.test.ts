import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirectoryEntryForm, type DirectoryEntryFormInput } from '../../../shared/directory/entries.js';
import { OBSERVES_BANK_HOLIDAYS, feedItems, OrukFeed, type OrukDocument } from '../../../shared/directory/oruk.js';
import { openingAt } from '../../../shared/directory/schedules.js';
import { TAXONOMY_CODES } from '../../../shared/directory/taxonomy.js';
import {
  agesOverlap,
  agesWithin,
  checkedAtFromAssuredDate,
  documentToForm,
  extractColumns,
  formToDocument,
  isStale,
  matchesText,
  publicDocument,
  readDocument,
  staleBefore,
} from './mapping.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const riverside = feedItems(OrukFeed.parse(fixture('riverside.oruk.json'))).items as OrukDocument[];
const published = [fixture('oruk-uk-example-service-full.json') as OrukDocument, ...(feedItems(OrukFeed.parse(fixture('oruk-uk-example-service-list.json'))).items as OrukDocument[])];
const haven = riverside[0]!;

let counter = 0;
const ids = () => `new-${++counter}`;
const read = (doc: unknown) => {
  const r = readDocument(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.reasons));
  return r;
};
const form = (input: DirectoryEntryFormInput & { otherTaxonomy?: unknown }) => {
  const { otherTaxonomy: _other, ...fields } = input;
  return DirectoryEntryForm.parse(fields);
};

describe('reading ORUK documents', () => {
  it('reads every fixture, ours and the published example', () => {
    for (const doc of [...riverside, ...published]) expect(readDocument(doc).ok, String(doc.name)).toBe(true);
  });

  it('takes out the columns lists and filters need', () => {
    expect(extractColumns(read(haven).service)).toEqual({
      name: 'Riverside Evening Safe Haven',
      status: 'active',
      taxonomy: ['safe-haven', 'peer-support', 'http://id.esd.org.uk/service/1234'],
      minAge: 16,
      maxAge: null,
    });
    expect(extractColumns(read(riverside[3]).service)).toMatchObject({ status: 'temporarily closed', minAge: 11, maxAge: 15 });
    // The 3.0 UK profile keeps ages on the service itself.
    expect(extractColumns(read(published[0]).service)).toMatchObject({ name: 'Community Counselling', minAge: 12, maxAge: 100 });
    // No eligibility at all: no limits.
    expect(extractColumns(read(riverside[1]).service)).toMatchObject({ minAge: null, maxAge: null });
  });

  it('reads opening hours as schedules, including the ways published feeds write them', () => {
    const { schedules } = read(haven);
    expect(schedules.observes_bank_holidays).toBe(true);
    // The schedule with no times only describes something: not counted.
    expect(schedules.regular_schedules.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(schedules.holiday_schedules).toHaveLength(2);
    const carers = read(riverside[2]).schedules.regular_schedules;
    // "freq": "week" and a date-time dtstart, as some councils publish them.
    expect(carers[1]).toMatchObject({ freq: 'WEEKLY', interval: 2, dtstart: '2026-01-05', byday: 'MO' });
    // Monday 5 January 2026 10:30 is in a fortnightly session; the Monday after is not.
    expect(openingAt(read(riverside[2]).schedules, new Date('2026-01-05T10:30:00Z')).open).toBe(true);
    expect(openingAt(read(riverside[2]).schedules, new Date('2026-01-12T10:30:00Z')).open).toBe(false);
  });

  it('refuses impossible schedules with the field and a plain reason', () => {
    const bad = structuredClone(haven) as Record<string, unknown>;
    bad.regular_schedules = [{ id: 'x', opens_at: '25:00', closes_at: '18:00', byday: 'MO' }, { id: 'y', opens_at: '09:00', closes_at: '17:00', byday: 'Funday' }];
    bad.holiday_schedules = [{ id: 'z', closed: false, start_date: '2026-12-30', end_date: '2026-12-01', opens_at: '10:00', closes_at: '12:00' }];
    const r = readDocument(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons.map((x) => x.field)).toEqual(['regular_schedules[0].opens_at', 'regular_schedules[1].byday', 'holiday_schedules[0].end_date']);
    expect(r.reasons[0]!.message).toMatch(/24-hour clock/);
  });

  it('refuses documents without ids, names or an organisation, and links that are not web addresses', () => {
    const cases: [unknown, string][] = [
      [{ name: 'No id', organization: { id: 'o', name: 'O' } }, 'id'],
      [{ id: 'a', organization: { id: 'o', name: 'O' } }, 'name'],
      [{ id: 'a', name: 'No organisation' }, 'organization'],
      [{ id: 'a', name: 'N', organization: { id: 'o', name: 'O' }, contacts: [{ phones: [{ id: 'p', number: '1' }] }] }, 'contacts[0].id'],
      [{ id: 'a', name: 'N', organization: { id: 'o', name: 'O' }, url: 'javascript:alert(1)' }, 'url'],
      [{ id: 'a', name: 'N', organization: { id: 'o', name: 'O' }, status: 'open' }, 'status'],
      ['a string', '(the service)'],
    ];
    for (const [doc, field] of cases) {
      const r = readDocument(doc);
      expect(r.ok, field).toBe(false);
      if (!r.ok) expect(r.reasons.map((x) => x.field), field).toContain(field);
    }
  });
});

describe('the admin form and the document', () => {
  it('shows a document in the form', () => {
    const r = read(haven);
    expect(documentToForm(r.service, r.schedules, null)).toMatchObject({
      name: 'Riverside Evening Safe Haven',
      organisationName: 'Riverside Crisis Partnership',
      organisationUrl: 'https://riverside-crisis.example.org',
      phones: [
        { number: '0300 123 0000', label: 'Evenings' },
        { number: '07700 900123', label: '' },
        { number: '0300 123 0001', label: '' },
      ],
      addressLines: ['12 Mill Street'],
      town: 'Riverside',
      postcode: 'RV1 2AB',
      locationName: 'Riverside Wellbeing Centre',
      howToGetThere: 'Number 4 bus to Mill Street. The entrance is the blue door at the side.',
      accessibility: ['Step-free entrance', 'Quiet room'],
      languages: ['English', 'Urdu'],
      serviceAreas: ['Riverside'],
      minAge: 16,
      maxAge: null,
      whoFor: 'People aged 16 and over in Riverside',
      taxonomy: ['safe-haven', 'peer-support'],
      otherTaxonomy: [{ id: 'http://id.esd.org.uk/service/1234', name: 'Mental health support', vocabulary: 'esdServiceTypes' }],
      status: 'active',
    });
  });

  it('saving the form unchanged leaves every document exactly as it was (unknown fields, nulls and all)', () => {
    for (const doc of [...riverside, ...published]) {
      const r = read(doc);
      const fields = documentToForm(r.service, r.schedules, null);
      const again = formToDocument(form(fields), doc, String(doc.id), ids);
      expect(again, String(doc.name)).toEqual(doc);
    }
  });

  it('an edit changes what was edited and keeps everything else', () => {
    const r = read(haven);
    const fields = documentToForm(r.service, r.schedules, null);
    const edited = formToDocument(
      form({
        ...fields,
        name: 'Riverside Safe Haven',
        phones: [{ number: '0300 123 9999', label: 'Any time' }, ...fields.phones.slice(1, 2)],
        languages: ['English', 'Polish', 'Urdu'],
        taxonomy: ['safe-haven', 'carers-support'],
        maxAge: 99,
        addressLines: ['12 Mill Street', 'Side entrance'],
      }),
      haven,
      String(haven.id),
      ids,
    ) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a loose JSON document in a test
    expect(edited.name).toBe('Riverside Safe Haven');
    expect(edited.x_internal_code).toBe('RSH-01');
    expect(edited.organization.x_charity_number).toBe('1234567');
    // The first phone kept its id and language; the third was removed, and its contact with it? No: it has a name of its own.
    expect(edited.contacts[0].phones[0]).toEqual({ id: 'p1', number: '0300 123 9999', language: 'English', description: 'Any time' });
    expect(edited.contacts[0].phones[1]).toEqual({ id: 'p2', number: '07700 900123', language: null, x_sms: true });
    expect(edited.contacts[1]).toEqual({ id: 'c2', name: 'Duty worker', title: null, phones: [] });
    // Languages by position: "Urdu" (l2) became "Polish" and a new one holds "Urdu".
    expect(edited.languages.map((l: { language: string }) => l.language)).toEqual(['English', 'Polish', 'Urdu']);
    expect(edited.languages[1].id).toBe('l2');
    // Our terms changed; the other vocabulary's stayed.
    expect(edited.service_taxonomys.map((t: { taxonomy: { id: string } }) => t.taxonomy.id)).toEqual(['safe-haven', 'http://id.esd.org.uk/service/1234', 'carers-support']);
    expect(edited.eligibilitys[0]).toMatchObject({ id: 'e1', minimum_age: 16, maximum_age: 99 });
    expect(edited.service_at_locations[0].x_room).toBe('Ground floor');
    expect(edited.service_at_locations[0].location.physical_addresses[0]).toMatchObject({ id: 'ad1', address_1: '12 Mill Street', address_2: 'Side entrance', state_province: null });
    // The note-only schedule stays where it was.
    expect(edited.regular_schedules.map((s: { id: string }) => s.id)).toEqual(['r1', 'r2', 'r3']);
    expect(edited.regular_schedules[0].description).toBe('Weekday evenings into the night');
  });

  it('a new entry: form → document → form gives the form back, for any form', () => {
    const text = fc.string({ maxLength: 30 }).map((s) => s.trim()).filter((s) => !s.includes('\u0000'));
    const some = fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.trim()).filter((s) => s !== '' && !s.includes('\u0000'));
    const distinct = (arb: fc.Arbitrary<string>, max: number) => fc.uniqueArray(arb, { maxLength: max, selector: (s) => s.toLowerCase() });
    const forms = fc.record({
      name: some,
      description: text,
      organisationName: some,
      phones: fc.array(fc.record({ number: fc.stringMatching(/^[0-9]{3,11}$/), label: text }), { maxLength: 4 }),
      addressLines: fc.array(some, { maxLength: 2 }),
      town: text,
      postcode: fc.constantFrom('', 'RV1 2AB', 'LS1 4AP'),
      locationName: text,
      howToGetThere: text,
      accessibility: distinct(some, 3),
      languages: distinct(some, 3),
      serviceAreas: distinct(some, 3),
      minAge: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      whoFor: text,
      taxonomy: fc.uniqueArray(fc.constantFrom(...TAXONOMY_CODES), { maxLength: 4 }),
      status: fc.constantFrom('active', 'inactive', 'defunct', 'temporarily closed'),
      schedules: fc.record({
        regular_schedules: fc.array(fc.record({ id: fc.uuid(), byday: fc.constantFrom('MO', 'MO,TU', 'SA,SU'), opens_at: fc.constantFrom('09:00', '22:00'), closes_at: fc.constantFrom('17:00', '02:00', '23:59') }), { maxLength: 3 }),
        holiday_schedules: fc.array(fc.record({ id: fc.uuid(), closed: fc.constant(true), start_date: fc.constant('2026-12-25'), end_date: fc.constant('2026-12-26') }), { maxLength: 2 }),
        observes_bank_holidays: fc.boolean(),
      }),
    });
    fc.assert(
      fc.property(forms, (input) => {
        const f = form(input as DirectoryEntryFormInput);
        const doc = formToDocument(f, undefined, 'entry-1', ids);
        const r = read(doc);
        const back = documentToForm(r.service, r.schedules, null);
        expect({ ...back, otherTaxonomy: undefined }).toEqual({ ...f, otherTaxonomy: undefined });
        expect(doc.id).toBe('entry-1');
        expect((doc.service_taxonomys as { taxonomy: { vocabulary: string } }[]).every((t) => t.taxonomy.vocabulary === 'alongside-crisis')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('stores a script in a name as the text it is', () => {
    const doc = formToDocument(form({ name: '<script>alert(1)</script>', organisationName: 'O' }), undefined, 'x', ids);
    expect(doc.name).toBe('<script>alert(1)</script>');
  });
});

describe('the public copy', () => {
  it('leaves out names of contact people and reviews, and writes bank holidays out as closed days', () => {
    const doc: Record<string, unknown> = { ...structuredClone(haven), reviews: [{ id: 'rv', reviewer: 'A Person' }] };
    const pub = publicDocument(doc, { today: '2026-11-26' }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- loose JSON in a test
    expect(pub.contacts[1]).toEqual({ id: 'c2', title: null, phones: [{ id: 'p3', number: '0300 123 0001' }] });
    expect(pub.reviews).toBeUndefined();
    expect(pub[OBSERVES_BANK_HOLIDAYS]).toBeUndefined();
    const closed = pub.holiday_schedules.filter((h: { id: string }) => h.id.includes('-closed-')).map((h: { start_date: string }) => h.start_date);
    // 25 and 28 December 2026 and 1 January 2027 are inside the stored closure (24 Dec to 2 Jan): not repeated.
    expect(closed).not.toContain('2026-12-25');
    expect(closed).toContain('2027-03-26');
    expect(closed.every((d: string) => d >= '2026-11-26')).toBe(true);
    // The stored document itself is untouched.
    expect(doc[OBSERVES_BANK_HOLIDAYS]).toBe(true);
    expect(readDocument(pub).ok).toBe(true);
  });

  it("uses our own service's hours for an entry linked to it", () => {
    const pub = publicDocument(haven, {
      today: '2026-11-26',
      hoursFromService: { regular_schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59' }], holiday_schedules: [], observes_bank_holidays: false },
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- loose JSON in a test
    expect(pub.regular_schedules).toEqual([{ id: `${String(haven.id)}-hours-1`, byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59' }]);
  });
});

describe('rules', () => {
  it('counts an entry as due a check when never checked or checked more than 6 months ago', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(staleBefore(now)).toBe('2026-05-26T12:00:00.000Z');
    expect(isStale(null, now)).toBe(true);
    expect(isStale('2026-05-26T11:59:59.000Z', now)).toBe(true);
    expect(isStale('2026-05-26T12:00:00.000Z', now)).toBe(false);
    // 31 August: six months earlier is the end of February.
    expect(staleBefore(new Date('2026-08-31T08:00:00Z'))).toBe('2026-02-28T08:00:00.000Z');
  });

  it('reads assured_date as the last check, never in the future', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(checkedAtFromAssuredDate('2026-09-01', now)).toBe('2026-09-01T00:00:00.000Z');
    expect(checkedAtFromAssuredDate('2026-09-01T10:00:00Z', now)).toBe('2026-09-01T10:00:00.000Z');
    expect(checkedAtFromAssuredDate('2030-01-01', now)).toBe(now.toISOString());
    expect(checkedAtFromAssuredDate('last week', now)).toBeNull();
    expect(checkedAtFromAssuredDate(null, now)).toBeNull();
  });

  it('filters by age the ORUK v1 way, and by one age our way', () => {
    const teens = { minAge: 11, maxAge: 15 };
    const adults = { minAge: 16, maxAge: null };
    const anyone = { minAge: null, maxAge: null };
    expect(agesOverlap(teens, { from: 14, to: 14 })).toBe(true);
    expect(agesOverlap(adults, { from: 14, to: 14 })).toBe(false);
    expect(agesOverlap(anyone, { from: 14, to: 14 })).toBe(true);
    expect(agesWithin(adults, { minimumAge: 16 })).toBe(true);
    expect(agesWithin(teens, { minimumAge: 16 })).toBe(false);
    expect(agesWithin(teens, { maximumAge: 15 })).toBe(true);
    expect(agesWithin(adults, { maximumAge: 99 })).toBe(false);
  });

  it('searches what people read: name, description, organisation, kinds of help and areas', () => {
    const s = read(haven).service;
    expect(matchesText(s, 'evening haven')).toBe(true);
    expect(matchesText(s, 'PEER support')).toBe(true);
    expect(matchesText(s, 'rv1')).toBe(true);
    expect(matchesText(s, 'haven dentist')).toBe(false);
  });
});
