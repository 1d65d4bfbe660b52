import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ForecastOpportunity, simulate, stageDefaults } from '../../src/core/rules/forecast.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { type CastMember, makeScopeCast, makeTeam, type TestUser, unique } from '../support/factories.ts';
import { client, type RequestBody } from '../support/http.ts';

/*
 * A hand-worked book in 2041-Q1 (a quarter no other suite uses). Accounts: A1 of am1, A2 of am2
 * (both on mgr's team), A3 of `other`.
 */
let t: TestApp;
let u: Record<CastMember, TestUser>;
let teamId: string;
const Q1 = 'from=2041-01-01&to=2041-03-31';
type OpportunityType = RequestBody<'post', '/api/v1/opportunities'>['type'];
type QuotaKind = RequestBody<'post', '/api/v1/quotas'>['kind'];

type Deal = ForecastOpportunity & { type: OpportunityType; closeDate?: string; lostReason?: string };
const deal = (
  stage: Deal['stage'],
  amount: number,
  type: OpportunityType,
  over: Partial<Deal> = {},
): Deal => ({
  stage,
  amount,
  type,
  ...stageDefaults[stage],
  ...over,
});
const a1Book: Deal[] = [
  deal('closed_won', 10_000, 'new_business'),
  deal('closed_lost', 9_999, 'upsell', { lostReason: 'Price' }),
  deal('negotiation', 4_000, 'upsell'), // commit, 75 %
  deal('proposal', 2_000, 'cross_sell'), // best case, 50 %
  deal('qualification', 1_000, 'new_business'), // pipeline, 20 %
  deal('prospecting', 500, 'upsell', { forecastCategory: 'omitted' }), // left out everywhere
  deal('proposal', 3_000, 'upsell', { forecastCategory: 'commit', probability: 60 }), // overridden
  deal('negotiation', 7_000, 'renewal'), // only in the renewal forecast
  deal('negotiation', 5_000, 'upsell', { closeDate: '2041-04-01' }), // the day after the quarter
];
const a2Book: Deal[] = [deal('closed_won', 2_500, 'new_business', { closeDate: '2041-03-31' })];
const a3Book: Deal[] = [deal('closed_won', 100_000, 'new_business', { closeDate: '2041-01-01' })];

beforeAll(async () => {
  t = await testApp();
  u = await makeScopeCast(t.db);
  teamId = (await client(t.app, u.admin).get('/api/v1/teams?limit=200')).body.data.find(
    (x: { memberIds: string[] }) => x.memberIds.includes(u.am1.id),
  ).id;
  const admin = client(t.app, u.admin);
  const book = async (ownerId: string, deals: Deal[]) => {
    const acct = (await admin.post('/api/v1/accounts', { name: unique('Acct'), ownerId })).body;
    for (const d of deals) {
      const { type, closeDate, ...rest } = d;
      const res = await admin.post('/api/v1/opportunities', {
        accountId: acct.id,
        name: `${d.stage} ${d.amount}`,
        type,
        ...rest,
        closeDate: closeDate ?? '2041-02-15',
      });
      expect(res.status).toBe(201);
    }
  };
  await book(u.am1.id, a1Book);
  await book(u.am2.id, a2Book);
  await book(u.other.id, a3Book);
  const quota = (userId: string, kind: QuotaKind, amount: number, periodEnd = '2041-03-31') =>
    admin.post('/api/v1/quotas', { userId, kind, amount, periodStart: '2041-01-01', periodEnd });
  await quota(u.am1.id, 'new_arr', 40_000);
  await quota(u.am2.id, 'new_arr', 10_000);
  await quota(u.other.id, 'new_arr', 1_000_000);
  await quota(u.am1.id, 'renewal', 14_000);
  await quota(u.am2.id, 'renewal', 99_999, '2041-06-30'); // not within the quarter
});
afterAll(() => t.close());

