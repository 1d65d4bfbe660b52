import { date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { taskPriorities, taskStatuses } from '../../../core/schemas/relationship.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';

export const tasks = pgTable(
  'tasks',
  {
    id: pk(),
    title: text('title').notNull(),
    description: text('description'),
    accountId: uuid('account_id').references(() => accounts.id),
    opportunityId: uuid('opportunity_id'),
    issueId: uuid('issue_id'),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status', { enum: taskStatuses }).notNull().default('open'),
    priority: text('priority', { enum: taskPriorities }).notNull().default('normal'),
    effortPoints: integer('effort_points').notNull().default(1),
    source: text('source', { enum: ['manual', 'automation'] })
      .notNull()
      .default('manual'),
    completedAt: at('completed_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tasks_assignee_due_idx').on(t.assigneeId, t.status, t.dueDate),
    index('tasks_account_idx').on(t.accountId),
  ],
);
