import { describe, expect, it } from 'vitest';
import { NameIndex, type IndexedPerson } from './name-index.js';
import { nameKey, nameScore, queryWords, rankPeople } from './rules.js';

const FIRST = ['Priya', 'Piotr', 'Nadia', 'Mohammed', 'Katarzyna', 'Abena', 'John', 'Joanna', 'Siobhan', 'Rhys', 'Li Na', 'Chloe'];
const LAST = ['Adebayo', 'Hill', 'Hall', 'Khan', 'Kowalczyk', 'Cooper', 'Smith', 'Smyth', 'Davies', 'O’Sullivan', 'Nowak', 'Chen'];

/** Everyone with every first and family name, some twice, some with a preferred name only. */
function people(): IndexedPerson[] {
  const out: IndexedPerson[] = [];
  let n = 0;
  for (const first of FIRST) {
    for (const last of LAST) {
      for (let copy = 0; copy < (n % 3 === 0 ? 2 : 1); copy += 1) {
        n += 1;
        const id = `p${String(n).padStart(4, '0')}`;
        const full = n % 7 === 0 ? null : `${first} ${last}`;
        const preferred = full ? first : `${first} ${last}`;
        out.push({ id, preferred_name: preferred, full_name: full, name_key: nameKey(`${preferred} ${full ?? ''}`) });
      }
    }
  }
  return out;
}

describe('the name index', () => {
  const everyone = people();
  const index = new NameIndex(everyone);
  /** The best 20 of everyone by rankPeople: the order search has always promised. */
  const exhaustive = (q: string) =>
    rankPeople(
      { words: queryWords(q) },
      everyone.map((p) => ({ id: p.id, preferredName: p.preferred_name, fullName: p.full_name, nameKey: p.name_key, dateOfBirth: null, nhsNumber: null })),
      20,
    );

  it('ranks like rankPeople over everyone: same people, same scores, same order', () => {
    for (const q of ['r', 'nadia h', 'pior adebaio', 'nada hil', 'priya', 'mohamed kahn', 'abea coopr', 'smith', 'katarzina kowalczik', 'j smith', 'joh', 'chen li na', 'siobahn osulivan', 'davies rhys']) {
      const hits = index.search(queryWords(q), 20);
      const expected = exhaustive(q);
      expect(hits.map((h) => h.score), q).toEqual(expected.map((p) => nameScore(queryWords(q), p.preferredName, p.fullName, p.nameKey)));
      // Equal scores go by preferred name; people with the same name and score may come in either order.
      const key = (id: string) => {
        const p = everyone.find((x) => x.id === id)!;
        return `${p.preferred_name}|${p.name_key}`;
      };
      expect(hits.map((h) => key(h.id)), q).toEqual(expected.map((p) => key(p.id)));
    }
  });

  it('finds typos in either order, an initial, and both people a misspelling is as close to', () => {
    const names = (q: string) => index.search(queryWords(q), 20).map((h) => everyone.find((p) => p.id === h.id)!.full_name ?? '');
    expect(names('pior adebaio')).toEqual(expect.arrayContaining(['Piotr Adebayo', 'Priya Adebayo']));
    expect(names('hill nadia')[0]).toBe('Nadia Hill');
    expect(names('j smyth')[0]).toMatch(/^Jo(hn|anna) Smyth$/);
    // Still typing: one letter finds the names starting with it.
    expect(names('r')[0]).toBe('Rhys Adebayo');
    expect(names('nadia h').slice(0, 3)).toEqual([expect.stringMatching(/^Nadia H/), expect.stringMatching(/^Nadia H/), expect.stringMatching(/^Nadia H/)]);
    expect(names('zzzz qqqq')).toEqual([]);
    expect(index.search([], 20)).toEqual([]);
    expect(new NameIndex([]).search(['priya'], 20)).toEqual([]);
  });

  it('answers a query the same whether its words were seen before or not (kept word looks)', () => {
    const queries = ['j smith', 'smith j', 'pior adebaio', 'adebaio', 'r', 'rhys r', 'nadia h'];
    const fresh = queries.map((q) => new NameIndex(everyone).search(queryWords(q), 20));
    // One index, the same queries again in another order: a letter as an initial and as the last word, words reused.
    const warm = new NameIndex(everyone);
    for (const q of [...queries].reverse()) warm.search(queryWords(q), 20);
    expect(queries.map((q) => warm.search(queryWords(q), 20))).toEqual(fresh);
  });

  it('gives at most the page asked for, best first', () => {
    const hits = index.search(queryWords('smith'), 5);
    expect(hits).toHaveLength(5);
    for (let i = 1; i < hits.length; i += 1) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('a touched person is stale until read again; a row read before a later change is not used', () => {
    const rows = people().slice(0, 30);
    const fresh = new NameIndex(rows);
    const [hit] = fresh.search(queryWords(rows[0]!.full_name ?? rows[0]!.preferred_name), 1);
    expect(fresh.briefOf(hit!.person)).toBe(rows[0]);
    expect(fresh.touch('no-such-person')).toBeUndefined();

    const first = fresh.touch(rows[0]!.id)!;
    expect(fresh.briefOf(hit!.person)).toBeUndefined();
    const second = fresh.touch(rows[0]!.id)!;
    // The row read after the first change came back after the second: still stale.
    expect(fresh.refreshed({ ...rows[0]! }, first)).toBe(true);
    expect(fresh.briefOf(hit!.person)).toBeUndefined();
    const reread = { ...rows[0]! };
    expect(fresh.refreshed(reread, second)).toBe(true);
    expect(fresh.briefOf(hit!.person)).toBe(reread);

    // Their names are not what the index was built from: it must be built again.
    const mark = fresh.touch(rows[0]!.id)!;
    expect(fresh.refreshed({ ...rows[0]!, preferred_name: 'Someone Else', name_key: nameKey('Someone Else') }, mark)).toBe(false);
  });

  it('built in turns, it is the same index', async () => {
    const everyone = people();
    const inTurns = await NameIndex.inTurns(everyone);
    const whole = new NameIndex(everyone);
    for (const q of ['nadia h', 'pior adebaio', 'smith', 'j smith', 'chen li na']) expect(inTurns.search(queryWords(q), 20), q).toEqual(whole.search(queryWords(q), 20));
  });
});
