// What the benchmarks share: a database of their own, and the figures' arithmetic.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/server/db/index.ts';

export const round = (n: number) => Math.round(n * 100) / 100;

/** The value at quantile `q` (0–1) of ascending `sorted` values; 0 when there are none. */
export const quantile = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

/**
 * A new, empty database named after `label`: beside `databaseUrl` on PostgreSQL, else PGlite in a
 * temporary folder. `drop` removes it.
 */
export async function freshDatabase(
  label: string,
  databaseUrl: string | undefined,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!databaseUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), `steward-${label}-`));
    const database = await openDatabase({ dataDir: dir });
    return { database, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `steward_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
