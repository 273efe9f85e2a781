import { describe, expect, it } from 'vitest';
import { memoryRealtime, type Realtime } from './index.js';
import { createLiveCache } from './live-cache.js';

function setup(ttlMs = 2000) {
  let now = 1_000_000;
  const realtime = memoryRealtime();
  const cache = createLiveCache<string>(realtime, () => now, ttlMs);
  let builds = 0;
  const build = (value: string) => async () => {
    builds += 1;
    return value;
  };
  return { realtime, cache, build, builds: () => builds, advance: (ms: number) => (now += ms) };
}

describe('live cache', () => {
  it('builds once and shares the value until the service changes', async () => {
    const { cache, build, builds, realtime } = setup();
    expect(await cache.get('org', 's1', build('a'))).toBe('a');
    expect(await cache.get('org', 's1', build('b'))).toBe('a');
    expect(builds()).toBe(1);
    await realtime.publish('s1');
    expect(await cache.get('org', 's1', build('c'))).toBe('c');
    expect(builds()).toBe(2);
  });

  it('keeps services and organisations apart', async () => {
    const { cache, build, realtime } = setup();
    await cache.get('org', 's1', build('one'));
    await cache.get('org', 's2', build('two'));
    await cache.get('other', 's1', build('theirs'));
    expect(await cache.get('org', 's2', build('x'))).toBe('two');
    expect(await cache.get('other', 's1', build('x'))).toBe('theirs');
    await realtime.publish('s2');
    expect(await cache.get('org', 's1', build('x'))).toBe('one');
    expect(await cache.get('org', 's2', build('fresh'))).toBe('fresh');
  });

  it('never serves a value older than its time to live', async () => {
    const { cache, build, advance } = setup(2000);
    await cache.get('org', 's1', build('old'));
    advance(1999);
    expect(await cache.get('org', 's1', build('new'))).toBe('old');
    advance(1);
    expect(await cache.get('org', 's1', build('new'))).toBe('new');
  });

  it('shares one build between requests that arrive together', async () => {
    const { cache, builds } = setup();
    let release!: (v: string) => void;
    let calls = 0;
    const slow = () => {
      calls += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const waiting = [cache.get('org', 's1', slow), cache.get('org', 's1', slow), cache.get('org', 's1', slow)];
    await new Promise((r) => setImmediate(r));
    release('built');
    expect(await Promise.all(waiting)).toEqual(['built', 'built', 'built']);
    expect(calls).toBe(1);
    expect(builds()).toBe(0);
  });

  it('does not keep a build that began before a change', async () => {
    const { cache, realtime, build } = setup();
    let release!: (v: string) => void;
    const before = cache.get('org', 's1', () => new Promise<string>((resolve) => (release = resolve)));
    await new Promise((r) => setImmediate(r));
    await realtime.publish('s1');
    release('from before the change');
    expect(await before).toBe('from before the change');
    expect(await cache.get('org', 's1', build('after'))).toBe('after');
  });

  it('does not keep a failed build', async () => {
    const { cache, build } = setup();
    await expect(cache.get('org', 's1', () => Promise.reject(new Error('database busy')))).rejects.toThrow('database busy');
    expect(cache.size()).toBe(0);
    expect(await cache.get('org', 's1', build('ok'))).toBe('ok');
  });

  it('caches nothing while changes cannot be heard', async () => {
    let attempts = 0;
    const deaf: Realtime = {
      publish: async () => undefined,
      subscribe: async () => {
        attempts += 1;
        throw new Error('listener down');
      },
      close: async () => undefined,
    };
    const cache = createLiveCache<number>(deaf, () => 0);
    let n = 0;
    expect(await cache.get('org', 's1', async () => ++n)).toBe(1);
    expect(await cache.get('org', 's1', async () => ++n)).toBe(2);
    expect(cache.size()).toBe(0);
    // It keeps trying to subscribe, so caching resumes once the listener is back.
    expect(attempts).toBe(2);
  });

  it('builds every time once closed', async () => {
    const { cache, build, builds } = setup();
    cache.close();
    await cache.get('org', 's1', build('a'));
    await cache.get('org', 's1', build('a'));
    expect(builds()).toBe(2);
  });
});
