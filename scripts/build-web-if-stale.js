// Runs `vite build` only when dist/web is missing or older than any file in src/web or src/shared.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) =>
  Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
let built = 0;
try {
  built = statSync('dist/web/index.html').mtimeMs;
} catch {
  /* not built yet */
}
if (built < Math.max(newest('src/web'), newest('src/shared'), statSync('vite.config.ts').mtimeMs)) {
  execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
} else {
  console.log('dist/web is up to date');
}
