import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { churnRisks, healthBands, lifecycleStages, segments } from '../../../core/schemas/accounts.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, externalIds, pk, updatedAt, version } from '../../db/columns.ts';

/** Sort keys of the nullable derived columns: no renewal sorts last, no score first. */
export const renewalSortKey = sql`coalesce(renewal_date, '9999-12-31'::date)`;
export const healthSortKey = sql`coalesce(health_score, -1)`;

/** Client accounts: the root every scoped record hangs off. */
export const accounts = pgTable(
  'accounts',
  {
    id: pk(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    segment: text('segment', { enum: segments }).notNull().default('smb'),
    lifecycleStage: text('lifecycle_stage', { enum: lifecycleStages }).notNull().default('prospect'),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    parentAccountId: uuid('parent_account_id').references((): AnyPgColumn => accounts.id),
    checkInCadenceDays: integer('check_in_cadence_days').notNull().default(60),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields')
      .$type<Record<string, string | number | boolean | null>>()
      .notNull()
      .default({}),
    /** Latest touch (call, e-mail, meeting, check-in, review); kept by the activities service. */
    lastTouchAt: at('last_touch_at'),
    /** Derived in the database, so sorting and filtering on it use an index. */
    nextCheckInDue: date('next_check_in_due', { mode: 'string' })
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`((coalesce(last_touch_at, created_at) at time zone 'UTC')::date + check_in_cadence_days)`,
      ),
    /**
     * Derived caches, kept by the features that compute them (contracts: arr and renewalDate;
     * health: the current score), so lists sort and filter on them through an index.
     */
    arr: numeric('arr', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    renewalDate: date('renewal_date', { mode: 'string' }),
    healthScore: integer('health_score'),
    healthBand: text('health_band', { enum: healthBands }),
    churnRisk: text('churn_risk', { enum: churnRisks }),
    /** Why the churn risk is medium or high (health keeps it with churn_risk); empty otherwise. */
    churnRiskReasons: text('churn_risk_reasons').array().notNull().default(sql`'{}'::text[]`),
    archivedAt: at('archived_at'),
    externalIds: externalIds(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('accounts_external_ids_idx')
      .using('gin', sql`${t.externalIds} jsonb_path_ops`)
      // Looked up row by row during an import: no pending list to scan on each probe.
      .with({ fastupdate: false }),
    // Owner first, then each sort key: an owner's page comes straight off the index.
    index('accounts_owner_name_idx').on(t.ownerId, t.name, t.id),
    index('accounts_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('accounts_domain_prefix').on(t.domain.op('text_pattern_ops')),
    uniqueIndex('accounts_domain_live_key').on(t.domain).where(sql`archived_at is null`),
    index('accounts_owner_due_idx').on(t.ownerId, t.nextCheckInDue, t.id),
    index('accounts_due_idx').on(t.nextCheckInDue, t.id),
    index('accounts_name_idx').on(t.name, t.id),
    // The importer's match on an exact name, whatever its case.
    index('accounts_lower_name_idx').on(sql`lower(${t.name})`),
    index('accounts_parent_idx').on(t.parentAccountId),
    index('accounts_tags_idx').using('gin', t.tags),
    index('accounts_owner_arr_idx').on(t.ownerId, t.arr, t.id),
    index('accounts_arr_idx').on(t.arr, t.id),
    index('accounts_renewal_idx').on(renewalSortKey, t.id),
    index('accounts_owner_renewal_idx').on(t.ownerId, renewalSortKey, t.id),
    index('accounts_owner_health_idx').on(t.ownerId, healthSortKey, t.id),
    index('accounts_health_idx').on(healthSortKey, t.id),
    index('accounts_band_idx').on(t.healthBand),
    // The churnRisk filter, and an owner's high-risk accounts (the agenda).
    index('accounts_churn_risk_idx').on(t.churnRisk, t.ownerId),
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
