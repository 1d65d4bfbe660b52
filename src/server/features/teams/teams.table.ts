import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../auth/auth.table.ts';
import { createdAt, pk, updatedAt, version } from '../../db/columns.ts';

export const teams = pgTable('teams', {
  id: pk(),
  name: text('name').notNull(),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A user is on a team as a member (their accounts roll up) or as a manager (sees the members' books). */
export const teamMemberships = pgTable(
  'team_memberships',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['member', 'manager'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId, t.role] }),
    index('team_memberships_user_idx').on(t.userId),
  ],
);
