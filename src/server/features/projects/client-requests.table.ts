import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { clientRequestKinds, clientRequestStatuses } from '../../../core/schemas/delivery.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/index.ts';
import { contacts } from '../contacts/index.ts';
import { deliverables } from './deliverables.table.ts';
import { projects } from './projects.table.ts';

/** What the AM needs from the client to deliver: assets, access, approvals, information. */
export const clientRequests = pgTable(
  'client_requests',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    projectId: uuid('project_id').references(() => projects.id),
    deliverableId: uuid('deliverable_id').references(() => deliverables.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    kind: text('kind', { enum: clientRequestKinds }).notNull(),
    details: text('details'),
    requestedFromContactId: uuid('requested_from_contact_id').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: clientRequestStatuses }).notNull().default('requested'),
    receivedAt: at('received_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('client_requests_account_idx').on(t.accountId, t.dueDate),
    // The list's order (soonest due first, id breaking ties) for a wide scope: an admin's or a manager's.
    index('client_requests_due_idx').on(t.dueDate, t.id),
    index('client_requests_project_idx').on(t.projectId),
    index('client_requests_deliverable_idx').on(t.deliverableId).where(sql`${t.status} = 'requested'`),
    index('client_requests_open_due_idx').on(t.dueDate).where(sql`${t.status} = 'requested'`),
  ],
);
