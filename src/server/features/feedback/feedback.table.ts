import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { feedbackStatuses } from '../../../core/schemas/health.ts';
import { users } from '../../auth/auth.table.ts';
import { createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { contacts } from '../contacts/contacts.table.ts';

/** The client's voice, carried to the product team. */
export const feedback = pgTable(
  'feedback',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    title: text('title').notNull(),
    body: text('body'),
    productArea: text('product_area'),
    status: text('status', { enum: feedbackStatuses }).notNull().default('new'),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('feedback_account_idx').on(t.accountId), index('feedback_area_idx').on(t.productArea)],
);
