import { describe, expect, it } from 'vitest';
import type { Membership, Session, User } from '../db/tables.js';
import { memoryRealtime, type Realtime } from '../realtime/index.js';
import { createSessionCache, SESSIONS_TOPIC, type LoadedSession } from './session-cache.js';

const TOKEN = 'a-cookie-token-long-enough-to-look-up';

function loaded(name = 'Ana'): LoadedSession {
  return {
    session: { id: 's1', user_id: 'u1', last_seen_at: '2026-11-26T10:00:00.000Z' } as Session,
    user: { id: 'u1', display_name: name } as User,
    memberships: [{ id: 'm1', role: 'peer_worker' } as Membership],
  };
}

/** A cache on a realtime whose subscription is live, with a clock the test moves. */
async function setUp(realtime: Realtime = memoryRealtime()) {
  let now = 1_000_000;
  const cache = createSessionCache(realtime, () => now, 1000);
  await new Promise((resolve) => setTimeout(resolve, 0));
  let loads = 0;
  let current = loaded();
  const load = async () => {
    loads += 1;
    return current;
  };
  return {
    cache,
    realtime,
    get: (stillGood: (l: LoadedSession) => boolean = () => true) => cache.get(TOKEN, load, stillGood),
    loads: () => loads,
    change: (name: string) => (current = loaded(name)),
    advance: (ms: number) => (now += ms),
  };
}

describe('session cache', () => {
  it('looks a session up once a second, and answers each request with its own copy', async () => {
    const s = await setUp();
    const first = await s.get();
    const second = await s.get();
    expect(s.loads()).toBe(1);
    expect(second).toEqual(first);
    first!.user.display_name = 'Changed by a request';
    first!.memberships[0]!.role = 'org_admin';
    expect((await s.get())!.user.display_name).toBe('Ana');
    expect((await s.get())!.memberships[0]!.role).toBe('peer_worker');
    s.advance(999);
    await s.get();
    expect(s.loads()).toBe(1);
    s.advance(1);
    await s.get();
    expect(s.loads()).toBe(2);
  });

  it('drops everything on a change here or published by another instance', async () => {
    const s = await setUp();
    await s.get();
    s.change('Bea');
    await s.cache.changed();
    expect(s.cache.size()).toBe(0);
    expect((await s.get())!.user.display_name).toBe('Bea');
    s.change('Cai');
    // Another instance's change arrives through Realtime.
    await s.realtime.publish(SESSIONS_TOPIC);
    expect((await s.get())!.user.display_name).toBe('Cai');
    expect(s.loads()).toBe(3);
  });

  it('never keeps a lookup that began before a change', async () => {
    const cache = createSessionCache(memoryRealtime(), () => 0, 1000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    let release!: (value: LoadedSession) => void;
    const slow = cache.get(TOKEN, () => new Promise<LoadedSession>((resolve) => (release = resolve)), () => true);
    await cache.changed();
    release(loaded('Before the change'));
    expect((await slow)!.user.display_name).toBe('Before the change');
    const after = await cache.get(TOKEN, async () => loaded('After'), () => true);
    expect(after!.user.display_name).toBe('After');
  });

  it('looks again when the cached session is no longer good (ended, or due to be touched), and keeps no null', async () => {
    const s = await setUp();
    await s.get();
    await s.get(() => false);
    expect(s.loads()).toBe(2);
    const none = await s.cache.get('another-token-long-enough-to-look-up', async () => null, () => true);
    expect(none).toBeNull();
    expect(s.cache.size()).toBe(1);
  });

  it('keeps nothing while changes from other instances cannot be heard', async () => {
    const base = memoryRealtime();
    let connected = false;
    const s = await setUp({ ...base, connected: () => connected });
    await s.get();
    await s.get();
    expect(s.loads()).toBe(2);
    expect(s.cache.size()).toBe(0);
    connected = true;
    await s.get();
    await s.get();
    expect(s.loads()).toBe(3);
  });
});
