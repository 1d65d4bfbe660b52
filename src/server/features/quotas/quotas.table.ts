import { date, index, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { quotaKinds } from '../../../core/schemas/revenue.ts';
import { users } from '../../auth/auth.table.ts';
import { createdAt, pk, updatedAt, version } from '../../db/columns.ts';

export const quotas = pgTable(
  'quotas',
  {
    id: pk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: quotaKinds }).notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('quotas_user_period_idx').on(t.userId, t.kind, t.periodStart)],
);
