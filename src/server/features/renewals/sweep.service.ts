import { and, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { NewEvent } from '../../../core/events.ts';
import { primaryOf } from '../../../core/rules/coterm.ts';
import { addDays, dayOf, maxDate } from '../../../core/rules/dates.ts';
import { dealDefaults, type LikelihoodBand } from '../../../core/rules/forecast.ts';
import { sumMoney } from '../../../core/rules/money.ts';
import { MAX_RENEWAL_WINDOW_DAYS, type SweepResult } from '../../../core/schemas/revenue.ts';
import { type AuditInput, diff, recordWrite } from '../../audit/record.ts';
import type { WriteContext } from '../../auth/context.ts';
import { newId } from '../../db/columns.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { autoRenewContract, contracts, refreshAccountRevenue } from '../contracts/index.ts';
import {
  joinOpenRenewal,
  opportunities,
  renewalName,
  stageEvents,
  toOpportunity,
} from '../opportunities/index.ts';
import { tasks } from '../tasks/index.ts';

/** Contracts handled per transaction, so a large first run never holds one transaction for long. */
const BATCH = 500;

interface Candidate {
  id: string;
  name: string;
  account_id: string;
  account_name: string;
  owner_id: string;
  health_band: LikelihoodBand;
  arr: string;
  start_date: string;
  end_date: string;
}

/**
 * The renewal sweep (docs/domain-rules.md#the-renewal-sweep), as of `asOf`: contracts whose notice
 * of cancellation has come due are cancelled; auto-renew contracts
 * that ended are renewed (unless their renewal was lost or they were cancelled); every active contract ending within its renewal
 * window after asOf that has no renewal opportunity gets one, with a task for the account owner;
 * active contracts that ended before asOf expire; then every account's revenue cache is refreshed
 * for the day of the write. Idempotent, and safe when two processes run it at once: the unique index on a
 * contract's renewal opportunity decides who creates it, and only the creator adds the task.
 * Contracts of archived accounts are left alone.
 */
export async function runRenewalSweep(db: Db, ctx: WriteContext<null>, asOf: string): Promise<SweepResult> {
  const today = dayOf(ctx.now);
  // Notices of cancellation that have come due: those contracts are cancelled, not renewed.
  let contractsCancelled = 0;
  for (;;) {
    const cancelled = await db.transaction((tx) => cancelDue(tx, ctx, asOf));
    contractsCancelled += cancelled;
    if (cancelled < BATCH) break;
  }
  // Auto-renew contracts that ended are renewed first, term after term until the newest covers
  // asOf, so the renewal that runs on gets its renewal opportunity below when it is due one.
  let contractsRenewed = 0;
  for (;;) {
    const renewed = await db.transaction((tx) => autoRenew(tx, ctx, asOf));
    contractsRenewed += renewed;
    if (renewed === 0) break;
  }
  let opportunitiesCreated = 0;
  let after: Candidate | null = null;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const found = await candidates(tx, asOf, after);
      return { found, created: found.length ? await createRenewals(tx, ctx, found, asOf) : 0 };
    });
    opportunitiesCreated += batch.created;
    if (batch.found.length < BATCH) break;
    after = batch.found[batch.found.length - 1]!;
  }
  let contractsExpired = 0;
  for (;;) {
    const expired = await db.transaction((tx) => expire(tx, ctx, asOf));
    contractsExpired += expired;
    if (expired < BATCH) break;
  }
  const accountsRefreshed = await db.transaction((tx) => refreshAccountRevenue(tx, null, today));
  return {
    asOf,
    opportunitiesCreated,
    tasksCreated: opportunitiesCreated,
    contractsExpired,
    contractsRenewed,
    contractsCancelled,
    accountsRefreshed,
  };
}

/**
 * Active contracts with notice of cancellation on or before asOf become cancelled, a batch at a
 * time. Their renewal deal was lost when the notice was given (contract.cancelled), so this only
 * records the status change.
 */
