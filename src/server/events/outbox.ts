import { and, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { type DomainEvent, domainEvent, type NewEvent } from '../../core/events.ts';
import type { Actor } from '../auth/actor.ts';
import type { React, WriteContext } from '../auth/context.ts';
import type { Clock } from '../clock.ts';
import { jsonParam } from '../db/bulk.ts';
import { uuidv7Before } from '../db/columns.ts';
import { type Db, rawRows } from '../db/index.ts';
import type { Feature, Subscriber, SubscriberContext } from '../feature.ts';
import { domainEvents, eventCursors, eventReceipts } from './outbox.table.ts';

/** Events are kept this long; a subscriber that has not taken one by then never will. */
export const KEEP_DAYS = 30;
/** A subscriber gets this many tries at an event before it is marked failed and passed over. */
export const MAX_ATTEMPTS = 5;
const BATCH = 100;
/** Events a subscriber with `handleMany` takes in one go. */
const MANY = 2_000;
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
        origin: ctx.origin ?? null,
        data: e.data,
      }) as DomainEvent,
  );
  // One JSON parameter per thousand events (a model change moves thousands of bands at once, a
  // daily job finds thousands of overdue check-ins): far quicker than a row of parameters each.
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    const rows = events.slice(i, i + INSERT_CHUNK).map((e) => ({
      id: e.id,
      type: e.type,
      account_id: e.accountId,
      actor_id: e.actorId,
      origin: e.origin,
      data: e.data,
    }));
    await tx.execute(sql`
      insert into ${domainEvents} (id, type, occurred_at, account_id, actor_id, origin, data)
      select r.id, r.type, ${ctx.now.toISOString()}::timestamptz, r.account_id, r.actor_id, r.origin, r.data
      from jsonb_to_recordset(${jsonParam(rows)}::jsonb)
        as r(id uuid, type text, account_id uuid, actor_id uuid, origin text, data jsonb)`);
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
  ctx: SubscriberContext,
  log: (msg: string, err: unknown) => void = () => {},
): Promise<DispatchResult> {
  const result: DispatchResult = { delivered: 0, failed: 0 };
  for (const subscriber of subscribers) {
    let more = true;
    while (more) more = await dispatchBatch(db, subscriber, ctx, result, log);
  }
  return result;
}

/** Events younger than this may still have an uncommitted predecessor: the cursor stays below them. */
const SETTLE_MS = 10 * 60_000;
const NIL = '00000000-0000-0000-0000-000000000000';
/** How often the dispatcher looks again at the unsettled events below its head. */
const SWEEP_MS = 30_000;

