import { describe, expect, it } from 'vitest';
import { emptyPlanContent, PlanContent, ShareCreate, type PlanVersionOut } from '../../../shared/plans.js';
import { LinkCreate } from '../../../shared/plan-links.js';
import { BreakGlassCreate } from '../../../shared/plan-partners.js';
import {
  addMonths,
  breakGlassBody,
  breakGlassChecks,
  contentChecks,
  contentForSave,
  describeShareStatus,
  describeStanding,
  emptyShareForm,
  linkChecks,
  londonDate,
  mergeDraft,
  resolveMerge,
  reviewDue,
  sectionLines,
  sectionText,
  shareBody,
  shareChecks,
  spacedCode,
  wordChanges,
} from './plan-rules.js';

const content = (over: Partial<PlanContent> = {}): PlanContent => ({ ...emptyPlanContent(), ...over });
const version = (over: Partial<PlanVersionOut>): PlanVersionOut => ({
  id: 'v',
  number: 1,
  state: 'draft',
  createdAt: '2026-01-10T10:00:00Z',
  createdByName: 'Sam Patel',
  updatedAt: '2026-01-10T10:00:00Z',
  updatedByName: 'Sam Patel',
  agreedAt: null,
  agreedHow: null,
  agreedRecordedByName: null,
  version: 1,
  content: content(),
  ...over,
});
const failing = (checks: Record<string, string | false>) => Object.keys(checks).filter((k) => checks[k]);

describe('dates', () => {
  it('adds months, keeping inside short months and across years', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-11-26', 12)).toBe('2028-11-26');
    expect(addMonths('2026-08-15', 6)).toBe('2027-02-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
  });
  it('knows the day in London, which differs from UTC late on a summer evening', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
  it('nudges a review only after six months', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(reviewDue(null, now)).toBe(false);
    expect(reviewDue('2026-06-01T10:00:00Z', now)).toBe(false);
    expect(reviewDue('2026-05-20T10:00:00Z', now)).toBe(true);
  });
});

describe('where the plan stands', () => {
  it('says there is no plan, a draft, and an agreed version with how it was agreed', () => {
    expect(describeStanding(null).agreed).toBe('There is no crisis plan yet.');
    const draftOnly = describeStanding({ agreed: null, draft: version({}), lastReviewedAt: null, reviewedAt: null });
    expect(draftOnly.agreed).toBe('No version has been agreed yet.');
    expect(draftOnly.draft).toBe('Version 1 is being written: last changed by Sam Patel on 10 January 2026.');
    const agreed = version({ number: 2, state: 'agreed', agreedAt: '2026-03-04T15:00:00Z', agreedHow: 'in_person', agreedRecordedByName: 'Sam Patel' });
    const s = describeStanding({ agreed, draft: null, lastReviewedAt: '2026-05-01T09:00:00Z', reviewedAt: '2026-05-01T09:00:00Z' });
    expect(s.agreed).toBe('Version 2 was agreed on 4 March 2026, in person, with a worker (recorded by Sam Patel).');
    expect(s.reviewed).toBe('Gone through together and kept as it is on 1 May 2026.');
    expect(s.draft).toBe('');
    const own = describeStanding({ agreed: { ...agreed, agreedHow: 'own_device', agreedRecordedByName: null }, draft: null, lastReviewedAt: null, reviewedAt: null });
    expect(own.agreed).toBe('Version 2 was agreed on 4 March 2026, on their own phone or computer.');
  });
});

describe('sections as text', () => {
  it('keeps the person’s words, labels the parts of a section, and describes people and services', () => {
    const c = content({
      whenWell: '  I sing in the kitchen.  ',
      gettingHarder: { signs: 'I stop answering the phone', triggers: '' },
      peopleAndPlaces: { people: [{ name: 'Ana', relationship: 'my sister', phone: '07700 900123', whenToCall: 'Any evening' }], places: 'The library' },
      services: { entries: [{ directoryEntryId: 'e1', note: 'Ask for Mo' }], note: '' },
    });
    expect(sectionLines('whenWell', c.whenWell)).toEqual([{ label: 'Me when I am well', text: 'I sing in the kitchen.' }]);
    expect(sectionText('gettingHarder', c.gettingHarder)).toBe('What I notice, or others notice: I stop answering the phone');
    expect(sectionText('peopleAndPlaces', c.peopleAndPlaces)).toBe('People: Ana (my sister), 07700 900123. Any evening\nPlaces: The library');
    expect(sectionText('services', c.services, (id) => (id === 'e1' ? 'Harbour Safe Haven' : '?'))).toBe('Services: Harbour Safe Haven: Ask for Mo');
    expect(sectionLines('practical', c.practical)).toEqual([]);
  });
  it('marks words added and taken out between versions', () => {
    const parts = wordChanges('I walk by the river', 'I walk by the sea with Ana');
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['river']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text).join('')).toContain('sea with Ana');
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe('I walk by the sea with Ana');
  });
});

