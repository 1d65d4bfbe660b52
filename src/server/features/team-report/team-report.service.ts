import { and, eq, gte, inArray, lt, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { addDays, quarterOf } from '../../../core/rules/dates.ts';
import { fromCents } from '../../../core/rules/money.ts';
import { type TeamFigures, teamRates, teamTotal } from '../../../core/rules/team-report.ts';
import { touchTypes } from '../../../core/schemas/relationship.ts';
import { DEFAULT_SEED } from '../../../core/schemas/revenue.ts';
import type { TeamReport, TeamReportRow, teamReportQuery } from '../../../core/schemas/team-report.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { Db } from '../../db/index.ts';
import { accountScope, accounts } from '../accounts/index.ts';
import { activities } from '../activities/index.ts';
import { arrMovementReport } from '../arr-movement/index.ts';
import { contracts } from '../contracts/index.ts';
import { forecastFigures, reportRange } from '../forecast/index.ts';
import { teamMemberships, teams } from '../teams/index.ts';

/**
 * Who may read a team's report: admins and viewers any team, a manager the teams they manage
 * (another team is outside their scope: 404, like a team that does not exist); other roles 403.
 */
async function assertMayReadTeam(db: Db, actor: Actor, teamId: string): Promise<string[]> {
  if (actor.role !== 'admin' && actor.role !== 'viewer' && actor.role !== 'manager') {
    throw new AppError('forbidden', 'The team report is for managers, admins and viewers.');
  }
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  const people = team
    ? await db
        .select({ userId: teamMemberships.userId, role: teamMemberships.role })
        .from(teamMemberships)
        .where(eq(teamMemberships.teamId, teamId))
    : [];
  const manages = people.some((p) => p.role === 'manager' && p.userId === actor.userId);
  if (!team || (actor.role === 'manager' && !manages)) {
    throw new AppError('not_found', `There is no team ${teamId}.`);
  }
  return [...new Set(people.map((p) => p.userId))];
}

const cents = (column: SQL | typeof contracts.arr | typeof accounts.arr) => sql`(${column} * 100)::bigint`;
const live = sql`${accounts.archivedAt} is null`;

/**
 * The team report (docs/domain-rules.md#team-report): a row per owner of accounts in the caller's
 * scope (archived ones too) among the team's members and managers, and the total. The forecast
 * columns are the forecast's own report (kind new_arr, ownerId = the member), churn the ARR
 * movement's over [from, min(to, today)]; the rest is counted here, per owner, in SQL.
 */
export async function teamReport(
  db: Db,
  actor: Actor,
  q: z.infer<typeof teamReportQuery>,
  today: string,
): Promise<TeamReport> {
  const { from, to } = reportRange(q, quarterOf(today));
  const people = await assertMayReadTeam(db, actor, q.teamId);
  if (people.length === 0) return { teamId: q.teamId, from, to, asOf: today, rows: [], ...empty() };
  const mine = and(inArray(accounts.ownerId, people), accountScope(actor));

  // Their book: live accounts today; owners with archived accounts only still get a row.
  const book = await db
    .select({
      userId: accounts.ownerId,
      name: users.name,
      accounts: sql<number>`(count(*) filter (where ${live}))::int`,
      arr: sql<string>`(coalesce(sum(${cents(accounts.arr)}) filter (where ${live}), 0))::text`,
      red: sql<number>`(count(*) filter (where ${live} and ${accounts.healthBand} = 'red'))::int`,
      overdue: sql<number>`(count(*) filter (where ${live} and ${accounts.nextCheckInDue} <= ${today}::date))::int`,
    })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.ownerId))
    .where(mine)
    .groupBy(accounts.ownerId, users.name);

  // Renewals due: their accounts' non-draft contracts ending in [from, to], whatever became of them.
  const renewals = await db
    .select({
      userId: accounts.ownerId,
      due: sql<string>`(coalesce(sum(${cents(contracts.arr)}), 0))::text`,
      renewed: sql<string>`(coalesce(sum(${cents(contracts.arr)}) filter (where ${contracts.status} = 'renewed'), 0))::text`,
    })
    .from(contracts)
    .innerJoin(accounts, eq(accounts.id, contracts.accountId))
    .where(and(mine, ne(contracts.status, 'draft'), gte(contracts.endDate, from), lte(contracts.endDate, to)))
    .groupBy(accounts.ownerId);

  // History stops at today: touches and churn over [from, min(to, today)]; none when from is later.
  const historyTo = to < today ? to : today;
  const hasHistory = from <= today;
  const touches = hasHistory
    ? await db
        .select({ userId: accounts.ownerId, n: sql<number>`(count(*))::int` })
        .from(activities)
        .innerJoin(accounts, eq(accounts.id, activities.accountId))
        .where(
          and(
            mine,
            inArray(activities.type, [...touchTypes]),
            gte(activities.occurredAt, new Date(`${from}T00:00:00.000Z`)),
            lt(activities.occurredAt, new Date(`${addDays(historyTo, 1)}T00:00:00.000Z`)),
          ),
        )
        .groupBy(accounts.ownerId)
    : [];

  const renewalsOf = new Map(renewals.map((r) => [r.userId, r]));
  const touchesOf = new Map(touches.map((r) => [r.userId, r.n]));
  const rows: TeamReportRow[] = [];
  for (const b of book) {
    const forecast = await forecastFigures(
      db,
      actor,
      { from, to, kind: 'new_arr', seed: DEFAULT_SEED, ownerId: b.userId },
      today,
    );
    const churnedArr = hasHistory
      ? (await arrMovementReport(db, actor, { from, to: historyTo, ownerId: b.userId }, today)).churn
      : 0;
    const r = renewalsOf.get(b.userId);
    const figures: TeamFigures = {
      accounts: b.accounts,
      arr: fromCents(Number(b.arr)),
      quota: forecast.quota,
      closedWon: forecast.closedWon,
      commit: forecast.commit,
      pipeline: forecast.pipeline,
      weighted: forecast.weighted,
      renewalsDue: fromCents(Number(r?.due ?? 0)),
      renewed: fromCents(Number(r?.renewed ?? 0)),
      churnedArr,
      redAccounts: b.red,
      overdueCheckIns: b.overdue,
      touches: touchesOf.get(b.userId) ?? 0,
    };
    rows.push({ userId: b.userId, name: b.name, ...figures, ...teamRates(figures) });
  }
  rows.sort((x, y) => x.name.localeCompare(y.name) || x.userId.localeCompare(y.userId));
  return { teamId: q.teamId, from, to, asOf: today, rows, total: order(teamTotal(rows)) };
}

const empty = () => ({ total: order(teamTotal([])) });

/** The total's keys in the rows' order, so a client laying out the table sees one order. */
function order(t: ReturnType<typeof teamTotal>): TeamReport['total'] {
  const { attainment, renewalRate, coverage, ...f } = t;
  return {
    accounts: f.accounts,
    arr: f.arr,
    quota: f.quota,
    closedWon: f.closedWon,
    attainment,
    commit: f.commit,
    pipeline: f.pipeline,
    weighted: f.weighted,
    renewalsDue: f.renewalsDue,
    renewed: f.renewed,
    renewalRate,
    churnedArr: f.churnedArr,
    redAccounts: f.redAccounts,
    overdueCheckIns: f.overdueCheckIns,
    touches: f.touches,
    coverage,
  };
}
