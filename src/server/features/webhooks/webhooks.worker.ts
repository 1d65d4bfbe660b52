import { performance } from 'node:perf_hooks';
import { and, asc, eq, sql } from 'drizzle-orm';
import { DISABLE_AFTER_MS, isDelivered, retryDelayMs } from '../../../core/rules/webhook-retry.ts';
import { recordWrite } from '../../audit/record.ts';
import { users } from '../../auth/auth.table.ts';
import { jsonParam } from '../../db/bulk.ts';
import { rawRows } from '../../db/index.ts';
import type { JobContext } from '../../feature.ts';
import { notify } from '../notifications/index.ts';
import { sendDelivery } from './webhooks.send.ts';
import { webhookDeliveries, webhooks } from './webhooks.table.ts';

/** Endpoints one server takes at a time (each is sent to one delivery at a time, in event order). */
const ENDPOINTS_PER_CLAIM = 20;
/** Deliveries of one endpoint read at once. */
const BATCH = 200;
/** A worker holds an endpoint this long at most; a batch stops taking new deliveries well before. */
const LEASE_SECONDS = 300;
const BATCH_BUDGET_MS = 60_000;

export interface DeliveryRun {
  sent: number;
  succeeded: number;
  failed: number;
  disabled: number;
}

type Claimed = { id: string; url: string; secret: string; failingSince: Date | null };

/**
 * Takes endpoints with deliveries due, race-safely across servers: a short transaction leases
 * them (skipping those another server holds) and commits before anything is sent.
 */
async function claimEndpoints(db: JobContext['db'], now: Date, limit: number): Promise<Claimed[]> {
  const rows = await db.transaction(async (tx) =>
    rawRows<Omit<Claimed, 'failingSince'> & { failingSince: Date | string | null }>(
      tx,
      sql`update ${webhooks} w set lease_until = clock_timestamp() + make_interval(secs => ${LEASE_SECONDS})
          where w.id in (
            select c.id from ${webhooks} c
            where c.active
              and (c.lease_until is null or c.lease_until < clock_timestamp())
              and exists (
                select 1 from ${webhookDeliveries} d
                where d.webhook_id = c.id and d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
              )
            order by c.id
            limit ${limit}
            for update skip locked
          )
            and w.active
            and (w.lease_until is null or w.lease_until < clock_timestamp())
          returning w.id, w.url, w.secret, w.failing_since as "failingSince"`,
    ),
  );
  // Raw rows carry the driver's timestamp (a string on some drivers).
  return rows.map((r) => ({ ...r, failingSince: r.failingSince === null ? null : new Date(r.failingSince) }));
}

/**
 * The delivery worker: sends what is due to every active endpoint, each endpoint's deliveries one
 * at a time in event order; a failure is retried on its schedule and does not hold back the
 * deliveries after it. No transaction stays open while a request is in flight: claim, send, then
 * record each result in its own statement.
 */
export async function deliverWebhooks(
  ctx: JobContext,
  options: { endpointsPerClaim?: number } = {},
): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, succeeded: 0, failed: 0, disabled: 0 };
  // A pass that sends nothing ends the run (everything left is leased elsewhere or not yet due).
  for (let pass = 0; pass < 1_000; pass++) {
    const claimed = await claimEndpoints(
      ctx.db,
      ctx.clock.now(),
      options.endpointsPerClaim ?? ENDPOINTS_PER_CLAIM,
    );
    if (!claimed.length) break;
    const before = run.sent;
    await Promise.all(claimed.map((endpoint) => serveEndpoint(ctx, endpoint, run)));
    if (run.sent === before) break;
  }
  return run;
}

/** One attempt's outcome, as the delivery row keeps it. */
interface Outcome {
  id: string;
  attempt: number;
  status: 'pending' | 'succeeded' | 'failed';
  response_status: number | null;
  response_ms: number;
  at: string;
  next_attempt_at: string | null;
  last_error: string | null;
}

/**
 * Records outcomes in one statement (a commit per delivery would cost more than the request).
 * An outcome not yet recorded when a process dies is sent again after the lease ends: at least once.
 */
async function recordOutcomes(db: JobContext['db'], outcomes: Outcome[]): Promise<void> {
  if (!outcomes.length) return;
  await db.execute(sql`
    update ${webhookDeliveries} d set
      attempt = o.attempt, status = o.status, response_status = o.response_status,
      response_ms = o.response_ms, at = o.at, next_attempt_at = o.next_attempt_at, last_error = o.last_error
    from jsonb_to_recordset(${jsonParam(outcomes)}::jsonb) as o(id uuid, attempt int, status text,
      response_status int, response_ms int, at timestamptz, next_attempt_at timestamptz, last_error text)
    where d.id = o.id`);
}

