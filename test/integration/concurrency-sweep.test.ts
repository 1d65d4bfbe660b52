import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { type Database, openDatabase } from '../../src/server/db/index.ts';
import type { App } from '../../src/server/deps.ts';
import { createDeps } from '../../src/server/runtime.ts';
import { freshPostgres, ORIGIN } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';
import { onPostgres, POSTGRES_ONLY } from '../support/race.ts';

// docs/domain-rules.md#the-renewal-sweep: two servers sweeping at once renew an auto-renew
// contract once — term after term, each term once. On a database of its own, since a sweep as of
// 2004 renews and expires every contract that ended before. PostgreSQL only.

interface Server {
  app: App;
  database: Database;
}

async function server(url: string): Promise<Server> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  const config = loadConfig(
    { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
    { publicUrl: ORIGIN, apiRateLimit: 1_000_000 },
  );
  const deps = await createDeps(config, database, { jobs: false, clock: testClock });
  const app = await buildApp(deps);
  await app.ready();
  return { app, database };
}

describe.runIf(onPostgres)(`two sweeps renewing at once ${POSTGRES_ONLY}`, () => {
  let a: Server;
  let b: Server;
  let drop: () => Promise<void>;
  let admin: TestUser;

  beforeAll(async () => {
    const fresh = await freshPostgres(inject('databaseUrl')!);
    drop = fresh.dropDatabase;
    a = await server(fresh.url);
    await a.database.migrate();
    b = await server(fresh.url);
    admin = await makeUser(a.database.db, { role: 'admin' });
  });
  afterAll(async () => {
    for (const s of [a, b]) {
      await s?.app.close();
      await s?.database.close();
    }
    await drop?.();
  });

  it('renews each contract once per term, however many sweeps run', async () => {
    const api = client(a.app, admin);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const acct = (await api.post('/api/v1/accounts', { name: unique('Race') })).body.id;
      const res = await api.post('/api/v1/contracts', {
        accountId: acct,
        name: `Auto ${i}`,
        startDate: '2003-04-01',
        endDate: '2003-06-30',
        arr: 1_000,
        autoRenew: true,
        upliftPercent: 10,
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const sweep = (s: Server) => client(s.app, admin).post('/api/v1/admin/sweeps/renewals?asOf=2004-01-01');
    const answers = await Promise.all([sweep(a), sweep(b), sweep(a), sweep(b)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // Each contract: July, October and January terms — 3 renewals each, 60 in all, whoever made them.
    expect(answers.reduce((n, r) => n + r.body.contractsRenewed, 0)).toBe(60);

    const all = (await api.get('/api/v1/contracts?status=active&limit=200&endAfter=2004-01-01')).body.data;
    const ours = all.filter((c: { name: string }) => c.name.startsWith('Auto '));
    expect(ours).toHaveLength(20);
    for (const c of ours)
      expect([c.startDate, c.endDate, c.arr]).toEqual(['2004-01-01', '2004-03-31', 1_331]);
    const renewed = (await api.get('/api/v1/contracts?status=renewed&limit=200')).body.data;
    expect(renewed).toHaveLength(60);
    // Each renewed contract points to exactly one successor, and none has two.
    const successors = new Set(renewed.map((c: { renewedToId: string }) => c.renewedToId));
    expect(successors.size).toBe(60);
    const again = await sweep(b);
    expect(again.body).toMatchObject({ contractsRenewed: 0, contractsExpired: 0 });
  });

  it('opens one renewal deal per co-termed group and renews each group once', async () => {
    const api = client(a.app, admin);
    const groups: { primary: string; addOn: string }[] = [];
    for (let i = 0; i < 15; i++) {
      const accountId = (await api.post('/api/v1/accounts', { name: unique('Group') })).body.id;
      const make = async (name: string, extra: { startDate: string; arr: number; upliftPercent?: number }) =>
        (
          await api.post('/api/v1/contracts', {
            accountId,
            name,
            endDate: '2004-12-31',
            autoRenew: true,
            ...extra,
          })
        ).body.id as string;
      groups.push({
        primary: await make(`Group ${i}`, { startDate: '2004-01-01', arr: 1_000, upliftPercent: 10 }),
        addOn: await make(`Add-on ${i}`, { startDate: '2004-05-01', arr: 500 }),
      });
    }
    const sweep = (s: Server, asOf: string) =>
      client(s.app, admin).post(`/api/v1/admin/sweeps/renewals?asOf=${asOf}`);
    const opening = await Promise.all([
      sweep(a, '2004-10-01'),
      sweep(b, '2004-10-01'),
      sweep(a, '2004-10-01'),
    ]);
    expect(opening.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const g of groups) {
      const deals = (await api.get(`/api/v1/opportunities?contractId=${g.addOn}&type=renewal`)).body.data;
      expect(deals).toHaveLength(1);
      expect(deals[0]).toMatchObject({
        contractId: g.primary,
        amount: 1_500,
        contractIds: [g.primary, g.addOn],
      });
    }

    const renewing = await Promise.all([
      sweep(a, '2005-01-01'),
      sweep(b, '2005-01-01'),
      sweep(b, '2005-01-01'),
    ]);
    expect(renewing.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const g of groups) {
      const primary = (await api.get(`/api/v1/contracts/${g.primary}`)).body;
      const addOn = (await api.get(`/api/v1/contracts/${g.addOn}`)).body;
      expect([primary.status, addOn.status, addOn.renewedToId]).toEqual([
        'renewed',
        'renewed',
        primary.renewedToId,
      ]);
      // 1,000 × 1.10 + 500.
      const next = (await api.get(`/api/v1/contracts/${primary.renewedToId}`)).body;
      expect([next.startDate, next.endDate, next.arr, next.status]).toEqual([
        '2005-01-01',
        '2005-12-31',
        1_600,
        'active',
      ]);
      const successors = (await api.get(`/api/v1/contracts?accountId=${primary.accountId}&status=active`))
        .body.data;
      expect(successors).toHaveLength(1);
    }
  });
});
