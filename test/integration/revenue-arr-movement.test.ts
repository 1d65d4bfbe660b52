import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/server/clock.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { type CastMember, makeScopeCast, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * A hand-worked book for 2045 (a year no other suite uses), seen from a clock pinned at
 * 2046-02-14 so that 2045 is history. Over the year, ARR is read on 2044-12-31 (a: the start of
 * the period is the day before from) and on 2045-12-31 (b). am1 owns A, C, E, F, N, P, Q, S, X, Z;
 * am2 owns O; both are on mgr's team.
 */
const TODAY = '2046-02-14';
let t: TestApp;
let u: Record<CastMember, TestUser>;
let teamId: string;
const stem = unique('Move');
const YEAR = 'from=2045-01-01&to=2045-12-31';

beforeAll(async () => {
  t = await testApp({ clock: fixedClock(TODAY) });
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
  // E: renewed mid-year at a higher price: 10 000 → 12 500, expansion 2 500.
  const e1 = await contract(await account('E'), '2044-06-01', '2045-05-31', 10_000);
  expect(
    (await admin.post(`/api/v1/contracts/${e1}/renew`, { endDate: '2046-05-31', arr: 12_500 })).status,
  ).toBe(201);
  // C: one contract runs through, another ends mid-year: 10 000 → 8 000, contraction 2 000.
  const c = await account('C');
  await contract(c, '2044-01-01', '2046-12-31', 8_000);
  await contract(c, '2044-01-01', '2045-06-30', 2_000);
  // X: cancelled mid-term: 5 000 → 0, churn 5 000.
  const x = await contract(await account('X'), '2044-07-01', '2046-06-30', 5_000);
  await admin.post(`/api/v1/contracts/${x}/cancel`, { cancelledOn: '2045-03-15', reason: 'Acquired' });
  // N: starts on the last day: 0 → 3 000, new; its draft never counts.
  const n = await account('N');
  await contract(n, '2045-12-31', '2046-12-30', 3_000);
  await contract(n, '2045-01-01', '2045-12-31', 99_999, { status: 'draft' });
  // F: flat 1 000. Z: ends the day before the last: 600 → 0, churn.
  await contract(await account('F'), '2044-01-01', '2046-12-31', 1_000);
  await contract(await account('Z'), '2044-01-01', '2045-12-30', 600);
  // S: starts on from itself: 0 → 1 500, new. P: ends the day before from: 700 → 0, churn.
  await contract(await account('S'), '2045-01-01', '2045-12-31', 1_500);
  await contract(await account('P'), '2044-01-01', '2044-12-31', 700);
  // Q: ends on the last day of Q1 (1 000). A: starts on the first day of Q2 (2 000), ends 2046-02-28.
  await contract(await account('Q'), '2044-04-01', '2045-03-31', 1_000);
  await contract(await account('A'), '2045-04-01', '2046-02-28', 2_000);
  // O: am2's, flat 4 000.
  await contract(await account('O', u.am2.id), '2044-01-01', '2046-12-31', 4_000);
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
  truncatedTo: null,
  startingArr: 28_300, // E 10 000 + C 10 000 + X 5 000 + F 1 000 + Z 600 + P 700 + Q 1 000
  endingArr: 28_000, // E 12 500 + C 8 000 + N 3 000 + F 1 000 + S 1 500 + A 2 000
  newArr: 6_500, // N 3 000 + S 1 500 + A 2 000
  expansion: 2_500, // E
  contraction: 2_000, // C
  churn: 7_300, // X 5 000 + Z 600 + P 700 + Q 1 000
  grr: 0.6714, // (28 300 − 2 000 − 7 300) / 28 300 = 19 000 / 28 300 = 0.671378…
  nrr: 0.7597, // (28 300 + 2 500 − 2 000 − 7 300) / 28 300 = 21 500 / 28 300 = 0.759717…
};

describe('ARR movement', () => {
  it("adds up an account manager's book exactly, boundaries included", async () => {
    expect(await movementAs('am1', YEAR)).toEqual(am1Book);
    expect(await movementAs('admin', `${YEAR}&ownerId=${u.am1.id}`)).toEqual(am1Book);
  });

  it('covers the team for its manager and for a team filter', async () => {
    const team = {
      ...am1Book,
      startingArr: 32_300, // + O 4 000
      endingArr: 32_000, // + O 4 000
      grr: 0.7121, // (32 300 − 2 000 − 7 300) / 32 300 = 23 000 / 32 300 = 0.712074…
      nrr: 0.7895, // (32 300 + 2 500 − 2 000 − 7 300) / 32 300 = 25 500 / 32 300 = 0.789473…
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
      'A',
      'C',
      'E',
      'F',
      'N',
      'P',
      'Q',
      'S',
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
      [0, 2_000, 'new'], // A
      [10_000, 8_000, 'contraction'], // C
      [10_000, 12_500, 'expansion'], // E
      [1_000, 1_000, 'flat'], // F
      [0, 3_000, 'new'], // N
      [700, 0, 'churn'], // P
      [1_000, 0, 'churn'], // Q
      [0, 1_500, 'new'], // S
      [5_000, 0, 'churn'], // X
      [600, 0, 'churn'], // Z
    ]);
    const { accounts: _, ...totals } = body;
    expect(totals).toEqual(am1Book);
    expect((await movementAs('am1', YEAR)).accounts).toBeUndefined();
  });

  it('has no retention ratios when nothing was there at the start', async () => {
    // a on 2042-12-31 is 0 everywhere.
    expect(await movementAs('am1', 'from=2043-01-01&to=2045-12-31')).toEqual({
      from: '2043-01-01',
      to: '2045-12-31',
      truncatedTo: null,
      startingArr: 0,
      endingArr: 28_000,
      newArr: 28_000,
      expansion: 0,
      contraction: 0,
      churn: 0,
      grr: null,
      nrr: null,
    });
  });

  it('sees a change at a quarter boundary in the next quarter, once', async () => {
    // Q1: a on 2044-12-31, b on 2045-03-31. Q still counts on 31 March (flat); X was cancelled on
    // 15 March and P ended on 2044-12-31 (churn 5 000 + 700); S started on 1 January (new).
    const q1 = await movementAs('am1', 'from=2045-01-01&to=2045-03-31');
    expect(q1).toEqual({
      from: '2045-01-01',
      to: '2045-03-31',
      truncatedTo: null,
      startingArr: 28_300, // E 10 000 + C 10 000 + X 5 000 + F 1 000 + Z 600 + P 700 + Q 1 000
      endingArr: 24_100, // E 10 000 + C 10 000 + F 1 000 + Z 600 + S 1 500 + Q 1 000
      newArr: 1_500,
      expansion: 0,
      contraction: 0,
      churn: 5_700,
      grr: 0.7986, // 22 600 / 28 300 = 0.798586…
      nrr: 0.7986,
    });
    // Q2: a on 2045-03-31, b on 2045-06-30. Q, ended on 31 March, is churn here; A, started on
    // 1 April, is new; E renewed at 12 500 on 1 June; C's 2 000 still counts on 30 June.
    const q2 = await movementAs('am1', 'from=2045-04-01&to=2045-06-30');
    expect(q2).toEqual({
      from: '2045-04-01',
      to: '2045-06-30',
      truncatedTo: null,
      startingArr: 24_100, // Q1's ending
      endingArr: 27_600, // E 12 500 + C 10 000 + F 1 000 + Z 600 + S 1 500 + A 2 000
      newArr: 2_000, // A
      expansion: 2_500, // E
      contraction: 0,
      churn: 1_000, // Q
      grr: 0.9585, // (24 100 − 1 000) / 24 100 = 0.958506…
      nrr: 1.0622, // (24 100 + 2 500 − 1 000) / 24 100 = 1.062240…
    });
  });

  it('cuts a period reaching past today at today, and refuses one starting after it', async () => {
    // Q1 2046 seen on 2046-02-14: a on 2045-12-31 (the year's ending, 28 000), b on 2046-02-14.
    // S ended on 2045-12-31: churn. A ends on 2046-02-28, after today: still counted, not churn.
    const cut = {
      from: '2046-01-01',
      to: TODAY,
      truncatedTo: TODAY,
      startingArr: 28_000,
      endingArr: 26_500, // E 12 500 + C 8 000 + N 3 000 + F 1 000 + A 2 000
      newArr: 0,
      expansion: 0,
      contraction: 0,
      churn: 1_500, // S
      grr: 0.9464, // 26 500 / 28 000 = 0.946428…
      nrr: 0.9464,
    };
    expect(await movementAs('am1', 'from=2046-01-01&to=2046-03-31')).toEqual(cut);
    expect(await movementAs('am1', `from=2046-01-01&to=${TODAY}`)).toEqual({ ...cut, truncatedTo: null });
    expect(await movementAs('am1', `from=${TODAY}&to=2046-12-31`)).toMatchObject({
      from: TODAY,
      to: TODAY,
      truncatedTo: TODAY,
      churn: 0,
    });
    const late = await client(t.app, u.am1).get('/api/v1/reports/arr-movement?from=2046-02-15&to=2046-03-31');
    expect([late.status, late.body.errors[0].path]).toEqual([400, 'from']);
  });

  it('defaults to the 12 months up to asOf, cut at today', async () => {
    expect(await movementAs('am1', 'asOf=2045-12-31')).toEqual(am1Book);
    expect(await movementAs('am1', 'asOf=2044-02-29')).toMatchObject({
      from: '2043-03-01',
      to: '2044-02-29',
      truncatedTo: null,
    });
    expect(await movementAs('am1', '')).toMatchObject({ from: '2045-02-15', to: TODAY, truncatedTo: null });
    expect(await movementAs('am1', 'asOf=2046-06-30')).toMatchObject({
      from: '2045-07-01',
      to: TODAY,
      truncatedTo: TODAY,
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
