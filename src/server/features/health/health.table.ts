import { date, doublePrecision, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { healthBands } from '../../../core/schemas/accounts.ts';
import { at, createdAt, pk } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';

/**
 * Metric readings pushed by the API (NPS, CSAT, product usage, any metric). account_id carries no
 * foreign key: its per-row check was 40% of the time of a 1,000-signal insert, and the one write
 * path resolves every account in the caller's scope in the same transaction (accounts are
 * archived, never deleted).
 */
export const healthSignals = pgTable(
  'health_signals',
  {
    id: pk(),
    accountId: uuid('account_id').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    recordedAt: at('recorded_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('health_signals_account_metric_idx').on(t.accountId, t.metric, t.recordedAt)],
);

/** One score per account per day, written by the daily snapshot job. */
export const healthSnapshots = pgTable(
  'health_snapshots',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    date: date('date', { mode: 'string' }).notNull(),
    score: integer('score'),
    band: text('band', { enum: healthBands }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.date] }), index('health_snapshots_date_idx').on(t.date)],
);

/**
 * Beside the score cache on `accounts`: the score 30 days before the cached one and the change,
 * kept by the same refresh, so the portfolio's movers need no re-scoring. Written only by that
 * refresh, for accounts it has just read, and read joined to `accounts`: no foreign key, whose
 * check was three quarters of the time of writing the rows of newly scored accounts.
 */
export const healthCurrent = pgTable('health_current', {
  accountId: uuid('account_id').primaryKey(),
  asOf: date('as_of', { mode: 'string' }).notNull(),
  earlierScore: integer('earlier_score'),
  change30d: integer('change_30d'),
});
