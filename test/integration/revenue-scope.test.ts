import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeScopeCast, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * The scope matrix of the accounts suite, for the records that follow their account. Team T:
 * manager `mgr`, members `am1` and `am2`; `other` is on no team. Accounts: own (am1's),
 * colleague (am2's, `mem` on its account team), team (other's, am1 on its account team),
 * managers (mgr's own). Each has a contract and an opportunity.
 */
let t: TestApp;
const u: Record<string, TestUser> = {};
const contract: Record<string, string> = {};
const opportunity: Record<string, string> = {};
const stem = unique('RevScope');

beforeAll(async () => {
  t = await testApp();
  Object.assign(u, await makeScopeCast(t.db));
  const admin = client(t.app, u.admin!);
  const make = async (key: string, ownerId: string, teamMemberIds: string[] = []) => {
    const acct = (await admin.post('/api/v1/accounts', { name: `${stem} ${key}`, ownerId, teamMemberIds }))
      .body;
    contract[key] = (
      await admin.post('/api/v1/contracts', {
        accountId: acct.id,
        name: `${stem} ${key}`,
        startDate: '2030-01-01',
        endDate: '2030-12-31',
        arr: 100,
      })
    ).body.id;
    opportunity[key] = (
      await admin.post('/api/v1/opportunities', {
        accountId: acct.id,
        name: `${stem} ${key}`,
        type: 'upsell',
        closeDate: '2030-06-30',
      })
    ).body.id;
  };
  await make('own', u.am1!.id);
  await make('colleague', u.am2!.id, [u.mem!.id]);
  await make('team', u.other!.id, [u.am1!.id]);
  await make('managers', u.mgr!.id);
});
afterAll(() => t.close());

const all = ['colleague', 'managers', 'own', 'team'];
const matrix: [string, string[], boolean][] = [
  // who, accounts they see, may they write
  ['admin', all, true],
  ['viewer', all, false],
  ['mgr', ['colleague', 'managers', 'own'], true],
  ['am1', ['own', 'team'], true],
  ['am2', ['colleague'], true],
  ['mem', ['colleague'], false],
];

describe.each(matrix)('%s', (who, sees, writes) => {
  const api = () => client(t.app, u[who]!);
  const keysOf = (ids: Record<string, string>, found: string[]) =>
    Object.keys(ids)
      .filter((k) => found.includes(ids[k]!))
      .sort();

  it('lists exactly the contracts and opportunities in scope', async () => {
    const contracts = await api().get('/api/v1/contracts?endAfter=2030-12-31&endBefore=2030-12-31&limit=200');
    expect(
      keysOf(
        contract,
        contracts.body.data.map((c: { id: string }) => c.id),
      ),
    ).toEqual(sees);
    const opps = await api().get('/api/v1/opportunities?closeFrom=2030-06-30&closeTo=2030-06-30&limit=200');
    expect(
      keysOf(
        opportunity,
        opps.body.data.map((o: { id: string }) => o.id),
      ),
    ).toEqual(sees);
  });

  it.each(all)('reads and changes the records of %s as the matrix says', async (key) => {
    const visible = sees.includes(key);
    const expected = !visible ? 404 : writes ? 200 : 403;
    expect((await api().get(`/api/v1/contracts/${contract[key]}`)).status).toBe(visible ? 200 : 404);
    expect((await api().patch(`/api/v1/contracts/${contract[key]}`, { autoRenew: true })).status).toBe(
      expected,
    );
    expect((await api().get(`/api/v1/opportunities/${opportunity[key]}`)).status).toBe(visible ? 200 : 404);
    expect((await api().patch(`/api/v1/opportunities/${opportunity[key]}`, { nextStep: who })).status).toBe(
      expected,
    );
  });
});
