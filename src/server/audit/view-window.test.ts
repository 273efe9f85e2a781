import { describe, expect, it } from 'vitest';
import { createViewAuditWindow } from './view-window.js';

describe('view audit window', () => {
  it('records the first view, then again only after the window', () => {
    let now = 0;
    const window = createViewAuditWindow(60_000, () => now);
    expect(window.shouldRecord('session-a:board-1')).toBe(true);
    now = 59_999;
    expect(window.shouldRecord('session-a:board-1')).toBe(false);
    expect(window.shouldRecord('session-b:board-1')).toBe(true);
    expect(window.shouldRecord('session-a:board-2')).toBe(true);
    now = 60_000;
    expect(window.shouldRecord('session-a:board-1')).toBe(true);
  });

  it('forgets everything rather than grow without bound (and so records more, never less)', () => {
    const window = createViewAuditWindow(60_000, () => 0, 2);
    expect(window.shouldRecord('a')).toBe(true);
    expect(window.shouldRecord('b')).toBe(true);
    expect(window.shouldRecord('c')).toBe(true);
    expect(window.shouldRecord('a')).toBe(true);
  });
});
