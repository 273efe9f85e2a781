import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { askAgainDecision, readsAsFine, shiftStart, SHIFT_WINDOW_MS, wordsSayFine, type AskAgainInput } from './rules.js';

const T0 = Date.parse('2026-11-26T22:00:00Z');
const hour = (n: number) => n * 3_600_000;

describe('words that say "fine"', () => {
  it.each([
    'fine',
    'Fine.',
    'FINE!!!',
    "I'm fine",
    'I’m fine, thanks',
    'im fine thx',
    'Yeah fine',
    'ok',
    'OK',
    'okay',
    'Ok 👍',
    '👍',
    'all good',
    'All good, cheers',
    'grand',
    'Grand thanks',
    'alright',
    'all right',
    'not bad',
    'Not too bad really',
    'good',
    'Pretty good',
    'fiiine',
    'fine fine',
    'No worries',
    'Same as usual',
    'sound',
    'Fine, honestly',
    'It was fine',
    'Went well',
  ])('"%s" reads as fine', (words) => {
    expect(wordsSayFine(words)).toBe(true);
  });

  it.each([
    '',
    '   ',
    'not fine',
    'Not ok',
    "wasn't ok",
    'isn’t great',
    'no good',
    'fine but tired',
    'Fine I guess, rough night',
    'ok, a bit shaken',
    'exhausted',
    'could be better',
    'struggling',
    'hard day',
    'fine apart from the call at 3',
    'not good at all',
    'awful',
    'I need to talk to someone',
  ])('"%s" does not read as fine', (words) => {
    expect(wordsSayFine(words)).toBe(false);
  });

  it('never throws, whatever is typed', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof wordsSayFine(s) === 'boolean'));
  });
});

describe('an answer that reads as "fine"', () => {
  it('is 4 or 5 on the scale without words', () => {
    expect(readsAsFine({ scale: 5, words: null })).toBe(true);
    expect(readsAsFine({ scale: 4, words: '' })).toBe(true);
    expect(readsAsFine({ scale: 3, words: null })).toBe(false);
    expect(readsAsFine({ scale: 1, words: null })).toBe(false);
    expect(readsAsFine({ scale: null, words: null })).toBe(false);
  });

  it('lets the words speak when there are some', () => {
    expect(readsAsFine({ scale: null, words: 'fine' })).toBe(true);
    expect(readsAsFine({ scale: 3, words: 'ok' })).toBe(true);
    expect(readsAsFine({ scale: 5, words: 'exhausted and shaky' })).toBe(false);
    // "Fine" beside "Finding it hard" is not fine: the scale already told us.
    expect(readsAsFine({ scale: 2, words: 'fine' })).toBe(false);
  });
});

describe('this shift', () => {
  it('runs from the latest check-in within 12 hours, else the last 12 hours', () => {
    expect(shiftStart(T0, T0 - hour(8))).toBe(T0 - hour(8));
    expect(shiftStart(T0, T0 - hour(13))).toBe(T0 - SHIFT_WINDOW_MS);
    expect(shiftStart(T0, null)).toBe(T0 - SHIFT_WINDOW_MS);
    // A check-in "in the future" (a clock skew) does not count.
    expect(shiftStart(T0, T0 + hour(1))).toBe(T0 - SHIFT_WINDOW_MS);
  });
});

