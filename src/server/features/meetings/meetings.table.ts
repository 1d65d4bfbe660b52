import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { meetingKinds, meetingStatuses } from '../../../core/schemas/relationship.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/accounts.table.ts';
import { contacts } from '../contacts/contacts.table.ts';

export const meetings = pgTable(
  'meetings',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    kind: text('kind', { enum: meetingKinds }).notNull(),
    title: text('title').notNull(),
    scheduledAt: at('scheduled_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(30),
    agenda: text('agenda'),
    status: text('status', { enum: meetingStatuses }).notNull().default('scheduled'),
    notes: text('notes'),
    activityId: uuid('activity_id'),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('meetings_account_time_idx').on(t.accountId, t.scheduledAt),
    index('meetings_time_idx').on(t.scheduledAt, t.id),
  ],
);

export const meetingContacts = pgTable(
  'meeting_contacts',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.contactId] })],
);

export const meetingUsers = pgTable(
  'meeting_users',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index('meeting_users_user_idx').on(t.userId)],
);
