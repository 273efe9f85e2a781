import { describe, expect, it } from 'vitest';
import { blankRow, ladderChecks, ladderErrorFields, moveRow, rowFromStep, stepsBody } from './ladder-form.js';
import { nextText, stepOf, telHref } from './escalation-rules.js';

describe('ladder rows', () => {
  it('round-trips a step through a row into the body the server gets', () => {
    const row = rowFromStep({ label: 'Call the crisis team', action: 'phone', who: { kind: 'directory', directoryEntryId: 'd1' }, windowMinutes: 10, phone: null });
    expect(stepsBody([row])).toEqual([{ label: 'Call the crisis team', action: 'phone', who: { kind: 'directory', directoryEntryId: 'd1' }, windowMinutes: 10 }]);
    const none = { ...blankRow(), label: '999', action: 'call_999' as const, whoKind: 'none' as const, phone: ' 999 ' };
    expect(stepsBody([none])[0]).toMatchObject({ who: { kind: 'none' }, phone: '999' });
  });
  it('sends an odd window as typed, so the server can explain it by the step', () => {
    expect(stepsBody([{ ...blankRow(), windowMinutes: 'ten' }])[0]).toMatchObject({ windowMinutes: 'ten' });
    expect(stepsBody([{ ...blankRow(), windowMinutes: '-5' }])[0]).toMatchObject({ windowMinutes: -5 });
  });
  it('moves a step up and down, never off the ends', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveRow(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});

describe('ladder errors', () => {
  it('places the server’s errors by the step, with anything about who on the step’s who', () => {
    expect(ladderErrorFields({ 'body.steps.2.windowMinutes': 'Give each step at least a minute', 'steps.1.who.role': 'Choose a role', 'steps.1.who': 'x', 'steps.3': 'This step repeats the one before it', steps: 'A ladder needs at least one step' })).toEqual({
      'steps.2.windowMinutes': 'Give each step at least a minute',
      'steps.1.who': 'Choose a role',
      'steps.3': 'This step repeats the one before it',
      steps: 'A ladder needs at least one step',
    });
  });
  it('checks before sending: no steps, no label, zero or negative windows, nobody chosen', () => {
    expect(ladderChecks([]).steps).toBe('A ladder needs at least one step');
    const checks = ladderChecks([{ ...blankRow(), label: ' ', windowMinutes: '0', whoKind: 'user', userId: '' }]);
    expect(checks['steps.0.label']).toBe('Say what this step is');
    expect(checks['steps.0.windowMinutes']).toBe('Give each step at least a minute');
    expect(checks['steps.0.who']).toBe('Choose a person');
    expect(ladderChecks([{ ...blankRow(), label: 'Call', windowMinutes: '1.5' }])['steps.0.windowMinutes']).toBe('Enter whole minutes');
  });
});

describe('escalation words', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('counts down to the next step, or to the last step alerting again', () => {
    expect(nextText({ status: 'open', next: { type: 'advance', at: '2026-03-01T12:05:00Z' }, stepIndex: 0, stepCount: 6 }, now)).toBe('If nobody picks this up, the next step starts by itself in 5:00');
    expect(nextText({ status: 'open', next: { type: 'repeat', at: '2026-03-01T12:02:00Z' }, stepIndex: 5, stepCount: 6 }, now)).toContain('alerted again in 2:00');
    expect(nextText({ status: 'acknowledged', next: null, stepIndex: 5, stepCount: 6 }, now)).toBeNull();
  });
  it('says which step, and dials numbers as digits', () => {
    expect(stepOf({ stepIndex: 1, stepCount: 6 })).toBe('Step 2 of 6');
    expect(telHref('0800 123 (4567)')).toBe('tel:08001234567');
    expect(telHref('+44 20 7946 0000')).toBe('tel:+442079460000');
  });
});
