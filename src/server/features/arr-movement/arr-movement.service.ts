import { and, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { arrOn } from '../../../core/rules/arr.ts';
import { arrMovement, movementOf } from '../../../core/rules/arr-movement.ts';
import type { ArrMovementReport, arrMovementQuery } from '../../../core/schemas/revenue.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { addMonths } from '../contracts/dates.ts';
import { termsByAccount } from '../contracts/terms.ts';
import { accountFilters, reportRange } from '../forecast/report-filters.ts';

/**
 * ARR movement over the accounts in scope between `from` and `to` (default: the 12 months up to
 * asOf): each account's ARR on both dates by `arrOn`, summed and classified by `arrMovement`.
 */
export async function arrMovementReport(
  db: Db,
  actor: Actor,
  q: z.infer<typeof arrMovementQuery>,
  today: string,
): Promise<ArrMovementReport> {
  const end = q.to ?? q.asOf ?? today;
  const { from, to } = reportRange(q, { from: addMonths(end, -12), to: end });
  const narrowing = accountFilters(actor, q).filter((c): c is SQL => c !== undefined);
  const inTermOn = (d: string) => sql`(start_date <= ${d}::date and end_date >= ${d}::date)`;
  // SQL only narrows to contracts in term on either date; `arrOn` decides what counts.
  const byAccount = await termsByAccount(
    db,
    sql`status <> 'draft' and (${inTermOn(from)} or ${inTermOn(to)})
      ${
        narrowing.length
          ? sql`and account_id in (select ${accounts.id} from ${accounts} where ${and(...narrowing)})`
          : sql``
      }`,
  );
  const perAccount = [...byAccount].map(([accountId, list]) => ({
    accountId,
    a: arrOn(list, from),
    b: arrOn(list, to),
  }));
  const report: ArrMovementReport = { from, to, ...arrMovement(perAccount) };
  if (q.detail === 'true') report.accounts = await detail(db, perAccount);
  return report;
}

/** Accounts with ARR on either date, by name. */
async function detail(db: Db, perAccount: { accountId: string; a: number; b: number }[]) {
  const moving = perAccount.filter((p) => p.a > 0 || p.b > 0);
  const names = new Map<string, string>();
  for (let i = 0; i < moving.length; i += 5000) {
    const ids = moving.slice(i, i + 5000).map((p) => p.accountId);
    const rows = await db
      .select({ id: accounts.id, name: accounts.name })
      .from(accounts)
      .where(inArray(accounts.id, ids));
    for (const r of rows) names.set(r.id, r.name);
  }
  return moving
    .map((p) => ({
      accountId: p.accountId,
      name: names.get(p.accountId) ?? '',
      startArr: p.a,
      endArr: p.b,
      movement: movementOf(p.a, p.b),
    }))
    .sort((x, y) => x.name.localeCompare(y.name) || x.accountId.localeCompare(y.accountId));
}
