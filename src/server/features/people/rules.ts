import { doubleMetaphone } from 'double-metaphone';
import { distance } from 'fastest-levenshtein';
import { EQUALITY_NOT_ASKED, EqualityOut, type EqualityInput } from '../../../shared/people.js';

/**
 * Pure rules of the people capability: name keys for search, ranking, the
 * possible-duplicate test, ages and equality answers. Data in, data out.
 */

/** Lower case, accents removed, apostrophes dropped, other punctuation a space, spaces collapsed. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The distinct words of a name key. */
export const nameWords = (key: string): string[] => [...new Set(key.split(' ').filter(Boolean))];

/** The primary Double Metaphone code of one word ('' for a word with no letters). */
export function phoneticCode(word: string): string {
  if (!/[a-z]/.test(word)) return '';
  let code = phoneticCache.get(word);
  if (code === undefined) {
    code = doubleMetaphone(word)[0];
    // A bounded memo: names repeat a lot across candidates.
    if (phoneticCache.size >= 10_000) phoneticCache.clear();
    phoneticCache.set(word, code);
  }
  return code;
}
const phoneticCache = new Map<string, string>();

/** Space-separated phonetic codes of a name key, one per word. */
export const namePhonetic = (key: string): string =>
  nameWords(key)
    .map(phoneticCode)
    .filter(Boolean)
    .join(' ');

export interface SearchTerm {
  /**
   * 'w': a name word; 'p': a word's phonetic code; 'n': a whole name key; 'f': a whole name's
   * phonetic codes; 'q': two name words' phonetic codes; 'r': two name words' first letters (pairTerms).
   */
  kind: 'w' | 'p' | 'n' | 'f' | 'q' | 'r';
  term: string;
}

/** Name words paired at most (the first ones): 6 words make 15 pairs. */
const PAIR_WORDS = 6;
/** Letters of each word in an 'r' pair: a typo after them still finds the name. */
const PAIR_PREFIX = 3;

/**
 * Terms for two words of a name at once, in either order: 'q' their phonetic codes and 'r'
 * their first letters, each pair sorted so "Adebayo Priya" and "Priya Adebayo" give the
 * same term. A query of two or more words looks these up exactly, which finds the few
 * people with both names among a hundred thousand in one index read, where one word
 * alone ("Priya") matches thousands. A misspelling usually keeps either the sound of
 * both words or their first letters, so between them most typos are still found.
 */
export function pairTerms(words: string[]): SearchTerm[] {
  const distinct = [...new Set(words)].slice(0, PAIR_WORDS);
  const out = new Map<string, SearchTerm>();
  const add = (kind: 'q' | 'r', a: string, b: string) => {
    if (!a || !b) return;
    const term = (a < b ? `${a} ${b}` : `${b} ${a}`).slice(0, TERM_MAX);
    out.set(`${kind}:${term}`, { kind, term });
  };
  for (let i = 0; i < distinct.length; i += 1) {
    for (let j = i + 1; j < distinct.length; j += 1) {
      const [a, b] = [distinct[i]!, distinct[j]!];
      add('q', phoneticCode(a), phoneticCode(b));
      if (a.length >= 2 && b.length >= 2) add('r', a.slice(0, PAIR_PREFIX), b.slice(0, PAIR_PREFIX));
    }
  }
  return [...out.values()];
}

/** Longest stored term: longer whole-name keys are cut (a prefix search still finds them). */
export const TERM_MAX = 60;

/**
 * The rows a person gets in person_search_terms: each name word and its phonetic code, and
 * each name (preferred, full) whole, as a key and as phonetic codes, for prefix search.
 */
