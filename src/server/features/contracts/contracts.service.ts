import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import { lineAmount, linesTotal, toCents } from '../../../core/rules/money.ts';
import type {
  Contract,
  ContractLineWrite,
  ContractPatch,
  ContractWrite,
  contractsQuery,
} from '../../../core/schemas/revenue.ts';
import { diff, recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { ref } from '../../db/columns.ts';
import type { Db } from '../../db/index.ts';
import { keyset, parseSort } from '../../http/pagination.ts';
import { accountInScope, assertCanWorkAccounts, assertMayWrite, inAccountScope } from '../accounts/index.ts';
import { assertProductsExist } from '../products/index.ts';
import { contractLines, contracts } from './contracts.table.ts';
import { refreshAccountRevenue } from './revenue-cache.ts';

export { refreshAccountRevenue };

interface LineRow {
  productId: string;
  quantity: number;
  unitPrice: number;
}

const linesOf = sql<
  LineRow[]
>`coalesce((select json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity, 'unitPrice', l.unit_price) order by l.position) from ${contractLines} l where l.contract_id = ${ref(contracts.id)}), '[]'::json)`;

const columns = {
  id: contracts.id,
  accountId: contracts.accountId,
  name: contracts.name,
  startDate: contracts.startDate,
  endDate: contracts.endDate,
  arr: contracts.arr,
  autoRenew: contracts.autoRenew,
  upliftPercent: contracts.upliftPercent,
  renewalWindowDays: contracts.renewalWindowDays,
  status: contracts.status,
  cancelledOn: contracts.cancelledOn,
  cancelReason: contracts.cancelReason,
  renewedFromId: contracts.renewedFromId,
  renewedToId: contracts.renewedToId,
  opportunityId: contracts.opportunityId,
  lines: linesOf,
  createdById: contracts.createdById,
  createdAt: contracts.createdAt,
  updatedAt: contracts.updatedAt,
  version: contracts.version,
};

type Row = Omit<typeof contracts.$inferSelect, 'externalIds'> & { lines: LineRow[] };

function toContract(r: Row): Contract {
  return {
    ...r,
    lines: r.lines.map((l) => ({
      productId: l.productId,
      quantity: Number(l.quantity),
      unitPrice: Number(l.unitPrice),
      amount: lineAmount(Number(l.quantity), Number(l.unitPrice)),
    })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const sortColumns = {
  endDate: contracts.endDate,
  startDate: contracts.startDate,
  name: contracts.name,
  arr: contracts.arr,
  updatedAt: contracts.updatedAt,
} as const;

export async function listContracts(db: Db, actor: Actor, q: z.infer<typeof contractsQuery>) {
  const { field, descending } = parseSort(q.sort);
  const sortField = field as keyof typeof sortColumns;
  const ks = keyset({ column: sortColumns[sortField], id: contracts.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, inAccountScope(actor, contracts.accountId)];
  if (q.accountId) where.push(eq(contracts.accountId, q.accountId));
  if (q.status) where.push(eq(contracts.status, q.status));
  if (q.endBefore) where.push(lte(contracts.endDate, q.endBefore));
  if (q.endAfter) where.push(gte(contracts.endDate, q.endAfter));
  const rows = await db
    .select(columns)
    .from(contracts)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r[sortField]);
  return { data: page.data.map(toContract), nextCursor: page.nextCursor };
}

export async function getContract(db: Db, actor: Actor | null, id: string): Promise<Contract> {
  const [row] = await db
    .select(columns)
    .from(contracts)
    .where(and(eq(contracts.id, id), actor ? inAccountScope(actor, contracts.accountId) : undefined));
  if (!row) throw new AppError('not_found', `There is no contract ${id}.`);
  return toContract(row);
}

/** The account a contract belongs to; null when there is no such contract. */
export async function contractAccountId(tx: Db, id: string): Promise<string | null> {
  const [row] = await tx
    .select({ accountId: contracts.accountId })
    .from(contracts)
    .where(eq(contracts.id, id));
  return row?.accountId ?? null;
}

/** The contract, locked for the rest of the transaction, if the actor may see it (else 404). */
export async function lockContract(tx: Db, actor: Actor | null, id: string): Promise<Contract> {
  const [row] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.id, id), actor ? inAccountScope(actor, contracts.accountId) : undefined))
    .for('update', { of: contracts });
  if (!row) throw new AppError('not_found', `There is no contract ${id}.`);
  return getContract(tx, null, id);
}

export async function createContract(db: Db, ctx: WriteContext, input: ContractWrite): Promise<Contract> {
  return db.transaction(async (tx) => {
    await accountInScope(tx, ctx.actor, input.accountId, { field: 'accountId', forUpdate: true });
    assertCanWorkAccounts(ctx.actor);
    assertTerm(input.startDate, input.endDate);
    const arr = await arrOf(tx, input.lines, input.arr, 0);
    const created = await insertContract(tx, ctx, {
      accountId: input.accountId,
      name: input.name,
      startDate: input.startDate,
      endDate: input.endDate,
      arr,
      autoRenew: input.autoRenew ?? false,
      upliftPercent: input.upliftPercent ?? 0,
      renewalWindowDays: input.renewalWindowDays ?? 120,
      status: input.status ?? 'active',
      lines: input.lines ?? [],
    });
    await refreshAccountRevenue(tx, [created.accountId], dayOf(ctx.now));
    return created;
  });
}

/** Inserts a contract with its lines and records it; the caller refreshes the account's revenue. */
export async function insertContract(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  values: Omit<typeof contracts.$inferInsert, 'createdById'> & { lines: ContractLineWrite[] },
): Promise<Contract> {
  const { lines, ...contract } = values;
  const [row] = await tx
    .insert(contracts)
    .values({ ...contract, createdById: ctx.actor?.userId ?? null })
    .returning({ id: contracts.id });
  await setLines(tx, row!.id, lines);
  const created = await getContract(tx, null, row!.id);
  await recordChange(tx, ctx, 'contract', 'contract.created', null, created, [
    {
      type: 'contract.created',
      accountId: created.accountId,
      data: { contractId: created.id, arr: created.arr, opportunityId: created.opportunityId },
    },
  ]);
  return created;
}

export async function updateContract(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: ContractPatch,
  expected?: number,
): Promise<Contract> {
  return db.transaction(async (tx) => {
    const before = await lockContract(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    if (patch.status && patch.status !== before.status && !['draft', 'active'].includes(before.status)) {
      throw new AppError(
        'conflict',
        `The contract is ${before.status}; only a draft or active contract moves between draft and active.`,
      );
    }
    assertTerm(patch.startDate ?? before.startDate, patch.endDate ?? before.endDate);
    let arr = patch.arr;
    if (patch.lines !== undefined) arr = await arrOf(tx, patch.lines, patch.arr, patch.arr ?? before.arr);
    else if (patch.arr !== undefined && before.lines.length && toCents(patch.arr) !== toCents(before.arr)) {
      throw new AppError('validation', 'This contract has lines: its arr is their total. Change the lines.', {
        errors: [{ path: 'arr', message: 'is the total of the lines' }],
      });
    }
    const { lines, ...fields } = patch;
    await tx
      .update(contracts)
      .set({ ...fields, arr, version: sql`${contracts.version} + 1`, updatedAt: sql`now()` })
      .where(eq(contracts.id, id));
    if (lines !== undefined) await setLines(tx, id, lines);
    await refreshAccountRevenue(tx, [before.accountId], dayOf(ctx.now));
    const after = await getContract(tx, null, id);
    await recordChange(tx, ctx, 'contract', 'contract.updated', before, after, [
      {
        type: 'contract.updated',
        accountId: after.accountId,
        data: { contractId: id, fields: Object.keys(diff(before, after)) },
      },
    ]);
    return after;
  });
}

/** Only a draft can be deleted (nothing counted it yet); an active contract is cancelled instead. */
export async function deleteContract(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockContract(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    if (before.status !== 'draft') {
      throw new AppError(
        'conflict',
        `The contract is ${before.status}; only a draft can be deleted. End an active one with POST /api/v1/contracts/${id}/cancel.`,
      );
    }
    await tx.delete(contracts).where(eq(contracts.id, id));
    await refreshAccountRevenue(tx, [before.accountId], dayOf(ctx.now));
    await recordChange(tx, ctx, 'contract', 'contract.deleted', before, null, [
      { type: 'contract.deleted', accountId: before.accountId, data: { contractId: id } },
    ]);
  });
}

export function assertTerm(startDate: string, endDate: string): void {
  if (endDate < startDate) {
    throw new AppError('validation', `The end date ${endDate} is before the start date ${startDate}.`, {
      errors: [{ path: 'endDate', message: 'must be on or after startDate' }],
    });
  }
}

/**
 * The ARR a write sets: with lines, Σ quantity × unitPrice (an `arr` sent alongside must agree);
 * without, the `arr` sent, else `fallback`.
 */
export async function arrOf(
  tx: Db,
  lines: ContractLineWrite[] | undefined,
  arr: number | undefined,
  fallback: number,
): Promise<number> {
  if (!lines?.length) return arr ?? fallback;
  await assertProductsExist(
    tx,
    lines.map((l) => l.productId),
    (i) => `lines.${i}.productId`,
  );
  const total = linesTotal(lines);
  if (total > 999_999_999_999.99) {
    throw new AppError('validation', 'The lines add up to more than 999,999,999,999.99.', {
      errors: [{ path: 'lines', message: 'total is too large' }],
    });
  }
  if (arr !== undefined && toCents(arr) !== toCents(total)) {
    throw new AppError(
      'validation',
      `arr ${arr} differs from the lines' total ${total} (Σ quantity × unitPrice); send one or the other.`,
      { errors: [{ path: 'arr', message: `must equal the lines' total ${total}` }] },
    );
  }
  return total;
}

async function setLines(tx: Db, contractId: string, lines: ContractLineWrite[]): Promise<void> {
  await tx.delete(contractLines).where(eq(contractLines.contractId, contractId));
  if (!lines.length) return;
  await tx.insert(contractLines).values(lines.map((l, position) => ({ contractId, position, ...l })));
}
