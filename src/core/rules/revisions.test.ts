import { describe, expect, it } from 'vitest';
import {
  changeOrderDue,
  isOverdue,
  milestonesAfter,
  overRevisionLimit,
  roundsAfterReview,
  statusAfterReview,
} from './revisions.ts';

describe('deliverable reviews', () => {
  it('sets the status by outcome and reviewer', () => {
    expect(statusAfterReview('approved', 'client')).toBe('approved');
    expect(statusAfterReview('approved', 'internal')).toBe('client_review');
    expect(statusAfterReview('changes_requested', 'client')).toBe('changes_requested');
    expect(statusAfterReview('changes_requested', 'internal')).toBe('changes_requested');
  });

  it("counts only the client's requests for changes as rounds", () => {
    expect(roundsAfterReview(0, 'changes_requested', 'client')).toBe(1);
    expect(roundsAfterReview(2, 'changes_requested', 'client')).toBe(3);
    expect(roundsAfterReview(2, 'changes_requested', 'internal')).toBe(2);
    expect(roundsAfterReview(2, 'approved', 'client')).toBe(2);
    expect(roundsAfterReview(2, 'approved', 'internal')).toBe(2);
  });

  it('is over the limit only past the included rounds', () => {
    expect(overRevisionLimit(0, 0)).toBe(false);
    expect(overRevisionLimit(1, 0)).toBe(true);
    expect(overRevisionLimit(2, 2)).toBe(false);
    expect(overRevisionLimit(3, 2)).toBe(true);
    expect(overRevisionLimit(20, 20)).toBe(false);
  });

  it('calls for the change order once, on the client round that passes the included ones', () => {
    const base = { outcome: 'changes_requested', by: 'client', includedRevisions: 2 } as const;
    expect(changeOrderDue({ ...base, roundsAfter: 2, changeOrderMade: false })).toBe(false);
    expect(changeOrderDue({ ...base, roundsAfter: 3, changeOrderMade: false })).toBe(true);
    expect(changeOrderDue({ ...base, roundsAfter: 4, changeOrderMade: true })).toBe(false);
    expect(changeOrderDue({ ...base, includedRevisions: 0, roundsAfter: 1, changeOrderMade: false })).toBe(
      true,
    );
    // Internal reviews and approvals never make one, even past the limit.
    expect(changeOrderDue({ ...base, by: 'internal', roundsAfter: 5, changeOrderMade: false })).toBe(false);
    expect(changeOrderDue({ ...base, outcome: 'approved', roundsAfter: 5, changeOrderMade: false })).toBe(
      false,
    );
  });
});

describe('approvedAt and deliveredAt', () => {
  const now = new Date('2026-12-06T12:00:00.000Z');
  const earlier = new Date('2026-12-01T09:00:00.000Z');
  const evenEarlier = new Date('2026-11-30T09:00:00.000Z');
  const none = { approvedAt: null, deliveredAt: null };

  it('sets approvedAt on approval and keeps it on delivery', () => {
    expect(milestonesAfter({ status: 'client_review', ...none }, 'approved', now)).toEqual({
      approvedAt: now,
      deliveredAt: null,
    });
    expect(
      milestonesAfter({ status: 'approved', approvedAt: earlier, deliveredAt: null }, 'delivered', now),
    ).toEqual({ approvedAt: earlier, deliveredAt: now });
  });

  it('delivers without approval leaving approvedAt empty', () => {
    expect(milestonesAfter({ status: 'in_progress', ...none }, 'delivered', now)).toEqual({
      approvedAt: null,
      deliveredAt: now,
    });
  });

  it('clears deliveredAt when leaving delivered, and approvedAt when going back before approval', () => {
    const delivered = { status: 'delivered', approvedAt: evenEarlier, deliveredAt: earlier } as const;
    expect(milestonesAfter(delivered, 'approved', now)).toEqual({
      approvedAt: evenEarlier,
      deliveredAt: null,
    });
    expect(milestonesAfter(delivered, 'changes_requested', now)).toEqual(none);
    const approved = { status: 'approved', approvedAt: earlier, deliveredAt: null } as const;
    expect(milestonesAfter(approved, 'in_progress', now)).toEqual(none);
    expect(milestonesAfter(approved, 'cancelled', now)).toEqual(none);
  });

  it('keeps both when the status does not change', () => {
    const approved = { status: 'approved', approvedAt: earlier, deliveredAt: null } as const;
    expect(milestonesAfter(approved, 'approved', now)).toEqual({ approvedAt: earlier, deliveredAt: null });
    expect(milestonesAfter({ status: 'in_progress', ...none }, 'internal_review', now)).toEqual(none);
  });
});

describe('overdue', () => {
  it('is due before the day and still to do', () => {
    expect(isOverdue('2026-12-05', 'in_progress', '2026-12-06')).toBe(true);
    expect(isOverdue('2026-12-06', 'in_progress', '2026-12-06')).toBe(false);
    expect(isOverdue('2026-12-05', 'changes_requested', '2026-12-06')).toBe(true);
    expect(isOverdue('2026-12-05', 'approved', '2026-12-06')).toBe(false);
    expect(isOverdue('2026-12-05', 'delivered', '2026-12-06')).toBe(false);
    expect(isOverdue('2026-12-05', 'cancelled', '2026-12-06')).toBe(false);
  });
});
