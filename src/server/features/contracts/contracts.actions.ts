import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { addDays, dayOf } from '../../../core/rules/dates.ts';
import { linesTotal } from '../../../core/rules/money.ts';
import { renewalTerm, uplifted } from '../../../core/rules/renewal-term.ts';
import type {
  Contract,
  ContractLineWrite,
  ContractRenew,
  contractCancel,
} from '../../../core/schemas/revenue.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { accountInScope, accounts, assertMayWrite } from '../accounts/index.ts';
import { arrOf, assertTerm, getContract, insertContract, lockContract } from './contracts.service.ts';
import { contracts } from './contracts.table.ts';
import { refreshAccountRevenue } from './revenue-cache.ts';

/**
 * Renews an active contract in one transaction: a new active contract (from the day after the old
 * end unless `startDate` says otherwise) linked both ways to the old one, which becomes `renewed`
 * (and, renewed early, ends the day before the new start);
 * the old contract's renewal opportunity is won at the new ARR today; the account's revenue cache
 * follows.
 */
export async function renewContract(
  db: Db,
  ctx: WriteContext,
  id: string,
  input: ContractRenew,
  expected?: number,
): Promise<Contract> {
  return db.transaction(async (tx) => {
    const old = await lockContract(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, old, expected);
    if (old.status !== 'active') {
      throw new AppError(
        'conflict',
        `The contract is ${old.status}; only an active contract can be renewed.`,
      );
    }
    if (old.cancelledOn !== null) {
      throw new AppError(
        'conflict',
        `The contract has notice of cancellation on ${old.cancelledOn}; it cannot be renewed.`,
      );
    }
    // The term of a renewal: from the day after the old end for the old term, unless the
    // request gives its own dates.
    const startDate = input.startDate ?? addDays(old.endDate, 1);
    const endDate = input.endDate ?? renewalTerm(old, startDate).endDate;
    assertTerm(startDate, endDate);
    // An early renewal co-terms the old contract: it ends the day before the new one starts, so
    // the two never count at once and the new ARR counts from its first day.
    if (startDate <= old.startDate) {
      throw new AppError('validation', 'The renewal must start after the old contract started.', {
        errors: [{ path: 'startDate', message: `must be after ${old.startDate}` }],
      });
    }
    const oldEnd = startDate <= old.endDate ? addDays(startDate, -1) : old.endDate;
    if (input.arr === undefined && !input.lines?.length) {
      throw new AppError('validation', 'Give the renewed contract its arr (or its lines).', {
        errors: [{ path: 'arr', message: 'is required' }],
      });
    }
    const arr = await arrOf(tx, input.lines, input.arr, 0);
    const account = await accountInScope(tx, ctx.actor, old.accountId, { forUpdate: true });
    return writeRenewal(tx, ctx, old, account.ownerId, {
      name: input.name ?? old.name,
      startDate,
      endDate,
      oldEnd,
      arr,
      lines: input.lines ?? [],
    });
  });
}

/**
 * The automatic renewal of an auto-renew contract the sweep found ended (the caller has locked
 * it; null when it is no longer active, auto-renew and uncancelled): from the day after its end for the term of a renewal, at arr × (1 + upliftPercent / 100)
 * half away from zero to the cent — with lines, each unit price repriced so, and arr = Σ lines.
 * Audited as the system; the renewal deal is won through contract.renewed as for any renewal.
 */
export async function autoRenewContract(
  tx: Db,
  ctx: WriteContext<null>,
  id: string,
): Promise<Contract | null> {
  const old = await getContract(tx, null, id);
  // Another sweep may have renewed it while this one waited for the lock.
  if (old.status !== 'active' || !old.autoRenew || old.cancelledOn !== null) return null;
  const term = renewalTerm(old);
  const lines = old.lines.map((l) => ({
    productId: l.productId,
    quantity: l.quantity,
    unitPrice: uplifted(l.unitPrice, old.upliftPercent),
  }));
  const arr = lines.length ? linesTotal(lines) : uplifted(old.arr, old.upliftPercent);
  const [account] = await tx
    .select({ ownerId: accounts.ownerId })
    .from(accounts)
    .where(eq(accounts.id, old.accountId))
    .for('update');
  return writeRenewal(tx, ctx, old, account!.ownerId, {
    name: old.name,
    ...term,
    oldEnd: old.endDate,
    arr,
    lines,
  });
}

