import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { DomainEvent } from '../../../core/events.ts';
import {
  type deliveriesQuery,
  WEBHOOK_TEST_EVENT,
  type Webhook,
  type WebhookDelivery,
  type webhookCreate,
  type webhookPatch,
  type webhooksQuery,
} from '../../../core/schemas/webhooks.ts';
import { diff, recordWrite } from '../../audit/record.ts';
import { requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { assertWebhookUrl } from './webhooks.send.ts';
import { webhookDeliveries, webhooks } from './webhooks.table.ts';

type Row = typeof webhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A new signing secret: `whsec_` + base64 of 24 random bytes (Standard Webhooks). */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export function toWebhook(r: Row): Webhook {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events,
    active: r.active,
    disabledAt: r.disabledAt?.toISOString() ?? null,
    disabledReason: r.disabledReason,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

export function toDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    attempt: r.attempt,
    status: r.status,
    responseStatus: r.responseStatus,
    responseMs: r.responseMs,
    at: r.at.toISOString(),
    nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
    lastError: r.lastError,
  };
}

/** The body sent for an event: `{ type, timestamp, data }`; `data` carries the event's account. */
export function payloadOf(event: Pick<DomainEvent, 'type' | 'occurredAt' | 'accountId' | 'data'>): string {
  const data = event.accountId ? { accountId: event.accountId, ...event.data } : event.data;
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt, data });
}

async function findWebhook(db: Db, id: string): Promise<Row> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!row) throw new AppError('not_found', `There is no webhook ${id}.`);
  return row;
}

export async function listWebhooks(db: Db, ctx: WriteContext, q: z.infer<typeof webhooksQuery>) {
  requireRole(ctx.actor, 'admin');
  const ks = keyset({ column: webhooks.id, id: webhooks.id, descending: true, cursor: q.cursor });
  const rows = await db
    .select()
    .from(webhooks)
    .where(ks.where)
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toWebhook), nextCursor: page.nextCursor };
}

export async function getWebhook(db: Db, ctx: WriteContext, id: string): Promise<Webhook> {
  requireRole(ctx.actor, 'admin');
  return toWebhook(await findWebhook(db, id));
}

async function audit(
  tx: Db,
  ctx: WriteContext<WriteContext['actor'] | null>,
  action: Parameters<typeof recordWrite>[2][number]['action'],
  id: string,
  changes: Record<string, [unknown, unknown]>,
) {
  await recordWrite(tx, ctx, [{ action, entityType: 'webhook', entityId: id, changes }]);
}

export async function createWebhook(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof webhookCreate>,
  allowHttp: boolean,
): Promise<Webhook & { secret: string }> {
  requireRole(ctx.actor, 'admin');
  await assertWebhookUrl(input.url, allowHttp);
  const secret = newSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({
        url: input.url,
        description: input.description ?? null,
        events: input.events,
        active: input.active ?? true,
        secret,
        createdBy: ctx.actor.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    const created = toWebhook(row!);
    await audit(tx, ctx, 'webhook.created', created.id, diff(null, created));
    return { ...created, secret };
  });
}

export async function updateWebhook(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof webhookPatch>,
  allowHttp: boolean,
  expected?: number,
): Promise<Webhook> {
  requireRole(ctx.actor, 'admin');
  if (patch.url !== undefined) await assertWebhookUrl(patch.url, allowHttp);
  return db.transaction(async (tx) => {
    await lockRow(tx, webhooks, id);
    const beforeRow = await findWebhook(tx, id);
    const before = toWebhook(beforeRow);
    assertVersion(expected, before.version);
    // Turning an endpoint on again clears why the server turned it off, and its failure streak.
    const reactivated = patch.active === true && !beforeRow.active;
    // A new address starts with a clean record: its predecessor's failures do not count against it.
    const moved = patch.url !== undefined && patch.url !== beforeRow.url;
    const [row] = await tx
      .update(webhooks)
      .set({
        ...patch,
        ...(reactivated ? { disabledAt: null, disabledReason: null, failingSince: null } : {}),
        ...(moved ? { failingSince: null } : {}),
        version: sql`${webhooks.version} + 1`,
        updatedAt: ctx.now,
      })
      .where(eq(webhooks.id, id))
      .returning();
    const after = toWebhook(row!);
    await audit(tx, ctx, 'webhook.updated', id, diff(before, after));
    return after;
  });
}

export async function deleteWebhook(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await db.transaction(async (tx) => {
    await lockRow(tx, webhooks, id);
    const before = toWebhook(await findWebhook(tx, id));
    assertVersion(expected, before.version);
    await tx.delete(webhooks).where(eq(webhooks.id, id));
    await audit(tx, ctx, 'webhook.deleted', id, diff(before, null));
  });
}

/** A new secret at once (the old one stops signing); the answer is the only place it is shown. */
export async function rotateSecret(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<Webhook & { secret: string }> {
  requireRole(ctx.actor, 'admin');
  const secret = newSecret();
  return db.transaction(async (tx) => {
    await lockRow(tx, webhooks, id);
    const before = await findWebhook(tx, id);
    assertVersion(expected, before.version);
    const [row] = await tx
      .update(webhooks)
      .set({ secret, version: sql`${webhooks.version} + 1`, updatedAt: ctx.now })
      .where(eq(webhooks.id, id))
      .returning();
    await audit(tx, ctx, 'webhook.secret_rotated', id, { secret: ['(secret)', '(changed)'] });
    return { ...toWebhook(row!), secret };
  });
}

export async function listDeliveries(
  db: Db,
  ctx: WriteContext,
  webhookId: string,
  q: z.infer<typeof deliveriesQuery>,
) {
  requireRole(ctx.actor, 'admin');
  await findWebhook(db, webhookId);
  const ks = keyset({
    column: webhookDeliveries.id,
    id: webhookDeliveries.id,
    descending: true,
    cursor: q.cursor,
  });
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        ks.where,
        eq(webhookDeliveries.webhookId, webhookId),
        q.status ? eq(webhookDeliveries.status, q.status) : undefined,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toDelivery), nextCursor: page.nextCursor };
}

