import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import type {
  Engagement,
  engagementPatch,
  engagementsQuery,
  engagementWrite,
} from '../../../core/schemas/delivery.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import { diff, recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { assertCanWorkAccounts, assertMayWrite, inAccountScope } from '../accounts/index.ts';
import { vendorEngagements } from './engagements.table.ts';
import { projects } from './projects.table.ts';
import { vendors } from './vendors.table.ts';

type Row = typeof vendorEngagements.$inferSelect & { vendorName: string; projectName: string };

const vendorName = sql<string>`(select v.name from ${vendors} v where v.id = ${vendorEngagements.vendorId})`;
const columns = { ...getTableColumns(vendorEngagements), vendorName, projectName: projects.name };

function toEngagement(r: Row): Engagement {
  return {
    id: r.id,
    vendorId: r.vendorId,
    vendorName: r.vendorName,
    projectId: r.projectId,
    projectName: r.projectName,
    accountId: r.accountId,
    scope: r.scope,
    cost: r.cost,
    dueDate: r.dueDate,
    status: r.status,
    deliveredOn: r.deliveredOn,
    rating: r.rating,
    notes: r.notes,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The stored fields only, for the audit trail. */
function stored(e: Engagement) {
  const { vendorName: _v, projectName: _p, ...rest } = e;
  return rest;
}

/** Newest first; visible with the project's account. */
export async function listEngagements(db: Db, actor: Actor, q: z.infer<typeof engagementsQuery>) {
  // Ids are time-ordered (UUID v7): newest first along the primary key.
  const ks = keyset({
    column: vendorEngagements.id,
    id: vendorEngagements.id,
    descending: true,
    cursor: q.cursor,
  });
  const where: (SQL | undefined)[] = [ks.where, inAccountScope(actor, vendorEngagements.accountId)];
  if (q.vendorId) where.push(eq(vendorEngagements.vendorId, q.vendorId));
  if (q.projectId) where.push(eq(vendorEngagements.projectId, q.projectId));
  if (q.accountId) where.push(eq(vendorEngagements.accountId, q.accountId));
  if (q.status) where.push(eq(vendorEngagements.status, q.status));
  const rows = await db
    .select(columns)
    .from(vendorEngagements)
    .innerJoin(projects, eq(projects.id, vendorEngagements.projectId))
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toEngagement), nextCursor: page.nextCursor };
}

export async function getEngagement(db: Db, actor: Actor, id: string): Promise<Engagement> {
  const [row] = await db
    .select(columns)
    .from(vendorEngagements)
    .innerJoin(projects, eq(projects.id, vendorEngagements.projectId))
    .where(and(eq(vendorEngagements.id, id), inAccountScope(actor, vendorEngagements.accountId)));
  if (!row) throw new AppError('not_found', `There is no vendor engagement ${id}.`);
  return toEngagement(row);
}

export async function createEngagement(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof engagementWrite>,
): Promise<Engagement> {
  assertCanWorkAccounts(ctx.actor);
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id, accountId: projects.accountId })
      .from(projects)
      .where(and(eq(projects.id, input.projectId), inAccountScope(ctx.actor, projects.accountId)));
    if (!project) throw new AppError('not_found', `There is no project ${input.projectId}.`);
    await assertVendor(tx, input.vendorId);
    const status = input.status ?? 'proposed';
    const delivery = deliveryOf(status, input.deliveredOn, input.rating, dayOf(ctx.now));
    const [row] = await tx
      .insert(vendorEngagements)
      .values({
        vendorId: input.vendorId,
        projectId: project.id,
        accountId: project.accountId,
        scope: input.scope ?? null,
        cost: input.cost,
        dueDate: input.dueDate ?? null,
        status,
        ...delivery,
        notes: input.notes ?? null,
        createdById: ctx.actor.userId,
      })
      .returning({ id: vendorEngagements.id });
    const created = await getEngagement(tx, ctx.actor, row!.id);
    await audit(tx, ctx, 'engagement.created', null, created, [
      {
        type: 'engagement.created',
        accountId: created.accountId,
        data: {
          engagementId: created.id,
          vendorId: created.vendorId,
          projectId: created.projectId,
          cost: created.cost,
          status: created.status,
        },
      },
    ]);
    return created;
  });
}

