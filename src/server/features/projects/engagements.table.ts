import { date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { engagementStatuses } from '../../../core/schemas/delivery.ts';
import { users } from '../../auth/auth.table.ts';
import { createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/index.ts';
import { money, projects } from './projects.table.ts';
import { vendors } from './vendors.table.ts';

/** A vendor's work on a project; visible with the project's account. */
export const vendorEngagements = pgTable(
  'vendor_engagements',
  {
    id: pk(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    scope: text('scope'),
    cost: money('cost').notNull().default(0),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status', { enum: engagementStatuses }).notNull().default('proposed'),
    deliveredOn: date('delivered_on', { mode: 'string' }),
    rating: integer('rating'),
    notes: text('notes'),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('vendor_engagements_vendor_idx').on(t.vendorId, t.status),
    index('vendor_engagements_project_idx').on(t.projectId, t.status),
    index('vendor_engagements_account_idx').on(t.accountId),
  ],
);
