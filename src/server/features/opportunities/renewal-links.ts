import { and, eq, sql } from 'drizzle-orm';
import { isClosed, stageDefaults } from '../../../core/rules/forecast.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { opportunities } from './opportunities.table.ts';
import { type OpportunityRecord, renewalName, toOpportunity } from './opportunity-row.ts';
import { stageEvents } from './stage.ts';

/* What contract renewals and cancellations do to the contract's renewal opportunity, on their events. */

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
  ctx: WriteContext<Actor | null>,
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
        closedAt: ctx.now,
        stageChangedAt: ctx.now,
        createdById: ctx.actor?.userId ?? null,
      })
      // The sweep may have made one meanwhile; then win that one below.
      .onConflictDoNothing({ target: opportunities.contractId, where: sql`type = 'renewal'` })
      .returning();
    if (row) {
      const created = toOpportunity(row);
      await recordChange(
        tx,
        ctx,
        'opportunity',
        'opportunity.created',
        null,
        created,
        stageEvents(null, created),
      );
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
  ctx: WriteContext<Actor | null>,
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
  ctx: WriteContext<Actor | null>,
  before: OpportunityRecord,
  change: { stage: 'closed_won' | 'closed_lost'; closeDate: string; amount?: number; lostReason?: string },
  action: AuditAction,
): Promise<void> {
  const [row] = await tx
    .update(opportunities)
    .set({
      ...change,
      ...stageDefaults[change.stage],
      closedAt: ctx.now,
      stageChangedAt: ctx.now,
      version: sql`${opportunities.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(opportunities.id, before.id))
    .returning();
  const after = toOpportunity(row!);
  await recordChange(tx, ctx, 'opportunity', action, before, after, stageEvents(before, after));
}
