import { describe, expect, it } from 'vitest';
import { describeFindings, findIdentifiers, nameCandidates, namePairs, plannedSessionProblems, ukPhoneNational, unusualSingles, type NameLookup } from './rules.js';

const kinds = (text: string, names?: NameLookup) => findIdentifiers(text, names).map((f) => [f.kind, f.text]);

describe('finding client identifiers in group notes', () => {
  it('finds valid NHS numbers with or without spaces, and not ten digits that fail the check', () => {
    expect(kinds('We discussed 943 476 5919 today')).toEqual([['nhs_number', '943 476 5919']]);
    expect(kinds('ref 9434765919.')).toEqual([['nhs_number', '9434765919']]);
    expect(kinds('ref 943-476-5919')).toEqual([['nhs_number', '943-476-5919']]);
    expect(kinds('ref 9434765918')).toEqual([]);
    expect(kinds('12 people came, 3 left early')).toEqual([]);
  });

  it('finds UK mobile and landline numbers in their usual forms', () => {
    expect(kinds('call 07700 900123 later')).toEqual([['phone', '07700 900123']]);
    expect(kinds('call 07700900123')).toEqual([['phone', '07700900123']]);
    expect(kinds('or +44 7700 900123')).toEqual([['phone', '+44 7700 900123']]);
    expect(kinds('or +44 (0)7700 900123')).toEqual([['phone', '+44 (0)7700 900123']]);
    expect(kinds('office 0113 496 0000')).toEqual([['phone', '0113 496 0000']]);
    expect(kinds('london 020 7946 0000')).toEqual([['phone', '020 7946 0000']]);
    expect(kinds('(01632) 960001 is the number')).toEqual([['phone', '(01632) 960001']]);
    expect(kinds('in 2024 we met 10 times')).toEqual([]);
    expect(ukPhoneNational('07700 900123')).toBe('07700900123');
    expect(ukPhoneNational('06700 900123')).toBeNull();
  });

  it('finds two name words of someone in the records, in either order, any case, as whole words', () => {
    const names: NameLookup = { pairs: namePairs([{ preferredName: 'Zeb', fullName: 'Zebedee Quillfeather' }, { preferredName: 'Priya Adebayo', fullName: 'Priya Adebayo Smith' }]), singles: new Set() };
    expect(kinds('We talked about zebedee quillfeather and his week', names)).toEqual([['name', 'zebedee quillfeather']]);
    expect(kinds('Quillfeather, Zebedee', names)).toEqual([]);
    expect(kinds('Quillfeather Zebedee rang', names)).toEqual([['name', 'Quillfeather Zebedee']]);
    expect(kinds('Priya Adebayo Smith came in', names)).toEqual([['name', 'Priya Adebayo Smith']]);
    expect(kinds('Priya Smith came in', names)).toEqual([['name', 'Priya Smith']]);
    // Part of a longer word is not a name.
    expect(kinds('Zebedeeish Quillfeathers', names)).toEqual([]);
    // One common first name alone is not flagged.
    expect(kinds('Priya led the check-in', names)).toEqual([]);
  });

  it('flags an unusual single name, never an everyday word or a common first name', () => {
    const singles = unusualSingles([
      { term: 'quillfeather', people: 1 },
      { term: 'may', people: 1 },
      { term: 'sam', people: 2 },
      { term: 'hope', people: 1 },
      { term: 'priya', people: 40 },
    ]);
    expect([...singles]).toEqual(['quillfeather']);
    expect(kinds('May we think about Quillfeather? Sam and Priya had hope.', { pairs: new Set(), singles })).toEqual([['name', 'Quillfeather']]);
  });

  it('gives the lookup only adjacent word pairs and possible single names, bounded', () => {
    const c = nameCandidates('Zebedee Quillfeather, and the team. Will Carter');
    expect(c.singleWords).toEqual(['zebedee', 'quillfeather', 'carter']);
    // "zebedee quillfeather" and "will carter" (glue words and words across punctuation are not paired).
    expect(c.pairTerms.length).toBe(2);
    const long = Array.from({ length: 3000 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
    expect(nameCandidates(long, 100).pairTerms.length).toBeLessThanOrEqual(100);
  });

  it('reports each kind together, quoting only what was typed', () => {
    const names: NameLookup = { pairs: namePairs([{ preferredName: 'Jo Bloggs', fullName: null }]), singles: new Set() };
    const found = findIdentifiers('Jo Bloggs 07700 900123 943 476 5919', names);
    expect(found.map((f) => f.kind)).toEqual(['name', 'phone', 'nhs_number']);
    const message = describeFindings(found);
    expect(message).toContain('‘07700 900123’ looks like a phone number');
    expect(message).toContain('‘Jo Bloggs’ looks like someone’s name');
    expect(message).toContain('‘943 476 5919’ looks like an NHS number');
  });
});

describe('planned sessions', () => {
  it('allows a future session without attendance or learning, and refuses them on it', () => {
    expect(plannedSessionProblems('2026-05-01', '2026-04-01', { attendeeIds: [], learning: null })).toEqual({});
    expect(Object.keys(plannedSessionProblems('2026-05-01', '2026-04-01', { attendeeIds: ['a'], learning: 'x' }))).toEqual(['attendeeIds', 'learning']);
    expect(plannedSessionProblems('2026-04-01', '2026-04-01', { attendeeIds: ['a'], learning: 'x' })).toEqual({});
  });
});
