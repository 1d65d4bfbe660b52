import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import {
  internalTeams,
  issueSeverities,
  issueStatuses,
  updateVisibilities,
} from '../../../core/schemas/health.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { contacts } from '../contacts/contacts.table.ts';

/** Client problems taken to the internal teams, with an SLA by severity. */
export const issues = pgTable(
  'issues',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    title: text('title').notNull(),
    description: text('description'),
    severity: text('severity', { enum: issueSeverities }).notNull(),
    status: text('status', { enum: issueStatuses }).notNull().default('new'),
    internalTeam: text('internal_team', { enum: internalTeams }),
    assigneeId: uuid('assignee_id').references(() => users.id),
    reportedByContactId: uuid('reported_by_contact_id').references(() => contacts.id),
    openedAt: at('opened_at').notNull().defaultNow(),
    /** openedAt + the SLA hours of the severity, fixed when the issue is opened or re-graded. */
    slaDueAt: at('sla_due_at').notNull(),
    resolvedAt: at('resolved_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('issues_account_idx').on(t.accountId, t.openedAt),
    // The list (and its export) across every account, by its default sort.
    index('issues_opened_idx').on(t.openedAt, t.id),
    index('issues_status_sla_idx').on(t.status, t.slaDueAt),
    index('issues_assignee_idx').on(t.assigneeId),
  ],
);

export const issueUpdates = pgTable(
  'issue_updates',
  {
    id: pk(),
    issueId: uuid('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    visibility: text('visibility', { enum: updateVisibilities }).notNull(),
    authorId: uuid('author_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('issue_updates_issue_idx').on(t.issueId, t.id)],
);
