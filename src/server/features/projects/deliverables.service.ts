import { and, eq, getTableColumns, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import {
  finishedStatuses,
  isOverdue,
  milestonesAfter,
  overRevisionLimit,
} from '../../../core/rules/revisions.ts';
import type {
  Deliverable,
  DeliverableStatus,
  deliverablePatch,
  deliverablesQuery,
  deliverableWrite,
} from '../../../core/schemas/delivery.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { accounts, assertCanWorkAccounts, assertMayWrite, inAccountScope } from '../accounts/index.ts';
import { clientRequests } from './client-requests.table.ts';
import { deliverables } from './deliverables.table.ts';
import { joinProjectTeam } from './projects.service.ts';
import { projects } from './projects.table.ts';

export type DeliverableRow = typeof deliverables.$inferSelect & {
  projectName: string;
  accountName: string;
  blockedBy: string[];
};

/**
 * The stored deliverable as the audit trail compares it (names, blockers and the as-of-today
 * flags are derived elsewhere).
 */
export type DeliverableRecord = Omit<
  Deliverable,
  'projectName' | 'accountName' | 'blockedBy' | 'overdue' | 'overRevisionLimit'
> & { changeOrderTaskId: string | null };

export function recordOf(r: typeof deliverables.$inferSelect): DeliverableRecord {
  return {
    id: r.id,
    projectId: r.projectId,
    accountId: r.accountId,
    name: r.name,
    description: r.description,
    dueDate: r.dueDate,
    assigneeId: r.assigneeId,
    effortPoints: r.effortPoints,
    includedRevisions: r.includedRevisions,
    status: r.status,
    revisionRounds: r.revisionRounds,
    changeOrderTaskId: r.changeOrderTaskId,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

/** The API's deliverable, its flags as of `today`. */
export function toDeliverable(r: DeliverableRow, today: string): Deliverable {
  const { changeOrderTaskId: _, ...rest } = recordOf(r);
  return {
    ...rest,
    projectName: r.projectName,
    accountName: r.accountName,
    overRevisionLimit: overRevisionLimit(r.revisionRounds, r.includedRevisions),
    overdue: isOverdue(r.dueDate, r.status, today),
    blockedBy: r.blockedBy ?? [],
  };
}

/** Ids of the open client requests naming the deliverable, oldest first. */
const blockedBy = sql<
  string[]
>`coalesce((select json_agg(cr.id order by cr.created_at, cr.id) from ${clientRequests} cr where cr.deliverable_id = ${deliverables.id} and cr.status = 'requested'), '[]'::json)`;

/** Deliverables with their project's and account's names and their blockers, from one query. */
const selectDeliverables = (db: Db) =>
  db
    .select({
      ...getTableColumns(deliverables),
      projectName: projects.name,
      accountName: accounts.name,
      blockedBy,
    })
    .from(deliverables)
    .innerJoin(projects, eq(projects.id, deliverables.projectId))
    .innerJoin(accounts, eq(accounts.id, deliverables.accountId));

/** Visible with their account (the project's). */
export const deliverableScope = (actor: Actor): SQL | undefined =>
  inAccountScope(actor, deliverables.accountId);

const finished = sql.raw(finishedStatuses.map((s) => `'${s}'`).join(', '));
const overdueSql = (today: string) =>
  sql`(${deliverables.dueDate} < ${today} and ${deliverables.status} not in (${finished}))`;

/** Soonest due first (then by id); `today` decides which are overdue. */
export async function listDeliverables(
  db: Db,
  actor: Actor,
  q: z.infer<typeof deliverablesQuery>,
  today: string,
) {
  const ks = keyset({
    column: deliverables.dueDate,
    id: deliverables.id,
    descending: false,
    cursor: q.cursor,
  });
  const where: (SQL | undefined)[] = [ks.where, deliverableScope(actor)];
  if (q.projectId) where.push(eq(deliverables.projectId, q.projectId));
  if (q.accountId) where.push(eq(deliverables.accountId, q.accountId));
  if (q.assigneeId) where.push(eq(deliverables.assigneeId, q.assigneeId));
  if (q.status) where.push(eq(deliverables.status, q.status));
  if (q.dueBefore) where.push(lte(deliverables.dueDate, q.dueBefore));
  if (q.overdue) where.push(q.overdue === 'true' ? overdueSql(today) : sql`not ${overdueSql(today)}`);
  const rows = await selectDeliverables(db)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.dueDate);
  return { data: page.data.map((r) => toDeliverable(r, today)), nextCursor: page.nextCursor };
}

/** The deliverable if the actor may see it; else 404. */
export async function deliverableRow(db: Db, actor: Actor, id: string): Promise<DeliverableRow> {
  const [row] = await selectDeliverables(db).where(and(eq(deliverables.id, id), deliverableScope(actor)));
  if (!row) throw new AppError('not_found', `There is no deliverable ${id}.`);
  return row;
}

export async function getDeliverable(db: Db, actor: Actor, id: string, today: string): Promise<Deliverable> {
  return toDeliverable(await deliverableRow(db, actor, id), today);
}

/** The project, if in the actor's scope: else 404 naming projectId. */
async function projectInScope(tx: Db, actor: Actor, projectId: string) {
  const [row] = await tx
    .select({
      id: projects.id,
      name: projects.name,
      accountId: projects.accountId,
      accountName: accounts.name,
    })
    .from(projects)
    .innerJoin(accounts, eq(accounts.id, projects.accountId))
    .where(and(eq(projects.id, projectId), inAccountScope(actor, projects.accountId)));
  if (!row) {
    throw new AppError('not_found', `There is no project ${projectId}.`, {
      errors: [{ path: 'projectId', message: 'is not a project you can see' }],
    });
  }
  return row;
}

export async function createDeliverable(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof deliverableWrite>,
): Promise<Deliverable> {
  if (ctx.actor.role === 'member')
    throw new AppError('forbidden', 'Members cannot create deliverables; they work those assigned to them.');
  assertCanWorkAccounts(ctx.actor);
  return db.transaction(async (tx) => {
    const project = await projectInScope(tx, ctx.actor, input.projectId);
    const assigneeId = input.assigneeId ?? ctx.actor.userId;
    await assertAssignee(tx, assigneeId);
    await joinProjectTeam(tx, ctx, project.id, assigneeId);
    const status = input.status ?? 'not_started';
    const moments = milestonesAfter(
      { status: 'not_started', approvedAt: null, deliveredAt: null },
      status,
      ctx.now,
    );
    const [row] = await tx
      .insert(deliverables)
      .values({
        projectId: project.id,
        accountId: project.accountId,
        name: input.name,
        description: input.description ?? null,
        dueDate: input.dueDate,
        assigneeId,
        effortPoints: input.effortPoints ?? 1,
        includedRevisions: input.includedRevisions ?? 2,
        status,
        ...moments,
        createdById: ctx.actor.userId,
      })
      .returning();
    const created = recordOf(row!);
    const events: NewEvent[] = [
      {
        type: 'deliverable.created',
        accountId: created.accountId,
        data: {
          deliverableId: created.id,
          projectId: created.projectId,
          assigneeId,
          dueDate: created.dueDate,
        },
      },
      ...assigned(ctx.actor, null, created),
    ];
    await recordChange(tx, ctx, 'deliverable', 'deliverable.created', null, created, events);
    return toDeliverable(
      { ...row!, projectName: project.name, accountName: project.accountName, blockedBy: [] },
      dayOf(ctx.now),
    );
  });
}

export async function updateDeliverable(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof deliverablePatch>,
  expected?: number,
): Promise<Deliverable> {
  return db.transaction(async (tx) => {
    await lockRow(tx, deliverables, id);
    const current = await deliverableRow(tx, ctx.actor, id);
    assertMayChange(ctx.actor, current, patch);
    assertVersion(expected, current.version);
    if (patch.assigneeId && patch.assigneeId !== current.assigneeId) {
      await assertAssignee(tx, patch.assigneeId);
      await joinProjectTeam(tx, ctx, current.projectId, patch.assigneeId);
    }
    const moments = milestonesAfter(current, patch.status ?? current.status, ctx.now);
    const [row] = await tx
      .update(deliverables)
      .set({
        ...patch,
        ...moments,
        version: sql`${deliverables.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(deliverables.id, id), eq(deliverables.version, current.version)))
      .returning();
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The deliverable changed while you saved it. Reload and try again.',
      );
    const before = recordOf(current);
    const after = recordOf(row);
    const events: NewEvent[] = [
      {
        type: 'deliverable.updated',
        accountId: after.accountId,
        data: { deliverableId: id, projectId: after.projectId, fields: Object.keys(patch) },
      },
      ...assigned(ctx.actor, before, after),
      ...statusChanged(before, after),
    ];
    await recordChange(tx, ctx, 'deliverable', 'deliverable.updated', before, after, events);
    return toDeliverable(
      {
        ...row,
        projectName: current.projectName,
        accountName: current.accountName,
        blockedBy: current.blockedBy,
      },
      dayOf(ctx.now),
    );
  });
}

export async function deleteDeliverable(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, deliverables, id);
    const current = await deliverableRow(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, current, expected);
    await tx.delete(deliverables).where(eq(deliverables.id, id));
    await recordChange(tx, ctx, 'deliverable', 'deliverable.deleted', recordOf(current), null, [
      {
        type: 'deliverable.deleted',
        accountId: current.accountId,
        data: { deliverableId: id, projectId: current.projectId },
      },
    ]);
  });
}

/** Handed to someone other than the person writing, at creation or by a change of assignee. */
function assigned(actor: Actor, before: DeliverableRecord | null, after: DeliverableRecord): NewEvent[] {
  if (after.assigneeId === actor.userId || (before && before.assigneeId === after.assigneeId)) return [];
  const data = { deliverableId: after.id, projectId: after.projectId, assigneeId: after.assigneeId };
  return [{ type: 'deliverable.assigned', accountId: after.accountId, data }];
}

export function statusChanged(before: DeliverableRecord, after: DeliverableRecord): NewEvent[] {
  if (before.status === after.status) return [];
  const data = { deliverableId: after.id, projectId: after.projectId, from: before.status, to: after.status };
  return [{ type: 'deliverable.status_changed', accountId: after.accountId, data }];
}

/** Statuses only a working role sets: members cannot sign a deliverable off. */
const signOff: readonly DeliverableStatus[] = ['approved', 'delivered'];

/**
 * Members change only the deliverables assigned to them, and only their status (not to approved
 * or delivered); viewers change nothing.
 */
function assertMayChange(actor: Actor, d: DeliverableRow, patch: z.infer<typeof deliverablePatch>): void {
  if (actor.role !== 'member') {
    assertCanWorkAccounts(actor);
    return;
  }
  if (d.assigneeId !== actor.userId)
    throw new AppError('forbidden', 'Members can change only the deliverables assigned to them.');
  if (Object.keys(patch).some((k) => k !== 'status'))
    throw new AppError(
      'forbidden',
      'Members can change only the status of the deliverables assigned to them.',
    );
  if (patch.status && signOff.includes(patch.status) && patch.status !== d.status)
    throw new AppError(
      'forbidden',
      'Members cannot approve or deliver a deliverable; the account manager signs it off.',
    );
}

export async function assertAssignee(tx: Db, userId: string): Promise<void> {
  const [u] = await tx.select({ active: users.active }).from(users).where(eq(users.id, userId));
  if (!u?.active) {
    throw new AppError('validation', 'The assignee must be an active user.', {
      errors: [{ path: 'assigneeId', message: 'must be an active user' }],
    });
  }
}
