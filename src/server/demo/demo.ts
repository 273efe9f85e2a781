import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomToken } from '../auth/secrets.js';
import type { Config } from '../config.js';
import type { Deps } from '../http/context.js';
import { seedDemo, type SeededDemo } from './seed.js';

/**
 * `alongside demo`: a fresh throwaway SQLite database (or the PostgreSQL database
 * named by DATABASE_URL, which must be empty) seeded with a fictional organisation.
 */
export async function prepareDemo(config: Config): Promise<{ config: Config; seed(deps: Deps): Promise<SeededDemo>; cleanup(): Promise<void> }> {
  const password = config.demoPassword ?? `demo-${randomToken(9)}`;
  let folder: string | undefined;
  let database = config.database;
  if (database.kind === 'sqlite' && !process.env.DATABASE_URL) {
    folder = mkdtempSync(join(tmpdir(), 'alongside-demo-'));
    database = { kind: 'sqlite', file: join(folder, 'demo.db') };
  }
  return {
    config: { ...config, database, demo: true, demoPassword: password },
    seed: (deps) => seedDemo(deps, password),
    cleanup: async () => {
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
