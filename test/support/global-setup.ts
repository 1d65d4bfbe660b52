import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/server/db/index.ts';

/**
 * With TEST_DATABASE_URL, the run gets a fresh PostgreSQL database of its own (migrated once,
 * dropped at the end); every suite shares it and keeps apart by unique values. Without it, each
 * suite opens its own in-memory PGlite.
 */
export default async function setup(project: TestProject) {
  // One moment for the whole run: every suite's clock stands at it (test/support/clock.ts).
  project.provide('now', new Date().toISOString());
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const name = `steward_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  await database.migrate();
  await database.close();
  project.provide('databaseUrl', url.toString());
  return async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string | undefined;
    now: string;
  }
}
