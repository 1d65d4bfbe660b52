import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { Clock } from '../../src/server/clock.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import { type Database, openDatabase } from '../../src/server/db/index.ts';
import type { App, Deps } from '../../src/server/deps.ts';
import { createDeps } from '../../src/server/runtime.ts';
import { testClock } from './clock.ts';

export const ORIGIN = 'http://localhost:3000';

export interface TestApp {
  app: App;
  deps: Deps;
  db: Deps['database']['db'];
  /** The PostgreSQL database's URL (for a second pool on it); undefined on PGlite. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * The real app on a real database: the run's PostgreSQL database when TEST_DATABASE_URL is set,
 * else a fresh in-memory PGlite. `fresh: true` gives an empty database even on PostgreSQL (for
 * behaviour that depends on no user existing yet).
 */
export async function testApp(
  options: { config?: Partial<Config>; fresh?: boolean; clock?: Clock } = {},
): Promise<TestApp> {
  const shared = inject('databaseUrl');
  let database: Database;
  let drop = async () => {};
  let databaseUrl = shared;
  if (shared && options.fresh) {
    const { url, dropDatabase } = await freshPostgres(shared);
    databaseUrl = url;
    database = await openDatabase({ databaseUrl: url, poolSize: 4 });
    await database.migrate();
    drop = dropDatabase;
  } else if (shared) {
    database = await openDatabase({ databaseUrl: shared, poolSize: 4 });
  } else {
    database = await openDatabase({});
    await database.migrate();
  }
  const config = loadConfig(
    { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
    {
      publicUrl: ORIGIN,
      ...options.config,
    },
  );
  const deps = await createDeps(config, database, { jobs: false, clock: options.clock ?? testClock });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    db: database.db,
    databaseUrl,
    close: async () => {
      await app.close();
      await database.close();
      await drop();
    },
  };
}

export async function freshPostgres(anyUrl: string) {
  const name = `steward_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: anyUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(anyUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dropDatabase: async () => {
      const c = new pg.Client({ connectionString: anyUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