async function dispatchBatch(
  db: Db,
  subscriber: Subscriber,
  ctx: SubscriberContext,
  result: DispatchResult,
  log: (msg: string, err: unknown) => void,
): Promise<boolean> {
  if (!subscriber.types.length) return false;
  const limit = subscriber.handleMany ? MANY : BATCH;
  return db.transaction(async (tx) => {
    const [lock] = await rawRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext(${`steward.events.${subscriber.name}`})) as ok`,
    );
    if (!lock?.ok) return false;
    // Commit order is the database's business: the sweep's timing reads its clock, not the app's.
    const [cursor] = await rawRows<{ afterId: string; headId: string; due: boolean }>(
      tx,
      sql`select after_id as "afterId", head_id as "headId",
            clock_timestamp() - swept_at >= make_interval(secs => ${SWEEP_MS / 1000}::int) as due
          from ${eventCursors} where subscriber = ${subscriber.name}`,
    );
    const afterId = cursor?.afterId ?? NIL;
    // Between sweeps, only events newer than the last one handled; a sweep looks again from the
    // settled cursor for those whose transaction committed late.
    const sweep = !cursor || cursor.due;
    const from = sweep ? afterId : cursor.headId;
    const rows = await tx
      .select({ event: domainEvents, attempts: eventReceipts.attempts })
      .from(domainEvents)
      .leftJoin(
        eventReceipts,
        and(eq(eventReceipts.eventId, domainEvents.id), eq(eventReceipts.subscriber, subscriber.name)),
      )
      .where(
        and(
          gt(domainEvents.id, from),
          inArray(domainEvents.type, [...subscriber.types]),
          or(sql`${eventReceipts.eventId} is null`, eq(eventReceipts.status, 'retrying')),
        ),
      )
      .orderBy(domainEvents.id)
      .limit(limit);
    const events = rows.map(
      ({ event: row }) =>
        domainEvent.parse({ ...row, occurredAt: row.occurredAt.toISOString() }) as DomainEvent,
    );
    let pending: string | null = null;
    // New events all at once when the subscriber can; any failure, and retries, go one by one.
    const together =
      subscriber.handleMany && rows.every((r) => r.attempts === null) && events.length
        ? await handleTogether(tx, subscriber, events, ctx, log)
        : false;
    if (together) result.delivered += events.length;
    for (const [i, { attempts: before }] of (together ? [] : rows).entries()) {
      const event = events[i]!;
      const attempts = (before ?? 0) + 1;
      try {
        await tx.transaction(async (savepoint) => subscriber.handle(savepoint, event, ctx));
        await receipt(tx, subscriber, event.id, 'done', attempts, null, ctx.clock);
        result.delivered++;
      } catch (err) {
        const gaveUp = attempts >= MAX_ATTEMPTS;
        log(`event ${event.id} (${event.type}) failed in ${subscriber.name}, try ${attempts}`, err);
        const message = err instanceof Error ? err.message.slice(0, 1000) : String(err);
        await receipt(tx, subscriber, event.id, gaveUp ? 'failed' : 'retrying', attempts, message, ctx.clock);
        if (!gaveUp) {
          pending = event.id;
          break;
        }
        result.failed++;
      }
    }
    // Nothing new and no sweep due: the cursor stays as it is (an idle server writes nothing).
    if (!rows.length && !sweep) return false;
    const handled = rows.map((r) => r.event.id).filter((id) => pending === null || id < pending);
    const head = [cursor?.headId ?? NIL, ...handled].sort().at(-1)!;
    const more = pending === null && rows.length === limit;
    await saveCursor(tx, subscriber.name, { afterId, headId: head, swept: sweep && !more, pending });
    return more;
  });
}

/**
 * Keeps the subscriber's head (newest event handled) and, after a whole sweep, moves its settled
 * cursor to the newest event older than SETTLE_MS (by the database's clock, which UUID v7 ids
 * carry) below the first one still pending: everything under it has been handled, or is of a type
 * the subscriber does not take.
 */
async function saveCursor(
  tx: Db,
  subscriber: string,
  next: { afterId: string; headId: string; swept: boolean; pending: string | null },
): Promise<void> {
  const { afterId, headId, swept, pending } = next;
  await tx.execute(sql`
    with moved as (
      select coalesce((
        select e.id from ${domainEvents} e
        where ${swept}::boolean
          and e.id > ${afterId}::uuid
          and e.id < ${uuidv7Before(SETTLE_MS)}
          and (${pending}::uuid is null or e.id < ${pending}::uuid)
        order by e.id desc limit 1
      ), ${afterId}::uuid) as id
    )
    insert into ${eventCursors} (subscriber, after_id, head_id, swept_at)
    select ${subscriber}::text, moved.id, ${headId}::uuid, clock_timestamp() from moved
    on conflict (subscriber) do update set
      after_id = excluded.after_id,
      head_id = excluded.head_id,
      swept_at = case when ${swept}::boolean then excluded.swept_at else ${eventCursors}.swept_at end`);
}

/** `handleMany` and the receipts of all the events, in a savepoint; false (nothing kept) on failure. */
async function handleTogether(
  tx: Db,
  subscriber: Subscriber,
  events: DomainEvent[],
  ctx: SubscriberContext,
  log: (msg: string, err: unknown) => void,
): Promise<boolean> {
  try {
    await tx.transaction(async (savepoint) => {
      await subscriber.handleMany!(savepoint, events, ctx);
      await savepoint.execute(sql`
        insert into ${eventReceipts} (event_id, subscriber, status, attempts, at)
        select id, ${subscriber.name}::text, 'done', 1, ${ctx.clock.now().toISOString()}::timestamptz
        from unnest(${`{${events.map((e) => e.id).join(',')}}`}::uuid[]) as id`);
    });
    return true;
  } catch (err) {
    log(`${events.length} events together failed in ${subscriber.name}; one by one now`, err);
    return false;
  }
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
