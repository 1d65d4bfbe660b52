import { describe, expect, it } from 'vitest';
import { isDelivered, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './webhook-retry.ts';

describe('webhook retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const plain = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, 0.5));
    expect(plain).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000, null]);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
  });

  it('jitters by at most 10 % either way', () => {
    expect(retryDelayMs(1, 0)).toBe(4_500);
    expect(retryDelayMs(1, 0.999_999)).toBe(5_500);
    expect(retryDelayMs(4, 0)).toBe(6_480_000);
    expect(retryDelayMs(0, 0.5)).toBeNull();
  });

  it('counts only a 2xx as delivered', () => {
    expect([200, 204, 299, 300, 301, 410, 500, null].map(isDelivered)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
