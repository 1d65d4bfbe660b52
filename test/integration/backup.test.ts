import { Readable, Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { type Database, openDatabase, rawRows } from '../../src/server/db/index.ts';
import type { App } from '../../src/server/deps.ts';
import {
  type Manifest,
  NOT_EMPTY,
  restoreBackup,
  writeBackup,
} from '../../src/server/features/backup/index.ts';
import { createDeps } from '../../src/server/runtime.ts';
import { freshPostgres, ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { day, testClock } from '../support/clock.ts';
import { makeUser, PASSWORD, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';
import { signIn } from '../support/session.ts';

// Backup and restore across engines: a book made through the API is backed up, restored into a
// fresh PostgreSQL database, backed up again and restored into a fresh PGlite; each way the tables'
// row counts and checksums are the same and the restored app answers as the original did.

const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const postgresReachable = await reachable(POSTGRES);

let t: TestApp;
let admin: TestUser;
let am: TestUser;
let file: Buffer;
let manifest: Manifest;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  t = await testApp({ fresh: true });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db, { role: 'account_manager', name: 'Ana Übermann “quoted” \\ back' });
  const api = client(t.app, am);
  const made = async (res: Promise<{ status: number; body: { id: string } }>) => {
    const { status, body } = await res;
    expect(status).toBe(201);
    return body;
  };
  const parent = await made(api.post('/api/v1/accounts', { name: unique('Parent'), segment: 'enterprise' }));
  for (let i = 0; i < 3; i++) {
    const acct = await made(
      api.post('/api/v1/accounts', {
        name: unique(`Child ${i} ☃ "q" \\`),
        parentAccountId: parent.id,
        tags: ['backup', `t${i}`],
      }),
    );
    const contact = await made(api.post('/api/v1/contacts', { accountId: acct.id, firstName: `Pat ${i}` }));
    await made(
      api.post('/api/v1/activities', {
        accountId: acct.id,
        type: 'check_in',
        subject: 'Quarterly check-in',
        occurredAt: `${day(-10 - i)}T15:00:00.000Z`,
        contactIds: [contact.id],
        sentiment: 'positive',
      }),
    );
    const contract = await made(
      api.post('/api/v1/contracts', {
        accountId: acct.id,
        name: 'Platform',
        startDate: day(-300),
        endDate: day(65 + i),
        arr: 1000.5 * (i + 1),
      }),
    );
    // A renewal: the old contract points forward to the new one, the new one back (self-references).
    if (i === 0)
      expect((await api.post(`/api/v1/contracts/${contract.id}/renew`, { arr: 1100 })).status).toBe(201);
    await made(
      api.post('/api/v1/opportunities', {
        accountId: acct.id,
        name: unique('Deal'),
        type: 'upsell',
        amount: 5000 + i,
        closeDate: day(30),
      }),
    );
  }
  // A parent made after its child: the child's row comes first in the file (rows go by id).
  const late = await made(api.post('/api/v1/accounts', { name: unique('Holding') }));
  expect((await api.patch(`/api/v1/accounts/${parent.id}`, { parentAccountId: late.id })).status).toBe(200);
  ({ file, manifest } = await backupOf(t.deps.database));
}, 120_000);
afterAll(async () => {
  for (const o of opened.reverse()) await o.close();
  await t?.close();
});