describe('asking again', () => {
  const base = (change: Partial<Omit<AskAgainInput, 'entry'>> & { entry?: Partial<AskAgainInput['entry']> } = {}): AskAgainInput => ({
    now: T0,
    lastCheckInAt: T0 - hour(8),
    hardEventTimes: [],
    earlierEntries: [],
    ...change,
    entry: { kind: 'check_out', scale: 5, words: 'fine', hardShift: false, followsUpId: null, ...change.entry },
  });

  it('asks once after a check-out of "fine" following an escalation, an alarm or a debrief offer in this shift', () => {
    const decision = askAgainDecision(base({ hardEventTimes: [T0 - hour(2)] }));
    expect(decision).toEqual({ ask: true, reason: 'ask', shiftStartedAt: T0 - hour(8) });
  });

  it('asks after the worker’s own hard-shift flag, now or earlier in the shift', () => {
    expect(askAgainDecision(base({ entry: { hardShift: true } })).ask).toBe(true);
    expect(askAgainDecision(base({ earlierEntries: [{ createdAt: T0 - hour(1), hardShift: true, askedAgain: false }] })).ask).toBe(true);
  });

  it('does not ask when the shift was not hard, or the hard thing was before this shift', () => {
    expect(askAgainDecision(base()).reason).toBe('not_hard_shift');
    expect(askAgainDecision(base({ hardEventTimes: [T0 - hour(9)] })).reason).toBe('not_hard_shift');
    expect(askAgainDecision(base({ earlierEntries: [{ createdAt: T0 - hour(9), hardShift: true, askedAgain: false }] })).reason).toBe('not_hard_shift');
    // No check-in at all: the last 12 hours count.
    expect(askAgainDecision(base({ lastCheckInAt: null, hardEventTimes: [T0 - hour(11)] })).ask).toBe(true);
    expect(askAgainDecision(base({ lastCheckInAt: null, hardEventTimes: [T0 - hour(13)] })).ask).toBe(false);
  });

  it('never asks after a check-in', () => {
    expect(askAgainDecision(base({ entry: { kind: 'check_in', hardShift: true }, hardEventTimes: [T0 - hour(1)] })).reason).toBe('check_in');
  });

  it('never asks about the answer to the second question', () => {
    expect(askAgainDecision(base({ entry: { hardShift: true, followsUpId: 'first' } })).reason).toBe('follow_up');
  });

  it('never asks when the answer already says things are hard', () => {
    expect(askAgainDecision(base({ entry: { scale: 2, words: null, hardShift: true } })).reason).toBe('not_fine');
    expect(askAgainDecision(base({ entry: { scale: null, words: 'shattered', hardShift: true } })).reason).toBe('not_fine');
    expect(askAgainDecision(base({ entry: { scale: null, words: null, hardShift: true } })).reason).toBe('not_fine');
  });

  it('asks at most once a shift, even over two check-outs; a new shift may ask again', () => {
    const askedEarlier = [{ createdAt: T0 - hour(1), hardShift: true, askedAgain: true }];
    expect(askAgainDecision(base({ entry: { hardShift: true }, earlierEntries: askedEarlier })).reason).toBe('already_asked');
    // Next day, after a new check-in, the old ask is not this shift's.
    const later = T0 + hour(20);
    expect(askAgainDecision(base({ now: later, lastCheckInAt: later - hour(6), entry: { hardShift: true }, earlierEntries: askedEarlier })).ask).toBe(true);
  });

  it('on any clock and any history, asks only for a "fine" check-out with something hard in the shift and no earlier ask', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: hour(48) }),
        fc.option(fc.integer({ min: 0, max: hour(48) }), { nil: null }),
        fc.array(fc.integer({ min: 0, max: hour(48) }), { maxLength: 4 }),
        fc.array(fc.record({ createdAt: fc.integer({ min: 0, max: hour(48) }), hardShift: fc.boolean(), askedAgain: fc.boolean() }), { maxLength: 4 }),
        fc.constantFrom('check_in', 'check_out') as fc.Arbitrary<'check_in' | 'check_out'>,
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        fc.constantFrom(null, 'fine', 'not fine', 'all good', 'rough'),
        fc.boolean(),
        (offset, lastIn, events, earlier, kind, scale, words, hardShift) => {
          const now = T0 + offset;
          const input: AskAgainInput = { now, lastCheckInAt: lastIn === null ? null : T0 + lastIn, hardEventTimes: events.map((e) => T0 + e), earlierEntries: earlier.map((e) => ({ ...e, createdAt: T0 + e.createdAt })), entry: { kind, scale, words, hardShift, followsUpId: null } };
          const decision = askAgainDecision(input);
          if (!decision.ask) return true;
          const start = decision.shiftStartedAt;
          expect(kind).toBe('check_out');
          expect(readsAsFine({ scale, words })).toBe(true);
          expect(start).toBeGreaterThanOrEqual(now - SHIFT_WINDOW_MS);
          expect(input.earlierEntries.some((e) => e.askedAgain && e.createdAt >= start && e.createdAt <= now)).toBe(false);
          return true;
        },
      ),
    );
  });
});
