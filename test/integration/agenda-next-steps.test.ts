import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/* The agenda's next_step_due items on 2046-05-10: open deals the user owns with a next step due by then. */
const DATE = '2046-05-10';
let t: TestApp;
let admin: TestUser;
let am: TestUser;
let colleague: TestUser;
const acct: Record<string, { id: string; name: string }> = {};
const deal: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  colleague = await makeUser(t.db);
  const api = client(t.app, admin);
  for (const [key, ownerId, arr] of [
    ['Mine', am.id, 50_000],
    ['Theirs', colleague.id, 7_500],
    ['Gone', am.id, 0],
  ] as const) {
    const res = await api.post('/api/v1/accounts', { name: unique(key), ownerId, teamMemberIds: [am.id] });
    acct[key] = { id: res.body.id, name: res.body.name };
    await t.db.update(accounts).set({ arr }).where(eq(accounts.id, res.body.id));
  }
  const open = async (key: string, account: string, extra: object) => {
    const res = await api.post('/api/v1/opportunities', {
      accountId: acct[account]!.id,
      name: `Deal ${key}`,
      type: 'upsell',
      amount: 1_000,
      closeDate: '2046-06-30',
      ownerId: am.id,
      ...extra,
    });
    expect(res.status).toBe(201);
    deal[key] = res.body.id;
  };
  await open('onTheDay', 'Mine', { nextStep: 'Send the proposal', nextStepDue: DATE });
  await open('overdue', 'Mine', { nextStep: 'Call the CFO', nextStepDue: '2046-05-03' });
  await open('tomorrow', 'Mine', { nextStep: 'Demo', nextStepDue: '2046-05-11' });
  // Won without a contract, so the account's ARR stays as set above.
  await open('won', 'Mine', {
    nextStep: 'Kick-off',
    nextStepDue: '2046-05-01',
    stage: 'closed_won',
    contract: null,
  });
  await open('notMine', 'Mine', { nextStep: 'Not mine', nextStepDue: DATE, ownerId: colleague.id });
  // On a colleague's account, but the deal is the user's own.
  await open('theirAccount', 'Theirs', { nextStep: 'Legal review', nextStepDue: DATE });
  await open('noStep', 'Mine', { nextStepDue: '2046-05-09' });
  await open('noDue', 'Mine', { nextStep: 'Some day' });
  await open('archived', 'Gone', { nextStep: 'Archived', nextStepDue: DATE });
  await api.del(`/api/v1/accounts/${acct.Gone!.id}`);
});
afterAll(() => t.close());

const nextSteps = async (as: TestUser, query: string) => {
  const res = await client(t.app, as).get(`/api/v1/me/agenda?${query}`);
  expect(res.status).toBe(200);
  return res.body.data.filter((i: { kind: string }) => i.kind === 'next_step_due');
};

describe('agenda: next steps due', () => {
  it("lists the user's open deals whose next step is due on or before the date, by due date then ARR", async () => {
    expect(await nextSteps(am, `date=${DATE}`)).toEqual([
      {
        kind: 'next_step_due',
        accountId: acct.Mine!.id,
        accountName: acct.Mine!.name,
        title: 'Call the CFO',
        dueDate: '2046-05-03',
        arr: 50_000,
        ref: { type: 'opportunity', id: deal.overdue },
      },
      {
        kind: 'next_step_due',
        accountId: acct.Mine!.id,
        accountName: acct.Mine!.name,
        title: 'Next step on Deal noStep',
        dueDate: '2046-05-09',
        arr: 50_000,
        ref: { type: 'opportunity', id: deal.noStep },
      },
      {
        kind: 'next_step_due',
        accountId: acct.Mine!.id,
        accountName: acct.Mine!.name,
        title: 'Send the proposal',
        dueDate: DATE,
        arr: 50_000,
        ref: { type: 'opportunity', id: deal.onTheDay },
      },
      {
        kind: 'next_step_due',
        accountId: acct.Theirs!.id,
        accountName: acct.Theirs!.name,
        title: 'Legal review',
        dueDate: DATE,
        arr: 7_500,
        ref: { type: 'opportunity', id: deal.theirAccount },
      },
    ]);
  });

  it('moves with the date and with the deal', async () => {
    expect((await nextSteps(am, 'date=2046-05-02')).map((i: { title: string }) => i.title)).toEqual([]);
    expect((await nextSteps(am, 'date=2046-05-11')).map((i: { title: string }) => i.title)).toEqual([
      'Call the CFO',
      'Next step on Deal noStep',
      'Send the proposal',
      'Legal review',
      'Demo',
    ]);
    // Lost: no longer on the agenda. A new due date moves it.
    const api = client(t.app, am);
    const lost = await api.patch(`/api/v1/opportunities/${deal.overdue}`, {
      stage: 'closed_lost',
      lostReason: 'Went quiet',
    });
    expect(lost.status).toBe(200);
    await api.patch(`/api/v1/opportunities/${deal.onTheDay}`, { nextStepDue: '2046-05-20' });
    expect((await nextSteps(am, `date=${DATE}`)).map((i: { title: string }) => i.title)).toEqual([
      'Next step on Deal noStep',
      'Legal review',
    ]);
    // The colleague's own deal is on their agenda, not the user's.
    expect((await nextSteps(colleague, `date=${DATE}`)).map((i: { title: string }) => i.title)).toEqual([
      'Not mine',
    ]);
    // An admin reads it on the user's agenda.
    expect((await nextSteps(admin, `date=${DATE}&userId=${am.id}`)).length).toBe(2);
  });
});
