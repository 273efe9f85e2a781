import type { Db } from '../../db/database.js';
import type { Realtime } from '../../realtime/index.js';
import { distance } from 'fastest-levenshtein';
import { randomUUID } from 'node:crypto';
import { briefsAfter, findBriefs, type PersonBrief } from './queries.js';
import { nameWords, phoneticCode } from './rules.js';

/**
 * An in-memory index of the names of one organisation's people, for search (docs/decisions.md, 27).
 *
 * A search by name read dozens to thousands of index rows and people rows from the database and
 * ranked them in code; with 100,000 people that was 0.2–5 ms a search, and on SQLite every other
 * request waited for it. Here the names live in memory, once per organisation and instance:
 * each distinct name word once (sorted, with its sound and the people who have it) and each
 * person's words and every two of them. A search scores the name words that could match each
 * query word (same first letters, or the same sound), then the people with two of them at once,
 * and only when those are too few the people with one of them.
 *
 * The page shown (20 at most) is answered from the same memory: each person's brief (the
 * columns a search result shows: names, pronouns, date of birth or age, postcode, NHS number,
 * latest contact), kept fresh person by person (decision 29). A change to a person that does not
 * touch their names, or a contact recorded with them, marks that person stale on every instance
 * (`touched`, a realtime message carrying only their id); a stale person is read from the database
 * until their brief has been read again. A change to names, a create or a merge builds the index again.
 * Reading the page from the database had been most of a search's own work (bench/README.md).
 *
 * Nothing here is written anywhere: it lives in this process's memory only, as the answers do.
 */

/** Query words paired at most (4 words: 6 pairs), as the database look does. */
const QUERY_PAIR_WORDS = 4;
/** Names scored at most by the one-word look, so a very common word cannot make a search slow. */
export const ONE_WORD_SCAN_LIMIT = 5000;
/** A name is shown when it matches at least this well (rules.ts rankCandidate). */
const SHOW_SCORE = 0.6;

export interface IndexedPerson {
  id: string;
  preferred_name: string;
  full_name: string | null;
  name_key: string;
}

export interface NameHit {
  id: string;
  score: number;
  /** The person's number in the index (briefOf). */
  person: number;
}

const byName = new Intl.Collator('en-GB').compare;

/**
 * Similarities kept for query words at most (8 bytes each: 16 MB). With a few hundred distinct
 * name words that is thousands of query words; with tens of thousands, about a hundred.
 */
const LOOK_CELLS = 1 << 21;

interface WordLook {
  word: string;
  code: string;
  similarity: Float64Array;
  candidates: number[];
}

/**
 * One organisation's names, built once and never changed (a change builds a new one). People
 * with the same name words share a "name" here (many people have the same name), so a common
 * name is scored once, however many people have it.
 */
export class NameIndex<P extends IndexedPerson = IndexedPerson> {
  /** People indexed. */
  readonly size: number;
  /** Per person: their row as read (the brief, for the page of results); patched by `refreshed`. */
  private readonly people: P[];
  /** Person id → their number. */
  private readonly numberOf: Map<string, number>;
  /** People changed since their row was read: person number → the change's mark (`touch`). */
  private readonly stale = new Map<number, number>();
  private touches = 0;
  /** Per person: where their preferred name sorts among all (ties in ranking go by name). */
  private readonly nameOrder: Int32Array;
  /** Distinct words, sorted (so a prefix is one range), and each one's sound (phoneticCode). */
  private readonly words: string[];
  private readonly codes: string[];
  /** Name n's distinct words (word numbers) are wordList[wordStart[n]] up to wordList[wordStart[n + 1]]. */
  private readonly wordStart: Int32Array;
  private readonly wordList: Int32Array;
  /** Per name: its people, in ranking order for equal scores (preferred name, then id). */
  private readonly peopleOf: Int32Array[];
  /** Per word: the names with it. */
  private readonly namesWith: Int32Array[];
  private readonly byCode: Map<string, number[]>;
  /** Two word numbers (smaller first) → the names with both. */
  private readonly pairs: Map<number, Int32Array>;
  /** Marks for one search (searches are synchronous, so one array serves them all). */
  private readonly seen: Uint32Array;
  private stamp = 0;
  /** Query words' looks (wordLook), kept while they hold fewer than LOOK_CELLS similarities in all. */
  private readonly looks = new Map<string, WordLook>();
  private lookCells = 0;

