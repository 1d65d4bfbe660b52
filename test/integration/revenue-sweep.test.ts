import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../src/core/rules/dates.ts';
import type { Clock } from '../../src/server/clock.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { today as todayUtc } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/* The sweep as of 2001-03-01: a date no other suite's contracts come near. */
const AS_OF = '2001-03-01';
let t: TestApp;
let admin: TestUser;
let am: TestUser;
const c: Record<string, string> = {};
const acct: Record<string, { id: string; name: string }> = {};

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  const api = client(t.app, admin);
  for (const key of ['S1', 'S2', 'Archived']) {
    const res = await api.post('/api/v1/accounts', { name: unique(key), ownerId: am.id });
    acct[key] = { id: res.body.id, name: res.body.name };
  }
  // S1's health as the health feature would have cached it: red (renewal likelihood 40, pipeline).
  await t.db.update(accounts).set({ healthBand: 'red', healthScore: 25 }).where(eq(accounts.id, acct.S1!.id));
  const contract = async (key: string, account: string, endDate: string, extra = {}) => {
    const res = await api.post('/api/v1/contracts', {
      accountId: acct[account]!.id,
      name: `Contract ${key}`,
      startDate: '2000-01-01',
      endDate,
      arr: 6_000,
      ...extra,
    });
    expect(res.status).toBe(201);
    c[key] = res.body.id;
  };
  await contract('due', 'S1', '2001-05-15'); // task due 60 days before: 2001-03-16
  await contract('soon', 'S1', '2001-03-20'); // 60 days before is past: task due on asOf
  await contract('today', 'S2', AS_OF); // ends on asOf: still to renew, not yet expired
  await contract('wide', 'S2', '2001-08-01', { renewalWindowDays: 180 }); // 153 days: inside its 180
  await contract('narrow', 'S2', '2001-08-01'); // outside the default 120
  await contract('covered', 'S2', '2001-04-01');
  await api.post('/api/v1/opportunities', {
    accountId: acct.S2!.id,
    name: 'Already on it',
    type: 'renewal',
    contractId: c.covered,
    closeDate: '2001-04-01',
  });
  await contract('ended', 'S1', '2001-02-28'); // expires
  await contract('draft', 'S1', '2001-01-31', { status: 'draft' }); // drafts never expire
  await contract('gone', 'Archived', '2001-04-01');
  await api.del(`/api/v1/accounts/${acct.Archived!.id}`);
});
afterAll(() => t.close());

const sweep = (query = `asOf=${AS_OF}`) =>
  client(t.app, admin).post(`/api/v1/admin/sweeps/renewals?${query}`);
const renewalOf = async (key: string) =>
  (await client(t.app, am).get(`/api/v1/opportunities?contractId=${c[key]}&type=renewal`)).body.data;

