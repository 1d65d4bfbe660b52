import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Enrolment } from '../../../core/rules/playbook-enrolment.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';
import { accounts } from '../accounts/index.ts';

export type StoredTrigger = { event: string; params?: Record<string, unknown> | null };
export type StoredCondition = { field: string; op: string; value: unknown };
export type StoredAction = { type: string } & Record<string, unknown>;
export type RunAction = {
  type: string;
  status: 'done' | 'failed' | 'skipped';
  ref: { type: string; id: string } | null;
  error?: string | null;
  /** What it did, in words, for the run's sentence on the timeline (kept across retries). */
  note?: string | null;
};

/** Trigger → conditions → actions, run by the system for each event its trigger matches. */
export const playbooks = pgTable(
  'playbooks',
  {
    id: pk(),
    name: text('name').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    trigger: jsonb('trigger').$type<StoredTrigger>().notNull(),
    conditions: jsonb('conditions').$type<StoredCondition[]>().notNull().default([]),
    actions: jsonb('actions').$type<StoredAction[]>().notNull(),
    enrolment: jsonb('enrolment').$type<Enrolment>().notNull().default(sql`'"once_per_account"'::jsonb`),
    /** The ready example it was enabled from: each example becomes one playbook at most. */
    exampleKey: text('example_key'),
    createdById: uuid('created_by_id').references(() => users.id),
    deactivatedAt: at('deactivated_at'),
    deactivatedReason: text('deactivated_reason'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('playbooks_example_key_idx').on(t.exampleKey),
    // The subscriber's one lookup per event: the active playbooks of its type.
    index('playbooks_trigger_event_idx').on(sql`(${t.trigger}->>'event')`).where(sql`${t.active}`),
  ],
);

/**
 * One (playbook, event) handled: pending until the runner takes it, retrying after a failed action
 * (with next_attempt_at), then done, skipped or failed.
 */
export const playbookRuns = pgTable(
  'playbook_runs',
  {
    id: pk(),
    playbookId: uuid('playbook_id')
      .notNull()
      .references(() => playbooks.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    at: at('at').notNull(),
    status: text('status', { enum: ['pending', 'retrying', 'done', 'skipped', 'failed'] }).notNull(),
    reason: text('reason'),
    actions: jsonb('actions').$type<RunAction[]>().notNull().default([]),
    /** What the run did, in a sentence, for the account's timeline. */
    summary: text('summary'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at'),
  },
  (t) => [
    uniqueIndex('playbook_runs_playbook_event_idx').on(t.playbookId, t.eventId),
    index('playbook_runs_playbook_idx').on(t.playbookId, t.id),
    index('playbook_runs_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} in ('pending', 'retrying')`),
    index('playbook_runs_account_idx').on(t.accountId, t.at),
  ],
);

/** When each account last enrolled in each playbook (enrolment rules). */
export const playbookEnrolments = pgTable(
  'playbook_enrolments',
  {
    playbookId: uuid('playbook_id')
      .notNull()
      .references(() => playbooks.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    lastAt: at('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.playbookId, t.accountId] })],
);
