import { describe, expect, it } from 'vitest';
import { searchParamsFor } from './api.js';
import { checkPersonForm, createBodyFrom, describeAge, describeTimelineItem, EMPTY_PERSON_FORM, formatDate, formatNhsNumber, patchBodyFrom } from './person-form.js';

describe('person form', () => {
  it('needs only the preferred name, and checks the NHS number and age', () => {
    const errors = checkPersonForm({ ...EMPTY_PERSON_FORM, nhsNumber: '943 476 5918', dateOfBirth: '1990-02-30' }, '2026-01-01');
    expect(errors.preferredName).toMatch(/name they would like/);
    expect(errors.nhsNumber).toMatch(/not right/);
    expect(errors.dateOfBirth).toMatch(/year, month and day/);
    const fine = checkPersonForm({ ...EMPTY_PERSON_FORM, preferredName: 'Ash', nhsNumber: '943 476 5919', approximateAge: '34' }, '2026-01-01');
    expect(Object.values(fine).filter(Boolean)).toEqual([]);
    expect(checkPersonForm({ ...EMPTY_PERSON_FORM, preferredName: 'A', dateOfBirth: '1990-01-01', approximateAge: '3' }, '2026-01-01').approximateAge).toMatch(/not both/);
    expect(checkPersonForm({ ...EMPTY_PERSON_FORM, preferredName: 'A', dateOfBirth: '2027-01-01' }, '2026-01-01').dateOfBirth).toMatch(/future/);
  });

  it('sends only what was given, with equality answers other than "not asked"', () => {
    const body = createBodyFrom({ ...EMPTY_PERSON_FORM, preferredName: ' Ash ', approximateAge: '34', equality: { ...EMPTY_PERSON_FORM.equality, religion: 'prefer_not_to_say' } }, true);
    expect(body).toEqual({ preferredName: 'Ash', approximateAge: 34, equality: { religion: 'prefer_not_to_say' }, confirmNotDuplicate: true });
  });

  it('patches only the changes, clearing with null', () => {
    const before = { ...EMPTY_PERSON_FORM, preferredName: 'Ash', phone: '07700 900123', approximateAge: '30' };
    const after = { ...before, phone: '', dateOfBirth: '1990-04-27', approximateAge: '' };
    expect(patchBodyFrom(before, after, 4)).toEqual({ version: 4, phone: null, dateOfBirth: '1990-04-27', approximateAge: null });
    expect(patchBodyFrom(before, before, 2)).toEqual({ version: 2 });
  });

  it('formats NHS numbers, dates and ages in plain words', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatDate('1990-04-07')).toBe('7 April 1990');
    expect(describeAge({ dateOfBirth: '1990-04-27', approximateAge: null, ageNow: 36 })).toBe('36 (born 27 April 1990)');
    expect(describeAge({ dateOfBirth: null, approximateAge: 30, ageNow: 31 })).toBe('About 31');
    expect(describeAge({ dateOfBirth: null, approximateAge: null })).toBe('Not known');
  });

  it('describes timeline entries without codes', () => {
    expect(describeTimelineItem({ type: 'session', id: 's', at: '2026-01-01T10:00:00Z', serviceId: 'x', serviceName: 'Haven', sessionNumber: 3 }).title).toBe('Peer support session 3');
    const t = describeTimelineItem({ type: 'transition', id: 't', at: '2026-01-01T10:00:00Z', serviceId: 'x', serviceName: 'Haven', toName: 'Recovery college', status: 'planned', plannedDate: '2026-02-01' });
    expect(t).toEqual({ title: 'Moving on to Recovery college', detail: 'Haven · Planned · planned for 1 February 2026' });
    expect(describeTimelineItem({ type: 'contact', id: 'c', at: '2026-01-01T10:00:00Z', serviceId: 'x', serviceName: 'Haven', contactKind: 'walk_in' }).title).toBe('Walked in');
  });

  it('reads one search box as a name, a date of birth or an NHS number', () => {
    expect(searchParamsFor('943 476 5919')?.toString()).toBe('nhs=9434765919');
    expect(searchParamsFor('27/4/1990')?.toString()).toBe('dob=1990-04-27');
    expect(searchParamsFor('1990-04-27')?.toString()).toBe('dob=1990-04-27');
    expect(searchParamsFor(' Jon Smyth ')?.get('q')).toBe('Jon Smyth');
    expect(searchParamsFor('  ')).toBeNull();
  });
});
