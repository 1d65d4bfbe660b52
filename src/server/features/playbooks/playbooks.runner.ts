import { and, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { DomainEvent, EventType } from '../../../core/events.ts';
import { domainEvent } from '../../../core/events.ts';
import { addDays, dayOf } from '../../../core/rules/dates.ts';
import { type Condition, conditionsHold } from '../../../core/rules/playbook-conditions.ts';
import { type Enrolment, enrolmentCutoff } from '../../../core/rules/playbook-enrolment.ts';
import { renderPlaceholders } from '../../../core/rules/playbook-placeholders.ts';
import { triggerMatches } from '../../../core/rules/playbook-trigger.ts';
import { recordChange, recordWrite } from '../../audit/record.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Clock } from '../../clock.ts';
import { jsonParam } from '../../db/bulk.ts';
import { newId } from '../../db/columns.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { domainEvents } from '../../events/outbox.table.ts';
import type { JobContext, Subscriber } from '../../feature.ts';
import { accounts } from '../accounts/index.ts';
import { queueMail } from '../mail/index.ts';
import { notify } from '../notifications/index.ts';
import { opportunities, stageEvents, stageFields, toOpportunity } from '../opportunities/index.ts';
import { tasks } from '../tasks/index.ts';
import { queueWebhookCall } from '../webhooks/index.ts';
import { type BulkEnv, isBulk, runBulk, taskOf } from './playbooks.bulk.ts';
import {
  playbookEnrolments,
  playbookRuns,
  playbooks,
  type RunAction,
  type StoredAction,
  type StoredTrigger,
} from './playbooks.table.ts';

/** Tries of a run's failing actions: the first, then after 1 and 5 minutes. */
export const MAX_TRIES = 3;
const BACKOFF_MS = [60_000, 5 * 60_000];
/** A playbook with this many failed runs within 24 h is switched off and its author told. */
export const FAILURES_TO_DEACTIVATE = 10;
const RUN_BATCH = 200;

type AccountRow = typeof accounts.$inferSelect;
/** The account fields conditions read, as columns (the many-events path reads only these). */
const factColumns = {
  segment: accounts.segment,
  lifecycleStage: accounts.lifecycleStage,
  industry: accounts.industry,
  arr: accounts.arr,
  healthBand: accounts.healthBand,
  churnRisk: accounts.churnRisk,
  tags: accounts.tags,
  ownerId: accounts.ownerId,
};

const accountFacts = (a: Pick<AccountRow, keyof typeof factColumns>) => ({
  segment: a.segment,
  lifecycleStage: a.lifecycleStage,
  industry: a.industry,
  arr: a.arr,
  healthBand: a.healthBand,
  churnRisk: a.churnRisk,
  tags: a.tags,
  ownerId: a.ownerId,
});

/**
 * The subscriber: for each active playbook whose trigger matches the event and whose conditions
 * hold on the account's current row and the event's data, a pending run (once per (playbook,
 * event), whoever dispatches). The runner does the rest. Events a playbook caused start nothing.
 */
export async function takeEvent(tx: Db, event: DomainEvent): Promise<number> {
  if (event.origin?.startsWith('playbook:')) return 0;
  // The playbooks of the event's type with the event's account, in one statement.
  const candidates = await tx
    .select({
      id: playbooks.id,
      trigger: playbooks.trigger,
      conditions: playbooks.conditions,
      account: accounts,
    })
    .from(playbooks)
    .leftJoin(accounts, sql`${accounts.id} = ${event.accountId}::uuid`)
    .where(and(eq(playbooks.active, true), sql`${playbooks.trigger}->>'event' = ${event.type}`));
  const matching = candidates.filter((p) => triggerMatches(p.trigger, event));
  if (!matching.length) return 0;
  const account = matching[0]!.account ?? undefined;
  const facts = {
    account: account ? accountFacts(account) : {},
    data: event.data as Record<string, unknown>,
  };
  const qualifying = matching.filter((p) => conditionsHold(p.conditions as Condition[], facts));
  if (!qualifying.length) return 0;
  const at = new Date(event.occurredAt);
  const inserted = await tx
    .insert(playbookRuns)
    .values(
      qualifying.map((p) => ({
        playbookId: p.id,
        eventId: event.id,
        eventType: event.type,
        accountId: account ? event.accountId : null,
        at,
        status: 'pending' as const,
        nextAttemptAt: at,
      })),
    )
    .onConflictDoNothing({ target: [playbookRuns.playbookId, playbookRuns.eventId] })
    .returning({ id: playbookRuns.id });
  return inserted.length;
}

/**
 * `takeEvent` for many events at once (a daily job's flood): the active playbooks and the events'
 * accounts in two statements, the matching in memory, the runs in one insert per thousand.
 */
export async function takeEvents(tx: Db, events: readonly DomainEvent[]): Promise<number> {
  const live = events.filter((e) => !e.origin?.startsWith('playbook:'));
  if (!live.length) return 0;
  const types = [...new Set(live.map((e) => e.type))];
  const books = await tx
    .select({ id: playbooks.id, trigger: playbooks.trigger, conditions: playbooks.conditions })
    .from(playbooks)
    .where(and(eq(playbooks.active, true), inArray(sql`${playbooks.trigger}->>'event'`, types)));
  if (!books.length) return 0;
  const accountIds = [...new Set(live.flatMap((e) => (e.accountId ? [e.accountId] : [])))];
  const rows = accountIds.length
    ? await tx
        .select({ id: accounts.id, ...factColumns })
        .from(accounts)
        .where(sql`${accounts.id} = any(${`{${accountIds.join(',')}}`}::uuid[])`)
    : [];
  const byId = new Map(rows.map((a) => [a.id, a]));
  const runs: {
    playbook_id: string;
    event_id: string;
    event_type: string;
    account_id: string | null;
    at: string;
  }[] = [];
  for (const event of live) {
    const account = event.accountId ? byId.get(event.accountId) : undefined;
    const facts = {
      account: account ? accountFacts(account) : {},
      data: event.data as Record<string, unknown>,
    };
    for (const p of books) {
      if (!triggerMatches(p.trigger, event) || !conditionsHold(p.conditions as Condition[], facts)) continue;
      runs.push({
        playbook_id: p.id,
        event_id: event.id,
        event_type: event.type,
        account_id: account ? event.accountId : null,
        at: event.occurredAt,
      });
    }
  }
  // One JSON parameter per thousand runs: a daily flood is tens of thousands.
  let inserted = 0;
  for (let i = 0; i < runs.length; i += 1_000) {
    const made = await rawRows<{ n: number }>(
      tx,
      sql`with made as (
            insert into ${playbookRuns} (id, playbook_id, event_id, event_type, account_id, at, status, next_attempt_at)
            select r.id, r.playbook_id, r.event_id, r.event_type, r.account_id, r.at, 'pending', r.at
            from jsonb_to_recordset(${jsonParam(runs.slice(i, i + 1_000).map((r) => ({ id: newId(), ...r })))}::jsonb)
              as r(id uuid, playbook_id uuid, event_id uuid, event_type text, account_id uuid, at timestamptz)
            on conflict (playbook_id, event_id) do nothing
            returning 1
          )
          select count(*)::int as n from made`,
    );
    inserted += made[0]!.n;
  }
  return inserted;
}

export const playbooksSubscriber = (types: readonly EventType[]): Subscriber => ({
  name: 'playbooks',
  types,
  handle: async (tx, event) => {
    await takeEvent(tx, event);
  },
  handleMany: async (tx, events) => {
    await takeEvents(tx, events);
  },
});

/**
 * The runner (a worker on every server): takes the due runs with `for update skip locked`, so two
 * servers never run one twice, checks the enrolment and runs the actions in order as the system.
 * Returns how many runs it handled.
 */
export async function runPlaybooks(
  ctx: Pick<JobContext, 'db' | 'clock' | 'react' | 'config'>,
): Promise<number> {
  let handled = 0;
  for (;;) {
    const n = await runBatch(ctx);
    handled += n;
    if (n < RUN_BATCH) return handled;
  }
}

async function runBatch({
  db,
  clock,
  react,
  config,
}: Pick<JobContext, 'db' | 'clock' | 'react' | 'config'>): Promise<number> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ run: playbookRuns, playbook: playbooks, event: domainEvents, account: accounts })
      .from(playbookRuns)
      .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
      // The batch's events and accounts in the same statement, not two lookups per run.
      .leftJoin(domainEvents, eq(domainEvents.id, playbookRuns.eventId))
      .leftJoin(accounts, eq(accounts.id, playbookRuns.accountId))
      .where(
        and(
          sql`${playbookRuns.status} in ('pending', 'retrying')`,
          sql`${playbookRuns.nextAttemptAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(playbookRuns.nextAttemptAt, playbookRuns.id)
      .limit(RUN_BATCH)
      .for('update', { of: playbookRuns, skipLocked: true });
    const env: RunEnv = { now, clock, react, config, owners: new Map(), active: new Map() };
    // First runs of create_task playbooks together (a daily flood); the rest one by one.
    const bulk = due.filter(isBulk);
    const later = await runBulk(tx, bulkEnv(tx, env), bulk);
    const oneByOne = [...due.filter((d) => !isBulk(d)), ...later];
    for (const { run, playbook, event, account } of oneByOne) {
      try {
        await tx.transaction((sp) => runOne(sp, env, run, playbook, event, account ?? undefined));
      } catch (err) {
        // A run that cannot be handled at all fails alone, rather than holding up the runs after it.
        const reason = err instanceof Error ? err.message.slice(0, 500) : String(err);
        await tx
          .update(playbookRuns)
          .set({ status: 'failed', reason, at: now, attempts: run.attempts + 1, nextAttemptAt: null })
          .where(eq(playbookRuns.id, run.id));
      }
    }
    return due.length;
  });
}

function bulkEnv(tx: Db, env: RunEnv): BulkEnv {
  return {
    now: env.now,
    react: env.react,
    active: env.active,
    ownerOf: (ownerId) => ownerOf(tx, env, ownerId),
    loadActive: async (ids) => {
      const unknown = [...new Set(ids)].filter((id) => !env.active.has(id));
      if (!unknown.length) return;
      const found = await rawRows<{ id: string; active: boolean }>(
        tx,
        sql`select id, active from users where id = any(${sql.param(unknown)}::uuid[])`,
      );
      for (const id of unknown) env.active.set(id, found.find((u) => u.id === id)?.active ?? false);
    },
  };
}

type RunRow = typeof playbookRuns.$inferSelect;
type PlaybookRow = typeof playbooks.$inferSelect;
type OwnerCache = { name: string | null; managers: string[] };

interface RunEnv {
  now: Date;
  clock: Clock;
  react: WriteContext['react'];
  /** The deployment's mail settings and public address (notify, send_email). */
  config: JobContext['config'];
  owners: Map<string, OwnerCache>;
  /** Whether each user named by an action is active, for the batch. */
  active: Map<string, boolean>;
}

async function runOne(
  tx: Db,
  env: RunEnv,
  run: RunRow,
  playbook: PlaybookRow,
  row: typeof domainEvents.$inferSelect | null,
  account: AccountRow | undefined,
): Promise<void> {
  const { now } = env;
  const finish = (set: Partial<RunRow>) =>
    tx
      .update(playbookRuns)
      .set({ at: now, ...set })
      .where(eq(playbookRuns.id, run.id));
  if (!playbook.active && run.status === 'pending') {
    await finish({ status: 'skipped', reason: 'The playbook was switched off.', nextAttemptAt: null });
    return;
  }
  if (!row || !account || account.archivedAt) {
    await finish({
      status: 'skipped',
      reason: !row ? 'The event is no longer kept.' : 'The event has no live account.',
      nextAttemptAt: null,
    });
    return;
  }
  const event = domainEvent.parse({ ...row, occurredAt: row.occurredAt.toISOString() }) as DomainEvent;
  if (run.status === 'pending' && !(await enrol(tx, playbook, account.id, now))) {
    await finish({ status: 'skipped', reason: enrolmentReason(playbook.enrolment), nextAttemptAt: null });
    return;
  }
  const ctx: WriteContext<null> = { actor: null, now, react: env.react, origin: `playbook:${playbook.id}` };
  const attempts = run.attempts + 1;
  const results: RunAction[] = [];
  const did: string[] = [];
  for (const [i, action] of playbook.actions.entries()) {
    const previous = run.actions[i];
    if (previous?.status === 'done') {
      results.push(previous);
      if (previous.note) did.push(previous.note);
      continue;
    }
    try {
      const done = await tx.transaction((sp) => runAction(sp, ctx, env, action, account, event));
      results.push({ type: action.type, status: 'done', ref: done.ref, error: null, note: done.did });
      did.push(done.did);
    } catch (err) {
      const error = err instanceof Error ? err.message.slice(0, 500) : String(err);
      results.push({ type: action.type, status: 'failed', ref: null, error });
    }
  }
  const failed = results.filter((a) => a.status === 'failed');
  const summary = describeRun(playbook.name, did, failed.length);
  if (!failed.length) {
    await finish({ status: 'done', reason: null, actions: results, attempts, nextAttemptAt: null, summary });
    return;
  }
  const reason = `${failed.length} of ${results.length} actions failed: ${failed[0]!.error}`;
  if (attempts < MAX_TRIES) {
    const next = new Date(now.getTime() + BACKOFF_MS[attempts - 1]!);
    await finish({ status: 'retrying', reason, actions: results, attempts, nextAttemptAt: next, summary });
    return;
  }
  await finish({ status: 'failed', reason, actions: results, attempts, nextAttemptAt: null, summary });
  await deactivateIfFailing(tx, ctx, playbook, now, env.config);
}

/** Race-safe: the enrolment row is claimed in one upsert, or the run is skipped. */
async function enrol(tx: Db, playbook: PlaybookRow, accountId: string, now: Date): Promise<boolean> {
  const cutoff = enrolmentCutoff(playbook.enrolment, now);
  const claimed = await rawRows<{ ok: number }>(
    tx,
    sql`insert into ${playbookEnrolments} (playbook_id, account_id, last_at)
        values (${playbook.id}::uuid, ${accountId}::uuid, ${now.toISOString()}::timestamptz)
        on conflict (playbook_id, account_id) do update set last_at = excluded.last_at
        where ${
          cutoff === 'always'
            ? sql`true`
            : cutoff
              ? sql`${playbookEnrolments.lastAt} <= ${cutoff.toISOString()}::timestamptz`
              : sql`false`
        }
        returning 1 as ok`,
  );
  return claimed.length > 0;
}

function enrolmentReason(enrolment: Enrolment): string {
  if (enrolment === 'once_per_account')
    return 'The account already went through this playbook (once per account).';
  if (enrolment === 'every_time') return 'Not enrolled.';
  return `The account went through this playbook less than ${enrolment.atMostEveryDays} days ago.`;
}

/** "Playbook 'Red health' created task “Call Acme”, notified 2 people" — for the timeline. */
function describeRun(name: string, did: string[], failed: number): string {
  const parts = [did.join(', ') || 'did nothing', failed ? `(${failed} failed)` : ''].filter(Boolean);
  return `Playbook '${name}' ${parts.join(' ')}`;
}

async function ownerOf(tx: Db, env: RunEnv, ownerId: string): Promise<OwnerCache> {
  const cached = env.owners.get(ownerId);
  if (cached) return cached;
  const [u] = await rawRows<{ name: string }>(tx, sql`select name from users where id = ${ownerId}::uuid`);
  const managers = await rawRows<{ id: string }>(
    tx,
    sql`select distinct m.user_id as id from team_memberships o
        join team_memberships m on m.team_id = o.team_id and m.role = 'manager'
        join users u on u.id = m.user_id and u.active
        where o.user_id = ${ownerId}::uuid and o.role = 'member'`,
  );
  let ids = managers.map((m) => m.id);
  if (!ids.length) {
    const admins = await rawRows<{ id: string }>(
      tx,
      sql`select id from users where role = 'admin' and active`,
    );
    ids = admins.map((a) => a.id);
  }
  const entry = { name: u?.name ?? null, managers: ids.sort() };
  env.owners.set(ownerId, entry);
  return entry;
}

/** The users an action names: owner, manager(s), the account team with the owner, or one user. */
async function recipients(tx: Db, env: RunEnv, who: string, account: AccountRow): Promise<string[]> {
  if (who === 'owner') return [account.ownerId];
  if (who === 'manager') return (await ownerOf(tx, env, account.ownerId)).managers;
  if (who === 'team') {
    const team = await rawRows<{ id: string }>(
      tx,
      sql`select atm.user_id as id from account_team_members atm join users u on u.id = atm.user_id and u.active
          where atm.account_id = ${account.id}::uuid`,
    );
    return [...new Set([account.ownerId, ...team.map((t) => t.id)])];
  }
  return [who];
}

async function runAction(
  tx: Db,
  ctx: WriteContext<null>,
  env: RunEnv,
  action: StoredAction,
  account: AccountRow,
  event: DomainEvent,
): Promise<{ ref: RunAction['ref']; did: string }> {
  const owner = await ownerOf(tx, env, account.ownerId);
  const render = (text: unknown) =>
    renderPlaceholders(String(text ?? ''), {
      account: { name: account.name, arr: account.arr, ownerName: owner.name },
      event: {
        type: event.type,
        occurredAt: event.occurredAt,
        id: event.id,
        data: event.data as Record<string, unknown>,
      },
    });
  const today = dayOf(ctx.now);
  switch (action.type) {
    case 'create_task': {
      const assignTo = String(action.assignTo);
      const assignees = await recipients(tx, env, assignTo, account);
      const unknown = assignees.filter((id) => !env.active.has(id));
      if (unknown.length) {
        const found = await rawRows<{ id: string; active: boolean }>(
          tx,
          sql`select id, active from users where id = any(${sql.param(unknown)}::uuid[])`,
        );
        for (const id of unknown) env.active.set(id, found.find((u) => u.id === id)?.active ?? false);
      }
      if (!assignees.length || assignees.some((id) => !env.active.get(id)))
        throw new AppError('validation', 'The assignee is not an active user.');
      let first: RunAction['ref'] = null;
      const titles: string[] = [];
      // "manager": one task for each manager of the owner's teams (the admins when there are none).
      for (const assigneeId of assignees) {
        const [row] = await tx
          .insert(tasks)
          .values(taskOf(action, render(action.title).slice(0, 200), account.id, assigneeId, today))
          .returning();
        const task = {
          ...row!,
          completedAt: null,
          createdAt: row!.createdAt.toISOString(),
          updatedAt: row!.updatedAt.toISOString(),
        };
        await recordChange(tx, ctx, 'task', 'task.created', null, task, [
          { type: 'task.assigned', accountId: account.id, data: { taskId: task.id, assigneeId } },
        ]);
        first ??= { type: 'task', id: task.id };
        titles.push(task.title);
      }
      return {
        ref: first,
        did: `created task “${titles[0]}”${titles.length > 1 ? ` for ${titles.length} people` : ''}`,
      };
    }
    case 'notify': {
      const userIds = await recipients(tx, env, String(action.to), account);
      await notify(tx, {
        userIds,
        kind: 'playbook',
        title: render(action.message).slice(0, 500),
        body: null,
        accountId: account.id,
        ref: { type: 'account', id: account.id },
        actorId: null,
        eventId: event.id,
        now: ctx.now,
        config: env.config,
      });
      return {
        ref: { type: 'account', id: account.id },
        did: `notified ${userIds.length === 1 ? '1 person' : `${userIds.length} people`}`,
      };
    }
    case 'send_email': {
      const userIds = await recipients(tx, env, String(action.to), account);
      const people = await rawRows<{ id: string; email: string; name: string }>(
        tx,
        sql`select id, email, name from users where id = any(${sql.param(userIds)}::uuid[]) and active`,
      );
      const subject = render(action.subject).slice(0, 200);
      const text = render(action.body);
      for (const p of people) {
        await queueMail(
          tx,
          {
            to: { email: p.email, name: p.name, userId: p.id },
            kind: 'playbook',
            subject,
            text,
            html: `<p>${escapeHtml(text).replaceAll('\n', '<br>')}</p>`,
            dedupeKey: `${ctx.origin}:${event.id}:${p.id}`,
          },
          { now: ctx.now, config: env.config },
        );
      }
      return { ref: { type: 'account', id: account.id }, did: `e-mailed “${subject}”` };
    }
    case 'set_lifecycle_stage':
    case 'add_tag': {
      const [current] = await tx
        .select()
        .from(accounts)
        .where(eq(accounts.id, account.id))
        .for('no key update');
      const stage = action.type === 'set_lifecycle_stage' ? String(action.stage) : current!.lifecycleStage;
      const tag = action.type === 'add_tag' ? String(action.tag) : null;
      const tags = tag && !current!.tags.includes(tag) ? [...current!.tags, tag] : current!.tags;
      const field = action.type === 'add_tag' ? 'tags' : 'lifecycleStage';
      const did = tag ? `added the tag ${tag}` : `set the lifecycle stage to ${stage}`;
      const ref = { type: 'account', id: account.id };
      if (stage === current!.lifecycleStage && tags === current!.tags) return { ref, did };
      await tx
        .update(accounts)
        .set({
          lifecycleStage: stage as AccountRow['lifecycleStage'],
          tags,
          version: sql`${accounts.version} + 1`,
          updatedAt: ctx.now,
        })
        .where(eq(accounts.id, account.id));
      const before = {
        id: account.id,
        accountId: account.id,
        [field]: field === 'tags' ? current!.tags : current!.lifecycleStage,
      };
      const after = { id: account.id, accountId: account.id, [field]: field === 'tags' ? tags : stage };
      await recordChange(tx, ctx, 'account', 'account.updated', before, after, [
        { type: 'account.updated', accountId: account.id, data: { fields: [field] } },
      ]);
      return { ref, did };
    }
    case 'create_opportunity': {
      const type = String(action.opportunityType ?? 'upsell');
      const stage = stageFields(null, { closeDate: addDays(today, 90) }, ctx.now, {
        type,
        band: account.healthBand,
      });
      const [row] = await tx
        .insert(opportunities)
        .values({
          accountId: account.id,
          name: render(action.name).slice(0, 200),
          type: type as 'upsell',
          amount: Number(action.amount ?? 0),
          ...stage,
          ownerId: account.ownerId,
          createdById: null,
        })
        .returning();
      const created = toOpportunity(row!);
      await recordChange(
        tx,
        ctx,
        'opportunity',
        'opportunity.created',
        null,
        created,
        stageEvents(null, created),
      );
      return { ref: { type: 'opportunity', id: created.id }, did: `created opportunity “${created.name}”` };
    }
    case 'call_webhook': {
      await queueWebhookCall(tx, String(action.webhookId), event, ctx.now);
      return { ref: { type: 'webhook', id: String(action.webhookId) }, did: 'called a webhook' };
    }
    default:
      throw new AppError('validation', `Unknown action ${action.type}.`);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Ten failed runs within 24 h switch the playbook off and tell its author. */
async function deactivateIfFailing(
  tx: Db,
  ctx: WriteContext<null>,
  playbook: PlaybookRow,
  now: Date,
  config: JobContext['config'],
): Promise<void> {
  const since = new Date(now.getTime() - 86_400_000);
  const [count] = await rawRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from ${playbookRuns}
        where playbook_id = ${playbook.id}::uuid and status = 'failed' and at > ${since.toISOString()}::timestamptz`,
  );
  if ((count?.n ?? 0) < FAILURES_TO_DEACTIVATE) return;
  const reason = `${count!.n} runs failed within 24 hours.`;
  const [off] = await tx
    .update(playbooks)
    .set({
      active: false,
      deactivatedAt: now,
      deactivatedReason: reason,
      version: sql`${playbooks.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(playbooks.id, playbook.id), eq(playbooks.active, true)))
    .returning({ id: playbooks.id });
  if (!off) return;
  await recordWrite(tx, ctx, [
    {
      action: 'playbook.deactivated',
      entityType: 'playbook',
      entityId: playbook.id,
      changes: { active: [true, false], deactivatedReason: [null, reason] },
    },
  ]);
  if (playbook.createdById) {
    await notify(tx, {
      userIds: [playbook.createdById],
      kind: 'playbook_deactivated',
      title: `Playbook '${playbook.name}' was switched off: ${reason}`,
      body: null,
      accountId: null,
      ref: { type: 'playbook', id: playbook.id },
      actorId: null,
      eventId: null,
      now,
      config,
    });
  }
}

/** The `days` of active playbooks triggered by renewal.window_entered (for the renewals feature). */
export async function watchedRenewalDays(db: Db): Promise<number[]> {
  const rows = await db
    .select({ trigger: playbooks.trigger })
    .from(playbooks)
    .where(and(eq(playbooks.active, true), sql`${playbooks.trigger}->>'event' = 'renewal.window_entered'`));
  const days = rows
    .map((r) => Number((r.trigger as StoredTrigger).params?.days))
    .filter((d) => Number.isInteger(d) && d > 0);
  return [...new Set(days)].sort((a, b) => a - b);
}
