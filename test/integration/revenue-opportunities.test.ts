import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { today as todayUtc } from '../support/clock.ts';
import { makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
let admin: TestUser;
let am: TestUser;
let api: ReturnType<typeof client>;
const today = todayUtc();
const day = (n: number) => addDays(today, n);

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  api = client(t.app, am);
});
afterAll(() => t.close());

const newAccount = async (extra: object = {}) =>
  (await api.post('/api/v1/accounts', { name: unique('Acct'), ...extra })).body;
const newOpp = (accountId: string, extra: object = {}) =>
  api.post('/api/v1/opportunities', {
    accountId,
    name: 'Analytics add-on',
    type: 'upsell',
    amount: 8_000,
    closeDate: day(40),
    ...extra,
  });

describe('opportunity stages', () => {
  it('defaults from the stage and the account owner', async () => {
    const acct = await newAccount();
    const res = await newOpp(acct.id);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/opportunities/${res.body.id}`);
    expect(res.body).toMatchObject({
      stage: 'prospecting',
      probability: 10,
      forecastCategory: 'pipeline',
      ownerId: am.id,
      source: null,
      productIds: [],
      contractId: null,
      closedAt: null,
      lostReason: null,
      createdById: am.id,
      version: 1,
    });
    const proposal = await newOpp(acct.id, { stage: 'proposal' });
    expect(proposal.body).toMatchObject({ probability: 50, forecastCategory: 'best_case' });
  });

  it('re-applies the stage defaults on every stage change unless the request overrides them', async () => {
    const acct = await newAccount();
    const o = (await newOpp(acct.id)).body;
    const path = `/api/v1/opportunities/${o.id}` as const;
    expect((await api.patch(path, { stage: 'negotiation' })).body).toMatchObject({
      probability: 75,
      forecastCategory: 'commit',
    });
    expect((await api.patch(path, { probability: 65, forecastCategory: 'best_case' })).body).toMatchObject({
      stage: 'negotiation',
      probability: 65,
      forecastCategory: 'best_case',
    });
    // Another field alone keeps the overrides.
    expect((await api.patch(path, { nextStep: 'Send terms' })).body).toMatchObject({ probability: 65 });
    expect((await api.patch(path, { stage: 'proposal', probability: 40 })).body).toMatchObject({
      probability: 40,
      forecastCategory: 'best_case',
    });
    expect((await api.patch(path, { stage: 'qualification' })).body).toMatchObject({
      probability: 20,
      forecastCategory: 'pipeline',
    });
    const bad = await api.patch(path, { forecastCategory: 'closed' });
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'forecastCategory']);
  });

  it('closes with forced values, today as close date and closedAt; reopening clears closedAt', async () => {
    const acct = await newAccount();
    const o = (await newOpp(acct.id, { stage: 'negotiation' })).body;
    const path = `/api/v1/opportunities/${o.id}` as const;
    // No contract (a one-off service), so the deal can be reopened.
    const won = await api.patch(path, {
      stage: 'closed_won',
      probability: 50,
      forecastCategory: 'commit',
      contract: null,
    });
    expect(won.body).toMatchObject({ probability: 100, forecastCategory: 'closed', closeDate: today });
    expect(won.body.closedAt).not.toBeNull();
    expect((await api.patch(path, { probability: 30 })).body.probability).toBe(100);
    const reopened = await api.patch(path, { stage: 'proposal' });
    expect(reopened.body).toMatchObject({ closedAt: null, probability: 50, forecastCategory: 'best_case' });

    const trail = (await client(t.app, admin).get(`/api/v1/audit?entityType=opportunity&entityId=${o.id}`))
      .body.data;
    expect(trail.map((e: { action: string }) => e.action)).toEqual([
      'opportunity.reopened',
      'opportunity.updated',
      'opportunity.won',
      'opportunity.created',
    ]);
    expect(trail[2].changes.stage).toEqual(['negotiation', 'closed_won']);
  });

  it('needs a lost reason to lose, and a close date while open', async () => {
    const acct = await newAccount();
    const o = (await newOpp(acct.id)).body;
    const path = `/api/v1/opportunities/${o.id}` as const;
    const noReason = await api.patch(path, { stage: 'closed_lost' });
    expect([noReason.status, noReason.body.errors[0].path]).toEqual([400, 'lostReason']);
    const blank = await api.patch(path, { stage: 'closed_lost', lostReason: '   ' });
    expect(blank.body.errors[0].path).toBe('lostReason');
    const lost = await api.patch(path, {
      stage: 'closed_lost',
      lostReason: 'Chose a competitor',
      closeDate: day(-2),
    });
    expect(lost.body).toMatchObject({ probability: 0, forecastCategory: 'omitted', closeDate: day(-2) });
    expect((await api.patch(path, { lostReason: null })).body.errors[0].path).toBe('lostReason');

    const undated = await newOpp(acct.id, { closeDate: undefined });
    expect([undated.status, undated.body.errors[0].path]).toEqual([400, 'closeDate']);
    const wonNow = await newOpp(acct.id, { closeDate: undefined, stage: 'closed_won' });
    expect(wonNow.body).toMatchObject({ closeDate: today, probability: 100 });
    expect(wonNow.body.closedAt).not.toBeNull();
  });
});

describe('opportunity references', () => {
  it('checks owner, products and contract', async () => {
    const acct = await newAccount();
    const member = await makeUser(t.db, { role: 'member' });
    const manager = await makeUser(t.db, { role: 'manager' });
    const gone = await makeUser(t.db);
    await client(t.app, admin).patch(`/api/v1/users/${gone.id}`, { active: false });
    for (const ownerId of [member.id, gone.id, crypto.randomUUID()]) {
      const res = await newOpp(acct.id, { ownerId });
      expect([res.status, res.body.errors[0].path]).toEqual([400, 'ownerId']);
    }
    expect((await newOpp(acct.id, { ownerId: manager.id })).body.ownerId).toBe(manager.id);

    const sku = (await client(t.app, admin).post('/api/v1/products', { name: 'A', sku: unique('S') })).body
      .id;
    const badProduct = await newOpp(acct.id, { productIds: [sku, crypto.randomUUID()] });
    expect([badProduct.status, badProduct.body.errors[0].path]).toEqual([400, 'productIds.1']);
    expect((await newOpp(acct.id, { productIds: [sku, sku] })).body.productIds).toEqual([sku]);

    const other = await newAccount();
    const foreign = (
      await api.post('/api/v1/contracts', {
        accountId: other.id,
        name: 'C',
        startDate: today,
        endDate: day(365),
        arr: 1,
      })
    ).body;
    const wrong = await newOpp(acct.id, { type: 'renewal', contractId: foreign.id });
    expect([wrong.status, wrong.body.errors[0].path]).toEqual([400, 'contractId']);
  });

  it('allows one renewal opportunity per contract', async () => {
    const acct = await newAccount();
    const c = (
      await api.post('/api/v1/contracts', {
        accountId: acct.id,
        name: 'C',
        startDate: today,
        endDate: day(90),
        arr: 5,
      })
    ).body;
    expect((await newOpp(acct.id, { type: 'renewal', contractId: c.id })).status).toBe(201);
    const second = await newOpp(acct.id, { type: 'renewal', contractId: c.id });
    expect([second.status, second.body.errors[0].path]).toEqual([409, 'contractId']);
    // An upsell may point at the contract too.
    const upsell = (await newOpp(acct.id, { contractId: c.id })).body;
    const asRenewal = await api.patch(`/api/v1/opportunities/${upsell.id}`, { type: 'renewal' });
    expect(asRenewal.status).toBe(409);
    // Contracts an opportunity refers to cannot be deleted.
    expect((await api.del(`/api/v1/contracts/${c.id}`)).status).toBe(409);
  });
});

describe('opportunity lists', () => {
  it('filters by owner, team, type, stage, openness and close dates', async () => {
    const teamAm = await makeUser(t.db);
    const team = await makeTeam(t.db, admin, { memberIds: [teamAm.id] });
    const acct = await newAccount({ teamMemberIds: [teamAm.id] });
    const a = (await newOpp(acct.id, { closeDate: day(10) })).body;
    const b = (await newOpp(acct.id, { closeDate: day(20), ownerId: teamAm.id, type: 'cross_sell' })).body;
    const c = (await newOpp(acct.id, { closeDate: day(30), stage: 'closed_won' })).body;
    const ids = async (query: string) =>
      (await api.get(`/api/v1/opportunities?accountId=${acct.id}&${query}`)).body.data.map(
        (o: { id: string }) => o.id,
      );
    expect(await ids('')).toEqual([a.id, b.id, c.id]); // c closed with the date it was given
    expect(await ids(`ownerId=${teamAm.id}`)).toEqual([b.id]);
    expect(await ids(`teamId=${team.id}`)).toEqual([b.id]);
    expect(await ids('type=upsell&open=true')).toEqual([a.id]);
    expect(await ids('open=false')).toEqual([c.id]);
    expect(await ids('stage=prospecting&sort=-closeDate')).toEqual([b.id, a.id]);
    expect(await ids(`closeFrom=${day(10)}&closeTo=${day(20)}`)).toEqual([a.id, b.id]);
  });

  it('follows the account: 404 outside scope, 403 for members', async () => {
    const member = await makeUser(t.db, { role: 'member' });
    const stranger = await makeUser(t.db);
    const acct = await newAccount({ teamMemberIds: [member.id] });
    const o = (await newOpp(acct.id)).body;
    const path = `/api/v1/opportunities/${o.id}` as const;
    const out = client(t.app, stranger);
    expect((await out.get(path)).status).toBe(404);
    expect((await out.patch(path, { stage: 'closed_won' })).status).toBe(404);
    expect((await out.del(path)).status).toBe(404);
    expect((await out.get(`/api/v1/opportunities?accountId=${acct.id}`)).body.data).toEqual([]);
    const m = client(t.app, member);
    expect((await m.get(path)).status).toBe(200);
    expect((await m.patch(path, { stage: 'closed_won' })).status).toBe(403);
    expect(
      (
        await m.post('/api/v1/opportunities', {
          accountId: acct.id,
          name: 'X',
          type: 'upsell',
          closeDate: today,
        })
      ).status,
    ).toBe(403);

    expect((await api.del(path, { 'if-match': '"9"' })).status).toBe(412);
    expect((await api.del(path)).status).toBe(204);
    expect((await api.get(path)).status).toBe(404);
  });
});