export function searchTerms(preferredName: string, fullName: string | null): SearchTerm[] {
  const keys = [nameKey(preferredName), nameKey(fullName ?? '')].filter(Boolean);
  const words = nameWords(keys.join(' '));
  const seen = new Set<string>();
  const out: SearchTerm[] = [];
  const add = (kind: SearchTerm['kind'], value: string) => {
    const term = value.slice(0, TERM_MAX).trim();
    if (!term || seen.has(`${kind}:${term}`)) return;
    seen.add(`${kind}:${term}`);
    out.push({ kind, term });
  };
  for (const w of words) add('w', w);
  for (const w of words) add('p', phoneticCode(w));
  for (const k of keys) add('n', k);
  for (const k of keys) add('f', namePhonetic(k));
  for (const t of pairTerms(words)) add(t.kind, t.term);
  return out;
}

/** The words of a search query (at most 5, to bound the query). */
export const queryWords = (q: string): string[] => nameWords(nameKey(q)).slice(0, 5);

/**
 * How close one query word is to one name word, 0 to 1: a prefix (someone still typing)
 * or an exact word is 1; the same sound is at least 0.8; otherwise by edit distance.
 */
export function wordSimilarity(query: string, word: string): number {
  if (!query || !word) return 0;
  if (word.startsWith(query)) return query.length === word.length ? 1 : 0.95;
  const edit = 1 - distance(query, word) / Math.max(query.length, word.length);
  const pq = phoneticCode(query);
  const sound = pq !== '' && pq === phoneticCode(word) ? 0.8 : 0;
  return Math.max(edit, sound);
}

/** How well a query matches a person's names, 0 to 1: each query word against its best name word. */
export function nameScore(queryWordList: string[], preferredName: string, fullName: string | null, storedKey?: string | null): number {
  return nameScorer(queryWordList)(preferredName, fullName, storedKey);
}

export type NameScorer = (preferredName: string, fullName: string | null, storedKey?: string | null) => number;

/**
 * nameScore for one query, remembering each name word's similarity to each query word: a
 * search scores dozens of candidates whose names repeat (common first and family names),
 * and asks about some of them twice (enough found? then the ranking).
 */
export function nameScorer(queryWordList: string[]): NameScorer {
  const perQueryWord = queryWordList.map(() => new Map<string, number>());
  const similarity = (i: number, word: string) => {
    const memo = perQueryWord[i]!;
    let value = memo.get(word);
    if (value === undefined) {
      value = wordSimilarity(queryWordList[i]!, word);
      memo.set(word, value);
    }
    return value;
  };
  return (preferredName, fullName, storedKey) => {
    if (queryWordList.length === 0) return 0;
    // The stored name key (people.name_key) is the same words, already normalised.
    const words = nameWords(storedKey ?? `${nameKey(preferredName)} ${nameKey(fullName ?? '')}`);
    if (words.length === 0) return 0;
    let total = 0;
    for (let i = 0; i < queryWordList.length; i += 1) {
      let best = 0;
      for (const w of words) best = Math.max(best, similarity(i, w));
      total += best;
    }
    return total / queryWordList.length;
  };
}

export interface RankInput {
  preferredName: string;
  fullName: string | null;
  /** people.name_key when at hand (nameKey of both names). */
  nameKey?: string | null;
  dateOfBirth: string | null;
  nhsNumber: string | null;
}

export interface RankQuery {
  words: string[];
  /** nameScorer(words), when the caller has one already (its memory is shared). */
  scorer?: NameScorer;
  dob?: string | undefined;
  nhs?: string | undefined;
}

export type MatchReason = 'nhs' | 'dob' | 'name';

/** A candidate's rank (higher first) and what matched; null when it does not match well enough to show. */
export function rankCandidate(query: RankQuery, person: RankInput, scorer: NameScorer = query.scorer ?? nameScorer(query.words)): { score: number; matchedOn: MatchReason[] } | null {
  const matchedOn: MatchReason[] = [];
  let score = 0;
  if (query.nhs && person.nhsNumber === query.nhs) {
    matchedOn.push('nhs');
    score += 3;
  }
  if (query.dob && person.dateOfBirth === query.dob) {
    matchedOn.push('dob');
    score += 1;
  }
  if (query.words.length) {
    const s = scorer(person.preferredName, person.fullName, person.nameKey);
    if (s >= 0.6) {
      matchedOn.push('name');
      score += s * 2;
    }
  }
  return matchedOn.length ? { score, matchedOn } : null;
}