  /** `parts` from buildParts, when worked out in turns (NameIndex.inTurns); otherwise worked out here. */
  constructor(people: P[], parts: IndexParts = runToEnd(buildParts(people))) {
    this.size = people.length;
    this.people = people;
    this.numberOf = parts.numberOf;
    this.nameOrder = parts.nameOrder;
    this.words = parts.words;
    this.codes = parts.codes;
    this.wordStart = parts.wordStart;
    this.wordList = parts.wordList;
    this.peopleOf = parts.peopleOf;
    this.namesWith = parts.namesWith;
    this.byCode = parts.byCode;
    this.pairs = parts.pairs;
    this.seen = new Uint32Array(parts.peopleOf.length);
  }

  /**
   * Built a slice at a time, giving other requests a turn between slices: with 100,000 people
   * the work takes about a quarter of a second, which would otherwise stop every request.
   */
  static async inTurns<P extends IndexedPerson>(people: P[]): Promise<NameIndex<P>> {
    const steps = buildParts(people);
    const turns = new Turns();
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return new NameIndex(people, step.value);
      await turns.maybeGive();
    }
  }

  /**
   * The best `limit` people for these query words (queryWords in rules.ts), best first: the
   * same score and order as rankPeople (nameScore; ties by preferred name), from a wider set
   * of candidates than the database look reads.
   */
  search(queryWords: string[], limit: number): NameHit[] {
    const k = queryWords.length;
    if (k === 0 || this.size === 0) return [];
    const W = this.words.length;
    // Each query word's similarity to each name word and the name words it could match, kept
    // for the next search with the same word (the index never changes, so neither do they).
    const looks = queryWords.map((q, i) => this.wordLook(q, q.length === 1 && i < k - 1));
    const similarity = looks.map((look) => look.similarity);
    const sim = (i: number, w: number) => {
      const value = similarity[i]![w]!;
      return value < 0 ? this.similarityOf(looks[i]!, w) : value;
    };
    const candidates = looks.map((look) => look.candidates);

    this.stamp += 1;
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const top = new TopPeople(limit, this.nameOrder);
    let good = 0;
    const { seen, stamp, wordStart, wordList, peopleOf } = this;
    const consider = (n: number) => {
      if (seen[n] === stamp) return;
      seen[n] = stamp;
      const from = wordStart[n]!;
      const to = wordStart[n + 1]!;
      let total = 0;
      for (let i = 0; i < k; i += 1) {
        const row = similarity[i]!;
        let best = 0;
        for (let x = from; x < to; x += 1) {
          const w = wordList[x]!;
          let value = row[w]!;
          if (value < 0) value = sim(i, w);
          if (value > best) best = value;
        }
        total += best;
      }
      const score = total / k;
      if (score < SHOW_SCORE) return;
      const people = peopleOf[n]!;
      good += people.length;
      for (let x = 0; x < people.length; x += 1) if (!top.add(people[x]!, score)) break;
    };

    // Names with two of the query's words at once: a few exact lookups, however common each name is.
    const paired = Math.min(k, QUERY_PAIR_WORDS);
    for (let i = 0; i < paired; i += 1) {
      for (let j = i + 1; j < paired; j += 1) {
        for (const a of candidates[i]!) {
          for (const b of candidates[j]!) {
            if (a === b) continue;
            const names = this.pairs.get(pairKey(a, b, W));
            if (names) for (const n of names) consider(n);
          }
        }
      }
    }
    // Too few: names with one of the words (a middle name, an initial, a typo that changes a
    // word's sound and first letters), best matching words first.
    if (good < limit) {
      const words = candidates.flatMap((list, i) => list.map((w) => ({ w, s: sim(i, w) }))).sort((a, b) => b.s - a.s);
      let scanned = 0;
      for (const { w } of words) {
        const names = this.namesWith[w]!;
        for (let x = 0; x < names.length && scanned < ONE_WORD_SCAN_LIMIT; x += 1, scanned += 1) consider(names[x]!);
        if (scanned >= ONE_WORD_SCAN_LIMIT) break;
      }
    }
    return top.best().map(({ p, score }) => ({ id: this.people[p]!.id, score, person: p }));
  }

  /** A person's row as last read, or undefined while they are stale (read them from the database). */
  briefOf(person: number): P | undefined {
    return this.stale.has(person) ? undefined : this.people[person];
  }

  /**
   * This person changed (committed): their row is not used until `refreshed` gives a newer one.
   * Returns the change's mark for `refreshed`, or undefined when they are not in the index.
   */
  touch(id: string): number | undefined {
    const person = this.numberOf.get(id);
    if (person === undefined) return undefined;
    this.touches += 1;
    this.stale.set(person, this.touches);
    return this.touches;
  }

  /**
   * Their row read again after the change marked `mark`: used unless another change came since.
   * False when their names differ from the indexed ones (the index must be built again).
   */
  refreshed(row: P, mark: number): boolean {
    const person = this.numberOf.get(row.id);
    if (person === undefined) return true;
    if (row.name_key !== this.people[person]!.name_key || row.preferred_name !== this.people[person]!.preferred_name) return false;
    if (this.stale.get(person) !== mark) return true;
    this.people[person] = row;
    this.stale.delete(person);
    return true;
  }

  /** One query word's look: its sound, its similarity to each name word (-1 until worked out) and its candidate words. */
  private wordLook(q: string, initial: boolean): WordLook {
    const key = initial ? `${q}\u0000` : q;
    let look = this.looks.get(key);
    if (look) return look;
    const W = this.words.length;
    if (this.lookCells + W > LOOK_CELLS) {
      this.looks.clear();
      this.lookCells = 0;
    }
    look = { word: q, code: phoneticCode(q), similarity: new Float64Array(W).fill(-1), candidates: [] };
    // The name words it could match: the same first letters (up to three, so a typo after them
    // still matches), or the same sound. A single letter before other words is an initial (that
    // word exactly); as the last word, someone is still typing (every word starting with it).
    const found = new Set<number>();
    if (initial) {
      const at = this.lowerBound(q);
      if (this.words[at] === q) found.add(at);
    } else {
      const prefix = q.slice(0, 3);
      for (let w = this.lowerBound(prefix); w < W && this.words[w]!.startsWith(prefix); w += 1) found.add(w);
    }
    for (const w of this.byCode.get(look.code) ?? []) found.add(w);
    const l = look;
    l.candidates = [...found].sort((a, b) => this.similarityOf(l, b) - this.similarityOf(l, a));
    this.looks.set(key, look);
    this.lookCells += W;
    return look;
  }

  /** wordSimilarity in rules.ts, with the name word's sound worked out at build; kept in the look. */
  private similarityOf(look: WordLook, w: number): number {
    let value = look.similarity[w]!;
    if (value < 0) {
      const q = look.word;
      const word = this.words[w]!;
      if (word.startsWith(q)) value = q.length === word.length ? 1 : 0.95;
      else {
        const edit = 1 - distance(q, word) / Math.max(q.length, word.length);
        value = look.code !== '' && look.code === this.codes[w] ? Math.max(edit, 0.8) : edit;
      }
      look.similarity[w] = value;
    }
    return value;
  }

  /** The first word not sorting before `prefix`. */
  private lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const pairKey = (a: number, b: number, W: number) => (a < b ? a * W + b : b * W + a);

