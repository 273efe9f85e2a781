import { describe, expect, it } from 'vitest';
import { memoryRealtime } from './index.js';

describe('in-process realtime (SQLite)', () => {
  it('delivers to subscribers of that service only, and stops on unsubscribe and close', async () => {
    const rt = memoryRealtime();
    const got: string[] = [];
    const offA = await rt.subscribe('a', () => got.push('a1'));
    await rt.subscribe('a', () => got.push('a2'));
    await rt.subscribe('b', () => got.push('b'));
    await rt.publish('a');
    expect(got).toEqual(['a1', 'a2']);
    offA();
    await rt.publish('a');
    expect(got).toEqual(['a1', 'a2', 'a2']);
    await rt.close();
    await rt.publish('b');
    expect(got).toEqual(['a1', 'a2', 'a2']);
  });
});
