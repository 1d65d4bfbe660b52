import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { EventOf, NewEvent } from '../../../core/events.ts';
import { addDays, dayOf } from '../../../core/rules/dates.ts';
import {
  accountScorer,
  CHURN_LOOKBACK_DAYS,
  churnRiskOf,
  churnRiskReasons,
  defaultHealthModel,
  type HealthModel,
  weeklyDates,
} from '../../../core/rules/health-score.ts';
import { FIRST_DAY } from '../../../core/schemas/common.ts';
import type { AccountHealth, SignalRecord, signalsQuery } from '../../../core/schemas/health.ts';
import { diff, record } from '../../audit/record.ts';
import { type Actor, requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { writeEvents } from '../../events/outbox.ts';
import { keyset } from '../../http/pagination.ts';
import { accountInScope, accounts } from '../accounts/index.ts';
import { getSetting, putSetting } from '../settings/index.ts';
import { loadFacts } from './health.facts.ts';
import { healthCurrent, healthSignals, healthSnapshots } from './health.table.ts';

const MODEL_KEY = 'health_model';

/** The saved model, or the default (docs/domain-rules.md#model) until an admin saves one. */
export async function getHealthModel(db: Db): Promise<HealthModel> {
  return (await getSetting<HealthModel>(db, MODEL_KEY)) ?? defaultHealthModel;
}

/** Saves a validated model and re-scores every account in the same transaction. */
export async function putHealthModel(db: Db, ctx: WriteContext, model: HealthModel): Promise<HealthModel> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    const before = await getHealthModel(tx);
    await putSetting(tx, MODEL_KEY, model);
    await record(tx, ctx.actor, {
      action: 'health_model.updated',
      entityType: 'health_model',
      entityId: MODEL_KEY,
      ip: ctx.ip,
      changes: diff({ ...before }, { ...model }),
    });
    await refreshAccountHealth(tx, ctx, null);
    return model;
  });
}

/**
 * Re-scores accounts as of the write's day (all when `accountIds` is null) and writes the cache
 * columns on `accounts` (health_score, health_band, churn_risk, churn_risk_reasons) and the 30-day change in
 * health_current; a band or churn risk that changes (not a first score) raises its event.
 * Set-based: a handful of reads and at most two writes whatever the number of accounts, each for
 * only the accounts whose stored values differ (a row left as it was is not even locked). Leaves
 * `version` and `updatedAt` alone: the score is derived, not an edit of the account.
 */
