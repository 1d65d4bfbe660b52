import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { defaultHealthModel } from '../../src/core/rules/health-score.ts';
import { fixedClock } from '../../src/server/clock.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { healthSnapshots, snapshotHealth } from '../../src/server/features/health/index.ts';
import { systemWrites } from '../../src/server/runtime.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock, today as todayUtc } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

// A model change re-scores every account of the database, so this suite has one of its own.

let t: TestApp;
let admin: TestUser;
let am: TestUser;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(testClock.now().getTime() - n * DAY).toISOString();

beforeAll(async () => {
  t = await testApp({ fresh: true });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
});
afterAll(() => t.close());

async function accountAged(age: number) {
  const row = await makeAccount(t.db, am.id);
  await t.db
    .update(accounts)
    .set({ createdAt: new Date(testClock.now().getTime() - age * DAY) })
    .where(eq(accounts.id, row.id));
  return row;
}
const scoreOf = async (id: string) => {
  const { healthScore, healthBand, churnRisk } = (await client(t.app, am).get(`/api/v1/accounts/${id}`)).body;
  return { healthScore, healthBand, churnRisk };
};
const put = (who: TestUser, body: object) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/health/model',
    headers: { ...who.auth, 'content-type': 'application/json' },
    payload: body,
  });
const paths = (res: { json(): { errors: { path: string }[] } }) =>
  res
    .json()
    .errors.map((e) => e.path)
    .sort();

describe('the health model', () => {
  it('is the default of the contract until an admin saves one', async () => {
    expect((await client(t.app, am).get('/api/v1/health/model')).body).toEqual(defaultHealthModel);
  });

  it('names each invalid field', async () => {
    const component = { metric: 'nps', weight: 1, good: 50, bad: -20 };
    const bands = { greenMin: 70, yellowMin: 40 };
    const shape = await put(admin, {
      components: [
        { ...component, weight: 0 },
        { ...component, metric: 'Net Promoter', maxAgeDays: 0 },
      ],
      bands: { greenMin: 101, yellowMin: 40 },
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual([
      'bands.greenMin',
      'components.0.weight',
      'components.1.maxAgeDays',
      'components.1.metric',
    ]);
    const rules = await put(admin, {
      components: [component, { ...component, good: 3, bad: 3 }, { ...component, metric: 'product_usage' }],
      bands: { greenMin: 40, yellowMin: 40 },
    });
    expect(paths(rules)).toEqual(['bands.greenMin', 'components.1.good', 'components.1.metric']);
    expect((await put(admin, { components: [], bands })).statusCode).toBe(400);
    expect((await put(am, { components: [component], bands })).statusCode).toBe(403);
  });

  it('re-scores every account at once when it changes, and is audited', async () => {
    const used = await accountAged(60);
    const untouched = await accountAged(60);
    await client(t.app, am).post('/api/v1/health/signals', {
      signals: [
        { accountId: used.id, metric: 'product_usage', value: 50, recordedAt: daysAgo(1) },
        { accountId: untouched.id, metric: 'csat', value: 3, recordedAt: daysAgo(1) },
      ],
    });
    // Default: usage 50 → 50, 60 days untouched → 39.47, no issues → 100: (1500 + 789.5 + 2500) / 75 = 63.9;
    // 30 days ago (no usage yet, 30 days → 78.95): 90.6 → 91, a fall of 27.
    expect(await scoreOf(used.id)).toEqual({ healthScore: 64, healthBand: 'yellow', churnRisk: 'high' });
    expect((await scoreOf(untouched.id)).healthScore).toBe(73);

    const usageOnly = {
      components: [{ metric: 'product_usage', weight: 2, good: 40, bad: 0, maxAgeDays: 30 }],
      bands: { greenMin: 80, yellowMin: 50 },
    };
    const res = await put(admin, usageOnly);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(usageOnly);
    // Usage 50 is past good: 100. Thirty days earlier there was no usage, so no fall.
    expect(await scoreOf(used.id)).toEqual({ healthScore: 100, healthBand: 'green', churnRisk: 'low' });
    expect(await scoreOf(untouched.id)).toEqual({ healthScore: null, healthBand: null, churnRisk: null });
    const list = (await client(t.app, am).get('/api/v1/accounts?healthBand=green')).body.data;
    expect(list.map((a: { id: string }) => a.id)).toEqual([used.id]);
    expect((await client(t.app, am).get('/api/v1/health/model')).body).toEqual(usageOnly);

    const trail = (await client(t.app, admin).get('/api/v1/audit?action=health_model.updated')).body.data;
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actorId: admin.id, entityType: 'health_model' });
    expect(trail[0].changes.bands).toEqual([defaultHealthModel.bands, usageOnly.bands]);

    expect((await put(admin, defaultHealthModel)).statusCode).toBe(200);
    expect((await scoreOf(used.id)).healthScore).toBe(64);
  });
});

describe('the daily health job', () => {
  it('re-scores as of the day and keeps one snapshot per account and day', async () => {
    const a = await accountAged(10);
    const today = todayUtc();
    await snapshotHealth(t.db, systemWrites(fixedClock(today)));
    await snapshotHealth(t.db, systemWrites(fixedClock(today)));
    const rows = () =>
      t.db
        .select({ date: healthSnapshots.date, score: healthSnapshots.score, band: healthSnapshots.band })
        .from(healthSnapshots)
        .where(eq(healthSnapshots.accountId, a.id));
    // 10 days untouched → 100, no issues → 100.
    expect(await rows()).toEqual([{ date: today, score: 100, band: 'green' }]);
    // Forty days on with no touch: 50 days → 52.6: (1052.6 + 2500) / 45 = 78.9.
    const later = addDays(today, 40);
    await snapshotHealth(t.db, systemWrites(fixedClock(later)));
    expect(await rows()).toHaveLength(2);
    const [row] = await t.db
      .select()
      .from(healthSnapshots)
      .where(and(eq(healthSnapshots.accountId, a.id), eq(healthSnapshots.date, later)));
    expect(row).toMatchObject({ score: 79, band: 'green' });
    expect((await scoreOf(a.id)).healthScore).toBe(79);
    await snapshotHealth(t.db, systemWrites(fixedClock(today)));
    expect((await scoreOf(a.id)).healthScore).toBe(100);
  });
});