/** What a NameIndex is made of, worked out from its people (buildParts). */
interface IndexParts {
  numberOf: Map<string, number>;
  nameOrder: Int32Array;
  words: string[];
  codes: string[];
  wordStart: Int32Array;
  wordList: Int32Array;
  peopleOf: Int32Array[];
  namesWith: Int32Array[];
  byCode: Map<string, number[]>;
  pairs: Map<number, Int32Array>;
}

/** People (or names) worked through between two checks of buildParts' time (Turns). */
const SLICE = 1000;

/** Work done before other requests get a turn while building (ms). */
const BUILD_SLICE_MS = 15;

/**
 * Gives other requests a turn after each BUILD_SLICE_MS of work. Under load each turn waits
 * for every request already queued, so a build that gave a turn after every small step took
 * minutes while every search fell back to the database; this way it gets about half the time.
 */
class Turns {
  private since = performance.now();
  async maybeGive(): Promise<void> {
    if (performance.now() - this.since < BUILD_SLICE_MS) return;
    // setImmediate, not a resolved promise: on SQLite reads are synchronous, and awaiting them alone lets only promises run.
    await new Promise((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}

/** Works out a NameIndex's parts, yielding after each slice of people or names so a caller can give other work a turn. */
function* buildParts(people: IndexedPerson[]): Generator<void, IndexParts> {
  const names = [...new Set(people.map((p) => p.preferred_name))].sort(byName);
  const order = new Map<string, number>();
  names.forEach((name, i) => order.set(name, i > 0 && byName(names[i - 1]!, name) === 0 ? order.get(names[i - 1]!)! : i));
  const nameOrder = Int32Array.from(people, (p) => order.get(p.preferred_name)!);
  yield;

  const numberOf = new Map<string, number>();
  const personWords: string[][] = [];
  const wordSet = new Set<string>();
  for (let p = 0; p < people.length; p += 1) {
    numberOf.set(people[p]!.id, p);
    const ws = nameWords(people[p]!.name_key).sort();
    personWords.push(ws);
    for (const w of ws) wordSet.add(w);
    if (p % SLICE === SLICE - 1) yield;
  }
  const words = [...wordSet].sort();
  const wordNumber = new Map(words.map((w, i) => [w, i]));
  const nameNumber = new Map<string, number>();
  const nameWordsList: number[][] = [];
  const peopleLists: number[][] = [];
  for (let p = 0; p < personWords.length; p += 1) {
    const ws = personWords[p]!;
    const key = ws.join(' ');
    let n = nameNumber.get(key);
    if (n === undefined) {
      nameNumber.set(key, (n = nameWordsList.length));
      nameWordsList.push(ws.map((w) => wordNumber.get(w)!));
      peopleLists.push([]);
    }
    peopleLists[n]!.push(p);
    if (p % SLICE === SLICE - 1) yield;
  }
  const peopleOf: Int32Array[] = [];
  for (let n = 0; n < peopleLists.length; n += 1) {
    peopleOf.push(Int32Array.from(peopleLists[n]!.sort((a, b) => nameOrder[a]! - nameOrder[b]! || a - b)));
    if (n % SLICE === SLICE - 1) yield;
  }
  const wordStart = new Int32Array(nameWordsList.length + 1);
  nameWordsList.forEach((ws, n) => (wordStart[n + 1] = wordStart[n]! + ws.length));
  const wordList = Int32Array.from(nameWordsList.flat());
  yield;

  const namesWithLists: number[][] = words.map(() => []);
  const pairLists = new Map<number, number[]>();
  const W = words.length;
  for (let n = 0; n < nameWordsList.length; n += 1) {
    const ws = nameWordsList[n]!;
    for (const w of ws) namesWithLists[w]!.push(n);
    for (let i = 0; i < ws.length; i += 1) {
      for (let j = i + 1; j < ws.length; j += 1) {
        const key = pairKey(ws[i]!, ws[j]!, W);
        let list = pairLists.get(key);
        if (!list) pairLists.set(key, (list = []));
        list.push(n);
      }
    }
    if (n % SLICE === SLICE - 1) yield;
  }
  const namesWith = namesWithLists.map((list) => Int32Array.from(list));
  const pairs = new Map<number, Int32Array>();
  for (const [key, list] of pairLists) pairs.set(key, Int32Array.from(list));
  yield;
  const codes = words.map(phoneticCode);
  const byCode = new Map<string, number[]>();
  codes.forEach((code, i) => {
    if (!code) return;
    let list = byCode.get(code);
    if (!list) byCode.set(code, (list = []));
    list.push(i);
  });
  return { numberOf, nameOrder, words, codes, wordStart, wordList, peopleOf, namesWith, byCode, pairs };
}

function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The best `limit` by score (higher first), then preferred name, then the order they were built in. */
class TopPeople {
  private readonly kept: { p: number; score: number }[] = [];
  constructor(
    private readonly limit: number,
    private readonly nameOrder: Int32Array,
  ) {}
  private before(a: { p: number; score: number }, b: { p: number; score: number }): boolean {
    if (a.score !== b.score) return a.score > b.score;
    const na = this.nameOrder[a.p]!;
    const nb = this.nameOrder[b.p]!;
    return na !== nb ? na < nb : a.p < b.p;
  }
  /** Keeps p when it is among the best so far; false when it is not. */
  add(p: number, score: number): boolean {
    const kept = this.kept;
    if (kept.length === this.limit && score < kept[kept.length - 1]!.score) return false;
    const item = { p, score };
    if (kept.length === this.limit && !this.before(item, kept[kept.length - 1]!)) return false;
    let at = kept.length;
    while (at > 0 && this.before(item, kept[at - 1]!)) at -= 1;
    kept.splice(at, 0, item);
    if (kept.length > this.limit) kept.pop();
    return true;
  }
  best() {
    return this.kept;
  }
}

// ---- keeping the index fresh ------------------------------------------------------------------

/** Rows read per page when building (other requests get a turn between pages: on SQLite a page's read holds the event loop, about 10 ms). */
const BUILD_PAGE = 1000;
/** An index is built again after this long even with no change published (a change made by hand in SQL). */
export const NAME_INDEX_MAX_AGE_MS = 10 * 60_000;

/** The realtime key a change to an organisation's people names is published on. */
export const peopleChannel = (organisationId: string) => `people:${organisationId}`;

export interface NameIndexes {
  /** The organisation's index when it is current; otherwise undefined (and a build starts), so the caller searches the database. */
  current(organisationId: string): NameIndex<PersonBrief> | undefined;
  /** Names changed, someone was added, or records were merged (committed): drop this instance's index now and tell every other instance. */
  changed(organisationId: string): Promise<void>;
  /**
   * Something else these people's search results show changed (committed: pronouns, date of birth,
   * postcode, a contact recorded with them): mark them stale here now and on every other instance,
   * and read them again.
   */
  touched(organisationId: string, personIds: string[]): Promise<void>;
  /** Resolves once the organisation's index is current (for tests and warm-up). */
  ready(organisationId: string): Promise<NameIndex<PersonBrief>>;
  /** Resolves once every stale person's row has been read again (for tests). */
  settled(): Promise<void>;
  close(): void;
}

interface OrgState {
  index?: NameIndex<PersonBrief>;
  builtAt: number;
  /** Bumped by every change; a build started before a change is never kept after it. */
  generation: number;
  building?: Promise<void>;
  /** People touched while a build was under way (see markStale). */
  touchedDuringBuild?: Set<string>;
  live: boolean;
  stop?: () => void;
}

async function readNames(db: Db, organisationId: string): Promise<PersonBrief[]> {
  const people: PersonBrief[] = [];
  const turns = new Turns();
  let after = '';
  for (;;) {
    const page = await briefsAfter(db, organisationId, after, BUILD_PAGE);
    people.push(...page);
    await turns.maybeGive();
    if (page.length < BUILD_PAGE) return people;
    after = page[page.length - 1]!.id;
  }
}

/**
 * Per organisation, an index built on first use and dropped by any change to its people's
 * names, on every instance (`Realtime`, LISTEN/NOTIFY on PostgreSQL), like the board cache
 * (decision 16). While it is being built, or while changes cannot be heard, search reads the
 * database as before.
 */
export function createNameIndexes(db: Db, realtime: Realtime, clock: () => number): NameIndexes {
  const orgs = new Map<string, OrgState>();
  let closed = false;
  /** This instance, in its messages (heard). */
  const instance = randomUUID();
  /** Per organisation: stale people to read again (person id → mark), read together on the next turn. */
  const toRead = new Map<string, Map<string, number>>();
  let reading: Promise<void> | undefined;

  const readAgain = async () => {
    // Let every change of this turn arrive first, then read them in one query per organisation.
    await new Promise((resolve) => setImmediate(resolve));
    while (toRead.size > 0 && !closed) {
      const [organisationId, marks] = toRead.entries().next().value!;
      toRead.delete(organisationId);
      const rows = await findBriefs(db, organisationId, [...marks.keys()]).catch(() => null);
      const state = orgs.get(organisationId);
      if (!state?.index || rows === null) continue;
      for (const row of rows) {
        if (!state.index.refreshed(row, marks.get(row.id)!)) {
          drop(organisationId);
          break;
        }
      }
    }
  };

  /**
   * A message on an organisation's people topic. `<instance>`: anything about its people may have
   * changed; `<instance>:<person id>`: that person did; none (the listener was down): anything.
   * This instance's own messages come back to it too (at once on SQLite, a few milliseconds
   * later by NOTIFY): it acted before sending them, and acting again would throw away an index
   * built since.
   */
  const heard = (organisationId: string, detail: string | undefined) => {
    if (detail === undefined) return drop(organisationId);
    const at = detail.indexOf(':');
    const from = at < 0 ? detail : detail.slice(0, at);
    if (from === instance) return;
    if (at < 0) drop(organisationId);
    else markStale(organisationId, detail.slice(at + 1));
  };

  /**
   * Sent after the change has committed, so a failure here must not fail the request that made it.
   * If the database cannot take a NOTIFY, other instances' listeners are most likely down too,
   * and they drop everything when they reconnect.
   */
  const tellOthers = async (organisationId: string, detail: string) => {
    try {
      await realtime.publish(peopleChannel(organisationId), detail);
    } catch {
      // Nothing personal to log; see above.
    }
  };

  const startReading = () => {
    if (reading || closed) return;
    reading = readAgain().finally(() => {
      reading = undefined;
      if (toRead.size > 0) startReading();
    });
  };

  const markStale = (organisationId: string, personId: string) => {
    const state = orgs.get(organisationId);
    // A build under way may have read their row from before the change: marked in it once built.
    state?.touchedDuringBuild?.add(personId);
    const mark = state?.index?.touch(personId);
    if (mark === undefined) return;
    let marks = toRead.get(organisationId);
    if (!marks) toRead.set(organisationId, (marks = new Map()));
    marks.set(personId, mark);
    startReading();
  };

  const drop = (organisationId: string) => {
    const state = orgs.get(organisationId);
    if (!state) return;
    state.generation += 1;
    state.index = undefined;
  };

  const build = (organisationId: string, state: OrgState): Promise<void> => {
    if (state.building) return state.building;
    const generation = state.generation;
    const began = clock();
    const touchedDuringBuild = (state.touchedDuringBuild = new Set());
    state.building = readNames(db, organisationId)
      .then((people) => {
        if (closed || state.generation !== generation) return undefined;
        return NameIndex.inTurns(people);
      })
      .then((index) => {
        if (!index || closed || state.generation !== generation) return;
        state.index = index;
        state.builtAt = began;
        state.touchedDuringBuild = undefined;
        for (const personId of touchedDuringBuild) markStale(organisationId, personId);
      })
      .catch(() => undefined)
      .finally(() => {
        state.building = undefined;
        if (state.touchedDuringBuild === touchedDuringBuild) state.touchedDuringBuild = undefined;
      });
    return state.building;
  };

  const stateOf = (organisationId: string): OrgState => {
    let state = orgs.get(organisationId);
    if (!state) {
      const fresh: OrgState = { builtAt: 0, generation: 0, live: false };
      orgs.set(organisationId, (state = fresh));
      realtime
        .subscribe(peopleChannel(organisationId), (detail) => heard(organisationId, detail))
        .then((stop) => {
          if (closed) return stop();
          fresh.stop = stop;
          fresh.live = true;
          // Built now, not at the next search: searches read the database until it is.
          void build(organisationId, fresh);
        })
        .catch(() => {
          if (orgs.get(organisationId) === fresh) orgs.delete(organisationId);
        });
    }
    return state;
  };

  return {
    current(organisationId) {
      if (closed) return undefined;
      const state = stateOf(organisationId);
      // Nothing is used while changes may go unheard (the listener is down or not yet live).
      if (!state.live || realtime.connected?.() === false) return undefined;
      if (!state.index || clock() - state.builtAt >= NAME_INDEX_MAX_AGE_MS) {
        void build(organisationId, state);
      }
      return state.index;
    },
    async changed(organisationId) {
      drop(organisationId);
      await tellOthers(organisationId, instance);
    },
    async touched(organisationId, personIds) {
      // Here at once (the person who made the change searches next), then everywhere.
      for (const personId of personIds) markStale(organisationId, personId);
      for (const personId of personIds) await tellOthers(organisationId, `${instance}:${personId}`);
    },
    async settled() {
      while (reading) await reading;
    },
    async ready(organisationId) {
      for (let i = 0; i < 100; i += 1) {
        const index = this.current(organisationId);
        if (index) return index;
        const state = orgs.get(organisationId);
        await (state?.building ?? new Promise((resolve) => setTimeout(resolve, 10)));
      }
      throw new Error('the name index was not built');
    },
    close() {
      closed = true;
      for (const state of orgs.values()) state.stop?.();
      orgs.clear();
    },
  };
}
