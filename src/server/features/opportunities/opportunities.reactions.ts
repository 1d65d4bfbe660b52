import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import type { Reactions } from '../../feature.ts';
import { opportunities } from './opportunities.table.ts';
import { loseRenewal, onContractCreated, winRenewal } from './renewal-links.ts';

/** What opportunities do, in the writer's transaction, when other features change things. */
export const opportunityReactions: Reactions = {
  // A renewed contract wins its renewal deal at the new ARR (or records one won).
  'contract.renewed': async (tx, event, ctx) => {
    const { contractId, contractIds, contractName, ownerId, arr } = event.data;
    const contract = {
      id: contractId,
      accountId: event.accountId!,
      name: contractName,
      groupIds: contractIds,
    };
    await winRenewal(tx, ctx, contract, ownerId, arr, dayOf(ctx.now));
  },
  // A contract a win created is linked to the deal; an add-on joins its group's open renewal deal.
  'contract.created': async (tx, event, ctx) => {
    await onContractCreated(tx, ctx, event.data.contractId, event.data.opportunityId);
  },
  // A cancelled contract loses its open renewal deal, with the cancellation as the reason.
  'contract.cancelled': async (tx, event, ctx) => {
    await loseRenewal(tx, ctx, event.data.contractId, event.data.reason, dayOf(ctx.now));
  },
  // A product an opportunity sells stays in the catalogue (it can be deactivated instead).
  'product.deleted': async (tx, event) => {
    const [deal] = await tx
      .select({ id: opportunities.id })
      .from(opportunities)
      .where(sql`${opportunities.productIds} @> array[${event.data.productId}]::uuid[]`)
      .limit(1);
    if (deal) {
      throw new AppError(
        'conflict',
        'Opportunities sell this product, so it stays in the catalogue: deactivate it with PATCH { "active": false } instead.',
      );
    }
  },
};
