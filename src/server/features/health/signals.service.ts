import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError, type FieldError } from '../../../core/errors.ts';
import type { signalsPush } from '../../../core/schemas/health.ts';
import { record } from '../../audit/record.ts';
import type { WriteContext } from '../../auth/context.ts';
import { insertColumns, newIds } from '../../db/bulk.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accountScope, accounts, assertCanWorkAccounts } from '../accounts/index.ts';
import { signalThresholdEvents } from '../playbooks/index.ts';
import { refreshAccountHealth } from './health.service.ts';
import { healthSignals } from './health.table.ts';

type Push = z.infer<typeof signalsPush>['signals'];
const MAX_ERRORS = 50;

/**
 * Stores a batch of signals, all or nothing: every item must name an account (by id, or by the
 * domain of a live account) in the caller's scope. One insert for the whole batch, then the
 * touched accounts are re-scored in the same transaction.
 */
export async function pushSignals(db: Db, ctx: WriteContext, signals: Push): Promise<{ accepted: number }> {
  assertCanWorkAccounts(ctx.actor);
  return db.transaction(async (tx) => {
    const accountIds = await resolveAccounts(tx, ctx, signals);
    // Before the insert: a watched metric's reading that crosses a playbook's threshold raises its event.
    await signalThresholdEvents(
      tx,
      ctx,
      signals.map((x, i) => ({
        accountId: accountIds[i]!,
        metric: x.metric,
        value: x.value,
        recordedAt: x.recordedAt,
      })),
    );
    await insertColumns(tx, healthSignals, {
      id: newIds(signals.length),
      accountId: accountIds,
      metric: signals.map((x) => x.metric),
      value: signals.map((x) => x.value),
      recordedAt: signals.map((x) => x.recordedAt),
    });
    const touched = [...new Set(accountIds)];
    await refreshAccountHealth(tx, ctx, touched);
    await record(tx, ctx.actor, {
      action: 'health.signals_pushed',
      entityType: 'health_signal',
      accountId: touched.length === 1 ? touched[0] : null,
      ip: ctx.ip,
      changes: {
        accepted: [null, signals.length],
        accounts: [null, touched.length],
        metrics: [null, [...new Set(signals.map((x) => x.metric))].sort()],
      },
    });
    return { accepted: signals.length };
  });
}

/** The account id of each item, in order; any item without a visible account fails the batch. */
async function resolveAccounts(tx: Db, ctx: WriteContext, signals: Push): Promise<string[]> {
  const idSet = new Set<string>();
  const domainSet = new Set<string>();
  for (const x of signals) {
    if (x.accountId) idSet.add(x.accountId);
    else domainSet.add(x.accountDomain!);
  }
  const ids = [...idSet];
  const domains = [...domainSet];
  const scope = accountScope(ctx.actor) ?? sql`true`;
  // Only the lookups the batch needs: an OR with an empty list still costs the planner dearly.
  const byIds = sql`${accounts.id} = any(${sql.param(ids)}::uuid[])`;
  const byDomains = sql`(${accounts.domain} = any(${sql.param(domains)}::text[]) and ${accounts.archivedAt} is null)`;
  const which = !domains.length ? byIds : !ids.length ? byDomains : sql`(${byIds} or ${byDomains})`;
  const found = await rawRows<{ id: string; domain: string | null; live: boolean }>(
    tx,
    sql`select ${accounts.id} as id, ${accounts.domain} as domain, ${accounts.archivedAt} is null as live from ${accounts}
        where ${which} and ${scope}`,
  );
  const byId = new Set(found.map((r) => r.id));
  const byDomain = new Map(found.flatMap((r) => (r.domain && r.live ? [[r.domain, r.id] as const] : [])));
  const errors: FieldError[] = [];
  const resolved = signals.map((x, i) => {
    const id = x.accountId
      ? byId.has(x.accountId)
        ? x.accountId
        : undefined
      : byDomain.get(x.accountDomain!);
    if (!id)
      errors.push({
        path: `signals.${i}.${x.accountId ? 'accountId' : 'accountDomain'}`,
        message: x.accountId
          ? 'is not an account you can see'
          : 'is not the domain of an account you can see',
      });
    return id ?? '';
  });
  if (errors.length) {
    throw new AppError(
      'validation',
      `${errors.length} of ${signals.length} signals name no account you can see (first: ${errors[0]!.path}); none were stored.`,
      { errors: errors.slice(0, MAX_ERRORS) },
    );
  }
  return resolved;
}
