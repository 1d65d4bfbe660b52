import { eq } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import type { Reactions } from '../../feature.ts';
import { contractLines } from './contracts.table.ts';
import { refreshAccountRevenue } from './revenue-cache.ts';
import { onDealDeleted, onDealReopened, onDealWon } from './won-deals.ts';

/** What contracts do, in the writer's transaction, when other features change things. */
export const contractReactions: Reactions = {
  // Winning a deal changes ARR: a contract for new money, the renewal of a renewal's contract.
  'opportunity.won': (tx, event, ctx) => onDealWon(tx, ctx, event),
  // A won deal whose contract exists stays won, and is not deleted, until the contract is cancelled.
  'opportunity.stage_changed': (tx, event) => onDealReopened(tx, event),
  'opportunity.deleted': (tx, event) => onDealDeleted(tx, event),
  // Imported contracts: their accounts' ARR and renewal date, once per batch.
  'import.rows_written': async (tx, event, ctx) => {
    if (event.data.entity === 'contracts')
      await refreshAccountRevenue(tx, event.data.accountIds, dayOf(ctx.now));
  },
  // A product sold on a contract line stays in the catalogue (it can be deactivated instead).
  'product.deleted': async (tx, event) => {
    const [line] = await tx
      .select({ id: contractLines.id })
      .from(contractLines)
      .where(eq(contractLines.productId, event.data.productId))
      .limit(1);
    if (line) {
      throw new AppError(
        'conflict',
        'Contracts sell this product, so it stays in the catalogue: deactivate it with PATCH { "active": false } instead.',
      );
    }
  },
};
