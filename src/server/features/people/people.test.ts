import { describe, expect, it } from 'vitest';
import { DateOfBirth, NhsNumber, PersonCreate, PeopleSearchQuery, isCalendarDate, nhsNumberValid } from '../../../shared/people.js';
import {
  ageNow,
  isPossibleDuplicate,
  mergeEquality,
  nameKey,
  namePhonetic,
  nameScore,
  queryWords,
  rankPeople,
  readEquality,
  searchTerms,
  pairTerms,
  phoneticCode,
  wordSimilarity,
  yearsBetween,
} from './rules.js';

describe('nhsNumberValid (modulus 11)', () => {
  it.each(['9434765919', '943 476 5919', '943-476-5919', '4010232137', '9876543210', '4505577104'])('accepts %s', (n) => {
    expect(nhsNumberValid(n)).toBe(true);
  });
  it.each([
    ['9434765918', 'wrong check digit'],
    ['9434765910', 'wrong check digit'],
    ['1234567890', 'check digit would be 10'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['94347659a9', 'a letter'],
    ['', 'empty'],
  ])('refuses %s (%s)', (n) => {
    expect(nhsNumberValid(n)).toBe(false);
  });
  it('a check remainder of 11 means a check digit of 0', () => {
    // Nine zeros weigh 0: 11 - 0 = 11, so the check digit is 0.
    expect(nhsNumberValid('0000000000')).toBe(true);
    expect(nhsNumberValid('0000000001')).toBe(false);
  });
  it('the schema stores digits only and explains a bad number', () => {
    expect(NhsNumber.parse(' 943 476 5919 ')).toBe('9434765919');
    const bad = NhsNumber.safeParse('943 476 5918');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/not right/);
  });
});

describe('dates of birth', () => {
  it('knows real calendar dates', () => {
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1999-02-29')).toBe(false);
    expect(isCalendarDate('2000-13-01')).toBe(false);
    expect(isCalendarDate('01/02/2000')).toBe(false);
  });
  it('refuses the future and before 1900', () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(DateOfBirth.safeParse(tomorrow).success).toBe(false);
    expect(DateOfBirth.safeParse('1899-12-31').success).toBe(false);
    expect(DateOfBirth.safeParse('1900-01-01').success).toBe(true);
  });
  it('refuses a date of birth and an approximate age together', () => {
    const r = PersonCreate.safeParse({ preferredName: 'Sam', dateOfBirth: '1990-01-01', approximateAge: 30 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['approximateAge']);
  });
  it('search needs at least one of name, date of birth or NHS number', () => {
    expect(PeopleSearchQuery.safeParse({}).success).toBe(false);
    expect(PeopleSearchQuery.safeParse({ nhs: '943 476 5919' }).data).toEqual({ nhs: '9434765919' });
  });
});

describe('ages', () => {
  it('counts whole years', () => {
    expect(yearsBetween('1990-06-15', '2026-06-14')).toBe(35);
    expect(yearsBetween('1990-06-15', '2026-06-15')).toBe(36);
  });
  it('ages an approximate age from the day it was given', () => {
    expect(ageNow({ date_of_birth: null, approximate_age: 30, age_recorded_on: '2024-01-10' }, '2026-11-26')).toBe(32);
    expect(ageNow({ date_of_birth: '2000-11-27', approximate_age: null, age_recorded_on: null }, '2026-11-26')).toBe(25);
    expect(ageNow({ date_of_birth: null, approximate_age: null, age_recorded_on: null }, '2026-11-26')).toBeNull();
  });
});

describe('name keys', () => {
  it('lower-cases, removes accents and punctuation, collapses spaces', () => {
    expect(nameKey('  Zoë   O’Brien-Núñez ')).toBe('zoe obrien nunez');
    expect(nameKey('Siân  Ó Súilleabháin')).toBe('sian o suilleabhain');
    expect(nameKey('!!!')).toBe('');
  });
  it('gives one phonetic code per word, the same for common spellings', () => {
    expect(namePhonetic('john smith')).toBe(namePhonetic('jon smyth'));
    expect(namePhonetic('john smith').split(' ')).toHaveLength(2);
  });
  it('makes search terms from both names without repeats', () => {
    const terms = searchTerms('Jo', 'Joanna Jo Smith');
    expect(terms.filter((t) => t.kind === 'w').map((t) => t.term)).toEqual(['jo', 'joanna', 'smith']);
    expect(terms.filter((t) => t.kind === 'p').length).toBeGreaterThan(0);
    expect(terms.filter((t) => t.kind === 'n').map((t) => t.term)).toEqual(['jo', 'joanna jo smith']);
    expect(terms.filter((t) => t.kind === 'f').map((t) => t.term)).toEqual(['J', namePhonetic('joanna jo smith')]);
    expect(new Set(terms.map((t) => `${t.kind}${t.term}`)).size).toBe(terms.length);
    expect(searchTerms('A'.repeat(200), null).find((t) => t.kind === 'n')?.term).toHaveLength(60);
  });
  it('pairs name words in either order, by sound and by first letters', () => {
    const terms = pairTerms(['priya', 'adebayo']);
    expect(terms).toEqual(pairTerms(['adebayo', 'priya']));
    expect(terms.find((t) => t.kind === 'r')?.term).toBe('ade pri');
    expect(terms.find((t) => t.kind === 'q')?.term).toBe([phoneticCode('adebayo'), phoneticCode('priya')].sort().join(' '));
    // A misspelling keeps the sound of both words or their first letters.
    expect(pairTerms(['pior', 'adebaio']).map((t) => t.term)).toContain(terms.find((t) => t.kind === 'q')!.term);
    expect(pairTerms(['winstn', 'wrigt']).map((t) => t.term)).toContain(pairTerms(['winston', 'wright']).find((t) => t.kind === 'r')!.term);
    // Search terms carry the pairs of both names' words; one word has no pair.
    expect(searchTerms('Pri', 'Priya Adebayo').filter((t) => t.kind === 'r').map((t) => t.term).sort()).toEqual(['ade pri', 'pri pri']);
    expect(pairTerms(['cher'])).toEqual([]);
  });
  it('bounds the pairs of a long name', () => {
    const words = 'a1 b2 c3 d4 e5 f6 g7 h8 i9'.split(' ');
    expect(pairTerms(words).filter((t) => t.kind === 'r')).toHaveLength(15);
  });
  it('bounds the words of a query', () => {
    expect(queryWords('a b c d e f g')).toHaveLength(5);
  });
});

