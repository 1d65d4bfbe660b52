import type { Actor } from './auth/actor.ts';
import { createAuth } from './auth/better-auth.ts';
import { systemContext, type WriteContext } from './auth/context.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/index.ts';
import type { Deps } from './deps.ts';
import { composeReactions } from './events/outbox.ts';
import { features } from './features/index.ts';
import { authSecret } from './features/settings/index.ts';
import { type Background, startJobs } from './jobs/index.ts';

/** Every feature's reactions to domain events, composed once. */
const react = composeReactions(features);

/** Opens and migrates the configured database: PostgreSQL with DATABASE_URL, else PGlite in the data dir. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
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
  options: { jobs: boolean; onJobError?: (err: Error) => void; clock?: Clock },
): Promise<Deps> {
  const secret = await authSecret(database.db, config.authSecret);
  const auth = createAuth(database.db, config, secret);
  const clock = options.clock ?? systemClock;
  const deps: Deps = { config, database, auth, secret, background: null, clock, react };
  if (options.jobs) await startDepsJobs(deps, options.onJobError ?? (() => {}));
  return deps;
}

/** Starts the background jobs and workers on the dependencies' database, kept in `deps.background`. */
export async function startDepsJobs(deps: Deps, onError: (err: Error) => void): Promise<Background> {
  const { database, config, clock } = deps;
  deps.background = await startJobs(database, config.databaseUrl, {
    config,
    features,
    clock,
    react,
    onError,
  });
  return deps.background;
}

/** The context of the system's own writes outside a request: the CLI, the seed, test factories. */
export function systemWrites(clock: Clock = systemClock): WriteContext<null> {
  return systemContext({ clock, react });
}

/** The context of writes made as `actor` outside a request: the seed, the benchmark, test factories. */
export function writesAs(actor: Actor, clock: Clock = systemClock): WriteContext {
  return { ...systemWrites(clock), actor };
}
