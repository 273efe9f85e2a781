import { describe, expect, it } from 'vitest';
import { countPlaywright, countVitest } from './test-all.js';

describe('npm test totals', () => {
  it('counts passed Vitest tests, and every other status (skipped, todo, failed) as failed', () => {
    const report = {
      testResults: [
        { status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
        { status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }, { status: 'skipped' }, { status: 'todo' }, { status: 'pending' }] },
      ],
    };
    expect(countVitest(report)).toEqual({ passed: 3, failed: 4 });
  });

  it('counts a Vitest file that failed to load as a failure even though it has no tests', () => {
    expect(countVitest({ testResults: [{ status: 'failed', assertionResults: [] }] })).toEqual({ passed: 0, failed: 1 });
  });

  it('counts Playwright skipped tests and errors outside tests as failed', () => {
    const report = { stats: { expected: 4, unexpected: 1, flaky: 0, skipped: 2 }, errors: [{ message: 'web server did not start' }] };
    expect(countPlaywright(report)).toEqual({ passed: 4, failed: 4 });
  });
});