export async function refreshAccountHealth(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  accountIds: string[] | null,
): Promise<void> {
  if (accountIds && !accountIds.length) return;
  const today = dayOf(ctx.now);
  const events: NewEvent[] = [];
  const model = await getHealthModel(tx);
  const earlierDay = addDays(today, -CHURN_LOOKBACK_DAYS);
  const facts = await loadFacts(tx, model, accountIds ?? undefined, [today, earlierDay], { cached: true });
  const scored = { ids: [] as string[], scores: [] as (number | null)[], bands: [] as (string | null)[] };
  const risks: (string | null)[] = [];
  // Each account's reasons as one JSON array, so the write needs no array-of-arrays parameter.
  const reasons: string[] = [];
  const moved = { ids: [] as string[], earlier: [] as (number | null)[], changes: [] as (number | null)[] };
  for (const [id, f] of facts) {
    const { plain } = accountScorer(model, f);
    const now = plain(today);
    const then = plain(earlierDay).score;
    const risk = churnRiskOf(now.score, now.band, then);
    const why = churnRiskReasons(model, now, then);
    const change = now.score === null || then === null ? null : now.score - then;
    const c = f.cached!;
    if (c.band !== null && c.band !== now.band) {
      const data = { from: c.band, to: now.band, score: now.score } as EventOf<'health.band_changed'>['data'];
      events.push({ type: 'health.band_changed', accountId: id, data });
    }
    if (c.risk !== null && c.risk !== risk) {
      const data = { from: c.risk, to: risk } as EventOf<'health.churn_risk_changed'>['data'];
      events.push({ type: 'health.churn_risk_changed', accountId: id, data });
    }
    if (c.score !== now.score || c.band !== now.band || c.risk !== risk || !sameList(c.reasons, why)) {
      scored.ids.push(id);
      scored.scores.push(now.score);
      scored.bands.push(now.band);
      risks.push(risk);
      reasons.push(JSON.stringify(why));
    }
    if (c.asOf !== today || c.earlier !== then || c.change !== change) {
      moved.ids.push(id);
      moved.earlier.push(then);
      moved.changes.push(change);
    }
  }
  if (!scored.ids.length && !moved.ids.length) return;
  // Both writes in one statement: a data-modifying WITH runs to completion whatever reads it.
  await tx.execute(sql`
    with scored as (
      update ${accounts} set health_score = u.score, health_band = u.band, churn_risk = u.risk,
        churn_risk_reasons = array(select jsonb_array_elements_text(u.reasons::jsonb))
      from unnest(${sql.param(scored.ids)}::uuid[], ${sql.param(scored.scores)}::int[],
        ${sql.param(scored.bands)}::text[], ${sql.param(risks)}::text[], ${sql.param(reasons)}::text[])
        as u(id, score, band, risk, reasons)
      where ${accounts.id} = u.id
    )
    insert into ${healthCurrent} (account_id, as_of, earlier_score, change_30d)
    select u.id, ${today}::date, u.earlier, u.change
    from unnest(${sql.param(moved.ids)}::uuid[], ${sql.param(moved.earlier)}::int[],
      ${sql.param(moved.changes)}::int[]) as u(id, earlier, change)
    on conflict (account_id) do update set as_of = excluded.as_of, earlier_score = excluded.earlier_score,
      change_30d = excluded.change_30d`);
  await writeEvents(tx, ctx, events);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The daily job: re-score every account (the days since the last touch grow, signals go stale)
 * and keep today's score per account in health_snapshots. Idempotent: a rerun overwrites today's rows.
 */
export async function snapshotHealth(db: Db, ctx: WriteContext<null>): Promise<void> {
  const today = dayOf(ctx.now);
  await db.transaction(async (tx) => {
    await refreshAccountHealth(tx, ctx, null);
    await tx.execute(sql`
      insert into ${healthSnapshots} (account_id, date, score, band)
      select ${accounts.id}, ${today}::date, ${accounts.healthScore}, ${accounts.healthBand}
      from ${accounts} where ${accounts.archivedAt} is null
      on conflict (account_id, date) do update set score = excluded.score, band = excluded.band`);
  });
}

/** The account's score as of `asOf` with its components, and 26 weekly points ending there. */
export async function accountHealth(
  db: Db,
  actor: Actor,
  accountId: string,
  asOf: string,
): Promise<AccountHealth> {
  await accountInScope(db, actor, accountId);
  const model = await getHealthModel(db);
  // The history stays in the API's date range: an asOf early in 1900 has fewer points.
  const weeks = weeklyDates(asOf).filter((date) => date >= FIRST_DAY);
  const dates = [...new Set(weeks.flatMap((d) => [d, addDays(d, -CHURN_LOOKBACK_DAYS)]))];
  const facts = (await loadFacts(db, model, sql`${accounts.id} = ${accountId}`, dates)).get(accountId)!;
  const scorer = accountScorer(model, facts);
  return {
    ...scorer.at(asOf),
    history: weeks.map((date) => {
      const { score, band } = scorer.plain(date);
      return { date, score, band };
    }),
  };
}

export async function listSignals(
  db: Db,
  actor: Actor,
  accountId: string,
  q: z.infer<typeof signalsQuery>,
): Promise<{ data: SignalRecord[]; nextCursor: string | null }> {
  await accountInScope(db, actor, accountId);
  const s = healthSignals;
  const ks = keyset({ column: s.recordedAt, id: s.id, descending: true, cursor: q.cursor });
  const where: (SQL | undefined)[] = [eq(s.accountId, accountId), ks.where];
  if (q.metric) where.push(eq(s.metric, q.metric));
  if (q.from) where.push(gte(s.recordedAt, new Date(q.from)));
  if (q.to) where.push(lte(s.recordedAt, new Date(q.to)));
  const rows = await db
    .select()
    .from(s)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.recordedAt);
  return {
    data: page.data.map((r) => ({
      ...r,
      recordedAt: r.recordedAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
