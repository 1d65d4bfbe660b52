import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/server/db/index.ts';
import { resumeImports } from '../../src/server/features/imports/index.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import {
  burst,
  type HttpClient,
  onPostgres,
  POSTGRES_ONLY,
  type RaceServer,
  raceServer,
  SLOW,
  tally,
} from '../support/race.ts';

// Imports under parallel requests and on two server processes: a run starts once, a crashed run is
// taken over by one process only, and rows racing the API's writes for the same domain neither
// fail with a 500 nor make a duplicate. PostgreSQL only (PGlite has one connection).
let s: RaceServer;
let admin: TestUser;
let api: HttpClient;

describe.runIf(onPostgres)(`imports in parallel ${POSTGRES_ONLY}`, () => {
  beforeAll(async () => {
    s = await raceServer();
    admin = await makeUser(s.db, { role: 'admin' });
    api = s.as(admin);
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    s.takeFaults();
  });

  async function upload(csv: string): Promise<string> {
    const res = await fetch(`${s.base}/api/v1/imports?entity=accounts`, {
      method: 'POST',
      headers: { ...admin.auth, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }
  async function finished(id: string) {
    for (;;) {
      const got = await api.get(`/api/v1/imports/${id}`);
      if (got.body.status !== 'running') return got.body;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const file = (tag: string, n: number) =>
    ['Account name,Domain', ...Array.from({ length: n }, (_, i) => `${tag} ${i},${tag}-${i}.example`)].join(
      '\n',
    );
  const countLike = async (pattern: string) =>
    (
      (await s.db.execute(
        sql`select count(*)::int as n, count(distinct domain)::int as d from accounts where domain like ${pattern}`,
      )) as unknown as {
        rows: { n: number; d: number }[];
      }
    ).rows[0]!;

  it(
    'ten parallel runs of one import: one starts (202), nine are told it already runs (409); every row written once',
    async () => {
      const tag = unique('par').toLowerCase();
      const id = await upload(file(tag, 2500));
      const answers = await burst(10, () => api.post(`/api/v1/imports/${id}/run`));
      expect(tally(answers)).toEqual({ 202: 1, 409: 9 });
      const done = await finished(id);
      expect(done.progress).toMatchObject({ done: 2500, created: 2500, failed: 0 });
      expect(await countLike(`${tag}-%`)).toEqual({ n: 2500, d: 2500 });
      expect(s.takeFaults()).toEqual({});
    },
    SLOW,
  );

  it(
    'a crashed run is taken over by exactly one of two servers whose jobs fire at once',
    async () => {
      const tag = unique('crash').toLowerCase();
      const id = await upload(file(tag, 3000));
      // As a process killed before its first commit leaves it: running, its lease run out.
      await s.db.execute(
        sql`update imports set status = 'running', lease_until = '2000-01-01' where id = ${id}`,
      );
      const second = await openDatabase({ databaseUrl: inject('databaseUrl'), poolSize: 4 });
      try {
        // The takeover itself is what is raced here; the reactions (health) are tested elsewhere.
        const deps = (db: typeof s.db) => ({
          db,
          clock: { now: () => new Date() } as never,
          react: async () => {},
          config: s.deps.config,
        });
        // Both servers' minute jobs fire at once.
        await Promise.all([resumeImports(deps(s.db)), resumeImports(deps(second.db))]);
      } finally {
        await second.close();
      }
      const done = await finished(id);
      expect(done).toMatchObject({ status: 'completed', progress: { done: 3000, created: 3000, failed: 0 } });
      expect(await countLike(`${tag}-%`)).toEqual({ n: 3000, d: 3000 });
    },
    SLOW,
  );

  it(
    'rows racing the API for the same domains: no 5xx, no duplicate, each domain once',
    async () => {
      const tag = unique('clash').toLowerCase();
      const id = await upload(file(tag, 1500));
      const run = api.post(`/api/v1/imports/${id}/run`);
      const creates = burst(60, (i) =>
        api.post('/api/v1/accounts', { name: `API ${tag} ${i * 25}`, domain: `${tag}-${i * 25}.example` }),
      );
      expect((await run).status).toBe(202);
      const made = await creates;
      expect(made.every((a) => a.status === 201 || a.status === 409)).toBe(true);
      const done = await finished(id);
      expect(done.status).toBe('completed');
      expect(
        done.progress.created + done.progress.updated + done.progress.skipped + done.progress.failed,
      ).toBe(1500);
      expect(await countLike(`${tag}-%`)).toEqual({ n: 1500, d: 1500 });
      expect(s.takeFaults()).toEqual({});
    },
    SLOW,
  );
});
