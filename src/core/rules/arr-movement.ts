import { arrOn, type ContractTerm } from './arr.ts';
import { addDays } from './dates.ts';
import { fromCents, toCents } from './money.ts';

/**
 * The days an ARR movement compares. Movement is history: the period runs from `from` to `to`
 * (both inclusive) and `to` is at most today. `a` is the ARR at the start of the period, i.e. at the
 * end of the day before `from` (`startOn`); `b` is the ARR on `to`. So periods placed back to back
 * (quarters) see every change once: a contract ending on 31 March still counts on 31 March, the
 * start of Q2, and no longer on 30 June, so it is churn in Q2.
 */
export interface MovementPeriod {
  from: string;
  /** The last day compared: the requested `to`, or today when that was later. */
  to: string;
  /** The day `a` is read: `from` − 1 day. */
  startOn: string;
  /** Today when the requested `to` was after it and was cut to it; null otherwise. */
  truncatedTo: string | null;
}

/**
 * The period of an ARR movement from the requested `from` ≤ `to`, as of `today`; null when `from`
 * is after today (there is no history to compare yet).
 */
export function movementPeriod(from: string, to: string, today: string): MovementPeriod | null {
  if (from > today) return null;
  const cut = to > today;
  return { from, to: cut ? today : to, startOn: addDays(from, -1), truncatedTo: cut ? today : null };
}

/** One account's `a` and `b` over a period, from its contract terms (as `arrOn` reads them). */
export function movementArrs(
  terms: Iterable<ContractTerm>,
  period: MovementPeriod,
): { a: number; b: number } {
  const list = [...terms];
  return { a: arrOn(list, period.startOn), b: arrOn(list, period.to) };
}

export type Movement = 'new' | 'expansion' | 'contraction' | 'churn' | 'flat';

/** How one account's ARR moved from `a` (at the start) to `b` (at the end). */
export function movementOf(a: number, b: number): Movement {
  if (a === 0 && b > 0) return 'new';
  if (a > 0 && b === 0) return 'churn';
  if (a > 0 && b > a) return 'expansion';
  if (b > 0 && b < a) return 'contraction';
  return 'flat';
}

export interface ArrMovement {
  startingArr: number;
  endingArr: number;
  newArr: number;
  expansion: number;
  contraction: number;
  churn: number;
  /** (starting − contraction − churn) / starting, 4 decimals; null when starting is 0. */
  grr: number | null;
  /** (starting + expansion − contraction − churn) / starting, 4 decimals; null when starting is 0. */
  nrr: number | null;
}

/** The six sums of an ARR movement, in integer cents. */
export interface MovementCents {
  start: number;
  end: number;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
}

/** ARR movement over accounts given each one's ARR at the start (`a`) and at the end (`b`). */
export function arrMovement(accounts: Iterable<{ a: number; b: number }>): ArrMovement {
  const cents: MovementCents = { start: 0, end: 0, new: 0, expansion: 0, contraction: 0, churn: 0 };
  for (const { a, b } of accounts) {
    const ca = toCents(a);
    const cb = toCents(b);
    cents.start += ca;
    cents.end += cb;
    const kind = movementOf(ca, cb);
    if (kind === 'new') cents.new += cb;
    else if (kind === 'expansion') cents.expansion += cb - ca;
    else if (kind === 'contraction') cents.contraction += ca - cb;
    else if (kind === 'churn') cents.churn += ca;
  }
  return movementFromCents(cents);
}

/** The report's amounts and retention ratios from the sums `arrMovement` adds up. */
export function movementFromCents(cents: MovementCents): ArrMovement {
  const ratio = (numerator: number) => (cents.start === 0 ? null : ratio4(numerator, cents.start));
  return {
    startingArr: fromCents(cents.start),
    endingArr: fromCents(cents.end),
    newArr: fromCents(cents.new),
    expansion: fromCents(cents.expansion),
    contraction: fromCents(cents.contraction),
    churn: fromCents(cents.churn),
    grr: ratio(cents.start - cents.contraction - cents.churn),
    nrr: ratio(cents.start + cents.expansion - cents.contraction - cents.churn),
  };
}

/**
 * numerator / denominator (integers, denominator > 0) to 4 decimals, half away from zero, in exact
 * integer arithmetic: 3 / 20 000 = 0.00015 → 0.0002 (in floating point, 0.00015 × 10 000 is just
 * under 1.5 and would round to 0.0001).
 */
export function ratio4(numerator: number, denominator: number): number {
  const n = BigInt(Math.abs(numerator)) * 20_000n;
  const d = BigInt(denominator) * 2n;
  const q = (n + BigInt(denominator)) / d; // ⌊(|numerator| × 10 000 + denominator / 2) / denominator⌋
  return (numerator < 0 ? -Number(q) : Number(q)) / 10_000;
}
