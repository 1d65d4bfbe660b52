import { and, eq, getTableColumns, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type {
  Feedback,
  feedbackPatch,
  feedbackQuery,
  feedbackWrite,
  themesQuery,
} from '../../../core/schemas/health.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow, rawRows } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import {
  accountInScope,
  accounts,
  assertCanWorkAccounts,
  assertMayWrite,
  inAccountScope,
} from '../accounts/index.ts';
import { contacts } from '../contacts/index.ts';
import { feedback } from './feedback.table.ts';

/** The stored item, as the audit trail compares it: accountName is derived, not the item's. */
type FeedbackRecord = Omit<Feedback, 'accountName'>;

function toRecord(r: typeof feedback.$inferSelect): FeedbackRecord {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}
const toFeedback = ({
  accountName,
  ...r
}: typeof feedback.$inferSelect & { accountName: string }): Feedback => ({
  ...toRecord(r),
  accountName,
});
const recordOf = ({ accountName: _, ...rest }: Feedback): FeedbackRecord => rest;

/** Feedback with its account's name, from one join. */
const selectFeedback = (db: Db) =>
  db
    .select({ ...getTableColumns(feedback), accountName: accounts.name })
    .from(feedback)
    .innerJoin(accounts, eq(accounts.id, feedback.accountId));

export async function listFeedback(db: Db, actor: Actor, q: z.infer<typeof feedbackQuery>) {
  // Ids are time-ordered (UUID v7): newest first by id alone.
  const ks = keyset({ column: feedback.id, id: feedback.id, descending: true, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, inAccountScope(actor, feedback.accountId)];
  if (q.accountId) where.push(eq(feedback.accountId, q.accountId));
  if (q.productArea) where.push(eq(feedback.productArea, q.productArea));
  if (q.hasProductArea)
    where.push(q.hasProductArea === 'true' ? isNotNull(feedback.productArea) : isNull(feedback.productArea));
  if (q.title) where.push(eq(feedback.title, q.title));
  if (q.status) where.push(eq(feedback.status, q.status));
  const rows = await selectFeedback(db)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toFeedback), nextCursor: page.nextCursor };
}

export async function getFeedback(db: Db, actor: Actor, id: string): Promise<Feedback> {
  const [row] = await selectFeedback(db).where(
    and(eq(feedback.id, id), inAccountScope(actor, feedback.accountId)),
  );
  if (!row) throw new AppError('not_found', `There is no feedback ${id}.`);
  return toFeedback(row);
}

export async function createFeedback(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof feedbackWrite>,
): Promise<Feedback> {
  assertCanWorkAccounts(ctx.actor);
  return db.transaction(async (tx) => {
    const account = await accountInScope(tx, ctx.actor, input.accountId, {
      field: 'accountId',
      forUpdate: true,
    });
    if (input.contactId) await assertContact(tx, input.accountId, input.contactId);
    const [row] = await tx
      .insert(feedback)
      .values({
        accountId: input.accountId,
        contactId: input.contactId ?? null,
        title: input.title,
        body: input.body ?? null,
        productArea: input.productArea ?? null,
        status: input.status ?? 'new',
        createdById: ctx.actor.userId,
      })
      .returning();
    const created = toRecord(row!);
    await recordChange(tx, ctx, 'feedback', 'feedback.created', null, created);
    return { ...created, accountName: account.name };
  });
}

export async function updateFeedback(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof feedbackPatch>,
  expected?: number,
): Promise<Feedback> {
  return db.transaction(async (tx) => {
    await lockRow(tx, feedback, id);
    const before = await getFeedback(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    if (patch.contactId) await assertContact(tx, before.accountId, patch.contactId);
    const [row] = await tx
      .update(feedback)
      .set({ ...patch, version: sql`${feedback.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(feedback.id, id), eq(feedback.version, before.version)))
      .returning();
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The feedback changed while you saved it. Reload and try again.',
      );
    const after = toRecord(row);
    await recordChange(tx, ctx, 'feedback', 'feedback.updated', recordOf(before), after);
    // Feedback never changes account, so the name read with `before` is still its name.
    return { ...after, accountName: before.accountName };
  });
}

export async function deleteFeedback(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, feedback, id);
    const before = await getFeedback(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(feedback).where(eq(feedback.id, id));
    await recordChange(tx, ctx, 'feedback', 'feedback.deleted', recordOf(before), null);
  });
}

/**
 * Feedback in scope grouped by product area or title: items, distinct accounts, and the sum of
 * those accounts' current ARR (each account once per theme), largest ARR first.
 */
export async function feedbackThemes(db: Db, actor: Actor, q: z.infer<typeof themesQuery>) {
  const key = q.groupBy === 'title' ? feedback.title : feedback.productArea;
  const scope = inAccountScope(actor, feedback.accountId) ?? sql`true`;
  const rows = await rawRows<{ key: string | null; count: number; accounts: number; arr: string }>(
    db,
    sql`select g.key, sum(g.n)::int as count, count(*)::int as accounts, coalesce(sum(${accounts.arr}), 0)::text as arr
        from (select ${key} as key, ${feedback.accountId} as account_id, count(*) as n
              from ${feedback} where ${scope} group by 1, 2) g
        join ${accounts} on ${accounts.id} = g.account_id
        group by g.key
        order by sum(${accounts.arr}) desc, count desc, g.key nulls last`,
  );
  return rows.map((r) => ({ key: r.key, count: r.count, accounts: r.accounts, arr: Number(r.arr) }));
}

async function assertContact(tx: Db, accountId: string, contactId: string): Promise<void> {
  const [c] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.accountId, accountId)));
  if (!c) {
    throw new AppError('validation', `The contact ${contactId} is not a contact of this account.`, {
      errors: [{ path: 'contactId', message: 'is not a contact of this account' }],
    });
  }
}
