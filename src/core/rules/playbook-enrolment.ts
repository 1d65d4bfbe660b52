/**
 * A playbook's enrolment, per (playbook, account): `every_time` it qualifies, `once_per_account`
 * ever, or at most every N days (`{ atMostEveryDays: N }`).
 */

export type Enrolment = 'every_time' | 'once_per_account' | { atMostEveryDays: number };

export const DAY_MS = 86_400_000;

/**
 * Whether an account last enrolled at `lastAt` (null: never) may enrol again at `now`: always for
 * every_time; only the first time for once_per_account; for atMostEveryDays N, when N whole days
 * (N × 24 h) have passed since.
 */
export function mayEnrol(enrolment: Enrolment, lastAt: Date | null, now: Date): boolean {
  if (lastAt === null || enrolment === 'every_time') return true;
  if (enrolment === 'once_per_account') return false;
  return now.getTime() - lastAt.getTime() >= enrolment.atMostEveryDays * DAY_MS;
}

/**
 * The latest last enrolment that still lets an account enrol at `now`: for the race-safe
 * upsert (`… do update … where last_at <= cutoff`). `null`: never again (once_per_account);
 * `'always'`: every time.
 */
export function enrolmentCutoff(enrolment: Enrolment, now: Date): Date | null | 'always' {
  if (enrolment === 'every_time') return 'always';
  if (enrolment === 'once_per_account') return null;
  return new Date(now.getTime() - enrolment.atMostEveryDays * DAY_MS);
}
