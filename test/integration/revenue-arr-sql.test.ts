import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractTerm } from '../../src/core/rules/arr.ts';
import { arrMovement, movementArrs, movementOf, movementPeriod } from '../../src/core/rules/arr-movement.ts';
import { addDays } from '../../src/core/rules/dates.ts';
import { seededRandom } from '../../src/core/rules/forecast.ts';
import type { Actor } from '../../src/server/auth/actor.ts';
import { arrMovementReport } from '../../src/server/features/arr-movement/index.ts';
import { contracts } from '../../src/server/features/contracts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser } from '../support/factories.ts';

/*
 * The ARR movement report sums and classifies in SQL; this suite checks that SQL against the
 * rules it mirrors (`movementPeriod`, `movementArrs`, `arrMovement`) on a few hundred random
 * contracts crowded around the report's dates: terms starting or ending the day before, on or
 * after either date, cancellations on those days and mid-term, drafts, renewed and expired
 * contracts, zero and one-cent ARR. The years 2071–2072 are used by no other suite; "today" is
 * TO, or 2071-09-15 for the periods cut at today.
 */
let t: TestApp;
let admin: Actor;
let ownerId: string;
const book = new Map<string, ContractTerm[]>();
const FROM = '2071-03-01';
const TO = '2072-02-29';
const MID = '2071-09-15';
/** [from, to, today] */
const periods: [string, string, string][] = [
  [FROM, TO, TO],
  [FROM, FROM, TO],
  [addDays(FROM, 1), addDays(TO, -1), TO],
  [MID, TO, TO],
  [FROM, TO, MID], // cut at MID
  [addDays(FROM, 1), TO, addDays(MID, 1)], // cut at the day after MID
];

beforeAll(async () => {
  t = await testApp();
  const adminUser = await makeUser(t.db, { role: 'admin' });
  admin = { userId: adminUser.id, role: 'admin', via: 'api_key' };
  ownerId = (await makeUser(t.db)).id;
  const random = seededRandom(2071);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const days = [
    ...[FROM, TO, MID].flatMap((d) => [addDays(d, -1), d, addDays(d, 1)]),
    '2070-06-30',
    '2071-06-01',
    '2071-12-31',
    '2072-08-01',
  ].sort();
  const statuses = ['draft', 'active', 'active', 'renewed', 'expired', 'cancelled'] as const;
  const amounts = [0, 0.01, 99.99, 1_000, 12_345.67, 250_000];
  const rows: (typeof contracts.$inferInsert)[] = [];
  for (let i = 0; i < 120; i++) {
    const account = await makeAccount(t.db, ownerId);
    const terms: ContractTerm[] = [];
    for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
      const [startDate, endDate] = [pick(days), pick(days)].sort() as [string, string];
      const cancelled = random() < 0.35;
      const term: ContractTerm = {
        status: cancelled ? 'cancelled' : pick(statuses),
        startDate,
        endDate,
        cancelledOn: cancelled ? pick(days.filter((d) => d >= startDate && d <= endDate)) : null,
        arr: pick(amounts),
      };
      terms.push(term);
      rows.push({ accountId: account.id, name: `Term ${i}.${n}`, ...term });
    }
    book.set(account.id, terms);
  }
  await t.db.insert(contracts).values(rows);
});
afterAll(() => t.close());

const report = (from: string, to: string, today: string, detail?: 'true') =>
  arrMovementReport(t.db, admin, { from, to, ownerId, detail }, today);
const periodOf = (from: string, to: string, today: string) => movementPeriod(from, to, today)!;

describe('ARR movement in SQL agrees with the rules', () => {
  it('has contracts of every kind on the boundary days', () => {
    const all = [...book.values()].flat();
    expect(all.length).toBeGreaterThan(250);
    for (const s of ['draft', 'active', 'renewed', 'expired', 'cancelled']) {
      expect(all.some((c) => c.status === s)).toBe(true);
    }
    expect(all.some((c) => c.cancelledOn === FROM)).toBe(true);
    expect(all.some((c) => c.startDate === TO || c.endDate === TO)).toBe(true);
    expect(all.some((c) => c.arr === 0 && c.status !== 'draft')).toBe(true);
  });

  it.each(periods)(
    'gives each account the ARR the rules give it, %s to %s as of %s',
    async (from, to, today) => {
      const period = periodOf(from, to, today);
      const expected = [...book]
        .map(([accountId, terms]) => {
          const { a, b } = movementArrs(terms, period);
          return { accountId, startArr: a, endArr: b };
        })
        .filter((p) => p.startArr > 0 || p.endArr > 0);
      expect(expected.length).toBeGreaterThan(20);
      const { accounts = [] } = await report(from, to, today, 'true');
      const got = new Map(accounts.map((a) => [a.accountId, a]));
      expect(got.size).toBe(expected.length);
      for (const e of expected) {
        expect(got.get(e.accountId)).toMatchObject({ ...e, movement: movementOf(e.startArr, e.endArr) });
      }
    },
  );

  it.each(periods)('sums and classifies as arrMovement does, %s to %s as of %s', async (from, to, today) => {
    const period = periodOf(from, to, today);
    const expected = {
      from,
      to: period.to,
      truncatedTo: period.truncatedTo,
      ...arrMovement([...book.values()].map((terms) => movementArrs(terms, period))),
    };
    const { accounts: _, ...withDetail } = await report(from, to, today, 'true');
    expect(await report(from, to, today)).toEqual(expected);
    expect(withDetail).toEqual(expected);
    expect(period.truncatedTo).toBe(to > today ? today : null);
  });

  it('sees every movement kind at least once over the year', async () => {
    const { accounts = [] } = await report(FROM, TO, TO, 'true');
    for (const m of ['new', 'expansion', 'contraction', 'churn', 'flat']) {
      expect(accounts.some((a) => a.movement === m)).toBe(true);
    }
  });
});
