import { and, arrayContains, eq, gte, inArray, lte, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { LikelihoodBand } from '../../../core/rules/forecast.ts';
import type {
  Opportunity,
  OpportunityPatch,
  OpportunityWrite,
  opportunitiesQuery,
} from '../../../core/schemas/revenue.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db } from '../../db/index.ts';
import { keyset, parseSort } from '../../http/pagination.ts';
import {
  accountInScope,
  accounts,
  assertCanWorkAccounts,
  assertMayWrite,
  inAccountScope,
} from '../accounts/index.ts';
import { contractAccountId } from '../contracts/index.ts';
import { assertProductsExist } from '../products/index.ts';
import { membersOfTeam } from '../teams/index.ts';
import { opportunities } from './opportunities.table.ts';
import { named, recordOf, selectOpportunities, toOpportunity } from './opportunity-row.ts';
import { actionOf, assertWonContract, stageEvents, stageFields } from './stage.ts';

const sortColumns = {
  closeDate: opportunities.closeDate,
  amount: opportunities.amount,
  name: opportunities.name,
  updatedAt: opportunities.updatedAt,
} as const;

export async function listOpportunities(db: Db, actor: Actor, q: z.infer<typeof opportunitiesQuery>) {
  const { field, descending } = parseSort(q.sort);
  const sortField = field as keyof typeof sortColumns;
  const ks = keyset({ column: sortColumns[sortField], id: opportunities.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, inAccountScope(actor, opportunities.accountId)];
  if (q.accountId) where.push(eq(opportunities.accountId, q.accountId));
  if (q.ownerId) where.push(eq(opportunities.ownerId, q.ownerId));
  if (q.teamId) where.push(sql`${opportunities.ownerId} in (${membersOfTeam(q.teamId)})`);
  if (q.type) where.push(eq(opportunities.type, q.type));
  if (q.stage) where.push(eq(opportunities.stage, q.stage));
  if (q.closeFrom) where.push(gte(opportunities.closeDate, q.closeFrom));
  if (q.closeTo) where.push(lte(opportunities.closeDate, q.closeTo));
  if (q.open) {
    const closed: ('closed_won' | 'closed_lost')[] = ['closed_won', 'closed_lost'];
    where.push(
      q.open === 'true' ? notInArray(opportunities.stage, closed) : inArray(opportunities.stage, closed),
    );
  }
  if (q.contractId) {
    // A renewal renews its co-termed group: any of its contracts finds it.
    where.push(
      or(
        eq(opportunities.contractId, q.contractId),
        arrayContains(opportunities.contractIds, [q.contractId]),
      ),
    );
  }
  const rows = await selectOpportunities(db)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r[sortField]);
  return { data: page.data.map((r) => named(toOpportunity(r), r.accountName)), nextCursor: page.nextCursor };
}

export async function getOpportunity(
  db: Db,
  actor: Actor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Opportunity> {
  const query = selectOpportunities(db).where(
    and(eq(opportunities.id, id), inAccountScope(actor, opportunities.accountId)),
  );
  const [row] = opts.forUpdate ? await query.for('update', { of: opportunities }) : await query;
  if (!row) throw new AppError('not_found', `There is no opportunity ${id}.`);
  return named(toOpportunity(row), row.accountName);
}

export async function createOpportunity(
  db: Db,
  ctx: WriteContext,
  input: OpportunityWrite,
): Promise<Opportunity> {
  return db.transaction(async (tx) => {
    const account = await accountInScope(tx, ctx.actor, input.accountId, {
      field: 'accountId',
      forUpdate: true,
    });
    assertCanWorkAccounts(ctx.actor);
    const stage = stageFields(null, input, ctx.now, { type: input.type, band: account.healthBand });
    assertWonContract(input.contract, null, { stage: stage.stage, type: input.type });
    const ownerId = input.ownerId ?? account.ownerId;
    await assertOwner(tx, ownerId);
    const productIds = await products(tx, input.productIds ?? []);
    if (input.contractId) await assertContractFits(tx, input.contractId, input.accountId, input.type);
    const [row] = await tx
      .insert(opportunities)
      .values({
        accountId: input.accountId,
        name: input.name,
        type: input.type,
        amount: input.amount ?? 0,
        ...stage,
        ownerId,
        source: input.source ?? null,
        nextStep: input.nextStep ?? null,
        nextStepDue: input.nextStepDue ?? null,
        productIds,
        contractId: input.contractId ?? null,
        contractIds: renewed(input.type, input.contractId ?? null),
        createdById: ctx.actor.userId,
      })
      .returning()
      .catch(renewalClash);
    const created = toOpportunity(row!);
    const events = stageEvents(null, created, input.contract);
    await recordChange(tx, ctx, 'opportunity', 'opportunity.created', null, created, events);
    // A win created or renewed a contract in the reactions above (and linked it here).
    return stage.stage === 'closed_won'
      ? getOpportunity(tx, ctx.actor, row!.id)
      : named(created, account.name);
  });
}

export async function updateOpportunity(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: OpportunityPatch,
  expected?: number,
): Promise<Opportunity> {
  return db.transaction(async (tx) => {
    const before = await getOpportunity(tx, ctx.actor, id, { forUpdate: true });
    assertMayWrite(ctx.actor, before, expected);
    const type = patch.type ?? before.type;
    const stageChanges = patch.stage !== undefined && patch.stage !== before.stage;
    const band = stageChanges && type === 'renewal' ? await healthBandOf(tx, before.accountId) : null;
    const stage = stageFields(before, patch, ctx.now, { type, band });
    assertWonContract(patch.contract, before.stage, { stage: stage.stage, type });
    if (patch.ownerId && patch.ownerId !== before.ownerId) await assertOwner(tx, patch.ownerId);
    const productIds = patch.productIds ? await products(tx, patch.productIds) : undefined;
    const contractId = patch.contractId === undefined ? before.contractId : patch.contractId;
    if (contractId && (patch.contractId !== undefined || patch.type !== undefined))
      await assertContractFits(tx, contractId, before.accountId, type, id);
    const [row] = await tx
      .update(opportunities)
      .set({
        name: patch.name,
        type: patch.type,
        amount: patch.amount,
        ...stage,
        ownerId: patch.ownerId,
        source: patch.source,
        nextStep: patch.nextStep,
        nextStepDue: patch.nextStepDue,
        productIds,
        contractId: patch.contractId,
        contractIds:
          patch.contractId !== undefined || patch.type !== undefined ? renewed(type, contractId) : undefined,
        version: sql`${opportunities.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(opportunities.id, id))
      .returning()
      .catch(renewalClash);
    const after = toOpportunity(row!);
    const action = actionOf(before.stage, after.stage);
    const events = stageEvents(before, after, patch.contract);
    await recordChange(tx, ctx, 'opportunity', action, recordOf(before), after, events);
    // A win created or renewed a contract in the reactions above (and linked it here).
    if (after.stage === 'closed_won' && before.stage !== 'closed_won')
      return getOpportunity(tx, ctx.actor, id);
    // An opportunity never changes account, so the name read with `before` is still its name.
    return named(after, before.accountName);
  });
}

export async function deleteOpportunity(db: Db, ctx: WriteContext, id: string, expected?: number) {
  await db.transaction(async (tx) => {
    const before = await getOpportunity(tx, ctx.actor, id, { forUpdate: true });
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(opportunities).where(eq(opportunities.id, id));
    // Contracts refuse while the contract this deal created runs, else forget the deal.
    await recordChange(tx, ctx, 'opportunity', 'opportunity.deleted', recordOf(before), null, [
      {
        type: 'opportunity.deleted',
        accountId: before.accountId,
        data: { opportunityId: id, type: before.type },
      },
    ]);
  });
}

/** The account's current health band, which renewal likelihood reads when a renewal changes stage. */
async function healthBandOf(tx: Db, accountId: string): Promise<LikelihoodBand> {
  const [a] = await tx.select({ band: accounts.healthBand }).from(accounts).where(eq(accounts.id, accountId));
  return a?.band ?? null;
}

/** Opportunity owners are the people who carry accounts: active admins, managers and account managers. */
async function assertOwner(tx: Db, ownerId: string): Promise<void> {
  const [u] = await tx
    .select({ role: users.role, active: users.active })
    .from(users)
    .where(eq(users.id, ownerId));
  if (!u?.active || !['admin', 'manager', 'account_manager'].includes(u.role)) {
    throw new AppError('validation', 'The owner must be an active admin, manager or account manager.', {
      errors: [{ path: 'ownerId', message: 'must be an active admin, manager or account manager' }],
    });
  }
}

async function products(tx: Db, ids: string[]): Promise<string[]> {
  await assertProductsExist(tx, ids, (i) => `productIds.${i}`);
  return [...new Set(ids)];
}

/** contractId must be a contract of the same account, and a contract has one renewal opportunity. */
async function assertContractFits(
  tx: Db,
  contractId: string,
  accountId: string,
  type: Opportunity['type'],
  exceptId?: string,
): Promise<void> {
  if ((await contractAccountId(tx, contractId)) !== accountId) {
    throw new AppError('validation', `Contract ${contractId} is not a contract of this account.`, {
      errors: [{ path: 'contractId', message: 'must be a contract of the same account' }],
    });
  }
  if (type !== 'renewal') return;
  const [other] = await tx
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(
      and(
        or(eq(opportunities.contractId, contractId), arrayContains(opportunities.contractIds, [contractId])),
        eq(opportunities.type, 'renewal'),
        exceptId ? ne(opportunities.id, exceptId) : undefined,
      ),
    );
  if (other) throw renewalTaken(other.id);
}

/** The contracts a renewal renews, as written: its contract (the sweep and add-ons grow the group). */
const renewed = (type: Opportunity['type'], contractId: string | null): string[] =>
  type === 'renewal' && contractId ? [contractId] : [];

const renewalTaken = (otherId?: string) =>
  new AppError(
    'conflict',
    `The contract already has a renewal opportunity${otherId ? ` (${otherId})` : ''}; a contract has one.`,
    { errors: [{ path: 'contractId', message: 'already has a renewal opportunity' }] },
  );

/** Two writes may race past the check; the unique index on (contract_id) for renewals tells. */
function renewalClash(err: unknown): never {
  throw isUniqueViolation(err, 'opportunities_renewal_contract_key') ? renewalTaken() : err;
}
