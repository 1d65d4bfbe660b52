import type { DeliverableStatus, DeliveryStatus } from '../schemas/delivery.ts';
import { ratio4 } from './arr-movement.ts';
import { daysBetween } from './dates.ts';
import { fromCents, toCents } from './money.ts';
import { finishedStatuses } from './revisions.ts';

/**
 * A project's derived figures as of a day (docs/delivery.md, "Project figures"): what it has spent
 * and committed against its budget, how far its deliverables have come against the time gone by,
 * and whether its delivery is on track, at risk or off track, with the reason in words: the first
 * rule that holds, in the order the status is decided.
 */

/** A deliverable overdue by more than this many days puts its project off track. */
export const OFF_TRACK_OVERDUE_DAYS = 7;
/** Progress this far behind the share of time elapsed puts a project at risk. */
export const PROGRESS_LAG = 0.25;

/** What the project itself says. */
export interface ProjectTerms {
  status: 'planning' | 'active' | 'on_hold' | 'completed' | 'cancelled';
  startDate: string;
  endDate: string;
  budget: number | null;
}

/** The sums of a project's deliverables and vendor engagements as of the day (one query per page). */
export interface ProjectSums {
  /** Σ cost of engagements `delivered` with deliveredOn ≤ asOf (performance spend comes later). */
  spent: number;
  /** Σ cost of engagements `contracted` or `in_progress`. */
  committed: number;
  /** Σ effortPoints of deliverables `approved` or `delivered`. */
  effortDone: number;
  /** Σ effortPoints of deliverables not `cancelled`. */
  effortPlanned: number;
  /** Deliverables with dueDate < asOf and not approved, delivered or cancelled. */
  overdue: number;
  /** Of those, the ones overdue by more than OFF_TRACK_OVERDUE_DAYS days. */
  overdueOverWeek: number;
  /** The most days any deliverable is overdue by (0 when none is). */
  maxDaysOverdue: number;
}

export const noSums: ProjectSums = {
  spent: 0,
  committed: 0,
  effortDone: 0,
  effortPlanned: 0,
  overdue: 0,
  overdueOverWeek: 0,
  maxDaysOverdue: 0,
};

export interface ProjectFigures {
  spent: number;
  committed: number;
  budgetUsed: number | null;
  budgetCommitted: number | null;
  progress: number | null;
  elapsed: number;
  overdueDeliverables: number;
  deliveryStatus: DeliveryStatus | null;
  deliveryReason: string | null;
}

/** The project's days inclusive, and how many of them have begun by asOf (clamped to 0…all). */
export function elapsedDays(
  startDate: string,
  endDate: string,
  asOf: string,
): { gone: number; total: number } {
  const total = daysBetween(startDate, endDate) + 1;
  const gone = Math.min(Math.max(daysBetween(startDate, asOf) + 1, 0), total);
  return { gone, total };
}

/** clamp((asOf − startDate + 1) / (endDate − startDate + 1), 0, 1), to 4 decimals. */
export function elapsedShare(startDate: string, endDate: string, asOf: string): number {
  const { gone, total } = elapsedDays(startDate, endDate, asOf);
  return total <= 0 ? 1 : ratio4(gone, total);
}

