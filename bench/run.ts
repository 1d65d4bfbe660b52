// `npm run bench`: builds the scale data set through the factories' bulk path, ingests signals
// through the API, then times the hot endpoints through the real HTTP stack (app.inject), then
// downloads the CSV exports of every account and every contact over real HTTP (rows/s, peak RSS); on
// PostgreSQL it then loads the list, one-account and search endpoints over HTTP with 50
// connections beside their own SQL through a plain pool (bench/load.ts); last, the data paths on
// the same data set (bench/data.ts: CSV import of 1M accounts and 1M contacts, export of every
// account, backup and restore of the whole database; BENCH_DATA=0 leaves them out). Before those,
// automation (bench/automation.ts, playbooks.ts, webhooks.ts): the outbox's share of a write, the
// daily playbook evaluation over 100k overdue check-ins, webhook deliveries to a local receiver; then
// delivery (bench/delivery.ts, BENCH_DELIVERY=0 leaves it out): an agency's 50k projects and 500k
// deliverables, timing the projects list, a project page, a team's workload and the agenda. PGlite by
// default (a temporary data directory); PostgreSQL when DATABASE_URL is set (a fresh database
// created next to it).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { en, Faker } from '@faker-js/faker';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { newId } from '../src/server/db/columns.ts';
import { type Database, openDatabase } from '../src/server/db/index.ts';
import { accounts } from '../src/server/features/accounts/index.ts';
import { activities } from '../src/server/features/activities/index.ts';
import { insertApiKey } from '../src/server/features/api-keys/index.ts';
import { contacts } from '../src/server/features/contacts/index.ts';
import { opportunities } from '../src/server/features/opportunities/index.ts';
import { products } from '../src/server/features/products/index.ts';
import { quotas } from '../src/server/features/quotas/index.ts';
import { createTeam } from '../src/server/features/teams/index.ts';
import { insertUser } from '../src/server/features/users/index.ts';
import { createDeps, systemWrites, writesAs } from '../src/server/runtime.ts';
import {
  accountRow,
  activityRow,
  contactRow,
  insertChunked,
  refreshAllLastTouches,
} from '../src/server/seed/factories.ts';
import { signalRows, trendFor } from '../src/server/seed/health-factories.ts';
import {
  contractHistory,
  insertContractHistories,
  pipelineDeal,
  productRows,
  quarters,
  revenueOf,
} from '../src/server/seed/revenue-factories.ts';
import { outboxBench, printOutbox } from './automation.ts';
import { type DataFigures, dataBench, printData } from './data.ts';
import { type DeliveryFigures, deliveryBench, printDelivery } from './delivery.ts';
import { type ExportFigures, exportDownload } from './export.ts';
import { captureStatements, httpLoad, type SideBySide, sqlLoad } from './load.ts';
import { playbooksBench, printPlaybooks } from './playbooks.ts';
import { printWebhooks, webhooksBench } from './webhooks.ts';

// 1 = 100k accounts, 300k contacts, 1M activities, 200k contracts, 150k opportunities, 1M signals
const scale = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const OWNERS = 50;
const TEAM_SIZE = 10; // owners per team; each team has a manager
const SIGNAL_BATCH = 1_000; // the API's bulk limit
const ACCOUNTS = Math.round(100_000 * scale);
const now = new Date('2026-11-22T12:00:00.000Z');
// The HTTP load: connections, seconds per endpoint, and the server's pool (the production default).
const LOAD_CONNECTIONS = 50;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const POOL_SIZE = 10;
const today = now.toISOString().slice(0, 10);

let keepHint = '';

async function open(): Promise<{
  database: Database;
  engine: string;
  url: string | null;
  cleanup: () => Promise<void>;
}> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-bench-'));
    keepHint = `STEWARD_DATA_DIR=${dir}`;
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      engine: 'pglite',
      url: null,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `steward_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  keepHint = `DATABASE_URL=${url}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: POOL_SIZE });
  return {
    database,
    engine: 'postgres',
    url: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return {
    runs: samples.length,
    p50: round(at(50)),
    p95: round(at(95)),
    max: round(sorted[sorted.length - 1]!),
  };
}
const round = (n: number) => Math.round(n * 100) / 100;

