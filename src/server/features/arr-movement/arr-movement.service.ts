import { and, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import {
  arrMovement,
  movementFromCents,
  movementOf,
  movementPeriod,
} from '../../../core/rules/arr-movement.ts';
import { addDays, addMonths } from '../../../core/rules/dates.ts';
import { fromCents } from '../../../core/rules/money.ts';
import type { ArrMovementReport, arrMovementQuery } from '../../../core/schemas/revenue.ts';
import type { Actor } from '../../auth/actor.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { contracts } from '../contracts/index.ts';
import { accountFilters, reportRange } from '../forecast/index.ts';

/**
 * ARR movement over the accounts in scope for the period `from` – `to` (default: the 12 months up
 * to asOf), as `movementPeriod` sets it: `to` cut at today, a = each account's ARR on the day
 * before `from`, b = its ARR on `to`; summed and classified as `arrMovement` does.
 */
export async function arrMovementReport(
  db: Db,
  actor: Actor,
  q: z.infer<typeof arrMovementQuery>,
  today: string,
): Promise<ArrMovementReport> {
  const end = q.to ?? q.asOf ?? today;
  const requested = reportRange(q, { from: addDays(addMonths(end, -12), 1), to: end });
  const period = movementPeriod(requested.from, requested.to, today);
  if (!period) {
    throw new AppError('validation', `The period starts (${requested.from}) after today (${today}).`, {
      errors: [{ path: 'from', message: 'must be on or before today: ARR movement is history' }],
    });
  }
  const { from, to, truncatedTo } = period;
  const per = arrByAccount(period.startOn, to, await accountFilters(db, actor, q));
  return db.transaction(
    async (tx) => {
      // The per-account aggregate of a 100k-account book needs ~30 MB; in the default 4 MB it
      // spills to disk and takes about twice as long.
      await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
      if (q.detail !== 'true') return { from, to, truncatedTo, ...(await movementInSql(tx, per)) };
      const rows = await detail(tx, per);
      return {
        from,
        to,
        truncatedTo,
        ...arrMovement(rows.map((r) => ({ a: r.startArr, b: r.endArr }))),
        accounts: rows,
      };
    },
    { accessMode: 'read only' },
  );
}

/**
 * SQL twin of `countsOn` in core/rules/arr.ts (the draft test is in `arrByAccount`'s where):
 * startDate ≤ d ≤ endDate and not yet cancelled (d < cancelledOn). Keep the two in step;
 * test/integration/revenue-arr-sql.test.ts checks they agree.
 */
const countsOn = (d: string) =>
  sql`(${contracts.startDate} <= ${d}::date and ${d}::date <= ${contracts.endDate}
    and (${contracts.cancelledOn} is null or ${d}::date < ${contracts.cancelledOn}))`;

/**
 * Per account with ARR on either date: account_id, a = ARR on `startOn` (the period's `from` − 1
 * day) and b = ARR on `to` in integer cents (as `arrOn`: Σ arr of the contracts that count; bigint
 * cents are exact and sum several times faster than numeric). Grouped in account order, so the
 * planner streams it off contracts_account_terms_idx instead of hashing 100k groups (about 100 ms
 * of CPU instead of 165 for a 100k-account book).
 */
const cents = sql`(${contracts.arr} * 100)::bigint`;

export function arrByAccount(startOn: string, to: string, filters: (SQL | undefined)[]): SQL {
  const narrowing = filters.filter((c): c is SQL => c !== undefined);
  const scoped = narrowing.length
    ? sql`and ${contracts.accountId} in (select ${accounts.id} from ${accounts} where ${and(...narrowing)})`
    : sql``;
  return sql`select ${contracts.accountId} as account_id,
      coalesce(sum(${cents}) filter (where ${countsOn(startOn)}), 0)::bigint as a,
      coalesce(sum(${cents}) filter (where ${countsOn(to)}), 0)::bigint as b
    from ${contracts}
    where ${contracts.status} <> 'draft' and (${countsOn(startOn)} or ${countsOn(to)}) ${scoped}
    group by ${contracts.accountId} order by ${contracts.accountId}`;
}

/**
 * The movement's sums over `per` in one row. Each filter is one branch of `movementOf` (the
 * branches are disjoint, so their order does not matter); the ratios come from the same
 * `movementFromCents` as `arrMovement`.
 */
async function movementInSql(db: Db, per: SQL) {
  const [row] = await rawRows<
    Record<'start' | 'end' | 'new' | 'expansion' | 'contraction' | 'churn', string>
  >(
    db,
    sql`select coalesce(sum(a), 0)::text as start, coalesce(sum(b), 0)::text as end,
        coalesce(sum(b) filter (where a = 0 and b > 0), 0)::text as new,
        coalesce(sum(b - a) filter (where a > 0 and b > a), 0)::text as expansion,
        coalesce(sum(a - b) filter (where b > 0 and b < a), 0)::text as contraction,
        coalesce(sum(a) filter (where a > 0 and b = 0), 0)::text as churn
      from (${per}) per`,
  );
  const n = (s: string | undefined) => Number(s ?? 0);
  return movementFromCents({
    start: n(row?.start),
    end: n(row?.end),
    new: n(row?.new),
    expansion: n(row?.expansion),
    contraction: n(row?.contraction),
    churn: n(row?.churn),
  });
}

/** Accounts with ARR on either date, by name. */
async function detail(db: Db, per: SQL) {
  const rows = await rawRows<{ account_id: string; name: string; a: string; b: string }>(
    db,
    sql`select per.account_id, ${accounts.name} as name, per.a::text as a, per.b::text as b
      from (${per}) per join ${accounts} on ${accounts.id} = per.account_id
      where per.a > 0 or per.b > 0`,
  );
  return rows
    .map((r) => {
      const a = fromCents(Number(r.a));
      const b = fromCents(Number(r.b));
      return { accountId: r.account_id, name: r.name, startArr: a, endArr: b, movement: movementOf(a, b) };
    })
    .sort((x, y) => x.name.localeCompare(y.name) || x.accountId.localeCompare(y.accountId));
}
