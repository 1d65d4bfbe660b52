import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';

/** Client accounts: the root every scoped record hangs off. */
export const accounts = pgTable(
  'accounts',
  {
    id: pk(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    archivedAt: at('archived_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('accounts_owner_idx').on(t.ownerId),
    index('accounts_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** The account team: people who work the account besides its owner, and so see it. */
export const accountTeamMembers = pgTable(
  'account_team_members',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId] }),
    index('account_team_members_user_idx').on(t.userId),
  ],
);
