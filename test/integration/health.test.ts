import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/server/db/index.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Scores here use the default model (nps 25, product_usage 30, days_since_last_touch 20,
// open_issues_weighted 25). Model changes run in health-model.test.ts on a database of their own.

let t: TestApp;
let am: TestUser;
let api: ReturnType<typeof client>;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(testClock.now().getTime() - n * DAY).toISOString();

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db);
  api = client(t.app, am);
});
afterAll(() => t.close());

/** An account of `owner` created `age` days ago (at this time of day), with the given fields. */
async function accountAged(age: number, owner = am, extra: Partial<typeof accounts.$inferInsert> = {}) {
  const row = await makeAccount(t.db, owner.id);
  await t.db
    .update(accounts)
    .set({ createdAt: new Date(testClock.now().getTime() - age * DAY), ...extra })
    .where(eq(accounts.id, row.id));
  return row;
}

const push = (signals: object[]) => api.raw.post('/api/v1/health/signals', { signals });
const health = async (id: string, asOf = '') =>
  (await api.raw.get(`/api/v1/accounts/${id}/health${asOf ? `?asOf=${asOf}` : ''}`)).body;
const cached = async (id: string) => {
  const { healthScore, healthBand, churnRisk } = (await api.get(`/api/v1/accounts/${id}`)).body;
  return { healthScore, healthBand, churnRisk };
};

describe('health scores through the API', () => {
  it('scores pushed signals recorded in the past, and the accounts list shows it at once', async () => {
    const a = await accountAged(7);
    const res = await push([
      { accountId: a.id, metric: 'nps', value: 30, recordedAt: daysAgo(2) }, // 50/70 → 71.4
      { accountId: a.id, metric: 'product_usage', value: 65, recordedAt: daysAgo(1) }, // 45/60 → 75
    ]);
    expect(res).toMatchObject({ status: 200, body: { accepted: 2 } });
    // 7 days since creation (no touch) → 100, no issues → 100:
    // (25 × 71.43 + 30 × 75 + 20 × 100 + 25 × 100) / 100 = 85.36
    const h = await health(a.id);
    expect(h).toMatchObject({ score: 85, band: 'green', churnRisk: 'low' });
    expect(h.components).toEqual([
      { metric: 'nps', value: 30, score: 71.4, weight: 25, contribution: 17.9 },
      { metric: 'product_usage', value: 65, score: 75, weight: 30, contribution: 22.5 },
      { metric: 'days_since_last_touch', value: 7, score: 100, weight: 20, contribution: 20 },
      { metric: 'open_issues_weighted', value: 0, score: 100, weight: 25, contribution: 25 },
    ]);
    expect(await cached(a.id)).toEqual({ healthScore: 85, healthBand: 'green', churnRisk: 'low' });
    const list = (await api.get(`/api/v1/accounts?ownerId=${am.id}&healthBand=green&limit=200`)).body;
    expect(list.data.find((x: { id: string }) => x.id === a.id)?.healthScore).toBe(85);
  });

  it('ignores a stale signal and renormalises the weights of the rest', async () => {
    const a = await accountAged(7);
    await push([
      { accountId: a.id, metric: 'nps', value: 50, recordedAt: daysAgo(100) }, // older than 90 days
      { accountId: a.id, metric: 'product_usage', value: 50, recordedAt: daysAgo(1) }, // 30/60 → 50
    ]);
    // (30 × 50 + 20 × 100 + 25 × 100) / 75 = 80
    const h = await health(a.id);
    expect(h.score).toBe(80);
    expect(h.components[0]).toEqual({
      metric: 'nps',
      value: null,
      score: null,
      weight: 25,
      contribution: null,
    });
    expect(h.components[1].contribution).toBe(20);
  });

  it('moves with an activity logged, changed and deleted', async () => {
    const a = await accountAged(60);
    await push([{ accountId: a.id, metric: 'csat', value: 4, recordedAt: daysAgo(1) }]); // not in the model
    // 60 days untouched: (60 − 90) / (14 − 90) → 39.47; (20 × 39.47 + 25 × 100) / 45 = 73.1.
    // 30 days ago it was 30 days: 78.95 → 90.6 → 91, so it fell 18 points: medium risk.
    expect(await cached(a.id)).toEqual({ healthScore: 73, healthBand: 'green', churnRisk: 'medium' });
    const call = await api.post('/api/v1/activities', {
      accountId: a.id,
      type: 'call',
      subject: 'Catch-up',
      occurredAt: daysAgo(0),
    });
    expect(call.status).toBe(201);
    expect(await cached(a.id)).toEqual({ healthScore: 100, healthBand: 'green', churnRisk: 'low' });
    // Moved back to 52 days ago: (52 − 90) / −76 = 0.5 → 50; (20 × 50 + 2500) / 45 = 77.8.
    await api.patch(`/api/v1/activities/${call.body.id}`, { occurredAt: daysAgo(52) });
    expect((await cached(a.id)).healthScore).toBe(78);
    await api.del(`/api/v1/activities/${call.body.id}`);
    expect(await cached(a.id)).toEqual({ healthScore: 73, healthBand: 'green', churnRisk: 'medium' });
  });

  it('counts a completed meeting as a touch', async () => {
    const a = await accountAged(60);
    const m = await api.post('/api/v1/meetings', {
      accountId: a.id,
      kind: 'check_in',
      title: 'Check-in',
      scheduledAt: daysAgo(0),
    });
    await api.post(`/api/v1/meetings/${m.body.id}/complete`, { notes: 'Fine' });
    expect((await cached(a.id)).healthScore).toBe(100);
  });

  it('moves with an issue opened, re-graded and resolved', async () => {
    const a = await accountAged(5);
    const issue = await api.post('/api/v1/issues', { accountId: a.id, title: 'Outage', severity: 'p1' });
    expect(issue.status).toBe(201);
    // p1 → 4: (4 − 8) / (0 − 8) = 0.5 → 50; (20 × 100 + 25 × 50) / 45 = 72.2
    expect((await cached(a.id)).healthScore).toBe(72);
    await api.patch(`/api/v1/issues/${issue.body.id}`, { severity: 'p4' }); // 1 → 87.5: 93.1
    expect((await cached(a.id)).healthScore).toBe(93);
    await api.patch(`/api/v1/issues/${issue.body.id}`, { status: 'resolved' });
    expect((await cached(a.id)).healthScore).toBe(100);
    expect((await health(a.id)).components[3]).toMatchObject({ metric: 'open_issues_weighted', value: 0 });
  });

  it('gives 26 weekly points of history as of a date, none before the account existed', async () => {
    const a = await accountAged(0);
    await t.db
      .update(accounts)
      .set({ createdAt: new Date('2026-05-01T12:00:00.000Z') })
      .where(eq(accounts.id, a.id));
    await push([
      { accountId: a.id, metric: 'product_usage', value: 80, recordedAt: '2026-05-02T00:00:00.000Z' },
      { accountId: a.id, metric: 'product_usage', value: 20, recordedAt: '2026-06-20T00:00:00.000Z' },
    ]);
    const h = await health(a.id, '2026-06-30');
    // 2026-06-30: usage 20 → 0; 60 days untouched → 39.47; (0 + 789.5 + 2500) / 75 = 43.9
    expect(h).toMatchObject({ score: 44, band: 'yellow' });
    // 30 days before (2026-05-31): usage 80 → 100, 30 days → 78.95: (3000 + 1578.9 + 2500) / 75 = 94.4
    expect(h.churnRisk).toBe('high');
    expect(h.history).toHaveLength(26);
    expect(h.history[0]).toEqual({ date: '2026-01-06', score: null, band: null });
    expect(h.history.filter((p: { score: number | null }) => p.score === null)).toHaveLength(17);
    // 2026-05-05: usage 80 → 100, 4 days → 100: 100. 2026-06-23: usage 20, 53 days → 48.7: 46.3
    expect(h.history[17]).toEqual({ date: '2026-05-05', score: 100, band: 'green' });
    expect(h.history[24]).toEqual({ date: '2026-06-23', score: 46, band: 'yellow' });
    expect(h.history[25]).toEqual({ date: '2026-06-30', score: 44, band: 'yellow' });
    expect((await health(a.id, '2026-04-30')).score).toBeNull();
  });
});

