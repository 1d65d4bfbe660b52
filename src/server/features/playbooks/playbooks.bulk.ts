import { sql } from 'drizzle-orm';
import type { NewEvent } from '../../../core/events.ts';
import { addDays, dayOf } from '../../../core/rules/dates.ts';
import { enrolmentCutoff } from '../../../core/rules/playbook-enrolment.ts';
import { renderPlaceholders } from '../../../core/rules/playbook-placeholders.ts';
import { type AuditInput, diff, recordWrite } from '../../audit/record.ts';
import type { WriteContext } from '../../auth/context.ts';
import { jsonParam } from '../../db/bulk.ts';
import { newId } from '../../db/columns.ts';
import { type Db, rawRows } from '../../db/index.ts';
import type { domainEvents } from '../../events/outbox.table.ts';
import type { accounts } from '../accounts/index.ts';
import { tasks } from '../tasks/index.ts';
import { playbookRuns, type playbooks, type RunAction } from './playbooks.table.ts';

type AccountRow = typeof accounts.$inferSelect;
type EventRow = typeof domainEvents.$inferSelect;

export interface DueRun {
  run: typeof playbookRuns.$inferSelect;
  playbook: typeof playbooks.$inferSelect;
  event: EventRow | null;
  account: AccountRow | null;
}

export interface BulkEnv {
  now: Date;
  react: WriteContext['react'];
  /** The owner's name and the managers of the owner's teams (the admins when none). */
  ownerOf: (ownerId: string) => Promise<{ name: string | null; managers: string[] }>;
  /** Loads whether each user is active into `active` (one query for those not known yet). */
  loadActive: (ids: string[]) => Promise<void>;
  active: Map<string, boolean>;
}

/** A first run of a playbook whose actions are all create_task: the batch makes them together. */
export function isBulk(d: DueRun): boolean {
  return (
    d.run.status === 'pending' &&
    d.playbook.active &&
    d.event !== null &&
    d.account !== null &&
    d.account.archivedAt === null &&
    d.playbook.actions.every((a) => a.type === 'create_task')
  );
}

const CHUNK = 500;

/**
 * The many runs of one daily flood (a check-in overdue on thousands of accounts) in a few
 * statements: the enrolments claimed in one upsert (race-safe as one run's), the tasks inserted
 * together, their audit entries and events recorded per playbook, the runs closed in one update.
 * Returns the runs it leaves to the one-by-one path: a second run of the same (playbook, account)
 * in the batch (after this one's enrolment), and runs whose assignee is not active (their actions
 * fail there and are retried, their enrolment already claimed).
 */
