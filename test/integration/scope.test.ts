import { and, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/server/auth/actor.ts';
import {
  accountScope,
  accounts,
  accountTeamMembers,
  inAccountScope,
} from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeScopeCast, type TestUser } from '../support/factories.ts';

let t: TestApp;
const people: Record<string, TestUser> = {};
const acct: Record<string, string> = {};

/*
 * Team "T": manager `mgr`, members `am1` and `am2`. `other` is an account manager on no team.
 * Accounts: ownA1 (am1), ownA2 (am2, with `mem` on its account team), ownOther (other, with am1
 * on its account team), ownMgr (mgr).
 */
beforeAll(async () => {
  t = await testApp();
  Object.assign(people, await makeScopeCast(t.db));
  acct.ownA1 = (await makeAccount(t.db, people.am1!.id)).id;
  acct.ownA2 = (await makeAccount(t.db, people.am2!.id, [people.mem!.id])).id;
  acct.ownOther = (await makeAccount(t.db, people.other!.id, [people.am1!.id])).id;
  acct.ownMgr = (await makeAccount(t.db, people.mgr!.id)).id;
});
afterAll(() => t.close());

const actorFor = (key: string): Actor => ({
  userId: people[key]!.id,
  role: people[key]!.role,
  via: 'api_key',
});
const names = (ids: string[]) =>
  Object.keys(acct)
    .filter((k) => ids.includes(acct[k]!))
    .sort();

async function visible(key: string): Promise<string[]> {
  const rows = await t.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(inArray(accounts.id, Object.values(acct)), accountScope(actorFor(key))));
  return names(rows.map((r) => r.id));
}

describe('account scope, inside the query', () => {
  it.each([
    ['admin', ['ownA1', 'ownA2', 'ownMgr', 'ownOther']],
    ['viewer', ['ownA1', 'ownA2', 'ownMgr', 'ownOther']],
    ['mgr', ['ownA1', 'ownA2', 'ownMgr']],
    ['am1', ['ownA1', 'ownOther']],
    ['am2', ['ownA2']],
    ['other', ['ownOther']],
    ['mem', ['ownA2']],
  ])('%s sees %j', async (who, expected) => {
    expect(await visible(who)).toEqual(expected);
  });

  it('follows the account for child records', async () => {
    const rows = await t.db
      .select({ accountId: accountTeamMembers.accountId })
      .from(accountTeamMembers)
      .where(
        and(
          inArray(accountTeamMembers.accountId, Object.values(acct)),
          inAccountScope(actorFor('mem'), accountTeamMembers.accountId),
        ),
      );
    expect(names(rows.map((r) => r.accountId))).toEqual(['ownA2']);
  });

  it('widens and narrows with team membership at once', async () => {
    // am1 leaves the team: the manager no longer sees am1's book.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${people.am1!.id}`,
      headers: { ...people.admin!.auth, 'content-type': 'application/json' },
      payload: { teamIds: [] },
    });
    expect(await visible('mgr')).toEqual(['ownA2', 'ownMgr']);
  });
});
