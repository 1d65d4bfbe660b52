import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { addDays } from '../../../core/rules/dates.ts';
import {
  type AccountFacts,
  computedMetrics,
  DEFAULT_MAX_AGE_DAYS,
  endOfDay,
  type HealthModel,
  type IssueSpan,
  type Signal,
} from '../../../core/rules/health-score.ts';
import { touchTypes } from '../../../core/schemas/relationship.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { activities } from '../activities/index.ts';
import { issues } from '../issues/index.ts';
import { healthCurrent, healthSignals } from './health.table.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const startOf = (date: string): number => endOfDay(date) - 86_400_000;
/** An instant as epoch milliseconds: a number is far cheaper for the driver to read than a timestamp. */
const epochMs = (column: SQL | AnyColumn) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/** The score cache of an account as stored: on `accounts`, and its 30-day change in health_current. */
export interface CachedHealth {
  score: number | null;
  band: string | null;
  risk: string | null;
  reasons: string[];
  asOf: string | null;
  earlier: number | null;
  change: number | null;
}
export type Facts = AccountFacts & {
  signals: Signal[];
  touches: Date[];
  issues: IssueSpan[];
  cached?: CachedHealth;
};

/** One fact of one account: a signal (s), a touch (t) or an issue (i), in one row shape for all. */
interface FactRow {
  kind: 's' | 't' | 'i';
  account_id: string;
  /** The signal's metric, or the issue's severity. */
  label: string | null;
  value: number | null;
  /** recordedAt, the touch, or openedAt. */
  at: number;
  /** The issue's resolvedAt. */
  until: number | null;
}

/**
 * What the score rule needs, for the accounts in `which` (a condition on `accounts`, or their
 * ids) and only for the given dates: per date and pushed metric the latest fresh signal, per date
 * the latest touch, and the issues open on any of the dates. The rule picks from these exactly
 * what it would pick from the full history, in two set-based queries whatever the number of
 * accounts: the accounts, then their facts. With `cached`, each account also comes with its
 * stored score cache, so a refresh writes only what changed.
 */
export async function loadFacts(
  db: Db,
  model: HealthModel,
  which: SQL | readonly string[] | undefined,
  dates: string[],
  opts: { cached?: boolean } = {},
): Promise<Map<string, Facts>> {
  const ids = Array.isArray(which) ? sql`${sql.param(which)}::uuid[]` : undefined;
  const where = ids ? sql`${accounts.id} = any(${ids})` : ((which as SQL | undefined) ?? sql`true`);
  const facts = new Map<string, Facts>();
  for (const r of await accountRows(db, where, opts.cached ?? false)) {
    const f: Facts = { createdAt: new Date(r.created_at), signals: [], touches: [], issues: [] };
    if (opts.cached) f.cached = cachedOf(r);
    facts.set(r.id, f);
  }
  if (!facts.size || !dates.length) return facts;
  // Known ids go into the fact queries as they are, with no lookup of the accounts again.
  const inAccounts = ids
    ? sql`(select unnest(${ids}))`
    : sql`(select ${accounts.id} from ${accounts} where ${where})`;
  const metrics = model.components.map((c) => c.metric);
  const parts = [
    signalFacts(model, inAccounts, dates),
    metrics.includes('days_since_last_touch')
      ? ids
        ? probedTouches(ids, dates)
        : scannedTouches(inAccounts, dates)
      : undefined,
    metrics.includes('open_issues_weighted') ? issueFacts(inAccounts, dates) : undefined,
  ].filter((p): p is SQL => p !== undefined);
  if (!parts.length) return facts;
  const rows = await rawRows<FactRow>(
    db,
    sql.join(
      parts.map((p) => sql`(${p})`),
      sql` union all `,
    ),
  );
  for (const r of rows) {
    const f = facts.get(r.account_id);
    if (!f) continue;
    if (r.kind === 's') f.signals.push({ metric: r.label!, value: r.value!, recordedAt: new Date(r.at) });
    else if (r.kind === 't') f.touches.push(new Date(r.at));
    else
      f.issues.push({
        severity: r.label as IssueSpan['severity'],
        openedAt: new Date(r.at),
        resolvedAt: r.until === null ? null : new Date(r.until),
      });
  }
  return facts;
}

function accountRows(db: Db, where: SQL, cached: boolean) {
  const h = healthCurrent;
  return rawRows<{ id: string; created_at: string | Date } & Record<string, unknown>>(
    db,
    cached
      ? sql`select ${accounts.id} as id, ${accounts.createdAt} as created_at, ${accounts.healthScore} as score,
              ${accounts.healthBand} as band, ${accounts.churnRisk} as risk,
              ${accounts.churnRiskReasons} as reasons, ${h.asOf}::text as as_of,
              ${h.earlierScore} as earlier, ${h.change30d} as change
            from ${accounts} left join ${h} on ${h.accountId} = ${accounts.id} where ${where}`
      : sql`select ${accounts.id} as id, ${accounts.createdAt} as created_at from ${accounts} where ${where}`,
  );
}

