import { and, eq, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import type { Task, taskPatch, tasksQuery, taskWrite } from '../../../core/schemas/relationship.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset, sortKey } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { accountInScope, assertCanWorkAccounts, assertMayWrite, inAccountScope } from '../accounts/index.ts';
import { tasks } from './tasks.table.ts';

type Row = typeof tasks.$inferSelect;

function toTask(r: Row): Task {
  return {
    ...r,
    completedAt: r.completedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** A task is visible with its account, to its assignee, and (without an account) to its creator. */
function taskScope(actor: Actor): SQL | undefined {
  const viaAccount = inAccountScope(actor, tasks.accountId);
  if (!viaAccount) return undefined;
  return or(
    viaAccount,
    eq(tasks.assigneeId, actor.userId),
    and(isNull(tasks.accountId), eq(tasks.createdById, actor.userId)),
  );
}

export async function listTasks(db: Db, actor: Actor, q: z.infer<typeof tasksQuery>) {
  // Soonest due first; tasks without a due date last (the sort key stands in for them).
  const due = sortKey('tasks.due', 'date', sql`coalesce(${tasks.dueDate}, '9999-12-31'::date)`);
  const ks = keyset({ column: due, id: tasks.id, descending: false, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, taskScope(actor)];
  if (q.assigneeId) where.push(eq(tasks.assigneeId, q.assigneeId));
  if (q.accountId) where.push(eq(tasks.accountId, q.accountId));
  if (q.status) where.push(eq(tasks.status, q.status));
  if (q.dueBefore) where.push(lte(tasks.dueDate, q.dueBefore));
  const rows = await db
    .select()
    .from(tasks)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.dueDate ?? '9999-12-31');
  return { data: page.data.map(toTask), nextCursor: page.nextCursor };
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<Task> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), taskScope(actor)));
  if (!row) throw new AppError('not_found', `There is no task ${id}.`);
  return toTask(row);
}

export async function createTask(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof taskWrite> & { source?: 'manual' | 'automation' },
): Promise<Task> {
  assertCanWorkAccounts(ctx.actor);
  return db.transaction(async (tx) => {
    if (input.accountId)
      await accountInScope(tx, ctx.actor, input.accountId, { field: 'accountId', forUpdate: true });
    const assigneeId = input.assigneeId ?? ctx.actor.userId;
    await assertAssignee(tx, assigneeId);
    const status = input.status ?? 'open';
    const [row] = await tx
      .insert(tasks)
      .values({
        title: input.title,
        description: input.description ?? null,
        accountId: input.accountId ?? null,
        opportunityId: input.opportunityId ?? null,
        issueId: input.issueId ?? null,
        assigneeId,
        dueDate: input.dueDate ?? null,
        status,
        priority: input.priority ?? 'normal',
        effortPoints: input.effortPoints ?? 1,
        source: input.source ?? 'manual',
        completedAt: status === 'done' ? ctx.now : null,
        createdById: ctx.actor.userId,
      })
      .returning();
    const created = toTask(row!);
    await recordChange(tx, ctx, 'task', 'task.created', null, created, assigned(null, created));
    return created;
  });
}

export async function updateTask(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof taskPatch>,
  expected?: number,
): Promise<Task> {
  return db.transaction(async (tx) => {
    await lockRow(tx, tasks, id);
    const before = await getTask(tx, ctx.actor, id);
    assertMayChange(ctx.actor, before, patch);
    assertVersion(expected, before.version);
    if (patch.accountId && patch.accountId !== before.accountId) {
      await accountInScope(tx, ctx.actor, patch.accountId, { field: 'accountId' });
    }
    if (patch.assigneeId && patch.assigneeId !== before.assigneeId)
      await assertAssignee(tx, patch.assigneeId);
    const closing = patch.status === 'done' && before.status !== 'done';
    const reopening = patch.status !== undefined && patch.status !== 'done' && before.status === 'done';
    const [row] = await tx
      .update(tasks)
      .set({
        ...patch,
        completedAt: closing ? ctx.now : reopening ? null : undefined,
        version: sql`${tasks.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(tasks.id, id), eq(tasks.version, before.version)))
      .returning();
    if (!row)
      throw new AppError('precondition_failed', 'The task changed while you saved it. Reload and try again.');
    const after = toTask(row);
    const action = closing ? 'task.completed' : 'task.updated';
    await recordChange(tx, ctx, 'task', action, before, after, assigned(before, after));
    return after;
  });
}

export async function deleteTask(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, tasks, id);
    const before = await getTask(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(tasks).where(eq(tasks.id, id));
    await recordChange(tx, ctx, 'task', 'task.deleted', before, null);
  });
}

/** A task handed to someone (at creation or later) raises task.assigned. */
function assigned(before: Task | null, after: Task): NewEvent[] {
  if (!after.assigneeId || after.assigneeId === before?.assigneeId) return [];
  const data = { taskId: after.id, assigneeId: after.assigneeId };
  return [{ type: 'task.assigned', accountId: after.accountId, data }];
}

/** Members change only tasks assigned to them, and cannot hand them to someone else. */
function assertMayChange(actor: Actor, task: Task, patch: z.infer<typeof taskPatch>): void {
  if (actor.role !== 'member') {
    assertCanWorkAccounts(actor);
    return;
  }
  if (task.assigneeId !== actor.userId)
    throw new AppError('forbidden', 'Members can change only the tasks assigned to them.');
  if ((patch.assigneeId && patch.assigneeId !== actor.userId) || patch.accountId !== undefined) {
    throw new AppError('forbidden', 'Members cannot reassign a task or move it to another account.');
  }
}

async function assertAssignee(tx: Db, userId: string): Promise<void> {
  const [u] = await tx.select({ active: users.active }).from(users).where(eq(users.id, userId));
  if (!u?.active) {
    throw new AppError('validation', 'The assignee must be an active user.', {
      errors: [{ path: 'assigneeId', message: 'must be an active user' }],
    });
  }
}