/** Outcomes are written at most this many at a time, and none waits longer than FLUSH_MS. */
const FLUSH_EVERY = 50;
const FLUSH_MS = 200;

async function serveEndpoint(ctx: JobContext, endpoint: Claimed, run: DeliveryRun): Promise<void> {
  const { db, clock } = ctx;
  const started = performance.now();
  let failingSince = endpoint.failingSince;
  let disable: string | null = null;
  let pending: Outcome[] = [];
  let oldest = 0;
  // Written while the next request is in flight; one write at a time, in order.
  let writing: Promise<void> = Promise.resolve();
  let writeFailed: unknown = null;
  const flush = () => {
    const batch = pending;
    pending = [];
    writing = writing
      .then(() => recordOutcomes(db, batch))
      .catch((err: unknown) => {
        writeFailed ??= err;
      });
    return writing;
  };
  try {
    const due = await db
      .select({
        id: webhookDeliveries.id,
        eventId: webhookDeliveries.eventId,
        payload: webhookDeliveries.payload,
        attempt: webhookDeliveries.attempt,
      })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.webhookId, endpoint.id),
          eq(webhookDeliveries.status, 'pending'),
          sql`${webhookDeliveries.nextAttemptAt} <= ${clock.now().toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(webhookDeliveries.eventId))
      .limit(BATCH);
    for (const delivery of due) {
      if (performance.now() - started > BATCH_BUDGET_MS) break;
      const now = clock.now();
      const result = await sendDelivery({
        url: endpoint.url,
        secret: endpoint.secret,
        eventId: delivery.eventId,
        payload: delivery.payload,
        now,
        allowHttp: ctx.config.webhooksAllowHttp,
      });
      run.sent++;
      const attempt = delivery.attempt + 1;
      const ok = isDelivered(result.status);
      const gone = result.status === 410;
      const wait = ok || gone ? null : retryDelayMs(attempt, Math.random());
      if (!pending.length) oldest = performance.now();
      pending.push({
        id: delivery.id,
        attempt,
        status: ok ? 'succeeded' : wait === null ? 'failed' : 'pending',
        response_status: result.status,
        response_ms: result.ms,
        at: now.toISOString(),
        next_attempt_at: wait === null ? null : new Date(clock.now().getTime() + wait).toISOString(),
        last_error: result.error,
      });
      if (pending.length >= FLUSH_EVERY || performance.now() - oldest >= FLUSH_MS) void flush();
      if (ok) {
        run.succeeded++;
        failingSince = null;
        continue;
      }
      run.failed++;
      failingSince ??= now;
      if (gone) {
        disable = 'The endpoint answered 410 Gone.';
        break;
      }
      if (now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS) {
        disable = 'Every delivery to the endpoint failed for 5 days.';
        break;
      }
    }
  } finally {
    try {
      await flush();
    } finally {
      await db.update(webhooks).set({ failingSince, leaseUntil: null }).where(eq(webhooks.id, endpoint.id));
    }
  }
  // Deliveries whose outcome was not written stay pending and are sent again (at least once).
  if (writeFailed) throw writeFailed;
  if (disable) {
    await disableEndpoint(ctx, endpoint, disable);
    run.disabled++;
  }
}

/**
 * Turns an endpoint off (410 Gone, or 5 days of failures): its pending deliveries are given up
 * (an admin can retry them once it is on again), the change is audited and every admin told.
 */
async function disableEndpoint(ctx: JobContext, endpoint: Claimed, reason: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({
        active: false,
        disabledAt: now,
        disabledReason: reason,
        version: sql`${webhooks.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(webhooks.id, endpoint.id), eq(webhooks.active, true)))
      .returning({ id: webhooks.id });
    if (!row) return;
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lastError: 'The endpoint was disabled.' })
      .where(and(eq(webhookDeliveries.webhookId, endpoint.id), eq(webhookDeliveries.status, 'pending')));
    await recordWrite(tx, { actor: null, now, react: ctx.react }, [
      {
        action: 'webhook.disabled',
        entityType: 'webhook',
        entityId: endpoint.id,
        changes: { active: [true, false], disabledReason: [null, reason] },
      },
    ]);
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true)));
    await notify(tx, {
      userIds: admins.map((a) => a.id),
      kind: 'webhook_disabled',
      title: `Webhook disabled: ${endpoint.url}`,
      body: reason,
      ref: { type: 'webhook', id: endpoint.id },
      now,
      config: ctx.config,
    });
  });
}
