import { eq } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { Reactions } from '../../feature.ts';
import { contractLines } from './contracts.table.ts';

/** What contracts do, in the writer's transaction, when other features change things. */
export const contractReactions: Reactions = {
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
