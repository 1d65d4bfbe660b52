import { inject } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { fixedClock } from '../../src/server/clock.ts';

/**
 * The run's clock: stopped at the moment the run began, handed to every test app, so that the
 * server's "today" and a test's never disagree (not even across midnight). A test that needs
 * another day builds its app with `testApp({ clock: fixedClock(…) })`.
 */
export const testClock = fixedClock(inject('now') ?? new Date().toISOString());

/** The run's day, `YYYY-MM-DD`. */
export const today = (): string => testClock.today();
/** The run's day plus `n` days. */
export const day = (n: number): string => addDays(today(), n);
