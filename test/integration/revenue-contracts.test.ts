import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { today as todayUtc } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
let admin: TestUser;
let am: TestUser;
let api: ReturnType<typeof client>;
let seat: string;
let support: string;
const today = todayUtc();
const day = (n: number) => addDays(today, n);

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  api = client(t.app, am);
  const products = client(t.app, admin);
  seat = (await products.post('/api/v1/products', { name: 'Seat', sku: unique('SEAT'), listPrice: 1200 }))
    .body.id;
  support = (await products.post('/api/v1/products', { name: 'Support', sku: unique('SUP') })).body.id;
});
afterAll(() => t.close());

const newAccount = async () => (await api.post('/api/v1/accounts', { name: unique('Acct') })).body;
const account = async (id: string) => (await api.get(`/api/v1/accounts/${id}`)).body;
const newContract = async (accountId: string, extra: object = {}) =>
  api.post('/api/v1/contracts', {
    accountId,
    name: 'Platform',
    startDate: day(-100),
    endDate: day(265),
    arr: 10_000,
    ...extra,
  });

describe('contracts', () => {
  it('prices lines into arr and keeps the account cache without touching its version', async () => {
    const acct = await newAccount();
    const res = await newContract(acct.id, {
      arr: undefined,
      lines: [
        { productId: seat, quantity: 10, unitPrice: 1200 },
        { productId: support, quantity: 2.5, unitPrice: 99.99 }, // 249.975 → 249.98
      ],
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/contracts/${res.body.id}`);
    expect(res.body).toMatchObject({
      arr: 12_249.98,
      status: 'active',
      autoRenew: false,
      renewalWindowDays: 120,
      cancelledOn: null,
      renewedFromId: null,
      renewedToId: null,
      createdById: am.id,
      lines: [
        { productId: seat, quantity: 10, unitPrice: 1200, amount: 12_000 },
        { productId: support, quantity: 2.5, unitPrice: 99.99, amount: 249.98 },
      ],
    });
    const after = await account(acct.id);
    expect(after).toMatchObject({ arr: 12_249.98, renewalDate: day(265), version: acct.version });
    expect(after.updatedAt).toBe(acct.updatedAt);

    // A second contract adds up; the earliest end is the renewal date.
    await newContract(acct.id, { arr: 500.01, endDate: day(30) });
    expect(await account(acct.id)).toMatchObject({ arr: 12_749.99, renewalDate: day(30) });
  });

  it('counts only what is in term today: drafts and future starts do not', async () => {
    const acct = await newAccount();
    const draft = (await newContract(acct.id, { status: 'draft', arr: 700 })).body;
    await newContract(acct.id, { startDate: day(1), endDate: day(366), arr: 300 });
    expect(await account(acct.id)).toMatchObject({ arr: 0, renewalDate: day(366) });
    const live = await api.patch(`/api/v1/contracts/${draft.id}`, { status: 'active' });
    expect(live.body).toMatchObject({ status: 'active', version: 2 });
    expect(await account(acct.id)).toMatchObject({ arr: 700, renewalDate: day(265) });
    // A contract ending today still counts today.
    await newContract(acct.id, { endDate: today, arr: 0.3 });
    expect((await account(acct.id)).arr).toBe(700.3);
  });

  it('names the failing field', async () => {
    const acct = await newAccount();
    const cases: [object, string][] = [
      [{ startDate: day(10), endDate: day(9) }, 'endDate'],
      [{ status: 'renewed' }, 'status'],
      [{ arr: -5 }, 'arr'],
      [{ arr: 1.234 }, 'arr'],
      [{ renewalWindowDays: 731 }, 'renewalWindowDays'],
      [{ lines: [{ productId: seat, quantity: 0, unitPrice: 1 }] }, 'lines.0.quantity'],
      [{ cancelledOn: day(3) }, 'cancelledOn'],
      [
        {
          arr: undefined,
          lines: [
            { productId: seat, quantity: 1, unitPrice: 1 },
            { productId: support, quantity: 1, unitPrice: 1 },
            { productId: acct.id, quantity: 1, unitPrice: 1 },
          ],
        },
        'lines.2.productId',
      ],
      [{ arr: 99, lines: [{ productId: seat, quantity: 1, unitPrice: 100 }] }, 'arr'],
    ];
    for (const [extra, path] of cases) {
      const res = await newContract(acct.id, extra);
      expect([res.status, res.body.errors?.[0]?.path]).toEqual([400, path]);
    }
    const elsewhere = await newContract(crypto.randomUUID());
    expect([elsewhere.status, elsewhere.body.errors[0].path]).toEqual([400, 'accountId']);
    expect((await api.get(`/api/v1/contracts?accountId=${acct.id}`)).body.data).toEqual([]);
  });

  it('patches terms and lines; arr alone cannot contradict the lines', async () => {
    const acct = await newAccount();
    const c = (
      await newContract(acct.id, { arr: undefined, lines: [{ productId: seat, quantity: 2, unitPrice: 50 }] })
    ).body;
    const clash = await api.patch(`/api/v1/contracts/${c.id}`, { arr: 5 });
    expect([clash.status, clash.body.errors[0].path]).toEqual([400, 'arr']);
    const early = await api.patch(`/api/v1/contracts/${c.id}`, { endDate: day(-101) });
    expect([early.status, early.body.errors[0].path]).toEqual([400, 'endDate']);
    const relined = await api.patch(`/api/v1/contracts/${c.id}`, {
      lines: [{ productId: seat, quantity: 3, unitPrice: 50 }],
    });
    expect(relined.body).toMatchObject({ arr: 150, version: 2 });
    const unlined = await api.patch(`/api/v1/contracts/${c.id}`, { lines: [], arr: 90 });
    expect(unlined.body).toMatchObject({ arr: 90, lines: [] });
    expect((await account(acct.id)).arr).toBe(90);
    const stale = await api.patch(`/api/v1/contracts/${c.id}`, { name: 'X' }, { 'if-match': '"2"' });
    expect(stale.status).toBe(412);
  });

  it('filters by account, status and end dates (inclusive)', async () => {
    const acct = await newAccount();
    const a = (await newContract(acct.id, { endDate: day(10) })).body;
    const b = (await newContract(acct.id, { endDate: day(20), status: 'draft' })).body;
    const c = (await newContract(acct.id, { endDate: day(30) })).body;
    const ids = async (query: string) =>
      (await api.get(`/api/v1/contracts?accountId=${acct.id}&${query}`)).body.data.map(
        (x: { id: string }) => x.id,
      );
    expect(await ids('')).toEqual([a.id, b.id, c.id]);
    expect(await ids('sort=-endDate')).toEqual([c.id, b.id, a.id]);
    expect(await ids('status=draft')).toEqual([b.id]);
    expect(await ids(`endAfter=${day(20)}&endBefore=${day(30)}`)).toEqual([b.id, c.id]);
    const page = await api.get(`/api/v1/contracts?accountId=${acct.id}&limit=2`);
    const rest = await api.get(
      `/api/v1/contracts?accountId=${acct.id}&limit=2&cursor=${page.body.nextCursor}`,
    );
    expect(rest.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('deletes only drafts', async () => {
    const acct = await newAccount();
    const active = (await newContract(acct.id)).body;
    expect((await api.del(`/api/v1/contracts/${active.id}`)).status).toBe(409);
    const draft = (await newContract(acct.id, { status: 'draft' })).body;
    expect((await api.del(`/api/v1/contracts/${draft.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/contracts/${draft.id}`)).status).toBe(404);
  });
});

describe('renewing a contract', () => {
  it('links old and new, wins the renewal at the new arr, and audits both', async () => {
    const acct = await newAccount();
    const old = (await newContract(acct.id, { endDate: day(10), autoRenew: true, renewalWindowDays: 90 }))
      .body;
    const opp = (
      await api.post('/api/v1/opportunities', {
        accountId: acct.id,
        name: 'Renewal',
        type: 'renewal',
        contractId: old.id,
        amount: 10_000,
        closeDate: day(10),
        stage: 'negotiation',
      })
    ).body;

    const res = await api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(375), arr: 12_500 });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/contracts/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Platform',
      startDate: day(11),
      endDate: day(375),
      arr: 12_500,
      status: 'active',
      autoRenew: true,
      renewalWindowDays: 90,
      renewedFromId: old.id,
    });
    const before = (await api.get(`/api/v1/contracts/${old.id}`)).body;
    expect(before).toMatchObject({ status: 'renewed', renewedToId: res.body.id, version: 2 });
    const won = (await api.get(`/api/v1/opportunities/${opp.id}`)).body;
    expect(won).toMatchObject({
      stage: 'closed_won',
      amount: 12_500,
      probability: 100,
      forecastCategory: 'closed',
      closeDate: today,
    });
    expect(won.closedAt).not.toBeNull();
    // The old term still runs today (renewed contracts count inside their term); the new one is the renewal date.
    expect(await account(acct.id)).toMatchObject({ arr: 10_000, renewalDate: day(375) });

    expect((await api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(800), arr: 1 })).status).toBe(
      409,
    );

    const trail = (await client(t.app, admin).get(`/api/v1/audit?entityType=contract&entityId=${old.id}`))
      .body.data;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['contract.renewed', 'contract.created']);
    expect(trail[0].changes).toEqual({ status: ['active', 'renewed'], renewedToId: [null, res.body.id] });
    const oppTrail = (
      await client(t.app, admin).get(`/api/v1/audit?entityType=opportunity&entityId=${opp.id}`)
    ).body.data;
    expect(oppTrail[0].action).toBe('opportunity.won');
  });

  it('co-terms an early renewal: the old term ends the day before, and the new ARR counts at once', async () => {
    const acct = await newAccount();
    const old = (await newContract(acct.id, { endDate: day(20) })).body;
    expect(await account(acct.id)).toMatchObject({ arr: 10_000, renewalDate: day(20) });
    const res = await api.post(`/api/v1/contracts/${old.id}/renew`, {
      startDate: today,
      endDate: day(364),
      arr: 13_000,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startDate: today, endDate: day(364), arr: 13_000 });
    const before = (await api.get(`/api/v1/contracts/${old.id}`)).body;
    expect(before).toMatchObject({ status: 'renewed', startDate: day(-100), endDate: day(-1) });
    expect(await account(acct.id)).toMatchObject({ arr: 13_000, renewalDate: day(364) });
    const movement = (await api.get(`/api/v1/reports/arr-movement?from=${day(-1)}&to=${today}&detail=true`))
      .body;
    expect(movement.accounts.find((a: { accountId: string }) => a.accountId === acct.id)).toMatchObject({
      startArr: 10_000,
      endArr: 13_000,
      movement: 'expansion',
    });

    const other = (await newContract(acct.id)).body;
    const tooEarly = await api.post(`/api/v1/contracts/${other.id}/renew`, {
      startDate: day(-100),
      endDate: day(300),
      arr: 1,
    });
    expect([tooEarly.status, tooEarly.body.errors[0].path]).toEqual([400, 'startDate']);
  });

  it('records a won renewal when the contract had none, and validates the new term', async () => {
    const acct = await newAccount();
    const old = (await newContract(acct.id)).body;
    const early = await api.post(`/api/v1/contracts/${old.id}/renew`, {
      startDate: day(300),
      endDate: day(299),
      arr: 1,
    });
    expect([early.status, early.body.errors[0].path]).toEqual([400, 'endDate']);
    const noArr = await api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(700) });
    expect([noArr.status, noArr.body.errors[0].path]).toEqual([400, 'arr']);

    const res = await api.post(`/api/v1/contracts/${old.id}/renew`, {
      endDate: day(700),
      lines: [{ productId: seat, quantity: 9, unitPrice: 1250 }],
    });
    expect(res.body).toMatchObject({ arr: 11_250, startDate: day(266) });
    const renewals = (await api.get(`/api/v1/opportunities?contractId=${old.id}`)).body.data;
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({
      type: 'renewal',
      stage: 'closed_won',
      amount: 11_250,
      closeDate: today,
      ownerId: am.id,
    });
  });

  it('renews for the term of a renewal when endDate is omitted: months, or days', async () => {
    const acct = await newAccount();
    const renew = async (startDate: string, endDate: string, body: object = {}) => {
      const old = (await newContract(acct.id, { startDate, endDate })).body;
      const res = await api.post(`/api/v1/contracts/${old.id}/renew`, { arr: 10_500, ...body });
      expect(res.status).toBe(201);
      return [res.body.startDate, res.body.endDate];
    };
    // 12 months renew for 12 months from the day after the end.
    expect(await renew('2026-01-01', '2026-12-31')).toEqual(['2027-01-01', '2027-12-31']);
    // 13 months (the day after 31 January 2028 is 1 February) renew for 13, to 28 February 2029.
    expect(await renew('2027-01-01', '2028-01-31')).toEqual(['2028-02-01', '2029-02-28']);
    // A year to 29 February 2024 is 12 months; its renewal ends on 28 February 2025.
    expect(await renew('2023-03-01', '2024-02-29')).toEqual(['2024-03-01', '2025-02-28']);
    // 15 January – 10 April is 86 days: so is the renewal, 11 April – 5 July.
    expect(await renew('2026-01-15', '2026-04-10')).toEqual(['2026-04-11', '2026-07-05']);
    // A given start keeps the old term: 12 months from 1 December.
    expect(await renew('2025-01-01', '2025-12-31', { startDate: '2025-12-01' })).toEqual([
      '2025-12-01',
      '2026-11-30',
    ]);
    // A given end wins.
    expect(await renew('2025-01-01', '2025-12-31', { endDate: '2026-06-30' })).toEqual([
      '2026-01-01',
      '2026-06-30',
    ]);
  });

  it('is one transaction: a failure after the new contract is written leaves nothing behind', async () => {
    const acct = await newAccount();
    const old = (await newContract(acct.id, { endDate: day(5) })).body;
    const opp = (
      await api.post('/api/v1/opportunities', {
        accountId: acct.id,
        name: 'Renewal',
        type: 'renewal',
        contractId: old.id,
        closeDate: day(5),
      })
    ).body;
    // Make the last step (winning the renewal opportunity) fail, after the contracts are written.
    const fn = `fail_${opp.id.replaceAll('-', '')}`;
    await t.db.execute(
      sql.raw(
        `create function ${fn}() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`,
      ),
    );
    await t.db.execute(
      sql.raw(`create trigger ${fn} before update on opportunities for each row
        when (old.id = '${opp.id}') execute function ${fn}()`),
    );
    try {
      const res = await api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(400), arr: 20_000 });
      expect(res.status).toBe(500);
    } finally {
      await t.db.execute(sql.raw(`drop trigger ${fn} on opportunities`));
      await t.db.execute(sql.raw(`drop function ${fn}()`));
    }
    const list = (await api.get(`/api/v1/contracts?accountId=${acct.id}`)).body.data;
    expect(list.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[old.id, 'active']]);
    expect((await api.get(`/api/v1/opportunities/${opp.id}`)).body.stage).toBe('prospecting');
    expect(await account(acct.id)).toMatchObject({ arr: 10_000, renewalDate: day(5) });
  });

  it('replays a renewal retried with the same Idempotency-Key instead of refusing it', async () => {
    const acct = await newAccount();
    const old = (await newContract(acct.id)).body;
    const key = { 'idempotency-key': unique('renew') };
    const first = await api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(700), arr: 3 }, key);
    const retry = await api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(700), arr: 3 }, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect((await api.get(`/api/v1/contracts?accountId=${acct.id}`)).body.data).toHaveLength(2);
  });

  it('renews once when two requests race', async () => {
    const acct = await newAccount();
    const old = (await newContract(acct.id)).body;
    const results = await Promise.all([
      api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(700), arr: 1 }),
      api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(700), arr: 2 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await api.get(`/api/v1/contracts?accountId=${acct.id}`)).body.data).toHaveLength(2);
  });
});

describe('cancelling a contract', () => {
  it('stops ARR on the cancellation day and loses the open renewal', async () => {
    const acct = await newAccount();
    const c = (await newContract(acct.id, { arr: 4_000 })).body;
    const opp = (
      await api.post('/api/v1/opportunities', {
        accountId: acct.id,
        name: 'Renewal',
        type: 'renewal',
        contractId: c.id,
        closeDate: day(265),
      })
    ).body;
    // At most the day after the end (day 266).
    const late = await api.post(`/api/v1/contracts/${c.id}/cancel`, {
      cancelledOn: day(267),
      reason: 'Budget',
    });
    expect([late.status, late.body.errors[0].path]).toEqual([400, 'cancelledOn']);
    const noReason = await api.raw.post(`/api/v1/contracts/${c.id}/cancel`, { cancelledOn: today });
    expect([noReason.status, noReason.body.errors[0].path]).toEqual([400, 'reason']);

    const res = await api.post(`/api/v1/contracts/${c.id}/cancel`, {
      cancelledOn: today,
      reason: 'Budget cut',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledOn: today, cancelReason: 'Budget cut' });
    expect(await account(acct.id)).toMatchObject({ arr: 0, renewalDate: null });
    expect((await api.get(`/api/v1/opportunities/${opp.id}`)).body).toMatchObject({
      stage: 'closed_lost',
      lostReason: 'Contract cancelled: Budget cut',
      probability: 0,
      forecastCategory: 'omitted',
      closeDate: today,
    });
    expect(
      (await api.post(`/api/v1/contracts/${c.id}/cancel`, { cancelledOn: today, reason: 'x' })).status,
    ).toBe(409);
    expect((await api.post(`/api/v1/contracts/${c.id}/renew`, { endDate: day(900), arr: 1 })).status).toBe(
      409,
    );
  });

  it('keeps counting until a cancellation that takes effect later', async () => {
    const acct = await newAccount();
    const c = (await newContract(acct.id, { arr: 4_000 })).body;
    const res = await api.post(`/api/v1/contracts/${c.id}/cancel`, {
      cancelledOn: day(1),
      reason: 'Notice given',
    });
    // A notice: still active (so still the renewal date) and counting until tomorrow.
    expect(res.body).toMatchObject({ status: 'active', cancelledOn: day(1), cancelReason: 'Notice given' });
    expect(await account(acct.id)).toMatchObject({ arr: 4_000, renewalDate: day(265) });
  });
});

describe('contract visibility and roles', () => {
  it('follows the account: 404 outside scope, 403 for read-only roles', async () => {
    const member = await makeUser(t.db, { role: 'member' });
    const viewer = await makeUser(t.db, { role: 'viewer' });
    const stranger = await makeUser(t.db);
    const acct = (await api.post('/api/v1/accounts', { name: unique('Acct'), teamMemberIds: [member.id] }))
      .body;
    const c = (await newContract(acct.id)).body;
    const path = `/api/v1/contracts/${c.id}` as const;

    const out = client(t.app, stranger);
    expect((await out.get(path)).status).toBe(404);
    expect((await out.patch(path, { name: 'Mine' })).status).toBe(404);
    expect((await out.post(`${path}/renew`, { endDate: day(900), arr: 1 })).status).toBe(404);
    expect((await out.post(`${path}/cancel`, { cancelledOn: today, reason: 'x' })).status).toBe(404);
    expect((await out.get(`/api/v1/contracts?accountId=${acct.id}`)).body.data).toEqual([]);
    expect((await newContractAs(out, acct.id)).status).toBe(400);

    for (const reader of [member, viewer]) {
      const r = client(t.app, reader);
      expect((await r.get(path)).status).toBe(200);
      expect((await r.patch(path, { name: 'Mine' })).status).toBe(403);
      expect((await r.post(`${path}/cancel`, { cancelledOn: today, reason: 'x' })).status).toBe(403);
      expect((await newContractAs(r, acct.id)).status).toBe(403);
    }
  });
});

const newContractAs = (as: ReturnType<typeof client>, accountId: string) =>
  as.post('/api/v1/contracts', { accountId, name: 'X', startDate: today, endDate: day(1), arr: 1 });
