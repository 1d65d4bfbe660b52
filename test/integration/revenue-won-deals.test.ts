import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewalTerm, termEnd } from '../../src/core/rules/renewal-term.ts';
import type { ContractWrite } from '../../src/core/schemas/revenue.ts';
import { rawRows } from '../../src/server/db/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { day, today } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// docs/domain-rules.md#winning-a-deal-changes-arr and #co-termed-contracts-renew-together. On a
// database of its own: the sweeps below would otherwise open renewals for other suites' contracts.

let t: TestApp;
let admin: TestUser;
let am: TestUser;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await testApp({ fresh: true });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  api = client(t.app, am);
});
afterAll(() => t.close());

const newAccount = async () => (await api.post('/api/v1/accounts', { name: unique('Won') })).body;
const newContract = async (accountId: string, extra: Omit<ContractWrite, 'accountId' | 'name'>) => {
  const res = await api.post('/api/v1/contracts', { accountId, name: unique('Contract'), ...extra });
  expect(res.status).toBe(201);
  return res.body;
};
const newDeal = async (accountId: string, extra: object = {}) => {
  const res = await api.post('/api/v1/opportunities', {
    accountId,
    name: 'More seats',
    type: 'upsell',
    amount: 4_300,
    stage: 'negotiation',
    closeDate: day(10),
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
};
const getContract = async (id: string) => (await api.get(`/api/v1/contracts/${id}`)).body;
const getDeal = async (id: string) => (await api.get(`/api/v1/opportunities/${id}`)).body;
const arrOf = async (accountId: string) => (await api.get(`/api/v1/accounts/${accountId}`)).body.arr;
const win = (id: string, extra: object = {}) =>
  api.patch(`/api/v1/opportunities/${id}`, { stage: 'closed_won', ...extra });

describe('winning new money', () => {
  it('creates a contract co-termed with the latest active contract, in the same write', async () => {
    const acct = await newAccount();
    await newContract(acct.id, { startDate: day(-100), endDate: day(200), arr: 10_000, upliftPercent: 5 });
    const latest = await newContract(acct.id, {
      startDate: day(-50),
      endDate: day(300),
      arr: 5_000,
      autoRenew: true,
      upliftPercent: 3,
      renewalWindowDays: 90,
    });
    // A contract with notice of cancellation does not carry add-ons, however late it ends.
    const noticed = await newContract(acct.id, { startDate: day(-10), endDate: day(400), arr: 700 });
    expect(
      (await api.post(`/api/v1/contracts/${noticed.id}/cancel`, { cancelledOn: day(30), reason: 'Leaving' }))
        .status,
    ).toBe(200);
    const deal = await newDeal(acct.id);

    const won = await win(deal.id);
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ stage: 'closed_won', closeDate: today() });
    expect(won.body.contractId).toEqual(expect.any(String));
    expect(await getContract(won.body.contractId)).toMatchObject({
      accountId: acct.id,
      name: 'More seats',
      startDate: today(),
      endDate: day(300),
      arr: 4_300,
      autoRenew: true,
      upliftPercent: 3,
      renewalWindowDays: 90,
      status: 'active',
      opportunityId: deal.id,
      renewedFromId: null,
    });
    expect(latest.opportunityId).toBeNull();
    // ARR today: 10,000 + 5,000 + 700 + 4,300.
    expect(await arrOf(acct.id)).toBe(20_000);
    // Movement over today: a = ARR(yesterday) = 15,700, b = 20,000 — expansion 4,300.
    const movement = (await api.get(`/api/v1/reports/arr-movement?from=${today()}&to=${today()}&detail=true`))
      .body;
    expect(movement.accounts.find((a: { accountId: string }) => a.accountId === acct.id)).toMatchObject({
      startArr: 15_700,
      endArr: 20_000,
      movement: 'expansion',
    });
    const trail = (
      await client(t.app, admin).get(`/api/v1/audit?entityType=contract&entityId=${won.body.contractId}`)
    ).body.data;
    expect(trail).toMatchObject([{ action: 'contract.created', actorId: am.id }]);
  });

  it('runs 12 months from the close date when there is nothing to co-term with', async () => {
    const acct = await newAccount();
    const deal = await newDeal(acct.id, { type: 'new_business', name: 'First deal', amount: 12_000 });
    const won = await win(deal.id);
    expect(await getContract(won.body.contractId)).toMatchObject({
      startDate: today(),
      // 12 months less a day (core/rules/coterm.test.ts works the month ends and 29 February).
      endDate: termEnd(today(), { months: 12 }),
      arr: 12_000,
      autoRenew: false,
      upliftPercent: 0,
      renewalWindowDays: 120,
    });
    expect(await arrOf(acct.id)).toBe(12_000);
  });

  it('takes the request’s start, end and ARR, or creates no contract', async () => {
    const acct = await newAccount();
    await newContract(acct.id, { startDate: day(-100), endDate: day(200), arr: 10_000 });
    const adjusted = await win((await newDeal(acct.id)).id, {
      contract: { startDate: day(-3), endDate: day(100), arr: 4_000 },
    });
    expect(adjusted.status).toBe(200);
    expect(await getContract(adjusted.body.contractId)).toMatchObject({
      startDate: day(-3),
      endDate: day(100),
      arr: 4_000,
    });
    const none = await win((await newDeal(acct.id, { name: 'Workshop' })).id, { contract: null });
    expect(none.status).toBe(200);
    expect(none.body.contractId).toBeNull();
    expect(await arrOf(acct.id)).toBe(14_000);

    // Created won, it creates its contract too.
    const created = await newDeal(acct.id, {
      name: 'Signed on the spot',
      stage: 'closed_won',
      amount: 900,
      closeDate: today(),
    });
    expect(await getContract(created.contractId)).toMatchObject({ arr: 900, endDate: day(200) });
    expect(await arrOf(acct.id)).toBe(14_900);
  });

  it('refuses a contract outside a win, and writes nothing when the contract is invalid', async () => {
    const acct = await newAccount();
    const deal = await newDeal(acct.id);
    const path = `/api/v1/opportunities/${deal.id}` as const;
    const notWinning = await api.patch(path, { stage: 'proposal', contract: { arr: 1 } });
    expect([notWinning.status, notWinning.body.errors[0].path]).toEqual([400, 'contract']);
    const backwards = await win(deal.id, { contract: { startDate: day(5), endDate: day(4) } });
    expect([backwards.status, backwards.body.errors[0].path]).toEqual([400, 'contract.endDate']);
    // The contract's end is checked against the proposed start (today) too.
    const beforeStart = await win(deal.id, { contract: { endDate: day(-1) } });
    expect([beforeStart.status, beforeStart.body.errors[0].path]).toEqual([400, 'contract.endDate']);
    expect(await getDeal(deal.id)).toMatchObject({ stage: 'negotiation', contractId: null });
    expect(await arrOf(acct.id)).toBe(0);
    const contract = await newContract(acct.id, { startDate: day(-10), endDate: day(50), arr: 1_000 });
    const renewal = await newDeal(acct.id, { type: 'renewal', contractId: contract.id, amount: 1_000 });
    const onRenewal = await win(renewal.id, { contract: { arr: 5 } });
    expect([onRenewal.status, onRenewal.body.errors[0].path]).toEqual([400, 'contract']);
  });

  it('keeps a won deal won, and undeleted, while the contract it created exists', async () => {
    const acct = await newAccount();
    const deal = await newDeal(acct.id);
    const contractId = (await win(deal.id)).body.contractId;
    const path = `/api/v1/opportunities/${deal.id}` as const;
    const reopen = await api.patch(path, { stage: 'negotiation' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.detail).toBe(
      'Winning this deal created the contract “More seats” (active); cancel that contract first.',
    );
    expect(reopen.body.errors[0].message).toContain(contractId);
    const lose = await api.patch(path, { stage: 'closed_lost', lostReason: 'Changed mind' });
    expect(lose.status).toBe(409);
    expect((await api.del(path)).status).toBe(409);
    expect(await getDeal(deal.id)).toMatchObject({ stage: 'closed_won', contractId });

    // Cancelled (never counted: cancelled on its first day), the deal can be reopened and won again.
    const cancel = await api.post(`/api/v1/contracts/${contractId}/cancel`, {
      cancelledOn: today(),
      reason: 'Signed in error',
    });
    expect(cancel.body).toMatchObject({ status: 'cancelled' });
    expect((await api.patch(path, { stage: 'negotiation' })).status).toBe(200);
    const again = await win(deal.id);
    expect(again.body.contractId).not.toBe(contractId);
    expect(await arrOf(acct.id)).toBe(4_300);
    await api.post(`/api/v1/contracts/${again.body.contractId}/cancel`, {
      cancelledOn: today(),
      reason: 'x',
    });
    expect((await api.del(path)).status).toBe(204);
    expect(await getContract(contractId)).toMatchObject({ opportunityId: null, status: 'cancelled' });
  });
});

describe('winning a renewal', () => {
  it('renews its contract at the amount for the term of a renewal, once', async () => {
    const acct = await newAccount();
    const old = await newContract(acct.id, {
      startDate: day(-334),
      endDate: day(30),
      arr: 10_000,
      autoRenew: true,
      upliftPercent: 4,
    });
    const deal = await newDeal(acct.id, {
      name: 'Renewal',
      type: 'renewal',
      contractId: old.id,
      amount: 11_000,
      closeDate: day(30),
    });
    expect(deal.contractIds).toEqual([old.id]);
    const won = await win(deal.id);
    expect(won.body).toMatchObject({ stage: 'closed_won', amount: 11_000, contractId: old.id });
    const renewedOld = await getContract(old.id);
    expect(renewedOld).toMatchObject({ status: 'renewed', endDate: day(30) });
    expect(await getContract(renewedOld.renewedToId)).toMatchObject({
      ...renewalTerm({ startDate: day(-334), endDate: day(30) }),
      arr: 11_000,
      autoRenew: true,
      upliftPercent: 4,
      renewedFromId: old.id,
      opportunityId: null,
    });
    // Reopened and won again, the contract is renewed already: nothing more.
    expect((await api.patch(`/api/v1/opportunities/${deal.id}`, { stage: 'negotiation' })).status).toBe(200);
    expect((await win(deal.id)).status).toBe(200);
    const all = (await api.get(`/api/v1/contracts?accountId=${acct.id}`)).body.data;
    expect(all).toHaveLength(2);
  });
});

describe('co-termed contracts', () => {
  it('share one renewal deal that add-ons join, and renew together into one contract', async () => {
    const acct = await newAccount();
    const primary = await newContract(acct.id, { startDate: day(-300), endDate: day(60), arr: 10_000 });
    const second = await newContract(acct.id, { startDate: day(-100), endDate: day(60), arr: 2_000 });
    const other = await newContract(acct.id, { startDate: day(-100), endDate: day(90), arr: 500 });
    const sweep = await client(t.app, admin).post(`/api/v1/admin/sweeps/renewals?asOf=${today()}`);
    expect(sweep.status).toBe(200);
    const renewalOf = async (contractId: string) =>
      (await api.get(`/api/v1/opportunities?contractId=${contractId}&type=renewal`)).body.data;
    const [deal] = await renewalOf(second.id);
    expect(deal).toMatchObject({
      contractId: primary.id,
      amount: 12_000,
      closeDate: day(60),
      stage: 'prospecting',
    });
    expect(deal.contractIds).toEqual([primary.id, second.id]);
    expect((await renewalOf(primary.id)).map((d: { id: string }) => d.id)).toEqual([deal.id]);
    expect((await renewalOf(other.id))[0]).toMatchObject({ amount: 500, contractIds: [other.id] });
    const report = (await api.get(`/api/v1/reports/renewals?from=${day(60)}&to=${day(60)}`)).body.data;
    const mine = report.filter((r: { accountId: string }) => r.accountId === acct.id);
    expect(mine.map((r: { renewalOpportunity: { id: string } }) => r.renewalOpportunity.id)).toEqual([
      deal.id,
      deal.id,
    ]);

    // A won upsell co-terms with the latest contract (day 90) and joins that one's renewal.
    const addOn = (await win((await newDeal(acct.id, { amount: 300 })).id)).body.contractId;
    expect(await getContract(addOn)).toMatchObject({ endDate: day(90), arr: 300 });
    expect((await renewalOf(other.id))[0]).toMatchObject({ amount: 800, contractIds: [other.id, addOn] });
    // A contract created by hand ending with the first group joins it.
    const third = await newContract(acct.id, { startDate: today(), endDate: day(60), arr: 1_500 });
    expect(await getDeal(deal.id)).toMatchObject({
      amount: 13_500,
      contractIds: [primary.id, second.id, third.id],
    });

    // Renewing any member renews the group: one contract for the primary's term.
    const renewed = await api.post(`/api/v1/contracts/${third.id}/renew`, { arr: 14_000 });
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({
      ...renewalTerm({ startDate: day(-300), endDate: day(60) }),
      name: primary.name,
      arr: 14_000,
      renewedFromId: primary.id,
    });
    for (const id of [primary.id, second.id, third.id]) {
      expect(await getContract(id)).toMatchObject({ status: 'renewed', renewedToId: renewed.body.id });
    }
    expect(await getContract(other.id)).toMatchObject({ status: 'active' });
    expect(await getDeal(deal.id)).toMatchObject({ stage: 'closed_won', amount: 14_000 });
    // One contract.renewed event for the group, one audit entry per contract.
    const rows = await rawRows<{ data: { contractIds: string[] } }>(
      t.db,
      sql`select data from domain_events where type = 'contract.renewed' and account_id = ${acct.id}`,
    );
    expect(rows.map((r) => r.data.contractIds)).toEqual([[primary.id, second.id, third.id]]);
    const trail = (
      await client(t.app, admin).get(`/api/v1/audit?entityType=contract&action=contract.renewed&limit=100`)
    ).body.data;
    const renewedIds = trail.map((e: { entityId: string }) => e.entityId);
    for (const id of [primary.id, second.id, third.id]) expect(renewedIds).toContain(id);
  });

  it('lets a cancelled contract leave its group: the deal shrinks and the next primary takes over', async () => {
    const acct = await newAccount();
    const first = await newContract(acct.id, { startDate: day(-300), endDate: day(45), arr: 10_000 });
    const second = await newContract(acct.id, { startDate: day(-200), endDate: day(45), arr: 2_500 });
    await client(t.app, admin).post(`/api/v1/admin/sweeps/renewals?asOf=${today()}`);
    const [deal] = (await api.get(`/api/v1/opportunities?contractId=${first.id}&type=renewal`)).body.data;
    expect(deal).toMatchObject({ amount: 12_500, contractIds: [first.id, second.id] });
    await api.post(`/api/v1/contracts/${first.id}/cancel`, { cancelledOn: day(46), reason: 'Merged' });
    expect(await getDeal(deal.id)).toMatchObject({
      stage: 'prospecting',
      amount: 2_500,
      contractId: second.id,
      contractIds: [second.id],
    });
    // The last one cancelled loses the deal.
    await api.post(`/api/v1/contracts/${second.id}/cancel`, { cancelledOn: day(46), reason: 'Gone' });
    expect(await getDeal(deal.id)).toMatchObject({
      stage: 'closed_lost',
      lostReason: 'Contract cancelled: Gone',
    });
  });
});
