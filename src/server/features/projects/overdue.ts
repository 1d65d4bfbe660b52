import { sql } from 'drizzle-orm';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { alreadyEmitted, type DueEvent, emitDue } from '../../events/due.ts';
import { clientRequests } from './client-requests.table.ts';
import { deliverables } from './deliverables.table.ts';
import { projects } from './projects.table.ts';

const BATCH = 1_000;

/** Keyset pages over (due date, id) of what `page` finds, each page emitted in its own transaction. */
async function emitPaged(
  db: Db,
  ctx: WriteContext<null>,
  page: (tx: Db, after: { due: string; id: string } | null) => Promise<(DueEvent & { id: string })[]>,
): Promise<number> {
  let emitted = 0;
  let after: { due: string; id: string } | null = null;
  for (;;) {
    const found = await db.transaction(async (tx) => {
      const rows = await page(tx, after);
      emitted += (await emitDue(tx, ctx, rows)).length;
      return rows;
    });
    if (found.length < BATCH) return emitted;
    const last = found.at(-1)!;
    after = { due: last.due, id: last.id };
  }
}

/**
 * `deliverable.overdue` the day after a deliverable's due date passes (due before `today`), once
 * per (deliverable, due date): moving the date and letting it pass again is a new event. Only
 * deliverables still to do (not approved, delivered or cancelled) of projects neither completed
 * nor cancelled. Returns how many it emitted.
 */
export async function emitOverdueDeliverables(
  db: Db,
  ctx: WriteContext<null>,
  today: string,
): Promise<number> {
  return emitPaged(db, ctx, async (tx, after) => {
    const rows = await rawRows<{ id: string; account_id: string; due: string; assignee_id: string }>(
      tx,
      sql`select d.id, d.account_id, d.due_date::text as due, d.assignee_id
          from ${deliverables} d
          join ${projects} p on p.id = d.project_id
          where d.status not in ('approved', 'delivered', 'cancelled')
            and d.due_date < ${today}::date
            ${after ? sql`and (d.due_date, d.id) > (${after.due}::date, ${after.id}::uuid)` : sql``}
            and p.status not in ('completed', 'cancelled')
            and not ${alreadyEmitted('deliverable.overdue', sql`d.id`, sql`d.due_date::text`)}
          order by d.due_date, d.id
          limit ${BATCH}`,
    );
    return rows.map((r) => ({
      id: r.id,
      entityId: r.id,
      due: r.due,
      event: {
        type: 'deliverable.overdue' as const,
        accountId: r.account_id,
        data: { deliverableId: r.id, dueDate: r.due, assigneeId: r.assignee_id },
      },
    }));
  });
}

/**
 * `client_request.overdue` the day after a request still `requested` passes its due date, once per
 * (request, due date). Returns how many it emitted.
 */
export async function emitOverdueClientRequests(
  db: Db,
  ctx: WriteContext<null>,
  today: string,
): Promise<number> {
  return emitPaged(db, ctx, async (tx, after) => {
    const rows = await rawRows<{ id: string; account_id: string; due: string }>(
      tx,
      sql`select r.id, r.account_id, r.due_date::text as due
          from ${clientRequests} r
          where r.status = 'requested'
            and r.due_date < ${today}::date
            ${after ? sql`and (r.due_date, r.id) > (${after.due}::date, ${after.id}::uuid)` : sql``}
            and not ${alreadyEmitted('client_request.overdue', sql`r.id`, sql`r.due_date::text`)}
          order by r.due_date, r.id
          limit ${BATCH}`,
    );
    return rows.map((r) => ({
      id: r.id,
      entityId: r.id,
      due: r.due,
      event: {
        type: 'client_request.overdue' as const,
        accountId: r.account_id,
        data: { requestId: r.id, dueDate: r.due },
      },
    }));
  });
}
