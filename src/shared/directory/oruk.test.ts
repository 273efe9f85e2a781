import { describe, expect, it } from 'vitest';
import { DirectoryEntryForm, DirectoryEntryId } from './entries.js';
import { feedItems, OrukFeed, OrukService } from './oruk.js';
import { isTaxonomyCode, orukTaxonomies, TAXONOMY_CODES, TAXONOMY_TERMS, taxonomyLabel } from './taxonomy.js';

describe('our vocabulary', () => {
  it('has one plain label for each code, and ORUK terms in our vocabulary', () => {
    expect(new Set(TAXONOMY_CODES).size).toBe(TAXONOMY_TERMS.length);
    expect(TAXONOMY_CODES).toEqual(expect.arrayContaining(['crisis-line', 'safe-haven', 'emergency-department', 'gp', 'nhs-111', 'crisis-team', 'carers-support', 'drug-alcohol', 'housing', 'money-advice', 'domestic-abuse', 'young-people', 'bereavement', 'peer-support', 'talking-therapies']));
    for (const t of TAXONOMY_TERMS) {
      expect(t.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.label.length).toBeGreaterThan(2);
    }
    expect(orukTaxonomies()).toContainEqual({ id: 'housing', name: 'Housing advice', vocabulary: 'alongside-crisis' });
    expect(isTaxonomyCode('housing')).toBe(true);
    expect(isTaxonomyCode('http://id.esd.org.uk/service/1')).toBe(false);
    expect(taxonomyLabel('unknown-code')).toBe('unknown-code');
  });
});

describe('ORUK documents and feeds', () => {
  const minimal = { id: 'a', name: 'A', organization: { id: 'o', name: 'O' } };

  it('reads a minimal service with empty lists, keeping unknown fields', () => {
    const s = OrukService.parse({ ...minimal, x_extra: { deep: [1] }, languages: null });
    expect(s).toMatchObject({ status: 'active', languages: [], contacts: [], x_extra: { deep: [1] } });
  });

  it('accepts a list, a v1 page or a 3.0 page, and names where each service is', () => {
    const list = feedItems(OrukFeed.parse([minimal]));
    expect(list.items).toHaveLength(1);
    expect(list.at(0)).toBe('[0]');
    expect(feedItems(OrukFeed.parse({ totalElements: 1, content: [minimal] })).at(2)).toBe('content[2]');
    expect(feedItems(OrukFeed.parse({ total_items: 1, contents: [minimal] })).at(1)).toBe('contents[1]');
    expect(OrukFeed.safeParse({ services: [] }).success).toBe(false);
    expect(OrukFeed.safeParse('[]').success).toBe(false);
  });

  it('refuses control characters in ids and non-web links', () => {
    expect(OrukService.safeParse({ ...minimal, id: 'a\u0000b' }).success).toBe(false);
    expect(OrukService.safeParse({ ...minimal, url: 'data:text/html,<script>' }).success).toBe(false);
    expect(OrukService.safeParse({ ...minimal, url: 'https://example.org/a?b=c' }).success).toBe(true);
    expect(DirectoryEntryId.safeParse('or-uk:svc 42').success).toBe(true);
    expect(DirectoryEntryId.safeParse('x\ny').success).toBe(false);
  });

  it('the admin form trims, fills defaults, and refuses links that are not web addresses', () => {
    const f = DirectoryEntryForm.parse({ name: ' Line ', organisationName: 'Org', postcode: ' rv1 4qs ' });
    expect(f).toMatchObject({ name: 'Line', postcode: 'RV1 4QS', phones: [], taxonomy: [], status: 'active', serviceId: null, schedules: { regular_schedules: [], holiday_schedules: [], observes_bank_holidays: false } });
    for (const url of ['javascript:alert(1)', 'ftp://example.org', 'www.example.org', 'https://']) {
      expect(DirectoryEntryForm.safeParse({ name: 'L', organisationName: 'O', url }).success, url).toBe(false);
    }
    expect(DirectoryEntryForm.safeParse({ name: 'L', organisationName: 'O', languages: ['English', 'english'] }).success).toBe(false);
  });
});
