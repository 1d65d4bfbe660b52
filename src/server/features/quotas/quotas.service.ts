import { and, eq, gte, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import type { Quota, QuotaPatch, QuotaWrite, quotasQuery } from '../../../core/schemas/revenue.ts';
import { diff, record } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow, rawRows } from '../../db/index.ts';
import { keyset, parseSort } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { membersManagedBy, membersOfTeam } from '../teams/index.ts';
import { quotaUserScope } from './quota-scope.ts';
import { quotas } from './quotas.table.ts';

type Row = typeof quotas.$inferSelect;

function toQuota(r: Row): Quota {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

const sortColumns = { periodStart: quotas.periodStart, amount: quotas.amount } as const;

export async function listQuotas(db: Db, actor: Actor, q: z.infer<typeof quotasQuery>) {
  const { field, descending } = parseSort(q.sort);
  const sortField = field as keyof typeof sortColumns;
  const ks = keyset({ column: sortColumns[sortField], id: quotas.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, quotaUserScope(actor, quotas.userId)];
  if (q.userId) where.push(eq(quotas.userId, q.userId));
  if (q.teamId) where.push(sql`${quotas.userId} in (${membersOfTeam(q.teamId)})`);
  if (q.kind) where.push(eq(quotas.kind, q.kind));
  if (q.from) where.push(gte(quotas.periodEnd, q.from));
  if (q.to) where.push(lte(quotas.periodStart, q.to));
  const rows = await db
    .select()
    .from(quotas)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r[sortField]);
  return { data: page.data.map(toQuota), nextCursor: page.nextCursor };
}

export async function getQuota(db: Db, actor: Actor, id: string): Promise<Quota> {
  const [row] = await db
    .select()
    .from(quotas)
    .where(and(eq(quotas.id, id), quotaUserScope(actor, quotas.userId)));
  if (!row) throw new AppError('not_found', `There is no quota ${id}.`);
  return toQuota(row);
}

export async function createQuota(db: Db, ctx: WriteContext, input: QuotaWrite): Promise<Quota> {
  return db.transaction(async (tx) => {
    await assertMaySetQuotaOf(tx, ctx.actor, input.userId);
    assertPeriod(input.periodStart, input.periodEnd);
    await assertNoOverlap(tx, input);
    const [row] = await tx.insert(quotas).values(input).returning();
    const created = toQuota(row!);
    await audit(tx, ctx, 'quota.created', null, created);
    return created;
  });
}

export async function updateQuota(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: QuotaPatch,
  expected?: number,
): Promise<Quota> {
  return db.transaction(async (tx) => {
    await lockRow(tx, quotas, id);
    const before = await getQuota(tx, ctx.actor, id);
    await assertMaySetQuotaOf(tx, ctx.actor, before.userId);
    assertVersion(expected, before.version);
    const next = { ...before, ...patch };
    if (next.userId !== before.userId) await assertMaySetQuotaOf(tx, ctx.actor, next.userId);
    assertPeriod(next.periodStart, next.periodEnd);
    await assertNoOverlap(tx, next, id);
    const [row] = await tx
      .update(quotas)
      .set({ ...patch, version: sql`${quotas.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(quotas.id, id), eq(quotas.version, before.version)))
      .returning();
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The quota changed while you saved it. Reload and try again.',
      );
    const after = toQuota(row);
    await audit(tx, ctx, 'quota.updated', before, after);
    return after;
  });
}

export async function deleteQuota(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, quotas, id);
    const before = await getQuota(tx, ctx.actor, id);
    await assertMaySetQuotaOf(tx, ctx.actor, before.userId);
    assertVersion(expected, before.version);
    await tx.delete(quotas).where(eq(quotas.id, id));
    await audit(tx, ctx, 'quota.deleted', before, null);
  });
}

/**
 * Admins set anyone's quota, managers those of their teams' members, nobody else any. Locks the
 * user's row, so two writes of one person's quotas check overlaps in turn.
 */
async function assertMaySetQuotaOf(tx: Db, actor: Actor, userId: string): Promise<void> {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  if (!user) {
    throw new AppError('validation', `No user has the id ${userId}.`, {
      errors: [{ path: 'userId', message: 'is not a user' }],
    });
  }
  if (actor.role === 'admin') return;
  if (actor.role === 'manager') {
    const [managed] = await rawRows<{ ok: boolean }>(
      tx,
      sql`select ${userId}::uuid in (${membersManagedBy(actor.userId)}) as ok`,
    );
    if (managed?.ok) return;
    throw new AppError('forbidden', 'Managers set quotas only for members of the teams they manage.');
  }
  throw new AppError('forbidden', 'Only admins and managers set quotas.');
}

function assertPeriod(periodStart: string, periodEnd: string): void {
  if (periodEnd < periodStart) {
    throw new AppError('validation', `The period ends (${periodEnd}) before it starts (${periodStart}).`, {
      errors: [{ path: 'periodEnd', message: 'must be on or after periodStart' }],
    });
  }
}

/** One quota of a kind per person per day: overlapping periods would count twice in the forecast. */
async function assertNoOverlap(
  tx: Db,
  q: Pick<Quota, 'userId' | 'kind' | 'periodStart' | 'periodEnd'>,
  exceptId?: string,
): Promise<void> {
  const [clash] = await tx
    .select({ id: quotas.id, periodStart: quotas.periodStart, periodEnd: quotas.periodEnd })
    .from(quotas)
    .where(
      and(
        eq(quotas.userId, q.userId),
        eq(quotas.kind, q.kind),
        lte(quotas.periodStart, q.periodEnd),
        gte(quotas.periodEnd, q.periodStart),
        exceptId ? ne(quotas.id, exceptId) : undefined,
      ),
    );
  if (clash) {
    throw new AppError(
      'conflict',
      `This person already has a ${q.kind} quota for ${clash.periodStart} to ${clash.periodEnd}, which overlaps.`,
      { errors: [{ path: 'periodStart', message: 'overlaps another quota of this kind' }] },
    );
  }
}

async function audit(
  tx: Db,
  ctx: WriteContext,
  action: AuditAction,
  before: Quota | null,
  after: Quota | null,
) {
  await record(tx, ctx.actor, {
    action,
    entityType: 'quota',
    entityId: (after ?? before)!.id,
    ip: ctx.ip,
    changes: diff(before, after),
  });
}
