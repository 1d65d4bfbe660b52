import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { today } from '../support/clock.ts';
import { type CastMember, makeScopeCast, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/* Renewals as of 2047-01-01 (default window: to 2047-05-01), in years no other suite uses. */
let t: TestApp;
let u: Record<CastMember, TestUser>;
const k: Record<string, string> = {};
const acct: Record<string, string> = {};
let renewalOpp: string;
const AS_OF = 'asOf=2047-01-01';

beforeAll(async () => {
  t = await testApp();
  u = await makeScopeCast(t.db);
  const admin = client(t.app, u.admin);
  for (const [key, ownerId] of [
    ['R1', u.am1.id],
    ['R2', u.am1.id],
    ['R3', u.other.id],
  ] as const) {
    acct[key] = (await admin.post('/api/v1/accounts', { name: unique(key), ownerId })).body.id;
  }
  // The health cache is kept by the health feature; here it is set as it would have left it.
  await t.db
    .update(accounts)
    .set({ healthBand: 'red', churnRisk: 'high', healthScore: 20, churnRiskReasons: ['Health is red (20)'] })
    .where(inArray(accounts.id, [acct.R1!]));
  await t.db
    .update(accounts)
    .set({ healthBand: 'green', churnRisk: 'low', healthScore: 90 })
    .where(sql`${accounts.id} = ${acct.R2!}`);
  const contract = async (key: string, account: string, endDate: string, arr: number, extra = {}) => {
    const res = await admin.post('/api/v1/contracts', {
      accountId: acct[account]!,
      name: key,
      startDate: '2046-01-01',
      endDate,
      arr,
      ...extra,
    });
    expect(res.status).toBe(201);
    k[key] = res.body.id;
  };
  await contract('k1', 'R1', '2047-01-01', 1_000, { autoRenew: true }); // first day of the window
  await contract('k2', 'R2', '2047-05-01', 2_500.5); // last day (asOf + 120)
  await contract('k3', 'R2', '2047-05-02', 800); // a day late
  await contract('k4', 'R1', '2046-12-31', 900); // a day early
  await contract('k5', 'R1', '2047-02-01', 700, { status: 'draft' });
  await contract('k6', 'R3', '2047-03-01', 7_000); // other's account
  await contract('k7', 'R1', '2047-02-15', 300);
  // Cancelled today, so at once (a later date would be a notice: still active until then).
  await admin.post(`/api/v1/contracts/${k.k7}/cancel`, { cancelledOn: today(), reason: 'Closed down' });
  renewalOpp = (
    await admin.post('/api/v1/opportunities', {
      accountId: acct.R1!,
      name: 'Renew k1',
      type: 'renewal',
      contractId: k.k1,
      stage: 'negotiation',
      closeDate: '2047-01-01',
    })
  ).body.id;
});
afterAll(() => t.close());

const reportAs = async (who: CastMember, query: string) => {
  const res = await client(t.app, u[who]).get(`/api/v1/reports/renewals?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('renewals report', () => {
  it('lists active contracts ending in the window with health and the renewal opportunity', async () => {
    const body = await reportAs('am1', AS_OF);
    expect(body).toMatchObject({ from: '2047-01-01', to: '2047-05-01', nextCursor: null });
    expect(body.data).toEqual([
      {
        contractId: k.k1,
        contractName: 'k1',
        accountId: acct.R1,
        accountName: expect.stringMatching(/^R1-/),
        ownerId: u.am1.id,
        endDate: '2047-01-01',
        arr: 1_000,
        autoRenew: true,
        healthBand: 'red',
        churnRisk: 'high',
        churnRiskReasons: ['Health is red (20)'],
        renewalOpportunity: { id: renewalOpp, stage: 'negotiation' },
      },
      expect.objectContaining({
        contractId: k.k2,
        endDate: '2047-05-01',
        arr: 2_500.5,
        healthBand: 'green',
        churnRisk: 'low',
        churnRiskReasons: [],
        renewalOpportunity: null,
      }),
    ]);
    expect(body.totals).toEqual({ contracts: 2, arrUpForRenewal: 3_500.5, arrAtRisk: 1_000 });
  });

  it('pages by cursor while the totals cover the whole window', async () => {
    const first = await reportAs('am1', `${AS_OF}&limit=1`);
    expect(first.data.map((r: { contractId: string }) => r.contractId)).toEqual([k.k1]);
    expect(first.totals.arrUpForRenewal).toBe(3_500.5);
    const second = await reportAs('am1', `${AS_OF}&limit=1&cursor=${first.nextCursor}`);
    expect(second.data.map((r: { contractId: string }) => r.contractId)).toEqual([k.k2]);
    expect(second.nextCursor).toBeNull();
  });

  it('takes an explicit window, inclusive at both ends', async () => {
    const body = await reportAs('am1', 'from=2046-12-31&to=2047-05-02');
    expect(body.data.map((r: { contractName: string }) => r.contractName)).toEqual(['k4', 'k1', 'k2', 'k3']);
    expect(body.totals).toEqual({ contracts: 4, arrUpForRenewal: 5_200.5, arrAtRisk: 1_900 });
  });

  it('limits to scope; an owner outside it gives an empty report', async () => {
    const admin = await reportAs('admin', `${AS_OF}&ownerId=${u.other.id}`);
    expect(admin.data.map((r: { contractId: string }) => r.contractId)).toEqual([k.k6]);
    expect(admin.totals).toEqual({ contracts: 1, arrUpForRenewal: 7_000, arrAtRisk: 0 });
    const empty = { data: [], nextCursor: null, totals: { contracts: 0, arrUpForRenewal: 0, arrAtRisk: 0 } };
    expect(await reportAs('am1', `${AS_OF}&ownerId=${u.other.id}`)).toMatchObject(empty);
    expect(await reportAs('am2', AS_OF)).toMatchObject(empty);
    expect((await reportAs('mgr', AS_OF)).totals.contracts).toBe(2);
  });

  it('names a bad window', async () => {
    const res = await client(t.app, u.am1).get('/api/v1/reports/renewals?from=2047-02-01&to=2047-01-01');
    expect([res.status, res.body.errors[0].path]).toEqual([400, 'to']);
    const limit = await client(t.app, u.am1).get('/api/v1/reports/renewals?limit=500');
    expect([limit.status, limit.body.errors[0].path]).toEqual([400, 'limit']);
  });
});
