import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { fixedClock } from '../../src/server/clock.ts';
import { loadConfig } from '../../src/server/config.ts';
import { type Database, openDatabase, rawRows } from '../../src/server/db/index.ts';
import type { App } from '../../src/server/deps.ts';
import { dispatchEvents } from '../../src/server/events/outbox.ts';
import { currentVersion, restoreBackup, schemaVersion } from '../../src/server/features/backup/index.ts';
import { features } from '../../src/server/features/index.ts';
import { createDeps } from '../../src/server/runtime.ts';
import { freshPostgres, ORIGIN } from '../support/app.ts';
import { signIn } from '../support/session.ts';

// Upgrade safety: each tagged release's demo data (`steward seed --demo`, then `steward backup`,
// kept under test/fixtures/backups/ — docs/backup.md says how to make the next one) is restored into
// an empty database, which restore migrates to the backup's schema version and then to the current
// one, and the product's reports on it must still give the figures that release gave. Add the next
// release's file and its figures here; never change an old one's.

interface Release {
  file: string;
  /** The day the demo data was made: the app's clock is pinned to it. */
  today: string;
  schemaVersion: string;
  rows: number;
  expected: {
    accounts: number;
    accountsArr: number;
    arrMovement: Record<string, number>;
    renewals: Record<string, number>;
    forecast: Record<string, number>;
  };
}

const releases: Release[] = [
  {
    file: '0.1.0-demo.backup',
    today: '2026-12-06',
    schemaVersion: '0018_contracts_account_terms_idx',
    rows: 13_296,
    expected: {
      accounts: 200,
      accountsArr: 9_849_800,
      arrMovement: {
        startingArr: 8_435_400,
        newArr: 2_359_950,
        expansion: 138_200,
        contraction: 502_050,
        churn: 581_700,
        endingArr: 9_849_800,
        grr: 0.8715,
        nrr: 0.8879,
      },
      renewals: { contracts: 59, arrUpForRenewal: 3_810_400, arrAtRisk: 965_650 },
      forecast: {
        opportunities: 45,
        quota: 330_000,
        closedWon: 151_400,
        commit: 228_400,
        bestCase: 352_500,
        pipeline: 510_800,
        weighted: 298_890,
        attainment: 0.4588,
        seed: 1,
      },
    },
  },
];

const shared = process.env.TEST_DATABASE_URL;
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe.each(releases)('the demo data of $file', (release) => {
  it('restores into an empty database, migrates to the current schema, and reports the same figures', async () => {
    const database = await emptyDatabase();
    const path = fileURLToPath(new URL(`../fixtures/backups/${release.file}`, import.meta.url));
    const manifest = await restoreBackup(database, createReadStream(path));
    expect(manifest.schemaVersion).toBe(release.schemaVersion);
    expect(manifest.tables.reduce((n, t) => n + t.rows, 0)).toBe(release.rows);
    expect(await schemaVersion(database.db)).toBe(currentVersion());

    const app = await appOn(database, release.today);
    const cookie = await signIn(app, 'admin@demo.steward.test', 'steward-demo-password');
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie, origin: ORIGIN } });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json();
    };
    const accounts: { arr: number }[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page = await get(`/api/v1/accounts?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      accounts.push(...page.data);
      cursor = page.nextCursor;
    }
    const yearAgo = `${Number(release.today.slice(0, 4)) - 1}${release.today.slice(4)}`;
    const movement = await get(`/api/v1/reports/arr-movement?from=${yearAgo}&to=${release.today}`);
    const renewals = await get(`/api/v1/reports/renewals?from=${release.today}&to=2027-04-05`);
    const forecast = await get('/api/v1/reports/forecast?from=2026-10-01&to=2026-12-31');
    const numbers = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'number'));
    expect({
      accounts: accounts.length,
      accountsArr: Math.round(accounts.reduce((n, a) => n + a.arr, 0) * 100) / 100,
      arrMovement: numbers(movement),
      renewals: numbers(renewals.totals),
      forecast: numbers(forecast),
    }).toEqual(release.expected);

    // The outbox's subscribers this release added start at the newest event the old one recorded:
    // none of its history reaches them (no notification, webhook or playbook for old changes).
    const [newest] = await rawRows<{ id: string }>(
      database.db,
      sql`select id::text from domain_events order by id desc limit 1`,
    );
    const cursors = await rawRows<{ subscriber: string; head: string }>(
      database.db,
      sql`select subscriber, head_id::text as head from event_cursors order by subscriber`,
    );
    expect(cursors).toEqual(
      ['notifications', 'playbooks', 'webhooks'].map((subscriber) => ({ subscriber, head: newest!.id })),
    );
    const subscribers = features.flatMap((f) => f.subscribers ?? []);
    const config = loadConfig({ LOG_LEVEL: 'silent' }, { publicUrl: ORIGIN });
    expect(
      await dispatchEvents(database.db, subscribers, { clock: fixedClock(release.today), config }),
    ).toEqual({
      delivered: 0,
      failed: 0,
    });
    await app.close();
  });
});

/** An empty, unmigrated database: a fresh PostgreSQL one on a PostgreSQL run, else an in-memory PGlite. */
async function emptyDatabase(): Promise<Database> {
  if (shared) {
    const { url, dropDatabase } = await freshPostgres(shared);
    const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
    cleanup.push(async () => {
      await database.close();
      await dropDatabase();
    });
    return database;
  }
  const database = await openDatabase({});
  cleanup.push(() => database.close());
  return database;
}

async function appOn(database: Database, today: string): Promise<App> {
  const config = loadConfig(
    { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
    { publicUrl: ORIGIN },
  );
  const deps = await createDeps(config, database, { jobs: false, clock: fixedClock(today) });
  const app = await buildApp(deps);
  await app.ready();
  return app;
}
