import type { DeliverableStatus } from '../schemas/delivery.ts';

/**
 * Deliverables and their review rounds: the status a review sets, the client's rounds of changes
 * against those the fee includes, the change order once they run past, and the moments a
 * deliverable was approved and delivered.
 */

export type ReviewOutcome = 'approved' | 'changes_requested';
export type Reviewer = 'internal' | 'client';

/** Statuses after which a deliverable is no longer work to do (never overdue). */
export const finishedStatuses: readonly DeliverableStatus[] = ['approved', 'delivered', 'cancelled'];

/**
 * The status a review sets: the client's approval → `approved`; an internal approval → it goes
 * to the client (`client_review`); changes asked by either → `changes_requested`.
 */
export function statusAfterReview(outcome: ReviewOutcome, by: Reviewer): DeliverableStatus {
  if (outcome === 'changes_requested') return 'changes_requested';
  return by === 'client' ? 'approved' : 'client_review';
}

/** Whether a review is one of the client's rounds of changes (the ones the fee counts). */
export const isClientRound = (outcome: ReviewOutcome, by: Reviewer): boolean =>
  outcome === 'changes_requested' && by === 'client';

/** The client's rounds of changes after a review: one more for a client's request for changes. */
export const roundsAfterReview = (rounds: number, outcome: ReviewOutcome, by: Reviewer): number =>
  isClientRound(outcome, by) ? rounds + 1 : rounds;

/** More rounds of changes than the fee includes. */
export const overRevisionLimit = (rounds: number, includedRevisions: number): boolean =>
  rounds > includedRevisions;

/**
 * Whether this review calls for the change order: a client's request for changes that leaves the
 * rounds past those included, on a deliverable that has none yet (one per deliverable, ever).
 */
export function changeOrderDue(d: {
  outcome: ReviewOutcome;
  by: Reviewer;
  roundsAfter: number;
  includedRevisions: number;
  changeOrderMade: boolean;
}): boolean {
  return (
    isClientRound(d.outcome, d.by) &&
    overRevisionLimit(d.roundsAfter, d.includedRevisions) &&
    !d.changeOrderMade
  );
}

export interface Milestones {
  approvedAt: Date | null;
  deliveredAt: Date | null;
}

/**
 * approvedAt and deliveredAt after a move from `before.status` to `to` at `now`: approvedAt is set
 * when the status becomes `approved`, kept while it stays approved or moves on to `delivered`, and
 * cleared on any other status (back to an earlier one, or cancelled); deliveredAt is set when it
 * becomes `delivered` and cleared when it leaves it. Unchanged status → unchanged moments.
 */
export function milestonesAfter(
  before: Milestones & { status: DeliverableStatus },
  to: DeliverableStatus,
  now: Date,
): Milestones {
  if (to === before.status) return { approvedAt: before.approvedAt, deliveredAt: before.deliveredAt };
  const approvedAt =
    to === 'approved' ? (before.approvedAt ?? now) : to === 'delivered' ? before.approvedAt : null;
  const deliveredAt = to === 'delivered' ? (before.deliveredAt ?? now) : null;
  return { approvedAt, deliveredAt };
}

/** Due before `asOf` (YYYY-MM-DD) and still to do. */
export const isOverdue = (dueDate: string, status: DeliverableStatus, asOf: string): boolean =>
  dueDate < asOf && !finishedStatuses.includes(status);
