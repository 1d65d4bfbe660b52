import { and, eq, ilike, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import { toCents } from '../../../core/rules/money.ts';
import { type RecordSums, vendorRecordOf } from '../../../core/rules/vendor-record.ts';
import type { Vendor, vendorPatch, vendorsQuery, vendorWrite } from '../../../core/schemas/delivery.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import { diff, recordWrite } from '../../audit/record.ts';
import { requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { containsPattern } from '../../db/columns.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset, parseSort } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { vendorEngagements, vendors } from '../projects/index.ts';

type Row = typeof vendors.$inferSelect;
type Stored = Omit<Vendor, 'engagements' | 'totalCost' | 'averageRating' | 'onTimeRate'>;

const noRecord: RecordSums = {
  engagements: 0,
  deliveredCostCents: 0,
  delivered: 0,
  onTime: 0,
  rated: 0,
  ratingSum: 0,
};

function toStored(r: Row): Stored {
  const { createdById: _by, ...rest } = r;
  return { ...rest, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/**
 * The record of each vendor (all its engagements, whatever account they are on: it is the
 * vendor's record), in one aggregate query for the whole page.
 */
async function recordsOf(db: Db, vendorIds: string[]): Promise<Map<string, RecordSums>> {
  const map = new Map<string, RecordSums>();
  if (!vendorIds.length) return map;
  const e = vendorEngagements;
  const delivered = sql`${e.status} = 'delivered'`;
  const rows = await db
    .select({
      vendorId: e.vendorId,
      engagements: sql<number>`count(*)::int`,
      deliveredCost: sql<string>`coalesce(sum(${e.cost}) filter (where ${delivered}), 0)::text`,
      delivered: sql<number>`(count(*) filter (where ${delivered}))::int`,
      onTime: sql<number>`(count(*) filter (where ${delivered} and (${e.dueDate} is null or ${e.deliveredOn} <= ${e.dueDate})))::int`,
      rated: sql<number>`count(${e.rating})::int`,
      ratingSum: sql<number>`coalesce(sum(${e.rating}), 0)::int`,
    })
    .from(e)
    .where(inArray(e.vendorId, vendorIds))
    .groupBy(e.vendorId);
  for (const r of rows) {
    map.set(r.vendorId, {
      engagements: r.engagements,
      deliveredCostCents: toCents(Number(r.deliveredCost)),
      delivered: r.delivered,
      onTime: r.onTime,
      rated: r.rated,
      ratingSum: r.ratingSum,
    });
  }
  return map;
}

async function withRecords(db: Db, rows: Row[]): Promise<Vendor[]> {
  const records = await recordsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...toStored(r), ...vendorRecordOf(records.get(r.id) ?? noRecord) }));
}

const sortColumns = { name: vendors.name, updatedAt: vendors.updatedAt } as const;

export async function listVendors(db: Db, q: z.infer<typeof vendorsQuery>) {
  const { field, descending } = parseSort(q.sort);
  const sortField = field as keyof typeof sortColumns;
  const ks = keyset({ column: sortColumns[sortField], id: vendors.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where];
  if (q.active) where.push(eq(vendors.active, q.active === 'true'));
  if (q.category) where.push(sql`lower(${vendors.category}) = lower(${q.category})`);
  if (q.q) where.push(ilike(vendors.name, containsPattern(q.q)));
  const rows = await db
    .select()
    .from(vendors)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r[sortField]);
  return { data: await withRecords(db, page.data), nextCursor: page.nextCursor };
}

async function getRow(db: Db, id: string): Promise<Row> {
  const [row] = await db.select().from(vendors).where(eq(vendors.id, id));
  if (!row) throw new AppError('not_found', `There is no vendor ${id}.`);
  return row;
}

export async function getVendor(db: Db, id: string): Promise<Vendor> {
  const [vendor] = await withRecords(db, [await getRow(db, id)]);
  return vendor!;
}

/** Who may change the directory: the roles that work accounts. */
const assertMayEdit = (ctx: WriteContext) => requireRole(ctx.actor, 'admin', 'manager', 'account_manager');

export async function createVendor(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof vendorWrite>,
): Promise<Vendor> {
  assertMayEdit(ctx);
  return db.transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const [row] = await tx
      .insert(vendors)
      .values({
        name: input.name,
        category: input.category ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        website: input.website ?? null,
        notes: input.notes ?? null,
        active: input.active ?? true,
        createdById: ctx.actor.userId,
      })
      .returning()
      .catch(nameClash(input.name));
    const created = toStored(row!);
    await audit(tx, ctx, 'vendor.created', null, created, [
      { type: 'vendor.created', accountId: null, data: { vendorId: created.id, name: created.name } },
    ]);
    return { ...created, ...vendorRecordOf(noRecord) };
  });
}

