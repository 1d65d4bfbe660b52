import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { isoWeeks, lastDayOf, workloadCell } from '../../../core/rules/workload.ts';
import type { Workload, workloadQuery } from '../../../core/schemas/delivery.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts, inAccountScope } from '../accounts/index.ts';
import { deliverables, projects } from '../projects/index.ts';
import { tasks } from '../tasks/index.ts';
import { membersManagedBy, teamMemberships, teams } from '../teams/index.ts';

/** The longest report: half a year of weeks. */
export const MAX_WEEKS = 26;

type Query = z.infer<typeof workloadQuery>;
type Item = NonNullable<Workload['people'][number]['cells'][number]['items']>[number];

/**
 * The people whose workload the actor may read, as a condition on `users u`: admins and viewers
 * everyone; a manager themselves and the members of the teams they manage; an account manager
 * themselves and the team members of the projects they own; a member themselves.
 */
function peopleScope(actor: Actor): SQL {
  const me = actor.userId;
  switch (actor.role) {
    case 'admin':
    case 'viewer':
      return sql`true`;
    case 'manager':
      return sql`(u.id = ${me} or u.id in (${membersManagedBy(me)}))`;
    case 'account_manager':
      return sql`(u.id = ${me} or u.id in (select unnest(p.team_member_ids) from ${projects} p where p.owner_id = ${me}))`;
    case 'member':
      return sql`u.id = ${me}`;
  }
}

/** The Monday of a date column's ISO week, free of any time zone. */
const mondayOf = (day: SQL) => sql`(${day} - (extract(isodow from ${day})::int - 1))`;

/**
 * The workload report (API-DELIVERY "Workload"): per person in scope and ISO week overlapping
 * [from, to], the effort points of their open tasks and deliverables due that week against their
 * weekly capacity. An open item due before the first week counts in the first; items due after
 * the last week, and tasks without a due date, are in no week. Deliverables of cancelled or
 * completed projects are not work. With detail, each cell lists its items; one on an account
 * outside the caller's scope shows only its type, due date and points.
 */
export async function workloadReport(db: Db, actor: Actor, q: Query): Promise<Workload> {
  if (q.to < q.from) {
    throw new AppError('validation', `The period ends (${q.to}) before it starts (${q.from}).`, {
      errors: [{ path: 'to', message: 'is before from' }],
    });
  }
  const weeks = isoWeeks(q.from, q.to);
  if (weeks.length > MAX_WEEKS) {
    throw new AppError(
      'validation',
      `The report covers at most ${MAX_WEEKS} weeks; this period has ${weeks.length}.`,
      {
        errors: [{ path: 'to', message: `is more than ${MAX_WEEKS} weeks after from` }],
      },
    );
  }
  const first = weeks[0]!;
  const last = lastDayOf(weeks);

  if (q.teamId) {
    const [team] = await rawRows<{ id: string }>(db, sql`select id from ${teams} where id = ${q.teamId}`);
    if (!team) throw new AppError('not_found', `There is no team ${q.teamId}.`);
  }
  const people = await rawRows<{ id: string; name: string; capacity: number }>(
    db,
    sql`select u.id, u.name, u.weekly_capacity_points as capacity
        from ${users} u
        where u.active and ${peopleScope(actor)}
          ${q.teamId ? sql`and u.id in (select tm.user_id from ${teamMemberships} tm where tm.team_id = ${q.teamId})` : sql``}
          ${q.userId ? sql`and u.id = ${q.userId}` : sql``}
        order by u.name, u.id`,
  );
  if (q.userId && people.length === 0) {
    throw new AppError('not_found', `There is no user ${q.userId} in your scope.`);
  }
  if (people.length === 0) return { weeks, people: [] };
  const ids = sql`${sql.param(people.map((p) => p.id))}::uuid[]`;

  // The open work of these people due by the last day, each in the week it counts in.
  const taskWeek = sql`greatest(${mondayOf(sql`t.due_date`)}, ${first}::date)`;
  const deliverableWeek = sql`greatest(${mondayOf(sql`d.due_date`)}, ${first}::date)`;
  const openTasks = sql`from ${tasks} t
    where t.assignee_id = any(${ids}) and t.status in ('open', 'in_progress') and t.due_date <= ${last}::date`;
  // The project's status looked up per deliverable (a few hundred, by primary key), rather than a
  // hash of every running project that a join would build.
  const openDeliverables = sql`from ${deliverables} d
    where d.assignee_id = any(${ids}) and d.status not in ('approved', 'delivered', 'cancelled')
      and d.due_date <= ${last}::date
      and (select p.status from ${projects} p where p.id = d.project_id) not in ('cancelled', 'completed')`;

  const loads = new Map<string, number>(); // `${userId}|${week}` → points
  const items = new Map<string, Item[]>();
  if (q.detail === 'true') {
    // Listed in full when the account is in the caller's scope, or the item is theirs.
    const visible = (accountId: SQL, assignee: SQL) => {
      const scope = inAccountScope(actor, accountId);
      return scope ? sql`(${assignee} = ${actor.userId} or ${scope})` : sql`true`;
    };
    const rows = await rawRows<{
      type: 'task' | 'deliverable';
      id: string;
      user_id: string;
      week: string;
      title: string;
      account_name: string | null;
      due: string;
      points: number;
      visible: boolean;
    }>(
      db,
      sql`select x.*, a.name as account_name from (
            select 'task' as type, t.id, t.assignee_id as user_id, ${taskWeek}::text as week, t.title,
                   t.account_id, t.due_date::text as due, t.effort_points as points,
                   (${visible(sql`t.account_id`, sql`t.assignee_id`)}
                     or (t.account_id is null and t.created_by_id = ${actor.userId})) as visible
            ${openTasks}
            union all
            select 'deliverable', d.id, d.assignee_id, ${deliverableWeek}::text, d.name,
                   d.account_id, d.due_date::text, d.effort_points,
                   ${visible(sql`d.account_id`, sql`d.assignee_id`)}
            ${openDeliverables}
          ) x
          left join ${accounts} a on a.id = x.account_id
          order by x.due, x.type, x.id`,
    );
    for (const r of rows) {
      const key = `${r.user_id}|${r.week}`;
      loads.set(key, (loads.get(key) ?? 0) + r.points);
      const list = items.get(key) ?? [];
      list.push(
        r.visible
          ? {
              type: r.type,
              id: r.id,
              title: r.title,
              accountName: r.account_name,
              dueDate: r.due,
              effortPoints: r.points,
            }
          : { type: r.type, dueDate: r.due, effortPoints: r.points },
      );
      items.set(key, list);
    }
  } else {
    const rows = await rawRows<{ user_id: string; week: string; load: number }>(
      db,
      sql`select x.user_id, x.week::text as week, sum(x.points)::int as load from (
            select t.assignee_id as user_id, ${taskWeek} as week, t.effort_points as points ${openTasks}
            union all
            select d.assignee_id, ${deliverableWeek}, d.effort_points ${openDeliverables}
          ) x
          group by x.user_id, x.week`,
    );
    for (const r of rows) loads.set(`${r.user_id}|${r.week}`, r.load);
  }

  return {
    weeks,
    people: people.map((p) => ({
      userId: p.id,
      name: p.name,
      capacity: p.capacity,
      cells: weeks.map((week) => {
        const key = `${p.id}|${week}`;
        const cell = { week, ...workloadCell(loads.get(key) ?? 0, p.capacity) };
        return q.detail === 'true' ? { ...cell, items: items.get(key) ?? [] } : cell;
      }),
    })),
  };
}
