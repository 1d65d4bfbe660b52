import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { type Condition, conditionsHold } from '../../../core/rules/playbook-conditions.ts';
import { knownPlaceholders } from '../../../core/rules/playbook-placeholders.ts';
import type {
  Playbook,
  PlaybookPatch,
  PlaybookRun,
  PlaybookWrite,
  playbookRunsQuery,
  playbooksQuery,
} from '../../../core/schemas/playbooks.ts';
import { triggerEvents } from '../../../core/schemas/playbooks.ts';
import { diff, recordWrite } from '../../audit/record.ts';
import { type Actor, requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { type Db, lockRow, rawRows } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import { accountScope, accounts } from '../accounts/index.ts';
import { playbookExamples } from './examples.ts';
import { playbookRuns, playbooks, type StoredAction, type StoredTrigger } from './playbooks.table.ts';
import { dataKeys, validatePlaybook } from './playbooks.validate.ts';

type Row = typeof playbooks.$inferSelect;
const DAY_MS = 86_400_000;

function toPlaybook(r: Row, stats?: { lastRunAt: Date | string | null; failed: number }): Playbook {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    active: r.active,
    trigger: r.trigger,
    conditions: r.conditions as Playbook['conditions'],
    actions: r.actions,
    enrolment: r.enrolment,
    exampleKey: r.exampleKey,
    createdById: r.createdById,
    deactivatedAt: r.deactivatedAt?.toISOString() ?? null,
    deactivatedReason: r.deactivatedReason,
    lastRunAt: stats?.lastRunAt ? new Date(stats.lastRunAt).toISOString() : null,
    failedRuns24h: stats?.failed ?? 0,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The last run and the failed runs of the last 24 h of each playbook. */
async function statsOf(db: Db, ids: string[], now: Date) {
  if (!ids.length) return new Map<string, { lastRunAt: string | null; failed: number }>();
  const since = new Date(now.getTime() - DAY_MS);
  const rows = await rawRows<{ id: string; last_at: string | null; failed: number }>(
    db,
    sql`select p.id,
          (select max(r.at) from ${playbookRuns} r where r.playbook_id = p.id and r.status in ('done', 'failed')) as last_at,
          (select count(*)::int from ${playbookRuns} r
            where r.playbook_id = p.id and r.status = 'failed' and r.at > ${since.toISOString()}::timestamptz) as failed
        from ${playbooks} p where p.id = any(${sql.param(ids)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, { lastRunAt: r.last_at, failed: r.failed }]));
}

export async function listPlaybooks(db: Db, q: z.infer<typeof playbooksQuery>, now: Date) {
  const ks = keyset({ column: playbooks.id, id: playbooks.id, descending: false, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where];
  if (q.active) where.push(eq(playbooks.active, q.active === 'true'));
  const rows = await db
    .select()
    .from(playbooks)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  const stats = await statsOf(
    db,
    page.data.map((r) => r.id),
    now,
  );
  return { data: page.data.map((r) => toPlaybook(r, stats.get(r.id))), nextCursor: page.nextCursor };
}

export async function getPlaybook(db: Db, id: string, now: Date): Promise<Playbook> {
  const [row] = await db.select().from(playbooks).where(eq(playbooks.id, id));
  if (!row) throw new AppError('not_found', `There is no playbook ${id}.`);
  return toPlaybook(row, (await statsOf(db, [id], now)).get(id));
}

async function audit(
  tx: Db,
  ctx: WriteContext,
  action: 'playbook.created' | 'playbook.updated' | 'playbook.deleted',
  before: Playbook | null,
  after: Playbook | null,
): Promise<void> {
  const strip = (p: Playbook | null) => (p ? { ...p, lastRunAt: null, failedRuns24h: 0 } : null);
  await recordWrite(tx, ctx, [
    {
      action,
      entityType: 'playbook',
      entityId: (after ?? before)!.id,
      changes: diff(strip(before), strip(after)),
    },
  ]);
}

export async function createPlaybook(
  db: Db,
  ctx: WriteContext,
  input: PlaybookWrite,
  exampleKey: string | null = null,
): Promise<Playbook> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    const values = {
      name: input.name,
      description: input.description ?? null,
      active: input.active ?? true,
      trigger: { event: input.trigger.event, params: input.trigger.params ?? null } as StoredTrigger,
      conditions: input.conditions ?? [],
      actions: input.actions as StoredAction[],
      enrolment: input.enrolment ?? 'once_per_account',
    };
    await validatePlaybook(tx, values);
    const [row] = await tx
      .insert(playbooks)
      .values({ ...values, exampleKey, createdById: ctx.actor.userId })
      .returning();
    const created = toPlaybook(row!);
    await audit(tx, ctx, 'playbook.created', null, created);
    return created;
  });
}

export async function updatePlaybook(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: PlaybookPatch,
  expected?: number,
): Promise<Playbook> {
  requireRole(ctx.actor, 'admin');
  return db.transaction(async (tx) => {
    await lockRow(tx, playbooks, id);
    const before = await getPlaybook(tx, id, ctx.now);
    assertVersion(expected, before.version);
    const merged = {
      trigger: (patch.trigger
        ? { event: patch.trigger.event, params: patch.trigger.params ?? null }
        : before.trigger) as StoredTrigger,
      conditions: patch.conditions ?? before.conditions,
      actions: (patch.actions ?? before.actions) as StoredAction[],
    };
    if (patch.trigger || patch.conditions || patch.actions) await validatePlaybook(tx, merged);
    const reactivated = patch.active === true && !before.active;
    const [row] = await tx
      .update(playbooks)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.enrolment !== undefined ? { enrolment: patch.enrolment } : {}),
        ...(patch.trigger || patch.conditions || patch.actions ? merged : {}),
        ...(reactivated ? { deactivatedAt: null, deactivatedReason: null } : {}),
        version: sql`${playbooks.version} + 1`,
        updatedAt: ctx.now,
      })
      .where(and(eq(playbooks.id, id), eq(playbooks.version, before.version)))
      .returning();
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The playbook changed while you saved it. Reload and try again.',
      );
    const after = toPlaybook(row, { lastRunAt: before.lastRunAt, failed: before.failedRuns24h });
    await audit(tx, ctx, 'playbook.updated', before, after);
    return after;
  });
}

export async function deletePlaybook(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await db.transaction(async (tx) => {
    await lockRow(tx, playbooks, id);
    const before = await getPlaybook(tx, id, ctx.now);
    assertVersion(expected, before.version);
    await tx.delete(playbooks).where(eq(playbooks.id, id));
    await audit(tx, ctx, 'playbook.deleted', before, null);
  });
}

/** The ready examples, each with the playbook enabled from it (if any). */
export async function listExamples(db: Db) {
  const keys = playbookExamples.map((e) => e.key);
  const enabled = await db
    .select({ id: playbooks.id, key: playbooks.exampleKey })
    .from(playbooks)
    .where(inArray(playbooks.exampleKey, keys));
  const byKey = new Map(enabled.map((r) => [r.key, r.id]));
  return {
    data: playbookExamples.map(({ key, name, description, trigger, conditions, actions, enrolment }) => ({
      key,
      name,
      description,
      trigger: { event: trigger.event, params: trigger.params ?? null },
      conditions: conditions ?? [],
      actions: actions as Record<string, unknown>[],
      enrolment: enrolment ?? 'once_per_account',
      playbookId: byKey.get(key) ?? null,
    })),
  };
}

/**
 * Creates the example's playbook once: enabling it again (or twice at once) answers the one
 * made first (`created: false`); one switched off is switched on again.
 */
export async function enableExample(
  db: Db,
  ctx: WriteContext,
  key: string,
): Promise<{ playbook: Playbook; created: boolean }> {
  requireRole(ctx.actor, 'admin');
  const example = playbookExamples.find((e) => e.key === key);
  if (!example) throw new AppError('not_found', `There is no example playbook ${key}.`);
  const existing = async () => {
    const [row] = await db.select().from(playbooks).where(eq(playbooks.exampleKey, key));
    return row;
  };
  const found = await existing();
  if (found) {
    const current = await getPlaybook(db, found.id, ctx.now);
    if (current.active) return { playbook: current, created: false };
    return { playbook: await updatePlaybook(db, ctx, found.id, { active: true }), created: false };
  }
  const { key: _k, description, ...write } = example;
  try {
    return { playbook: await createPlaybook(db, ctx, { ...write, description }, key), created: true };
  } catch (err) {
    if (!isUniqueViolation(err, 'playbooks_example_key_idx')) throw err;
    const row = await existing();
    return { playbook: await getPlaybook(db, row!.id, ctx.now), created: false };
  }
}

type RunRow = typeof playbookRuns.$inferSelect & { accountName: string | null };

function toRun(r: RunRow): PlaybookRun {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    accountId: r.accountId,
    accountName: r.accountName,
    at: r.at.toISOString(),
    status: r.status,
    reason: r.reason,
    attempts: r.attempts,
    actions: r.actions.map((a) => ({ type: a.type, status: a.status, ref: a.ref, error: a.error ?? null })),
  };
}

/** A playbook's runs, newest first, with the accounts the caller can see (others show no name). */
export async function listRuns(db: Db, actor: Actor, id: string, q: z.infer<typeof playbookRunsQuery>) {
  const [exists] = await db.select({ id: playbooks.id }).from(playbooks).where(eq(playbooks.id, id));
  if (!exists) throw new AppError('not_found', `There is no playbook ${id}.`);
  const ks = keyset({ column: playbookRuns.id, id: playbookRuns.id, descending: true, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, eq(playbookRuns.playbookId, id)];
  if (q.status) where.push(eq(playbookRuns.status, q.status));
  const scope = accountScope(actor);
  const rows = await db
    .select({ run: playbookRuns, accountName: accounts.name })
    .from(playbookRuns)
    .leftJoin(accounts, and(eq(accounts.id, playbookRuns.accountId), scope))
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const flat = rows.map((r) => ({ ...r.run, accountName: r.accountName }));
  const page = await ks.page(db, flat, q.limit, (r) => r.id);
  return { data: page.data.map(toRun), nextCursor: page.nextCursor };
}

/** The placeholders each trigger's texts may use. */
export function placeholderCatalogue() {
  return {
    data: triggerEvents.map((event) => ({ event, placeholders: knownPlaceholders(dataKeys(event)) })),
  };
}

const PREVIEW_LIMIT = 100;
const PREVIEW_SCAN = 20_000;

/**
 * The accounts in the caller's scope that the playbook's trigger and conditions match now, for
 * the triggers that are a state (check-in overdue, a renewal window, a health band, a breached P1…):
 * the event data a qualifying account would carry is made from its current row.
 */
export async function previewPlaybook(db: Db, actor: Actor, id: string, today: string, now: Date) {
  const p = await getPlaybook(db, id, now);
  const params = (p.trigger.params ?? {}) as Record<string, unknown>;
  const where: SQL[] = [sql`a.archived_at is null`];
  const scope = accountScope(actor);
  let data = sql`'{}'::jsonb`;
  switch (p.trigger.event) {
    case 'check_in.overdue':
      where.push(sql`a.next_check_in_due <= ${today}::date`);
      data = sql`jsonb_build_object('dueOn', a.next_check_in_due)`;
      break;
    case 'renewal.window_entered': {
      const days = Number(params.days ?? 0);
      const window = sql`select c.end_date from contracts c where c.account_id = a.id and c.status = 'active'
        and c.end_date >= ${today}::date and c.end_date <= ${today}::date + ${days}::int order by c.end_date limit 1`;
      where.push(sql`exists (${window})`);
      data = sql`jsonb_build_object('days', ${days}::int, 'endDate', (${window}),
        'daysLeft', (${window}) - ${today}::date)`;
      break;
    }
    case 'health.band_changed':
      data = sql`jsonb_build_object('to', a.health_band, 'score', a.health_score)`;
      break;
    case 'health.churn_risk_changed':
      data = sql`jsonb_build_object('to', a.churn_risk)`;
      break;
    case 'issue.breached': {
      const breached = sql`select i.severity from issues i where i.account_id = a.id
        and i.status not in ('resolved', 'closed') and i.sla_due_at <= ${now.toISOString()}::timestamptz
        order by i.severity limit 1`;
      where.push(sql`exists (${breached})`);
      data = sql`jsonb_build_object('severity', (${breached}))`;
      break;
    }
    case 'signal.threshold_crossed': {
      const latest = sql`select s.value from health_signals s where s.account_id = a.id
        and s.metric = ${String(params.metric ?? '')} order by s.recorded_at desc limit 1`;
      const op = { lt: sql`<`, lte: sql`<=`, gt: sql`>`, gte: sql`>=` }[String(params.op)] ?? sql`=`;
      where.push(sql`(${latest}) ${op} ${Number(params.value ?? 0)}`);
      data = sql`jsonb_build_object('metric', ${String(params.metric ?? '')}::text, 'value', (${latest}))`;
      break;
    }
  }
  const rows = await rawRows<{
    id: string;
    name: string;
    owner_id: string;
    health_band: 'green' | 'yellow' | 'red' | null;
    churn_risk: string | null;
    arr: string | number;
    lifecycle_stage: string;
    segment: string;
    industry: string | null;
    tags: string[];
    next_check_in_due: string | null;
    data: Record<string, unknown>;
  }>(
    db,
    sql`select a.id, a.name, a.owner_id, a.health_band, a.churn_risk, a.arr, a.lifecycle_stage, a.segment,
          a.industry, a.tags, a.next_check_in_due::text as next_check_in_due, ${data} as data
        from accounts a
        where ${sql.join(where, sql` and `)} ${scope ? sql`and a.id in (select ${accounts.id} from ${accounts} where ${scope})` : sql``}
        order by a.name, a.id limit ${PREVIEW_SCAN}`,
  );
  const matching = rows.filter((r) =>
    conditionsHold(p.conditions as Condition[], {
      account: {
        segment: r.segment,
        lifecycleStage: r.lifecycle_stage,
        industry: r.industry,
        arr: Number(r.arr),
        healthBand: r.health_band,
        churnRisk: r.churn_risk,
        tags: r.tags,
        ownerId: r.owner_id,
      },
      data: r.data ?? {},
    }),
  );
  return {
    total: matching.length,
    data: matching.slice(0, PREVIEW_LIMIT).map((r) => ({
      id: r.id,
      name: r.name,
      ownerId: r.owner_id,
      healthBand: r.health_band,
      arr: Number(r.arr),
      lifecycleStage: r.lifecycle_stage,
      nextCheckInDue: r.next_check_in_due,
    })),
  };
}
