import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Engine, type OpenDatabase } from '../db/database.js';
import type { Config } from '../config.js';

/** Both engines: every integration test runs against each. */
export const ENGINES: Engine[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  config: Config['database'];
  open(): OpenDatabase;
  drop(): Promise<void>;
}

/** A brand-new, empty database on the given engine, for one test file or test. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'alongside-test-'));
    const config = { kind: 'sqlite' as const, file: join(dir, 'test.db') };
    return { config, open: () => openDatabase(config), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config = { kind: 'postgres' as const, url: url.toString() };
  return {
    config,
    open: () => openDatabase(config),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
