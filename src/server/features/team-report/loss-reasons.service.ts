import { and, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { quarterOf } from '../../../core/rules/dates.ts';
import { lossReasons as mergeReasons } from '../../../core/rules/team-report.ts';
import type { LossReason, lossReasonsQuery } from '../../../core/schemas/team-report.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { inAccountScope } from '../accounts/index.ts';
import { reportRange, teamMembers } from '../forecast/index.ts';
import { opportunities } from '../opportunities/index.ts';

/**
 * Loss reasons (docs/domain-rules.md#loss-reasons): closed_lost deals in scope with closeDate in
 * [from, to] (default: the calendar quarter of asOf), optionally one owner's, the team members'
 * or one type's, grouped by reason trimmed and case-insensitively, by amount descending.
 */
export async function lossReasons(
  db: Db,
  actor: Actor,
  q: z.infer<typeof lossReasonsQuery>,
  today: string,
): Promise<LossReason[]> {
  const { from, to } = reportRange(q, quarterOf(q.asOf ?? today));
  const where: (SQL | undefined)[] = [
    eq(opportunities.stage, 'closed_lost'),
    gte(opportunities.closeDate, from),
    lte(opportunities.closeDate, to),
    inAccountScope(actor, opportunities.accountId),
  ];
  if (q.type) where.push(eq(opportunities.type, q.type));
  if (q.ownerId) where.push(eq(opportunities.ownerId, q.ownerId));
  if (q.teamId) where.push(inArray(opportunities.ownerId, await teamMembers(db, q.teamId)));
  // Exact spellings from the database; the rule merges them (trim, case) in one place.
  const groups = await db
    .select({
      reason: opportunities.lostReason,
      deals: sql<number>`(count(*))::int`,
      cents: sql<string>`(sum((${opportunities.amount} * 100)::bigint))::text`,
    })
    .from(opportunities)
    .where(and(...where))
    .groupBy(opportunities.lostReason);
  return mergeReasons(
    groups.map((g) => ({ reason: g.reason, deals: g.deals, amount: Number(g.cents) / 100 })),
  );
}
