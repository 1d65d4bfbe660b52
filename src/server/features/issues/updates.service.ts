import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { IssueUpdate, issueUpdatesQuery, issueUpdateWrite } from '../../../core/schemas/health.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { assertIssueVisible, assertMayWork, getIssue } from './issues.service.ts';
import { issueUpdates } from './issues.table.ts';

function toUpdate(r: typeof issueUpdates.$inferSelect): IssueUpdate {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

/** Adds to the issue's thread as the caller; members only on issues assigned to them. */
export async function postIssueUpdate(
  db: Db,
  ctx: WriteContext,
  issueId: string,
  input: z.infer<typeof issueUpdateWrite>,
): Promise<IssueUpdate> {
  return db.transaction(async (tx) => {
    const issue = await getIssue(tx, ctx.actor, issueId, ctx.now);
    assertMayWork(ctx.actor, issue);
    const [row] = await tx
      .insert(issueUpdates)
      .values({ issueId, body: input.body, visibility: input.visibility, authorId: ctx.actor.userId })
      .returning();
    const created = toUpdate(row!);
    await recordChange(
      tx,
      ctx,
      'issue_update',
      'issue.update_posted',
      null,
      { ...created, accountId: issue.accountId },
      [{ type: 'issue.update_posted', accountId: issue.accountId, data: { issueId, updateId: created.id } }],
    );
    return created;
  });
}

/** The thread, oldest first. */
export async function listIssueUpdates(
  db: Db,
  actor: Actor,
  issueId: string,
  q: z.infer<typeof issueUpdatesQuery>,
): Promise<{ data: IssueUpdate[]; nextCursor: string | null }> {
  await assertIssueVisible(db, actor, issueId);
  // Ids are time-ordered (UUID v7): the id alone is the keyset.
  const ks = keyset({ column: issueUpdates.id, id: issueUpdates.id, descending: false, cursor: q.cursor });
  const rows = await db
    .select()
    .from(issueUpdates)
    .where(and(eq(issueUpdates.issueId, issueId), ks.where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toUpdate), nextCursor: page.nextCursor };
}

export async function getIssueUpdate(
  db: Db,
  actor: Actor,
  issueId: string,
  id: string,
): Promise<IssueUpdate> {
  await assertIssueVisible(db, actor, issueId);
  const [row] = await db
    .select()
    .from(issueUpdates)
    .where(and(eq(issueUpdates.issueId, issueId), eq(issueUpdates.id, id)));
  if (!row) throw new AppError('not_found', `There is no update ${id} on this issue.`);
  return toUpdate(row);
}
