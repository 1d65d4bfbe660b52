import { and, eq, gte, ilike, inArray, lte, notInArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError, type FieldError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import {
  noSums,
  OFF_TRACK_OVERDUE_DAYS,
  type ProjectSums,
  projectFigures,
} from '../../../core/rules/project-figures.ts';
import type { Project, projectPatch, projectsQuery, projectWrite } from '../../../core/schemas/delivery.ts';
import { diff, recordChange, recordWrite } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import { containsPattern, ref } from '../../db/columns.ts';
import { type Db, lockRow, rawRows } from '../../db/index.ts';
import { isoMicros, keyset, parseSort, sortKey } from '../../http/pagination.ts';
import {
  accountIdsInScope,
  accountInScope,
  accounts,
  accountTeamMembers,
  assertCanWorkAccounts,
  assertMayWrite,
} from '../accounts/index.ts';
import { membersOfTeam } from '../teams/index.ts';
import { clientRequests } from './client-requests.table.ts';
import { deliverables } from './deliverables.table.ts';
import { vendorEngagements } from './engagements.table.ts';
import { projects } from './projects.table.ts';

type ProjectWrite = z.infer<typeof projectWrite>;
type ProjectPatch = z.infer<typeof projectPatch>;

/** What a project row says, with its account's name: the part of a Project that is stored. */
const columns = {
  id: projects.id,
  accountId: projects.accountId,
  // After the page's sort and limit, PostgreSQL looks the names up for the rows it returns only.
  accountName: sql<string>`(select a.name from ${accounts} a where a.id = ${ref(projects.accountId)})`,
  name: projects.name,
  kind: projects.kind,
  status: projects.status,
  startDate: projects.startDate,
  endDate: projects.endDate,
  budget: projects.budget,
  monthlyFee: projects.monthlyFee,
  scope: projects.scope,
  goals: projects.goals,
  ownerId: projects.ownerId,
  teamMemberIds: projects.teamMemberIds,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
  version: projects.version,
  updatedAtKey: isoMicros(projects.updatedAt),
};
const selectProjects = (db: Db) => db.select(columns).from(projects);

/** The projects an actor may see: those of the accounts in their scope, read by the account index. */
function projectScope(actor: Actor): SQL | undefined {
  const ids = accountIdsInScope(actor);
  return ids && sql`${projects.accountId} in (${ids})`;
}
type Row = Awaited<ReturnType<typeof selectProjects>>[number];

/** The stored fields, as the audit trail records them (derived figures change by the day). */
function stored(r: Row) {
  const { accountName: _name, updatedAtKey: _key, createdAt, updatedAt, ...rest } = r;
  return {
    ...rest,
    budget: rest.budget === null ? null : Number(rest.budget),
    monthlyFee: rest.monthlyFee === null ? null : Number(rest.monthlyFee),
    teamMemberIds: [...rest.teamMemberIds],
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

function toProject(r: Row, sums: ProjectSums, asOf: string): Project {
  const s = stored(r);
  return {
    ...s,
    accountName: r.accountName,
    asOf,
    ...projectFigures(s, sums, asOf),
  };
}

/**
 * The sums behind the derived figures of a page of projects as of a day, in ONE aggregate query:
 * each project's deliverables (effort done and planned, how many are overdue and by how much) and
 * vendor engagements (spent, committed), read through their project indexes. The rules that turn
 * them into figures are in core/rules/project-figures.ts (`projectSums` is the same sum in code).
 */
export async function projectSumsOf(
  db: Db,
  ids: readonly string[],
  asOf: string,
): Promise<Map<string, ProjectSums>> {
  const sums = new Map<string, ProjectSums>();
  if (!ids.length) return sums;
  const day = sql`${asOf}::date`;
  const open = sql`d.status not in ('approved', 'delivered', 'cancelled') and d.due_date < ${day}`;
  const rows = await rawRows<{
    id: string;
    spent: string;
    committed: string;
    effort_done: number;
    effort_planned: number;
    overdue: number;
    overdue_over_week: number;
    max_days_overdue: number;
  }>(
    db,
    sql`select p.id,
      coalesce(e.spent, 0)::text as spent,
      coalesce(e.committed, 0)::text as committed,
      coalesce(d.effort_done, 0)::int as effort_done,
      coalesce(d.effort_planned, 0)::int as effort_planned,
      coalesce(d.overdue, 0)::int as overdue,
      coalesce(d.overdue_over_week, 0)::int as overdue_over_week,
      coalesce(d.max_days_overdue, 0)::int as max_days_overdue
    from ${projects} p
    left join lateral (
      select
        sum(d.effort_points) filter (where d.status in ('approved', 'delivered')) as effort_done,
        sum(d.effort_points) filter (where d.status <> 'cancelled') as effort_planned,
        count(*) filter (where ${open}) as overdue,
        count(*) filter (where ${open} and d.due_date < ${day} - ${OFF_TRACK_OVERDUE_DAYS}::int) as overdue_over_week,
        max(${day} - d.due_date) filter (where ${open}) as max_days_overdue
      from ${deliverables} d where d.project_id = p.id
    ) d on true
    left join lateral (
      select
        sum(e.cost) filter (where e.status = 'delivered' and e.delivered_on <= ${day}) as spent,
        sum(e.cost) filter (where e.status in ('contracted', 'in_progress')) as committed
      from ${vendorEngagements} e where e.project_id = p.id
    ) e on true
    where p.id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  for (const r of rows) {
    sums.set(r.id, {
      spent: Number(r.spent),
      committed: Number(r.committed),
      effortDone: Number(r.effort_done),
      effortPlanned: Number(r.effort_planned),
      overdue: Number(r.overdue),
      overdueOverWeek: Number(r.overdue_over_week),
      maxDaysOverdue: Number(r.max_days_overdue),
    });
  }
  return sums;
}

/** Rows of projects with their derived figures as of the day (one aggregate query for them all). */
async function withFigures(db: Db, rows: Row[], asOf: string): Promise<Project[]> {
  const sums = await projectSumsOf(
    db,
    rows.map((r) => r.id),
    asOf,
  );
  return rows.map((r) => toProject(r, sums.get(r.id) ?? noSums, asOf));
}

/**
 * Projects the user owns that are off track as of the day (not completed or cancelled), with the
 * reason: the agenda's `project_off_track`. Two queries whatever their number.
 */
export async function projectsOffTrack(
  db: Db,
  ownerId: string,
  asOf: string,
): Promise<{ id: string; name: string; accountId: string; accountName: string; deliveryReason: string }[]> {
  const rows = await selectProjects(db)
    .where(and(eq(projects.ownerId, ownerId), notInArray(projects.status, ['completed', 'cancelled'])))
    .orderBy(projects.name, projects.id);
  const figured = await withFigures(db, rows, asOf);
  return figured
    .filter((p) => p.deliveryStatus === 'off_track')
    .map((p) => ({
      id: p.id,
      name: p.name,
      accountId: p.accountId,
      accountName: p.accountName,
      deliveryReason: p.deliveryReason!,
    }));
}

const sortColumns = {
  name: projects.name,
  startDate: projects.startDate,
  endDate: projects.endDate,
  // No budget sorts below every budget (a budget is ≥ 0); keyset needs a key that is never null.
  budget: sortKey('projects.budget', 'numeric', sql`coalesce(${projects.budget}, -1)`),
  // A computed key with the microseconds the row keeps (updatedAtKey), so the page's cursor needs
  // no second look-up of the last row.
  updatedAt: sortKey('projects.updated_at', 'timestamp', sql`${projects.updatedAt}`),
} as const;

export async function listProjects(db: Db, actor: Actor, q: z.infer<typeof projectsQuery>, today: string) {
  const { field, descending } = parseSort(q.sort);
  const sortField = field as keyof typeof sortColumns;
  const ks = keyset({ column: sortColumns[sortField], id: projects.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, projectScope(actor)];
  if (q.accountId) where.push(eq(projects.accountId, q.accountId));
  if (q.ownerId) where.push(eq(projects.ownerId, q.ownerId));
  if (q.teamId) where.push(sql`${projects.ownerId} in (${membersOfTeam(q.teamId)})`);
  if (q.kind) where.push(eq(projects.kind, q.kind));
  if (q.status) where.push(eq(projects.status, q.status));
  if (q.activeOn) where.push(lte(projects.startDate, q.activeOn), gte(projects.endDate, q.activeOn));
  if (q.q) where.push(ilike(projects.name, containsPattern(q.q)));
  const rows = await selectProjects(db)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) =>
    sortField === 'budget' ? (r.budget ?? -1) : sortField === 'updatedAt' ? r.updatedAtKey : r[sortField],
  );
  return { data: await withFigures(db, page.data, today), nextCursor: page.nextCursor };
}

/** The project row, if the actor may see it (null actor: any); 404 otherwise. */
async function readRow(db: Db, actor: Actor | null, id: string): Promise<Row> {
  const [row] = await selectProjects(db).where(
    and(eq(projects.id, id), actor ? projectScope(actor) : undefined),
  );
  if (!row) throw new AppError('not_found', `There is no project ${id}.`);
  return row;
}

export async function getProject(db: Db, actor: Actor, id: string, asOf: string): Promise<Project> {
  const row = await readRow(db, actor, id);
  const [project] = await withFigures(db, [row], asOf);
  return project!;
}

const invalid = (path: string, message: string, detail: string) =>
  new AppError('validation', detail, { errors: [{ path, message }] satisfies FieldError[] });

/** The rules a project's fields must keep together, on the values after the write. */
function assertTerms(p: {
  kind: string;
  startDate: string;
  endDate: string;
  monthlyFee: number | null;
}): void {
  if (p.endDate < p.startDate) {
    throw invalid(
      'endDate',
      'must be on or after startDate',
      `The end date ${p.endDate} is before the start date ${p.startDate}.`,
    );
  }
  if (p.monthlyFee !== null && p.kind !== 'retainer') {
    throw invalid(
      'monthlyFee',
      'is for retainers only',
      `Only a retainer has a monthly fee; this is a ${p.kind}.`,
    );
  }
}

/** A project's owner: an active admin, manager or account manager. */
async function assertOwner(tx: Db, userId: string): Promise<void> {
  const [u] = await tx
    .select({ active: users.active, role: users.role })
    .from(users)
    .where(eq(users.id, userId));
  if (!u?.active || !['admin', 'manager', 'account_manager'].includes(u.role)) {
    throw invalid(
      'ownerId',
      'must be an active admin, manager or account manager',
      'The owner of a project must be an active admin, manager or account manager.',
    );
  }
}

/**
 * The people doing the work: active users (any role), those already listed excepted (someone
 * deactivated since stays listed); else 400 naming the first other by its index.
 */
async function assertTeamMembers(
  tx: Db,
  ids: readonly string[],
  listed: readonly string[] = [],
): Promise<void> {
  const checked = ids.filter((u) => !listed.includes(u));
  if (!checked.length) return;
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, checked), eq(users.active, true)));
  const missing = ids.findIndex((u) => !listed.includes(u) && !found.some((f) => f.id === u));
  if (missing >= 0) {
    throw invalid(
      `teamMemberIds.${missing}`,
      'is not an active user',
      `No active user has the id ${ids[missing]}.`,
    );
  }
}

/**
 * Puts the project's people on the account team (so they see the account), in the write's
 * transaction, audited as a change of the account's team like the accounts feature's own.
 */
async function addToAccountTeam(
  tx: Db,
  ctx: WriteContext,
  accountId: string,
  userIds: readonly string[],
): Promise<void> {
  if (!userIds.length) return;
  const current = await tx
    .select({ userId: accountTeamMembers.userId })
    .from(accountTeamMembers)
    .where(eq(accountTeamMembers.accountId, accountId));
  const before = current.map((r) => r.userId);
  const added = userIds.filter((u) => !before.includes(u));
  if (!added.length) return;
  await tx
    .insert(accountTeamMembers)
    .values(added.map((userId) => ({ accountId, userId })))
    .onConflictDoNothing();
  const changes = diff({ teamMemberIds: before }, { teamMemberIds: [...before, ...added] });
  await recordWrite(
    tx,
    ctx,
    [{ action: 'account.updated', entityType: 'account', entityId: accountId, accountId, changes }],
    [{ type: 'account.updated', accountId, data: { fields: ['teamMemberIds'] } }],
  );
}

/**
 * A deliverable's assignee is one of the people doing the project's work: they join its
 * `teamMemberIds` (a change of the project, versioned and audited) and the account team (so they
 * see their deliverable), in the deliverable write's transaction. The project's owner stays as is.
 */
export async function joinProjectTeam(
  tx: Db,
  ctx: WriteContext,
  projectId: string,
  userId: string,
): Promise<void> {
  const [before] = await tx
    .select({
      accountId: projects.accountId,
      ownerId: projects.ownerId,
      teamMemberIds: projects.teamMemberIds,
    })
    .from(projects)
    .where(eq(projects.id, projectId))
    .for('no key update');
  if (!before || before.ownerId === userId || before.teamMemberIds.includes(userId)) return;
  const teamMemberIds = [...before.teamMemberIds, userId];
  await tx
    .update(projects)
    .set({ teamMemberIds, version: sql`${projects.version} + 1`, updatedAt: sql`now()` })
    .where(eq(projects.id, projectId));
  const changes = diff({ teamMemberIds: before.teamMemberIds }, { teamMemberIds });
  await recordWrite(
    tx,
    ctx,
    [
      {
        action: 'project.updated',
        entityType: 'project',
        entityId: projectId,
        accountId: before.accountId,
        changes,
      },
    ],
    [
      {
        type: 'project.updated',
        accountId: before.accountId,
        data: { projectId, fields: ['teamMemberIds'] },
      },
    ],
  );
  await addToAccountTeam(tx, ctx, before.accountId, [userId]);
}

export async function createProject(db: Db, ctx: WriteContext, input: ProjectWrite): Promise<Project> {
  assertCanWorkAccounts(ctx.actor);
  return db.transaction(async (tx) => {
    const account = await accountInScope(tx, ctx.actor, input.accountId, {
      field: 'accountId',
      forUpdate: true,
    });
    const kind = input.kind ?? 'project';
    const monthlyFee = input.monthlyFee ?? null;
    assertTerms({ kind, startDate: input.startDate, endDate: input.endDate, monthlyFee });
    const ownerId = input.ownerId ?? account.ownerId;
    await assertOwner(tx, ownerId);
    const teamMemberIds = [...new Set(input.teamMemberIds ?? [])];
    await assertTeamMembers(tx, teamMemberIds);
    const [created] = await tx
      .insert(projects)
      .values({
        accountId: input.accountId,
        name: input.name,
        kind,
        status: input.status ?? 'planning',
        startDate: input.startDate,
        endDate: input.endDate,
        budget: input.budget ?? null,
        monthlyFee,
        scope: input.scope ?? null,
        goals: input.goals ?? null,
        ownerId,
        teamMemberIds,
        createdById: ctx.actor.userId,
      })
      .returning({ id: projects.id });
    await addToAccountTeam(tx, ctx, input.accountId, teamMemberIds);
    const row = await readRow(tx, null, created!.id);
    const data = { projectId: row.id, name: row.name, kind: row.kind, ownerId: row.ownerId };
    await recordChange(tx, ctx, 'project', 'project.created', null, stored(row), [
      { type: 'project.created', accountId: row.accountId, data },
    ]);
    const [project] = await withFigures(tx, [row], dayOf(ctx.now));
    return project!;
  });
}

export async function updateProject(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: ProjectPatch,
  expected?: number,
): Promise<Project> {
  return db.transaction(async (tx) => {
    await lockRow(tx, projects, id);
    const before = await readRow(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    const next = {
      kind: patch.kind ?? before.kind,
      startDate: patch.startDate ?? before.startDate,
      endDate: patch.endDate ?? before.endDate,
      monthlyFee: patch.monthlyFee === undefined ? before.monthlyFee : patch.monthlyFee,
    };
    assertTerms(next);
    const accountId = patch.accountId ?? before.accountId;
    if (accountId !== before.accountId) {
      await accountInScope(tx, ctx.actor, accountId, { field: 'accountId', forUpdate: true });
      if (await hasWork(tx, id)) {
        throw new AppError(
          'conflict',
          'A project with deliverables, client requests or vendor engagements cannot move to another account.',
          { errors: [{ path: 'accountId', message: 'cannot change while the project has work' }] },
        );
      }
    }
    if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId) await assertOwner(tx, patch.ownerId);
    const teamMemberIds = patch.teamMemberIds ? [...new Set(patch.teamMemberIds)] : undefined;
    if (teamMemberIds) await assertTeamMembers(tx, teamMemberIds, before.teamMemberIds);
    const [updated] = await tx
      .update(projects)
      .set({
        ...patch,
        teamMemberIds,
        version: sql`${projects.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(projects.id, id), eq(projects.version, before.version)))
      .returning({ id: projects.id });
    if (!updated) {
      throw new AppError(
        'precondition_failed',
        'The project changed while you saved it. Reload and try again.',
      );
    }
    const moved = accountId !== before.accountId;
    if (teamMemberIds || moved) {
      const wanted = teamMemberIds ?? before.teamMemberIds;
      await addToAccountTeam(
        tx,
        ctx,
        accountId,
        moved ? wanted : wanted.filter((u) => !before.teamMemberIds.includes(u)),
      );
    }
    const after = await readRow(tx, null, id);
    const changes = diff(stored(before), stored(after));
    const fields = Object.keys(changes);
    const events: NewEvent[] = [];
    if (fields.length)
      events.push({ type: 'project.updated', accountId: after.accountId, data: { projectId: id, fields } });
    if (after.status !== before.status) {
      const data = { projectId: id, from: before.status, to: after.status };
      events.push({ type: 'project.status_changed', accountId: after.accountId, data });
    }
    await recordChange(tx, ctx, 'project', 'project.updated', stored(before), stored(after), events);
    const [project] = await withFigures(tx, [after], dayOf(ctx.now));
    return project!;
  });
}

/** Whether anything hangs on the project: deliverables, client requests or vendor engagements. */
async function hasWork(tx: Db, id: string): Promise<boolean> {
  const [row] = await rawRows<{ found: boolean }>(
    tx,
    sql`select (
      exists (select 1 from ${deliverables} where ${deliverables.projectId} = ${id})
      or exists (select 1 from ${vendorEngagements} where ${vendorEngagements.projectId} = ${id})
      or exists (select 1 from ${clientRequests} where ${clientRequests.projectId} = ${id})
    ) as found`,
  );
  return Boolean(row?.found);
}

export async function deleteProject(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, projects, id);
    const before = await readRow(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    if (await hasWork(tx, id)) {
      throw new AppError(
        'conflict',
        'The project has deliverables, client requests or vendor engagements, so it cannot be deleted: cancel it instead (status cancelled).',
      );
    }
    await tx.delete(projects).where(eq(projects.id, id));
    await recordChange(tx, ctx, 'project', 'project.deleted', stored(before), null, [
      { type: 'project.deleted', accountId: before.accountId, data: { projectId: id } },
    ]);
  });
}