function assertActive(row: Row): void {
  if (!row.active) {
    throw new AppError('conflict', 'The webhook is not active: turn it on first.', {
      errors: [{ path: 'active', message: 'is false' }],
    });
  }
}

/** Sends a delivery again at the worker's next run (one more attempt, whatever its status). */
export async function retryDelivery(
  db: Db,
  ctx: WriteContext,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    assertActive(await findWebhook(tx, webhookId));
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: ctx.now })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId)))
      .returning();
    if (!row) throw new AppError('not_found', `Webhook ${webhookId} has no delivery ${deliveryId}.`);
    await recordWrite(tx, ctx, [
      {
        action: 'webhook.delivery_retried',
        entityType: 'webhook',
        entityId: webhookId,
        changes: { deliveryId: [null, deliveryId], eventId: [null, row.eventId] },
      },
    ]);
    return toDelivery(row);
  });
}

/** Queues a `webhook.test` event to the endpoint, sent at the worker's next run. */
export async function sendTestEvent(db: Db, ctx: WriteContext, webhookId: string): Promise<WebhookDelivery> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    assertActive(await findWebhook(tx, webhookId));
    const eventId = uuidv7();
    const payload = JSON.stringify({
      type: WEBHOOK_TEST_EVENT,
      timestamp: ctx.now.toISOString(),
      data: { webhookId, message: 'A test event from Steward.' },
    });
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        webhookId,
        eventId,
        eventType: WEBHOOK_TEST_EVENT,
        payload,
        at: ctx.now,
        nextAttemptAt: ctx.now,
      })
      .returning();
    await recordWrite(tx, ctx, [
      {
        action: 'webhook.tested',
        entityType: 'webhook',
        entityId: webhookId,
        changes: { eventId: [null, eventId] },
      },
    ]);
    return toDelivery(row!);
  });
}

const subscribedTo = (type: string) =>
  sql`(${webhooks.events} @> ${JSON.stringify([type])}::jsonb or ${webhooks.events} @> '["*"]'::jsonb)`;

/**
 * Queues the event to every active endpoint subscribed to its type (or to "*"), in the caller's
 * transaction; each (endpoint, event) once. The delivery is due when the event happened.
 */
export async function queueEvent(tx: Db, event: DomainEvent): Promise<number> {
  const targets = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), subscribedTo(event.type)));
  if (!targets.length) return 0;
  const payload = payloadOf(event);
  const due = new Date(event.occurredAt);
  const rows = await tx
    .insert(webhookDeliveries)
    .values(
      targets.map((t) => ({
        webhookId: t.id,
        eventId: event.id,
        eventType: event.type,
        payload,
        at: due,
        nextAttemptAt: due,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}

/**
 * `queueEvent` for many events at once (a daily job's flood): the active endpoints in one
 * statement, the deliveries in one insert per thousand.
 */
export async function queueEvents(tx: Db, events: readonly DomainEvent[]): Promise<number> {
  const endpoints = await tx
    .select({ id: webhooks.id, events: webhooks.events })
    .from(webhooks)
    .where(eq(webhooks.active, true));
  if (!endpoints.length) return 0;
  const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const event of events) {
    const due = new Date(event.occurredAt);
    const payload = payloadOf(event);
    for (const e of endpoints) {
      if (!e.events.includes('*') && !e.events.includes(event.type)) continue;
      rows.push({
        webhookId: e.id,
        eventId: event.id,
        eventType: event.type,
        payload,
        at: due,
        nextAttemptAt: due,
      });
    }
  }
  let queued = 0;
  for (let i = 0; i < rows.length; i += 1_000) {
    const made = await tx
      .insert(webhookDeliveries)
      .values(rows.slice(i, i + 1_000))
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    queued += made.length;
  }
  return queued;
}

/**
 * Queues one delivery of `event` to one endpoint (a playbook's `call_webhook`), in the caller's
 * transaction: 404 naming `webhookId` when there is no such endpoint; nothing when it is inactive.
 */
export async function queueWebhookCall(
  tx: Db,
  webhookId: string,
  event: DomainEvent,
  now: Date,
): Promise<void> {
  const [row] = await tx
    .select({ id: webhooks.id, active: webhooks.active })
    .from(webhooks)
    .where(eq(webhooks.id, webhookId));
  if (!row) {
    throw new AppError('not_found', `There is no webhook ${webhookId}.`, {
      errors: [{ path: 'webhookId', message: 'is not a webhook' }],
    });
  }
  if (!row.active) return;
  await tx
    .insert(webhookDeliveries)
    .values({
      webhookId,
      eventId: event.id,
      eventType: event.type,
      payload: payloadOf(event),
      at: now,
      nextAttemptAt: now,
    })
    .onConflictDoNothing();
}
