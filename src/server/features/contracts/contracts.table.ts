import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { contractStatuses } from '../../../core/schemas/revenue.ts';
import { users } from '../../auth/auth.table.ts';
import { createdAt, externalIds, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { products } from '../products/products.table.ts';

const money = (name: string) => numeric(name, { precision: 14, scale: 2, mode: 'number' });

export const contracts = pgTable(
  'contracts',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    arr: money('arr').notNull().default(0),
    autoRenew: boolean('auto_renew').notNull().default(false),
    /** The price change an automatic renewal applies, in percent (−100…100). */
    upliftPercent: numeric('uplift_percent', { precision: 5, scale: 2, mode: 'number' }).notNull().default(0),
    renewalWindowDays: integer('renewal_window_days').notNull().default(120),
    status: text('status', { enum: contractStatuses }).notNull().default('active'),
    cancelledOn: date('cancelled_on', { mode: 'string' }),
    cancelReason: text('cancel_reason'),
    renewedFromId: uuid('renewed_from_id').references((): AnyPgColumn => contracts.id),
    renewedToId: uuid('renewed_to_id').references((): AnyPgColumn => contracts.id),
    /**
     * The won deal that created it (read-only). No foreign key: opportunities already reference
     * contracts; deleting the deal clears it (contracts react to opportunity.deleted).
     */
    opportunityId: uuid('opportunity_id'),
    createdById: uuid('created_by_id').references(() => users.id),
    externalIds: externalIds(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contracts_external_ids_idx')
      .using('gin', sql`${t.externalIds} jsonb_path_ops`)
      // Looked up row by row during an import: no pending list to scan on each probe.
      .with({ fastupdate: false }),
    // With every column ARR movement reads: the report aggregates a whole book per account
    // straight off this index, in account order (an index-only scan, no hash table).
    index('contracts_account_terms_idx').on(
      t.accountId,
      t.startDate,
      t.endDate,
      t.cancelledOn,
      t.status,
      t.arr,
    ),
    index('contracts_status_end_idx').on(t.status, t.endDate, t.id),
    index('contracts_end_idx').on(t.endDate, t.id),
    index('contracts_opportunity_idx').on(t.opportunityId),
  ],
);

/** What a contract sells; when a contract has lines its arr is Σ quantity × unitPrice. */
export const contractLines = pgTable(
  'contract_lines',
  {
    id: pk(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: numeric('quantity', { precision: 12, scale: 2, mode: 'number' }).notNull(),
    unitPrice: money('unit_price').notNull(),
  },
  (t) => [index('contract_lines_contract_idx').on(t.contractId, t.position)],
);
