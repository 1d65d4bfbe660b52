import { createHmac } from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../db/index.ts';
import type { App } from '../deps.ts';
import { idempotencyKeys } from './idempotency.table.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { key: string; hash: string; userId: string } | null;
  }
  interface FastifyContextConfig {
    /** `false`: the route ignores Idempotency-Key (its request or answer holds a secret). */
    idempotency?: boolean;
  }
}

const WINDOW = sql`now() - interval '24 hours'`;
/** A reservation whose request never finished (its server died) is given up after this long. */
const ABANDONED = sql`now() - interval '5 minutes'`;
/** `status` of a key whose first request is still running. */
const IN_PROGRESS = 0;

/**
 * `Idempotency-Key` on POST: the key is reserved before the work starts, so parallel retries run
 * it once; the first response (below 500) is kept per user for 24 hours. The same key with the
 * same request replays it with `Idempotent-Replayed: true`; while the first is still running, or
 * with another request, 409.
 */
export function registerIdempotency(app: App, db: Db, secret: string): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined || !req.actor) return;
    if (req.routeOptions.config.idempotency === false) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
      throw new AppError('validation', 'Idempotency-Key must be 1 to 200 characters.', {
        errors: [{ path: 'Idempotency-Key', message: 'must be 1 to 200 characters' }],
      });
    }
    // Keyed with the deployment's secret: a stored fingerprint of a body that holds a password
    // must not be a plain, fast hash of it.
    const hash = createHmac('sha256', secret)
      .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    const userId = req.actor.userId;
    // One statement: a new key, an expired one or an abandoned reservation becomes ours, atomically.
    const reserved = await db
      .insert(idempotencyKeys)
      .values({ userId, key, requestHash: hash, status: IN_PROGRESS, headers: {}, body: '' })
      .onConflictDoUpdate({
        target: [idempotencyKeys.userId, idempotencyKeys.key],
        set: { requestHash: hash, status: IN_PROGRESS, headers: {}, body: '', createdAt: sql`now()` },
        setWhere: or(
          lt(idempotencyKeys.createdAt, WINDOW),
          and(eq(idempotencyKeys.status, IN_PROGRESS), lt(idempotencyKeys.createdAt, ABANDONED)),
        ),
      })
      .returning({ key: idempotencyKeys.key });
    if (reserved.length) {
      req.idempotency = { key, hash, userId };
      return;
    }
    const [prior] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (!prior || prior.requestHash !== hash) {
      throw new AppError('conflict', 'This Idempotency-Key was already used with a different request.', {
        errors: [{ path: 'Idempotency-Key', message: 'was used with a different request' }],
      });
    }
    if (prior.status === IN_PROGRESS) {
      throw new AppError(
        'conflict',
        'A request with this Idempotency-Key is still running. Retry in a moment.',
        {
          errors: [{ path: 'Idempotency-Key', message: 'is in use by a request still running' }],
          headers: { 'retry-after': '1' },
        },
      );
    }
    return reply
      .code(prior.status)
      .headers({ ...prior.headers, 'idempotent-replayed': 'true' })
      .send(prior.body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    req.idempotency = null;
    const mine = and(
      eq(idempotencyKeys.userId, idem.userId),
      eq(idempotencyKeys.key, idem.key),
      eq(idempotencyKeys.status, IN_PROGRESS),
    );
    // A server error is not an answer to keep: free the key so a retry runs the request again.
    const body = typeof payload === 'string' ? payload : payload == null ? '' : null;
    if (reply.statusCode >= 500 || body === null) {
      await db.delete(idempotencyKeys).where(mine);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'location', 'etag']) {
      const v = reply.getHeader(name);
      if (typeof v === 'string') headers[name] = v;
    }
    await db.update(idempotencyKeys).set({ status: reply.statusCode, headers, body }).where(mine);
    return payload;
  });
}

/** Housekeeping for the daily job. */
export async function purgeIdempotencyKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, WINDOW));
}
