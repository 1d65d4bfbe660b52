import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { eq, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { AnyPgColumn, PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { packageRoot } from '../config.ts';
import { withRetries } from './errors.ts';
import { lockDataDir } from './lock.ts';

/** A database or a transaction: services take either. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  pglite?: PGlite;
  pool?: pg.Pool;
  /** Applies the migrations of `folder` (default: the package's `migrations/`) not yet applied. */
  migrate(folder?: string): Promise<void>;
  close(): Promise<void>;
}

const MIGRATION_LOCK = 7_201_845;
/** Search tolerates a one-letter typo in a word ("nortwind" finds "Northwind", similarity 0.58). */
const SESSION_SETTINGS = { 'pg_trgm.word_similarity_threshold': '0.5' };
export const migrationsFolder = path.join(packageRoot, 'migrations');

export interface OpenOptions {
  /** postgres://… ; without it, embedded PGlite. */
  databaseUrl?: string;
  /** Embedded data directory; without it (and without a URL), an in-memory database. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const options = Object.entries(SESSION_SETTINGS)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const pool = new pg.Pool({ connectionString: url, max, options });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  await pool.query('select 1');
  const db = retryingTransactions(drizzlePg(pool, { casing: 'snake_case' }));
  return {
    db,
    kind: 'postgres',
    pool,
    migrate: async (folder = migrationsFolder) => {
      // Several servers may start at once against one database: one migrates, the others wait.
      const lock = await pool.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(db, { migrationsFolder: folder });
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        lock.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let release = () => {};
  let pgDir: string | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir).release;
    pgDir = path.join(dataDir, 'pg');
    // We hold the lock, so any postmaster.pid left here is from a process that died.
    rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
  }
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: pgDir, extensions: { pg_trgm } });
    await client.exec('SET max_parallel_workers_per_gather = 0');
    for (const [k, v] of Object.entries(SESSION_SETTINGS)) await client.exec(`SET ${k} = ${v}`);
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite(client, { casing: 'snake_case' });
  return {
    db,
    kind: 'pglite',
    pglite: client,
    migrate: (folder = migrationsFolder) => migratePglite(db, { migrationsFolder: folder }),
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * Writes that race are serialised by the database, never failed: a top-level transaction aborted
 * for a deadlock or a serialisation failure runs again (see withRetries). Nested transactions
 * (savepoints) are not retried on their own; the outermost one is.
 */
function retryingTransactions<T extends Db>(db: T): T {
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => withRetries(() => transaction(run, config))) as T['transaction'];
  return db;
}

/**
 * A statement built once per database and kept: `build` returns a drizzle prepared statement
 * (`.prepare(name)`, its varying values `sql.placeholder`s), so a request neither rebuilds its SQL
 * nor has PostgreSQL parse and plan it again (each pool connection parses a named statement once).
 * For the hottest reads; behind PgBouncer it needs session pooling or max_prepared_statements.
 */
export function preparedPerDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    const statement = built.get(db) ?? build(db);
    built.set(db, statement);
    return statement;
  };
}

/** Rows of a raw SQL query, the same on both engines (both drivers answer `{ rows }`). */
export async function rawRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Locks one row for the rest of the transaction, so that writes to it queue up instead of racing:
 * a change read after the lock sees the latest version (a PATCH without If-Match is then
 * last-writer-wins, never a 412). A missing row locks nothing; the read that follows answers 404.
 */
export async function lockRow(tx: Db, table: PgTable & { id: AnyPgColumn }, id: string): Promise<void> {
  await tx.select({ id: table.id }).from(table).where(eq(table.id, id)).for('no key update');
}
