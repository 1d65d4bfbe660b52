import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { projectKinds, projectStatuses } from '../../../core/schemas/delivery.ts';
import { users } from '../../auth/auth.table.ts';
import { createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/index.ts';

export const money = (name: string) => numeric(name, { precision: 14, scale: 2, mode: 'number' });

/** Projects, campaigns and retainers: the work sold to an account. */
export const projects = pgTable(
  'projects',
  {
    id: pk(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: projectKinds }).notNull().default('project'),
    status: text('status', { enum: projectStatuses }).notNull().default('planning'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    budget: money('budget'),
    monthlyFee: money('monthly_fee'),
    scope: text('scope'),
    goals: text('goals'),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    /** The people doing the work (each also on the account team). */
    teamMemberIds: uuid('team_member_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdById: uuid('created_by_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('projects_account_idx').on(t.accountId),
    index('projects_owner_idx').on(t.ownerId, t.status, t.updatedAt),
    index('projects_team_members_idx').using('gin', t.teamMemberIds),
    check('projects_dates_check', sql`${t.endDate} >= ${t.startDate}`),
  ],
);
