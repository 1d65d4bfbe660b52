import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { type CastMember, makeScopeCast, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * A hand-worked book for 2045 (a year no other suite uses). ARR is read on 2045-01-01 (a) and
 * 2045-12-31 (b). am1 owns E, C, X, N, F, Z; am2 owns O; both are on mgr's team.
 */
let t: TestApp;
let u: Record<CastMember, TestUser>;
let teamId: string;
const stem = unique('Move');
const YEAR = 'from=2045-01-01&to=2045-12-31';

beforeAll(async () => {
  t = await testApp();
  u = await makeScopeCast(t.db);
  const admin = client(t.app, u.admin);
  teamId = (await admin.get('/api/v1/teams?limit=200')).body.data.find((x: { memberIds: string[] }) =>
    x.memberIds.includes(u.am1.id),
  ).id;
  const account = async (key: string, ownerId = u.am1.id) =>
    (await admin.post('/api/v1/accounts', { name: `${stem} ${key}`, ownerId })).body.id as string;
  const contract = async (accountId: string, startDate: string, endDate: string, arr: number, extra = {}) => {
    const res = await admin.post('/api/v1/contracts', {
      accountId,
      name: 'Term',
      startDate,
      endDate,
      arr,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  // E: renewed mid-year at a higher price (expansion 2 500).
  const e1 = await contract(await account('E'), '2044-06-01', '2045-05-31', 10_000);
  expect(
    (await admin.post(`/api/v1/contracts/${e1}/renew`, { endDate: '2046-05-31', arr: 12_500 })).status,
  ).toBe(201);
  // C: one contract starts on the first day and ends on the last; another ends mid-year (contraction 2 000).
  const c = await account('C');
  await contract(c, '2045-01-01', '2045-12-31', 8_000);
  await contract(c, '2044-01-01', '2045-06-30', 2_000);
  // X: cancelled mid-term (churn 5 000).
  const x = await contract(await account('X'), '2044-07-01', '2046-06-30', 5_000);
  await admin.post(`/api/v1/contracts/${x}/cancel`, { cancelledOn: '2045-03-15', reason: 'Acquired' });
  // N: starts on the last day (new 3 000); its draft never counts.
  const n = await account('N');
  await contract(n, '2045-12-31', '2046-12-30', 3_000);
  await contract(n, '2045-01-01', '2045-12-31', 99_999, { status: 'draft' });
  // F: flat. Z: ends the day before the last (churn 600).
  await contract(await account('F'), '2044-01-01', '2046-12-31', 1_000);
  await contract(await account('Z'), '2044-01-01', '2045-12-30', 600);
  // O: am2's, flat.
  await contract(await account('O', u.am2.id), '2045-01-01', '2045-12-31', 4_000);
});
afterAll(() => t.close());

const movementAs = async (who: CastMember, query: string) => {
  const res = await client(t.app, u[who]).get(`/api/v1/reports/arr-movement?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

const am1Book = {
  from: '2045-01-01',
  to: '2045-12-31',
  startingArr: 26_600, // 10 000 + 10 000 + 5 000 + 1 000 + 600
  endingArr: 24_500, // 12 500 + 8 000 + 3 000 + 1 000
  newArr: 3_000,
  expansion: 2_500,
  contraction: 2_000,
  churn: 5_600, // 5 000 + 600
  grr: 0.7143, // (26 600 − 2 000 − 5 600) / 26 600 = 0.714285…
  nrr: 0.8083, // (26 600 + 2 500 − 2 000 − 5 600) / 26 600 = 0.808270…
};

describe('ARR movement', () => {
  it("adds up an account manager's book exactly, boundaries included", async () => {
    expect(await movementAs('am1', YEAR)).toEqual(am1Book);
    expect(await movementAs('admin', `${YEAR}&ownerId=${u.am1.id}`)).toEqual(am1Book);
  });

  it('covers the team for its manager and for a team filter', async () => {
    const team = {
      ...am1Book,
      startingArr: 30_600,
      endingArr: 28_500,
      grr: 0.7516, // 23 000 / 30 600 = 0.751633…
      nrr: 0.8333, // 25 500 / 30 600 = 0.833333…
    };
    expect(await movementAs('mgr', YEAR)).toEqual(team);
    expect(await movementAs('admin', `${YEAR}&teamId=${teamId}`)).toEqual(team);
    expect(await movementAs('am2', YEAR)).toMatchObject({
      startingArr: 4_000,
      endingArr: 4_000,
      grr: 1,
      nrr: 1,
    });
  });

  it("lists each account's movement with detail=true", async () => {
    const body = await movementAs('am1', `${YEAR}&detail=true`);
    expect(body.accounts.map((a: { name: string }) => a.name.replace(`${stem} `, ''))).toEqual([
      'C',
      'E',
      'F',
      'N',
      'X',
      'Z',
    ]);
    expect(
      body.accounts.map((a: { startArr: number; endArr: number; movement: string }) => [
        a.startArr,
        a.endArr,
        a.movement,
      ]),
    ).toEqual([
      [10_000, 8_000, 'contraction'],
      [10_000, 12_500, 'expansion'],
      [1_000, 1_000, 'flat'],
      [0, 3_000, 'new'],
      [5_000, 0, 'churn'],
      [600, 0, 'churn'],
    ]);
    expect((await movementAs('am1', YEAR)).accounts).toBeUndefined();
  });

  it('has no retention ratios when nothing was there at the start', async () => {
    expect(await movementAs('am1', 'from=2043-01-01&to=2045-12-31')).toEqual({
      from: '2043-01-01',
      to: '2045-12-31',
      startingArr: 0,
      endingArr: 24_500,
      newArr: 24_500,
      expansion: 0,
      contraction: 0,
      churn: 0,
      grr: null,
      nrr: null,
    });
  });

  it('defaults to the 12 months up to asOf', async () => {
    expect(await movementAs('am1', 'asOf=2045-12-31')).toMatchObject({
      from: '2044-12-31',
      to: '2045-12-31',
    });
    expect(await movementAs('am1', 'asOf=2044-02-29')).toMatchObject({
      from: '2043-02-28',
      to: '2044-02-29',
    });
  });

  it('gives zeros for an owner or team outside scope, and names a bad period', async () => {
    const zero = { startingArr: 0, endingArr: 0, newArr: 0, churn: 0, grr: null, nrr: null };
    expect(await movementAs('am1', `${YEAR}&ownerId=${u.am2.id}`)).toMatchObject(zero);
    expect(await movementAs('other', `${YEAR}&teamId=${teamId}`)).toMatchObject(zero);
    expect(await movementAs('mem', YEAR)).toMatchObject(zero);
    const bad = await client(t.app, u.admin).get(
      '/api/v1/reports/arr-movement?from=2045-12-31&to=2045-01-01',
    );
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'to']);
  });
});