/**
 * Writes a renewal of the locked, active `old`: the new contract, the old one `renewed` (ending
 * on `oldEnd`), the account's revenue cache, and contract.renewed (on which opportunities win
 * the renewal deal).
 */
async function writeRenewal(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  old: Contract,
  ownerId: string,
  next: {
    name: string;
    startDate: string;
    endDate: string;
    oldEnd: string;
    arr: number;
    lines: ContractLineWrite[];
  },
): Promise<Contract> {
  const renewal = await insertContract(tx, ctx, {
    accountId: old.accountId,
    name: next.name,
    startDate: next.startDate,
    endDate: next.endDate,
    arr: next.arr,
    autoRenew: old.autoRenew,
    upliftPercent: old.upliftPercent,
    renewalWindowDays: old.renewalWindowDays,
    status: 'active',
    renewedFromId: old.id,
    lines: next.lines,
  });
  await tx
    .update(contracts)
    .set({
      status: 'renewed',
      endDate: next.oldEnd,
      renewedToId: renewal.id,
      version: sql`${contracts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(contracts.id, old.id));
  await refreshAccountRevenue(tx, [old.accountId], dayOf(ctx.now));
  // Opportunities win the contract's renewal deal on this event.
  const data = {
    contractId: old.id,
    contractName: old.name,
    renewalContractId: renewal.id,
    arr: next.arr,
    ownerId,
  };
  await recordChange(tx, ctx, 'contract', 'contract.renewed', old, await getContract(tx, null, old.id), [
    { type: 'contract.renewed', accountId: old.accountId, data },
  ]);
  return renewal;
}

/**
 * Cancels a draft or active contract: it stops counting on `cancelledOn` (at most the day after
 * its end); its open renewal is lost at once. Dated after today it is a notice: the contract stays
 * active until then and the renewal sweep cancels it on that day.
 */
export async function cancelContract(
  db: Db,
  ctx: WriteContext,
  id: string,
  input: z.infer<typeof contractCancel>,
  expected?: number,
): Promise<Contract> {
  return db.transaction(async (tx) => {
    const before = await lockContract(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    if (before.status !== 'active' && before.status !== 'draft') {
      throw new AppError(
        'conflict',
        `The contract is ${before.status}; only a draft or active contract can be cancelled.`,
      );
    }
    const latest = addDays(before.endDate, 1);
    if (input.cancelledOn > latest) {
      throw new AppError(
        'validation',
        `The contract ends on ${before.endDate}; it can be cancelled on ${latest} at the latest.`,
        { errors: [{ path: 'cancelledOn', message: `must be on or before ${latest}` }] },
      );
    }
    // A cancel dated after today is a notice: the contract stays active (and counts) until
    // cancelledOn, when the renewal sweep cancels it. A draft is cancelled at once.
    const notice = before.status === 'active' && input.cancelledOn > dayOf(ctx.now);
    await tx
      .update(contracts)
      .set({
        status: notice ? 'active' : 'cancelled',
        cancelledOn: input.cancelledOn,
        cancelReason: input.reason,
        version: sql`${contracts.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(contracts.id, id));
    await refreshAccountRevenue(tx, [before.accountId], dayOf(ctx.now));
    const after = await getContract(tx, null, id);
    // Opportunities lose the contract's open renewal deal on this event.
    const data = { contractId: id, cancelledOn: input.cancelledOn, reason: input.reason };
    await recordChange(tx, ctx, 'contract', 'contract.cancelled', before, after, [
      { type: 'contract.cancelled', accountId: before.accountId, data },
    ]);
    return after;
  });
}
