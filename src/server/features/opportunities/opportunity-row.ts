import { eq, getTableColumns } from 'drizzle-orm';
import type { Opportunity } from '../../../core/schemas/revenue.ts';
import type { Db } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { opportunities } from './opportunities.table.ts';

export type OpportunityRow = Omit<typeof opportunities.$inferSelect, 'externalIds'>;
/** The stored opportunity, as the audit trail compares it: accountName is derived, not the opportunity's. */
export type OpportunityRecord = Omit<Opportunity, 'accountName'>;

export function toOpportunity(r: OpportunityRow): OpportunityRecord {
  return {
    ...r,
    closedAt: r.closedAt?.toISOString() ?? null,
    stageChangedAt: r.stageChangedAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const named = (o: OpportunityRecord, accountName: string): Opportunity => ({ ...o, accountName });
export const recordOf = ({ accountName: _, ...rest }: Opportunity): OpportunityRecord => rest;

/** Opportunities with their account's name, from one join. */
export const selectOpportunities = (db: Db) =>
  db
    .select({ ...getTableColumns(opportunities), accountName: accounts.name })
    .from(opportunities)
    .innerJoin(accounts, eq(accounts.id, opportunities.accountId));

/** The renewal opportunity of a contract is named after it. */
export const renewalName = (contractName: string): string => `Renewal: ${contractName}`.slice(0, 200);
