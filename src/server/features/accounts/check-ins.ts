import { sql } from 'drizzle-orm';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { alreadyEmitted, type DueEvent, emitDue } from '../../events/due.ts';
import { accounts } from './accounts.table.ts';

const BATCH = 1_000;

/**
 * `check_in.overdue` on the day an account's next check-in comes due (the agenda's rule: due on or
 * before `today`), once per (account, due day): a logged touch moves the day, and the next time it
 * passes is a new event. Live accounts only. Returns how many it emitted.
 */
export async function emitOverdueCheckIns(db: Db, ctx: WriteContext<null>, today: string): Promise<number> {
  let emitted = 0;
  // Keyset over (due day, id): each batch reads on from the last, not past the ones emitted before.
  let after: { due: string; id: string } | null = null;
  for (;;) {
    const found: { due: string; id: string }[] = await db.transaction(async (tx) => {
      const rows = await rawRows<{ id: string; due: string }>(
        tx,
        sql`select a.id, a.next_check_in_due::text as due
            from ${accounts} a
            where a.archived_at is null
              and a.next_check_in_due <= ${today}::date
              ${after ? sql`and (a.next_check_in_due, a.id) > (${after.due}::date, ${after.id}::uuid)` : sql``}
              and not ${alreadyEmitted('check_in.overdue', sql`a.id`, sql`a.next_check_in_due::text`)}
            order by a.next_check_in_due, a.id
            limit ${BATCH}`,
      );
      const due: DueEvent[] = rows.map((r) => ({
        entityId: r.id,
        due: r.due,
        event: { type: 'check_in.overdue', accountId: r.id, data: { dueOn: r.due } },
      }));
      emitted += (await emitDue(tx, ctx, due)).length;
      return rows;
    });
    if (found.length < BATCH) return emitted;
    after = found.at(-1)!;
  }
}
