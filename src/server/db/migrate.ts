import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db, Engine } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_membership_lookup.js';
import * as m0003 from './migrations/0003_people_contacts_episodes.js';
import * as m0004people from './migrations/0004_people_search.js';
import * as m0005pairs from './migrations/0005_people_search_pairs.js';
import * as m0006directory from './migrations/0006_directory.js';
import * as m0007plans from './migrations/0007_crisis_plans.js';
import * as m0008jobs from './migrations/0008_jobs.js';
import * as m0009escalations from './migrations/0009_escalations.js';
import * as m0010lastContact from './migrations/0010_people_last_contact.js';
import * as m0011staffMobile from './migrations/0011_staff_mobile.js';
import * as m0012wellbeing from './migrations/0012_wellbeing.js';
import * as m0013peopleOrgId from './migrations/0013_people_org_id_index.js';

type EngineMigration = { up(db: Parameters<Migration['up']>[0], engine: Engine): Promise<void> };

/** Every migration, in order. Names never change once released. */
const migrations: Record<string, EngineMigration> = {
  '0001_foundation': m0001,
  '0002_membership_lookup': m0002,
  '0003_people_contacts_episodes': m0003,
  '0004_people_search': m0004people,
  '0005_people_search_pairs': m0005pairs,
  '0006_directory': m0006directory,
  '0007_crisis_plans': m0007plans,
  '0008_jobs': m0008jobs,
  '0009_escalations': m0009escalations,
  '0010_people_last_contact': m0010lastContact,
  '0011_staff_mobile': m0011staffMobile,
  '0012_wellbeing': m0012wellbeing,
  '0013_people_org_id_index': m0013peopleOrgId,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, m]) => [name, { up: (db) => m.up(db, this.engine) }]),
    );
  }
}

/** Applies every pending migration; throws (and changes nothing further) on the first failure. */
export async function migrateToLatest(db: Db, engine: Engine): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
