// Regenerates the settings table in README.md from settingsTable() in src/server/config.ts.
// Run after adding or changing a setting: npx tsx scripts/update-readme-settings.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { settingsTable } from '../src/server/config.js';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const pattern = /(<!-- settings:start -->\n)[\s\S]*?(\n<!-- settings:end -->)/;
if (!pattern.test(readme)) throw new Error('README.md has no settings markers');
const updated = readme.replace(pattern, (_m, start: string, end: string) => `${start}${settingsTable()}${end}`);
if (updated === readme) console.log('README.md settings table is up to date.');
else {
  writeFileSync(file, updated);
  console.log('README.md settings table updated.');
}
