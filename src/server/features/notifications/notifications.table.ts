import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { emailModes, type NotificationKind } from '../../../core/schemas/notifications.ts';
import { users } from '../../auth/auth.table.ts';
import { at, pk, updatedAt } from '../../db/columns.ts';
import { accounts } from '../accounts/index.ts';

/** A user's inbox: one row per notification, newest first by id (UUID v7). */
export const notifications = pgTable(
  'notifications',
  {
    id: pk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    at: at('at').notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    title: text('title').notNull(),
    body: text('body'),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    refType: text('ref_type'),
    refId: uuid('ref_id'),
    readAt: at('read_at'),
    /** The domain event it came from: a user is told of one event once per kind. */
    eventId: uuid('event_id'),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('notifications_event_key')
      .on(t.userId, t.eventId, t.kind)
      .where(sql`${t.eventId} is not null`),
    index('notifications_inbox_idx').on(t.userId, t.id.desc()),
    index('notifications_unread_idx').on(t.userId, t.id.desc()).where(sql`${t.readAt} is null`),
  ],
);

/** Per-user preferences; a user without a row has the defaults (daily digest at 07 UTC). */
export const notificationSettings = pgTable('notification_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  email: text('email', { enum: emailModes }).notNull().default('daily_digest'),
  digestHour: integer('digest_hour').notNull().default(7),
  mutedKinds: text('muted_kinds').array().$type<NotificationKind[]>().notNull().default(sql`'{}'::text[]`),
  updatedAt: updatedAt(),
});
