import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { EventType } from '../../core/events.ts';
import { at } from '../db/columns.ts';

/** The outbox: every domain event, written in the transaction of the change it records. */
export const domainEvents = pgTable(
  'domain_events',
  {
    /** UUID v7: ids order events by when they were made. */
    id: uuid('id').primaryKey(),
    type: text('type').$type<EventType>().notNull(),
    occurredAt: at('occurred_at').notNull(),
    accountId: uuid('account_id'),
    actorId: uuid('actor_id'),
    /** What made a system write (`playbook:<id>`); null for people and the system's own jobs. */
    origin: text('origin'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('domain_events_type_idx').on(t.type, t.id),
    index('domain_events_occurred_idx').on(t.occurredAt),
  ],
);

/** What each subscriber made of each event: done once, or failed for good after its last try. */
export const eventReceipts = pgTable(
  'event_receipts',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => domainEvents.id, { onDelete: 'cascade' }),
    subscriber: text('subscriber').notNull(),
    status: text('status', { enum: ['done', 'retrying', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    lastError: text('last_error'),
    at: at('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.subscriber] })],
);

/**
 * Per subscriber, the event id below which every event has been handled: the dispatcher looks only
 * above it. It moves only past events older than a few minutes, so an event whose transaction
 * commits after a later one's (ids are taken before commit) is never passed over.
 */
export const eventCursors = pgTable('event_cursors', {
  subscriber: text('subscriber').primaryKey(),
  afterId: uuid('after_id').notNull(),
  /** The newest event handled: between sweeps, the dispatcher looks only above it. */
  headId: uuid('head_id').notNull(),
  /** The last look from `afterId` up, for events that committed after a newer one. */
  sweptAt: at('swept_at').notNull(),
});

/**
 * The time-based events already emitted, one row per (type, entity, due moment): the jobs that
 * find overdue check-ins, entered renewal windows and breached SLAs claim a row before they emit,
 * so a job run twice, or by two servers at once, emits each event once. Kept beyond the events'
 * 30 days, as long as the moment can still come up.
 */
export const emittedEvents = pgTable(
  'emitted_events',
  {
    type: text('type').$type<EventType>().notNull(),
    entityId: uuid('entity_id').notNull(),
    /** The moment the event is due at, as text (a day, an instant, or a day and a window). */
    due: text('due').notNull(),
    at: at('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.type, t.entityId, t.due] })],
);