async function cancelDue(tx: Db, ctx: WriteContext<null>, asOf: string): Promise<number> {
  const due = tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.status, 'active'), lte(contracts.cancelledOn, asOf)))
    .orderBy(contracts.cancelledOn, contracts.id)
    .limit(BATCH);
  const rows = await tx
    .update(contracts)
    .set({ status: 'cancelled', version: sql`${contracts.version} + 1`, updatedAt: sql`now()` })
    // Re-checked per row: a concurrent sweep may have cancelled some first.
    .where(and(inArray(contracts.id, due), eq(contracts.status, 'active')))
    .returning({ id: contracts.id, accountId: contracts.accountId });
  await recordWrite(
    tx,
    ctx,
    rows.map((r) => ({
      action: 'contract.cancelled' as const,
      entityType: 'contract',
      entityId: r.id,
      accountId: r.accountId,
      changes: { status: ['active', 'cancelled'] },
    })),
    [],
  );
  return rows.length;
}

/**
 * Renews a batch of the active auto-renew contracts that ended before asOf, uncancelled and whose
 * renewal opportunity was not lost; those expire instead. The rows are locked in (endDate, id)
 * order, and a sweep that waited for another's lock finds them renewed and passes them over, so
 * each is renewed once.
 */
async function autoRenew(tx: Db, ctx: WriteContext<null>, asOf: string): Promise<number> {
  const due = await rawRows<{ id: string }>(
    tx,
    sql`select c.id from ${contracts} c
      where c.status = 'active' and c.auto_renew and c.end_date < ${asOf}::date and c.cancelled_on is null
        and not exists (select 1 from ${opportunities} o
          where o.contract_ids @> array[c.id] and o.type = 'renewal' and o.stage = 'closed_lost')
      order by c.end_date, c.id
      limit ${BATCH}
      for update of c`,
  );
  let renewed = 0;
  for (const { id } of due) if (await autoRenewContract(tx, ctx, id)) renewed++;
  return renewed;
}

/** Active contracts due a renewal opportunity, in (endDate, id) order after the last batch. */
function candidates(tx: Db, asOf: string, after: Candidate | null): Promise<Candidate[]> {
  return rawRows<Candidate>(
    tx,
    sql`select c.id, c.name, c.account_id, a.name as account_name, a.owner_id, a.health_band, c.arr,
        c.start_date::text as start_date, c.end_date::text as end_date
      from ${contracts} c join ${accounts} a on a.id = c.account_id
      where c.status = 'active'
        and c.end_date >= ${asOf}::date and c.end_date <= ${asOf}::date + ${MAX_RENEWAL_WINDOW_DAYS}::int
        and c.end_date <= ${asOf}::date + c.renewal_window_days
        and a.archived_at is null and c.cancelled_on is null
        and not exists (select 1 from ${opportunities} o where o.contract_ids @> array[c.id] and o.type = 'renewal')
        ${after ? sql`and (c.end_date, c.id) > (${after.end_date}::date, ${after.id}::uuid)` : sql``}
      order by c.end_date, c.id
      limit ${BATCH}`,
  );
}

/**
 * Opens the renewal opportunities of a batch of contracts due one. Contracts of an account ending on
 * one day are a co-termed group with one renewal: they join the group's open renewal when it has
 * one (its amount grows by their ARR), else get a new one for their Σ ARR whose contractId is the
 * group's primary, with a task for the owner.
 */
