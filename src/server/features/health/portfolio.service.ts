import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { addDays } from '../../../core/rules/dates.ts';
import { accountScorer, CHURN_LOOKBACK_DAYS, churnRiskOf } from '../../../core/rules/health-score.ts';
import { sumMoney } from '../../../core/rules/money.ts';
import type { PortfolioHealth, portfolioQuery } from '../../../core/schemas/health.ts';
import type { Actor } from '../../auth/actor.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accountScope, accounts } from '../accounts/index.ts';
import { membersOfTeam } from '../teams/index.ts';
import { loadFacts } from './health.facts.ts';
import { getHealthModel } from './health.service.ts';
import { healthCurrent } from './health.table.ts';

type Key = 'green' | 'yellow' | 'red' | 'unknown';
const MOVERS = 10;

/** Live accounts in scope, narrowed to one owner or to the accounts owned by a team's members. */
function portfolioAccounts(actor: Actor, q: z.infer<typeof portfolioQuery>): SQL {
  if (q.ownerId && q.teamId) {
    throw new AppError('validation', 'Give ownerId or teamId, not both.', {
      errors: [{ path: 'teamId', message: 'cannot be combined with ownerId' }],
    });
  }
  const where: (SQL | undefined)[] = [isNull(accounts.archivedAt), accountScope(actor)];
  if (q.ownerId) where.push(eq(accounts.ownerId, q.ownerId));
  if (q.teamId) where.push(sql`${accounts.ownerId} in (${membersOfTeam(q.teamId)})`);
  return and(...where)!;
}

/**
 * Accounts and ARR per band, the accounts at high churn risk and their ARR, and the ten largest 30-day moves. Today's
 * figures come from the score cache (kept current by every write and the daily job); another
 * asOf re-scores the accounts by the rule.
 */
export async function portfolioHealth(
  db: Db,
  actor: Actor,
  q: z.infer<typeof portfolioQuery>,
  today: string,
): Promise<PortfolioHealth> {
  const which = portfolioAccounts(actor, q);
  const asOf = q.asOf ?? today;
  return asOf === today ? fromCache(db, which) : rescored(db, which, asOf);
}

const emptyBands = (): PortfolioHealth['bands'] => ({
  green: { accounts: 0, arr: 0 },
  yellow: { accounts: 0, arr: 0 },
  red: { accounts: 0, arr: 0 },
  unknown: { accounts: 0, arr: 0 },
});

/** One pass over the accounts: band totals and the largest cached 30-day changes. */
async function fromCache(db: Db, which: SQL): Promise<PortfolioHealth> {
  const [row] = await rawRows<{ bands: string; movers: string }>(
    db,
    sql`with a as materialized (
          select ${accounts.id} as id, ${accounts.name} as name, ${accounts.arr} as arr,
            ${accounts.healthBand} as band, ${accounts.churnRisk} as risk, ${accounts.healthScore} as score
          from ${accounts} where ${which})
        select
          (select coalesce(json_agg(b), '[]')::text from (
            select coalesce(band, 'unknown') as band, count(*)::int as accounts, coalesce(sum(arr), 0)::text as arr,
              coalesce(sum(arr) filter (where risk = 'high'), 0)::text as at_risk,
              (count(*) filter (where risk = 'high'))::int as at_risk_accounts
            from a group by 1) b) as bands,
          (select coalesce(json_agg(m), '[]')::text from (
            select a.id, a.name, a.score, h.change_30d as change
            from a join ${healthCurrent} h on h.account_id = a.id
            where h.change_30d <> 0
            order by abs(h.change_30d) desc, a.name, a.id limit ${MOVERS}) m) as movers`,
  );
  const totals = JSON.parse(row!.bands) as {
    band: Key;
    accounts: number;
    arr: string;
    at_risk: string;
    at_risk_accounts: number;
  }[];
  const movers = JSON.parse(row!.movers) as {
    id: string;
    name: string;
    score: number | null;
    change: number;
  }[];
  const bands = emptyBands();
  for (const t of totals) bands[t.band] = { accounts: t.accounts, arr: Number(t.arr) };
  return {
    bands,
    atRiskArr: sumMoney(totals.map((t) => Number(t.at_risk))),
    atRiskAccounts: totals.reduce((n, t) => n + t.at_risk_accounts, 0),
    movers: movers.map((m) => ({ accountId: m.id, name: m.name, score: m.score, change30d: m.change })),
  };
}

async function rescored(db: Db, which: SQL, asOf: string): Promise<PortfolioHealth> {
  const model = await getHealthModel(db);
  const earlierDay = addDays(asOf, -CHURN_LOOKBACK_DAYS);
  const facts = await loadFacts(db, model, which, [asOf, earlierDay]);
  const info = await rawRows<{ id: string; name: string; arr: string }>(
    db,
    sql`select ${accounts.id} as id, ${accounts.name} as name, ${accounts.arr}::text as arr from ${accounts} where ${which}`,
  );
  const arr: Record<Key, number[]> = { green: [], yellow: [], red: [], unknown: [] };
  const atRisk: number[] = [];
  const moves: PortfolioHealth['movers'] = [];
  for (const a of info) {
    const { plain } = accountScorer(model, facts.get(a.id)!);
    const now = plain(asOf);
    const then = plain(earlierDay).score;
    const money = Number(a.arr);
    arr[now.band ?? 'unknown'].push(money);
    if (churnRiskOf(now.score, now.band, then) === 'high') atRisk.push(money);
    if (now.score !== null && then !== null && now.score !== then)
      moves.push({ accountId: a.id, name: a.name, score: now.score, change30d: now.score - then });
  }
  const bands = emptyBands();
  for (const k of Object.keys(arr) as Key[]) bands[k] = { accounts: arr[k].length, arr: sumMoney(arr[k]) };
  moves.sort(
    (x, y) =>
      Math.abs(y.change30d) - Math.abs(x.change30d) ||
      x.name.localeCompare(y.name) ||
      x.accountId.localeCompare(y.accountId),
  );
  return {
    bands,
    atRiskArr: sumMoney(atRisk),
    atRiskAccounts: atRisk.length,
    movers: moves.slice(0, MOVERS),
  };
}
