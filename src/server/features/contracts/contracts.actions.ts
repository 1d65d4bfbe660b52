import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { primaryOf } from '../../../core/rules/coterm.ts';
import { addDays, dayOf } from '../../../core/rules/dates.ts';
import { linesTotal, sumMoney } from '../../../core/rules/money.ts';
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
 * Renews a contract in one transaction — with it, every contract of its account that ends the same
 * day (its co-termed group, docs/domain-rules.md#co-termed-contracts-renew-together): one new
 * active contract (from the day after the old end, for the primary's term, unless the request says
 * otherwise), and each old one `renewed` (renewed early, it ends the day before the new start);
 * the group's renewal opportunity is won at the new ARR; the account's revenue cache follows.
 */
export async function renewContract(
  db: Db,
  ctx: WriteContext,
  id: string,
  input: ContractRenew,
  expected?: number,
): Promise<Contract> {
  return db.transaction(async (tx) => {
    const target = await lockContract(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, target, expected);
    if (input.arr === undefined && !input.lines?.length) {
      throw new AppError('validation', 'Give the renewed contract its arr (or its lines).', {
        errors: [{ path: 'arr', message: 'is required' }],
      });
    }
    const group = await lockGroup(tx, target);
    const arr = await arrOf(tx, input.lines, input.arr, 0);
    const account = await accountInScope(tx, ctx.actor, target.accountId, { forUpdate: true });
    return writeRenewal(tx, ctx, group, account.ownerId, {
      ...renewalDates(primaryOf(group), input),
      name: input.name,
      arr,
      lines: input.lines ?? [],
    });
  });
}

/**
 * Winning a renewal deal renews its contract (and the contract's co-termed group) at the deal's
 * amount for the term of a renewal, as POST /contracts/:id/renew would — unless it was renewed
 * already, when there is nothing more to do. An expired contract renews too: a renewal signed late
 * runs from the day after the old end all the same.
 */
export async function renewForWonDeal(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  contractId: string,
  amount: number,
): Promise<void> {
  const target = await lockContract(tx, null, contractId);
  if (target.status === 'renewed') return;
  const group = await lockGroup(tx, target);
  const [account] = await tx
    .select({ ownerId: accounts.ownerId })
    .from(accounts)
    .where(eq(accounts.id, target.accountId))
    .for('update');
  await writeRenewal(tx, ctx, group, account!.ownerId, {
    ...renewalDates(primaryOf(group), {}),
    arr: amount,
    lines: [],
  });
}

/**
 * The automatic renewal of an auto-renew contract the sweep found ended (the caller has locked
 * it; null when it is no longer active, auto-renew and uncancelled, or its group's primary does not
 * renew automatically): the whole co-termed group, from the day after its end for the primary's
 * term, each member at arr × (1 + upliftPercent / 100) half away from zero to the cent, summed —
 * with lines, each unit price repriced so (the members' lines together when every member has
 * lines; else none, so arr stays the sum). Audited as the system; the renewal deal is won through
 * contract.renewed as for any renewal.
 */
export async function autoRenewContract(
  tx: Db,
  ctx: WriteContext<null>,
  id: string,
): Promise<Contract | null> {
  const old = await getContract(tx, null, id);
  // Another sweep may have renewed it while this one waited for the lock.
  if (old.status !== 'active' || !old.autoRenew || old.cancelledOn !== null) return null;
  const group = await lockGroup(tx, old);
  const primary = primaryOf(group);
  if (!primary.autoRenew) return null;
  const repriced = group.map((c) => ({
    arr: c.lines.length ? linesTotal(repricedLines(c)) : uplifted(c.arr, c.upliftPercent),
    lines: repricedLines(c),
  }));
  const everyLined = group.every((c) => c.lines.length > 0);
  const [account] = await tx
    .select({ ownerId: accounts.ownerId })
    .from(accounts)
    .where(eq(accounts.id, old.accountId))
    .for('update');
  return writeRenewal(tx, ctx, group, account!.ownerId, {
    ...renewalDates(primary, {}),
    arr: sumMoney(repriced.map((r) => r.arr)),
    lines: everyLined ? repriced.flatMap((r) => r.lines) : [],
  });
}

const repricedLines = (c: Contract): ContractLineWrite[] =>
  c.lines.map((l) => ({
    productId: l.productId,
    quantity: l.quantity,
    unitPrice: uplifted(l.unitPrice, c.upliftPercent),
  }));

/**
 * The co-termed group of a contract that may be renewed, locked in (startDate, id) order: the
 * contracts of its account with its status and endDate and no notice of cancellation. Only an
 * active or expired contract without notice renews (409 otherwise).
 */
async function lockGroup(tx: Db, target: Contract): Promise<Contract[]> {
  if (target.status !== 'active' && target.status !== 'expired') {
    throw new AppError(
      'conflict',
      `The contract is ${target.status}; only an active contract can be renewed.`,
    );
  }
  if (target.cancelledOn !== null) {
    throw new AppError(
      'conflict',
      `The contract has notice of cancellation on ${target.cancelledOn}; it cannot be renewed.`,
    );
  }
  const rows = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.accountId, target.accountId),
        eq(contracts.endDate, target.endDate),
        eq(contracts.status, target.status),
        isNull(contracts.cancelledOn),
      ),
    )
    .orderBy(contracts.startDate, contracts.id)
    .for('update');
  return Promise.all(rows.map((r) => getContract(tx, null, r.id)));
}

