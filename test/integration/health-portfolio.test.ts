import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock, today as todayUtc } from '../support/clock.ts';
import { makeAccount, makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
let owner: TestUser;
let api: ReturnType<typeof client>;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(testClock.now().getTime() - n * DAY).toISOString();
const ids: Record<string, string> = {};

async function accountAged(key: string, age: number, arr: number) {
  const row = await makeAccount(t.db, owner.id);
  await t.db
    .update(accounts)
    .set({ name: `${key} ${unique()}`, createdAt: new Date(testClock.now().getTime() - age * DAY), arr })
    .where(eq(accounts.id, row.id));
  ids[key] = row.id;
}

/*
 * One owner's book under the default model, today:
 * A 60 days untouched: 73 green (91 thirty days ago: −18, medium risk), ARR 1,000
 * B a week old with product usage 10: (0 + 2000 + 2500) / 75 = 60 yellow, ARR 2,000.50
 * C 100 days untouched with two p1 issues: 0 red, high risk (67 thirty days ago: −67), ARR 3,000
 * D never scored: unknown, ARR 500
 */
beforeAll(async () => {
  t = await testApp();
  owner = await makeUser(t.db);
  api = client(t.app, owner);
  await accountAged('A', 60, 1000);
  await accountAged('B', 7, 2000.5);
  await accountAged('C', 100, 3000);
  await accountAged('D', 0, 500);
  await api.post('/api/v1/health/signals', {
    signals: [
      { accountId: ids.A, metric: 'csat', value: 4, recordedAt: daysAgo(1) },
      { accountId: ids.B, metric: 'product_usage', value: 10, recordedAt: daysAgo(1) },
    ],
  });
  for (const title of ['Outage', 'Data loss'])
    await api.post('/api/v1/issues', { accountId: ids.C!, title, severity: 'p1' });
});
afterAll(() => t.close());

const report = async (query: string, who = api) => {
  const res = await who.get(`/api/v1/reports/portfolio-health?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('portfolio health', () => {
  it('totals bands, ARR at risk and movers from today’s scores', async () => {
    const r = await report(`ownerId=${owner.id}`);
    expect(r.bands).toEqual({
      green: { accounts: 1, arr: 1000 },
      yellow: { accounts: 1, arr: 2000.5 },
      red: { accounts: 1, arr: 3000 },
      unknown: { accounts: 1, arr: 500 },
    });
    expect(r.atRiskArr).toBe(3000);
    expect(r.atRiskAccounts).toBe(1);
    expect(r.movers).toEqual([
      { accountId: ids.C, name: expect.stringMatching(/^C /), score: 0, change30d: -67 },
      { accountId: ids.A, name: expect.stringMatching(/^A /), score: 73, change30d: -18 },
    ]);
    expect(await report(`ownerId=${owner.id}&asOf=${todayUtc()}`)).toEqual(r);
  });

  it('re-scores by the rule for another date', async () => {
    const r = await report(`ownerId=${owner.id}&asOf=${addDays(todayUtc(), -10)}`);
    // A: 50 days untouched → 79 (96 at 40 days back); B and D did not exist yet;
    // C: 90 days untouched, the issues not yet open → 56 (73 at 40 days back).
    expect(r.bands).toEqual({
      green: { accounts: 1, arr: 1000 },
      yellow: { accounts: 1, arr: 3000 },
      red: { accounts: 0, arr: 0 },
      unknown: { accounts: 2, arr: 2500.5 },
    });
    expect(r.atRiskArr).toBe(0);
    expect(r.atRiskAccounts).toBe(0);
    expect(
      r.movers.map((m: { accountId: string; score: number; change30d: number }) => [
        m.accountId,
        m.score,
        m.change30d,
      ]),
    ).toEqual([
      [ids.A, 79, -17],
      [ids.C, 56, -17],
    ]);
  });

  it('narrows to a team’s owners, and only within scope', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const team = await makeTeam(t.db, admin, { memberIds: [owner.id] });
    const byTeam = await report(`teamId=${team.id}`, client(t.app, admin));
    expect(byTeam.bands.red).toEqual({ accounts: 1, arr: 3000 });
    expect(byTeam.movers).toHaveLength(2);
    const stranger = client(t.app, await makeUser(t.db));
    const none = await report(`ownerId=${owner.id}`, stranger);
    expect(none).toEqual({
      bands: {
        green: { accounts: 0, arr: 0 },
        yellow: { accounts: 0, arr: 0 },
        red: { accounts: 0, arr: 0 },
        unknown: { accounts: 0, arr: 0 },
      },
      atRiskArr: 0,
      atRiskAccounts: 0,
      movers: [],
    });
    const both = await api.get(`/api/v1/reports/portfolio-health?ownerId=${owner.id}&teamId=${team.id}`);
    expect(both.status).toBe(400);
    expect(both.body.errors[0].path).toBe('teamId');
  });
});
