import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { day } from '../support/clock.ts';
import { makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * A hand-worked team over P = [today − 60, today + 30] (dates relative to the run's day, amounts
 * exact). Team T: manager Dana (owns F), members Alice (A, B, D live; C archived), Bruno (E),
 * Chen (G archived only) and Eve (no accounts: no row). Olga is on no team.
 */
let t: TestApp;
let admin: TestUser, viewer: TestUser, dana: TestUser, mgr2: TestUser, mem: TestUser;
let alice: TestUser, bruno: TestUser, chen: TestUser, eve: TestUser, olga: TestUser;
let teamId: string;
let emptyTeamId: string;
const from = day(-60);
const to = day(30);
const P = `from=${from}&to=${to}`;
const at = (d: string, time = '12:00:00.000') => `${d}T${time}Z`;

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  viewer = await makeUser(t.db, { role: 'viewer' });
  dana = await makeUser(t.db, { role: 'manager', name: `Dana ${unique()}` });
  mgr2 = await makeUser(t.db, { role: 'manager' });
  mem = await makeUser(t.db, { role: 'member' });
  alice = await makeUser(t.db, { name: `Alice ${unique()}` });
  bruno = await makeUser(t.db, { name: `Bruno ${unique()}` });
  chen = await makeUser(t.db, { name: `Chen ${unique()}` });
  eve = await makeUser(t.db, { name: `Eve ${unique()}` });
  olga = await makeUser(t.db);
  teamId = (
    await makeTeam(t.db, admin, {
      managerIds: [dana.id],
      memberIds: [alice.id, bruno.id, chen.id, eve.id],
    })
  ).id;
  await makeTeam(t.db, admin, { managerIds: [mgr2.id], memberIds: [olga.id] });
  emptyTeamId = (await makeTeam(t.db, admin, { managerIds: [mgr2.id], memberIds: [eve.id] })).id;

  const api = client(t.app, admin);
  const account = async (ownerId: string, over: { checkInCadenceDays?: number } = {}) => {
    const res = await api.post('/api/v1/accounts', { name: unique('Acct'), ownerId, ...over });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const contract = async (
    accountId: string,
    arr: number,
    startDate: string,
    endDate: string,
    status?: 'draft',
  ) => {
    const res = await api.post('/api/v1/contracts', {
      accountId,
      name: unique('Contract'),
      arr,
      startDate,
      endDate,
      ...(status ? { status } : {}),
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  type Type = 'new_business' | 'upsell' | 'cross_sell' | 'renewal';
  type Stage = 'closed_won' | 'closed_lost' | 'negotiation' | 'qualification';
  const deal = async (
    accountId: string,
    stage: Stage,
    amount: number,
    type: Type,
    closeDate: string,
    lostReason?: string,
  ) => {
    const res = await api.post('/api/v1/opportunities', {
      accountId,
      name: unique('Deal'),
      type,
      stage,
      amount,
      closeDate,
      ...(lostReason ? { lostReason } : {}),
      // The report's ARR is the contracts' below: won deals here create none.
      ...(stage === 'closed_won' && type !== 'renewal' ? { contract: null } : {}),
    });
    expect(res.status).toBe(201);
  };
  const touch = async (
    accountId: string,
    type: 'call' | 'email' | 'note' | 'check_in' | 'meeting' | 'business_review',
    occurredAt: string,
    as = admin,
  ) => {
    const res = await client(t.app, as).post('/api/v1/activities', {
      accountId,
      type,
      subject: type,
      occurredAt,
    });
    expect(res.status).toBe(201);
  };
  const quota = async (
    userId: string,
    amount: number,
    periodStart: string,
    periodEnd: string,
    kind: 'new_arr' | 'renewal' = 'new_arr',
  ) => {
    const res = await api.post('/api/v1/quotas', { userId, kind, amount, periodStart, periodEnd });
    expect(res.status).toBe(201);
  };

  // Alice
  const a = await account(alice.id);
  await contract(a, 12_000, day(-400), day(200));
  await contract(a, 4_000, day(-300), day(25)); // due in P, not yet renewed; still counts today
  await contract(a, 9_999, day(-10), day(20), 'draft'); // drafts are never due
  await touch(a, 'call', at(day(-5)), alice);
  await touch(a, 'email', at(day(-70))); // before P
  await touch(a, 'note', at(day(-3))); // not a touch
  await touch(a, 'email', at(from, '00:00:00.000')); // the first instant of P
  await touch(a, 'email', at(day(-61), '23:59:59.999')); // the last instant before P
  await deal(a, 'closed_won', 10_000, 'new_business', day(-10));
  await deal(a, 'negotiation', 4_000, 'upsell', day(10)); // commit, 75 %
  await deal(a, 'qualification', 1_000, 'new_business', day(20)); // pipeline, 20 %
  await deal(a, 'negotiation', 7_000, 'renewal', day(15)); // not new ARR
  await deal(a, 'closed_won', 999, 'upsell', day(31)); // the day after P
  await deal(a, 'closed_lost', 3_000, 'new_business', day(-5), 'Price');
  const b = await account(alice.id);
  const b1 = await contract(b, 5_000, day(-400), day(-30));
  expect((await api.post(`/api/v1/contracts/${b1}/renew`, { endDate: day(335), arr: 6_000 })).status).toBe(
    201,
  );
  await touch(b, 'check_in', at(day(-40)), dana); // by anyone
  await touch(b, 'meeting', at(day(5))); // after today
  const c = await account(alice.id);
  await contract(c, 2_000, day(-400), day(-20)); // churned in P
  await touch(c, 'business_review', at(day(-50)));
  expect((await api.del(`/api/v1/accounts/${c}`)).status).toBe(200);
  const d = await account(alice.id, { checkInCadenceDays: 30 });
  await touch(d, 'email', at(day(-70))); // due today − 40: overdue
  await t.db.update(accounts).set({ healthBand: 'red' }).where(eq(accounts.id, d));
  await quota(alice.id, 20_000, from, to);
  await quota(alice.id, 50_000, from, to, 'renewal');

  // Bruno: one fresh account, no revenue, only losses
  const e = await account(bruno.id);
  await deal(e, 'closed_lost', 1_000, 'upsell', day(-1), ' price ');
  await deal(e, 'closed_lost', 500, 'new_business', day(-2), 'Budget');
  await deal(e, 'closed_lost', 250, 'cross_sell', day(-3), 'budget ');
  await deal(e, 'closed_lost', 800, 'upsell', day(-61), 'Price'); // before P

  // Chen: an archived account that churned in P
  const g = await account(chen.id);
  await contract(g, 4_000, day(-400), day(-10));
  expect((await api.del(`/api/v1/accounts/${g}`)).status).toBe(200);

  // Dana, the team's manager, owns an account too
  const f = await account(dana.id);
  await contract(f, 1_000, day(-400), day(400));
  await deal(f, 'closed_won', 1_000, 'cross_sell', day(-1));
  await quota(dana.id, 3_000, day(-30), day(0));
  await quota(dana.id, 99_999, day(1), day(31)); // ends after P: not counted

  // Olga, on another team
  const x = await account(olga.id);
  await contract(x, 50_000, day(-400), day(-5));
  await deal(x, 'closed_lost', 700, 'new_business', day(-1), 'Price');
});
afterAll(() => t.close());

const report = async (who: TestUser, query = `teamId=${teamId}&${P}`) => {
  const res = await client(t.app, who).get(`/api/v1/reports/team?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('team report', () => {
  it('gives each owner of accounts among the members and managers their figures, and the total', async () => {
    const body = await report(admin);
    expect(body).toMatchObject({ teamId, from, to, asOf: day(0) });
    expect(body.rows.map((r: { userId: string }) => r.userId)).toEqual([
      alice.id,
      bruno.id,
      chen.id,
      dana.id,
    ]);
    const [ra, rb, rc, rd] = body.rows;
    expect(ra).toEqual({
      userId: alice.id,
      name: alice.name,
      accounts: 3, // A, B, D (C is archived)
      arr: 22_000, // A 12 000 + 4 000, B 6 000 (renewed), D 0
      quota: 20_000, // the renewal quota is another kind
      closedWon: 10_000, // the won upsell of today + 31 is after P
      attainment: 0.5,
      commit: 14_000, // + 4 000 in negotiation
      pipeline: 15_000, // + 1 000 in qualification
      weighted: 13_200, // 10 000 + 4 000 × 75 % + 1 000 × 20 %
      renewalsDue: 11_000, // A's 4 000 (ends today + 25), B's 5 000 (renewed), C's 2 000; not the draft
      renewed: 5_000,
      renewalRate: 0.4545, // 5 000 / 11 000 = 0.454545…
      churnedArr: 2_000, // C: 2 000 on today − 61, nothing today; A's 4 000 still counts today
      redAccounts: 1, // D
      overdueCheckIns: 1, // D, due today − 40
      touches: 4, // A's call and the e-mail at P's first instant, B's check-in by Dana, C's review
      coverage: 0.6667, // 2 of 3
    });
    expect(rb).toEqual({
      userId: bruno.id,
      name: bruno.name,
      accounts: 1,
      arr: 0,
      quota: 0,
      closedWon: 0,
      attainment: null, // no quota
      commit: 0,
      pipeline: 0,
      weighted: 0,
      renewalsDue: 0,
      renewed: 0,
      renewalRate: null, // nothing due
      churnedArr: 0,
      redAccounts: 0,
      overdueCheckIns: 0,
      touches: 0,
      coverage: 1,
    });
    expect(rc).toMatchObject({
      userId: chen.id,
      accounts: 0, // only an archived account: still a row, for its churn
      arr: 0,
      renewalsDue: 4_000,
      renewed: 0,
      renewalRate: 0,
      churnedArr: 4_000,
      attainment: null,
      coverage: null, // no live account
    });
    expect(rd).toMatchObject({
      userId: dana.id,
      accounts: 1,
      arr: 1_000,
      quota: 3_000, // the quota ending after P is left out
      closedWon: 1_000,
      attainment: 0.3333,
      commit: 1_000,
      pipeline: 1_000,
      weighted: 1_000,
      renewalsDue: 0,
      renewalRate: null,
      churnedArr: 0,
      coverage: 1,
    });
    expect(body.total).toEqual({
      accounts: 5,
      arr: 23_000,
      quota: 23_000,
      closedWon: 11_000,
      attainment: 0.4783, // 11 000 / 23 000 = 0.478260…
      commit: 15_000,
      pipeline: 16_000,
      weighted: 14_200,
      renewalsDue: 15_000,
      renewed: 5_000,
      renewalRate: 0.3333,
      churnedArr: 6_000,
      redAccounts: 1,
      overdueCheckIns: 1,
      touches: 4,
      coverage: 0.8, // 4 of 5
    });
  });

  it('is the same for the team’s manager and for a viewer', async () => {
    const seen = await report(admin);
    expect(await report(dana)).toEqual(seen);
    expect(await report(viewer)).toEqual(seen);
  });

  it('counts no history after today: a future period has no churn and no touches', async () => {
    const body = await report(admin, `teamId=${teamId}&from=${day(10)}&to=${day(40)}`);
    const alices = body.rows.find((r: { userId: string }) => r.userId === alice.id);
    expect(alices).toMatchObject({
      renewalsDue: 4_000,
      renewed: 0,
      renewalRate: 0,
      churnedArr: 0,
      touches: 0,
    });
    // The upsell won on today + 31 is in this period: weighted 999 + 4 000 × 75 % + 1 000 × 20 %.
    expect(body.total).toMatchObject({ churnedArr: 0, touches: 0, closedWon: 999, weighted: 4_199 });
  });

  it('gives a team whose people own no accounts no rows and null rates', async () => {
    const body = await report(mgr2, `teamId=${emptyTeamId}&${P}`);
    expect(body.rows).toEqual([]);
    expect(body.total).toMatchObject({ accounts: 0, attainment: null, renewalRate: null, coverage: null });
  });

  it('is for managers of the team (404 otherwise), admins and viewers; 403 for other roles', async () => {
    const get = (who: TestUser, query = `teamId=${teamId}&${P}`) =>
      client(t.app, who).get(`/api/v1/reports/team?${query}`);
    expect((await get(mgr2)).status).toBe(404);
    expect((await get(alice)).status).toBe(403);
    expect((await get(mem)).status).toBe(403);
    expect((await get(admin, `teamId=${olga.id}&${P}`)).status).toBe(404); // no such team
    const noTeam = await get(admin, P);
    expect(noTeam.status).toBe(400);
    const backwards = await get(admin, `teamId=${teamId}&from=${to}&to=${from}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
  });
});

describe('loss reasons', () => {
  const reasons = async (who: TestUser, query: string) => {
    const res = await client(t.app, who).get(`/api/v1/reports/loss-reasons?${P}&${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('groups closed-lost deals in the period by reason, trimmed and case-insensitively, by amount', async () => {
    expect(await reasons(admin, `teamId=${teamId}`)).toEqual([
      { reason: 'Price', deals: 2, amount: 4_000 }, // Alice's 3 000 + Bruno's " price " 1 000
      { reason: 'Budget', deals: 2, amount: 750 }, // "Budget" 500 + "budget " 250
    ]);
    expect(await reasons(dana, `ownerId=${bruno.id}`)).toEqual([
      { reason: 'price', deals: 1, amount: 1_000 }, // its only spelling, trimmed
      { reason: 'Budget', deals: 2, amount: 750 },
    ]);
    expect(await reasons(admin, `teamId=${teamId}&type=upsell`)).toEqual([
      { reason: 'price', deals: 1, amount: 1_000 },
    ]);
  });

  it('keeps to the caller’s scope', async () => {
    expect(await reasons(admin, `ownerId=${olga.id}`)).toEqual([{ reason: 'Price', deals: 1, amount: 700 }]);
    expect(await reasons(dana, `ownerId=${olga.id}`)).toEqual([]);
    expect(await reasons(alice, `ownerId=${bruno.id}`)).toEqual([]);
  });
});
