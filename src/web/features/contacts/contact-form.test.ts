import { describe, expect, it } from 'vitest';
import type { ContactOut } from '../../../shared/contacts.js';
import { ContactCreate, ContactPatch } from '../../../shared/contacts.js';
import { contactPatchFrom, editChecks, editFormFrom, emptyNewContact, fromLocalInput, newContactBody, newContactChecks, toLocalInput } from './contact-form.js';

describe('local date and time inputs', () => {
  it('round-trips a moment through the datetime-local value', () => {
    const iso = '2026-03-01T14:05:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(null)).toBe('');
  });
  it('refuses values that are not a date and time', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
    expect(fromLocalInput('2026-13-45T99:99')).toBeNull();
  });
});

describe('recording a contact', () => {
  it('asks for how they came and who suggested it, and a chosen person when not anonymous', () => {
    const form = { ...emptyNewContact(), who: 'known' as const, referralSource: 'other' as const };
    const problems = Object.entries(newContactChecks(form)).filter(([, v]) => v).map(([k]) => k);
    expect(problems).toEqual(['kind', 'referralOther', 'personId']);
  });

  it('builds a body the shared contract accepts, blanks left out', () => {
    const form = { ...emptyNewContact(new Date('2026-03-01T14:05:00Z')), kind: 'walk_in' as const, referralSource: 'self' as const, displayLabel: '  green coat ', reason: ' ', carersPresent: true, carersNote: 'Her sister' };
    const body = newContactBody(form);
    expect(body).toEqual({ kind: 'walk_in', referralSource: 'self', displayLabel: 'green coat', arrivedAt: '2026-03-01T14:05:00.000Z', carersPresent: true, carersNote: 'Her sister', under16: false });
    expect(ContactCreate.safeParse(body).success).toBe(true);
  });

  it('sends the person and not the label for someone known', () => {
    const body = newContactBody({ ...emptyNewContact(), kind: 'phone', referralSource: 'gp', who: 'known', personId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', displayLabel: 'ignored' });
    expect(body.personId).toBe('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(body).not.toHaveProperty('displayLabel');
  });
});

const contact: ContactOut = {
  id: 'c',
  serviceId: 's',
  personId: null,
  displayLabel: null,
  displayName: 'Someone (anonymous)',
  anonymous: true,
  kind: 'walk_in',
  referralSource: 'self',
  referralOther: null,
  arrivedAt: '2026-03-01T14:00:00.000Z',
  firstSeenAt: '2026-03-01T14:05:30.000Z',
  leftAt: null,
  workerUserId: null,
  workerName: null,
  reason: 'Could not sleep',
  whatHelped: null,
  outcome: null,
  outcomeDetail: null,
  otherwiseWouldHave: null,
  carersPresent: false,
  carersNote: null,
  signpostedTo: [],
  under16: false,
  createdAt: '2026-03-01T14:00:00.000Z',
  updatedAt: '2026-03-01T14:00:00.000Z',
  version: 3,
};

describe('editing a contact', () => {
  it('sends nothing when nothing changed (seconds lost to the input do not count)', () => {
    expect(contactPatchFrom(contact, editFormFrom(contact))).toEqual({});
  });

  it('sends only what changed, with blanks as null', () => {
    const form = { ...editFormFrom(contact), reason: '', whatHelped: 'A cup of tea and talking', outcome: 'home_with_plan' as const, leftAt: toLocalInput('2026-03-01T15:00:00Z'), workerUserId: 'u1' };
    const patch = contactPatchFrom(contact, form);
    expect(patch).toEqual({ reason: null, whatHelped: 'A cup of tea and talking', outcome: 'home_with_plan', leftAt: '2026-03-01T15:00:00.000Z', workerUserId: 'u1' });
    expect(ContactPatch.safeParse({ version: 3, ...patch, workerUserId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }).success).toBe(true);
  });

  it('reads a time in the same minute as first seen as not before it', () => {
    // First seen at 14:05:30; "left now" typed as 14:05 means 14:05:30, not 30 seconds earlier.
    const form = { ...editFormFrom(contact), outcome: 'signposted' as const, leftAt: toLocalInput('2026-03-01T14:05:00Z') };
    expect(contactPatchFrom(contact, form).leftAt).toBe('2026-03-01T14:05:30.000Z');
    const later = { ...form, leftAt: toLocalInput('2026-03-01T14:06:00Z') };
    expect(contactPatchFrom(contact, later).leftAt).toBe('2026-03-01T14:06:00.000Z');
    const early = { ...form, leftAt: toLocalInput('2026-03-01T14:04:00Z') };
    expect(contactPatchFrom(contact, early).leftAt).toBe('2026-03-01T14:04:00.000Z');
  });

  it('sends the directory entries they were pointed to only when the choice changed', () => {
    const pointed = { ...contact, signpostedTo: ['e1', 'e2'] };
    expect(editFormFrom(pointed).signpostedTo).toEqual(['e1', 'e2']);
    expect(contactPatchFrom(pointed, editFormFrom(pointed))).toEqual({});
    expect(contactPatchFrom(pointed, { ...editFormFrom(pointed), signpostedTo: ['e2'] })).toEqual({ signpostedTo: ['e2'] });
    expect(contactPatchFrom(contact, { ...editFormFrom(contact), signpostedTo: ['e3'] })).toEqual({ signpostedTo: ['e3'] });
  });

  it('asks for an outcome before a leaving time', () => {
    expect(editChecks({ ...editFormFrom(contact), leftAt: toLocalInput('2026-03-01T15:00:00Z') }).outcome).toBeTruthy();
    expect(editChecks({ ...editFormFrom(contact), leftAt: toLocalInput('2026-03-01T15:00:00Z'), outcome: 'signposted' }).outcome).toBe(false);
  });
});
