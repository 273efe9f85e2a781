import { describe, expect, it } from 'vitest';
import { ALERT_EVENT_NAME } from '../../../shared/alerts.js';
import { ALERT_EVENT, alertStamp, announceAlerts, countdown, newsAmong } from './alert-rules.js';

const at = Date.parse('2026-03-01T12:00:00Z');

describe('countdown', () => {
  it('shows minutes and seconds to the moment', () => {
    expect(countdown('2026-03-01T12:04:05Z', at)).toBe('4:05');
    expect(countdown('2026-03-01T12:00:09Z', at)).toBe('0:09');
  });
  it('says now once the moment has come, and hours for long waits', () => {
    expect(countdown('2026-03-01T11:59:00Z', at)).toBe('now');
    expect(countdown('2026-03-01T14:30:00Z', at)).toBe('2 hr 30 min');
  });
  it('has nothing to show without a moment', () => {
    expect(countdown(null, at)).toBeNull();
    expect(countdown('not a time', at)).toBeNull();
  });
});

describe('newsAmong', () => {
  const open = { id: 'a', reminders: 0, status: 'open' as const };
  it('treats an alert never heard as news, and the same alert again as not', () => {
    expect(newsAmong([open], new Set())).toEqual(['a:0']);
    expect(newsAmong([open], new Set([alertStamp(open)]))).toEqual([]);
  });
  it('treats a reminder as news again', () => {
    expect(newsAmong([{ ...open, reminders: 1 }], new Set(['a:0']))).toEqual(['a:1']);
  });
  it('never sounds for an acknowledged alert', () => {
    expect(newsAmong([{ ...open, status: 'acknowledged' }], new Set())).toEqual([]);
  });
});

describe('announceAlerts', () => {
  it('says the one alert, or how many and the first', () => {
    expect(announceAlerts([])).toBe('');
    expect(announceAlerts([{ title: 'Sam has not checked in', status: 'open' }])).toBe('Alert: Sam has not checked in');
    expect(announceAlerts([{ title: 'One', status: 'open' }, { title: 'Two', status: 'open' }, { title: 'Done', status: 'acknowledged' }])).toBe('2 alerts need someone. First: One');
  });
});

describe('ALERT_EVENT', () => {
  it('is the event name the server sends', () => {
    expect(ALERT_EVENT).toBe(ALERT_EVENT_NAME);
  });
});
