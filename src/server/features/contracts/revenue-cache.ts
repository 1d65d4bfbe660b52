import { inArray, isNotNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { arrOn } from '../../../core/rules/arr.ts';
import { toCents } from '../../../core/rules/money.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { contracts } from './contracts.table.ts';
import { termsByAccount } from './terms.ts';

interface Revenue {
  arr: number;
  renewalDate: string | null;
}
const none: Revenue = { arr: 0, renewalDate: null };
const CHUNK = 1000;

/**
 * Sets the accounts' cached `arr` (ARR on `today`, by the rule in core/rules/arr.ts) and
 * `renewal_date` (earliest end date of their active contracts), leaving version and updatedAt
 * alone: the cache is derived, not an edit. `null` refreshes every account. Returns how many
 * accounts changed. Call it in the transaction of the contract write.
 */
export async function refreshAccountRevenue(
  tx: Db,
  accountIds: string[] | null,
  today: string,
): Promise<number> {
  if (accountIds === null) return refreshAll(tx, today);
  const ids = [...new Set(accountIds)].sort();
  let changed = 0;
  for (let i = 0; i < ids.length; i += CHUNK)
    changed += await refreshSome(tx, ids.slice(i, i + CHUNK), today);
  return changed;
}

async function refreshSome(tx: Db, ids: string[], today: string): Promise<number> {
  // Lock the accounts before reading their contracts: two writes on one account then compute in
  // turn, the second from what the first committed, and neither overwrites the other with stale sums.
  const current = await tx
    .select({ id: accounts.id, arr: accounts.arr, renewalDate: accounts.renewalDate })
    .from(accounts)
    .where(inArray(accounts.id, ids))
    .orderBy(accounts.id)
    .for('no key update');
  const wanted = await revenueOn(tx, today, inArray(contracts.accountId, ids));
  const changes = current.filter((c) => differs(c, wanted.get(c.id) ?? none));
  if (!changes.length) return 0;
  const values = changes.map((c) => wanted.get(c.id) ?? none);
  await tx.execute(sql`
    update ${accounts} a set arr = v.arr, renewal_date = v.renewal_date
    from unnest(${sql.param(changes.map((c) => c.id))}::uuid[],
                ${sql.param(values.map((v) => String(v.arr)))}::numeric[],
                ${sql.param(values.map((v) => v.renewalDate))}::date[]) as v(id, arr, renewal_date)
    where a.id = v.id`);
  return changes.length;
}

/**
 * Every account: find from one unlocked read which caches are off, then refresh just those under
 * lock (a contract write may have moved on meanwhile; the locked pass recomputes from fresh data).
 */
async function refreshAll(tx: Db, today: string): Promise<number> {
  const wanted = await revenueOn(tx, today, undefined);
  const cached = await tx
    .select({ id: accounts.id, arr: accounts.arr, renewalDate: accounts.renewalDate })
    .from(accounts)
    .where(or(ne(accounts.arr, 0), isNotNull(accounts.renewalDate)));
  const stale = new Set<string>();
  const seen = new Set<string>();
  for (const c of cached) {
    seen.add(c.id);
    if (differs(c, wanted.get(c.id) ?? none)) stale.add(c.id);
  }
  for (const [id, w] of wanted) if (!seen.has(id) && differs(none, w)) stale.add(id);
  return refreshAccountRevenue(tx, [...stale], today);
}

/**
 * Per account: ARR on `today` and the earliest end of an active contract. SQL only narrows the
 * contracts to those that could count on `today`; `arrOn` decides which do.
 */
async function revenueOn(tx: Db, today: string, filter: SQL | undefined): Promise<Map<string, Revenue>> {
  const byAccount = await termsByAccount(
    tx,
    sql`status <> 'draft' and start_date <= ${today}::date and end_date >= ${today}::date
      ${filter ? sql`and ${filter}` : sql``}`,
  );
  const renewals = await rawRows<{ account_id: string; renewal_date: string }>(
    tx,
    sql`select account_id, min(end_date)::text as renewal_date from ${contracts}
      where status = 'active' ${filter ? sql`and ${filter}` : sql``} group by account_id`,
  );

  const result = new Map<string, Revenue>();
  for (const [accountId, list] of byAccount)
    result.set(accountId, { arr: arrOn(list, today), renewalDate: null });
  for (const r of renewals) {
    const entry = result.get(r.account_id);
    if (entry) entry.renewalDate = r.renewal_date;
    else result.set(r.account_id, { arr: 0, renewalDate: r.renewal_date });
  }
  return result;
}

const differs = (a: Revenue, b: Revenue): boolean =>
  toCents(a.arr) !== toCents(b.arr) || a.renewalDate !== b.renewalDate;