export async function updateVendor(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof vendorPatch>,
  expected?: number,
): Promise<Vendor> {
  assertMayEdit(ctx);
  return db.transaction(async (tx) => {
    await lockRow(tx, vendors, id);
    const before = toStored(await getRow(tx, id));
    assertVersion(expected, before.version);
    if (patch.name && patch.name.toLowerCase() !== before.name.toLowerCase())
      await assertNameFree(tx, patch.name, id);
    const [row] = await tx
      .update(vendors)
      .set({ ...patch, version: sql`${vendors.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(vendors.id, id), eq(vendors.version, before.version)))
      .returning()
      .catch(nameClash(patch.name ?? before.name));
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The vendor changed while you saved it. Reload and try again.',
      );
    const after = toStored(row);
    const fields = Object.keys(diff(before, after));
    await audit(tx, ctx, 'vendor.updated', before, after, [
      { type: 'vendor.updated', accountId: null, data: { vendorId: id, fields } },
    ]);
    const [vendor] = await withRecords(tx, [row]);
    return vendor!;
  });
}

/** Deletes a vendor that has never been engaged; one with engagements stays (409): retire it instead. */
export async function deleteVendor(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  assertMayEdit(ctx);
  await db.transaction(async (tx) => {
    await lockRow(tx, vendors, id);
    const before = toStored(await getRow(tx, id));
    assertVersion(expected, before.version);
    const [used] = await tx
      .select({ id: vendorEngagements.id })
      .from(vendorEngagements)
      .where(eq(vendorEngagements.vendorId, id))
      .limit(1);
    if (used) {
      throw new AppError(
        'conflict',
        'This vendor has engagements, which keep its record: mark it inactive instead.',
        { errors: [{ path: 'engagements', message: 'the vendor has engagements' }] },
      );
    }
    await tx.delete(vendors).where(eq(vendors.id, id));
    await audit(tx, ctx, 'vendor.deleted', before, null, [
      { type: 'vendor.deleted', accountId: null, data: { vendorId: id } },
    ]);
  });
}

async function assertNameFree(tx: Db, name: string, exceptId?: string): Promise<void> {
  const [clash] = await tx
    .select({ id: vendors.id })
    .from(vendors)
    .where(
      and(sql`lower(${vendors.name}) = lower(${name})`, exceptId ? ne(vendors.id, exceptId) : undefined),
    );
  if (clash) throw nameTaken(name);
}

const nameTaken = (name: string) =>
  new AppError('conflict', `Another vendor is already called ${name}.`, {
    errors: [{ path: 'name', message: 'is taken' }],
  });

/** A concurrent write can take the name between the check and the insert; the unique index tells. */
const nameClash =
  (name: string) =>
  (err: unknown): never => {
    throw isUniqueViolation(err, 'vendors_name_unique') ? nameTaken(name) : err;
  };

async function audit(
  tx: Db,
  ctx: WriteContext,
  action: AuditAction,
  before: Stored | null,
  after: Stored | null,
  events: NewEvent[],
): Promise<void> {
  const entry = {
    action,
    entityType: 'vendor',
    entityId: (after ?? before)!.id,
    changes: diff(before, after),
  };
  await recordWrite(tx, ctx, [entry], events);
}
