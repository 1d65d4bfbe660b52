// The data paths at scale (`npm run bench` runs them last, on its own data set): a generated CSV of
// N accounts and one of N contacts imported through the import service (rows/s, the process's peak
// resident memory), the CSV export of every account over real HTTP (rows/s, peak memory), and a
// backup of the whole database (MB/s, rows/s) restored into a fresh database of the same engine
// (MB/s, its row counts checked against the backup's manifest). N = 1M × BENCH_SCALE.
//
// `tsx bench/data.ts` runs it alone on a fresh database holding only the bench's users (PGlite in a
// temporary folder, or PostgreSQL when DATABASE_URL is set); BENCH_DATA_BACKUP=0 leaves out backup
// and restore there.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { en, Faker } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { systemClock } from '../src/server/clock.ts';
import { loadConfig } from '../src/server/config.ts';
import { type Database, openDatabase, rawRows } from '../src/server/db/index.ts';
import { insertApiKey } from '../src/server/features/api-keys/index.ts';
import { type Manifest, restoreBackup, writeBackup } from '../src/server/features/backup/index.ts';
import {
  continueImport,
  createImport,
  errorLines,
  getImport,
  patchImport,
  startImport,
} from '../src/server/features/imports/index.ts';
import { insertUser } from '../src/server/features/users/index.ts';
import { createDeps, systemWrites, writesAs } from '../src/server/runtime.ts';
import { type ExportFigures, exportDownload } from './export.ts';

const MiB = 1024 * 1024;
const round = (n: number) => Math.round(n * 100) / 100;

