import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { isClosed, stageDefaults } from '../../../core/rules/forecast.ts';
import type { Db } from '../../db/index.ts';
import type { WriteContext } from '../accounts/accounts.service.ts';
import { recordChange } from '../audit/audit.service.ts';
import { opportunities } from './opportunities.table.ts';
import { type OpportunityRecord, renewalName, toOpportunity } from './opportunity-row.ts';

/* What contract actions do to a contract's renewal opportunity, inside their transaction. */

export async function assertNoOpportunityOnContract(tx: Db, contractId: string): Promise<void> {
  const [o] = await tx
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(eq(opportunities.contractId, contractId))
    .limit(1);
  if (o) {
    throw new AppError(
      'conflict',
      `Opportunity ${o.id} refers to this contract; delete it or clear its contractId first.`,
    );
  }
}

async function lockRenewalOf(tx: Db, contractId: string): Promise<OpportunityRecord | null> {
  const [row] = await tx
    .select()
    .from(opportunities)
    .where(and(eq(opportunities.contractId, contractId), eq(opportunities.type, 'renewal')))
    .for('update');
  return row ? toOpportunity(row) : null;
}

/**
 * On renewal: the contract's open renewal opportunity is won at the new ARR, closing today. When
 * it has none (renewed before the sweep made one), one is recorded won, so renewal forecasts count
 * it. A renewal opportunity already won or lost is left as it is.
 */
export async function winRenewal(
  tx: Db,
  ctx: WriteContext,
  contract: { id: string; accountId: string; name: string },
  ownerId: string,
  amount: number,
  today: string,
): Promise<void> {
  let current = await lockRenewalOf(tx, contract.id);
  if (!current) {
    const [row] = await tx
      .insert(opportunities)
      .values({
        accountId: contract.accountId,
        name: renewalName(contract.name),
        type: 'renewal',
        stage: 'closed_won',
        amount,
        ...stageDefaults.closed_won,
        closeDate: today,
        ownerId,
        contractId: contract.id,
        closedAt: sql`now()`,
        createdById: ctx.actor.userId,
      })
      // The sweep may have made one meanwhile; then win that one below.
      .onConflictDoNothing({ target: opportunities.contractId, where: sql`type = 'renewal'` })
      .returning();
    if (row) {
      await recordChange(tx, ctx, 'opportunity', 'opportunity.created', null, toOpportunity(row));
      return;
    }
    current = await lockRenewalOf(tx, contract.id);
  }
  if (!current || isClosed(current.stage)) return;
  await close(tx, ctx, current, { stage: 'closed_won', amount, closeDate: today }, 'opportunity.won');
}

/** On cancellation: the contract's open renewal opportunity is lost, with the cancellation as its reason. */
export async function loseRenewal(
  tx: Db,
  ctx: WriteContext,
  contractId: string,
  reason: string,
  today: string,
): Promise<void> {
  const current = await lockRenewalOf(tx, contractId);
  if (!current || isClosed(current.stage)) return;
  const lostReason = `Contract cancelled: ${reason}`.slice(0, 2000);
  await close(tx, ctx, current, { stage: 'closed_lost', lostReason, closeDate: today }, 'opportunity.lost');
}

async function close(
  tx: Db,
  ctx: WriteContext,
  before: OpportunityRecord,
  change: { stage: 'closed_won' | 'closed_lost'; closeDate: string; amount?: number; lostReason?: string },
  action: string,
): Promise<void> {
  const [row] = await tx
    .update(opportunities)
    .set({
      ...change,
      ...stageDefaults[change.stage],
      closedAt: sql`now()`,
      version: sql`${opportunities.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(opportunities.id, before.id))
    .returning();
  await recordChange(tx, ctx, 'opportunity', action, before, toOpportunity(row!));
}
