import { and, eq, ne, sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { EventOf } from '../../../core/events.ts';
import { proposedContract } from '../../../core/rules/coterm.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { renewForWonDeal } from './contracts.actions.ts';
import { insertContract } from './contracts.service.ts';
import { contracts } from './contracts.table.ts';
import { refreshAccountRevenue } from './revenue-cache.ts';

/*
 * Winning a deal changes ARR (docs/domain-rules.md#winning-a-deal-changes-arr): what contracts do,
 * in the writer's transaction, when an opportunity is won, reopened or deleted.
 */

/**
 * A won new_business, upsell or cross_sell deal creates an active contract co-termed with the
 * account's latest live contract (core/rules/coterm.ts), as the request adjusted it — or none when
 * the request said `contract: null`; a won renewal renews its contract.
 */
export async function onDealWon(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  event: EventOf<'opportunity.won'>,
): Promise<void> {
  const { opportunityId, type, amount, closeDate, contractId, name, contract: change } = event.data;
  const accountId = event.accountId!;
  if (type === 'renewal') {
    if (contractId) await renewForWonDeal(tx, ctx, contractId, amount);
    return;
  }
  if (change === null) return;
  const account = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.accountId, accountId), eq(contracts.status, 'active')))
    .for('update');
  const proposal = proposedContract(closeDate, amount, account);
  const startDate = change?.startDate ?? proposal.startDate;
  const endDate = change?.endDate ?? proposal.endDate;
  if (endDate < startDate) {
    throw new AppError(
      'validation',
      `The contract would end on ${endDate}, before it starts on ${startDate}.`,
      {
        errors: [{ path: 'contract.endDate', message: `must be on or after ${startDate}` }],
      },
    );
  }
  await insertContract(tx, ctx, {
    accountId,
    name,
    startDate,
    endDate,
    arr: change?.arr ?? proposal.arr,
    autoRenew: proposal.autoRenew,
    upliftPercent: proposal.upliftPercent,
    renewalWindowDays: proposal.renewalWindowDays,
    status: 'active',
    opportunityId,
    lines: [],
  });
  await refreshAccountRevenue(tx, [accountId], dayOf(ctx.now));
}

/** The contract a won deal created that still runs or ran (not cancelled), if any. */
async function liveContractOf(tx: Db, opportunityId: string) {
  const [c] = await tx
    .select({ id: contracts.id, name: contracts.name, status: contracts.status })
    .from(contracts)
    .where(and(eq(contracts.opportunityId, opportunityId), ne(contracts.status, 'cancelled')))
    .limit(1);
  return c;
}

const stillThere = (c: { id: string; name: string; status: string }, path: string) =>
  new AppError(
    'conflict',
    `Winning this deal created the contract “${c.name}” (${c.status}); cancel that contract first.`,
    { errors: [{ path, message: `contract ${c.id} created by the win still exists; cancel it first` }] },
  );

/** Moving a won deal back to an open stage while the contract it created exists → 409 naming it. */
export async function onDealReopened(tx: Db, event: EventOf<'opportunity.stage_changed'>): Promise<void> {
  if (event.data.from !== 'closed_won') return;
  const c = await liveContractOf(tx, event.data.opportunityId);
  if (!c) return;
  throw stillThere(c, 'stage');
}

/** A deleted deal: refused while its contract exists, else the cancelled contract forgets it. */
export async function onDealDeleted(tx: Db, event: EventOf<'opportunity.deleted'>): Promise<void> {
  const { opportunityId } = event.data;
  const c = await liveContractOf(tx, opportunityId);
  if (c) {
    throw stillThere(c, 'id');
  }
  await tx
    .update(contracts)
    .set({ opportunityId: null, version: sql`${contracts.version} + 1`, updatedAt: sql`now()` })
    .where(eq(contracts.opportunityId, opportunityId));
}
