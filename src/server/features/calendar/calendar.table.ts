import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../auth/auth.table.ts';
import { createdAt } from '../../db/columns.ts';

/**
 * Each user's secret calendar-feed token (at most one: a new one replaces the old, whose URL then
 * stops working). Kept as is, since the user can read their feed URL back from their profile.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('calendar_feeds_token_key').on(t.token)],
);