describe('renewal sweep', () => {
  it('creates each renewal once, even when two sweeps run at the same time', async () => {
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.opportunitiesCreated + b.body.opportunitiesCreated).toBe(4);
    expect(a.body.tasksCreated + b.body.tasksCreated).toBe(4);
    expect(a.body.contractsExpired + b.body.contractsExpired).toBe(1);
    expect(a.body.asOf).toBe(AS_OF);

    const again = await sweep();
    expect(again.body).toMatchObject({ opportunitiesCreated: 0, tasksCreated: 0, contractsExpired: 0 });
    for (const key of ['due', 'soon', 'today', 'wide', 'covered'])
      expect(await renewalOf(key)).toHaveLength(1);
    for (const key of ['narrow', 'ended', 'draft']) expect(await renewalOf(key)).toEqual([]);
    const archived = await client(t.app, admin).get(`/api/v1/opportunities?contractId=${c.gone}`);
    expect(archived.body.data).toEqual([]);
  });

  it('makes the renewal opportunity from the contract and the task for the owner', async () => {
    const [opp] = await renewalOf('due');
    expect(opp).toMatchObject({
      accountId: acct.S1!.id,
      name: 'Renewal: Contract due',
      type: 'renewal',
      stage: 'prospecting',
      probability: 40,
      forecastCategory: 'pipeline',
      amount: 6_000,
      closeDate: '2001-05-15',
      ownerId: am.id,
      contractId: c.due,
      createdById: null,
    });
    const tasks = (await client(t.app, am).get(`/api/v1/tasks?accountId=${acct.S1!.id}&limit=200`)).body.data;
    const byOpp = (id: string) => tasks.filter((x: { opportunityId: string }) => x.opportunityId === id);
    expect(byOpp(opp.id)).toEqual([
      expect.objectContaining({
        title: `Prepare renewal: ${acct.S1!.name}`,
        accountId: acct.S1!.id,
        assigneeId: am.id,
        dueDate: '2001-03-16',
        status: 'open',
        source: 'automation',
      }),
    ]);
    const [soon] = await renewalOf('soon');
    expect(byOpp(soon.id).map((x: { dueDate: string }) => x.dueDate)).toEqual([AS_OF]);
  });

  it('expires what ended before asOf, and writes its audit entries as the system', async () => {
    const api = client(t.app, admin);
    expect((await api.get(`/api/v1/contracts/${c.ended}`)).body.status).toBe('expired');
    expect((await api.get(`/api/v1/contracts/${c.today}`)).body.status).toBe('active');
    expect((await api.get(`/api/v1/contracts/${c.draft}`)).body.status).toBe('draft');
    const expiry = (await api.get(`/api/v1/audit?entityType=contract&entityId=${c.ended}`)).body.data[0];
    expect(expiry).toMatchObject({
      action: 'contract.expired',
      actorType: 'system',
      actorId: null,
      changes: { status: ['active', 'expired'] },
    });
    const [opp] = await renewalOf('wide');
    const created = (await api.get(`/api/v1/audit?entityType=opportunity&entityId=${opp.id}`)).body.data;
    expect(created.map((e: { action: string; actorType: string }) => [e.action, e.actorType])).toEqual([
      ['opportunity.created', 'system'],
    ]);
    const task = (
      await client(t.app, am).get(`/api/v1/tasks?accountId=${acct.S2!.id}&limit=200`)
    ).body.data.find((x: { opportunityId: string }) => x.opportunityId === opp.id);
    const taskAudit = (await api.get(`/api/v1/audit?entityType=task&entityId=${task.id}`)).body.data;
    expect(taskAudit.map((e: { action: string; actorType: string }) => [e.action, e.actorType])).toEqual([
      ['task.created', 'system'],
    ]);
  });

  it('refreshes stale revenue caches for today without touching versions', async () => {
    const api = client(t.app, admin);
    const fresh = (await api.post('/api/v1/accounts', { name: unique('Cache'), ownerId: am.id })).body;
    const today = todayUtc();
    await api.post('/api/v1/contracts', {
      accountId: fresh.id,
      name: 'Now',
      startDate: addDays(today, -10),
      endDate: addDays(today, 10),
      arr: 1_234.5,
    });
    // As if time had passed since the cache was written.
    await t.db.update(accounts).set({ arr: 1, renewalDate: null }).where(eq(accounts.id, fresh.id));
    const res = await sweep();
    expect(res.body.accountsRefreshed).toBeGreaterThanOrEqual(1);
    const after = (await api.get(`/api/v1/accounts/${fresh.id}`)).body;
    expect(after).toMatchObject({ arr: 1_234.5, renewalDate: addDays(today, 10), version: fresh.version });
  });

  it('is for admins only and validates asOf', async () => {
    expect((await client(t.app, am).post(`/api/v1/admin/sweeps/renewals?asOf=${AS_OF}`)).status).toBe(403);
    const bad = await sweep('asOf=2001-02-30');
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'asOf']);
  });
});

/*
 * Automatic renewals, on a database of their own (the sweeps here, as of 2004, would otherwise
 * renew and expire other suites' contracts). Contracts ending 2003-12-31 unless stated.
 */
