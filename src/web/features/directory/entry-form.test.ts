import { describe, expect, it } from 'vitest';
import { DirectoryEntryForm, noSchedules, type DirectoryEntryOut } from '../../../shared/directory/entries.js';
import { filtersFrom, listPath, pageCount, paramsFrom } from './api.js';
import { agesText, checkEntry, compareRows, checkedText, emptyEntryForm, entryBodyFrom, entryErrors, entryFormFrom, linesOf, regularRowFrom, schedulesText, telHref } from './entry-form.js';
import { importSummary, placeText } from './import-report.js';

const entry = (over: Partial<DirectoryEntryOut> = {}): DirectoryEntryOut => ({
  id: 'e1',
  name: 'Riverside Safe Haven',
  description: 'A calm place to go in the evening.',
  organisationName: 'Riverside Mind',
  organisationUrl: 'https://mind.example.org',
  url: '',
  email: '',
  phones: [{ number: '0113 496 0000', label: 'Call us' }],
  addressLines: ['1 Mill Street', 'Riverside'],
  town: 'Leeds',
  postcode: 'LS1 4AP',
  locationName: 'Wellbeing Centre',
  howToGetThere: 'Bus 12',
  accessibility: ['Step-free entrance', 'Hearing loop'],
  languages: ['English', 'Urdu'],
  serviceAreas: ['Riverside'],
  minAge: 16,
  maxAge: null,
  whoFor: 'Anyone 16 or over',
  taxonomy: ['safe-haven', 'peer-support'],
  otherTaxonomy: [],
  status: 'active',
  schedules: {
    regular_schedules: [
      { byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '18:00', closes_at: '02:00' },
      { freq: 'MONTHLY', byday: '2MO', opens_at: '10:00:00', closes_at: '12:00:00' },
    ],
    holiday_schedules: [{ closed: true, start_date: '2026-12-25', end_date: '2026-12-25' }],
    observes_bank_holidays: true,
  },
  serviceId: null,
  linkedServiceName: null,
  hoursFromService: false,
  openingNow: '',
  lastCheckedAt: '2026-03-03T10:00:00Z',
  lastCheckedByName: 'Sam',
  stale: false,
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-03-03T10:00:00Z',
  version: 3,
  ...over,
});