describe('saving a draft', () => {
  it('drops people rows left empty, and asks for a name when a row has anything else', () => {
    const c = content({ peopleAndPlaces: { people: [{ name: '', relationship: '', phone: '', whenToCall: '' }, { name: '', relationship: 'neighbour', phone: '', whenToCall: '' }], places: '' } });
    expect(contentForSave(c).peopleAndPlaces.people).toHaveLength(1);
    expect(failing(contentChecks(c))).toEqual(['content.peopleAndPlaces.people.1.name']);
    expect(PlanContent.safeParse(contentForSave(content({ peopleAndPlaces: { people: [{ name: '', relationship: '', phone: '', whenToCall: '' }], places: '' } }))).success).toBe(true);
  });

  it('merges a draft someone else saved first: untouched sections take theirs, mine are kept, clashes are chosen', () => {
    const seen = content({ whenWell: 'A', forMyself: 'B', mattersMost: 'C' });
    const mine = content({ whenWell: 'A mine', forMyself: 'B', mattersMost: 'C mine' });
    const current = content({ whenWell: 'A', forMyself: 'B theirs', mattersMost: 'C theirs' });
    const merge = mergeDraft(seen, mine, current);
    expect(merge.mineOnly).toEqual(['whenWell']);
    expect(merge.theirsOnly).toEqual(['forMyself']);
    expect(merge.conflicts).toEqual(['mattersMost']);
    expect(merge.merged).toMatchObject({ whenWell: 'A mine', forMyself: 'B theirs' });
    expect(resolveMerge(merge, mine, current, {})).toMatchObject({ whenWell: 'A mine', forMyself: 'B theirs', mattersMost: 'C mine' });
    expect(resolveMerge(merge, mine, current, { mattersMost: 'theirs' }).mattersMost).toBe('C theirs');
  });

  it('does not call it a clash when both people wrote the same words', () => {
    const seen = content();
    const both = content({ afterCrisis: 'Rest, then a walk' });
    const merge = mergeDraft(seen, both, both);
    expect(merge.conflicts).toEqual([]);
    expect(merge.mineOnly).toEqual([]);
    expect(merge.merged.afterCrisis).toBe('Rest, then a walk');
  });
});

describe('the share form', () => {
  const today = '2026-11-26';
  it('starts with a year, checks what it needs, and the body passes the shared contract', () => {
    const f = emptyShareForm(today);
    expect(f.endsOn).toBe('2027-11-26');
    expect(failing(shareChecks(f, today)).sort()).toEqual(['consentHow', 'recipientKind', 'recipientName', 'sections']);
    const filled = { ...f, recipientKind: 'carer' as const, recipientName: ' Jo Smith ', relationship: 'my mum', recipientPhone: '07700 900456', sections: ['services', 'whenWell'] as ('services' | 'whenWell')[], consentHow: 'in_person' as const };
    expect(failing(shareChecks(filled, today))).toEqual([]);
    const body = shareBody(filled);
    expect(body).toEqual({ recipientKind: 'carer', recipientName: 'Jo Smith', relationship: 'my mum', recipientPhone: '07700 900456', sections: ['whenWell', 'services'], consentHow: 'in_person', endsOn: '2027-11-26' });
    expect(ShareCreate.safeParse(body).success).toBe(true);
  });
  it('refuses a past end, one beyond two years, and a partner service not chosen', () => {
    const f = { ...emptyShareForm(today), recipientKind: 'partner_service' as const, recipientName: 'Crisis team', sections: ['whenWell' as const], consentHow: 'phone' as const };
    expect(failing(shareChecks({ ...f, endsOn: '2026-11-25' }, today))).toEqual(['recipientServiceId', 'endsOn']);
    expect(shareChecks({ ...f, recipientServiceId: 's1', endsOn: '2028-11-27' }, today).endsOn).toContain('26 November 2028');
    expect(failing(shareChecks({ ...f, recipientServiceId: 's1', endsOn: '2028-11-26' }, today))).toEqual([]);
    expect(shareBody({ ...f, recipientServiceId: 's1', recipientDirectoryEntryId: 'd1' })).toMatchObject({ recipientServiceId: 's1' });
    expect(shareBody({ ...f, recipientServiceId: 's1', recipientDirectoryEntryId: 'd1' })).not.toHaveProperty('recipientDirectoryEntryId');
  });
  it('says how a share stands, giving the last day rather than the midnight after it', () => {
    expect(describeShareStatus({ status: 'active', endsAt: '2027-11-27T00:00:00Z', revokedAt: null })).toBe('Shared until 26 November 2027');
    expect(describeShareStatus({ status: 'revoked', endsAt: '2027-11-27T00:00:00Z', revokedAt: '2026-12-01T10:00:00Z' })).toBe('Stopped on 1 December 2026');
  });
});

describe('links and emergency access', () => {
  it('checks where a link goes, matching the server’s contract', () => {
    expect(failing(linkChecks('', ''))).toEqual(['channel']);
    expect(failing(linkChecks('sms', 'not a number'))).toEqual(['to']);
    expect(failing(linkChecks('sms', '07700 900123'))).toEqual([]);
    expect(LinkCreate.safeParse({ channel: 'sms', to: '07700 900123' }).success).toBe(true);
    expect(failing(linkChecks('email', 'jo@example'))).toEqual(['to']);
    expect(failing(linkChecks('none', ''))).toEqual([]);
    expect(spacedCode('123456')).toBe('123 456');
  });
  it('finds a person one way only, and wants a real reason', () => {
    const reason = 'Found in distress at the station, cannot talk with us just now.';
    const byNhs = { by: 'nhs' as const, nhsNumber: '943 476 5919', fullName: 'ignored', dateOfBirth: '', reason };
    expect(failing(breakGlassChecks(byNhs))).toEqual([]);
    expect(breakGlassBody(byNhs)).toEqual({ nhsNumber: '9434765919', reason });
    expect(BreakGlassCreate.safeParse(breakGlassBody(byNhs)).success).toBe(true);
    const byName = { by: 'name' as const, nhsNumber: '', fullName: 'Alex Morgan', dateOfBirth: '1990-04-27', reason };
    expect(BreakGlassCreate.safeParse(breakGlassBody(byName)).success).toBe(true);
    expect(failing(breakGlassChecks({ ...byName, dateOfBirth: '27/04/1990', reason: 'urgent' }))).toEqual(['dateOfBirth', 'reason']);
  });
});
