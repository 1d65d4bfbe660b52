// A fresh, throw-away database per engine: a temp data directory for PGlite, a new database
// `steward_crash_<random>` on the PostgreSQL server for PostgreSQL. dispose() removes it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type EngineName = 'pglite' | 'postgres';
export const engineNames: readonly EngineName[] = ['pglite', 'postgres'];

export interface Engine {
  name: EngineName;
  /** Environment for the server: where its data lives. */
  env: Record<string, string>;
  /** Where the data is, for the report. */
  where: string;
  dispose(): Promise<void>;
}

export async function createEngine(name: EngineName): Promise<Engine> {
  return name === 'pglite' ? createPglite() : createPostgres();
}

function createPglite(): Engine {
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-crash-'));
  return {
    name: 'pglite',
    env: { STEWARD_DATA_DIR: dir },
    where: dir,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgres(): Promise<Engine> {
  const admin =
    process.env.CRASH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `steward_crash_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (c) => c.query(`create database ${dbName}`));
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url.toString() },
    where: `database ${dbName} on ${url.host}`,
    // FORCE: a killed server's sessions may not be gone yet.
    dispose: () => withClient(admin, (c) => c.query(`drop database if exists ${dbName} with (force)`)),
  };
}

async function withClient(url: string, run: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
