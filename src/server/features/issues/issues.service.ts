import { and, eq, getTableColumns, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import {
  isBreached,
  resolvedAtAfter,
  type Severity,
  type SlaHours,
  slaDueAt,
} from '../../../core/rules/sla.ts';
import { LAST_DAY } from '../../../core/schemas/common.ts';
import type { Issue, issuePatch, issuesQuery, issueWrite } from '../../../core/schemas/health.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset, parseSort } from '../../http/pagination.ts';
import { assertVersion } from '../../http/versioning.ts';
import {
  accountInScope,
  accounts,
  assertCanWorkAccounts,
  assertMayWrite,
  inAccountScope,
} from '../accounts/index.ts';
import { contacts } from '../contacts/index.ts';
import { issues } from './issues.table.ts';
import { getSlaHours } from './sla.service.ts';

type Row = typeof issues.$inferSelect;
/** The stored issue, as the audit trail compares it: accountName is derived, not the issue's. */
type IssueRecord = Omit<Issue, 'accountName'>;

function toRecord(r: Row, now: Date): IssueRecord {
  return {
    id: r.id,
    accountId: r.accountId,
    title: r.title,
    description: r.description,
    severity: r.severity,
    status: r.status,
    internalTeam: r.internalTeam,
    assigneeId: r.assigneeId,
    reportedByContactId: r.reportedByContactId,
    openedAt: r.openedAt.toISOString(),
    slaDueAt: r.slaDueAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    breached: isBreached(r, now),
    createdById: r.createdById,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

const toIssue = (r: Row & { accountName: string }, now: Date): Issue => ({
  ...toRecord(r, now),
  accountName: r.accountName,
});
const recordOf = ({ accountName: _, ...rest }: Issue): IssueRecord => rest;

/** Issues with their account's name, from one join. */
const selectIssues = (db: Db) =>
  db
    .select({ ...getTableColumns(issues), accountName: accounts.name })
    .from(issues)
    .innerJoin(accounts, eq(accounts.id, issues.accountId));

/** Visible with their account, and to their assignee (as tasks are). */
function issueScope(actor: Actor): SQL | undefined {
  const viaAccount = inAccountScope(actor, issues.accountId);
  return viaAccount && or(viaAccount, eq(issues.assigneeId, actor.userId));
}

/** The SLA deadline, which must stay in the API's date range like any date (400 naming openedAt). */
function dueInRange(openedAt: string, severity: Severity, hours: SlaHours): Date {
  const due = new Date(slaDueAt(openedAt, severity, hours));
  if (!(due.getTime() <= Date.parse(`${LAST_DAY}T23:59:59.999Z`))) {
    throw new AppError('validation', `An issue opened then would be due after ${LAST_DAY}.`, {
      errors: [{ path: 'openedAt', message: `puts the SLA deadline after ${LAST_DAY}` }],
    });
  }
  return due;
}

const breachedSql = (now: Date) => sql`coalesce(${issues.resolvedAt}, ${now}) > ${issues.slaDueAt}`;
const sortColumns = { openedAt: issues.openedAt, slaDueAt: issues.slaDueAt } as const;

/** `now` decides which open issues are breached. */
export async function listIssues(db: Db, actor: Actor, q: z.infer<typeof issuesQuery>, now: Date) {
  const { field, descending } = parseSort(q.sort) as { field: keyof typeof sortColumns; descending: boolean };
  const ks = keyset({ column: sortColumns[field], id: issues.id, descending, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, issueScope(actor)];
  if (q.accountId) where.push(eq(issues.accountId, q.accountId));
  if (q.status) where.push(eq(issues.status, q.status));
  if (q.severity) where.push(eq(issues.severity, q.severity));
  if (q.assigneeId) where.push(eq(issues.assigneeId, q.assigneeId));
  if (q.internalTeam) where.push(eq(issues.internalTeam, q.internalTeam));
  if (q.breached) where.push(q.breached === 'true' ? breachedSql(now) : sql`not (${breachedSql(now)})`);
  const rows = await selectIssues(db)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r[field]);
  return { data: page.data.map((r) => toIssue(r, now)), nextCursor: page.nextCursor };
}

/** 404 unless the issue exists and the actor may see it. */
export async function assertIssueVisible(db: Db, actor: Actor, id: string): Promise<void> {
  const [row] = await db
    .select({ id: issues.id })
    .from(issues)
    .where(and(eq(issues.id, id), issueScope(actor)));
  if (!row) throw new AppError('not_found', `There is no issue ${id}.`);
}

export async function getIssue(db: Db, actor: Actor, id: string, now: Date): Promise<Issue> {
  const [row] = await selectIssues(db).where(and(eq(issues.id, id), issueScope(actor)));
  if (!row) throw new AppError('not_found', `There is no issue ${id}.`);
  return toIssue(row, now);
}

export async function createIssue(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof issueWrite>,
): Promise<Issue> {
  assertCanWorkAccounts(ctx.actor);
  return db.transaction(async (tx) => {
    const account = await accountInScope(tx, ctx.actor, input.accountId, {
      field: 'accountId',
      forUpdate: true,
    });
    if (input.assigneeId) await assertAssignee(tx, input.assigneeId);
    if (input.reportedByContactId) await assertContact(tx, input.accountId, input.reportedByContactId);
    const { now } = ctx;
    const openedAt = input.openedAt ?? now.toISOString();
    const status = input.status ?? 'new';
    const [row] = await tx
      .insert(issues)
      .values({
        accountId: input.accountId,
        title: input.title,
        description: input.description ?? null,
        severity: input.severity,
        status,
        internalTeam: input.internalTeam ?? null,
        assigneeId: input.assigneeId ?? null,
        reportedByContactId: input.reportedByContactId ?? null,
        openedAt: new Date(openedAt),
        slaDueAt: dueInRange(openedAt, input.severity, await getSlaHours(tx)),
        resolvedAt: toDate(resolvedAtAfter({ status: 'new', resolvedAt: null }, status, now)),
        createdById: ctx.actor.userId,
      })
      .returning();
    const created = toRecord(row!, now);
    await recordChange(tx, ctx, 'issue', 'issue.created', null, created, [
      {
        type: 'issue.created',
        accountId: created.accountId,
        data: {
          issueId: created.id,
          severity: created.severity,
          status: created.status,
          assigneeId: created.assigneeId,
        },
      },
    ]);
    return { ...created, accountName: account.name };
  });
}

export async function updateIssue(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof issuePatch>,
  expected?: number,
): Promise<Issue> {
  return db.transaction(async (tx) => {
    await lockRow(tx, issues, id);
    const before = await getIssue(tx, ctx.actor, id, ctx.now);
    assertMayChange(ctx.actor, before, patch);
    assertVersion(expected, before.version);
    if (patch.assigneeId && patch.assigneeId !== before.assigneeId)
      await assertAssignee(tx, patch.assigneeId);
    if (patch.reportedByContactId) await assertContact(tx, before.accountId, patch.reportedByContactId);
    const severity = patch.severity ?? before.severity;
    const openedAt = patch.openedAt ?? before.openedAt;
    const regraded = severity !== before.severity || openedAt !== before.openedAt;
    const resolvedAt =
      patch.status === undefined ? undefined : toDate(resolvedAtAfter(before, patch.status, ctx.now));
    const [row] = await tx
      .update(issues)
      .set({
        ...patch,
        openedAt: patch.openedAt ? new Date(patch.openedAt) : undefined,
        slaDueAt: regraded ? dueInRange(openedAt, severity, await getSlaHours(tx)) : undefined,
        resolvedAt,
        version: sql`${issues.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(issues.id, id), eq(issues.version, before.version)))
      .returning();
    if (!row)
      throw new AppError(
        'precondition_failed',
        'The issue changed while you saved it. Reload and try again.',
      );
    const after = toRecord(row, ctx.now);
    const action =
      !before.resolvedAt && after.resolvedAt
        ? 'issue.resolved'
        : before.resolvedAt && !after.resolvedAt
          ? 'issue.reopened'
          : 'issue.updated';
    const events: NewEvent[] = [
      {
        type: 'issue.updated',
        accountId: after.accountId,
        data: { issueId: id, fields: Object.keys(patch), assigneeId: after.assigneeId },
      },
    ];
    if (after.status !== before.status) {
      const data = { issueId: id, from: before.status, to: after.status };
      events.push({ type: 'issue.status_changed', accountId: after.accountId, data });
    }
    await recordChange(tx, ctx, 'issue', action, recordOf(before), after, events);
    // An issue never changes account, so the name read with `before` is still its name.
    return { ...after, accountName: before.accountName };
  });
}

export async function deleteIssue(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, issues, id);
    const before = await getIssue(tx, ctx.actor, id, ctx.now);
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(issues).where(eq(issues.id, id));
    await recordChange(tx, ctx, 'issue', 'issue.deleted', recordOf(before), null, [
      { type: 'issue.deleted', accountId: before.accountId, data: { issueId: id } },
    ]);
  });
}

/** Members work only the issues assigned to them, and only their status. */
export function assertMayWork(actor: Actor, issue: Issue): void {
  if (actor.role !== 'member') {
    assertCanWorkAccounts(actor);
    return;
  }
  if (issue.assigneeId !== actor.userId)
    throw new AppError('forbidden', 'Members can work only the issues assigned to them.');
}

function assertMayChange(actor: Actor, issue: Issue, patch: z.infer<typeof issuePatch>): void {
  assertMayWork(actor, issue);
  if (actor.role === 'member' && Object.keys(patch).some((k) => k !== 'status'))
    throw new AppError('forbidden', 'Members can change only the status of the issues assigned to them.');
}

const toDate = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

async function assertAssignee(tx: Db, userId: string): Promise<void> {
  const [u] = await tx.select({ active: users.active }).from(users).where(eq(users.id, userId));
  if (!u?.active) {
    throw new AppError('validation', 'The assignee must be an active user.', {
      errors: [{ path: 'assigneeId', message: 'must be an active user' }],
    });
  }
}

async function assertContact(tx: Db, accountId: string, contactId: string): Promise<void> {
  const [c] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.accountId, accountId)));
  if (!c) {
    throw new AppError('validation', `The contact ${contactId} is not a contact of this account.`, {
      errors: [{ path: 'reportedByContactId', message: 'is not a contact of this account' }],
    });
  }
}
