import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { activityTypes, sentiments } from '../../../core/schemas/relationship.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, externalIds, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { contacts } from '../contacts/contacts.table.ts';

export const activities = pgTable(
  'activities',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    type: text('type', { enum: activityTypes }).notNull(),
    subject: text('subject').notNull(),
    body: text('body'),
    occurredAt: at('occurred_at').notNull().defaultNow(),
    sentiment: text('sentiment', { enum: sentiments }),
    userId: uuid('user_id').references(() => users.id),
    /** Set when the activity was logged by completing a meeting. */
    meetingId: uuid('meeting_id'),
    externalIds: externalIds(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('activities_external_ids_idx')
      .using('gin', sql`${t.externalIds} jsonb_path_ops`)
      // Looked up row by row during an import: no pending list to scan on each probe.
      .with({ fastupdate: false }),
    index('activities_account_time_idx').on(t.accountId, t.occurredAt, t.id),
    // The list (and its export) across every account: newest first, a page off the index.
    index('activities_time_idx').on(t.occurredAt, t.id),
    index('activities_user_time_idx').on(t.userId, t.occurredAt),
  ],
);

export const activityContacts = pgTable(
  'activity_contacts',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.contactId] }),
    index('activity_contacts_contact_idx').on(t.contactId),
  ],
);
