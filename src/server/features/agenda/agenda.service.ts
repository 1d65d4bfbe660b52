import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { AgendaItem } from '../../../core/schemas/workspace.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import { managedUserIds } from '../../auth/scope.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { meetings } from '../meetings/meetings.table.ts';
import { tasks } from '../tasks/tasks.table.ts';

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * What a user should do on a date, for the accounts they own (and the tasks assigned to them):
 * overdue check-ins, the day's meetings, due tasks; sorted by due date, then ARR, largest first.
 */
export async function agenda(
  db: Db,
  actor: Actor,
  opts: { date?: string; userId?: string },
): Promise<AgendaItem[]> {
  const date = opts.date ?? todayUtc();
  const userId = opts.userId ?? actor.userId;
  if (userId !== actor.userId) await assertMayReadAgendaOf(db, actor, userId);

  const overdue = await db
    .select({ id: accounts.id, name: accounts.name, due: accounts.nextCheckInDue })
    .from(accounts)
    .where(
      and(eq(accounts.ownerId, userId), isNull(accounts.archivedAt), lte(accounts.nextCheckInDue, date)),
    );

  const dayMeetings = await db
    .select({ id: meetings.id, title: meetings.title, accountId: accounts.id, accountName: accounts.name })
    .from(meetings)
    .innerJoin(accounts, eq(accounts.id, meetings.accountId))
    .where(
      and(
        eq(accounts.ownerId, userId),
        isNull(accounts.archivedAt),
        eq(meetings.status, 'scheduled'),
        sql`${meetings.scheduledAt} >= ${date}::date and ${meetings.scheduledAt} < ${date}::date + 1`,
      ),
    );

  const dueTasks = await db
    .select({
      id: tasks.id,
      title: tasks.title,
      dueDate: tasks.dueDate,
      accountId: tasks.accountId,
      accountName: accounts.name,
    })
    .from(tasks)
    .leftJoin(accounts, eq(accounts.id, tasks.accountId))
    .where(
      and(
        eq(tasks.assigneeId, userId),
        inArray(tasks.status, ['open', 'in_progress']),
        lte(tasks.dueDate, date),
      ),
    );

  // ARR comes with contracts; until an account has one, it is 0 and ties fall back to the title.
  const items: AgendaItem[] = [
    ...overdue.map((a) => ({
      kind: 'check_in_overdue' as const,
      accountId: a.id,
      accountName: a.name,
      title: `Check in with ${a.name}`,
      dueDate: a.due,
      arr: 0,
      ref: { type: 'account', id: a.id },
    })),
    ...dayMeetings.map((m) => ({
      kind: 'meeting' as const,
      accountId: m.accountId,
      accountName: m.accountName,
      title: m.title,
      dueDate: date,
      arr: 0,
      ref: { type: 'meeting', id: m.id },
    })),
    ...dueTasks.map((t) => ({
      kind: 'task' as const,
      accountId: t.accountId,
      accountName: t.accountName,
      title: t.title,
      dueDate: t.dueDate ?? date,
      arr: 0,
      ref: { type: 'task', id: t.id },
    })),
  ];
  return items.sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || b.arr - a.arr || a.title.localeCompare(b.title),
  );
}

/** An admin may read anyone's agenda, a manager their team members'; 404 for a user outside that. */
async function assertMayReadAgendaOf(db: Db, actor: Actor, userId: string): Promise<void> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (actor.role === 'admin' && u) return;
  if (actor.role === 'manager' && u) {
    const [managed] = await rawRows<{ ok: boolean }>(
      db,
      sql`select ${userId}::uuid in (${managedUserIds(actor.userId)}) as ok`,
    );
    if (managed?.ok) return;
  }
  if (actor.role !== 'admin' && actor.role !== 'manager') {
    throw new AppError('forbidden', 'Only admins and managers can read another user’s agenda.');
  }
  throw new AppError('not_found', `There is no user ${userId} in your scope.`);
}
