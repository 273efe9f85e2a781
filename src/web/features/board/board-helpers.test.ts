import { describe, expect, it } from 'vitest';
import type { BoardOut } from '../../../shared/board.js';
import { boardServicesOf, clockTime, describeBoardChanges, timeSince } from './board-helpers.js';

const at = Date.parse('2026-03-01T14:00:00Z');

describe('timeSince', () => {
  it('counts whole minutes, then hours and minutes', () => {
    expect(timeSince('2026-03-01T14:00:00Z', at)).toBe('under 1 min');
    expect(timeSince('2026-03-01T13:59:01Z', at)).toBe('under 1 min');
    expect(timeSince('2026-03-01T13:59:00Z', at)).toBe('1 min');
    expect(timeSince('2026-03-01T13:48:00Z', at)).toBe('12 min');
    expect(timeSince('2026-03-01T13:00:30Z', at)).toBe('59 min');
    expect(timeSince('2026-03-01T13:00:00Z', at)).toBe('1 hr');
    expect(timeSince('2026-03-01T11:55:00Z', at)).toBe('2 hr 5 min');
  });

  it('treats a time slightly in the future as just now, and nonsense as nothing', () => {
    expect(timeSince('2026-03-01T14:02:00Z', at)).toBe('under 1 min');
    expect(timeSince('not a time', at)).toBe('');
  });
});

describe('clockTime', () => {
  it('shows UK clock time, summer time included', () => {
    expect(clockTime('2026-01-10T09:05:00Z')).toBe('09:05');
    expect(clockTime('2026-07-10T09:05:00Z')).toBe('10:05');
  });
});

const board = (over: Partial<BoardOut> = {}): BoardOut => ({ serviceId: 's', revision: 'r1', generatedAt: '2026-03-01T14:00:00Z', here: [], callbacks: [], onShift: [], openAlerts: 0, ...over });
const person = (id: string, over: Partial<BoardOut['here'][number]> = {}): BoardOut['here'][number] => ({
  id,
  personId: null,
  displayName: 'Someone (anonymous)',
  anonymous: true,
  kind: 'walk_in',
  arrivedAt: '2026-03-01T13:50:00Z',
  firstSeenAt: null,
  workerUserId: null,
  workerName: null,
  under16: false,
  version: 1,
  ...over,
});

describe('describeBoardChanges', () => {
  it('says nothing on the first load or when the revision is the same', () => {
    expect(describeBoardChanges(undefined, board())).toBeNull();
    expect(describeBoardChanges(board(), board({ here: [person('a')] }))).toBeNull();
  });

  it('counts arrivals, leavers, people now seen, call backs, shifts and alerts', () => {
    const before = board({ here: [person('a'), person('b')], onShift: [{ userId: 'u1', name: 'Sam', startedAt: '' }] });
    const after = board({
      revision: 'r2',
      here: [person('b', { workerUserId: 'u1', firstSeenAt: '2026-03-01T13:59:00Z' }), person('c')],
      callbacks: [{ id: 'k', name: 'A', goodTime: null, status: 'waiting', handledBy: null, handledByName: null, source: 'public', createdAt: '', version: 1 }],
      onShift: [{ userId: 'u2', name: 'Jo', startedAt: '' }],
      openAlerts: 2,
    });
    expect(describeBoardChanges(before, after)).toBe(
      'Board updated: 1 new arrival, 1 person left, 1 person now with someone, 1 new call back request, 1 person started a shift, 1 person ended a shift, open alerts now 2',
    );
  });

  it('uses plurals and still says something for smaller changes', () => {
    expect(describeBoardChanges(board(), board({ revision: 'r2', here: [person('a'), person('b')] }))).toBe('Board updated: 2 new arrivals');
    expect(describeBoardChanges(board({ here: [person('a')] }), board({ revision: 'r2', here: [person('a', { version: 2 })] }))).toBe('Board updated');
  });
});

describe('boardServicesOf', () => {
  it('lists each service once where a role can see the board, by name', () => {
    expect(
      boardServicesOf([
        { role: 'peer_worker', serviceId: 's2', serviceName: 'Safe haven' },
        { role: 'shift_lead', serviceId: 's2', serviceName: 'Safe haven' },
        { role: 'senior_peer', serviceId: 's1', serviceName: 'A&E peer support' },
        { role: 'clinical_partner', serviceId: 's3', serviceName: 'Crisis team' },
        { role: 'org_admin', serviceId: null, serviceName: null },
      ]),
    ).toEqual([
      { id: 's1', name: 'A&E peer support' },
      { id: 's2', name: 'Safe haven' },
    ]);
  });
});
