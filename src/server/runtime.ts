import type { PgBoss } from 'pg-boss';
import { createAuth } from './auth/better-auth.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/index.ts';
import type { Deps } from './deps.ts';
import { authSecret } from './features/settings/settings.service.ts';
import { startJobs } from './jobs/index.ts';

/** Opens and migrates the configured database: PostgreSQL with DATABASE_URL, else PGlite in the data dir. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** Everything the HTTP app and the CLI need, over an open, migrated database. */
export async function createDeps(
  config: Config,
  database: Database,
  options: { jobs: boolean; onJobError?: (err: Error) => void },
): Promise<Deps> {
  const secret = await authSecret(database.db, config.authSecret);
  const auth = createAuth(database.db, config, secret);
  let boss: PgBoss | null = null;
  if (options.jobs) boss = await startJobs(database, config.databaseUrl, options.onJobError ?? (() => {}));
  return { config, database, auth, secret, boss };
}
