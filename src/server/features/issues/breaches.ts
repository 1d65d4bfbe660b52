import { sql } from 'drizzle-orm';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { alreadyEmitted, type DueEvent, emitDue } from '../../events/due.ts';
import { issues } from './issues.table.ts';

const BATCH = 500;
/** An instant as the API writes it (and JavaScript's toISOString): 2026-12-06T10:00:00.000Z. */
const isoInstant = (column: unknown) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * `issue.breached` for every unresolved issue whose SLA has passed, once per (issue, SLA due
 * moment): a changed severity moves the moment, and a new breach of it is a new event. Runs every
 * minute; returns how many it emitted.
 */
export async function emitBreaches(db: Db, ctx: WriteContext<null>): Promise<number> {
  let emitted = 0;
  // Keyset over (SLA moment, id): each batch reads on from the last.
  let after: { due: string; id: string } | null = null;
  for (;;) {
    const found: { due: string; id: string }[] = await db.transaction(async (tx) => {
      const rows = await rawRows<{
        id: string;
        account_id: string;
        due: string;
        severity: string;
        assignee_id: string | null;
      }>(
        tx,
        sql`select i.id, i.account_id, ${isoInstant(sql`i.sla_due_at`)} as due, i.severity, i.assignee_id
            from ${issues} i
            where i.status not in ('resolved', 'closed')
              and i.sla_due_at <= ${ctx.now.toISOString()}::timestamptz
              ${after ? sql`and (i.sla_due_at, i.id) > (${after.due}::timestamptz, ${after.id}::uuid)` : sql``}
              and not ${alreadyEmitted('issue.breached', sql`i.id`, isoInstant(sql`i.sla_due_at`))}
            order by i.sla_due_at, i.id
            limit ${BATCH}`,
      );
      const due: DueEvent[] = rows.map((r) => ({
        entityId: r.id,
        due: r.due,
        event: {
          type: 'issue.breached',
          accountId: r.account_id,
          data: { issueId: r.id, slaDueAt: r.due, severity: r.severity, assigneeId: r.assignee_id },
        },
      }));
      emitted += (await emitDue(tx, ctx, due)).length;
      return rows;
    });
    if (found.length < BATCH) return emitted;
    after = found.at(-1)!;
  }
}
