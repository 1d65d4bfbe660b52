import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock, today } from '../support/clock.ts';
import { makeAccount, makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { type Client, client } from '../support/http.ts';

/*
 * "At risk" is churnRisk high everywhere (docs/domain-rules.md#churn-risk): the accounts list's
 * churnRisk filter, Health's atRiskArr / atRiskAccounts and My day's at_risk items count the same
 * accounts for the same scope. Under the default model, today:
 *
 * - "medium": 60 days untouched with a CSAT of 4 → 73 green, 91 thirty days ago (fell 18): medium
 * - "yellow": a week old with product usage 10 → 60 yellow: medium
 * - "high":   100 days untouched with two p1 issues → 0 red: high
 * - "none":   never scored: no churn risk
 *
 * Team T (manager Mia): Alice owns medium (1,000), yellow (2,000.50), high (3,000), high archived
 * (9,000), none (500); Bruno owns high (4,000.25). Olga, on no team, owns high (7,000).
 */
let t: TestApp;
let admin: TestUser, mia: TestUser, alice: TestUser, bruno: TestUser, olga: TestUser;
let teamId: string;
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(testClock.now().getTime() - n * DAY).toISOString();

async function account(
  key: string,
  owner: TestUser,
  kind: 'medium' | 'yellow' | 'high' | 'none',
  arr: number,
) {
  const age = { medium: 60, yellow: 7, high: 100, none: 0 }[kind];
  const row = await makeAccount(t.db, owner.id);
  await t.db
    .update(accounts)
    .set({ name: `${key} ${unique()}`, createdAt: new Date(testClock.now().getTime() - age * DAY), arr })
    .where(eq(accounts.id, row.id));
  ids[key] = row.id;
  const api = client(t.app, owner);
  if (kind === 'medium') await signal(api, row.id, 'csat', 4);
  if (kind === 'yellow') await signal(api, row.id, 'product_usage', 10);
  if (kind === 'high') {
    for (const title of ['Outage', 'Data loss']) {
      const res = await api.post('/api/v1/issues', { accountId: row.id, title, severity: 'p1' });
      expect(res.status).toBe(201);
    }
  }
}

async function signal(api: Client, accountId: string, metric: string, value: number) {
  const res = await api.post('/api/v1/health/signals', {
    signals: [{ accountId, metric, value, recordedAt: daysAgo(1) }],
  });
  expect(res.status).toBeLessThan(300);
}

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  mia = await makeUser(t.db, { role: 'manager' });
  alice = await makeUser(t.db);
  bruno = await makeUser(t.db);
  olga = await makeUser(t.db);
  teamId = (await makeTeam(t.db, admin, { managerIds: [mia.id], memberIds: [alice.id, bruno.id] })).id;
  await account('aliceMedium', alice, 'medium', 1000);
  await account('aliceYellow', alice, 'yellow', 2000.5);
  await account('aliceHigh', alice, 'high', 3000);
  await account('aliceArchived', alice, 'high', 9000);
  await account('aliceNone', alice, 'none', 500);
  await account('brunoHigh', bruno, 'high', 4000.25);
  await account('olgaHigh', olga, 'high', 7000);
  await t.db.update(accounts).set({ archivedAt: testClock.now() }).where(eq(accounts.id, ids.aliceArchived!));
});
afterAll(() => t.close());

