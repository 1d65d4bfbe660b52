import { and, arrayContains, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import { primaryOf } from '../../../core/rules/coterm.ts';
import { isClosed, stageDefaults } from '../../../core/rules/forecast.ts';
import { fromCents, sumMoney, toCents } from '../../../core/rules/money.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { contracts } from '../contracts/index.ts';
import { opportunities } from './opportunities.table.ts';
import { type OpportunityRecord, renewalName, toOpportunity } from './opportunity-row.ts';
import { stageEvents } from './stage.ts';

/* What contract renewals and cancellations do to the contract's renewal opportunity, on their events. */

/** The renewal opportunity renewing the contract (alone or in its co-termed group), locked. */
async function lockRenewalOf(tx: Db, contractId: string): Promise<OpportunityRecord | null> {
  const [row] = await tx
    .select()
    .from(opportunities)
    .where(
      and(
        or(eq(opportunities.contractId, contractId), arrayContains(opportunities.contractIds, [contractId])),
        eq(opportunities.type, 'renewal'),
      ),
    )
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
  contract: { id: string; accountId: string; name: string; groupIds: string[] },
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
        contractIds: contract.groupIds,
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

/**
 * On cancellation: the contract's open renewal opportunity is lost, with the cancellation as its
 * reason — or, when it renews a co-termed group, the contract leaves the group: the deal's amount
 * drops by its ARR and, were it the primary, the next contract to have started becomes primary.
 */
export async function loseRenewal(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  contractId: string,
  reason: string,
  today: string,
): Promise<void> {
  const current = await lockRenewalOf(tx, contractId);
  if (!current || isClosed(current.stage)) return;
  const others = current.contractIds.filter((id) => id !== contractId);
  if (others.length) {
    await leaveGroup(tx, ctx, current, contractId, others);
    return;
  }
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

/** A cancelled contract leaves its renewal group (see loseRenewal). */
async function leaveGroup(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  before: OpportunityRecord,
  contractId: string,
  others: string[],
): Promise<void> {
  const members = await tx
    .select({ id: contracts.id, startDate: contracts.startDate, arr: contracts.arr })
    .from(contracts)
    .where(inArray(contracts.id, [contractId, ...others]));
  const leaving = members.find((m) => m.id === contractId)?.arr ?? 0;
  const primary = primaryOf(members.filter((m) => m.id !== contractId));
  const [row] = await tx
    .update(opportunities)
    .set({
      contractId: before.contractId === contractId ? primary.id : before.contractId,
      contractIds: others,
      amount: Math.max(0, fromCents(toCents(before.amount) - toCents(leaving))),
      version: sql`${opportunities.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(opportunities.id, before.id))
    .returning();
  await recordChange(tx, ctx, 'opportunity', 'opportunity.updated', before, toOpportunity(row!));
}

/**
 * A contract created active, without notice, joins the open renewal opportunity of its account's
 * contracts ending on the same day (an add-on co-termed with them): the deal's amount grows by its
 * ARR. A contract the win of a deal created is linked back to that deal.
 */
export async function onContractCreated(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  contractId: string,
  opportunityId: string | null,
): Promise<void> {
  const [c] = await tx.select().from(contracts).where(eq(contracts.id, contractId));
  if (!c) return;
  if (opportunityId) {
    await tx.update(opportunities).set({ contractId }).where(eq(opportunities.id, opportunityId));
  }
  if (c.status !== 'active' || c.cancelledOn !== null || c.renewedFromId !== null) return;
  await joinOpenRenewal(tx, ctx, c.accountId, c.endDate, [{ id: c.id, arr: c.arr }]);
}

/**
 * Adds contracts of an account ending on `endDate` to the open renewal opportunity whose primary
 * contract ends that day, if there is one (false: there is none): their ids join contractIds and
 * the amount grows by their ARR. Under the row lock a concurrent writer's additions are seen, so a
 * contract joins once.
 */
export async function joinOpenRenewal(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  accountId: string,
  endDate: string,
  joining: { id: string; arr: number }[],
): Promise<boolean> {
  const [open] = await tx
    .select({ o: opportunities })
    .from(opportunities)
    .innerJoin(contracts, eq(contracts.id, opportunities.contractId))
    .where(
      and(
        eq(opportunities.accountId, accountId),
        eq(opportunities.type, 'renewal'),
        notInArray(opportunities.stage, ['closed_won', 'closed_lost']),
        eq(contracts.endDate, endDate),
        eq(contracts.status, 'active'),
      ),
    )
    .limit(1)
    .for('update', { of: opportunities });
  if (!open) return false;
  const before = toOpportunity(open.o);
  const fresh = joining.filter((c) => !before.contractIds.includes(c.id));
  if (!fresh.length) return true;
  const [row] = await tx
    .update(opportunities)
    .set({
      contractIds: [...before.contractIds, ...fresh.map((c) => c.id)],
      amount: sumMoney([before.amount, ...fresh.map((c) => c.arr)]),
      version: sql`${opportunities.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(opportunities.id, before.id))
    .returning();
  await recordChange(tx, ctx, 'opportunity', 'opportunity.updated', before, toOpportunity(row!));
  return true;
}
