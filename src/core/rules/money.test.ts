import { describe, expect, it } from 'vitest';
import { lineAmount, linesTotal, sumMoney } from './money.ts';

describe('money', () => {
  it('sums in cents', () => {
    expect(sumMoney([0.1, 0.2])).toBe(0.3);
    expect(sumMoney([19.99, 0.01, 1_000_000])).toBe(1_000_020);
  });

  it('prices a line to the cent, rounding half up', () => {
    expect(lineAmount(3, 1200)).toBe(3600);
    expect(lineAmount(1.5, 0.33)).toBe(0.5); // 0.495 → 0.50
    expect(lineAmount(2.25, 10.01)).toBe(22.52); // 22.5225 → 22.52
    expect(lineAmount(0.01, 0.01)).toBe(0); // 0.0001 → 0.00
  });

  it('stays exact where floating point would not', () => {
    expect(1.15 * 100).not.toBe(115); // what the helper avoids
    expect(lineAmount(1.15, 100)).toBe(115);
    // 9 999 999 999.99 × 99.99 = 999 899 999 999.0001
    expect(lineAmount(9_999_999_999.99, 99.99)).toBe(999_899_999_999);
  });

  it('totals the lines of a contract', () => {
    const lines = [
      { quantity: 10, unitPrice: 1200 }, // 12 000
      { quantity: 1, unitPrice: 2500.5 }, // 2 500.50
      { quantity: 2.5, unitPrice: 99.99 }, // 249.975 → 249.98
    ];
    expect(linesTotal(lines)).toBe(14_750.48);
    expect(linesTotal([])).toBe(0);
  });
});