describe('renewal sweep: auto-renew contracts', () => {
  const ASOF = '2004-01-01';
  let f: TestApp;
  let api: ReturnType<typeof client>;
  let acctId: string;
  const k: Record<string, string> = {};
  const contracts = async () =>
    (await api.get(`/api/v1/contracts?sort=startDate&limit=200`)).body.data as {
      id: string;
      name: string;
      startDate: string;
      endDate: string;
      arr: number;
      status: string;
      upliftPercent: number;
      autoRenew: boolean;
      renewedFromId: string | null;
      renewedToId: string | null;
      lines: { unitPrice: number; quantity: number; amount: number }[];
    }[];

  beforeAll(async () => {
    f = await testApp({ fresh: true });
    const boss = await makeUser(f.db, { role: 'admin' });
    const owner = await makeUser(f.db);
    api = client(f.app, boss);
    acctId = (await api.post('/api/v1/accounts', { name: unique('Auto'), ownerId: owner.id })).body.id;
    const seat = (await api.post('/api/v1/products', { name: 'Seat', sku: unique('SEAT') })).body.id;
    const support = (await api.post('/api/v1/products', { name: 'Support', sku: unique('SUP') })).body.id;
    // Contracts of one account ending on one day renew together (a co-termed group): the ones
    // that must behave on their own are on accounts of their own.
    const accountFor = async (key: string) =>
      ['lost', 'manual'].includes(key)
        ? (await api.post('/api/v1/accounts', { name: unique(key), ownerId: owner.id })).body.id
        : acctId;
    const contract = async (key: string, extra: object) => {
      const res = await api.post('/api/v1/contracts', {
        accountId: await accountFor(key),
        name: key,
        startDate: '2003-01-01',
        endDate: '2003-12-31',
        autoRenew: true,
        ...extra,
      });
      expect(res.status).toBe(201);
      k[key] = res.body.id;
    };
    await contract('plain', { arr: 10_000, upliftPercent: 5 });
    await contract('lines', {
      startDate: '2002-12-15',
      endDate: '2003-12-14',
      upliftPercent: 3.5,
      lines: [
        { productId: seat, quantity: 3, unitPrice: 33.33 }, // 99.99
        { productId: support, quantity: 2.5, unitPrice: 99.99 }, // 249.975 → 249.98
      ],
    });
    await contract('quarterly', { endDate: '2003-03-31', arr: 1_000, upliftPercent: 10 });
    await contract('lost', { arr: 2_000 });
    await contract('manual', { arr: 3_000, autoRenew: false });
    await contract('cancelled', { arr: 4_000 });
    expect(
      (
        await api.post(`/api/v1/contracts/${k.cancelled}/cancel`, {
          cancelledOn: '2003-06-01',
          reason: 'Left',
        })
      ).status,
    ).toBe(200);
    const deal = async (key: string, extra: object = {}) =>
      api.post('/api/v1/opportunities', {
        accountId: (await api.get(`/api/v1/contracts/${k[key]}`)).body.accountId,
        name: `Renewal: ${key}`,
        type: 'renewal',
        contractId: k[key],
        closeDate: '2003-12-31',
        amount: 10_000,
        ...extra,
      });
    expect((await deal('plain')).status).toBe(201);
    expect((await deal('lost', { stage: 'closed_lost', lostReason: 'Went elsewhere' })).status).toBe(201);
  });
  afterAll(() => f.close());

  it('renews them (term after term when asOf is past more than one), unless lost or cancelled', async () => {
    const first = await api.post(`/api/v1/admin/sweeps/renewals?asOf=${ASOF}`);
    expect(first.status).toBe(200);
    // plain and lines once, quarterly four times (April, July, October, January); lost and
    // manual expire; the newest quarterly term (to 2004-03-31) is in its window: one renewal deal.
    expect(first.body).toMatchObject({ contractsRenewed: 6, contractsExpired: 2, opportunitiesCreated: 1 });

    const all = await contracts();
    const byId = new Map(all.map((c) => [c.id, c]));
    const chain = (key: string) => {
      const out = [];
      for (let c = byId.get(k[key]!); c; c = c.renewedToId ? byId.get(c.renewedToId) : undefined) out.push(c);
      return out.map((c) => [c.startDate, c.endDate, c.arr, c.status]);
    };
    expect(chain('plain')).toEqual([
      ['2003-01-01', '2003-12-31', 10_000, 'renewed'],
      ['2004-01-01', '2004-12-31', 10_500, 'active'],
    ]);
    // Each unit price repriced to the cent, then arr = Σ lines: 3 × 34.50 + 2.5 × 103.49 =
    // 103.50 + 258.73 (258.725) = 362.23 (not 349.97 × 1.035 = 362.22).
    expect(chain('lines')).toEqual([
      ['2002-12-15', '2003-12-14', 349.97, 'renewed'],
      ['2003-12-15', '2004-12-14', 362.23, 'active'],
    ]);
    const linesRenewal = byId.get(byId.get(k.lines!)!.renewedToId!)!;
    expect(linesRenewal.lines.map((l) => [l.quantity, l.unitPrice, l.amount])).toEqual([
      [3, 34.5, 103.5],
      [2.5, 103.49, 258.73],
    ]);
    expect(linesRenewal).toMatchObject({ autoRenew: true, upliftPercent: 3.5, name: 'lines' });
    expect(chain('quarterly')).toEqual([
      ['2003-01-01', '2003-03-31', 1_000, 'renewed'],
      ['2003-04-01', '2003-06-30', 1_100, 'renewed'],
      ['2003-07-01', '2003-09-30', 1_210, 'renewed'],
      ['2003-10-01', '2003-12-31', 1_331, 'renewed'],
      ['2004-01-01', '2004-03-31', 1_464.1, 'active'],
    ]);
    expect(chain('lost')).toEqual([['2003-01-01', '2003-12-31', 2_000, 'expired']]);
    expect(chain('manual')).toEqual([['2003-01-01', '2003-12-31', 3_000, 'expired']]);
    expect(chain('cancelled')).toEqual([['2003-01-01', '2003-12-31', 4_000, 'cancelled']]);

    // The renewal deal is won at the new arr; the lost one stays lost.
    const deals = async (id: string) =>
      (await api.get(`/api/v1/opportunities?contractId=${id}&type=renewal`)).body.data;
    expect((await deals(k.plain!))[0]).toMatchObject({ stage: 'closed_won', amount: 10_500 });
    expect((await deals(k.lost!))[0]).toMatchObject({ stage: 'closed_lost', amount: 10_000 });
    const newest = all.find((c) => c.name === 'quarterly' && c.status === 'active')!;
    expect((await deals(newest.id))[0]).toMatchObject({
      stage: 'prospecting',
      amount: 1_464.1,
      closeDate: '2004-03-31',
    });

    // Audited as the system.
    const trail = (await api.get(`/api/v1/audit?entityType=contract&entityId=${k.plain}`)).body.data;
    expect(trail[0]).toMatchObject({ action: 'contract.renewed', actorId: null });

    // ARR hands over: on 2003-12-31 10,000 + 362.23 + 1,331 + 2,000 + 3,000 = 16,693.23;
    // on 2004-01-01 10,500 + 362.23 + 1,464.10 = 12,326.33.
    const movement = (await api.get(`/api/v1/reports/arr-movement?from=${ASOF}&to=${ASOF}`)).body;
    expect([movement.startingArr, movement.endingArr]).toEqual([16_693.23, 12_326.33]);
  });

  it('changes nothing when run again', async () => {
    const before = await contracts();
    const again = await api.post(`/api/v1/admin/sweeps/renewals?asOf=${ASOF}`);
    expect(again.body).toMatchObject({ contractsRenewed: 0, contractsExpired: 0, opportunitiesCreated: 0 });
    expect(await contracts()).toEqual(before);
  });
});

