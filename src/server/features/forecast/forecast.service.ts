import { and, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { quarterOf } from '../../../core/rules/dates.ts';
import { forecast, forecastByOwner, simulate } from '../../../core/rules/forecast.ts';
import { sumMoney } from '../../../core/rules/money.ts';
import type { ForecastReport, forecastQuery } from '../../../core/schemas/revenue.ts';
import type { ForecastOwnerRow, forecastReportQuery } from '../../../core/schemas/team-report.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { Db } from '../../db/index.ts';
import { inAccountScope } from '../accounts/index.ts';
import { opportunities } from '../opportunities/index.ts';
import { quotas, quotaUserScope } from '../quotas/index.ts';
import { reportRange, teamMembers } from './report-filters.ts';

const typesOf = {
  new_arr: ['new_business', 'upsell', 'cross_sell'],
  renewal: ['renewal'],
} as const;

/**
 * The forecast (docs/domain-rules.md#forecast) over the opportunities in scope closing in [from, to] (default: the
 * calendar quarter of asOf), with every number from `forecast()` and `simulate()`.
 */
export async function forecastReport(
  db: Db,
  actor: Actor,
  q: z.infer<typeof forecastReportQuery>,
  today: string,
): Promise<ForecastReport & { byOwner?: ForecastOwnerRow[] }> {
  const { from, to, deals, quotaRows } = await forecastInputs(db, actor, q, today);
  return {
    from,
    to,
    kind: q.kind,
    seed: q.seed,
    opportunities: deals.length,
    ...forecast(deals, sumMoney(quotaRows.map((r) => r.amount))),
    simulation: simulate(deals, { seed: q.seed }),
    ...(q.by === 'owner' ? { byOwner: await byOwner(db, deals, quotaRows) } : {}),
  };
}

/**
 * The same deals and quotas per owner (`forecastByOwner`: the rows add up to the report), a row for
 * everyone who owns one of the deals or has one of the quotas, by name.
 */
async function byOwner(
  db: Db,
  deals: Awaited<ReturnType<typeof forecastInputs>>['deals'],
  quotaRows: Awaited<ReturnType<typeof forecastInputs>>['quotaRows'],
): Promise<ForecastOwnerRow[]> {
  const figures = forecastByOwner(deals, quotaRows);
  if (figures.size === 0) return [];
  const people = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...figures.keys()]));
  const names = new Map(people.map((p) => [p.id, p.name]));
  return [...figures]
    .map(([userId, f]) => ({ userId, name: names.get(userId) ?? '', ...f }))
    .sort((x, y) => x.name.localeCompare(y.name) || x.userId.localeCompare(y.userId));
}

/** The forecast's figures without its simulation, for reports that show only those (the team report). */
export async function forecastFigures(
  db: Db,
  actor: Actor,
  q: z.infer<typeof forecastQuery>,
  today: string,
): Promise<ReturnType<typeof forecast>> {
  const { deals, quotaRows } = await forecastInputs(db, actor, q, today);
  return forecast(deals, sumMoney(quotaRows.map((r) => r.amount)));
}

/** The deals in scope closing in the period, and the quotas of the people in scope for it. */
async function forecastInputs(db: Db, actor: Actor, q: z.infer<typeof forecastQuery>, today: string) {
  const { from, to } = reportRange(q, quarterOf(q.asOf ?? today));
  // The team's members as a list, so the planner reaches deals through (owner_id, close_date).
  const team = q.teamId ? await teamMembers(db, q.teamId) : undefined;
  const where: (SQL | undefined)[] = [
    gte(opportunities.closeDate, from),
    lte(opportunities.closeDate, to),
    inArray(opportunities.type, [...typesOf[q.kind]]),
    inAccountScope(actor, opportunities.accountId),
  ];
  if (q.ownerId) where.push(eq(opportunities.ownerId, q.ownerId));
  if (team) where.push(inArray(opportunities.ownerId, team));
  // Only what the rules read.
  const deals = await db
    .select({
      ownerId: opportunities.ownerId,
      stage: opportunities.stage,
      amount: opportunities.amount,
      probability: opportunities.probability,
      forecastCategory: opportunities.forecastCategory,
    })
    .from(opportunities)
    .where(and(...where));

  const quotaWhere: (SQL | undefined)[] = [
    eq(quotas.kind, q.kind),
    gte(quotas.periodStart, from),
    lte(quotas.periodEnd, to),
    quotaUserScope(actor, quotas.userId),
  ];
  if (q.ownerId) quotaWhere.push(eq(quotas.userId, q.ownerId));
  if (team) quotaWhere.push(inArray(quotas.userId, team));
  const quotaRows = await db
    .select({ userId: quotas.userId, amount: quotas.amount })
    .from(quotas)
    .where(and(...quotaWhere));

  return { from, to, deals, quotaRows };
}
