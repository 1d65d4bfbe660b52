import { createHash } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../db/index.ts';
import type { App } from '../deps.ts';
import { idempotencyKeys } from './idempotency.table.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { key: string; hash: string; userId: string } | null;
  }
}

const WINDOW = sql`now() - interval '24 hours'`;

/**
 * `Idempotency-Key` on POST: the first response (below 500) is kept per user for 24 hours; the same
 * key with the same request replays it with `Idempotent-Replayed: true`; with another request, 409.
 */
export function registerIdempotency(app: App, db: Db): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined || !req.actor) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
      throw new AppError('validation', 'Idempotency-Key must be 1 to 200 characters.', {
        errors: [{ path: 'Idempotency-Key', message: 'must be 1 to 200 characters' }],
      });
    }
    const hash = createHash('sha256')
      .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    const [prior] = await db
      .select()
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.userId, req.actor.userId),
          eq(idempotencyKeys.key, key),
          gt(idempotencyKeys.createdAt, WINDOW),
        ),
      );
    if (prior && prior.requestHash !== hash) {
      throw new AppError('conflict', 'This Idempotency-Key was already used with a different request.');
    }
    if (prior) {
      return reply
        .code(prior.status)
        .headers({ ...prior.headers, 'idempotent-replayed': 'true' })
        .send(prior.body);
    }
    req.idempotency = { key, hash, userId: req.actor.userId };
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem || reply.statusCode >= 500 || typeof payload !== 'string') return payload;
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'location', 'etag']) {
      const v = reply.getHeader(name);
      if (typeof v === 'string') headers[name] = v;
    }
    // Drop an expired entry for this key, then keep the first response.
    await db
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.userId, idem.userId),
          eq(idempotencyKeys.key, idem.key),
          lt(idempotencyKeys.createdAt, WINDOW),
        ),
      );
    await db
      .insert(idempotencyKeys)
      .values({
        userId: idem.userId,
        key: idem.key,
        requestHash: idem.hash,
        status: reply.statusCode,
        headers,
        body: payload,
      })
      .onConflictDoNothing();
    return payload;
  });
}

/** Housekeeping for the daily job. */
export async function purgeIdempotencyKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, WINDOW));
}
