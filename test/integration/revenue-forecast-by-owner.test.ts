import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client, type RequestBody } from '../support/http.ts';

/*
 * The forecast by owner (docs/domain-rules.md#by-owner), hand-worked over 2044-Q2 (a quarter no other
 * suite uses). Team T: manager Mia; members Alice, Bruno, Chen and Dana. Olga is on no team.
 *
 * | owner | deals closing in Q2 (new ARR unless said)                                   | quotas          |
 * |-------|------------------------------------------------------------------------------|-----------------|
 * | Alice | won 10,000; negotiation 4,000 (commit 75 %); prospecting 333.33 (10 %); lost 999 | 12,000 + 8,000 new ARR; 10,000 renewal |
 * | Bruno | prospecting 333.33; qualification 1,000 (20 %); proposal 2,000 (best case 50 %); renewal 7,000 (commit 75 %) | |
 * | Chen  | prospecting 333.34                                                           |                 |
 * | Dana  | —                                                                            | 5,000 new ARR   |
 * | Olga  | won 50,000                                                                   | 60,000 new ARR  |
 *
 * Team, new ARR: open weighted in cents × percent: Alice 400,000 × 75 + 33,333 × 10 = 30,333,330,
 * Bruno 33,333 × 10 + 100,000 × 20 + 200,000 × 50 = 12,333,330, Chen 33,334 × 10 = 333,340;
 * 43,000,000 together → 4,300.00, so weighted = 10,000 + 4,300 = 14,300. Rounded down the rows
 * hold 3,033.33 + 1,233.33 + 33.33 = 4,299.99; the cent left goes to the largest remainder (Chen's
 * 0.4 against 0.3 and 0.3).
 */
let t: TestApp;
let admin: TestUser, mia: TestUser, alice: TestUser, bruno: TestUser, chen: TestUser, dana: TestUser;
let olga: TestUser;
let teamId: string;
const Q2 = 'from=2044-04-01&to=2044-06-30';
type Body = RequestBody<'post', '/api/v1/opportunities'>;

const alicesRow = {
  closedWon: 10_000,
  commit: 14_000,
  bestCase: 14_000,
  pipeline: 14_333.33,
  weighted: 13_033.33,
  quota: 20_000,
  attainment: 0.5,
};

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  mia = await makeUser(t.db, { role: 'manager', name: `Mia ${unique()}` });
  alice = await makeUser(t.db, { name: `Alice ${unique()}` });
  bruno = await makeUser(t.db, { name: `Bruno ${unique()}` });
  chen = await makeUser(t.db, { name: `Chen ${unique()}` });
  dana = await makeUser(t.db, { name: `Dana ${unique()}` });
  olga = await makeUser(t.db, { name: `Olga ${unique()}` });
  teamId = (
    await makeTeam(t.db, admin, {
      managerIds: [mia.id],
      memberIds: [alice.id, bruno.id, chen.id, dana.id],
    })
  ).id;
  const api = client(t.app, admin);
  const book = async (owner: TestUser, deals: Omit<Body, 'accountId' | 'name'>[]) => {
    const account = (await api.post('/api/v1/accounts', { name: unique('Acct'), ownerId: owner.id })).body;
    for (const d of deals) {
      const res = await api.post('/api/v1/opportunities', {
        accountId: account.id,
        name: unique('Deal'),
        ownerId: owner.id,
        closeDate: '2044-05-15',
        ...d,
      });
      expect(res.status).toBe(201);
    }
  };
  await book(alice, [
    { type: 'new_business', stage: 'closed_won', amount: 10_000 },
    { type: 'upsell', stage: 'negotiation', amount: 4_000 },
    { type: 'cross_sell', stage: 'prospecting', amount: 333.33 },
    { type: 'upsell', stage: 'closed_lost', amount: 999, lostReason: 'Price' },
    { type: 'upsell', stage: 'negotiation', amount: 8_888, closeDate: '2044-07-01' }, // after Q2
  ]);
  await book(bruno, [
    { type: 'new_business', stage: 'prospecting', amount: 333.33 },
    { type: 'new_business', stage: 'qualification', amount: 1_000 },
    { type: 'upsell', stage: 'proposal', amount: 2_000 },
    { type: 'renewal', stage: 'negotiation', amount: 7_000, probability: 75, forecastCategory: 'commit' },
  ]);
  await book(chen, [{ type: 'new_business', stage: 'prospecting', amount: 333.34 }]);
  await book(olga, [{ type: 'new_business', stage: 'closed_won', amount: 50_000, closeDate: '2044-04-01' }]);
  const quota = async (
    who: TestUser,
    amount: number,
    periodStart = '2044-04-01',
    periodEnd = '2044-06-30',
    kind: 'new_arr' | 'renewal' = 'new_arr',
  ) => {
    const res = await api.post('/api/v1/quotas', { userId: who.id, kind, amount, periodStart, periodEnd });
    expect(res.status).toBe(201);
  };
  await quota(alice, 12_000, '2044-04-01', '2044-04-30');
  await quota(alice, 8_000, '2044-05-01', '2044-06-30');
  await quota(alice, 10_000, '2044-04-01', '2044-06-30', 'renewal');
  await quota(dana, 5_000);
  await quota(bruno, 77_777, '2044-04-01', '2044-09-30'); // not within the quarter: no row for it
  await quota(olga, 60_000);
});
afterAll(() => t.close());

