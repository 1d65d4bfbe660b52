import type { Opportunity } from '../../../core/schemas/revenue.ts';
import type { opportunities } from './opportunities.table.ts';

export type OpportunityRow = typeof opportunities.$inferSelect;

export function toOpportunity(r: OpportunityRow): Opportunity {
  return {
    ...r,
    closedAt: r.closedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The renewal opportunity of a contract is named after it. */
export const renewalName = (contractName: string): string => `Renewal: ${contractName}`.slice(0, 200);