async function main() {
  const { database, engine, url: databaseUrl, cleanup } = await open();
  const { db } = database;
  try {
    await database.migrate();
    const f = new Faker({ locale: [en] });
    f.seed(1);

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
    const mkUser = (email: string, role: 'admin' | 'manager') =>
      db.transaction((tx) => insertUser(tx, systemWrites(), { email, name: email, role }));
    const admin = await mkUser('admin@bench.test', 'admin');
    const adminActor = writesAs({ userId: admin.id, role: 'admin', via: 'api_key' });
    const teams: { id: string; managerId: string }[] = [];
    for (let t = 0; t * TEAM_SIZE < OWNERS; t++) {
      const manager = await mkUser(`manager${t}@bench.test`, 'manager');
      const team = await createTeam(db, adminActor, {
        name: `Team ${t}`,
        managerIds: [manager.id],
        memberIds: owners.slice(t * TEAM_SIZE, (t + 1) * TEAM_SIZE),
      });
      teams.push({ id: team.id, managerId: manager.id });
    }
    const productList = productRows();
    await insertChunked(db, products, productList);
    const catalogue = productList.map((p) => ({ id: p.id!, listPrice: p.listPrice! }));
    await insertChunked(
      db,
      quotas,
      owners.flatMap((userId) =>
        quarters(now, 2, 1).flatMap(([periodStart, periodEnd]) => [
          { id: newId(), userId, periodStart, periodEnd, kind: 'new_arr' as const, amount: 60_000 },
          { id: newId(), userId, periodStart, periodEnd, kind: 'renewal' as const, amount: 400_000 },
        ]),
      ),
    );

    // Data generation: build rows with the factories and write them in multi-row statements.
    const t0 = performance.now();
    let rows = 0;
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
    const BATCH = 5_000; // accounts per round, with their contacts and activities
    let probeAccount = '';
    // Build the next batch while the database writes the previous one (on PostgreSQL the two run
    // on different cores; on PGlite they take turns).
    let writing: Promise<number> = Promise.resolve(0);
    for (let start = 0; start < ACCOUNTS; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, ACCOUNTS - start) }, (_, i) =>
        accountRow(f, owners[(start + i) % OWNERS]!, start + i, now),
      );
      probeAccount ||= batch[0]!.id!;
      const cs = batch.flatMap((a) => [0, 1, 2].map((k) => contactRow(f, a.id!, k === 0, a.domain!)));
      const acts = batch.flatMap((a) =>
        Array.from({ length: 10 }, () => activityRow(f, a.id!, a.ownerId!, yearAgo, now)),
      );
      // Two contracts an account (a renewed term and the current one, whose renewal was won) and
      // an expansion deal on every other account: 200k contracts and 150k opportunities at 100k.
      const histories = batch.map((a) =>
        contractHistory(
          f,
          { ...a, lifecycleStage: a.lifecycleStage === 'prospect' ? 'active' : a.lifecycleStage },
          catalogue,
          now,
          {
            renewedShare: 1,
          },
        ),
      );
      for (const [i, a] of batch.entries()) Object.assign(a, revenueOf(histories[i]!, today));
      const opps = [
        ...histories.flatMap((h) => h.renewals),
        ...batch.filter((_, i) => i % 2 === 0).map((a) => pipelineDeal(f, a, now)),
      ];
      rows += await writing;
      process.stderr.write(`\r  generated ${rows.toLocaleString()} rows`);
      // Contacts and activities need only the accounts: on PostgreSQL they go in side by side.
      writing = insertChunked(db, accounts, batch).then(async (n) => {
        const half = acts.length / 2;
        const [c, a1, a2, k] = await Promise.all([
          insertChunked(db, contacts, cs),
          insertChunked(db, activities, acts.slice(0, half)),
          insertChunked(db, activities, acts.slice(half)),
          insertContractHistories(db, histories),
        ]);
        const o = await insertChunked(db, opportunities, opps);
        return n + c + a1 + a2 + k + o;
      });
    }
    rows += await writing;
    await refreshAllLastTouches(db);
    const genSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(
      `\n  generation done in ${round(genSeconds)} s (${Math.round(rows / genSeconds)} rows/s); analysing\n`,
    );
    await db.execute('vacuum analyze');

    const config = loadConfig(
      { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: randomBytes(32).toString('hex') },
      { apiRateLimit: 1_000_000 },
    );
    const app = await buildApp(await createDeps(config, database, { jobs: false }));
    await app.ready();
    const keyOf = async (userId: string) => {
      const { key } = await db.transaction((tx) =>
        insertApiKey(tx, systemWrites(), userId, { name: 'bench' }),
      );
      return { authorization: `Bearer ${key}` };
    };
    const as = {
      owner: await keyOf(owners[0]!),
      manager: await keyOf(teams[0]!.managerId),
      admin: await keyOf(admin.id),
    };
    const headers = as.owner;

    // Signals through the API, 1,000 a request, as an integration would push them. The clock runs
    // only while a request is in flight: making up the signals (faker) is the client's work.
    let signalMs = 0;
    let signals = 0;
    const allAccounts = await db.select({ id: accounts.id, stage: accounts.lifecycleStage }).from(accounts);
    let pending: { accountId: string; metric: string; value: number; recordedAt: string }[] = [];
    const push = async () => {
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/health/signals',
        headers: as.admin,
        payload: { signals: pending },
      });
      signalMs += performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`signals → ${res.statusCode} ${res.body.slice(0, 300)}`);
      signals += pending.length;
      pending = [];
      process.stderr.write(`\r  ingested ${signals.toLocaleString()} signals`);
    };
    for (const a of allAccounts) {
      for (const r of signalRows(f, a.id, trendFor(f, a.stage), now, 8)) {
        pending.push({
          accountId: a.id,
          metric: r.metric,
          value: r.value,
          recordedAt: r.recordedAt.toISOString(),
        });
        if (pending.length === SIGNAL_BATCH) await push();
      }
    }
    if (pending.length) await push();
    const signalSeconds = signalMs / 1000;
    process.stderr.write(`\n  ${Math.round(signals / signalSeconds)} signals/s; analysing\n`);
    await db.execute('vacuum analyze');

    const get = async (url: string, h: Record<string, string> = headers) => {
      const res = await app.inject({ method: 'GET', url, headers: h });
      if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json() as { nextCursor?: string | null; data: unknown[] };
    };
    // Cursor of the 20th page of owner 0's enterprise accounts, found once.
    // Pages of 10 at full scale; smaller trial runs shrink the page so that a 20th page exists.
    const pageSize = Math.max(1, Math.floor(10 * Math.min(1, scale)));
    const segmentUrl = `/api/v1/accounts?ownerId=${owners[0]}&segment=mid_market&sort=nextCheckInDue&limit=${pageSize}`;
    let cursor: string | null = null;
    for (let p = 1; p < 20; p++) {
      cursor = (await get(`${segmentUrl}${cursor ? `&cursor=${cursor}` : ''}`)).nextCursor ?? null;
      if (!cursor)
        throw new Error(`fewer than 20 pages of mid-market accounts for the probe owner (page ${p})`);
    }
    const prefix = (await get(`/api/v1/accounts/${probeAccount}`)) as unknown as { name: string };

    const cases: [string, string][] = [
      [
        'accounts: owner, sort nextCheckInDue, page 1',
        `/api/v1/accounts?ownerId=${owners[0]}&sort=nextCheckInDue`,
      ],
      ['accounts: + segment filter, page 20 by cursor', `${segmentUrl}&cursor=${cursor}`],
      ['search: 4-letter prefix', `/api/v1/search?q=${encodeURIComponent(prefix.name.slice(0, 4))}`],
      ['account timeline: page 1', `/api/v1/accounts/${probeAccount}/timeline`],
      [`agenda: owner of ${ACCOUNTS / OWNERS} accounts`, '/api/v1/me/agenda?date=2026-11-22'],
      ['accounts: owner, sort healthScore, page 1', `/api/v1/accounts?ownerId=${owners[0]}&sort=healthScore`],
    ];
    const team = teams[0]!.id;
    const managerCases: [string, string][] = [
      [
        'forecast: one team, a quarter',
        `/api/v1/reports/forecast?teamId=${team}&from=2026-10-01&to=2026-12-31`,
      ],
      [
        'renewals report: one team, 120 days',
        `/api/v1/reports/renewals?teamId=${team}&from=2026-11-22&to=2027-03-22`,
      ],
      ['portfolio health: one team', `/api/v1/reports/portfolio-health?teamId=${team}`],
    ];
    const adminCases: [string, string][] = [
      ['ARR movement: all accounts, a year', '/api/v1/reports/arr-movement?from=2025-11-22&to=2026-11-22'],
    ];
    const plan = [
      ...cases.map(([n, u]) => [n, u, as.owner] as const),
      ...managerCases.map(([n, u]) => [n, u, as.manager] as const),
      ...adminCases.map(([n, u]) => [n, u, as.admin] as const),
    ];
    const results = [];
    for (const [name, url, h] of plan) {
      process.stderr.write(`  timing ${name}\n`);
      for (let i = 0; i < 5; i++) await get(url, h); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await get(url, h);
        samples.push(performance.now() - s);
      }
      results.push({ name, ...stats(samples) });
    }
    // The CSV exports, streamed over real HTTP as the admin: every account, every contact.
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const exports: ExportFigures[] = [];
    for (const entity of ['accounts', 'contacts']) {
      process.stderr.write(`  export ${entity}\n`);
      exports.push(await exportDownload(entity, `${address}/api/v1/exports/${entity}.csv`, as.admin));
    }
    // Under load, side by side with the endpoint's own SQL through a plain pool (PostgreSQL).
    const load: SideBySide[] = [];
    if (databaseUrl) {
      const hot: [string, string][] = [
        ['accounts list, limit 50', '/api/v1/accounts?limit=50'],
        ['one account', `/api/v1/accounts/${probeAccount}`],
        ['search', `/api/v1/search?q=${encodeURIComponent(prefix.name.slice(0, 4))}`],
      ];
      // Each endpoint's statements first, while nothing else runs: a load's last requests may
      // still be finishing after autocannon stops.
      const captured = [];
      for (const [name, url] of hot) {
        const statements = await captureStatements(() => get(url));
        if (process.env.BENCH_SHOW_SQL) for (const st of statements) console.error(name, st.text, st.values);
        captured.push({ name, url, statements });
      }
      for (const { name, url, statements } of captured) {
        process.stderr.write(`  load ${name}: SQL, then HTTP (${LOAD_CONNECTIONS} connections)\n`);
        const sql = await sqlLoad(databaseUrl, statements, LOAD_CONNECTIONS, LOAD_SECONDS);
        const api = await httpLoad(`${address}${url}`, headers, LOAD_CONNECTIONS, LOAD_SECONDS);
        load.push({
          name,
          statements: statements.length,
          sql,
          api,
          ratio: round(api.reqPerSec / sql.reqPerSec),
        });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    // Automation (issue 14): the outbox's share of a write, under a write load.
    process.stderr.write('  automation: the outbox on a write\n');
    const ownerAccounts = (
      await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.ownerId, owners[0]!)).limit(2_000)
    ).map((a) => a.id);
    const outbox = await outboxBench({
      database,
      address,
      headers,
      accountIds: ownerAccounts,
      connections: engine === 'postgres' ? 16 : 4,
      seconds: Math.max(3, Math.round(LOAD_SECONDS / 2)),
    });

    // The daily playbook evaluation and webhook deliveries, each on a database of its own.
    process.stderr.write('  automation: playbooks over the overdue check-ins, webhook deliveries\n');
    const playbookFigures = await playbooksBench({
      databaseUrl: process.env.DATABASE_URL,
      accounts: Math.round(100_000 * scale),
    });
    const webhookFigures = await webhooksBench({
      databaseUrl: process.env.DATABASE_URL,
      events: Math.max(2_000, Math.round(10_000 * scale)),
    });

    // Delivery (issue 15): projects, deliverables, requests, vendors at scale, on a database of its
    // own (bench/delivery.ts; BENCH_DELIVERY=0 leaves it out).
    let delivery: DeliveryFigures | null = null;
    if (process.env.BENCH_DELIVERY !== '0') {
      process.stderr.write('  delivery: projects, deliverables, client requests, vendors\n');
      delivery = await deliveryBench({ databaseUrl: process.env.DATABASE_URL, scale, runs: RUNS });
    }

    // Last, as it adds 2M rows: import, export of every account, backup and restore (bench/data.ts).
    let data: DataFigures | null = null;
    if (process.env.BENCH_DATA !== '0')
      data = await dataBench({
        database,
        address,
        admin: { id: admin.id, headers: as.admin },
        ownerEmails: Array.from({ length: OWNERS }, (_, i) => `owner${i}@bench.test`),
        scale,
      });
    await app.close();

    const report = {
      engine,
      at: new Date().toISOString(),
      node: process.version,
      data: {
        owners: OWNERS,
        accounts: ACCOUNTS,
        contacts: ACCOUNTS * 3,
        activities: ACCOUNTS * 10,
        contracts: ACCOUNTS * 2,
        opportunities: ACCOUNTS + Math.ceil(ACCOUNTS / 2),
        signals,
      },
      generation: { rows, seconds: round(genSeconds), rowsPerSecond: Math.round(rows / genSeconds) },
      signalIngest: {
        rows: signals,
        seconds: round(signalSeconds),
        rowsPerSecond: Math.round(signals / signalSeconds),
      },
      endpoints: results,
      exports,
      load: load.length
        ? { connections: LOAD_CONNECTIONS, seconds: LOAD_SECONDS, serverPool: POOL_SIZE, endpoints: load }
        : null,
      automation: { outbox, playbooks: playbookFigures, webhooks: webhookFigures },
      delivery,
      dataBench: data,
    };
    console.log(
      `\nSteward benchmark on ${engine}: ${rows.toLocaleString()} rows generated at ${report.generation.rowsPerSecond.toLocaleString()} rows/s\n`,
    );
    console.log(
      `Signals ingested through the API: ${signals.toLocaleString()} at ${report.signalIngest.rowsPerSecond.toLocaleString()} rows/s\n`,
    );
    console.log(
      `${'endpoint'.padEnd(48)} ${'runs'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
    );
    for (const r of results) {
      console.log(
        `${r.name.padEnd(48)} ${String(r.runs).padStart(5)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)} ${String(r.max).padStart(8)}`,
      );
    }
    console.log(
      `\nCSV export over HTTP as the admin, read to the end (peak RSS of this process, which serves it)`,
    );
    console.log(
      `${'export'.padEnd(12)} ${'rows'.padStart(9)} ${'MB'.padStart(8)} ${'s'.padStart(7)} ${'rows/s'.padStart(8)} ${'RSS before'.padStart(11)} ${'RSS peak'.padStart(9)}`,
    );
    for (const e of exports) {
      console.log(
        `${e.name.padEnd(12)} ${String(e.rows).padStart(9)} ${String(e.megabytes).padStart(8)} ${String(e.seconds).padStart(7)} ${String(e.rowsPerSecond).padStart(8)} ${`${e.rssBeforeMiB} MiB`.padStart(11)} ${`${e.rssPeakMiB} MiB`.padStart(9)}`,
      );
    }
    if (load.length) {
      console.log(
        `\nUnder load, ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s each (server pool ${POOL_SIZE}): the endpoint's own SQL through a plain pool, then the API over HTTP (autocannon)`,
      );
      console.log(
        `${'endpoint'.padEnd(26)} ${'SQL req/s'.padStart(10)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} │ ${'API req/s'.padStart(10)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'errors'.padStart(7)} │ ${'API/SQL'.padStart(7)}`,
      );
      for (const l of load) {
        console.log(
          `${l.name.padEnd(26)} ${String(l.sql.reqPerSec).padStart(10)} ${String(l.sql.p50).padStart(7)} ${String(l.sql.p99).padStart(7)} │ ${String(l.api.reqPerSec).padStart(10)} ${String(l.api.p50).padStart(7)} ${String(l.api.p99).padStart(7)} ${String(l.api.errors).padStart(7)} │ ${l.ratio.toFixed(2).padStart(7)}`,
        );
      }
    }
    printOutbox(outbox);
    printPlaybooks(playbookFigures);
    printWebhooks(webhookFigures);
    if (delivery) printDelivery(delivery);
    if (data) printData(data);
    const out = path.join(import.meta.dirname, 'results');
    mkdirSync(out, { recursive: true });
    // Only a full-scale run stands as the engine's result; smaller ones are named by their scale.
    const file = path.join(out, scale === 1 ? `${engine}.json` : `${engine}-scale-${scale}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
  } finally {
    await database.close();
    // BENCH_KEEP=1 leaves the data set in place, to look at query plans afterwards.
    if (process.env.BENCH_KEEP) console.log(`Data kept: ${keepHint}`);
    else await cleanup();
  }
}

await main();