const forecastAs = async (who: CastMember, query: string) => {
  const res = await client(t.app, u[who]).get(`/api/v1/reports/forecast?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const inQ1 = (deals: Deal[], kind: 'new_arr' | 'renewal') =>
  deals.filter(
    (d) => (d.closeDate ?? '2041-02-15') <= '2041-03-31' && (kind === 'renewal') === (d.type === 'renewal'),
  );

describe('forecast', () => {
  it('rolls up every deal in scope for the quarter, with quota and attainment', async () => {
    const body = await forecastAs('admin', Q1);
    expect(body).toMatchObject({
      from: '2041-01-01',
      to: '2041-03-31',
      kind: 'new_arr',
      seed: 1,
      opportunities: 9,
      closedWon: 112_500, // 10 000 + 2 500 + 100 000
      commit: 119_500, // + 4 000 + 3 000
      bestCase: 121_500, // + 2 000
      pipeline: 122_500, // + 1 000
      weighted: 118_500, // 112 500 + 3 000 + 1 000 + 200 + 1 800
      quota: 1_050_000,
      attainment: 0.1071, // 112 500 / 1 050 000 = 0.107142…
    });
    const all = [...inQ1(a1Book, 'new_arr'), ...a2Book, ...a3Book];
    expect(body.simulation).toEqual(simulate(all, { seed: 1 }));
  });

  it('defaults to the quarter of asOf and repeats the simulation for a seed', async () => {
    const byDefault = await forecastAs('admin', 'asOf=2041-02-10');
    expect(byDefault).toEqual(await forecastAs('admin', Q1));
    const seeded = await forecastAs('admin', `${Q1}&seed=42`);
    expect(seeded.seed).toBe(42);
    expect(seeded.simulation).toEqual((await forecastAs('admin', `${Q1}&seed=42`)).simulation);
    expect(seeded.simulation).toEqual(
      simulate([...inQ1(a1Book, 'new_arr'), ...a2Book, ...a3Book], { seed: 42 }),
    );
  });

  it('forecasts renewals separately, counting only quotas whose period lies in the range', async () => {
    const body = await forecastAs('admin', `${Q1}&kind=renewal`);
    expect(body).toMatchObject({
      kind: 'renewal',
      opportunities: 1,
      closedWon: 0,
      commit: 7_000,
      bestCase: 7_000,
      pipeline: 7_000,
      weighted: 5_250,
      quota: 14_000,
      attainment: 0,
    });
  });

  it('limits to scope: a manager their team, an account manager their own book', async () => {
    const team = {
      closedWon: 12_500,
      commit: 19_500,
      bestCase: 21_500,
      pipeline: 22_500,
      weighted: 18_500,
      quota: 50_000,
      attainment: 0.25,
    };
    expect(await forecastAs('mgr', Q1)).toMatchObject({ ...team, opportunities: 8 });
    expect(await forecastAs('admin', `${Q1}&teamId=${teamId}`)).toMatchObject(team);
    const own = { closedWon: 10_000, commit: 17_000, bestCase: 19_000, pipeline: 20_000, weighted: 16_000 };
    expect(await forecastAs('am1', Q1)).toMatchObject({ ...own, quota: 40_000, attainment: 0.25 });
    expect(await forecastAs('mgr', `${Q1}&ownerId=${u.am1.id}`)).toMatchObject({ ...own, quota: 40_000 });
    // The team seen by am1 is only what am1 may see.
    expect(await forecastAs('am1', `${Q1}&teamId=${teamId}`)).toMatchObject({ ...own, quota: 40_000 });
    expect(await forecastAs('am2', Q1)).toMatchObject({ closedWon: 2_500, pipeline: 2_500, quota: 10_000 });
  });

  it("gives zeros, not someone else's numbers, for an owner or team outside scope", async () => {
    const nothing = {
      opportunities: 0,
      closedWon: 0,
      commit: 0,
      bestCase: 0,
      pipeline: 0,
      weighted: 0,
      quota: 0,
      attainment: null,
      simulation: { p10: 0, p50: 0, p90: 0 },
    };
    expect(await forecastAs('am1', `${Q1}&ownerId=${u.other.id}`)).toMatchObject(nothing);
    expect(await forecastAs('mgr', `${Q1}&ownerId=${u.other.id}`)).toMatchObject(nothing);
    const elsewhere = await makeTeam(t.db, u.admin, { memberIds: [u.other.id] });
    expect(await forecastAs('mgr', `${Q1}&teamId=${elsewhere.id}`)).toMatchObject(nothing);
    expect(await forecastAs('mem', Q1)).toMatchObject(nothing);
  });

  it('names bad parameters', async () => {
    const api = client(t.app, u.admin);
    const cases: [string, string][] = [
      ['from=2041-03-31&to=2041-01-01', 'to'],
      ['kind=churn', 'kind'],
      ['seed=-1', 'seed'],
      ['from=2041-13-01', 'from'],
    ];
    for (const [query, path] of cases) {
      const res = await api.get(`/api/v1/reports/forecast?${query}`);
      expect([res.status, res.body.errors[0].path]).toEqual([400, path]);
    }
  });
});
