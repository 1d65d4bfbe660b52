import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/server/clock.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * Renewal likelihood: a renewal deal's probability and forecast category in an open stage come from
 * its account's health band when it is created or changes stage. A database of its own, since the
 * sweep touches every contract; deals close in 2046-Q3.
 */
let t: TestApp;
let admin: TestUser;
let am: TestUser;
type Band = 'green' | 'yellow' | 'red' | null;
const acct: Record<string, string> = {};
const Q3 = 'from=2046-07-01&to=2046-09-30';

/** The health cache is kept by the health feature; here it is set as it would have left it. */
const setBand = (accountId: string, healthBand: Band) =>
  t.db
    .update(accounts)
    .set({ healthBand, healthScore: { green: 90, yellow: 55, red: 20 }[healthBand ?? 'green'] ?? null })
    .where(eq(accounts.id, accountId));

beforeAll(async () => {
  t = await testApp({ fresh: true, clock: fixedClock('2046-05-20') });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  const api = client(t.app, admin);
  for (const [key, band] of [
    ['Green', 'green'],
    ['Yellow', 'yellow'],
    ['Red', 'red'],
    ['Unscored', null],
  ] as const) {
    acct[key] = (await api.post('/api/v1/accounts', { name: unique(key), ownerId: am.id })).body.id;
    await setBand(acct[key]!, band);
  }
});
afterAll(() => t.close());

const post = (account: string, extra: object = {}) =>
  client(t.app, am).post('/api/v1/opportunities', {
    accountId: acct[account]!,
    name: unique('Renewal'),
    type: 'renewal',
    amount: 1_000,
    closeDate: '2046-12-15',
    ...extra,
  });
const patch = (id: string, body: object) => client(t.app, am).patch(`/api/v1/opportunities/${id}`, body);
const odds = (o: { probability: number; forecastCategory: string }) => [o.probability, o.forecastCategory];

describe('renewal likelihood', () => {
  it('gives a new renewal deal its probability and category from the health band, in any open stage', async () => {
    expect(odds((await post('Green')).body)).toEqual([90, 'commit']);
    expect(odds((await post('Yellow')).body)).toEqual([70, 'best_case']);
    expect(odds((await post('Red', { stage: 'negotiation' })).body)).toEqual([40, 'pipeline']);
    expect(odds((await post('Unscored', { stage: 'qualification' })).body)).toEqual([70, 'best_case']);
    // New money keeps the stage table, whatever the band.
    expect(odds((await post('Green', { type: 'upsell' })).body)).toEqual([10, 'pipeline']);
    expect(odds((await post('Red', { type: 'new_business', stage: 'negotiation' })).body)).toEqual([
      75,
      'commit',
    ]);
  });

  it('lets the request override either while open, and forces the closed stages', async () => {
    expect(odds((await post('Green', { probability: 55 })).body)).toEqual([55, 'commit']);
    expect(odds((await post('Red', { forecastCategory: 'omitted' })).body)).toEqual([40, 'omitted']);
    const won = await post('Red', { stage: 'closed_won', probability: 40 });
    expect(odds(won.body)).toEqual([100, 'closed']);
    const lost = await post('Green', { stage: 'closed_lost', lostReason: 'Budget cut' });
    expect(odds(lost.body)).toEqual([0, 'omitted']);
  });

  it('takes the band as it is when the stage changes, and keeps the values while it does not', async () => {
    const created = await post('Yellow', { probability: 30, forecastCategory: 'pipeline' });
    expect(odds(created.body)).toEqual([30, 'pipeline']);
    const id = created.body.id;
    // Same stage: the override stays, even when the band has moved since.
    await setBand(acct.Yellow!, 'green');
    expect(odds((await patch(id, { nextStep: 'Call the CFO' })).body)).toEqual([30, 'pipeline']);
    expect(odds((await patch(id, { stage: 'prospecting' })).body)).toEqual([30, 'pipeline']);
    // A stage change reads the band now: green.
    expect(odds((await patch(id, { stage: 'proposal' })).body)).toEqual([90, 'commit']);
    await setBand(acct.Yellow!, 'red');
    expect(odds((await patch(id, { stage: 'negotiation' })).body)).toEqual([40, 'pipeline']);
    expect(odds((await patch(id, { stage: 'qualification', probability: 65 })).body)).toEqual([
      65,
      'pipeline',
    ]);
    expect(odds((await patch(id, { stage: 'closed_won' })).body)).toEqual([100, 'closed']);
    // Reopened: an open stage again, by the band of the day (no score: 70, best case).
    await setBand(acct.Yellow!, null);
    expect(odds((await patch(id, { stage: 'negotiation' })).body)).toEqual([70, 'best_case']);
    await setBand(acct.Yellow!, 'yellow');
  });

  it("opens the sweep's renewal deals by band, and the renewal forecast weighs them so", async () => {
    const api = client(t.app, admin);
    const contract = async (account: string, endDate: string, arr: number) => {
      const res = await api.post('/api/v1/contracts', {
        accountId: acct[account]!,
        name: unique(account),
        startDate: '2045-07-01',
        endDate,
        arr,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const ids = {
      green: await contract('Green', '2046-07-15', 10_000),
      red: await contract('Red', '2046-08-20', 5_000),
      yellow: await contract('Yellow', '2046-09-10', 8_000),
      none: await contract('Unscored', '2046-09-20', 2_000),
    };
    const swept = await api.post('/api/v1/admin/sweeps/renewals?asOf=2046-06-01');
    expect(swept.body).toMatchObject({ opportunitiesCreated: 4 });
    const dealOf = async (contractId: string) =>
      (await api.get(`/api/v1/opportunities?contractId=${contractId}&type=renewal`)).body.data[0];
    expect(await dealOf(ids.green)).toMatchObject({
      stage: 'prospecting',
      probability: 90,
      forecastCategory: 'commit',
    });
    expect(await dealOf(ids.red)).toMatchObject({
      stage: 'prospecting',
      probability: 40,
      forecastCategory: 'pipeline',
    });
    expect(await dealOf(ids.yellow)).toMatchObject({ probability: 70, forecastCategory: 'best_case' });
    expect(await dealOf(ids.none)).toMatchObject({ probability: 70, forecastCategory: 'best_case' });

    // 10,000 × 90 % + 5,000 × 40 % + 8,000 × 70 % + 2,000 × 70 % = 9,000 + 2,000 + 5,600 + 1,400.
    // (By the stage table all four would weigh 10 %: 2,500, and commit would be 0.)
    const report = await client(t.app, am).get(
      `/api/v1/reports/forecast?${Q3}&kind=renewal&ownerId=${am.id}`,
    );
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      closedWon: 0,
      commit: 10_000,
      bestCase: 20_000,
      pipeline: 25_000,
      weighted: 18_000,
    });
    // Green and red alone (the case): 9,000 + 2,000.
    const greenAndRed = await client(t.app, am).get(
      `/api/v1/reports/forecast?from=2046-07-01&to=2046-08-31&kind=renewal&ownerId=${am.id}`,
    );
    expect(greenAndRed.body).toMatchObject({
      commit: 10_000,
      bestCase: 10_000,
      pipeline: 15_000,
      weighted: 11_000,
    });
  });
});
