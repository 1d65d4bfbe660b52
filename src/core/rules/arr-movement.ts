import { fromCents, toCents } from './money.ts';

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
  const ratio = (numerator: number) => (cents.start === 0 ? null : round4(numerator / cents.start));
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

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