/** Every page of the list, as the set of ids and their churn risks. */
async function listed(who: TestUser, query: string): Promise<Record<string, string | null>> {
  const api = client(t.app, who);
  const out: Record<string, string | null> = {};
  let cursor: string | undefined;
  do {
    const res = await api.raw.get(
      `/api/v1/accounts?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    for (const a of res.body.data as { id: string; churnRisk: string | null }[]) out[a.id] = a.churnRisk;
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const keysOf = (found: Record<string, string | null>) =>
  Object.keys(found)
    .map((id) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id)
    .sort();

async function portfolio(who: TestUser, query: string) {
  const res = await client(t.app, who).raw.get(`/api/v1/reports/portfolio-health?${query}`);
  expect(res.status).toBe(200);
  return res.body as { atRiskArr: number; atRiskAccounts: number; bands: { red: { accounts: number } } };
}

describe('the accounts list’s churnRisk filter', () => {
  it('keeps the accounts with that computed risk, live ones only, every page of them', async () => {
    expect(keysOf(await listed(alice, `ownerId=${alice.id}&churnRisk=high`))).toEqual(['aliceHigh']);
    expect(keysOf(await listed(alice, `ownerId=${alice.id}&churnRisk=medium`))).toEqual([
      'aliceMedium',
      'aliceYellow',
    ]);
    expect(keysOf(await listed(alice, `ownerId=${alice.id}&churnRisk=low`))).toEqual([]);
    expect(keysOf(await listed(alice, `ownerId=${alice.id}&churnRisk=high&archived=true`))).toEqual([
      'aliceArchived',
    ]);
    // Every value it lists has that risk.
    expect(Object.values(await listed(mia, 'churnRisk=medium'))).toEqual(['medium', 'medium']);
  });

  it('narrows by team and by scope like every other filter', async () => {
    expect(keysOf(await listed(admin, `teamId=${teamId}&churnRisk=high`))).toEqual([
      'aliceHigh',
      'brunoHigh',
    ]);
    expect(keysOf(await listed(mia, `churnRisk=high`))).toEqual(['aliceHigh', 'brunoHigh']);
    expect(keysOf(await listed(alice, `churnRisk=high`))).toEqual(['aliceHigh']);
    expect(keysOf(await listed(olga, `ownerId=${alice.id}&churnRisk=high`))).toEqual([]);
    expect(keysOf(await listed(admin, `ownerId=${olga.id}&churnRisk=high&sort=-arr`))).toEqual(['olgaHigh']);
  });

  it('lists exactly the accounts Health counts at risk for the same scope', async () => {
    const team = await portfolio(admin, `teamId=${teamId}`);
    expect(team.atRiskAccounts).toBe(2);
    expect(team.atRiskArr).toBe(7000.25);
    expect(team.atRiskAccounts).toBe(
      Object.keys(await listed(admin, `teamId=${teamId}&churnRisk=high`)).length,
    );

    const mine = await portfolio(alice, `ownerId=${alice.id}`);
    expect([mine.atRiskAccounts, mine.atRiskArr]).toEqual([1, 3000]);
    expect(Object.keys(await listed(alice, `ownerId=${alice.id}&churnRisk=high`))).toHaveLength(1);

    const everything = await portfolio(mia, '');
    expect([everything.atRiskAccounts, everything.atRiskArr]).toEqual([2, 7000.25]);

    // Another suite may add accounts on a shared database meanwhile, so the whole book is compared
    // through a manager's scope, which only this suite's people are in.
    expect(everything.atRiskAccounts).toBe(Object.keys(await listed(mia, 'churnRisk=high')).length);
  });

  it('lists exactly My day’s at-risk accounts for their owner', async () => {
    const res = await client(t.app, alice).raw.get(`/api/v1/me/agenda?date=${today()}`);
    expect(res.status).toBe(200);
    const atRisk = (res.body.data as { kind: string; accountId: string }[])
      .filter((i) => i.kind === 'at_risk')
      .map((i) => i.accountId)
      .sort();
    expect(atRisk).toEqual(Object.keys(await listed(alice, `ownerId=${alice.id}&churnRisk=high`)).sort());
    expect(atRisk).toEqual([ids.aliceHigh]);
  });

  it('refuses another value with a 400 naming churnRisk', async () => {
    for (const bad of ['at_risk', 'HIGH', '', 'high,medium']) {
      const res = await client(t.app, admin).raw.get(`/api/v1/accounts?churnRisk=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('churnRisk');
    }
  });
});
