import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './database.js';

describe('SQLite statement cache', () => {
  it('prepares each SQL text once and reuses it', () => {
    const handle = new SqliteDatabase(':memory:');
    const cached = withStatementCache(handle);
    const first = cached.prepare('select 1 as one');
    expect(cached.prepare('select 1 as one')).toBe(first);
    expect(cached.prepare('select 2 as two')).not.toBe(first);
    expect(first.all()).toEqual([{ one: 1 }]);
    handle.close();
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const handle = new SqliteDatabase(':memory:');
    const cached = withStatementCache(handle);
    cached.exec('create table t (n integer); insert into t values (1), (2);');
    const first = cached.prepare('select n from t');
    const iterator = first.iterate();
    iterator.next();
    const second = cached.prepare('select n from t');
    expect(second).not.toBe(first);
    expect(second.all()).toEqual([{ n: 1 }, { n: 2 }]);
    iterator.return?.();
    handle.close();
  });

  it('keeps the rest of the handle working (pragmas, transactions, close)', () => {
    const handle = new SqliteDatabase(':memory:');
    const cached = withStatementCache(handle);
    cached.pragma('foreign_keys = OFF');
    expect(cached.pragma('foreign_keys', { simple: true })).toBe(0);
    expect(cached.open).toBe(true);
    cached.close();
    expect(handle.open).toBe(false);
  });
});
