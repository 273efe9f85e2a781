import { describe, expect, it } from 'vitest';
import { emptyPlanContent, PlanContent } from '../../../shared/plans.js';
import {
  addYears,
  agreeProblem,
  compareContent,
  describeViewer,
  endOfLondonDay,
  endsOnProblem,
  lastReviewedAt,
  linkStatus,
  orderedSections,
  reviewedRecently,
  sameValue,
  shareStatus,
  staffServiceOf,
} from './rules.js';

const at = (iso: string) => Date.parse(iso);

describe('comparing two versions', () => {
  it('lists every section in plan order, marking only the changed ones', () => {
    const from = PlanContent.parse({ whenWell: 'Calm', peopleAndPlaces: { people: [{ name: 'Jo' }] } });
    const to = PlanContent.parse({ whenWell: 'Calm', peopleAndPlaces: { people: [{ name: 'Jo', phone: '07700 900123' }] }, afterCrisis: 'A long walk' });
    const changes = compareContent(from, to);
    expect(changes.map((c) => c.key)).toEqual(['whenWell', 'gettingHarder', 'forMyself', 'peopleAndPlaces', 'fromOthers', 'services', 'saferAround', 'practical', 'mattersMost', 'afterCrisis']);
    expect(changes.filter((c) => c.changed).map((c) => c.key)).toEqual(['peopleAndPlaces', 'afterCrisis']);
    expect(changes.find((c) => c.key === 'afterCrisis')).toEqual({ key: 'afterCrisis', changed: true, before: '', after: 'A long walk' });
    expect(changes.find((c) => c.key === 'whenWell')).toEqual({ key: 'whenWell', changed: false, before: 'Calm', after: 'Calm' });
  });

  it('finds no change between a version and itself, and notices reordered people', () => {
    const content = PlanContent.parse({ peopleAndPlaces: { people: [{ name: 'A' }, { name: 'B' }] } });
    expect(compareContent(content, content).some((c) => c.changed)).toBe(false);
    const swapped = PlanContent.parse({ peopleAndPlaces: { people: [{ name: 'B' }, { name: 'A' }] } });
    expect(compareContent(content, swapped).filter((c) => c.changed).map((c) => c.key)).toEqual(['peopleAndPlaces']);
  });

  it('compares values by structure, not key order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });
});

describe('agreeing', () => {
  it('needs words in at least one part', () => {
    expect(agreeProblem(emptyPlanContent())).toMatchObject({ fields: { content: expect.any(String) } });
    expect(agreeProblem(PlanContent.parse({ practical: { pets: 'Feed the cat' } }))).toBeNull();
    expect(agreeProblem(PlanContent.parse({ whenWell: '   ' }))).not.toBeNull();
  });
});

describe('share status', () => {
  const share = { starts_at: '2026-01-01T10:00:00.000Z', ends_at: '2026-02-01T00:00:00.000Z', revoked_at: null as string | null };
  it('is active from its start until (not including) its end', () => {
    expect(shareStatus(share, at('2026-01-01T10:00:00.000Z'))).toBe('active');
    expect(shareStatus(share, at('2026-01-31T23:59:59.999Z'))).toBe('active');
    expect(shareStatus(share, at('2026-02-01T00:00:00.000Z'))).toBe('ended');
    expect(shareStatus(share, at('2026-01-01T09:59:59.999Z'))).toBe('ended');
  });
  it('is revoked the moment it is revoked, whatever its dates', () => {
    expect(shareStatus({ ...share, revoked_at: '2026-01-02T00:00:00.000Z' }, at('2026-01-05T00:00:00.000Z'))).toBe('revoked');
  });
});

describe('link status', () => {
  const link = { expires_at: '2026-06-01T00:00:00.000Z', withdrawn_at: null as string | null };
  const share = { starts_at: '2026-01-01T00:00:00.000Z', ends_at: '2026-03-01T00:00:00.000Z', revoked_at: null as string | null };
  it('follows the link and its share', () => {
    expect(linkStatus(link, null, at('2026-02-01T00:00:00Z'))).toBe('active');
    expect(linkStatus(link, null, at('2026-06-01T00:00:00Z'))).toBe('expired');
    expect(linkStatus({ ...link, withdrawn_at: '2026-01-10T00:00:00Z' }, null, at('2026-02-01T00:00:00Z'))).toBe('withdrawn');
    expect(linkStatus(link, share, at('2026-02-01T00:00:00Z'))).toBe('active');
    expect(linkStatus(link, share, at('2026-03-01T00:00:00Z'))).toBe('expired');
    expect(linkStatus(link, { ...share, revoked_at: '2026-01-20T00:00:00Z' }, at('2026-02-01T00:00:00Z'))).toBe('withdrawn');
  });
});

describe('reviews', () => {
  it('takes the latest of the last agreement and the last review', () => {
    expect(lastReviewedAt(null, null)).toBeNull();
    expect(lastReviewedAt('2026-01-01T00:00:00.000Z', null)).toBe('2026-01-01T00:00:00.000Z');
    expect(lastReviewedAt(null, '2026-02-01T00:00:00.000Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(lastReviewedAt('2026-03-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toBe('2026-03-01T00:00:00.000Z');
  });
  it('counts as recent within 183 days', () => {
    const reviewed = '2026-01-01T00:00:00.000Z';
    expect(reviewedRecently(reviewed, at(reviewed) + 183 * 86_400_000)).toBe(true);
    expect(reviewedRecently(reviewed, at(reviewed) + 183 * 86_400_000 + 1)).toBe(false);
    expect(reviewedRecently(null, at(reviewed))).toBe(false);
  });
});

describe('share end dates (Europe/London)', () => {
  it('ends when the next London day starts, in winter and in summer', () => {
    expect(endOfLondonDay('2026-01-15')).toBe('2026-01-16T00:00:00.000Z');
    expect(endOfLondonDay('2026-07-15')).toBe('2026-07-15T23:00:00.000Z');
    // The clocks go forward on 29 March 2026 and back on 25 October 2026.
    expect(endOfLondonDay('2026-03-28')).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfLondonDay('2026-03-29')).toBe('2026-03-29T23:00:00.000Z');
    expect(endOfLondonDay('2026-10-24')).toBe('2026-10-24T23:00:00.000Z');
    expect(endOfLondonDay('2026-10-25')).toBe('2026-10-26T00:00:00.000Z');
  });
  it('allows today up to two years ahead, in London', () => {
    // 23:30 UTC on 1 July is already 2 July in London.
    const now = at('2026-07-01T23:30:00.000Z');
    expect(endsOnProblem('2026-07-02', now)).toBeNull();
    expect(endsOnProblem('2026-07-01', now)).not.toBeNull();
    expect(endsOnProblem('2028-07-02', now)).toBeNull();
    expect(endsOnProblem('2028-07-03', now)).not.toBeNull();
    expect(addYears('2028-02-29', 1)).toBe('2029-03-01');
  });
  it('keeps sections in plan order, each once', () => {
    expect(orderedSections(['afterCrisis', 'whenWell', 'afterCrisis'])).toEqual(['whenWell', 'afterCrisis']);
  });
});

describe('who looked', () => {
  const base = { userName: null, organisationName: null, serviceName: null, recipientName: null, relationship: null, recipientKind: null, reason: null };
  it('says each kind of viewer plainly', () => {
    expect(describeViewer({ ...base, viewerKind: 'staff', userName: 'Sam Patel', organisationName: 'Harbour Safe Haven' })).toBe('Sam Patel (Harbour Safe Haven team)');
    expect(describeViewer({ ...base, viewerKind: 'partner', userName: 'Dr Ali', serviceName: 'Crisis team' })).toBe('Dr Ali, Crisis team');
    expect(describeViewer({ ...base, viewerKind: 'break_glass', userName: 'Dr Ali', reason: 'Found unwell' })).toBe('Emergency access by Dr Ali — reason: Found unwell');
    expect(describeViewer({ ...base, viewerKind: 'recipient', recipientName: 'Jo Smith', recipientKind: 'carer' })).toBe('Jo Smith (carer)');
    expect(describeViewer({ ...base, viewerKind: 'recipient', recipientName: 'Jo Smith', recipientKind: 'family', relationship: 'my sister' })).toBe('Jo Smith (my sister)');
    expect(describeViewer({ ...base, viewerKind: 'recipient', recipientName: 'Jo Smith', recipientKind: 'other' })).toBe('Jo Smith');
    expect(describeViewer({ ...base, viewerKind: 'staff' })).toBe('Someone');
    expect(describeViewer({ ...base, viewerKind: 'staff', userName: 'Sam Patel', serviceName: 'The Harbour', organisationName: 'Riverside' })).toBe('Sam Patel (The Harbour team)');
  });
  it('names the one service a member of staff works in, if only one', () => {
    expect(staffServiceOf([{ service_id: 's1' }, { service_id: 's1' }])).toBe('s1');
    expect(staffServiceOf([{ service_id: 's1' }, { service_id: 's2' }])).toBeNull();
    expect(staffServiceOf([{ service_id: null }])).toBeNull();
    expect(staffServiceOf([])).toBeNull();
  });
});
