import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays } from '../../../core/rules/dates.ts';
import type { RenewalsReport, renewalsQuery } from '../../../core/schemas/revenue.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { accounts } from '../accounts/index.ts';
import { contracts } from '../contracts/index.ts';
import { accountFilters, reportRange } from '../forecast/index.ts';
import { opportunities } from '../opportunities/index.ts';

/**
 * Active contracts of the accounts in scope ending in [from, to] (default: asOf to asOf + 120
 * days), soonest first and cursor-paged, with the health the accounts' cache holds and the
 * renewal opportunity; totals cover the whole period, not just the page.
 */
export async function renewalsReport(
  db: Db,
  actor: Actor,
  q: z.infer<typeof renewalsQuery>,
  today: string,
): Promise<RenewalsReport> {
  const asOf = q.asOf ?? today;
  const { from, to } = reportRange(q, { from: asOf, to: addDays(asOf, 120) });
  const where: (SQL | undefined)[] = [
    eq(contracts.status, 'active'),
    gte(contracts.endDate, from),
    lte(contracts.endDate, to),
    ...(await accountFilters(db, actor, q)),
  ];
  const ks = keyset({ column: contracts.endDate, id: contracts.id, descending: false, cursor: q.cursor });
  const rows = await db
    .select({
      id: contracts.id,
      contractName: contracts.name,
      accountId: contracts.accountId,
      accountName: accounts.name,
      ownerId: accounts.ownerId,
      endDate: contracts.endDate,
      arr: contracts.arr,
      autoRenew: contracts.autoRenew,
      healthBand: accounts.healthBand,
      churnRisk: accounts.churnRisk,
      churnRiskReasons: accounts.churnRiskReasons,
      opportunityId: opportunities.id,
      opportunityStage: opportunities.stage,
    })
    .from(contracts)
    .innerJoin(accounts, eq(accounts.id, contracts.accountId))
    .leftJoin(
      opportunities,
      // A co-termed group shares one renewal opportunity: each of its contracts finds it.
      and(sql`${opportunities.contractIds} @> array[${contracts.id}]`, eq(opportunities.type, 'renewal')),
    )
    .where(and(ks.where, ...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.endDate);

  // numeric sums in the database are exact; they come back as text.
  const [totals] = await db
    .select({
      contracts: sql<number>`count(*)::int`,
      arrUpForRenewal: sql<string>`coalesce(sum(${contracts.arr}), 0)::text`,
      arrAtRisk: sql<string>`coalesce(sum(${contracts.arr}) filter (where ${accounts.churnRisk} = 'high'), 0)::text`,
    })
    .from(contracts)
    .innerJoin(accounts, eq(accounts.id, contracts.accountId))
    .where(and(...where));

  return {
    from,
    to,
    data: page.data.map(({ id, opportunityId, opportunityStage, ...r }) => ({
      contractId: id,
      ...r,
      renewalOpportunity:
        opportunityId && opportunityStage ? { id: opportunityId, stage: opportunityStage } : null,
    })),
    nextCursor: page.nextCursor,
    totals: {
      contracts: totals?.contracts ?? 0,
      arrUpForRenewal: Number(totals?.arrUpForRenewal ?? 0),
      arrAtRisk: Number(totals?.arrAtRisk ?? 0),
    },
  };
}
