import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { contracts } from '../../src/server/features/contracts/index.ts';
import { issues } from '../../src/server/features/issues/index.ts';
import { opportunities } from '../../src/server/features/opportunities/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const contract = (
  accountId: string,
  name: string,
  endDate: string,
  status: 'active' | 'renewed' = 'active',
) => ({
  accountId,
  name,
  startDate: '2025-12-01',
  endDate,
  arr: 12_000,
  status,
});

describe('agenda: renewals, at-risk accounts and issues near their SLA', () => {
  it('lists what is coming up on the owner’s accounts, by due date then ARR', async () => {
    const owner = await makeUser(t.db);
    const big = await makeAccount(t.db, owner.id);
    const small = await makeAccount(t.db, owner.id);
    const elsewhere = await makeAccount(t.db, (await makeUser(t.db)).id);
    // Check-ins are not due for a long while, so only the new kinds show up.
    await t.db.update(accounts).set({ checkInCadenceDays: 365 }).where(eq(accounts.ownerId, owner.id));
    await t.db.update(accounts).set({ arr: 90_000, churnRisk: 'high' }).where(eq(accounts.id, big.id));
    await t.db.update(accounts).set({ arr: 5_000 }).where(eq(accounts.id, small.id));

    const [soon, edge, late, won, pending] = await t.db
      .insert(contracts)
      .values([
        contract(small.id, 'Small 2026', '2026-12-10'),
        contract(big.id, 'Big 2026', '2027-02-20'), // exactly 90 days after 2026-11-22
        contract(big.id, 'Big add-on', '2027-02-21'), // 91 days: not yet
        contract(big.id, 'Big services', '2026-12-31'),
        contract(small.id, 'Small services', '2026-12-10'),
      ])
      .returning();
    await t.db.insert(contracts).values(contract(elsewhere.id, 'Not mine', '2026-12-01'));
    // Written straight to the table, so the accounts' cached renewal date (the earliest end of
    // their active contracts) is set here as the contracts feature keeps it; ARR stays as set above.
    await t.db.update(accounts).set({ renewalDate: '2026-12-31' }).where(eq(accounts.id, big.id));
    await t.db.update(accounts).set({ renewalDate: '2026-12-10' }).where(eq(accounts.id, small.id));
    await t.db.update(accounts).set({ renewalDate: '2026-12-01' }).where(eq(accounts.id, elsewhere.id));
    await t.db.insert(opportunities).values([
      {
        accountId: big.id,
        name: 'Renewal won',
        type: 'renewal',
        stage: 'closed_won',
        probability: 100,
        forecastCategory: 'closed',
        amount: 12_000,
        closeDate: '2026-11-20',
        ownerId: owner.id,
        contractId: won!.id,
        contractIds: [won!.id],
      },
      {
        accountId: small.id,
        name: 'Renewal in flight',
        type: 'renewal',
        stage: 'proposal',
        probability: 50,
        forecastCategory: 'best_case',
        amount: 12_000,
        closeDate: '2026-12-10',
        ownerId: owner.id,
        contractId: pending!.id,
        contractIds: [pending!.id],
      },
    ]);
    const issue = (severity: 'p1' | 'p3', slaDueAt: string, status: 'new' | 'resolved' = 'new') => ({
      accountId: big.id,
      title: `${severity} due ${slaDueAt}`,
      severity,
      status,
      openedAt: new Date('2026-11-20T00:00:00.000Z'),
      slaDueAt: new Date(slaDueAt),
    });
    await t.db
      .insert(issues)
      .values([
        issue('p1', '2026-11-21T09:00:00.000Z'),
        issue('p3', '2026-11-23T23:59:59.000Z'),
        issue('p3', '2026-11-24T00:00:00.000Z'),
        issue('p1', '2026-11-21T09:00:00.000Z', 'resolved'),
      ]);

    const res = await client(t.app, owner).get('/api/v1/me/agenda?date=2026-11-22');
    expect(res.status).toBe(200);
    expect(
      res.body.data.map((i: { kind: string; title: string; dueDate: string; arr: number }) => [
        i.kind,
        i.title,
        i.dueDate,
        i.arr,
      ]),
    ).toEqual([
      ['issue_sla', 'p1 due 2026-11-21T09:00:00.000Z', '2026-11-21', 90_000],
      ['at_risk', `Rescue ${big.name}: churn risk is high`, '2026-11-22', 90_000],
      ['issue_sla', 'p3 due 2026-11-23T23:59:59.000Z', '2026-11-23', 90_000],
      ['renewal', 'Renew Small 2026', '2026-12-10', 5_000],
      ['renewal', 'Renew Small services', '2026-12-10', 5_000],
      ['renewal', 'Renew Big 2026', '2027-02-20', 90_000],
    ]);
    const byTitle = (title: string) => res.body.data.find((i: { title: string }) => i.title === title);
    expect(byTitle('Renew Small 2026')).toMatchObject({
      accountId: small.id,
      ref: { type: 'contract', id: soon!.id },
    });
    expect(byTitle('Renew Big 2026').ref.id).toBe(edge!.id);
    // Not listed: the contract 91 days out, and the one whose renewal is already won.
    const refs = res.body.data.map((i: { ref: { id: string } }) => i.ref.id);
    expect(refs).not.toContain(late!.id);
    expect(refs).not.toContain(won!.id);
  });
});
