import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { type DomainEvent, domainEvent, type NewEvent } from '../../core/events.ts';
import type { Actor } from '../auth/actor.ts';
import type { React, WriteContext } from '../auth/context.ts';
import type { Clock } from '../clock.ts';
import { type Db, rawRows } from '../db/index.ts';
import type { Feature, Subscriber } from '../feature.ts';
import { domainEvents, eventReceipts } from './outbox.table.ts';

/** Events are kept this long; a subscriber that has not taken one by then never will. */
export const KEEP_DAYS = 30;
/** A subscriber gets this many tries at an event before it is marked failed and passed over. */
export const MAX_ATTEMPTS = 5;
const BATCH = 100;
const INSERT_CHUNK = 1_000;

/**
 * Records events in the caller's transaction (the outbox), then runs the features' reactions to
 * them in the same transaction. Call it through the audit trail's `record`, which writes the
 * audit entry of the same change.
 */
export async function writeEvents(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  news: readonly NewEvent[],
): Promise<DomainEvent[]> {
  if (!news.length) return [];
  const events = news.map(
    (e) =>
      ({
        id: uuidv7(),
        type: e.type,
        occurredAt: ctx.now.toISOString(),
        accountId: e.accountId,
        actorId: ctx.actor?.userId ?? null,
        data: e.data,
      }) as DomainEvent,
  );
  const rows = events.map((e) => ({ ...e, occurredAt: ctx.now, data: e.data as Record<string, unknown> }));
  // A model change can move thousands of bands at once: statements stay far below 65,535 parameters.
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await tx.insert(domainEvents).values(rows.slice(i, i + INSERT_CHUNK));
  }
  await ctx.react(tx, ctx, events);
  return events;
}

/** One function that runs every feature's reaction to each event, in the features' order. */
export function composeReactions(features: readonly Feature[]): React {
  return async (tx, ctx, events) => {
    for (const event of events) {
      for (const feature of features) {
        const reaction = feature.reactions?.[event.type] as
          | ((tx: Db, event: DomainEvent, ctx: WriteContext<Actor | null>) => Promise<void>)
          | undefined;
        if (reaction) await reaction(tx, event, ctx);
      }
    }
  };
}

export interface DispatchResult {
  delivered: number;
  failed: number;
}

/**
 * Hands each subscriber the events it has not taken yet, oldest first. A subscriber's work and its
 * receipt commit together, so an event reaches it once even when a process dies mid-way; an
 * advisory lock keeps two servers from serving one subscriber at once. A failing event is tried
 * again on later runs (and holds back the subscriber's later events, to keep their order) until
 * MAX_ATTEMPTS, then it is marked failed and passed over.
 */
export async function dispatchEvents(
  db: Db,
  subscribers: readonly Subscriber[],
  clock: Clock,
  log: (msg: string, err: unknown) => void = () => {},
): Promise<DispatchResult> {
  const result: DispatchResult = { delivered: 0, failed: 0 };
  for (const subscriber of subscribers) {
    let more = true;
    while (more) more = await dispatchBatch(db, subscriber, clock, result, log);
  }
  return result;
}

async function dispatchBatch(
  db: Db,
  subscriber: Subscriber,
  clock: Clock,
  result: DispatchResult,
  log: (msg: string, err: unknown) => void,
): Promise<boolean> {
  if (!subscriber.types.length) return false;
  return db.transaction(async (tx) => {
    const [lock] = await rawRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext(${`steward.events.${subscriber.name}`})) as ok`,
    );
    if (!lock?.ok) return false;
    const rows = await tx
      .select({ event: domainEvents, attempts: eventReceipts.attempts })
      .from(domainEvents)
      .leftJoin(
        eventReceipts,
        and(eq(eventReceipts.eventId, domainEvents.id), eq(eventReceipts.subscriber, subscriber.name)),
      )
      .where(
        and(
          inArray(domainEvents.type, [...subscriber.types]),
          or(sql`${eventReceipts.eventId} is null`, eq(eventReceipts.status, 'retrying')),
        ),
      )
      .orderBy(domainEvents.id)
      .limit(BATCH);
    for (const { event: row, attempts: before } of rows) {
      const event = domainEvent.parse({ ...row, occurredAt: row.occurredAt.toISOString() }) as DomainEvent;
      const attempts = (before ?? 0) + 1;
      try {
        await tx.transaction(async (savepoint) => subscriber.handle(savepoint, event));
        await receipt(tx, subscriber, event.id, 'done', attempts, null, clock);
        result.delivered++;
      } catch (err) {
        const gaveUp = attempts >= MAX_ATTEMPTS;
        log(`event ${event.id} (${event.type}) failed in ${subscriber.name}, try ${attempts}`, err);
        const message = err instanceof Error ? err.message.slice(0, 1000) : String(err);
        await receipt(tx, subscriber, event.id, gaveUp ? 'failed' : 'retrying', attempts, message, clock);
        if (!gaveUp) return false;
        result.failed++;
      }
    }
    return rows.length === BATCH;
  });
}

async function receipt(
  tx: Db,
  subscriber: Subscriber,
  eventId: string,
  status: 'done' | 'retrying' | 'failed',
  attempts: number,
  lastError: string | null,
  clock: Clock,
): Promise<void> {
  const values = { eventId, subscriber: subscriber.name, status, attempts, lastError, at: clock.now() };
  await tx
    .insert(eventReceipts)
    .values(values)
    .onConflictDoUpdate({
      target: [eventReceipts.eventId, eventReceipts.subscriber],
      set: { status, attempts, lastError, at: values.at },
    });
}

/** Drops events older than KEEP_DAYS, with their receipts. */
export async function purgeEvents(db: Db, clock: Clock): Promise<void> {
  const cutoff = new Date(clock.now().getTime() - KEEP_DAYS * 86_400_000);
  await db.delete(domainEvents).where(lt(domainEvents.occurredAt, cutoff));
}
