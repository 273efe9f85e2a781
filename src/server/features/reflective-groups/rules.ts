import { nhsNumberValid } from '../../../shared/people.js';
import { nameKey, nameWords, pairTerms } from '../people/rules.js';

/**
 * Pure rules for reflective practice groups: finding what looks like a client identifier in
 * what the facilitator wrote (NHS numbers, UK phone numbers, names of people in the records),
 * and the date rules. Data in, data out; the service does the one bounded lookup of names.
 */

export type IdentifierKind = 'nhs_number' | 'phone' | 'name';

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** Exactly what the writer typed (never anything from a record). */
  text: string;
  start: number;
  end: number;
}

/** Names to look for, as normalised keys: pairs "first last" (either order) and unusual single names. */
export interface NameLookup {
  pairs: Set<string>;
  singles: Set<string>;
}

export const EMPTY_NAMES: NameLookup = { pairs: new Set(), singles: new Set() };

/** Ten digits, optionally in groups (943 476 5919, 943-476-5919, 9434765919). */
const TEN_DIGITS = /(?<![\d+])\d(?:[ -]?\d){9}(?![\d])/g;
/** A UK number: +44 or a leading 0, then 9–11 more digits with spaces, hyphens or brackets between. */
const UK_PHONE = /(?<![\d+])(?:\+44|\(?0)(?:[ \-()]{0,2}\d){9,11}(?!\d)/g;

/** A UK number's national form (0 and 10–11 digits), or null when it is not one. */
export function ukPhoneNational(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  let national = digits;
  if (raw.trim().startsWith('+44')) {
    let rest = digits.slice(2);
    if (rest.startsWith('0')) rest = rest.slice(1);
    national = `0${rest}`;
  }
  if (national.length !== 10 && national.length !== 11) return null;
  return /^0[1235789]/.test(national) ? national : null;
}

/** A word of a name as typed: letters, with apostrophes inside (O'Connor); hyphens split words. */
const WORD = /\p{L}+(?:['’]\p{L}+)*/gu;

/**
 * Words too ordinary to ever count as a single name, and glue words never taken as part of a
 * name pair. Common first names that are also everyday words are here too, so "May", "Will",
 * "Hope" or "Sam" alone are never flagged; two names together still are.
 */
const ORDINARY = new Set(
  (
    'a about after again all also am an and any are as at back be because been before being but by can could day did do does done down each even ever every feel felt few ' +
    'first for from get go going good got group had has have he her here him his how i if in into is it its just know last like little long lot made make many may me ' +
    'more most much must my never new next no not now of off on once one only or other our out over people really right said same say see session she should since so ' +
    'some still such take team than that the their them then there these they thing things think this those through time to today too two up us very want was way we ' +
    'week well went were what when where which while who why will with work would year yes yet you your ' +
    'april august june july march autumn spring summer winter monday tuesday wednesday thursday friday saturday sunday christmas easter ' +
    'hope faith grace joy rose ruby amber holly ivy daisy lily iris dawn eve sunny honey pearl jade crystal violet poppy willow ' +
    'mark bill frank jack guy pat rob art drew dean miles chase hunter sky storm river brook rain ' +
    'sam alex chris jo jos joe jon john jane james jim tom tim ben dan dave david mike michael paul peter steve sarah sara emma amy anna ann anne kate katie lucy ' +
    'sophie laura lisa mary claire helen jess jessica rachel becky beth emily ella ellie olivia mia chloe grace ruth tina sue lee kim nick matt andy tony ' +
    'bob rich richard charlie harry george oliver noah leo max jake ryan adam josh luke liam sean ian alan ray roy paul carl gary neil phil ' +
    'brown green white black gray grey young long strong sharp bright hill wood woods stone bell cook baker walker hall wall king knight page ' +
    'moody little read reading field fields banks bird fox lamb rice price wise hardy bloom case glass marsh nash'
  ).split(' '),
);

interface Token {
  key: string;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const key = nameKey(m[0]);
    if (key && !key.includes(' ')) out.push({ key, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Two tokens belong to one name when only spaces or a hyphen are between them. */
const adjacent = (text: string, a: Token, b: Token) => /^[ \t\u00a0-]{1,3}$/.test(text.slice(a.end, b.start));

const pairKey = (a: string, b: string) => `${a} ${b}`;

/**
 * What the service looks up to find names: each adjacent pair of words as a search 'q' term
 * (the phonetic pair index of people search) and each word that could be an unusual single name.
 * Bounded: at most `maxTerms` of each, so a long note is still one or two index reads.
 */
export function nameCandidates(text: string, maxTerms = 1000): { pairTerms: string[]; singleWords: string[] } {
  const toks = tokens(text);
  const pairs = new Set<string>();
  const singles = new Set<string>();
  for (let i = 0; i < toks.length; i++) {
    const a = toks[i]!;
    if (a.key.length >= 4 && !ORDINARY.has(a.key) && !/\d/.test(a.key)) singles.add(a.key);
    const b = toks[i + 1];
    if (!b || !adjacent(text, a, b) || ORDINARY_GLUE.has(a.key) || ORDINARY_GLUE.has(b.key) || a.key.length < 2 || b.key.length < 2) continue;
    for (const t of pairTerms([a.key, b.key])) if (t.kind === 'q') pairs.add(t.term);
  }
  return { pairTerms: [...pairs].slice(0, maxTerms), singleWords: [...singles].slice(0, maxTerms) };
}

/** Glue words that never start or end a name (a smaller list than ORDINARY: "Will Carter" is a name). */
const ORDINARY_GLUE = new Set('a about after all also am an and are as at be but by for from had has have he her his i if in into is it its me my no not of on or our she so than that the their them then they this to up us was we were what when with you your'.split(' '));

/** From the people a lookup found, the name pairs to match: any two words of one name, in either order. */
export function namePairs(people: { preferredName: string; fullName: string | null }[]): Set<string> {
  const out = new Set<string>();
  for (const p of people) {
    for (const name of [p.preferredName, p.fullName ?? '']) {
      const words = nameWords(nameKey(name)).slice(0, 6);
      for (let i = 0; i < words.length; i++) {
        for (let j = i + 1; j < words.length; j++) {
          out.add(pairKey(words[i]!, words[j]!));
          out.add(pairKey(words[j]!, words[i]!));
        }
      }
    }
  }
  return out;
}

/** Unusual single names: words of someone's name that few people share and that are not everyday words. */
export function unusualSingles(counts: { term: string; people: number }[], maxPeople = 3): Set<string> {
  return new Set(counts.filter((c) => c.people >= 1 && c.people <= maxPeople && c.term.length >= 4 && !ORDINARY.has(c.term)).map((c) => c.term));
}

/**
 * Everything in the text that looks like a client identifier: valid NHS numbers, UK phone
 * numbers, and names of people in the records (two name words together, or an unusual single
 * name). Whole words, case does not matter. Overlapping findings are merged, first kind wins
 * (an NHS number is never also reported as a phone number).
 */
export function findIdentifiers(text: string, names: NameLookup = EMPTY_NAMES): IdentifierFinding[] {
  const found: IdentifierFinding[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  const add = (kind: IdentifierKind, start: number, end: number) => {
    if (!taken(start, end)) found.push({ kind, text: text.slice(start, end), start, end });
  };
  for (const m of text.matchAll(TEN_DIGITS)) if (nhsNumberValid(m[0])) add('nhs_number', m.index, m.index + m[0].length);
  for (const m of text.matchAll(UK_PHONE)) {
    // A bracket that opened before the number is not part of what we quote.
    const raw = m[0].replace(/[ \-(]+$/, '');
    if (ukPhoneNational(raw)) add('phone', m.index, m.index + raw.length);
  }
  if (names.pairs.size || names.singles.size) {
    const toks = tokens(text);
    let lastEnd = -1;
    for (let i = 0; i < toks.length; i++) {
      const a = toks[i]!;
      const b = toks[i + 1];
      if (b && adjacent(text, a, b) && names.pairs.has(pairKey(a.key, b.key))) {
        // A third word of the same name ("Priya Adebayo Smith") joins the same finding.
        let end = b.end;
        let j = i + 1;
        while (toks[j + 1] && adjacent(text, toks[j]!, toks[j + 1]!) && names.pairs.has(pairKey(toks[j]!.key, toks[j + 1]!.key))) {
          j += 1;
          end = toks[j]!.end;
        }
        const start = a.start < lastEnd ? lastEnd : a.start;
        add('name', start, end);
        lastEnd = end;
        i = j;
        continue;
      }
      if (names.singles.has(a.key) && a.start >= lastEnd) add('name', a.start, a.end);
    }
  }
  return found.sort((x, y) => x.start - y.start);
}

const KIND_WORDS: Record<IdentifierKind, string> = {
  nhs_number: 'looks like an NHS number',
  phone: 'looks like a phone number',
  name: 'looks like someone’s name',
};

/** One plain sentence for a field's findings, quoting only what was typed. */
export function describeFindings(findings: IdentifierFinding[]): string {
  const parts = findings.slice(0, 5).map((f) => `‘${f.text.length > 40 ? `${f.text.slice(0, 40)}…` : f.text}’ ${KIND_WORDS[f.kind]}`);
  const more = findings.length > 5 ? ` (and ${findings.length - 5} more)` : '';
  return `${parts.join('; ')}${more}. Group notes must not identify anyone the service supports: take it out or describe it in general terms.`;
}

/** Today's date (YYYY-MM-DD, UTC) on the given clock. */
export const todayOn = (now: number): string => new Date(now).toISOString().slice(0, 10);

/**
 * Date rules: a session in the future is a plan: it can have a facilitator, team and themes
 * but no attendance or learning yet (those are for a session that has happened).
 */
export function plannedSessionProblems(heldOn: string, today: string, input: { attendeeIds: string[]; learning: string | null | undefined }): Record<string, string> {
  if (heldOn <= today) return {};
  const fields: Record<string, string> = {};
  if (input.attendeeIds.length > 0) fields.attendeeIds = 'Record who came once the session has happened (this date is in the future)';
  if (input.learning) fields.learning = 'Record the learning once the session has happened (this date is in the future)';
  return fields;
}