describe('signal ingestion', () => {
  it('accepts accounts by domain, and lists signals newest first with filters', async () => {
    const domain = `${unique('acme')}.com`;
    const a = (await api.post('/api/v1/accounts', { name: unique('Acme'), domain })).body;
    const res = await push([
      {
        accountDomain: domain.toUpperCase(),
        metric: 'nps',
        value: 10,
        recordedAt: '2026-03-01T00:00:00.000Z',
      },
      { accountId: a.id, metric: 'nps', value: 20, recordedAt: '2026-04-01T00:00:00.000Z' },
      { accountId: a.id, metric: 'product_usage', value: 70.5, recordedAt: '2026-04-15T00:00:00.000Z' },
    ]);
    expect(res.body).toEqual({ accepted: 3 });
    const all = (await api.get(`/api/v1/accounts/${a.id}/signals`)).body.data;
    expect(all.map((s: { value: number }) => s.value)).toEqual([70.5, 20, 10]);
    const nps = await api.get(
      `/api/v1/accounts/${a.id}/signals?metric=nps&from=2026-03-15T00:00:00.000Z&limit=1`,
    );
    expect(nps.body.data.map((s: { value: number }) => s.value)).toEqual([20]);
    expect(nps.body.nextCursor).toBeNull();
    const paged = await api.get(`/api/v1/accounts/${a.id}/signals?limit=2`);
    const next = await api.get(`/api/v1/accounts/${a.id}/signals?limit=2&cursor=${paged.body.nextCursor}`);
    expect(next.body.data.map((s: { value: number }) => s.value)).toEqual([10]);
  });

  it('stores each reading as pushed: any metric name, any finite value, microseconds kept', async () => {
    const a = await accountAged(3);
    const at = '2026-04-01T10:20:30.123456Z';
    const res = await push([
      { accountId: a.id, metric: 'null', value: -12.5, recordedAt: at },
      { accountId: a.id, metric: 'tickets_open', value: 2.5e20, recordedAt: '2026-04-02T00:00:00Z' },
      { accountId: a.id, metric: 'error_rate', value: 1e-7, recordedAt: '2026-04-03T00:00:00.5Z' },
    ]);
    expect(res.body).toEqual({ accepted: 3 });
    const stored = (await api.get(`/api/v1/accounts/${a.id}/signals`)).body.data.map(
      (s: { metric: string; value: number; recordedAt: string }) => [s.metric, s.value, s.recordedAt],
    );
    expect(stored).toEqual([
      ['error_rate', 1e-7, '2026-04-03T00:00:00.500Z'],
      ['tickets_open', 2.5e20, '2026-04-02T00:00:00.000Z'],
      ['null', -12.5, '2026-04-01T10:20:30.123Z'],
    ]);
    const [micro] = await rawRows<{ us: number }>(
      t.db,
      sql`select extract(microseconds from recorded_at)::int as us from health_signals where account_id = ${a.id} and metric = 'null'`,
    );
    expect(micro?.us).toBe(30_123_456);
  });

  it('rejects the whole batch, naming each bad item by index', async () => {
    const a = await accountAged(3);
    const good = { accountId: a.id, metric: 'nps', value: 10, recordedAt: daysAgo(1) };
    const bad = await push([
      good,
      { ...good, metric: 'NPS score' },
      { ...good, value: 'high' },
      { ...good, recordedAt: 'yesterday' },
      { accountId: a.id, accountDomain: 'x.com', metric: 'nps', value: 1, recordedAt: daysAgo(1) },
      { ...good, metric: 'days_since_last_touch' },
      { ...good, recordedAt: new Date(testClock.now().getTime() + 2 * DAY).toISOString() },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'signals.1.metric',
      'signals.2.value',
      'signals.3.recordedAt',
      'signals.4.accountDomain',
      'signals.5.metric',
      'signals.6.recordedAt',
    ]);
    const unknown = await push([
      good,
      good,
      good,
      { ...good, accountId: undefined, accountDomain: 'nobody.example' },
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'signals.3.accountDomain', message: 'is not the domain of an account you can see' },
    ]);
    expect((await api.get(`/api/v1/accounts/${a.id}/signals`)).body.data).toEqual([]);
    expect((await push(Array.from({ length: 1001 }, () => good))).body.errors[0].path).toBe('signals');
    // Infinity is not valid JSON, and a number too large for a double parses to it.
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/health/signals',
      headers: { ...am.auth, 'content-type': 'application/json' },
      payload: `{"signals":[{"accountId":"${a.id}","metric":"nps","value":1e999,"recordedAt":"${daysAgo(1)}"}]}`,
    });
    expect(huge.json().errors[0].path).toBe('signals.0.value');
  });

  it('keeps signals and scores within scope', async () => {
    const other = await makeUser(t.db);
    const theirs = await accountAged(3, other);
    const mine = await accountAged(3);
    const res = await push([
      { accountId: mine.id, metric: 'nps', value: 1, recordedAt: daysAgo(1) },
      { accountId: theirs.id, metric: 'nps', value: 1, recordedAt: daysAgo(1) },
    ]);
    expect(res.body.errors).toEqual([
      { path: 'signals.1.accountId', message: 'is not an account you can see' },
    ]);
    expect((await api.get(`/api/v1/accounts/${theirs.id}/health`)).status).toBe(404);
    expect((await api.get(`/api/v1/accounts/${theirs.id}/signals`)).status).toBe(404);
    const viewer = client(t.app, await makeUser(t.db, { role: 'viewer' }));
    expect((await viewer.get(`/api/v1/accounts/${theirs.id}/health`)).status).toBe(200);
    const denied = await viewer.post('/api/v1/health/signals', {
      signals: [{ accountId: theirs.id, metric: 'nps', value: 1, recordedAt: daysAgo(1) }],
    });
    expect(denied.status).toBe(403);
  });

  it('audits each push', async () => {
    const a = await accountAged(3);
    await push([
      { accountId: a.id, metric: 'nps', value: 1, recordedAt: daysAgo(1) },
      { accountId: a.id, metric: 'product_usage', value: 2, recordedAt: daysAgo(1) },
    ]);
    const admin = client(t.app, await makeUser(t.db, { role: 'admin' }));
    const trail = (await admin.get(`/api/v1/audit?actorId=${am.id}&action=health.signals_pushed`)).body.data;
    expect(trail[0]).toMatchObject({
      actorId: am.id,
      entityType: 'health_signal',
      changes: { accepted: [null, 2], accounts: [null, 1], metrics: [null, ['nps', 'product_usage']] },
    });
  });
});
