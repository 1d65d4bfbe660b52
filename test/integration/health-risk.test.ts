import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { defaultHealthModel } from '../../src/core/rules/health-score.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock, today as todayUtc } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Critical components and the reasons behind churn risk, on the default model (nps 25,
// product_usage 30, days_since_last_touch 20 and critical, open_issues_weighted 25). A model
// change re-scores every account of the database, so this suite has one of its own.

let t: TestApp;
let admin: TestUser;
let am: TestUser;
let api: ReturnType<typeof client>;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(testClock.now().getTime() - n * DAY).toISOString();
let neglected: string;
let falling: string;
let fine: string;

beforeAll(async () => {
  t = await testApp({ fresh: true });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  api = client(t.app, am);
  const aged = async (age: number) => {
    const row = await makeAccount(t.db, am.id);
    await t.db
      .update(accounts)
      .set({ createdAt: new Date(testClock.now().getTime() - age * DAY) })
      .where(eq(accounts.id, row.id));
    return row.id;
  };
  neglected = await aged(400);
  falling = await aged(60);
  fine = await aged(5);
  // The last touch of `neglected`: a call 334 days ago.
  const call = await api.post('/api/v1/activities', {
    accountId: neglected,
    type: 'call',
    subject: 'Kick-off',
    occurredAt: daysAgo(334),
  });
  expect(call.status).toBe(201);
  const signals = await api.post('/api/v1/health/signals', {
    signals: [
      { accountId: neglected, metric: 'nps', value: 50, recordedAt: daysAgo(1) },
      { accountId: neglected, metric: 'product_usage', value: 80, recordedAt: daysAgo(1) },
      { accountId: falling, metric: 'product_usage', value: 80, recordedAt: daysAgo(40) },
      { accountId: falling, metric: 'product_usage', value: 20, recordedAt: daysAgo(1) },
      { accountId: falling, metric: 'nps', value: -20, recordedAt: daysAgo(1) },
      { accountId: fine, metric: 'product_usage', value: 80, recordedAt: daysAgo(1) },
    ],
  });
  expect(signals.status).toBe(200);
  const issue = await api.post('/api/v1/issues', { accountId: falling, title: 'Outage', severity: 'p1' });
  expect(issue.status).toBe(201);
});
afterAll(() => t.close());

const risk = async (id: string) => {
  const { healthScore, healthBand, churnRisk, churnRiskReasons } = (await api.get(`/api/v1/accounts/${id}`))
    .body;
  return { healthScore, healthBand, churnRisk, churnRiskReasons };
};
const put = (body: object) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/health/model',
    headers: { ...admin.auth, 'content-type': 'application/json' },
    payload: body,
  });

