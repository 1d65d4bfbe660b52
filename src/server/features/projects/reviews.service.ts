import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { NewEvent } from '../../../core/events.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import {
  changeOrderDue,
  isClientRound,
  milestonesAfter,
  overRevisionLimit,
  roundsAfterReview,
  statusAfterReview,
} from '../../../core/rules/revisions.ts';
import type { Review, reviewCreated, reviewsQuery, reviewWrite } from '../../../core/schemas/delivery.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { assertCanWorkAccounts } from '../accounts/index.ts';
import { contacts } from '../contacts/index.ts';
import { tasks } from '../tasks/index.ts';
import { type DeliverableRow, deliverableRow, recordOf, statusChanged } from './deliverables.service.ts';
import { deliverableReviews, deliverables } from './deliverables.table.ts';
import { projects } from './projects.table.ts';

type ReviewRow = typeof deliverableReviews.$inferSelect;

const toReview = (r: ReviewRow): Review => ({
  id: r.id,
  deliverableId: r.deliverableId,
  outcome: r.outcome,
  by: r.by,
  contactId: r.contactId,
  notes: r.notes,
  round: r.round,
  reviewerId: r.reviewerId,
  createdAt: r.createdAt.toISOString(),
});

/** A deliverable's reviews, oldest first (ids are time-ordered UUID v7: the id is the keyset). */
export async function listReviews(
  db: Db,
  actor: Actor,
  deliverableId: string,
  q: z.infer<typeof reviewsQuery>,
) {
  await deliverableRow(db, actor, deliverableId);
  const ks = keyset({
    column: deliverableReviews.id,
    id: deliverableReviews.id,
    descending: false,
    cursor: q.cursor,
  });
  const rows = await db
    .select()
    .from(deliverableReviews)
    .where(and(eq(deliverableReviews.deliverableId, deliverableId), ks.where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return { data: page.data.map(toReview), nextCursor: page.nextCursor };
}

/**
 * Records a review, in one transaction on the locked deliverable: the status it sets, the client's
 * rounds of changes, and — when a client's request takes the rounds past those included — the
 * change-order task for the project's owner, once per deliverable.
 */
export async function postReview(
  db: Db,
  ctx: WriteContext,
  deliverableId: string,
  input: z.infer<typeof reviewWrite>,
): Promise<z.infer<typeof reviewCreated>> {
  return db.transaction(async (tx) => {
    await lockRow(tx, deliverables, deliverableId);
    const current = await deliverableRow(tx, ctx.actor, deliverableId);
    assertMayReview(ctx.actor, current, input.by);
    if (current.status === 'cancelled')
      throw new AppError('conflict', 'The deliverable is cancelled; reopen it before reviewing it.');
    if (input.contactId) await assertContact(tx, current.accountId, input.contactId);

    const revisionRounds = roundsAfterReview(current.revisionRounds, input.outcome, input.by);
    const status = statusAfterReview(input.outcome, input.by);
    const [review] = await tx
      .insert(deliverableReviews)
      .values({
        deliverableId,
        outcome: input.outcome,
        by: input.by,
        contactId: input.contactId ?? null,
        notes: input.notes ?? null,
        round: isClientRound(input.outcome, input.by) ? revisionRounds : null,
        reviewerId: ctx.actor.userId,
      })
      .returning();

    let changeOrderTaskId = current.changeOrderTaskId;
    const due = changeOrderDue({
      outcome: input.outcome,
      by: input.by,
      roundsAfter: revisionRounds,
      includedRevisions: current.includedRevisions,
      changeOrderMade: changeOrderTaskId !== null,
    });
    if (due) changeOrderTaskId = await makeChangeOrder(tx, ctx, current, revisionRounds);

    const [row] = await tx
      .update(deliverables)
      .set({
        status,
        revisionRounds,
        changeOrderTaskId,
        ...milestonesAfter(current, status, ctx.now),
        version: sql`${deliverables.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(deliverables.id, deliverableId))
      .returning();
    const before = recordOf(current);
    const after = recordOf(row!);
    const over = overRevisionLimit(revisionRounds, after.includedRevisions);
    const events: NewEvent[] = [
      {
        type: 'deliverable.reviewed',
        accountId: after.accountId,
        data: {
          deliverableId,
          projectId: after.projectId,
          reviewId: review!.id,
          outcome: input.outcome,
          by: input.by,
          revisionRounds,
          overRevisionLimit: over,
        },
      },
      ...statusChanged(before, after),
    ];
    await recordChange(tx, ctx, 'deliverable', 'deliverable.reviewed', before, after, events);
    return { ...toReview(review!), status, revisionRounds, overRevisionLimit: over, changeOrderTaskId };
  });
}

/** The task "Change order: <deliverable>" for the project's owner, on the project's account. */
async function makeChangeOrder(
  tx: Db,
  ctx: WriteContext,
  d: DeliverableRow,
  rounds: number,
): Promise<string> {
  const [project] = await tx
    .select({ ownerId: projects.ownerId })
    .from(projects)
    .where(eq(projects.id, d.projectId));
  const assigneeId = project!.ownerId;
  const [row] = await tx
    .insert(tasks)
    .values({
      title: `Change order: ${d.name}`.slice(0, 200),
      description: `The client has asked for changes ${rounds} times on “${d.name}” (${d.projectName}); the fee includes ${d.includedRevisions}. Agree a change order for the extra rounds.`,
      accountId: d.accountId,
      assigneeId,
      dueDate: dayOf(ctx.now),
      status: 'open',
      priority: 'high',
      effortPoints: 1,
      source: 'automation',
      createdById: ctx.actor.userId,
    })
    .returning();
  const task = {
    ...row!,
    completedAt: null,
    createdAt: row!.createdAt.toISOString(),
    updatedAt: row!.updatedAt.toISOString(),
  };
  await recordChange(tx, ctx, 'task', 'task.created', null, task, [
    { type: 'task.assigned', accountId: d.accountId, data: { taskId: task.id, assigneeId } },
  ]);
  return task.id;
}

/**
 * Members review only the deliverables assigned to them, and only internally: they cannot approve
 * (or ask for changes) on the client's behalf. Viewers review nothing.
 */
function assertMayReview(actor: Actor, d: DeliverableRow, by: 'internal' | 'client'): void {
  if (actor.role !== 'member') {
    assertCanWorkAccounts(actor);
    return;
  }
  if (d.assigneeId !== actor.userId)
    throw new AppError('forbidden', 'Members can review only the deliverables assigned to them.');
  if (by === 'client')
    throw new AppError('forbidden', "Members cannot record the client's review; the account manager does.");
}

async function assertContact(tx: Db, accountId: string, contactId: string): Promise<void> {
  const [c] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.accountId, accountId)));
  if (!c) {
    throw new AppError('validation', `The contact ${contactId} is not a contact of this account.`, {
      errors: [{ path: 'contactId', message: 'is not a contact of this account' }],
    });
  }
}