const forecastAs = async (who: TestUser, query: string) => {
  const res = await client(t.app, who).raw.get(`/api/v1/reports/forecast?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

type Row = { userId: string; name: string } & typeof alicesRow;
const figureKeys = ['closedWon', 'commit', 'bestCase', 'pipeline', 'weighted', 'quota'] as const;
/** Σ of a figure over the rows, in cents as the report adds them. */
const sumOf = (rows: Row[], k: (typeof figureKeys)[number]) =>
  rows.reduce((s, r) => s + Math.round(r[k] * 100), 0) / 100;

describe('forecast by owner', () => {
  it('breaks a team’s forecast into a row per owner that adds up to it', async () => {
    const body = await forecastAs(admin, `${Q2}&teamId=${teamId}&by=owner`);
    expect(body).toMatchObject({
      opportunities: 8,
      closedWon: 10_000,
      commit: 14_000,
      bestCase: 16_000,
      pipeline: 18_000,
      weighted: 14_300,
      quota: 25_000,
      attainment: 0.4,
    });
    expect(body.byOwner).toEqual([
      { userId: alice.id, name: alice.name, ...alicesRow },
      {
        userId: bruno.id,
        name: bruno.name,
        closedWon: 0,
        commit: 0,
        bestCase: 2_000,
        pipeline: 3_333.33,
        weighted: 1_233.33,
        quota: 0,
        attainment: null,
      },
      {
        userId: chen.id,
        name: chen.name,
        closedWon: 0,
        commit: 0,
        bestCase: 0,
        pipeline: 333.34,
        weighted: 33.34, // the cent the whole rounds up; Chen's own report says 33.33
        quota: 0,
        attainment: null,
      },
      {
        userId: dana.id,
        name: dana.name,
        closedWon: 0,
        commit: 0,
        bestCase: 0,
        pipeline: 0,
        weighted: 0,
        quota: 5_000,
        attainment: 0,
      },
    ]);
    for (const k of figureKeys) expect(sumOf(body.byOwner, k)).toBe(body[k]);
    // The breakdown changes nothing else of the report.
    const { byOwner: _, ...rest } = body;
    expect(rest).toEqual(await forecastAs(admin, `${Q2}&teamId=${teamId}`));
    expect((await forecastAs(chen, `${Q2}&ownerId=${chen.id}`)).weighted).toBe(33.33);
  });

  it('adds up for everyone in scope, one owner, and the renewal kind', async () => {
    const all = await forecastAs(admin, `${Q2}&by=owner`);
    expect(all.byOwner.map((r: Row) => r.userId)).toEqual([alice.id, bruno.id, chen.id, dana.id, olga.id]);
    expect(all.byOwner[4]).toMatchObject({ closedWon: 50_000, quota: 60_000, attainment: 0.8333 });
    expect([all.closedWon, all.weighted, all.quota]).toEqual([60_000, 64_300, 85_000]);
    for (const k of figureKeys) expect(sumOf(all.byOwner, k)).toBe(all[k]);

    // A manager's whole scope is their team here.
    expect((await forecastAs(mia, `${Q2}&by=owner`)).byOwner).toEqual(
      (await forecastAs(admin, `${Q2}&teamId=${teamId}&by=owner`)).byOwner,
    );

    const one = await forecastAs(alice, `${Q2}&ownerId=${alice.id}&by=owner`);
    expect(one.byOwner).toEqual([{ userId: alice.id, name: alice.name, ...alicesRow }]);
    expect(one).toMatchObject(alicesRow);

    const renewal = await forecastAs(admin, `${Q2}&teamId=${teamId}&kind=renewal&by=owner`);
    expect(renewal).toMatchObject({ commit: 7_000, weighted: 5_250, quota: 10_000, attainment: 0 });
    expect(renewal.byOwner).toEqual([
      {
        userId: alice.id,
        name: alice.name,
        closedWon: 0,
        commit: 0,
        bestCase: 0,
        pipeline: 0,
        weighted: 0,
        quota: 10_000,
        attainment: 0,
      },
      {
        userId: bruno.id,
        name: bruno.name,
        closedWon: 0,
        commit: 7_000,
        bestCase: 7_000,
        pipeline: 7_000,
        weighted: 5_250,
        quota: 0,
        attainment: null,
      },
    ]);
  });

  it('is empty for nothing, absent unless asked for, and only what the caller sees', async () => {
    expect((await forecastAs(admin, `from=2044-10-01&to=2044-12-31&by=owner`)).byOwner).toEqual([]);
    expect(await forecastAs(admin, Q2)).not.toHaveProperty('byOwner');
    // Bruno sees his own deals only, and no one else's quota.
    const own = await forecastAs(bruno, `${Q2}&by=owner`);
    expect(own.byOwner.map((r: Row) => r.userId)).toEqual([bruno.id]);
    expect((await forecastAs(olga, `${Q2}&teamId=${teamId}&by=owner`)).byOwner).toEqual([]);
  });

  it('refuses another breakdown with a 400 naming by', async () => {
    for (const bad of ['rep', 'OWNER', '', 'owner,team']) {
      const res = await client(t.app, admin).raw.get(
        `/api/v1/reports/forecast?${Q2}&by=${encodeURIComponent(bad)}`,
      );
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('by');
    }
    const unknown = await client(t.app, admin).raw.get(`/api/v1/reports/forecast?${Q2}&groupBy=owner`);
    expect(unknown.status).toBe(400);
  });
});
