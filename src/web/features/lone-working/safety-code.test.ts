import { describe, expect, it } from 'vitest';
import { safetyCodeProblem } from './safety-code.js';

describe('safetyCodeProblem', () => {
  it('accepts 4 to 8 numbers typed twice the same', () => {
    expect(safetyCodeProblem('2468', '2468')).toEqual({ code: false, again: false });
    expect(safetyCodeProblem(' 12345678 ', '12345678')).toEqual({ code: false, again: false });
  });
  it('asks for a code, and for numbers only', () => {
    expect(safetyCodeProblem('', '').code).toBe('Enter a safety code');
    expect(safetyCodeProblem('12a4', '12a4').code).toBe('Use 4 to 8 numbers');
    expect(safetyCodeProblem('123', '123').code).toBe('Use 4 to 8 numbers');
  });
  it('says when the second typing differs', () => {
    expect(safetyCodeProblem('2468', '2469').again).toContain('not the same');
  });
});