const byName = new Intl.Collator('en-GB').compare;

/** Ranks candidates best first (ties by name), keeping at most `limit`. */
export function rankPeople<T extends RankInput>(query: RankQuery, people: T[], limit = 20): (T & { matchedOn: MatchReason[] })[] {
  const ranked: { person: T; score: number; matchedOn: MatchReason[] }[] = [];
  const scorer = query.scorer ?? nameScorer(query.words);
  for (const person of people) {
    const r = rankCandidate(query, person, scorer);
    if (r) ranked.push({ person, ...r });
  }
  ranked.sort((a, b) => b.score - a.score || byName(a.person.preferredName, b.person.preferredName));
  return ranked.slice(0, limit).map((r) => ({ ...r.person, matchedOn: r.matchedOn }));
}

// ---- ages -------------------------------------------------------------------------------

/** Whole years between two YYYY-MM-DD dates. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return years;
}

/** Age in whole years today, from a date of birth or an approximate age given on a date. */
export function ageNow(
  person: { date_of_birth: string | null; approximate_age: number | null; age_recorded_on: string | null },
  today: string,
): number | null {
  if (person.date_of_birth) return Math.max(0, yearsBetween(person.date_of_birth, today));
  if (person.approximate_age !== null && person.approximate_age !== undefined) {
    return person.approximate_age + (person.age_recorded_on ? Math.max(0, yearsBetween(person.age_recorded_on, today)) : 0);
  }
  return null;
}

// ---- possible duplicates --------------------------------------------------------------

export interface DuplicateProbe {
  preferredName: string;
  fullName: string | null;
  dateOfBirth: string | null;
  /** Age today (from the date of birth or the approximate age), or null when unknown. */
  age: number | null;
  nhsNumber: string | null;
}

/**
 * Whether an existing record may be the same person as a new one: the same NHS number;
 * or a close name (either name) with a birth that fits — the same date of birth, ages
 * within 3 years, or no birth details on one side. Two different NHS numbers or two
 * different dates of birth mean different people.
 */
export function isPossibleDuplicate(input: DuplicateProbe, existing: DuplicateProbe): boolean {
  if (input.nhsNumber && existing.nhsNumber) return input.nhsNumber === existing.nhsNumber;
  const names = [input.preferredName, input.fullName].filter((n): n is string => Boolean(n));
  const close = names.some((n) => {
    const words = queryWords(n);
    return words.length > 0 && nameScore(words, existing.preferredName, existing.fullName) >= 0.8;
  });
  if (!close) return false;
  if (input.dateOfBirth && existing.dateOfBirth) return input.dateOfBirth === existing.dateOfBirth;
  if (input.age !== null && existing.age !== null) return Math.abs(input.age - existing.age) <= 3;
  return true;
}

// ---- equality answers ---------------------------------------------------------------------

/** Stored answers, read safely: anything missing or unknown reads as 'not_asked'. */
export function readEquality(stored: string | null | undefined): EqualityOut {
  let parsed: unknown = {};
  try {
    parsed = stored ? JSON.parse(stored) : {};
  } catch {
    parsed = {};
  }
  const out = { ...EQUALITY_NOT_ASKED };
  if (parsed && typeof parsed === 'object') {
    for (const key of Object.keys(EQUALITY_NOT_ASKED) as (keyof EqualityOut)[]) {
      const one = EqualityOut.shape[key].safeParse((parsed as Record<string, unknown>)[key]);
      if (one.success) (out as Record<string, string>)[key] = one.data;
    }
  }
  return out;
}

/** The answers after a change: given answers replace, the rest stay. */
export const mergeEquality = (current: EqualityOut, change: EqualityInput | undefined): EqualityOut => ({ ...current, ...(change ?? {}) });