/*
 * Cancel as notice, on a database of its own with a clock the test moves: a cancel dated after
 * today leaves the contract active and counting until cancelledOn, loses its renewal deal at once,
 * and the sweep cancels it on that day.
 */
describe('renewal sweep: notices of cancellation', () => {
  let at = '2004-06-15T09:00:00.000Z';
  const clock: Clock = { now: () => new Date(at), today: () => dayOf(new Date(at)) };
  let f: TestApp;
  let api: ReturnType<typeof client>;
  let acctId: string;
  const k: Record<string, string> = {};
  const get = async (key: string) => (await api.get(`/api/v1/contracts/${k[key]}`)).body;
  const arr = async () => (await api.get(`/api/v1/accounts/${acctId}`)).body.arr;
  const movement = async (d: string) => {
    const body = (await api.get(`/api/v1/reports/arr-movement?from=${d}&to=${d}`)).body;
    return [body.startingArr, body.endingArr];
  };

  beforeAll(async () => {
    f = await testApp({ fresh: true, clock });
    const boss = await makeUser(f.db, { role: 'admin' });
    api = client(f.app, boss);
    acctId = (await api.post('/api/v1/accounts', { name: unique('Notice') })).body.id;
    for (const [key, extra] of [
      ['notice', { arr: 12_000, autoRenew: true }],
      ['stay', { arr: 3_000 }],
      ['nonrenew', { arr: 2_400, autoRenew: true, endDate: '2004-06-30' }],
    ] as const) {
      const res = await api.post('/api/v1/contracts', {
        accountId: acctId,
        name: key,
        startDate: '2004-01-01',
        endDate: '2004-12-31',
        ...extra,
      });
      expect(res.status).toBe(201);
      k[key] = res.body.id;
    }
    k.deal = (
      await api.post('/api/v1/opportunities', {
        accountId: acctId,
        name: 'Renewal: notice',
        type: 'renewal',
        contractId: k.notice,
        closeDate: '2004-12-31',
        amount: 12_000,
      })
    ).body.id;
  });
  afterAll(() => f.close());

  it('takes a notice dated after today: active and counting, its renewal deal lost at once', async () => {
    const late = await api.post(`/api/v1/contracts/${k.notice}/cancel`, {
      cancelledOn: '2005-01-02',
      reason: 'x',
    });
    expect([late.status, late.body.errors[0].path]).toEqual([400, 'cancelledOn']);

    const res = await api.post(`/api/v1/contracts/${k.notice}/cancel`, {
      cancelledOn: '2004-09-01',
      reason: 'Budget',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', cancelledOn: '2004-09-01', cancelReason: 'Budget' });
    expect((await api.get(`/api/v1/opportunities/${k.deal}`)).body).toMatchObject({
      stage: 'closed_lost',
      lostReason: 'Contract cancelled: Budget',
      closeDate: '2004-06-15',
    });
    expect((await api.post(`/api/v1/contracts/${k.notice}/renew`, { arr: 1 })).status).toBe(409);
    // The notice of non-renewal of an auto-renew contract: the day after its end.
    const nonrenew = await api.post(`/api/v1/contracts/${k.nonrenew}/cancel`, {
      cancelledOn: '2004-07-01',
      reason: 'Not renewing',
    });
    expect(nonrenew.body).toMatchObject({ status: 'active', cancelledOn: '2004-07-01' });
    // All three count today: 12,000 + 3,000 + 2,400.
    expect(await arr()).toBe(17_400);
  });

  it('cancels each on its day; ARR counts it the day before and not on cancelledOn', async () => {
    at = '2004-07-02T00:30:00.000Z';
    const first = (await api.post('/api/v1/admin/sweeps/renewals')).body;
    // nonrenew is cancelled, neither renewed (auto-renew) nor expired.
    expect(first).toMatchObject({ contractsCancelled: 1, contractsRenewed: 0, contractsExpired: 0 });
    expect(await get('nonrenew')).toMatchObject({ status: 'cancelled', renewedToId: null });
    expect(await get('notice')).toMatchObject({ status: 'active' });
    // ARR on 2004-06-30: 17,400; on 2004-07-01: 12,000 + 3,000.
    expect(await movement('2004-07-01')).toEqual([17_400, 15_000]);
    expect(await arr()).toBe(15_000);

    at = '2004-09-01T00:30:00.000Z';
    expect((await api.post('/api/v1/admin/sweeps/renewals')).body).toMatchObject({ contractsCancelled: 1 });
    expect(await get('notice')).toMatchObject({ status: 'cancelled', cancelledOn: '2004-09-01' });
    // ARR on 2004-08-31: 15,000; on 2004-09-01: 3,000.
    expect(await movement('2004-09-01')).toEqual([15_000, 3_000]);
    expect(await arr()).toBe(3_000);
    const trail = (await api.get(`/api/v1/audit?entityType=contract&entityId=${k.notice}`)).body.data;
    expect(trail.map((e: { action: string }) => e.action)).toEqual([
      'contract.cancelled',
      'contract.cancelled',
      'contract.created',
    ]);
    expect(trail[0]).toMatchObject({ actorId: null, changes: { status: ['active', 'cancelled'] } });

    expect((await api.post('/api/v1/admin/sweeps/renewals')).body).toMatchObject({
      contractsCancelled: 0,
      contractsRenewed: 0,
      contractsExpired: 0,
    });
  });
});

/*
 * A co-termed group renewing automatically, on a database of its own: one renewal deal for the
 * group's Σ ARR inside the window, then one new contract for the primary's term at each member's
 * own uplift, summed; run twice, nothing more.
 */
describe('renewal sweep: a co-termed group', () => {
  let f: TestApp;
  let api: ReturnType<typeof client>;
  let acctId: string;
  const k: Record<string, string> = {};
  const get = async (key: string) => (await api.get(`/api/v1/contracts/${k[key]}`)).body;

  beforeAll(async () => {
    f = await testApp({ fresh: true });
    api = client(f.app, await makeUser(f.db, { role: 'admin' }));
    acctId = (await api.post('/api/v1/accounts', { name: unique('Group') })).body.id;
    for (const [key, extra] of [
      ['primary', { startDate: '2003-01-01', arr: 10_000, upliftPercent: 5 }],
      ['addOn', { startDate: '2003-06-15', arr: 2_000, upliftPercent: 10 }],
    ] as const) {
      const res = await api.post('/api/v1/contracts', {
        accountId: acctId,
        name: key,
        endDate: '2003-12-31',
        autoRenew: true,
        ...extra,
      });
      k[key] = res.body.id;
    }
  });
  afterAll(() => f.close());

  it('opens one renewal deal for the group, then renews the group into one contract', async () => {
    const opened = await api.post('/api/v1/admin/sweeps/renewals?asOf=2003-10-01');
    expect(opened.body).toMatchObject({ opportunitiesCreated: 1, tasksCreated: 1 });
    const [deal] = (await api.get(`/api/v1/opportunities?accountId=${acctId}&type=renewal`)).body.data;
    expect(deal).toMatchObject({ contractId: k.primary, amount: 12_000, closeDate: '2003-12-31' });
    expect(deal.contractIds).toEqual([k.primary, k.addOn]);

    const renewed = await api.post('/api/v1/admin/sweeps/renewals?asOf=2004-01-01');
    // Both contracts are renewed, into one: 10,000 × 1.05 + 2,000 × 1.10 = 10,500 + 2,200.
    expect(renewed.body).toMatchObject({ contractsRenewed: 1, contractsExpired: 0 });
    const next = (await get('primary')).renewedToId;
    expect(await get('addOn')).toMatchObject({ status: 'renewed', renewedToId: next });
    expect((await api.get(`/api/v1/contracts/${next}`)).body).toMatchObject({
      name: 'primary',
      startDate: '2004-01-01',
      endDate: '2004-12-31',
      arr: 12_700,
      renewedFromId: k.primary,
      status: 'active',
    });
    expect((await api.get(`/api/v1/opportunities/${deal.id}`)).body).toMatchObject({
      stage: 'closed_won',
      amount: 12_700,
    });
    const again = await api.post('/api/v1/admin/sweeps/renewals?asOf=2004-01-01');
    expect(again.body).toMatchObject({ contractsRenewed: 0, contractsExpired: 0, opportunitiesCreated: 0 });
  });
});
