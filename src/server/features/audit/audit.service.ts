import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { AuditEntry, auditQuery } from '../../../core/schemas/people.ts';
import { auditLog } from '../../audit/audit.table.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { inAccountScope } from '../accounts/index.ts';

export async function listAudit(
  db: Db,
  actor: Actor,
  q: z.infer<typeof auditQuery>,
): Promise<{ data: AuditEntry[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (actor.role === 'manager') {
    where.push(sql`${auditLog.accountId} is not null`, inAccountScope(actor, auditLog.accountId));
  } else if (actor.role !== 'admin') {
    throw new AppError('forbidden', 'Only admins and managers can read the audit log.');
  }
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
  // Ids are time-ordered (UUID v7), so the id alone is the keyset: newest first.
  const ks = keyset({ column: auditLog.id, id: auditLog.id, descending: true, cursor: q.cursor });
  where.push(ks.where);
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return {
    data: page.data.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorType: r.actorType,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      changes: r.changes,
      ip: r.ip,
    })),
    nextCursor: page.nextCursor,
  };
}
