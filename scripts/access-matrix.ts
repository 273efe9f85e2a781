// Writes docs/access-matrix.md, the readable form of src/server/access/matrix.json.
// Run: npx tsx scripts/access-matrix.ts   (a unit test fails when the doc is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MATRIX_FILE = join(root, 'src', 'server', 'access', 'matrix.json');
export const DOC_FILE = join(root, 'docs', 'access-matrix.md');

interface Matrix {
  roles: string[];
  actions: Record<string, { scope: 'organisation' | 'service'; roles: string[]; description: string }>;
}

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** The Markdown for a matrix: one row per action, one column per role. */
export function renderAccessMatrix(matrix: Matrix): string {
  const header = ['action', 'scope', ...matrix.roles.map((r) => `\`${r}\``), 'what it allows'];
  const rows = Object.entries(matrix.actions).map(([action, policy]) => [
    `\`${action}\``,
    policy.scope,
    ...matrix.roles.map((role) => (policy.roles.includes(role) ? '✓' : '')),
    escape(policy.description),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    '# Who may do what',
    '',
    '<!-- Generated from src/server/access/matrix.json by `npx tsx scripts/access-matrix.ts`. Do not edit by hand. -->',
    '',
    'Each action lists the roles allowed to take it. Anything not listed is refused (deny by default).',
    'Scope **service** means the role must be held in the service the request is about (or across the',
    'whole organisation); scope **organisation** means the role may be held anywhere in the organisation.',
    'Records of another organisation are never reachable, whatever the role. The access tests',
    '(`src/server/access/access.int.test.ts`) try every route as every role against this table.',
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
  ].join('\n');
}

export function readMatrix(): Matrix {
  return JSON.parse(readFileSync(MATRIX_FILE, 'utf8')) as Matrix;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC_FILE, renderAccessMatrix(readMatrix()));
  console.log(`Wrote ${DOC_FILE}`);
}
