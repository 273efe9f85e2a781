import { describe, expect, it } from 'vitest';
import { PlanContent } from '../../../shared/plans.js';
import { carePlanStatus, escapeXhtml, planBundle, sectionTexts, type ExportInput } from './fhir.js';

describe('FHIR mapping of a crisis plan', () => {
  const entry = '0190f5a4-0000-7000-8000-0000000000aa';
  const content = PlanContent.parse({
    whenWell: 'Calm & cheerful <usually>.',
    gettingHarder: { signs: 'I go quiet.', triggers: '' },
    peopleAndPlaces: { people: [{ name: 'Sam', relationship: 'my sister', phone: '07700 900123', whenToCall: 'Evenings.' }], places: '' },
    services: { entries: [{ directoryEntryId: entry, note: 'Ask for Mo.' }, { directoryEntryId: '0190f5a4-0000-7000-8000-0000000000bb', note: '' }], note: '' },
  });

  it('lists each section with words, titled, fields labelled, words unchanged', () => {
    const texts = sectionTexts(content, new Map([[entry, { name: 'Night line', phones: ['0300 555 0100'] }]]));
    expect(texts.map((s) => s.key)).toEqual(['whenWell', 'gettingHarder', 'peopleAndPlaces', 'services']);
    expect(texts[0]).toEqual({ key: 'whenWell', title: 'Me when I am well', parts: [{ label: 'Me when I am well', text: 'Calm & cheerful <usually>.' }] });
    expect(texts[1]!.parts).toEqual([{ label: 'What I notice, or others notice', text: 'I go quiet.' }]);
    expect(texts[2]!.parts).toEqual([{ label: 'People', text: 'Sam (my sister)\n07700 900123\nWhen to call: Evenings.' }]);
    expect(texts[3]!.parts).toEqual([
      { label: 'Services', text: 'Night line, 0300 555 0100\nAsk for Mo.' },
      { label: 'Services', text: 'A service no longer in the directory' },
    ]);
  });

  it('escapes everything that could be markup', () => {
    expect(escapeXhtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('gives the newest agreed version active, older agreed completed, a draft draft', () => {
    expect(carePlanStatus({ state: 'agreed', isLatestAgreed: true })).toBe('active');
    expect(carePlanStatus({ state: 'agreed', isLatestAgreed: false })).toBe('completed');
    expect(carePlanStatus({ state: 'draft', isLatestAgreed: false })).toBe('draft');
  });

  it('builds a collection whose references all resolve inside it', () => {
    const ids = (n: number) => `0190f5a4-0000-7000-8000-00000000000${n}`;
    const input: ExportInput = {
      bundleId: ids(0),
      publicUrl: 'https://alongside.example.org',
      now: '2026-11-26T12:00:00.000Z',
      organisation: { id: ids(1), name: 'Harbour' },
      person: { id: ids(2), preferredName: 'Kit', fullName: null, dateOfBirth: null, nhsNumber: null },
      planId: ids(3),
      version: {
        id: ids(4),
        number: 1,
        state: 'agreed',
        content,
        createdAt: '2026-11-20T10:00:00.000Z',
        createdBy: null,
        updatedAt: '2026-11-20T10:00:00.000Z',
        updatedBy: null,
        agreedAt: '2026-11-20T10:00:00.000Z',
        agreedHow: 'own_device',
        agreedRecordedBy: null,
        isLatestAgreed: true,
      },
      staff: new Map(),
      shares: [],
      services: new Map(),
    };
    const bundle = planBundle(input);
    expect(bundle.entry!.map((e) => e.resource!.resourceType)).toEqual(['Patient', 'CarePlan', 'Organization']);
    const urls = new Set(bundle.entry!.map((e) => e.fullUrl));
    const refs = [...JSON.stringify(bundle).matchAll(/"reference":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !urls.has(r))).toEqual([]);
    // With no worker recorded, the organisation stands as the author.
    const care = bundle.entry![1]!.resource as { author: { reference: string } };
    expect(care.author.reference).toBe(`urn:uuid:${ids(1)}`);
  });
});
