import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { deliverableStatuses, reviewers, reviewOutcomes } from '../../../core/schemas/delivery.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/index.ts';
import { contacts } from '../contacts/index.ts';
import { tasks } from '../tasks/index.ts';
import { projects } from './projects.table.ts';

/** A project's deliverables; accountId is the project's, kept here for scope and the agenda. */
export const deliverables = pgTable(
  'deliverables',
  {
    id: pk(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    description: text('description'),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    effortPoints: integer('effort_points').notNull().default(1),
    includedRevisions: integer('included_revisions').notNull().default(2),
    status: text('status', { enum: deliverableStatuses }).notNull().default('not_started'),
    /** Reviews by the client asking for changes (kept with the review in one transaction). */
    revisionRounds: integer('revision_rounds').notNull().default(0),
    /** The change-order task, made once when the client's rounds pass the included ones. */
    changeOrderTaskId: uuid('change_order_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    approvedAt: at('approved_at'),
    deliveredAt: at('delivered_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('deliverables_project_idx').on(t.projectId, t.dueDate),
    index('deliverables_account_idx').on(t.accountId),
    index('deliverables_assignee_due_idx').on(t.assigneeId, t.dueDate),
    // A person's open work by due date (the workload report, the agenda, the calendar): the
    // delivered past stays out of the scan.
    index('deliverables_assignee_open_due_idx')
      .on(t.assigneeId, t.dueDate)
      .where(sql`${t.status} not in ('approved', 'delivered', 'cancelled')`),
    index('deliverables_open_due_idx')
      .on(t.dueDate)
      .where(sql`${t.status} not in ('approved', 'delivered', 'cancelled')`),
  ],
);

export const deliverableReviews = pgTable(
  'deliverable_reviews',
  {
    id: pk(),
    deliverableId: uuid('deliverable_id')
      .notNull()
      .references(() => deliverables.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: reviewOutcomes }).notNull(),
    by: text('by', { enum: reviewers }).notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    notes: text('notes'),
    /** The client's round of changes this review is (1, 2, …); null for other reviews. */
    round: integer('round'),
    reviewerId: uuid('reviewer_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('deliverable_reviews_deliverable_idx').on(t.deliverableId, t.createdAt)],
);
