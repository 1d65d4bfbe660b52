import { and, eq, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { finishedStatuses } from '../../../core/rules/revisions.ts';
import type { AgendaItem } from '../../../core/schemas/workspace.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts, renewalSortKey } from '../accounts/index.ts';
import { contracts } from '../contracts/index.ts';
import { issues } from '../issues/index.ts';
import { meetings } from '../meetings/index.ts';
import { opportunities } from '../opportunities/index.ts';
import { clientRequests, deliverables, projects, projectsOffTrack } from '../projects/index.ts';
import { tasks } from '../tasks/index.ts';
import { membersManagedBy } from '../teams/index.ts';

/**
 * What a user should do on a date, for the accounts they own (and the tasks assigned to them and the
 * deals they own): overdue check-ins, the day's meetings, due tasks, renewals coming up, at-risk
 * accounts, issues near their SLA, next steps due, deliverables due, overdue client requests and
 * projects off track; sorted by due date, then ARR, largest first.
 */
export async function agenda(
  db: Db,
  actor: Actor,
  opts: { date: string; userId?: string },
): Promise<AgendaItem[]> {
  const { date } = opts;
  const userId = opts.userId ?? actor.userId;
  if (userId !== actor.userId) await assertMayReadAgendaOf(db, actor, userId);

  const owned = and(eq(accounts.ownerId, userId), isNull(accounts.archivedAt));
  const overdueQuery = db
    .select({ id: accounts.id, name: accounts.name, due: accounts.nextCheckInDue, arr: accounts.arr })
    .from(accounts)
    .where(and(owned, lte(accounts.nextCheckInDue, date)));

  const meetingsQuery = db
    .select({
      id: meetings.id,
      title: meetings.title,
      accountId: accounts.id,
      accountName: accounts.name,
      arr: accounts.arr,
    })
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

  const tasksQuery = db
    .select({
      id: tasks.id,
      title: tasks.title,
      dueDate: tasks.dueDate,
      accountId: tasks.accountId,
      accountName: accounts.name,
      arr: accounts.arr,
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

  // Active contracts ending within 90 days whose renewal is not yet won or lost. An account's
  // renewal date is the earliest end of its active contracts, so only accounts whose renewal date
  // falls by then can have one: the owner's few, off an index, instead of all their contracts.
  const renewalsQuery = db
    .select({
      id: contracts.id,
      name: contracts.name,
      endDate: contracts.endDate,
      accountId: accounts.id,
      accountName: accounts.name,
      arr: accounts.arr,
    })
    .from(contracts)
    .innerJoin(accounts, eq(accounts.id, contracts.accountId))
    .where(
      and(
        owned,
        sql`${renewalSortKey} <= ${date}::date + 90`,
        eq(contracts.status, 'active'),
        sql`${contracts.endDate} >= ${date}::date and ${contracts.endDate} <= ${date}::date + 90`,
        sql`not exists (select 1 from ${opportunities} o where o.contract_ids @> array[${contracts.id}] and o.type = 'renewal' and o.stage in ('closed_won', 'closed_lost'))`,
      ),
    );

  const atRiskQuery = db
    .select({
      id: accounts.id,
      name: accounts.name,
      arr: accounts.arr,
      // As JSON, which the driver reads with JSON.parse: a text[] goes through a JavaScript array
      // parser, a cost that shows on an owner's hundreds of at-risk accounts.
      reasons: sql<string[]>`to_json(${accounts.churnRiskReasons})`,
    })
    .from(accounts)
    .where(and(owned, eq(accounts.churnRisk, 'high')));

  // Open issues whose SLA runs out before the end of the next day (or already has).
  const nearSlaQuery = db
    .select({
      id: issues.id,
      title: issues.title,
      slaDueAt: issues.slaDueAt,
      accountId: accounts.id,
      accountName: accounts.name,
      arr: accounts.arr,
    })
    .from(issues)
    .innerJoin(accounts, eq(accounts.id, issues.accountId))
    .where(
      and(
        owned,
        notInArray(issues.status, ['resolved', 'closed']),
        sql`${issues.slaDueAt} < (${date}::date + 2)::timestamp at time zone 'UTC'`,
      ),
    );

  // Open deals the user owns whose next step is due on or before the date.
  const nextStepsQuery = db
    .select({
      id: opportunities.id,
      name: opportunities.name,
      nextStep: opportunities.nextStep,
      nextStepDue: opportunities.nextStepDue,
      accountId: accounts.id,
      accountName: accounts.name,
      arr: accounts.arr,
    })
    .from(opportunities)
    .innerJoin(accounts, eq(accounts.id, opportunities.accountId))
    .where(
      and(
        eq(opportunities.ownerId, userId),
        isNull(accounts.archivedAt),
        notInArray(opportunities.stage, ['closed_won', 'closed_lost']),
        lte(opportunities.nextStepDue, date),
      ),
    );

  // Deliverables assigned to the user, still to do, due within two days or overdue (of projects
  // neither completed nor cancelled).
  const deliverablesQuery = db
    .select({
      id: deliverables.id,
      name: deliverables.name,
      dueDate: deliverables.dueDate,
      projectName: projects.name,
      accountId: accounts.id,
      accountName: accounts.name,
      arr: accounts.arr,
    })
    .from(deliverables)
    .innerJoin(projects, eq(projects.id, deliverables.projectId))
    .innerJoin(accounts, eq(accounts.id, deliverables.accountId))
    .where(
      and(
        eq(deliverables.assigneeId, userId),
        notInArray(deliverables.status, [...finishedStatuses]),
        sql`${deliverables.dueDate} <= ${date}::date + 2`,
        notInArray(projects.status, ['completed', 'cancelled']),
      ),
    );

  // What the client still owes on the user's live accounts, past its due date: looked up account
  // by account (the fence keeps the planner from hashing every overdue request of the book instead).
  const clientRequestsQuery = rawRows<{
    id: string;
    title: string;
    due_date: string;
    account_id: string;
    account_name: string;
    arr: number;
  }>(
    db,
    sql`select r.id, r.title, r.due_date::text as due_date, a.id as account_id, a.name as account_name,
               a.arr::float8 as arr
        from ${accounts} a
        cross join lateral (
          select r.id, r.title, r.due_date from ${clientRequests} r
          where r.account_id = a.id and r.status = 'requested' and r.due_date < ${date}::date
          offset 0
        ) r
        where a.owner_id = ${userId} and a.archived_at is null`,
  );

  // Independent reads: on PostgreSQL they run side by side on the pool's connections.
  const [
    overdue,
    dayMeetings,
    dueTasks,
    renewals,
    atRisk,
    nearSla,
    nextSteps,
    dueDeliverables,
    overdueRequests,
    offTrack,
  ] = await Promise.all([
    overdueQuery,
    meetingsQuery,
    tasksQuery,
    renewalsQuery,
    atRiskQuery,
    nearSlaQuery,
    nextStepsQuery,
    deliverablesQuery,
    clientRequestsQuery,
    offTrackProjects(db, userId, date),
  ]);

  const items: AgendaItem[] = [
    ...overdue.map((a) => ({
      kind: 'check_in_overdue' as const,
      accountId: a.id,
      accountName: a.name,
      title: `Check in with ${a.name}`,
      dueDate: a.due,
      arr: a.arr,
      ref: { type: 'account', id: a.id },
    })),
    ...dayMeetings.map((m) => ({
      kind: 'meeting' as const,
      accountId: m.accountId,
      accountName: m.accountName,
      title: m.title,
      dueDate: date,
      arr: m.arr,
      ref: { type: 'meeting', id: m.id },
    })),
    ...dueTasks.map((t) => ({
      kind: 'task' as const,
      accountId: t.accountId,
      accountName: t.accountName,
      title: t.title,
      dueDate: t.dueDate ?? date,
      arr: t.arr ?? 0,
      ref: { type: 'task', id: t.id },
    })),
    ...renewals.map((c) => ({
      kind: 'renewal' as const,
      accountId: c.accountId,
      accountName: c.accountName,
      title: `Renew ${c.name}`,
      dueDate: c.endDate,
      arr: c.arr,
      ref: { type: 'contract', id: c.id },
    })),
    ...atRisk.map((a) => ({
      kind: 'at_risk' as const,
      accountId: a.id,
      accountName: a.name,
      title: `Rescue ${a.name}: churn risk is high`,
      dueDate: date,
      arr: a.arr,
      ref: { type: 'account', id: a.id },
      churnRiskReasons: a.reasons,
    })),
    ...nearSla.map((i) => ({
      kind: 'issue_sla' as const,
      accountId: i.accountId,
      accountName: i.accountName,
      title: i.title,
      dueDate: i.slaDueAt.toISOString().slice(0, 10),
      arr: i.arr,
      ref: { type: 'issue', id: i.id },
    })),
    ...nextSteps.map((o) => ({
      kind: 'next_step_due' as const,
      accountId: o.accountId,
      accountName: o.accountName,
      // A due date without a step says which deal it is for.
      title: o.nextStep?.trim() || `Next step on ${o.name}`,
      dueDate: o.nextStepDue!,
      arr: o.arr,
      ref: { type: 'opportunity', id: o.id },
    })),
    ...dueDeliverables.map((d) => ({
      kind: 'deliverable_due' as const,
      accountId: d.accountId,
      accountName: d.accountName,
      title: `${d.name} (${d.projectName})`,
      dueDate: d.dueDate,
      arr: d.arr,
      ref: { type: 'deliverable', id: d.id },
    })),
    ...overdueRequests.map((r) => ({
      kind: 'client_request_overdue' as const,
      accountId: r.account_id,
      accountName: r.account_name,
      title: `Chase ${r.account_name}: ${r.title}`,
      dueDate: r.due_date,
      arr: r.arr,
      ref: { type: 'client_request', id: r.id },
    })),
    ...offTrack.map((p) => ({
      kind: 'project_off_track' as const,
      accountId: p.accountId,
      accountName: p.accountName,
      title: `${p.name} is off track: ${p.deliveryReason}`,
      dueDate: date,
      arr: p.arr,
      ref: { type: 'project', id: p.id },
    })),
  ];
  // ISO dates order as plain strings; a locale comparison (ICU) on every pair of a 2,000-item
  // agenda cost more than the rest of the sort. Titles, which people read, compare by locale.
  const byDate = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return items.sort(
    (a, b) => byDate(a.dueDate, b.dueDate) || b.arr - a.arr || a.title.localeCompare(b.title),
  );
}

/** The projects the user owns that are off track on the date, with their accounts' ARR. */
async function offTrackProjects(db: Db, userId: string, date: string) {
  const found = await projectsOffTrack(db, userId, date);
  if (found.length === 0) return [];
  const ids = [...new Set(found.map((p) => p.accountId))];
  const arrs = await db
    .select({ id: accounts.id, arr: accounts.arr })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  const arrOf = new Map(arrs.map((a) => [a.id, a.arr]));
  return found.map((p) => ({ ...p, arr: arrOf.get(p.accountId) ?? 0 }));
}

/** An admin may read anyone's agenda, a manager their team members'; 404 for a user outside that. */
async function assertMayReadAgendaOf(db: Db, actor: Actor, userId: string): Promise<void> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (actor.role === 'admin' && u) return;
  if (actor.role === 'manager' && u) {
    const [managed] = await rawRows<{ ok: boolean }>(
      db,
      sql`select ${userId}::uuid in (${membersManagedBy(actor.userId)}) as ok`,
    );
    if (managed?.ok) return;
  }
  if (actor.role !== 'admin' && actor.role !== 'manager') {
    throw new AppError('forbidden', 'Only admins and managers can read another user’s agenda.');
  }
  throw new AppError('not_found', `There is no user ${userId} in your scope.`);
}
