import { dayOf } from '../core/rules/dates.ts';

/**
 * The one clock: every feature, job and route takes the time from here (handed in with the
 * dependencies), so tests and `asOf` reports can pin the day.
 */
export interface Clock {
  /** This instant. */
  now(): Date;
  /** Today's UTC calendar day, `YYYY-MM-DD`. */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => dayOf(new Date()),
};

/** A clock stopped at one instant (a date alone means its midday UTC). */
export function fixedClock(at: Date | string): Clock {
  const instant = typeof at === 'string' && at.length === 10 ? `${at}T12:00:00.000Z` : at;
  const t = new Date(instant).getTime();
  return { now: () => new Date(t), today: () => dayOf(t) };
}
