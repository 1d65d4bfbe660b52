import { date, doublePrecision, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { healthBands } from '../../../core/schemas/accounts.ts';
import { at, createdAt, pk } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';

/** Metric readings pushed by the API (NPS, CSAT, product usage, any metric). */
export const healthSignals = pgTable(
  'health_signals',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
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
