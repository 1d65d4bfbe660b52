import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeScopeCast, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * Team T: manager `mgr`, members `am1` and `am2`; `other` is an account manager on no team.
 * Accounts: own (am1's), colleague (am2's, with `mem` on its account team), team (other's, with
 * am1 on its account team), managers (mgr's own).
 */
let t: TestApp;
const u: Record<string, TestUser> = {};
const acct: Record<string, string> = {};
let stem: string;

beforeAll(async () => {
  t = await testApp();
  Object.assign(u, await makeScopeCast(t.db));
  stem = unique('Matrix').replace('-', '');
  const admin = client(t.app, u.admin!);
  const make = async (key: string, ownerId: string, teamMemberIds: string[] = []) => {
    const res = await admin.post('/api/v1/accounts', { name: `${stem} ${key}`, ownerId, teamMemberIds });
    acct[key] = res.body.id;
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
  const named = (ids: string[]) =>
    Object.keys(acct)
      .filter((k) => ids.includes(acct[k]!))
      .sort();

  it('lists exactly the accounts in scope', async () => {
    const res = await api().get(`/api/v1/accounts?q=${stem}&limit=200`);
    expect(named(res.body.data.map((a: { id: string }) => a.id))).toEqual(sees);
  });

  it('searches exactly the accounts in scope', async () => {
    const res = await api().get(`/api/v1/search?q=${stem}`);
    expect(named(res.body.data.map((a: { id: string }) => a.id))).toEqual(sees);
  });

  it.each(all)('reads, writes, archives and follows the timeline of %s as the matrix says', async (key) => {
    const visible = sees.includes(key);
    const id = acct[key]!;
    expect((await api().get(`/api/v1/accounts/${id}`)).status).toBe(visible ? 200 : 404);
    expect((await api().get(`/api/v1/accounts/${id}/timeline`)).status).toBe(visible ? 200 : 404);
    const patch = await api().patch(`/api/v1/accounts/${id}`, { industry: `by ${who}` });
    expect(patch.status).toBe(!visible ? 404 : writes ? 200 : 403);
    const del = await api().del(`/api/v1/accounts/${id}`);
    expect(del.status).toBe(!visible ? 404 : writes ? 200 : 403);
    if (del.status === 200) await client(t.app, u.admin!).post(`/api/v1/accounts/${id}/restore`);
    // Children follow the account.
    const contact = await api().post('/api/v1/contacts', { accountId: id, firstName: 'Kim' });
    expect(contact.status).toBe(!visible ? 400 : writes ? 201 : 403);
  });
});