/**
 * The dates of a renewal of the group whose primary is `primary`: from the day after its end (or
 * the request's startDate, after the primary started) for the primary's term (or to the request's
 * endDate); and the day the old contracts end — the day before the new start when renewed early,
 * so the two never count at once.
 */
function renewalDates(
  primary: Contract,
  input: { startDate?: string; endDate?: string },
): { startDate: string; endDate: string; oldEnd: string } {
  const startDate = input.startDate ?? addDays(primary.endDate, 1);
  const endDate = input.endDate ?? renewalTerm(primary, startDate).endDate;
  assertTerm(startDate, endDate);
  if (startDate <= primary.startDate) {
    throw new AppError('validation', 'The renewal must start after the old contract started.', {
      errors: [{ path: 'startDate', message: `must be after ${primary.startDate}` }],
    });
  }
  return {
    startDate,
    endDate,
    oldEnd: startDate <= primary.endDate ? addDays(startDate, -1) : primary.endDate,
  };
}

/**
 * Writes the renewal of a locked group: the new contract (the primary's name, renewal terms and
 * renewedFromId), each old one `renewed` with renewedToId and ending on `oldEnd`, the account's
 * revenue cache, and one contract.renewed for the group (on which opportunities win its renewal
 * deal).
 */
async function writeRenewal(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  group: Contract[],
  ownerId: string,
  next: {
    name?: string;
    startDate: string;
    endDate: string;
    oldEnd: string;
    arr: number;
    lines: ContractLineWrite[];
  },
): Promise<Contract> {
  const primary = primaryOf(group);
  const renewal = await insertContract(tx, ctx, {
    accountId: primary.accountId,
    name: next.name ?? primary.name,
    startDate: next.startDate,
    endDate: next.endDate,
    arr: next.arr,
    autoRenew: primary.autoRenew,
    upliftPercent: primary.upliftPercent,
    renewalWindowDays: primary.renewalWindowDays,
    status: 'active',
    renewedFromId: primary.id,
    lines: next.lines,
  });
  const ids = group.map((c) => c.id);
  await tx
    .update(contracts)
    .set({
      status: 'renewed',
      endDate: next.oldEnd,
      renewedToId: renewal.id,
      version: sql`${contracts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(inArray(contracts.id, ids));
  await refreshAccountRevenue(tx, [primary.accountId], dayOf(ctx.now));
  for (const old of group) {
    const after = await getContract(tx, null, old.id);
    // Opportunities win the group's renewal deal on this event, raised once for the group.
    const events =
      old.id === primary.id
        ? [
            {
              type: 'contract.renewed' as const,
              accountId: old.accountId,
              data: {
                contractId: old.id,
                contractIds: ids,
                contractName: old.name,
                renewalContractId: renewal.id,
                arr: next.arr,
                ownerId,
              },
            },
          ]
        : [];
    await recordChange(tx, ctx, 'contract', 'contract.renewed', old, after, events);
  }
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
