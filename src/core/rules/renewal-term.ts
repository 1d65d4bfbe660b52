import { addDays, addMonths, daysBetween } from './dates.ts';
import { fromCents, toCents } from './money.ts';

/**
 * The term of a contract, as a renewal repeats it: whole calendar months when its startDate and
 * the day after its endDate fall on the same day of the month (a 12-month contract renews for 12
 * months), else a number of days.
 */
export type Term = { months: number } | { days: number };

const dayOfMonth = (d: string): number => Number(d.slice(8, 10));
const monthIndex = (d: string): number => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

/** The term of a contract running from `startDate` to `endDate`, both included. */
export function termOf(startDate: string, endDate: string): Term {
  const next = addDays(endDate, 1);
  if (dayOfMonth(startDate) === dayOfMonth(next)) return { months: monthIndex(next) - monthIndex(startDate) };
  return { days: daysBetween(startDate, next) };
}

/**
 * The last day of a term starting on `startDate`: the day before the same day of the month
 * `months` later — the month's last day when that month is too short to have it (a month from
 * 31 January ends on 28 February) — or, for a term in days, `days − 1` days after startDate.
 */
export function termEnd(startDate: string, term: Term): string {
  if ('days' in term) return addDays(startDate, term.days - 1);
  const same = addMonths(startDate, term.months);
  return dayOfMonth(same) < dayOfMonth(startDate) ? same : addDays(same, -1);
}

/**
 * The term of a renewal (docs/domain-rules.md#term-of-a-renewal): unless a request says
 * otherwise it runs from the day after the old endDate for the old term. `startDate` moves the
 * start; the length stays the old term's.
 */
export function renewalTerm(
  old: { startDate: string; endDate: string },
  startDate: string = addDays(old.endDate, 1),
): { startDate: string; endDate: string } {
  return { startDate, endDate: termEnd(startDate, termOf(old.startDate, old.endDate)) };
}

/**
 * An amount after an uplift of `percent` (−100…100, at most 2 decimals): amount × (1 +
 * percent / 100), half away from zero to the cent, in exact integer arithmetic.
 */
export function uplifted(amount: number, percent: number): number {
  const product = BigInt(toCents(amount)) * BigInt(10_000 + Math.round(percent * 100));
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const cents = (abs + 5_000n) / 10_000n;
  return fromCents(Number(negative ? -cents : cents));
}