export async function runBulk(tx: Db, env: BulkEnv, due: DueRun[]): Promise<DueRun[]> {
  const { now } = env;
  const later: DueRun[] = [];
  const first = new Map<string, DueRun>();
  for (const d of due) {
    const key = `${d.playbook.id}|${d.account!.id}`;
    if (first.has(key)) later.push(d);
    else first.set(key, d);
  }
  const runs = [...first.values()];
  if (!runs.length) return later;

  // Enrolment: one upsert whose update applies each row's own cutoff.
  const input = runs.map((d) => {
    const cutoff = enrolmentCutoff(d.playbook.enrolment, now);
    return {
      playbook_id: d.playbook.id,
      account_id: d.account!.id,
      always: cutoff === 'always',
      cutoff: cutoff instanceof Date ? cutoff.toISOString() : null,
    };
  });
  const claimed = await rawRows<{ playbook_id: string; account_id: string }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${jsonParam(input)}::jsonb)
            as r(playbook_id uuid, account_id uuid, always boolean, cutoff timestamptz)
        )
        insert into playbook_enrolments (playbook_id, account_id, last_at)
        select playbook_id, account_id, ${now.toISOString()}::timestamptz from input
        on conflict (playbook_id, account_id) do update set last_at = excluded.last_at
        where exists (
          select 1 from input i
          where i.playbook_id = excluded.playbook_id and i.account_id = excluded.account_id
            and (i.always or playbook_enrolments.last_at <= i.cutoff)
        )
        returning playbook_id, account_id`,
  );
  const enrolled = new Set(claimed.map((r) => `${r.playbook_id}|${r.account_id}`));

  const skipped: { id: string; reason: string }[] = [];
  const made: { d: DueRun; rows: (typeof tasks.$inferInsert)[]; actions: RunAction[]; did: string[] }[] = [];
  for (const d of runs) {
    if (!enrolled.has(`${d.playbook.id}|${d.account!.id}`)) {
      skipped.push({ id: d.run.id, reason: skipReason(d.playbook.enrolment) });
      continue;
    }
    const plan = await planTasks(env, d);
    if (plan) made.push({ d, ...plan });
    // An inactive assignee: the one-by-one path runs (and retries) its actions, enrolment claimed.
    else later.push({ ...d, run: { ...d.run, status: 'retrying' } });
  }

  const rows = made.flatMap((m) => m.rows);
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(tasks).values(rows.slice(i, i + CHUNK));

  // The audit entries and events, per playbook (each is its own origin).
  const byPlaybook = new Map<string, typeof made>();
  for (const m of made) byPlaybook.set(m.d.playbook.id, [...(byPlaybook.get(m.d.playbook.id) ?? []), m]);
  for (const [playbookId, list] of byPlaybook) {
    const entries: AuditInput[] = [];
    const events: NewEvent[] = [];
    for (const m of list) {
      for (const row of m.rows) {
        const record = {
          ...row,
          description: null,
          opportunityId: null,
          issueId: null,
          completedAt: null,
        };
        entries.push({
          action: 'task.created',
          entityType: 'task',
          entityId: row.id!,
          accountId: row.accountId!,
          changes: diff(null, record),
        });
        events.push({
          type: 'task.assigned',
          accountId: row.accountId!,
          data: { taskId: row.id!, assigneeId: row.assigneeId },
        });
      }
    }
    const ctx: WriteContext<null> = { actor: null, now, react: env.react, origin: `playbook:${playbookId}` };
    await recordWrite(tx, ctx, entries, events);
  }

  const closed = [
    ...made.map((m) => ({
      id: m.d.run.id,
      status: 'done',
      reason: null,
      actions: m.actions,
      summary: `Playbook '${m.d.playbook.name}' ${m.did.join(', ')}`,
    })),
    ...skipped.map((s) => ({ id: s.id, status: 'skipped', reason: s.reason, actions: [], summary: null })),
  ];
  if (closed.length) {
    await tx.execute(sql`
      update ${playbookRuns} r set status = x.status, reason = x.reason, actions = x.actions, summary = x.summary,
        attempts = r.attempts + case when x.status = 'done' then 1 else 0 end,
        at = ${now.toISOString()}::timestamptz, next_attempt_at = null
      from jsonb_to_recordset(${jsonParam(closed)}::jsonb)
        as x(id uuid, status text, reason text, actions jsonb, summary text)
      where r.id = x.id`);
  }
  return later;
}

function skipReason(enrolment: DueRun['playbook']['enrolment']): string {
  if (enrolment === 'once_per_account')
    return 'The account already went through this playbook (once per account).';
  if (enrolment === 'every_time') return 'Not enrolled.';
  return `The account went through this playbook less than ${enrolment.atMostEveryDays} days ago.`;
}

/** The task a create_task action makes for one assignee (its title already rendered). */
export function taskOf(
  action: DueRun['playbook']['actions'][number],
  title: string,
  accountId: string,
  assigneeId: string,
  today: string,
): typeof tasks.$inferInsert {
  return {
    title,
    accountId,
    assigneeId,
    dueDate: addDays(today, Number(action.dueInDays ?? 0)),
    status: 'open',
    priority: (action.priority as 'normal') ?? 'normal',
    effortPoints: Number(action.effortPoints ?? 1),
    source: 'automation',
    createdById: null,
  };
}

/** The tasks a run's create_task actions make, or null when an assignee is not an active user. */
async function planTasks(env: BulkEnv, d: DueRun) {
  const account = d.account!;
  const event = d.event!;
  const owner = await env.ownerOf(account.ownerId);
  const today = dayOf(env.now);
  const rows: (typeof tasks.$inferInsert)[] = [];
  const actions: RunAction[] = [];
  const did: string[] = [];
  for (const action of d.playbook.actions) {
    const assignTo = String(action.assignTo);
    const assignees =
      assignTo === 'owner' ? [account.ownerId] : assignTo === 'manager' ? owner.managers : [assignTo];
    await env.loadActive(assignees);
    if (!assignees.length || assignees.some((id) => !env.active.get(id))) return null;
    const title = renderPlaceholders(String(action.title ?? ''), {
      account: { name: account.name, arr: account.arr, ownerName: owner.name },
      event: {
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        id: event.id,
        data: event.data,
      },
    }).slice(0, 200);
    const ids = assignees.map(() => newId());
    assignees.forEach((assigneeId, i) => {
      rows.push({ id: ids[i], ...taskOf(action, title, account.id, assigneeId, today) });
    });
    const note = `created task “${title}”${assignees.length > 1 ? ` for ${assignees.length} people` : ''}`;
    actions.push({
      type: 'create_task',
      status: 'done',
      ref: { type: 'task', id: ids[0]! },
      error: null,
      note,
    });
    did.push(note);
  }
  return { rows, actions, did };
}
