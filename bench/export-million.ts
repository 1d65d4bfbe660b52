// `node --expose-gc --import tsx bench/export-million.ts`: the CSV export at a million accounts, alone (the
// main bench exports its 100k accounts and 300k contacts). Makes the accounts in bulk through the
// factories, then downloads GET /api/v1/exports/accounts.csv over real HTTP from a server in this
// process, read to the end as it streams: rows/s, resident memory before and at its peak, and the
// JavaScript heap in use after a collection before and after (with --expose-gc), which stays flat
// when the export holds a page at a time. PGlite in a temporary folder by default; PostgreSQL in a
// fresh database next to DATABASE_URL when set. BENCH_EXPORT_ROWS sets the count (default 1,000,000).
// Prints its figures; writes no results file.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { en, Faker } from '@faker-js/faker';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { type Database, openDatabase } from '../src/server/db/index.ts';
import { accounts } from '../src/server/features/accounts/index.ts';
import { insertApiKey } from '../src/server/features/api-keys/index.ts';
import { insertUser } from '../src/server/features/users/index.ts';
import { createDeps, systemWrites } from '../src/server/runtime.ts';
import { accountRow, insertChunked } from '../src/server/seed/factories.ts';
import { exportDownload } from './export.ts';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const OWNERS = 50;
const BATCH = 50_000;
const now = new Date('2026-11-22T12:00:00.000Z');
const MiB = 1024 * 1024;

async function open(): Promise<{ database: Database; engine: string; cleanup: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-bench-export-'));
    return {
      database: await openDatabase({ dataDir: dir }),
      engine: 'pglite',
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `steward_bench_export_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    database: await openDatabase({ databaseUrl: url.toString(), poolSize: 10 }),
    engine: 'postgres',
    cleanup: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const heapAfterGc = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  return Math.round((process.memoryUsage().heapUsed / MiB) * 10) / 10;
};

async function main() {
  const { database, engine, cleanup } = await open();
  const { db } = database;
  try {
    await database.migrate();
    const owners: string[] = [];
    for (let i = 0; i < OWNERS; i++) {
      const u = await db.transaction((tx) =>
        insertUser(tx, systemWrites(), {
          email: `owner${i}@bench.test`,
          name: `Owner ${i}`,
          role: 'account_manager',
        }),
      );
      owners.push(u.id);
    }
    const admin = await db.transaction((tx) =>
      insertUser(tx, systemWrites(), { email: 'admin@bench.test', name: 'Admin', role: 'admin' }),
    );
    const { key } = await db.transaction((tx) =>
      insertApiKey(tx, systemWrites(), admin.id, { name: 'bench' }),
    );
    const f = new Faker({ locale: [en] });
    f.seed(1);
    for (let start = 0; start < ROWS; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, ROWS - start) }, (_, i) =>
        accountRow(f, owners[(start + i) % OWNERS]!, start + i, now),
      );
      await insertChunked(db, accounts, batch);
      process.stderr.write(`\r  made ${(start + batch.length).toLocaleString()} accounts`);
    }
    process.stderr.write('\n  analysing\n');
    await db.execute('vacuum analyze');

    const config = loadConfig({ LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: randomBytes(32).toString('hex') });
    const app = await buildApp(await createDeps(config, database, { jobs: false }));
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const heapBefore = heapAfterGc();
    process.stderr.write('  exporting\n');
    const e = await exportDownload('accounts', `${address}/api/v1/exports/accounts.csv`, {
      authorization: `Bearer ${key}`,
    });
    const heapAfter = heapAfterGc();
    await app.close();
    console.log(
      `\nCSV export of ${e.rows.toLocaleString()} accounts on ${engine}: ${e.megabytes} MB in ${e.seconds} s, ${e.rowsPerSecond.toLocaleString()} rows/s`,
    );
    console.log(`RSS ${e.rssBeforeMiB} MiB before, ${e.rssPeakMiB} MiB at its peak during the download`);
    if (heapBefore !== null)
      console.log(
        `JavaScript heap in use after a collection: ${heapBefore} MiB before, ${heapAfter} MiB after`,
      );
  } finally {
    await database.close();
    await cleanup();
  }
}

await main();