describe('directory entry editor', () => {
  it('round-trips an entry through the editor into a body the shared schema accepts, keeping schedules it cannot show', () => {
    const form = entryFormFrom(entry());
    expect(form.regular[0]).toMatchObject({ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opens: '18:00', closes: '02:00' });
    expect(form.regular[1]?.kept).toEqual({ freq: 'MONTHLY', byday: '2MO', opens_at: '10:00:00', closes_at: '12:00:00' });
    const body = entryBodyFrom(form);
    expect(body.addressLines).toEqual(['1 Mill Street', 'Riverside']);
    expect(body.schedules?.regular_schedules[1]).toEqual({ freq: 'MONTHLY', byday: '2MO', opens_at: '10:00:00', closes_at: '12:00:00' });
    expect(body.schedules?.holiday_schedules).toEqual([{ closed: true, start_date: '2026-12-25', end_date: '2026-12-25' }]);
    const parsed = DirectoryEntryForm.parse(body);
    expect(parsed.minAge).toBe(16);
    expect(parsed.accessibility).toEqual(['Step-free entrance', 'Hearing loop']);
    expect(checkEntry(form).ok).toBe(true);
  });

  it('drops empty phone rows and blank lines, splits languages on commas, and tidies times', () => {
    const form = { ...emptyEntryForm(), name: 'Line', organisationName: 'Org', languages: 'English, Polish\nUrdu', accessibility: '\n  Ramp \n\n', regular: [{ description: '', days: ['SA' as const], opens: '9.30', closes: '1700' }] };
    const body = entryBodyFrom(form);
    expect(body.phones).toEqual([]);
    expect(body.languages).toEqual(['English', 'Polish', 'Urdu']);
    expect(body.accessibility).toEqual(['Ramp']);
    expect(body.schedules?.regular_schedules).toEqual([{ byday: 'SA', opens_at: '09:30', closes_at: '17:00' }]);
    expect(linesOf('a,b', false)).toEqual(['a,b']);
  });

  it('a special date with one day uses the same end date, and open special hours carry their times', () => {
    const form = { ...emptyEntryForm(), holidays: [{ start: '2026-12-24', end: '', closed: false, opens: '10:00', closes: '14:00' }] };
    expect(entryBodyFrom(form).schedules?.holiday_schedules).toEqual([{ closed: false, start_date: '2026-12-24', end_date: '2026-12-24', opens_at: '10:00', closes_at: '14:00' }]);
  });

  it('reports schema problems on the editor’s own fields, in the order of the form', () => {
    const form = { ...emptyEntryForm(), minAge: 'ten', regular: [{ description: '', days: [], opens: '25:00', closes: '10:00' }], phones: [{ number: 'call me', label: '' }] };
    const result = checkEntry(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(['name', 'organisationName', 'phones.0.number', 'minAge', 'regular.0.days', 'regular.0.opens']);
    expect(result.errors['regular.0.days']).toBe('Choose at least one day of the week');
  });

  it('maps server paths to editor fields', () => {
    expect(
      entryErrors({
        'body.schedules.holiday_schedules.1.end_date': 'This is before the first day',
        'addressLines.1': 'Too long',
        'accessibility.2': 'Keep this short',
        'schedules.regular_schedules.0.dtstart': 'Give a start date',
        name: 'Enter the name',
      }),
    ).toEqual({ name: 'Enter the name', addressLine2: 'Too long', accessibility: 'Line 3: Keep this short', 'regular.0': 'Give a start date', 'holidays.1.end': 'This is before the first day' });
  });

  it('sends no linked service and null ages when they are left empty', () => {
    const body = entryBodyFrom({ ...emptyEntryForm(), name: 'A', organisationName: 'B' });
    expect(body).toMatchObject({ serviceId: null, minAge: null, maxAge: null, schedules: noSchedules() });
    expect(regularRowFrom({ byday: 'MO, WE', opens_at: '09:00', closes_at: '10:00' }).days).toEqual(['MO', 'WE']);
  });

  it('summarises hours for comparing two versions', () => {
    expect(schedulesText(entryFormFrom(entry()))).toBe('Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday 18:00 to 02:00; 2MO 10:00 to 12:00; closed on bank holidays; 1 special date');
    expect(schedulesText(emptyEntryForm())).toBe('None given');
  });
});

describe('showing entries', () => {
  it('says when an entry was last checked, in London, plainly', () => {
    expect(checkedText(null, true)).toBe('Never checked');
    expect(checkedText('2026-03-31T23:30:00Z', true)).toBe('Not checked since April 2026');
    expect(checkedText('2026-03-03T10:00:00Z', false)).toBe('Checked 3 March 2026');
  });

  it('describes ages and phone links', () => {
    expect(agesText(16, null)).toBe('Ages 16 and over');
    expect(agesText(null, 15)).toBe('Up to age 15');
    expect(agesText(11, 18)).toBe('Ages 11 to 18');
    expect(agesText(null, null)).toBe('');
    expect(telHref('+44 (0)113 496-0000')).toBe('tel:+4401134960000');
  });
});

describe('list filters', () => {
  it('reads the address bar, ignoring what it does not know, and writes only what is set', () => {
    const f = filtersFrom(new URLSearchParams('q=haven&taxonomy=safe-haven&status=nonsense&stale=true&page=-2'));
    expect(f).toEqual({ q: 'haven', taxonomy: 'safe-haven', status: '', stale: true, page: 1 });
    expect(paramsFrom({ ...f, page: 3 }).toString()).toBe('q=haven&taxonomy=safe-haven&stale=true&page=3');
    expect(listPath({ q: ' a b ' }, 10)).toBe('/directory?q=a+b&perPage=10');
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(51, 25)).toBe(3);
  });
});

describe('import report', () => {
  const report = { received: 4, created: 2, updated: 1, stored: false, skipped: [{ at: 'content[3]', id: 'x', name: 'X', reasons: [{ field: 'name', message: 'Give the name' }] }] };
  it('says what a dry run would do, and that nothing is saved yet', () => {
    expect(importSummary(report, true, true)).toBe('The file has 4 services. 2 services would be added, 1 service would be updated and 1 service would be skipped. Nothing has been saved yet.');
  });
  it('says nothing would be imported while a problem stops the whole file', () => {
    expect(importSummary(report, true, false)).toMatch(/^The file has 4 services\. 1 service has problems, so nothing would be imported\./);
  });
  it('leaves out what did not happen', () => {
    expect(importSummary({ ...report, updated: 0, skipped: [] }, true, false)).toBe('The file has 4 services. 2 services would be added. Nothing has been saved yet.');
    expect(importSummary({ ...report, created: 0, updated: 0, skipped: [] }, false, false)).toBe('The file has 4 services. Nothing changed.');
  });
  it('says where in the file a problem is, in words', () => {
    expect(placeText('content[0]')).toBe('the 1st service in the file');
    expect(placeText('[1]')).toBe('the 2nd service in the file');
    expect(placeText('content[10]')).toBe('the 11th service in the file');
    expect(placeText('content[22]')).toBe('the 23rd service in the file');
    expect(placeText('somewhere')).toBe('somewhere');
  });
  it('reports what an import did', () => {
    expect(importSummary({ ...report, skipped: [], stored: true }, false, false)).toBe('The file has 4 services. 2 services were added and 1 service was updated.');
  });
});

describe('comparing two versions of an entry', () => {
  it('shows the name and only the fields that differ', () => {
    const theirs = entryFormFrom(entry());
    const rows = compareRows(theirs, { ...theirs, description: 'Now open on Sundays too.', observesBankHolidays: false });
    expect(rows.map((r) => r.label)).toEqual(['Name', 'What it offers', 'Opening hours']);
    expect(rows[2]?.yours).not.toContain('closed on bank holidays');
  });
});