describe('backup', () => {
  it('writes every table of the schema, in dependency order, with its rows and checksum', () => {
    const names = manifest.tables.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['accounts', 'users', 'contracts', 'api_keys', 'settings']));
    expect(names).not.toContain('__drizzle_migrations');
    expect(names.indexOf('users')).toBeLessThan(names.indexOf('accounts'));
    expect(names.indexOf('accounts')).toBeLessThan(names.indexOf('contracts'));
    expect(names.indexOf('contracts')).toBeLessThan(names.indexOf('contract_lines'));
    const rows = Object.fromEntries(manifest.tables.map((x) => [x.name, x.rows]));
    expect(rows.accounts).toBe(5);
    expect(rows.contracts).toBe(4);
    expect(rows.users).toBe(2);
    expect(manifest).toMatchObject({
      format: 'steward-backup',
      formatVersion: 1,
      engine: t.deps.database.kind,
    });
    expect(manifest.schemaVersion).toMatch(/^\d{4}_/);
    // The file: a header line, then sections, the manifest last; generated columns are not in it.
    const lines = gunzipSync(file).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)[0]).toBe('steward-backup');
    expect(JSON.parse(lines.at(-1)!)).toEqual(['manifest', manifest]);
    const accountsSection = lines
      .map((l) => JSON.parse(l))
      .find((f) => f[0] === 'table' && f[1].name === 'accounts');
    expect(accountsSection[1].columns).not.toContain('next_check_in_due');
  });

  it('refuses a database with data in it, naming --force, and changes nothing', async () => {
    const before = await rowCounts(t.deps.database.db);
    await expect(restoreBackup(t.deps.database, Readable.from([file]))).rejects.toThrow(NOT_EMPTY);
    expect(NOT_EMPTY).toBe(
      'The database is not empty: restore goes into an empty database. Pass --force to replace everything in it with the backup.',
    );
    expect(await rowCounts(t.deps.database.db)).toEqual(before);
  });

  it('refuses a corrupt file and leaves the database empty', async () => {
    const target = await freshPglite();
    // A byte flipped inside the compressed data: gzip's own check fails.
    const flipped = Buffer.from(file);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    await expect(restoreBackup(target, Readable.from([flipped]))).rejects.toThrow(/The backup is corrupt/);
    expect(await rowsInAll(target.db)).toBe(0);

    // A row changed and the file re-compressed: the table's checksum no longer matches the manifest.
    const text = gunzipSync(file).toString('utf8');
    const tampered = gzipSync(text.replace('"name":"Platform"', '"name":"Platforn"'));
    await expect(restoreBackup(target, Readable.from([tampered]))).rejects.toThrow(
      'The backup is corrupt: the checksum of the table contracts does not match its manifest. Nothing was restored.',
    );
    expect(await rowsInAll(target.db)).toBe(0);

    // A row removed: the count is wrong too.
    const lines = text.split('\n');
    const row = lines.findIndex((l) => l.includes('"subject":"Quarterly check-in"'));
    const fewer = gzipSync([...lines.slice(0, row), ...lines.slice(row + 1)].join('\n'));
    await expect(restoreBackup(target, Readable.from([fewer]))).rejects.toThrow(
      /the table activities has 2 rows where its manifest says 3/,
    );
    // Cut short: no manifest.
    const cut = gzipSync(lines.slice(0, -2).join('\n'));
    await expect(restoreBackup(target, Readable.from([cut]))).rejects.toThrow(/ends before its manifest/);
    expect(await rowsInAll(target.db)).toBe(0);

    // Not a backup at all.
    await expect(restoreBackup(target, Readable.from([gzipSync('hello\n')]))).rejects.toThrow(
      'This is not a Steward backup',
    );
    // After all that, the same database takes the good file.
    const restored = await restoreBackup(target, Readable.from([file]));
    expect(restored.tables).toEqual(manifest.tables);
  });

  describe.skipIf(!postgresReachable)(
    `PGlite → PostgreSQL → PGlite (skipped when PostgreSQL at ${new URL(POSTGRES).host} is unreachable)`,
    () => {
      it('gives identical row counts and checksums each way, and an app that answers the same', async () => {
        const { url, dropDatabase } = await freshPostgres(POSTGRES);
        const onPg = await openDatabase({ databaseUrl: url, poolSize: 2 });
        opened.push({
          close: async () => {
            await onPg.close();
            await dropDatabase();
          },
        });
        const intoPg = await restoreBackup(onPg, Readable.from([file]));
        expect(intoPg.tables).toEqual(manifest.tables);
        const fromPg = await backupOf(onPg);
        expect(fromPg.manifest.engine).toBe('postgres');
        expect(fromPg.manifest.tables).toEqual(manifest.tables);

        const onPglite = await freshPglite();
        await restoreBackup(onPglite, Readable.from([fromPg.file]));
        const back = await backupOf(onPglite);
        expect(back.manifest.engine).toBe('pglite');
        expect(back.manifest.tables).toEqual(manifest.tables);

        // The product works on each restored database: sign-in, the accounts list, the reports.
        const answers = async (app: App) => {
          const cookie = await signIn(app, am.email, PASSWORD);
          const get = async (url: string, headers: Record<string, string>) => {
            const res = await app.inject({ method: 'GET', url, headers });
            expect(res.statusCode, url).toBe(200);
            return res.json();
          };
          return {
            list: await get('/api/v1/accounts?limit=200', { cookie, origin: ORIGIN }),
            // The API key, stored as its hash, works after the move too.
            me: await get('/api/v1/me', am.auth),
            movement: await get(`/api/v1/reports/arr-movement?from=${day(-365)}&to=${day(0)}`, am.auth),
            renewals: await get(`/api/v1/reports/renewals?from=${day(0)}&to=${day(120)}`, am.auth),
          };
        };
        const original = await answers(t.app);
        expect(original.list.data).toHaveLength(5);
        expect(original.renewals.totals.arrUpForRenewal).toBeGreaterThan(0);
        for (const database of [onPg, onPglite]) {
          const app = await appOn(database);
          expect(await answers(app)).toEqual(original);
          await app.close();
        }

        // --force replaces whatever is there: the PostgreSQL copy, now holding a new account too.
        const pgApp = await appOn(onPg);
        expect((await client(pgApp, am).post('/api/v1/accounts', { name: unique('Extra') })).status).toBe(
          201,
        );
        await pgApp.close();
        await expect(restoreBackup(onPg, Readable.from([file]))).rejects.toThrow(NOT_EMPTY);
        await restoreBackup(onPg, Readable.from([file]), { force: true });
        expect((await backupOf(onPg)).manifest.tables).toEqual(manifest.tables);
      });
    },
  );
});

