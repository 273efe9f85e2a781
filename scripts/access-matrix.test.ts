import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_FILE, readMatrix, renderAccessMatrix } from './access-matrix.js';

describe('docs/access-matrix.md', () => {
  it('is up to date with matrix.json (run `npx tsx scripts/access-matrix.ts`)', () => {
    expect(existsSync(DOC_FILE)).toBe(true);
    expect(readFileSync(DOC_FILE, 'utf8')).toBe(renderAccessMatrix(readMatrix()));
  });

  it('shows each allowed role with a tick and each refused role blank', () => {
    const doc = renderAccessMatrix({
      roles: ['a', 'b'],
      actions: { 'x.do': { scope: 'service', roles: ['b'], description: 'Do x | y' } },
    });
    expect(doc).toContain('| action | scope | `a` | `b` | what it allows |');
    expect(doc).toContain('| `x.do` | service |  | ✓ | Do x \\| y |');
  });

  it('has one row per action', () => {
    const matrix = readMatrix();
    const doc = renderAccessMatrix(matrix);
    for (const action of Object.keys(matrix.actions)) expect(doc).toContain(`| \`${action}\` |`);
  });
});
