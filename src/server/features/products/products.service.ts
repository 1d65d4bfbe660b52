import { and, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import type { Product, productPatch, productsQuery, productWrite } from '../../../core/schemas/revenue.ts';
import { diff, recordWrite } from '../../audit/record.ts';
import { requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { containsPattern } from '../../db/columns.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset, parseSort } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { products } from './products.table.ts';

type Row = typeof products.$inferSelect;

function toProduct(r: Row): Product {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

const sortColumns = { name: products.name, sku: products.sku, listPrice: products.listPrice } as const;

export async function listProducts(db: Db, q: z.infer<typeof productsQuery>) {
  const { field, descending } = parseSort(q.sort);
  const sortField = field as keyof typeof sortColumns;
  const ks = keyset({ column: sortColumns[sortField], id: products.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where];
  if (q.active) where.push(eq(products.active, q.active === 'true'));
  if (q.category) where.push(eq(products.category, q.category));
  if (q.q) {
    const pattern = containsPattern(q.q);
    where.push(or(ilike(products.name, pattern), ilike(products.sku, pattern)));
  }
  const rows = await db
    .select()
    .from(products)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r[sortField]);
  return { data: page.data.map(toProduct), nextCursor: page.nextCursor };
}

export async function getProduct(db: Db, id: string): Promise<Product> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw new AppError('not_found', `There is no product ${id}.`);
  return toProduct(row);
}

export async function createProduct(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof productWrite>,
): Promise<Product> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    await assertSkuFree(tx, input.sku);
    const [row] = await tx
      .insert(products)
      .values({
        name: input.name,
        sku: input.sku,
        category: input.category ?? null,
        listPrice: input.listPrice ?? 0,
        active: input.active ?? true,
      })
      .returning()
      .catch(skuClash(input.sku));
    const created = toProduct(row!);
    await audit(tx, ctx, 'product.created', null, created);
    return created;
  });
}

export async function updateProduct(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof productPatch>,
  expected?: number,
): Promise<Product> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    await lockRow(tx, products, id);
    const before = await getProduct(tx, id);
    assertVersion(expected, before.version);
    if (patch.sku && patch.sku !== before.sku) await assertSkuFree(tx, patch.sku, id);
    const [row] = await tx
      .update(products)
      .set({ ...patch, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(products.id, id), eq(products.version, before.version)))
      .returning()
      .catch(skuClash(patch.sku ?? before.sku));
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The product changed while you saved it. Reload and try again.',
      );
    const after = toProduct(row);
    await audit(tx, ctx, 'product.updated', before, after);
    return after;
  });
}

/** Deletes a product nothing sells; one on a contract line or an opportunity is deactivated instead (409). */
export async function deleteProduct(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await db.transaction(async (tx) => {
    await lockRow(tx, products, id);
    const before = await getProduct(tx, id);
    assertVersion(expected, before.version);
    // Contracts and opportunities refuse the delete (409) while they sell the product.
    await audit(tx, ctx, 'product.deleted', before, null, [
      { type: 'product.deleted', accountId: null, data: { productId: id } },
    ]);
    await tx.delete(products).where(eq(products.id, id));
  });
}

/** Product ids that must all exist; else 400 naming the first missing one by its index. */
export async function assertProductsExist(
  tx: Db,
  ids: string[],
  pathOf: (index: number) => string,
): Promise<void> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return;
  // Key-share locks keep the products from being deleted until the lines that name them are in.
  const found = await tx
    .select({ id: products.id })
    .from(products)
    .where(inArray(products.id, wanted))
    .for('key share');
  const have = new Set(found.map((f) => f.id));
  const index = ids.findIndex((p) => !have.has(p));
  if (index >= 0) {
    throw new AppError('validation', `There is no product ${ids[index]}.`, {
      errors: [{ path: pathOf(index), message: 'is not a product' }],
    });
  }
}

async function assertSkuFree(tx: Db, sku: string, exceptId?: string): Promise<void> {
  const [clash] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.sku, sku), exceptId ? ne(products.id, exceptId) : undefined));
  if (clash) throw skuTaken(sku);
}

const skuTaken = (sku: string) =>
  new AppError('conflict', `Another product already has the SKU ${sku}.`, {
    errors: [{ path: 'sku', message: 'is taken' }],
  });

/** A concurrent write can take the SKU between the check and the insert; the unique index tells. */
const skuClash =
  (sku: string) =>
  (err: unknown): never => {
    throw isUniqueViolation(err, 'products_sku_key') ? skuTaken(sku) : err;
  };

async function audit(
  tx: Db,
  ctx: WriteContext,
  action: AuditAction,
  before: Product | null,
  after: Product | null,
  events: NewEvent[] = [],
) {
  const entry = {
    action,
    entityType: 'product',
    entityId: (after ?? before)!.id,
    changes: diff(before, after),
  };
  await recordWrite(tx, ctx, [entry], events);
}
