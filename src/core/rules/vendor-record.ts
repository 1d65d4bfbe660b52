/**
 * A vendor's record over its engagements, and a client request's lateness. Pure: the day comes
 * from the caller (the clock or `asOf`), the rows from the database.
 */
import { daysBetween } from './dates.ts';
import { fromCents, toCents } from './money.ts';

export interface EngagementFacts {
  status: string;
  cost: number;
  dueDate: string | null;
  deliveredOn: string | null;
  rating: number | null;
}

/** The sums a vendor's record is made of: what one aggregate query over its engagements returns. */
export interface RecordSums {
  /** All its engagements, whatever their status. */
  engagements: number;
  /** Σ cost of the delivered ones, in cents. */
  deliveredCostCents: number;
  /** Delivered engagements. */
  delivered: number;
  /** Delivered on or before their due date; one without a due date counts as on time. */
  onTime: number;
  /** Engagements with a rating, and the sum of their ratings. */
  rated: number;
  ratingSum: number;
}

export interface VendorRecord {
  engagements: number;
  totalCost: number;
  averageRating: number | null;
  onTimeRate: number | null;
}

/**
 * numerator / denominator (integers ≥ 0, denominator > 0) to `places` decimals, half away from
 * zero, in exact integer arithmetic; null when the denominator is 0.
 */
export function roundedRatio(numerator: number, denominator: number, places: number): number | null {
  if (denominator === 0) return null;
  const scale = 10n ** BigInt(places);
  const n = BigInt(numerator) * scale * 2n + BigInt(denominator);
  const q = n / (BigInt(denominator) * 2n); // ⌊(numerator × 10^places + denominator / 2) / denominator⌋
  return Number(q) / Number(scale);
}

/**
 * Whether a delivered engagement was on time: delivered on or before its due date. One without a
 * due date promised nothing to be late against, so it counts as on time.
 */
export const deliveredOnTime = (e: Pick<EngagementFacts, 'dueDate' | 'deliveredOn'>): boolean =>
  e.dueDate === null || (e.deliveredOn !== null && e.deliveredOn <= e.dueDate);

/** The record from its sums: totalCost to the cent, averageRating to 2 decimals, onTimeRate to 4. */
export function vendorRecordOf(s: RecordSums): VendorRecord {
  return {
    engagements: s.engagements,
    totalCost: fromCents(s.deliveredCostCents),
    averageRating: roundedRatio(s.ratingSum, s.rated, 2),
    onTimeRate: roundedRatio(s.onTime, s.delivered, 4),
  };
}

/** The sums of a list of engagements (the reference the SQL aggregate must agree with). */
export function recordSums(engagements: readonly EngagementFacts[]): RecordSums {
  const s: RecordSums = {
    engagements: 0,
    deliveredCostCents: 0,
    delivered: 0,
    onTime: 0,
    rated: 0,
    ratingSum: 0,
  };
  for (const e of engagements) {
    s.engagements++;
    if (e.status === 'delivered') {
      s.delivered++;
      s.deliveredCostCents += toCents(e.cost);
      if (deliveredOnTime(e)) s.onTime++;
    }
    if (e.rating !== null) {
      s.rated++;
      s.ratingSum += e.rating;
    }
  }
  return s;
}

/** A vendor's record: engagements (count), totalCost, averageRating, onTimeRate. */
export const vendorRecord = (engagements: readonly EngagementFacts[]): VendorRecord =>
  vendorRecordOf(recordSums(engagements));

/**
 * A client request is overdue while it is still `requested` after its due date; daysOverdue is
 * how many days past it is (asOf − dueDate), 0 when it is not overdue.
 */
export function requestLateness(
  r: { status: string; dueDate: string },
  asOf: string,
): { overdue: boolean; daysOverdue: number } {
  const overdue = r.status === 'requested' && r.dueDate < asOf;
  return { overdue, daysOverdue: overdue ? daysBetween(r.dueDate, asOf) : 0 };
}
