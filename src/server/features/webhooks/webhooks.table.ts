import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';

/** The endpoints events are sent to (Standard Webhooks). The secret signs every delivery. */
export const webhooks = pgTable('webhooks', {
  id: pk(),
  url: text('url').notNull(),
  description: text('description'),
  /** Event types, or ["*"] for all. */
  events: jsonb('events').$type<string[]>().notNull(),
  active: boolean('active').notNull().default(true),
  secret: text('secret').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  disabledAt: at('disabled_at'),
  disabledReason: text('disabled_reason'),
  /** The first failed attempt since the last success: five days of only failures disables it. */
  failingSince: at('failing_since'),
  /** A worker sending to this endpoint holds it until then (the database's clock). */
  leaseUntil: at('lease_until'),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * One event to one endpoint. `payload` is the exact body sent, kept so every retry signs the same
 * bytes; `attempt` counts the attempts made.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: pk(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    attempt: integer('attempt').notNull().default(0),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    responseStatus: integer('response_status'),
    responseMs: integer('response_ms'),
    at: at('at').notNull(),
    nextAttemptAt: at('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_key').on(t.webhookId, t.eventId),
    // The worker's question: an endpoint's due deliveries, in event order.
    index('webhook_deliveries_due_idx').on(t.webhookId, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);