export async function updateEngagement(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof engagementPatch>,
  expected?: number,
): Promise<Engagement> {
  return db.transaction(async (tx) => {
    await lockRow(tx, vendorEngagements, id);
    const before = await getEngagement(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    const status = patch.status ?? before.status;
    // Delivery facts carry over while it stays delivered; leaving delivered clears them.
    const stays = status === 'delivered' && before.status === 'delivered';
    const delivery = deliveryOf(
      status,
      patch.deliveredOn !== undefined ? patch.deliveredOn : stays ? before.deliveredOn : undefined,
      patch.rating !== undefined ? patch.rating : stays ? before.rating : undefined,
      dayOf(ctx.now),
    );
    const [row] = await tx
      .update(vendorEngagements)
      .set({
        ...patch,
        ...delivery,
        version: sql`${vendorEngagements.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(vendorEngagements.id, id), eq(vendorEngagements.version, before.version)))
      .returning({ id: vendorEngagements.id });
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The engagement changed while you saved it. Reload and try again.',
      );
    const after = await getEngagement(tx, ctx.actor, id);
    const fields = Object.keys(diff(stored(before), stored(after)));
    await audit(tx, ctx, 'engagement.updated', before, after, [
      {
        type: 'engagement.updated',
        accountId: after.accountId,
        data: { engagementId: id, projectId: after.projectId, fields, status: after.status },
      },
    ]);
    return after;
  });
}

export async function deleteEngagement(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, vendorEngagements, id);
    const before = await getEngagement(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(vendorEngagements).where(eq(vendorEngagements.id, id));
    await audit(tx, ctx, 'engagement.deleted', before, null, [
      {
        type: 'engagement.deleted',
        accountId: before.accountId,
        data: { engagementId: id, projectId: before.projectId },
      },
    ]);
  });
}

const invalid = (path: string, message: string, detail: string) =>
  new AppError('validation', detail, { errors: [{ path, message }] });

/**
 * deliveredOn and rating belong to a delivery: delivered, deliveredOn defaults to today; otherwise
 * both are empty, and a rating or a delivery date sent for work not delivered is 400 naming it.
 */
function deliveryOf(
  status: Engagement['status'],
  deliveredOn: string | null | undefined,
  rating: number | null | undefined,
  today: string,
): { deliveredOn: string | null; rating: number | null } {
  if (status === 'delivered') return { deliveredOn: deliveredOn ?? today, rating: rating ?? null };
  if (rating != null)
    throw invalid('rating', 'can be given only once delivered', 'Rate an engagement once it is delivered.');
  if (deliveredOn != null)
    throw invalid(
      'deliveredOn',
      'can be set only once delivered',
      'An engagement has a delivery date once it is delivered.',
    );
  return { deliveredOn: null, rating: null };
}

/** The vendor must exist; a key-share lock keeps it from being deleted until the engagement is in. */
async function assertVendor(tx: Db, vendorId: string): Promise<void> {
  const found = await tx
    .select({ id: vendors.id })
    .from(vendors)
    .where(eq(vendors.id, vendorId))
    .for('key share');
  if (!found.length) throw invalid('vendorId', 'is not a vendor', `There is no vendor ${vendorId}.`);
}

async function audit(
  tx: Db,
  ctx: WriteContext,
  action: AuditAction,
  before: Engagement | null,
  after: Engagement | null,
  events: NewEvent[],
): Promise<void> {
  await recordChange(tx, ctx, 'engagement', action, before && stored(before), after && stored(after), events);
}