describe('ranking', () => {
  it('scores prefixes, sounds and small typos', () => {
    expect(wordSimilarity('jo', 'john')).toBeGreaterThan(0.9);
    expect(wordSimilarity('smith', 'smyth')).toBeGreaterThanOrEqual(0.8);
    expect(wordSimilarity('smith', 'jones')).toBeLessThan(0.5);
    expect(nameScore(['john', 'smith'], 'Jon Smyth', null)).toBeGreaterThanOrEqual(0.8);
  });
  const people = [
    { id: 'a', preferredName: 'Jane Doe', fullName: null, dateOfBirth: '1980-01-01', nhsNumber: null },
    { id: 'b', preferredName: 'Jon Smyth', fullName: null, dateOfBirth: '1990-05-05', nhsNumber: '9434765919' },
    { id: 'c', preferredName: 'John Smith', fullName: 'John Peter Smith', dateOfBirth: null, nhsNumber: null },
    { id: 'd', preferredName: 'Johanna Smithers', fullName: null, dateOfBirth: null, nhsNumber: null },
  ];
  it('puts the exact name first, close spellings next, and leaves out poor matches', () => {
    const ranked = rankPeople({ words: ['john', 'smith'] }, people);
    expect(ranked.map((p) => p.id).slice(0, 2)).toEqual(['c', 'b']);
    expect(ranked.map((p) => p.id)).not.toContain('a');
  });
  it('an NHS number or date of birth match outranks a name match', () => {
    const ranked = rankPeople({ words: ['john', 'smith'], dob: '1990-05-05' }, people);
    expect(ranked[0]!.id).toBe('b');
    expect(ranked[0]!.matchedOn).toEqual(['dob', 'name']);
    expect(rankPeople({ words: [], nhs: '9434765919' }, people).map((p) => p.id)).toEqual(['b']);
  });
  it('keeps at most the limit', () => {
    expect(rankPeople({ words: ['j'] }, people, 2)).toHaveLength(2);
  });
});

describe('possible duplicates', () => {
  const base = { preferredName: 'John Smith', fullName: null, dateOfBirth: '1990-05-05', age: 36, nhsNumber: null };
  it('the same NHS number is a duplicate; two different ones are not', () => {
    expect(isPossibleDuplicate({ ...base, nhsNumber: '9434765919' }, { ...base, preferredName: 'Someone Else', nhsNumber: '9434765919' })).toBe(true);
    expect(isPossibleDuplicate({ ...base, nhsNumber: '9434765919' }, { ...base, nhsNumber: '4010232137' })).toBe(false);
  });
  it('a close name with the same date of birth is a duplicate; a different date is not', () => {
    expect(isPossibleDuplicate(base, { ...base, preferredName: 'Jon Smyth' })).toBe(true);
    expect(isPossibleDuplicate(base, { ...base, dateOfBirth: '1991-05-05' })).toBe(false);
    expect(isPossibleDuplicate(base, { ...base, preferredName: 'Mary Jones' })).toBe(false);
  });
  it('ages compare within three years when a date is missing', () => {
    expect(isPossibleDuplicate(base, { ...base, dateOfBirth: null, age: 38 })).toBe(true);
    expect(isPossibleDuplicate(base, { ...base, dateOfBirth: null, age: 50 })).toBe(false);
    expect(isPossibleDuplicate({ ...base, dateOfBirth: null, age: null }, base)).toBe(true);
  });
});

describe('equality answers', () => {
  it('reads missing or unknown answers as not asked', () => {
    expect(readEquality('{"ethnicity":"white_irish","gender":"martian"}')).toMatchObject({ ethnicity: 'white_irish', gender: 'not_asked', religion: 'not_asked' });
    expect(readEquality('not json').disability).toBe('not_asked');
  });
  it('a change keeps the answers it does not mention', () => {
    const current = readEquality('{"religion":"sikh"}');
    expect(mergeEquality(current, { gender: 'prefer_not_to_say' })).toMatchObject({ religion: 'sikh', gender: 'prefer_not_to_say' });
  });
});
