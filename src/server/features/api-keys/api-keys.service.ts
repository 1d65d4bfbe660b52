import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { ApiKey, apiKeyCreate } from '../../../core/schemas/people.ts';
import { record } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext as Ctx } from '../../auth/context.ts';
import { type Db, preparedPerDatabase } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { apiKeys } from './api-keys.table.ts';

const KEY_PREFIX = 'stw_';

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

type Row = typeof apiKeys.$inferSelect;

function toApiKey(r: Row): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    userId: r.userId,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

type WriteContext = Ctx<Actor | null>;

/** Makes a key for `userId`; the only time the key itself is seen. Run inside the caller's transaction. */
export async function insertApiKey(
  tx: Db,
  ctx: WriteContext,
  userId: string,
  input: z.infer<typeof apiKeyCreate>,
): Promise<ApiKey & { key: string }> {
  if (input.expiresAt && new Date(input.expiresAt) <= ctx.now) {
    throw new AppError('validation', 'expiresAt must be in the future.', {
      errors: [{ path: 'expiresAt', message: 'must be in the future' }],
    });
  }
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const [row] = await tx
    .insert(apiKeys)
    .values({
      userId,
      name: input.name,
      prefix: key.slice(0, KEY_PREFIX.length + 8),
      hash: hashKey(key),
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    })
    .returning();
  const created = toApiKey(row!);
  await record(tx, ctx.actor, {
    action: 'api_key.created',
    entityType: 'api_key',
    entityId: created.id,
    ip: ctx.ip,
    changes: { name: [null, created.name], userId: [null, userId], expiresAt: [null, created.expiresAt] },
  });
  return { ...created, key };
}

export async function createApiKey(
  db: Db,
  ctx: WriteContext & { actor: Actor },
  input: z.infer<typeof apiKeyCreate>,
) {
  return db.transaction((tx) => insertApiKey(tx, ctx, ctx.actor.userId, input));
}

/** Live keys: own keys, or everyone's for an admin. Revoked keys are gone. */
export async function listApiKeys(
  db: Db,
  actor: Actor,
  q: { limit: number; cursor?: string; userId?: string },
) {
  const ks = keyset({ column: apiKeys.id, id: apiKeys.id, descending: true, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, isNull(apiKeys.revokedAt)];
  if (actor.role !== 'admin') where.push(eq(apiKeys.userId, actor.userId));
  if (q.userId) where.push(eq(apiKeys.userId, q.userId));
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toApiKey), nextCursor: page.nextCursor };
}

export async function revokeApiKey(db: Db, ctx: WriteContext & { actor: Actor }, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const own = ctx.actor.role === 'admin' ? undefined : eq(apiKeys.userId, ctx.actor.userId);
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.now })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt), own))
      .returning();
    if (!row) throw new AppError('not_found', `There is no API key ${id}.`);
    await record(tx, ctx.actor, {
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: id,
      ip: ctx.ip,
      changes: { revoked: [false, true] },
    });
  });
}

/** The lookup every API-key request makes: prepared once per database (the hottest read of all). */
const keyLookup = preparedPerDatabase((db) =>
  db
    .select({ keyId: apiKeys.id, userId: users.id, role: users.role, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(
        eq(apiKeys.hash, sql.placeholder('hash')),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql.placeholder('now'))),
        eq(users.active, true),
      ),
    )
    .prepare('resolve_api_key'),
);

/** The user behind a presented key, if the key is live and its user active. */
export async function resolveApiKey(
  db: Db,
  key: string,
  now: Date,
): Promise<{ keyId: string; userId: string; role: Actor['role'] } | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const [row] = await keyLookup(db).execute({ hash: hashKey(key), now });
  if (!row) return null;
  // Record use at most once a minute, so a busy integration does not write on every call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.keyId));
  }
  return { keyId: row.keyId, userId: row.userId, role: row.role };
}