const cachedOf = (r: Record<string, unknown>): CachedHealth => ({
  score: r.score as number | null,
  band: r.band as string | null,
  risk: r.risk as string | null,
  reasons: (r.reasons as string[] | null) ?? [],
  asOf: r.as_of as string | null,
  earlier: r.earlier as number | null,
  change: r.change as number | null,
});

/** Per account, pushed metric and date: the latest signal on or before the date and not stale. */
function signalFacts(model: HealthModel, inAccounts: SQL, dates: string[]): SQL | undefined {
  const windows = model.components
    .filter((c) => !(computedMetrics as readonly string[]).includes(c.metric))
    .flatMap((c) =>
      dates.map((d) => ({
        metric: c.metric,
        lo: iso(startOf(addDays(d, -(c.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS)))),
        hi: iso(endOfDay(d)),
      })),
    );
  if (!windows.length) return undefined;
  const s = healthSignals;
  // One backward index probe (account, metric, time) per account and window, stopping at the
  // first row: of two readings at the very same instant, the index decides (the same in every
  // read, so the cache, the account page and the reports agree).
  return sql`select 's' as kind, acc.id as account_id, w.metric as label, x.value as value,
        ${epochMs(sql`x.recorded_at`)} as at, null::float8 as until
        from ${inAccounts} as acc(id)
        cross join unnest(${sql.param(windows.map((w) => w.metric))}::text[],
          ${sql.param(windows.map((w) => w.lo))}::timestamptz[], ${sql.param(windows.map((w) => w.hi))}::timestamptz[])
          as w(metric, lo, hi)
        cross join lateral (
          select ${s.value} as value, ${s.recordedAt} as recorded_at from ${s}
          where ${s.accountId} = acc.id and ${s.metric} = w.metric and ${s.recordedAt} >= w.lo and ${s.recordedAt} < w.hi
          order by ${s.recordedAt} desc limit 1
        ) x`;
}

const touchTypeList = sql.join(
  touchTypes.map((t) => sql`${t}`),
  sql`, `,
);

/** For a few known accounts: per account and date, one backward index probe for the latest touch. */
function probedTouches(ids: SQL, dates: string[]): SQL {
  const a = activities;
  return sql`select 't' as kind, acc.id as account_id, null::text as label, null::float8 as value,
        ${epochMs(sql`x.at`)} as at, null::float8 as until
        from unnest(${ids}) as acc(id)
        cross join unnest(${sql.param(dates.map((d) => iso(endOfDay(d))))}::timestamptz[]) as d(hi)
        cross join lateral (
          select ${a.occurredAt} as at from ${a}
          where ${a.accountId} = acc.id and ${a.occurredAt} < d.hi and ${a.type} in (${touchTypeList})
          order by ${a.occurredAt} desc limit 1
        ) x`;
}

/** For many accounts: per account and date, the latest touch, in one pass over their activities. */
function scannedTouches(inAccounts: SQL, dates: string[]): SQL {
  const a = activities;
  const column = (i: number) => sql.identifier(`t${i}`);
  const perDate = sql.join(
    dates.map(
      (d, i) =>
        sql`max(${a.occurredAt}) filter (where ${a.occurredAt} < ${iso(endOfDay(d))}::timestamptz) as ${column(i)}`,
    ),
    sql`, `,
  );
  const eachDate = sql.join(
    dates.map((_, i) => sql`(g.${column(i)})`),
    sql`, `,
  );
  return sql`select 't' as kind, g.account_id, null::text as label, null::float8 as value,
        ${epochMs(sql`v.at`)} as at, null::float8 as until
        from (select ${a.accountId} as account_id, ${perDate} from ${a}
              where ${a.accountId} in ${inAccounts} and ${a.type} in (${touchTypeList})
              group by ${a.accountId}) g
        cross join lateral (values ${eachDate}) as v(at)
        where v.at is not null`;
}

/** The issues open at the end of any of the dates. */
function issueFacts(inAccounts: SQL, dates: string[]): SQL {
  const sorted = [...dates].sort();
  const i = issues;
  return sql`select 'i' as kind, ${i.accountId} as account_id, ${i.severity} as label, null::float8 as value,
        ${epochMs(i.openedAt)} as at, ${epochMs(i.resolvedAt)} as until
        from ${i} where ${i.accountId} in ${inAccounts}
        and ${i.openedAt} < ${iso(endOfDay(sorted.at(-1)!))}::timestamptz
        and (${i.resolvedAt} is null or ${i.resolvedAt} >= ${iso(endOfDay(sorted[0]!))}::timestamptz)`;
}