export interface ImportFigures {
  entity: 'accounts' | 'contacts';
  rows: number;
  created: number;
  fileMegabytes: number;
  /** Upload (the file stored in the database) and analysis (encoding, rows, mapping, sample). */
  uploadSeconds: number;
  /** The run, from its startedAt to its finishedAt. */
  seconds: number;
  rowsPerSecond: number;
  /** Rows over upload and run together. */
  rowsPerSecondWithUpload: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

export interface TransferFigures {
  megabytes: number;
  tables: number;
  rows: number;
  seconds: number;
  megabytesPerSecond: number;
  rowsPerSecond: number;
  rssPeakMiB: number;
}

export interface DataFigures {
  /** Rows in each generated file: 1M × BENCH_SCALE. */
  rows: number;
  imports: ImportFigures[];
  /** Every account, after the import (the bench's own and the imported ones). */
  export: ExportFigures;
  backup: TransferFigures | null;
  /** Into a fresh database of the same engine; its row counts matched the manifest. */
  restore: TransferFigures | null;
}

export interface DataBenchInput {
  database: Database;
  /** Where the app listens, e.g. http://127.0.0.1:34567. */
  address: string;
  admin: { id: string; headers: Record<string, string> };
  /** E-mails of the users the accounts file names as owners (round robin). */
  ownerEmails: string[];
  scale: number;
  backup?: boolean;
}

/** Samples the process's resident set size every 100 ms until stopped; returns the highest (MiB). */
function rssSampler() {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 100);
  return {
    sample,
    beforeMiB: round(before / MiB),
    stop: () => {
      clearInterval(timer);
      sample();
      return round(peak / MiB);
    },
  };
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Writes `header` and `rows` lines to `file` as they are made, waiting whenever the stream is full. */
async function writeCsv(file: string, header: string[], rows: number, line: (i: number) => string[]) {
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let chunk = `${header.join(',')}\r\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${line(i).map(csvCell).join(',')}\r\n`;
    if (chunk.length > 256 * 1024 || i === rows - 1) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  if (chunk) out.write(chunk);
  out.end();
  await done;
  return statSync(file).size;
}

/**
 * The two files: accounts (a company name, its own domain, an owner, segment, industry, tags and a
 * Region column for a custom field) and contacts (name, e-mail, title, phone) at those companies,
 * named by domain. Values come from pools faker fills once, so a million lines take seconds.
 */
async function generateFiles(dir: string, n: number, ownerEmails: string[]) {
  const f = new Faker({ locale: [en] });
  f.seed(7);
  const pool = <T>(size: number, make: () => T) => Array.from({ length: size }, make);
  const companies = pool(5_000, () => f.company.name());
  const industries = pool(40, () => f.commerce.department());
  const firstNames = pool(2_000, () => f.person.firstName());
  const lastNames = pool(2_000, () => f.person.lastName());
  const titles = pool(300, () => f.person.jobTitle());
  const tagSets = ['', 'expansion', 'reference; expansion', 'at-risk', 'partner; reference', 'beta'];
  const segments = ['SMB', 'Mid-Market', 'Enterprise'];
  const regions = ['EMEA', 'North America', 'APAC', 'LATAM'];
  const nameOf = (i: number) =>
    i < companies.length
      ? companies[i]!
      : `${companies[i % companies.length]} ${Math.floor(i / companies.length) + 1}`;
  const domainOf = (i: number) =>
    `${companies[i % companies.length]!.toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 20)}-${i.toString(36)}.example.net`;
  const accountsFile = path.join(dir, 'accounts.csv');
  const contactsFile = path.join(dir, 'contacts.csv');
  const accountBytes = await writeCsv(
    accountsFile,
    ['Account name', 'Domain', 'Owner email', 'Segment', 'Industry', 'Tags', 'Region'],
    n,
    (i) => [
      nameOf(i),
      domainOf(i),
      ownerEmails[i % ownerEmails.length]!,
      segments[i % 3]!,
      industries[i % industries.length]!,
      tagSets[i % tagSets.length]!,
      regions[i % regions.length]!,
    ],
  );
  const contactBytes = await writeCsv(
    contactsFile,
    ['First Name', 'Last Name', 'Email', 'Company domain', 'Title', 'Phone'],
    n,
    (i) => {
      const first = firstNames[i % firstNames.length]!;
      const last = lastNames[(i * 7) % lastNames.length]!;
      const domain = domainOf((i * 37 + 11) % n);
      return [
        first,
        last,
        `${first}.${last}.${i.toString(36)}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
        domain,
        titles[i % titles.length]!,
        `+1 ${200 + (i % 800)} 555 ${String(i % 10_000).padStart(4, '0')}`,
      ];
    },
  );
  return {
    accounts: { file: accountsFile, bytes: accountBytes },
    contacts: { file: contactsFile, bytes: contactBytes },
  };
}

/** How each file's columns map: set as a user would in the mapping step (whatever is proposed). */
const mappings = {
  accounts: {
    'Account name': 'name',
    Domain: 'domain',
    'Owner email': 'owner',
    Segment: 'segment',
    Industry: 'industry',
    Tags: 'tags',
    Region: 'customFields.region',
  },
  contacts: {
    'First Name': 'firstName',
    'Last Name': 'lastName',
    Email: 'email',
    'Company domain': 'account',
    Title: 'title',
    Phone: 'phone',
  },
} as const;

async function runImport(
  database: Database,
  adminId: string,
  entity: 'accounts' | 'contacts',
  file: { file: string; bytes: number },
  n: number,
): Promise<ImportFigures> {
  const { db } = database;
  const actor = { userId: adminId, role: 'admin' as const, via: 'session' as const };
  const ctx = () => writesAs(actor);
  const rss = rssSampler();
  const t0 = performance.now();
  let imp = await createImport(db, ctx(), entity, path.basename(file.file), createReadStream(file.file));
  imp = await patchImport(db, ctx(), imp.id, { mapping: { ...mappings[entity] } });
  const uploadSeconds = (performance.now() - t0) / 1000;
  process.stderr.write(
    `  import ${entity}: ${imp.rows.toLocaleString()} rows stored and analysed; running\n`,
  );
  await startImport(db, ctx(), imp.id);
  const t1 = performance.now();
  await continueImport({ db, clock: systemClock, react: ctx().react }, imp.id);
  const wall = (performance.now() - t1) / 1000;
  const rssPeakMiB = rss.stop();
  const done = await getImport(db, actor, imp.id, new Date());
  const p = done.progress;
  if (done.status !== 'completed' || p.created !== n || p.failed || p.skipped || p.updated) {
    const errors: string[] = [];
    for await (const line of errorLines(db, actor, imp.id)) {
      errors.push(line.join(' | '));
      if (errors.length > 5) break;
    }
    throw new Error(
      `import of ${entity}: ${done.status}${done.error ? ` (${done.error})` : ''}, ${p.created} created of ${n} (${p.updated} updated, ${p.skipped} skipped, ${p.failed} failed)\n${errors.join('\n')}`,
    );
  }
  // The run's own timestamps (the service's clock), else the wall clock around it.
  const stamped =
    done.startedAt && done.finishedAt ? (Date.parse(done.finishedAt) - Date.parse(done.startedAt)) / 1000 : 0;
  const seconds = stamped > 0 ? stamped : wall;
  return {
    entity,
    rows: n,
    created: p.created,
    fileMegabytes: round(file.bytes / 1e6),
    uploadSeconds: round(uploadSeconds),
    seconds: round(seconds),
    rowsPerSecond: Math.round(n / seconds),
    rowsPerSecondWithUpload: Math.round(n / (uploadSeconds + seconds)),
    rssBeforeMiB: rss.beforeMiB,
    rssPeakMiB,
  };
}

/** A new, empty database of the engine `like` is: a new database on PostgreSQL, a new folder for PGlite. */
export async function freshDatabase(
  kind: Database['kind'],
  label: string,
): Promise<{ database: Database; where: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (kind === 'pglite' || !base) {
    const dir = mkdtempSync(path.join(tmpdir(), `steward-${label}-`));
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      where: `STEWARD_DATA_DIR=${dir}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `steward_${label.replace(/\W/g, '_')}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    database,
    where: `DATABASE_URL=${url}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const rowsOf = (m: Manifest) => m.tables.reduce((n, t) => n + t.rows, 0);

async function backupAndRestore(database: Database, dir: string) {
  const file = path.join(dir, 'bench.steward-backup');
  process.stderr.write('  backup of the whole database\n');
  let rss = rssSampler();
  let t0 = performance.now();
  const manifest = await writeBackup(database, createWriteStream(file), {
    now: new Date(),
    onProgress: rss.sample,
  });
  let seconds = (performance.now() - t0) / 1000;
  const bytes = statSync(file).size;
  const rows = rowsOf(manifest);
  const figures = (s: number, rssPeakMiB: number): TransferFigures => ({
    megabytes: round(bytes / 1e6),
    tables: manifest.tables.length,
    rows,
    seconds: round(s),
    megabytesPerSecond: round(bytes / 1e6 / s),
    rowsPerSecond: Math.round(rows / s),
    rssPeakMiB,
  });
  const backup = figures(seconds, rss.stop());

  process.stderr.write(`  restore into a fresh ${database.kind} database\n`);
  const target = await freshDatabase(database.kind, 'bench-restore');
  try {
    rss = rssSampler();
    t0 = performance.now();
    const restored = await restoreBackup(target.database, createReadStream(file), { onProgress: rss.sample });
    seconds = (performance.now() - t0) / 1000;
    const restore = figures(seconds, rss.stop());
    // restoreBackup checks each section against the manifest as it loads; count again afterwards.
    const wrong: string[] = [];
    for (const t of restored.tables) {
      const [row] = await rawRows<{ n: number }>(
        target.database.db,
        sql.raw(`select count(*)::int as n from "${t.name}"`),
      );
      const expected = manifest.tables.find((m) => m.name === t.name)?.rows;
      if (row?.n !== expected) wrong.push(`${t.name}: ${row?.n} restored, ${expected} in the backup`);
    }
    if (restored.tables.length !== manifest.tables.length)
      wrong.push(`${restored.tables.length} tables restored, ${manifest.tables.length} in the backup`);
    if (wrong.length) throw new Error(`restore does not match the backup:\n${wrong.join('\n')}`);
    return { backup, restore };
  } finally {
    await target.database.close();
    await target.drop();
  }
}

/** Imports, export, backup and restore on `database` (which the app at `address` serves). */
export async function dataBench(input: DataBenchInput): Promise<DataFigures> {
  const n = Math.round(1_000_000 * input.scale);
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-bench-data-'));
  try {
    process.stderr.write(`  data: generating ${n.toLocaleString()} accounts and contacts as CSV\n`);
    const files = await generateFiles(dir, n, input.ownerEmails);
    const imports = [
      await runImport(input.database, input.admin.id, 'accounts', files.accounts, n),
      await runImport(input.database, input.admin.id, 'contacts', files.contacts, n),
    ];
    rmSync(files.accounts.file);
    rmSync(files.contacts.file);
    // The statistics autovacuum would have brought up to date after 2M new rows (as run.ts does
    // after loading): without them the export's keyset pages are planned as if the table were small.
    process.stderr.write('  vacuum analyze\n');
    await input.database.db.execute('vacuum analyze');
    process.stderr.write('  export every account\n');
    const exported = await exportDownload(
      'accounts',
      `${input.address}/api/v1/exports/accounts.csv`,
      input.admin.headers,
    );
    if (exported.rows < n)
      throw new Error(`the export gave ${exported.rows} accounts, fewer than the ${n} imported`);
    const transfer = input.backup === false ? null : await backupAndRestore(input.database, dir);
    return {
      rows: n,
      imports,
      export: exported,
      backup: transfer?.backup ?? null,
      restore: transfer?.restore ?? null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (v: unknown, w: number) => String(v).padStart(w);

export function printData(d: DataFigures): void {
  console.log(
    `\nData: CSV import of ${d.rows.toLocaleString()} rows each (rows/s over the run; with upload and analysis too), RSS peak of this process`,
  );
  console.log(
    `${'import'.padEnd(12)} ${pad('rows', 9)} ${pad('MB', 7)} ${pad('upload s', 9)} ${pad('run s', 7)} ${pad('rows/s', 8)} ${pad('w/ upload', 10)} ${pad('RSS before', 11)} ${pad('RSS peak', 9)}`,
  );
  for (const i of d.imports) {
    console.log(
      `${i.entity.padEnd(12)} ${pad(i.created, 9)} ${pad(i.fileMegabytes, 7)} ${pad(i.uploadSeconds, 9)} ${pad(i.seconds, 7)} ${pad(i.rowsPerSecond, 8)} ${pad(i.rowsPerSecondWithUpload, 10)} ${pad(`${i.rssBeforeMiB} MiB`, 11)} ${pad(`${i.rssPeakMiB} MiB`, 9)}`,
    );
  }
  const e = d.export;
  console.log(
    `\nExport of every account after the import, over HTTP: ${e.rows.toLocaleString()} rows, ${e.megabytes} MB in ${e.seconds} s, ${e.rowsPerSecond.toLocaleString()} rows/s, RSS ${e.rssBeforeMiB} → peak ${e.rssPeakMiB} MiB`,
  );
  if (d.backup && d.restore) {
    console.log(`\nBackup of the whole database, restored into a fresh one (row counts checked)`);
    console.log(
      `${'step'.padEnd(12)} ${pad('tables', 7)} ${pad('rows', 10)} ${pad('MB', 8)} ${pad('s', 7)} ${pad('MB/s', 7)} ${pad('rows/s', 8)} ${pad('RSS peak', 9)}`,
    );
    for (const [name, t] of [
      ['backup', d.backup],
      ['restore', d.restore],
    ] as const) {
      console.log(
        `${name.padEnd(12)} ${pad(t.tables, 7)} ${pad(t.rows, 10)} ${pad(t.megabytes, 8)} ${pad(t.seconds, 7)} ${pad(t.megabytesPerSecond, 7)} ${pad(t.rowsPerSecond, 8)} ${pad(`${t.rssPeakMiB} MiB`, 9)}`,
      );
    }
  }
}

/** Alone: a fresh database with an admin and 50 owners, the app listening, then the data bench. */
async function main() {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const { database, drop } = await freshDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite', 'bench');
  try {
    await database.migrate();
    const { db } = database;
    const ownerEmails = Array.from({ length: 50 }, (_, i) => `owner${i}@bench.test`);
    for (const email of ownerEmails)
      await db.transaction((tx) =>
        insertUser(tx, systemWrites(), { email, name: email, role: 'account_manager' }),
      );
    const admin = await db.transaction((tx) =>
      insertUser(tx, systemWrites(), { email: 'admin@bench.test', name: 'Admin', role: 'admin' }),
    );
    const { key } = await db.transaction((tx) =>
      insertApiKey(tx, systemWrites(), admin.id, { name: 'bench' }),
    );
    const config = loadConfig(
      { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: randomBytes(32).toString('hex') },
      { apiRateLimit: 1_000_000 },
    );
    const app = await buildApp(await createDeps(config, database, { jobs: false }));
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const data = await dataBench({
        database,
        address,
        admin: { id: admin.id, headers: { authorization: `Bearer ${key}` } },
        ownerEmails,
        scale,
        backup: process.env.BENCH_DATA_BACKUP !== '0',
      });
      console.log(`\nSteward data benchmark alone on ${database.kind}, scale ${scale}`);
      printData(data);
      console.log(
        `\n${JSON.stringify({ engine: database.kind, scale, at: new Date().toISOString(), data }, null, 2)}`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
