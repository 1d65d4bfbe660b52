/**
 * When a failed webhook delivery is tried again: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after
 * each failure (± 10 % jitter, so many endpoints failing together do not retry in lock-step); after
 * the eighth attempt fails, the delivery is given up (`failed`).
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

/** Every attempt a delivery gets: the first and one per retry delay. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The endpoint whose every attempt has failed this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

/**
 * The wait before the next attempt after attempt number `attempts` (1-based) failed, or null when
 * that was the last one. `random` is a number in [0, 1): 0.5 gives the plain delay.
 */
export function retryDelayMs(attempts: number, random: number): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random));
}

/** True when a delivery's answer counts as received: any 2xx. Redirects are not followed. */
export const isDelivered = (status: number | null): boolean =>
  status !== null && status >= 200 && status < 300;