describe('critical components and churn risk reasons', () => {
  it('caps a neglected account at yellow and says why, on the account, the list and the health read', async () => {
    // nps 50 → 100, usage 80 → 100, 334 days untouched → 0, no issues → 100:
    // (2500 + 3000 + 0 + 2500) / 100 = 80, green by the score, yellow by the critical touch.
    // 30 days ago (304 days untouched, no signals yet): (20 × 0 + 25 × 100) / 45 = 55.6 → 56: no fall.
    const expected = {
      healthScore: 80,
      healthBand: 'yellow',
      churnRisk: 'medium',
      churnRiskReasons: ['No touch in 334 days'],
    };
    expect(await risk(neglected)).toEqual(expected);
    const list = (await api.get(`/api/v1/accounts?ownerId=${am.id}&limit=200`)).body.data;
    expect(list.find((a: { id: string }) => a.id === neglected)).toMatchObject(expected);
    const h = (await api.get(`/api/v1/accounts/${neglected}/health`)).body;
    expect(h).toMatchObject({
      score: 80,
      band: 'yellow',
      churnRisk: 'medium',
      churnRiskReasons: ['No touch in 334 days'],
    });
    expect(h.components[2]).toEqual({
      metric: 'days_since_last_touch',
      value: 334,
      score: 0,
      weight: 20,
      contribution: 0,
    });
    // The history's band is capped too; 30 days earlier it was 56, yellow by the score.
    expect(h.history.at(-1)).toEqual({ date: todayUtc(), score: 80, band: 'yellow' });
    const back = (await api.get(`/api/v1/accounts/${neglected}/health?asOf=${addDays(todayUtc(), -30)}`))
      .body;
    expect(back).toMatchObject({
      score: 56,
      band: 'yellow',
      churnRisk: 'medium',
      churnRiskReasons: ['Health is yellow (56)', 'No touch in 304 days'],
    });
  });

  it('names the red band and the fall, and lists no reasons for a low risk', async () => {
    // Today: nps −20 → 0, usage 20 → 0, 60 days untouched → 39.47, a p1 open (4) → 50:
    // (0 + 0 + 789.5 + 1250) / 100 = 20.4 → 20, red.
    // 30 days ago: usage 80 → 100, 30 days untouched → 78.95, no issue → 100, no nps yet:
    // (3000 + 1578.9 + 2500) / 75 = 94.4 → 94; it fell 74 points.
    expect(await risk(falling)).toEqual({
      healthScore: 20,
      healthBand: 'red',
      churnRisk: 'high',
      churnRiskReasons: ['Health is red (20)', 'Score fell 74 points in 30 days (from 94)'],
    });
    expect((await api.get(`/api/v1/accounts/${falling}/health`)).body.churnRiskReasons).toEqual([
      'Health is red (20)',
      'Score fell 74 points in 30 days (from 94)',
    ]);
    // Usage 80 → 100, 5 days untouched → 100, no issues → 100.
    expect(await risk(fine)).toEqual({
      healthScore: 100,
      healthBand: 'green',
      churnRisk: 'low',
      churnRiskReasons: [],
    });
  });

  it('shows the reasons on renewals report rows and on the owner’s at-risk agenda items', async () => {
    const today = todayUtc();
    for (const [accountId, endDate] of [
      [falling, addDays(today, 30)],
      [neglected, addDays(today, 31)],
    ] as const) {
      const res = await client(t.app, admin).post('/api/v1/contracts', {
        accountId,
        name: `Renewal of ${endDate}`,
        startDate: addDays(today, -300),
        endDate,
        arr: 1_000,
      });
      expect(res.status).toBe(201);
    }
    const report = (await api.get('/api/v1/reports/renewals')).body;
    expect(
      report.data.map((r: { accountId: string; churnRisk: string; churnRiskReasons: string[] }) => [
        r.accountId,
        r.churnRisk,
        r.churnRiskReasons,
      ]),
    ).toEqual([
      [falling, 'high', ['Health is red (20)', 'Score fell 74 points in 30 days (from 94)']],
      [neglected, 'medium', ['No touch in 334 days']],
    ]);
    expect(report.totals.arrAtRisk).toBe(1_000);
    const agenda = (await api.get('/api/v1/me/agenda')).body.data;
    expect(agenda.filter((i: { kind: string }) => i.kind === 'at_risk')).toEqual([
      expect.objectContaining({
        accountId: falling,
        churnRiskReasons: ['Health is red (20)', 'Score fell 74 points in 30 days (from 94)'],
      }),
    ]);
  });

  it('takes the flag in the model: turned off, the neglected account is green again', async () => {
    const bad = await put({
      ...defaultHealthModel,
      components: defaultHealthModel.components.map((c, i) => (i === 0 ? { ...c, critical: 'yes' } : c)),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['components.0.critical']);

    const relaxed = {
      ...defaultHealthModel,
      components: defaultHealthModel.components.map((c) => ({ ...c, critical: false })),
    };
    const res = await put(relaxed);
    expect(res.statusCode).toBe(200);
    expect((await api.get('/api/v1/health/model')).body).toEqual(relaxed);
    // 80, green; 30 days earlier 56: no fall, low risk, no reasons.
    expect(await risk(neglected)).toEqual({
      healthScore: 80,
      healthBand: 'green',
      churnRisk: 'low',
      churnRiskReasons: [],
    });
    // nps made critical: the falling account's nps −20 scores 0, named after the band and the fall.
    const npsCritical = {
      ...defaultHealthModel,
      components: defaultHealthModel.components.map((c) =>
        c.metric === 'nps' ? { ...c, critical: true } : c,
      ),
    };
    expect((await put(npsCritical)).statusCode).toBe(200);
    expect((await risk(falling)).churnRiskReasons).toEqual([
      'Health is red (20)',
      'Score fell 74 points in 30 days (from 94)',
      'nps is -20 (critical)',
    ]);
    expect((await put(defaultHealthModel)).statusCode).toBe(200);
    expect(await risk(neglected)).toMatchObject({
      healthBand: 'yellow',
      churnRiskReasons: ['No touch in 334 days'],
    });
  });
});