describe('GET /api/v1/admin/backup', () => {
  it('is for admins only', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/admin/backup' });
    expect(anonymous.statusCode).toBe(401);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/admin/backup', headers: am.auth });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toBe('This needs one of the roles: admin.');
  });

  it('streams the same file to an admin: a gzip whose manifest matches its sections', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/backup',
      headers: { ...admin.auth, 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="steward-\d{4}-\d\d-\d\dT[\d-]+Z\.backup"$/,
    );
    const lines = gunzipSync(res.rawPayload).toString('utf8').trimEnd().split('\n');
    const [kind, downloaded] = JSON.parse(lines.at(-1)!) as ['manifest', Manifest];
    expect(kind).toBe('manifest');
    expect(downloaded.createdAt).toBe(testClock.now().toISOString());
    const counts = await rowCounts(t.db);
    expect(Object.fromEntries(downloaded.tables.map((x) => [x.name, x.rows]))).toEqual(counts);
    // Restoring it checks every section against that manifest.
    const target = await freshPglite();
    expect((await restoreBackup(target, Readable.from([res.rawPayload]))).tables).toEqual(downloaded.tables);
  });
});

async function backupOf(database: Database): Promise<{ file: Buffer; manifest: Manifest }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const manifest = await writeBackup(database, sink, { now: testClock.now() });
  return { file: Buffer.concat(chunks), manifest };
}

/** A new, empty (unmigrated) in-memory PGlite, closed after the suite. */
async function freshPglite(): Promise<Database> {
  const database = await openDatabase({});
  opened.push(database);
  return database;
}

/** The app on a restored database, as `steward serve` would run it. */
async function appOn(database: Database): Promise<App> {
  const config = loadConfig(
    { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
    { publicUrl: ORIGIN },
  );
  const app = await buildApp(await createDeps(config, database, { jobs: false, clock: testClock }));
  await app.ready();
  return app;
}

async function rowCounts(db: Database['db']): Promise<Record<string, number>> {
  const tables = await rawRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await rawRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${sql.identifier(name)}`,
    );
    counts[name] = row!.n;
  }
  return counts;
}

async function rowsInAll(db: Database['db']): Promise<number> {
  return Object.values(await rowCounts(db)).reduce((a, b) => a + b, 0);
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
