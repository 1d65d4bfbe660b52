import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  forecastCategories,
  opportunitySources,
  opportunityTypes,
  stages,
} from '../../../core/schemas/revenue.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, externalIds, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { contracts } from '../contracts/contracts.table.ts';

export const opportunities = pgTable(
  'opportunities',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    type: text('type', { enum: opportunityTypes }).notNull(),
    stage: text('stage', { enum: stages }).notNull().default('prospecting'),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    probability: integer('probability').notNull(),
    forecastCategory: text('forecast_category', { enum: forecastCategories }).notNull(),
    closeDate: date('close_date', { mode: 'string' }).notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    source: text('source', { enum: opportunitySources }),
    nextStep: text('next_step'),
    nextStepDue: date('next_step_due', { mode: 'string' }),
    lostReason: text('lost_reason'),
    productIds: uuid('product_ids').array().notNull().default(sql`'{}'::uuid[]`),
    contractId: uuid('contract_id').references(() => contracts.id),
    /**
     * Of a renewal: every contract it renews — the co-termed contracts of its account that end on
     * the day its primary (contractId) ends. Empty for other deals.
     */
    contractIds: uuid('contract_ids').array().notNull().default(sql`'{}'::uuid[]`),
    closedAt: at('closed_at'),
    /** When the stage last changed (the write's moment); days in stage count from it. */
    stageChangedAt: at('stage_changed_at').notNull().defaultNow(),
    createdById: uuid('created_by_id').references(() => users.id),
    externalIds: externalIds(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('opportunities_external_ids_idx')
      .using('gin', sql`${t.externalIds} jsonb_path_ops`)
      // Looked up row by row during an import: no pending list to scan on each probe.
      .with({ fastupdate: false }),
    index('opportunities_account_idx').on(t.accountId),
    index('opportunities_owner_close_idx').on(t.ownerId, t.closeDate),
    index('opportunities_close_idx').on(t.closeDate, t.id),
    index('opportunities_contract_ids_idx').using('gin', t.contractIds),
    // An owner's open deals by next-step due date (the agenda).
    index('opportunities_owner_step_idx')
      .on(t.ownerId, t.nextStepDue)
      .where(sql`stage not in ('closed_won', 'closed_lost')`),
    // One renewal opportunity per contract: the renewal sweep relies on it to stay idempotent.
    uniqueIndex('opportunities_renewal_contract_key').on(t.contractId).where(sql`type = 'renewal'`),
  ],
);
