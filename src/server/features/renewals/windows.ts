import { sql } from 'drizzle-orm';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { alreadyEmitted, type DueEvent, emitDue } from '../../events/due.ts';
import { accounts } from '../accounts/index.ts';
import { contracts } from '../contracts/index.ts';

const BATCH = 1_000;

/**
 * `renewal.window_entered` when an active contract comes within a window of its end: its own
 * renewal window, and each number of days in `watched` (the windows playbooks listen for). Once
 * per (contract, end date, window): a contract whose end moves enters its windows again. Live
 * accounts only. Returns how many it emitted.
 */
export async function emitRenewalWindows(
  db: Db,
  ctx: WriteContext<null>,
  today: string,
  watched: readonly number[],
): Promise<number> {
  const windows = [...new Set(watched.filter((d) => Number.isInteger(d) && d >= 0))];
  let emitted = 0;
  // Keyset over (end date, contract, window): each batch reads on from the last.
  let after: { end_date: string; id: string; days: number } | null = null;
  for (;;) {
    const found: { end_date: string; id: string; days: number }[] = await db.transaction(async (tx) => {
      const rows = await rawRows<{
        id: string;
        account_id: string;
        end_date: string;
        days: number;
        days_left: number;
      }>(
        tx,
        sql`select c.id, c.account_id, c.end_date::text as end_date, w.days, (c.end_date - ${today}::date) as days_left
            from ${contracts} c
            join ${accounts} a on a.id = c.account_id and a.archived_at is null
            cross join lateral (
              select c.renewal_window_days as days
              union
              select unnest(${`{${windows.join(',')}}`}::int[])
            ) w
            where c.status = 'active'
              and c.end_date >= ${today}::date
              and c.end_date - ${today}::date <= w.days
              ${after ? sql`and (c.end_date, c.id, w.days) > (${after.end_date}::date, ${after.id}::uuid, ${after.days}::int)` : sql``}
              and not ${alreadyEmitted('renewal.window_entered', sql`c.id`, sql`c.end_date::text || ':' || w.days`)}
            order by c.end_date, c.id, w.days
            limit ${BATCH}`,
      );
      const due: DueEvent[] = rows.map((r) => ({
        entityId: r.id,
        due: `${r.end_date}:${r.days}`,
        event: {
          type: 'renewal.window_entered',
          accountId: r.account_id,
          data: {
            contractId: r.id,
            endDate: r.end_date,
            daysLeft: Number(r.days_left),
            days: Number(r.days),
          },
        },
      }));
      emitted += (await emitDue(tx, ctx, due)).length;
      return rows;
    });
    if (found.length < BATCH) return emitted;
    after = found.at(-1)!;
  }
}
