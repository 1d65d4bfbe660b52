import { type SQL, sql } from 'drizzle-orm';
import {
  type AccountFacts,
  addDays,
  computedMetrics,
  DEFAULT_MAX_AGE_DAYS,
  endOfDay,
  type HealthModel,
  type IssueSpan,
  type Signal,
} from '../../../core/rules/health-score.ts';
import { touchTypes } from '../../../core/schemas/relationship.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { activities } from '../activities/activities.table.ts';
import { issues } from '../issues/issues.table.ts';
import { healthSignals } from './health.table.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const startOf = (date: string): number => endOfDay(date) - 86_400_000;

/**
 * What the score rule needs, for every account matching `which` (a condition on `accounts`) and
 * only for the given dates: per date and pushed metric the latest fresh signal, per date the
 * latest touch, and the issues open on any of the dates. The rule picks from these exactly what
 * it would pick from the full history, in four set-based queries whatever the number of accounts.
 */
export async function loadFacts(
  db: Db,
  model: HealthModel,
  which: SQL | undefined,
  dates: string[],
): Promise<Map<string, AccountFacts & { signals: Signal[]; touches: Date[]; issues: IssueSpan[] }>> {
  const where = which ?? sql`true`;
  const facts = new Map<string, AccountFacts & { signals: Signal[]; touches: Date[]; issues: IssueSpan[] }>();
  const rows = await rawRows<{ id: string; created_at: string | Date }>(
    db,
    sql`select ${accounts.id} as id, ${accounts.createdAt} as created_at from ${accounts} where ${where}`,
  );
  for (const r of rows)
    facts.set(r.id, { createdAt: new Date(r.created_at), signals: [], touches: [], issues: [] });
  if (!facts.size || !dates.length) return facts;
  const inAccounts = sql`(select ${accounts.id} from ${accounts} where ${where})`;
  const metrics = model.components.map((c) => c.metric);

  for (const s of await latestSignals(db, model, inAccounts, dates)) {
    facts
      .get(s.account_id)
      ?.signals.push({ metric: s.metric, value: s.value, recordedAt: new Date(s.recorded_at) });
  }
  if (metrics.includes('days_since_last_touch')) {
    for (const t of await latestTouches(db, inAccounts, dates)) {
      const f = facts.get(t.account_id);
      for (const at of t.latest ?? []) if (at !== null) f?.touches.push(new Date(at));
    }
  }
  if (metrics.includes('open_issues_weighted')) {
    const sorted = [...dates].sort();
    const rows = await rawRows<{
      account_id: string;
      severity: IssueSpan['severity'];
      opened_at: string;
      resolved_at: string | null;
    }>(
      db,
      sql`select ${issues.accountId} as account_id, ${issues.severity} as severity, ${issues.openedAt} as opened_at, ${issues.resolvedAt} as resolved_at
          from ${issues} where ${issues.accountId} in ${inAccounts}
          and ${issues.openedAt} < ${iso(endOfDay(sorted.at(-1)!))}::timestamptz
          and (${issues.resolvedAt} is null or ${issues.resolvedAt} >= ${iso(endOfDay(sorted[0]!))}::timestamptz)`,
    );
    for (const i of rows) {
      facts.get(i.account_id)?.issues.push({
        severity: i.severity,
        openedAt: new Date(i.opened_at),
        resolvedAt: i.resolved_at === null ? null : new Date(i.resolved_at),
      });
    }
  }
  return facts;
}

/** Per account, pushed metric and date: the latest signal on or before the date and not stale. */
function latestSignals(db: Db, model: HealthModel, inAccounts: SQL, dates: string[]) {
  const windows = model.components
    .filter((c) => !(computedMetrics as readonly string[]).includes(c.metric))
    .flatMap((c) =>
      dates.map((d) => ({
        metric: c.metric,
        lo: iso(startOf(addDays(d, -(c.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS)))),
        hi: iso(endOfDay(d)),
      })),
    );
  if (!windows.length) return Promise.resolve([]);
  const s = healthSignals;
  // One backward index probe (account, metric, time) per account and window, stopping at the
  // first row: of two readings at the very same instant, the index decides (the same in every
  // read, so the cache, the account page and the reports agree).
  return rawRows<{ account_id: string; metric: string; value: number; recorded_at: string }>(
    db,
    sql`select acc.id as account_id, w.metric, x.value, x.recorded_at
        from ${inAccounts} as acc(id)
        cross join unnest(${sql.param(windows.map((w) => w.metric))}::text[],
          ${sql.param(windows.map((w) => w.lo))}::timestamptz[], ${sql.param(windows.map((w) => w.hi))}::timestamptz[])
          as w(metric, lo, hi)
        cross join lateral (
          select ${s.value} as value, ${s.recordedAt} as recorded_at from ${s}
          where ${s.accountId} = acc.id and ${s.metric} = w.metric and ${s.recordedAt} >= w.lo and ${s.recordedAt} < w.hi
          order by ${s.recordedAt} desc limit 1
        ) x`,
  );
}

/** Per account: for each date, the latest touching activity on or before it (null if none). */
async function latestTouches(db: Db, inAccounts: SQL, dates: string[]) {
  const a = activities;
  // One column per date: PGlite hands arrays of timestamps back as text.
  const perDate = sql.join(
    dates.map(
      (d, i) =>
        sql`max(${a.occurredAt}) filter (where ${a.occurredAt} < ${iso(endOfDay(d))}::timestamptz) as ${sql.identifier(`t${i}`)}`,
    ),
    sql`, `,
  );
  const rows = await rawRows<Record<string, string | Date | null>>(
    db,
    sql`select ${a.accountId} as account_id, ${perDate} from ${a}
        where ${a.accountId} in ${inAccounts} and ${a.type} in (${sql.join(
          touchTypes.map((t) => sql`${t}`),
          sql`, `,
        )})
        group by ${a.accountId}`,
  );
  return rows.map((r) => ({
    account_id: r.account_id as string,
    latest: dates.map((_, i) => r[`t${i}`] ?? null),
  }));
}