async function createRenewals(
  tx: Db,
  ctx: WriteContext<null>,
  found: Candidate[],
  asOf: string,
): Promise<number> {
  const groups = new Map<string, Candidate[]>();
  for (const c of found) {
    const key = `${c.account_id} ${c.end_date}`;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const fresh: Candidate[][] = [];
  for (const group of groups.values()) {
    const { account_id, end_date } = group[0]!;
    const joining = group.map((c) => ({ id: c.id, arr: Number(c.arr) }));
    if (!(await joinOpenRenewal(tx, ctx, account_id, end_date, joining))) fresh.push(group);
  }
  if (!fresh.length) return 0;
  const inserted = await tx
    .insert(opportunities)
    .values(
      fresh.map((group) => {
        const primary = primaryOf(group.map((c) => ({ ...c, startDate: c.start_date })));
        return {
          id: newId(),
          accountId: primary.account_id,
          name: renewalName(primary.name),
          type: 'renewal' as const,
          stage: 'prospecting' as const,
          // Renewal likelihood: the account's health band gives the probability and category.
          ...dealDefaults('prospecting', 'renewal', primary.health_band),
          amount: sumMoney(group.map((c) => Number(c.arr))),
          closeDate: primary.end_date,
          ownerId: primary.owner_id,
          contractId: primary.id,
          contractIds: group.map((c) => c.id),
          stageChangedAt: ctx.now,
        };
      }),
    )
    // Another sweep may have just made some: those are theirs, task included.
    .onConflictDoNothing({ target: opportunities.contractId, where: sql`type = 'renewal'` })
    .returning();
  if (!inserted.length) return 0;
  const byContract = new Map(found.map((c) => [c.id, c]));
  const made = await tx
    .insert(tasks)
    .values(
      inserted.map((o) => ({
        title: `Prepare renewal: ${byContract.get(o.contractId!)!.account_name}`.slice(0, 200),
        accountId: o.accountId,
        opportunityId: o.id,
        assigneeId: o.ownerId,
        dueDate: maxDate(addDays(o.closeDate, -60), asOf),
        source: 'automation' as const,
      })),
    )
    .returning();
  const deals = inserted.map(toOpportunity);
  const events: NewEvent[] = [
    ...deals.flatMap((o) => stageEvents(null, o)),
    ...made.map((t): NewEvent => {
      const data = { taskId: t.id, assigneeId: t.assigneeId! };
      return { type: 'task.assigned', accountId: t.accountId, data };
    }),
  ];
  const entries: AuditInput[] = [
    ...inserted.map((o) => ({
      action: 'opportunity.created' as const,
      entityType: 'opportunity',
      entityId: o.id,
      accountId: o.accountId,
      changes: diff(null, toOpportunity(o)),
    })),
    ...made.map((t) => ({
      action: 'task.created' as const,
      entityType: 'task',
      entityId: t.id,
      accountId: t.accountId,
      changes: diff(null, t),
    })),
  ];
  await recordWrite(tx, ctx, entries, events);
  return inserted.length;
}

/**
 * Active contracts that ended before asOf become expired, a batch at a time: the auto-renew ones
 * left are those whose renewal was lost or that were cancelled.
 */
async function expire(tx: Db, ctx: WriteContext<null>, asOf: string): Promise<number> {
  const due = tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.status, 'active'), lt(contracts.endDate, asOf)))
    .orderBy(contracts.endDate, contracts.id)
    .limit(BATCH);
  const rows = await tx
    .update(contracts)
    .set({ status: 'expired', version: sql`${contracts.version} + 1`, updatedAt: sql`now()` })
    // Re-checked per row: a concurrent sweep may have expired some first.
    .where(and(inArray(contracts.id, due), eq(contracts.status, 'active')))
    .returning({ id: contracts.id, accountId: contracts.accountId, endDate: contracts.endDate });
  await recordWrite(
    tx,
    ctx,
    rows.map((r) => ({
      action: 'contract.expired' as const,
      entityType: 'contract',
      entityId: r.id,
      accountId: r.accountId,
      changes: { status: ['active', 'expired'] },
    })),
    rows.map((r) => ({
      type: 'contract.expired' as const,
      accountId: r.accountId,
      data: { contractId: r.id, endDate: r.endDate },
    })),
  );
  return rows.length;
}