/** A ratio as a percentage in words: 1.1234 → "112.34%", 0.3 → "30%". */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(2))}%`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const done = new Set(['approved', 'delivered']);

/**
 * The sums from the rows themselves: the reference the page's aggregate query computes in SQL.
 * A deliverable is overdue when dueDate < asOf and it is not approved, delivered or cancelled, by
 * asOf − dueDate days.
 */
export function projectSums(
  deliverables: readonly { status: string; effortPoints: number; dueDate: string }[],
  engagements: readonly { status: string; cost: number; deliveredOn: string | null }[],
  asOf: string,
): ProjectSums {
  const s = { ...noSums };
  let spent = 0;
  let committed = 0;
  for (const d of deliverables) {
    if (d.status !== 'cancelled') s.effortPlanned += d.effortPoints;
    if (done.has(d.status)) s.effortDone += d.effortPoints;
    if (!finishedStatuses.includes(d.status as DeliverableStatus) && d.dueDate < asOf) {
      const days = daysBetween(d.dueDate, asOf);
      s.overdue += 1;
      if (days > OFF_TRACK_OVERDUE_DAYS) s.overdueOverWeek += 1;
      s.maxDaysOverdue = Math.max(s.maxDaysOverdue, days);
    }
  }
  for (const e of engagements) {
    if (e.status === 'delivered' && e.deliveredOn !== null && e.deliveredOn <= asOf) spent += toCents(e.cost);
    if (e.status === 'contracted' || e.status === 'in_progress') committed += toCents(e.cost);
  }
  return { ...s, spent: fromCents(spent), committed: fromCents(committed) };
}

export function projectFigures(p: ProjectTerms, s: ProjectSums, asOf: string): ProjectFigures {
  const spentCents = toCents(s.spent);
  const committedCents = toCents(s.committed);
  const budgetCents = p.budget === null ? 0 : toCents(p.budget);
  const budgetUsed = budgetCents === 0 ? null : ratio4(spentCents, budgetCents);
  const budgetCommitted = budgetCents === 0 ? null : ratio4(spentCents + committedCents, budgetCents);
  const progress = s.effortPlanned === 0 ? null : ratio4(s.effortDone, s.effortPlanned);
  const days = elapsedDays(p.startDate, p.endDate, asOf);
  const elapsed = days.total <= 0 ? 1 : ratio4(days.gone, days.total);
  const figures = {
    spent: fromCents(spentCents),
    committed: fromCents(committedCents),
    budgetUsed,
    budgetCommitted,
    progress,
    elapsed,
    overdueDeliverables: s.overdue,
  };
  if (p.status === 'completed' || p.status === 'cancelled') {
    return { ...figures, deliveryStatus: null, deliveryReason: null };
  }

  const offTrack = (deliveryReason: string) => ({
    ...figures,
    deliveryStatus: 'off_track' as const,
    deliveryReason,
  });
  const atRisk = (deliveryReason: string) => ({
    ...figures,
    deliveryStatus: 'at_risk' as const,
    deliveryReason,
  });
  if (s.overdueOverWeek > 0) {
    return offTrack(
      `${plural(s.overdueOverWeek, 'deliverable')} overdue by more than ${OFF_TRACK_OVERDUE_DAYS} days (the most by ${plural(s.maxDaysOverdue, 'day')})`,
    );
  }
  // Compared exactly, in cents: a budget overspent by a cent is over it.
  if (budgetCents > 0 && spentCents > budgetCents) {
    return offTrack(`Over budget: ${percent(budgetUsed!)} of it spent`);
  }
  if (p.status === 'active' && asOf > p.endDate) return offTrack('Past its end date and still active');

  if (s.overdue > 0) {
    return atRisk(
      `${plural(s.overdue, 'deliverable')} overdue (the most by ${plural(s.maxDaysOverdue, 'day')})`,
    );
  }
  if (budgetCents > 0 && spentCents + committedCents > budgetCents) {
    return atRisk(`Spent and committed come to ${percent(budgetCommitted!)} of the budget`);
  }
  // progress < elapsed − 0.25, exactly: done / planned < gone / total − 1/4
  // ⇔ 4 · done · total < (4 · gone − total) · planned (all integers, planned and total > 0).
  if (
    s.effortPlanned > 0 &&
    days.total > 0 &&
    4 * s.effortDone * days.total < (4 * days.gone - days.total) * s.effortPlanned
  ) {
    return atRisk(`Progress ${percent(progress!)} behind ${percent(elapsed)} of the time elapsed`);
  }

  return {
    ...figures,
    deliveryStatus: 'on_track',
    deliveryReason:
      progress === null
        ? 'Nothing overdue and within its budget'
        : 'Nothing overdue, within its budget, progress keeping pace with the time elapsed',
  };
}
