import { afterEach, describe, expect, it } from 'vitest';
import { currencySymbol, currentCurrency, formatMoney, setCurrency } from './format.ts';

// The formats follow the reader's locale; the exact strings below are en-US's.
const enUS = new Intl.NumberFormat().resolvedOptions().locale === 'en-US';

afterEach(() => setCurrency('USD'));

describe('formatMoney', () => {
  it('is in USD until the server names the currency, as the server defaults', () => {
    expect(currentCurrency()).toBe('USD');
    expect(formatMoney(114_000)).toContain('$');
  });

  it('shows every amount with the currency /me names, cents only when an amount has them', () => {
    setCurrency('EUR');
    expect(currentCurrency()).toBe('EUR');
    expect(formatMoney(114_000)).toContain('€');
    expect(currencySymbol()).toBe('€');
    setCurrency('CHF');
    expect(formatMoney(5)).toContain('CHF');
  });

  it.runIf(enUS)('writes whole amounts without cents, and cents to two places (en-US)', () => {
    expect(formatMoney(114_000)).toBe('$114,000');
    expect(formatMoney(0)).toBe('$0');
    expect(formatMoney(12.5)).toBe('$12.50');
    expect(formatMoney(1234.05)).toBe('$1,234.05');
    expect(formatMoney(-3000)).toBe('-$3,000');
    setCurrency('EUR');
    expect(formatMoney(487_350)).toBe('€487,350');
    // A currency without minor units never shows cents.
    setCurrency('JPY');
    expect(formatMoney(1200.5)).toBe('¥1,201');
  });

  it.runIf(enUS)('is compact where space is short, and whole under a thousand (en-US)', () => {
    expect(formatMoney(114_000, { compact: true })).toBe('$114K');
    expect(formatMoney(34_400, { compact: true })).toBe('$34.4K');
    expect(formatMoney(1_234_567, { compact: true })).toBe('$1.2M');
    expect(formatMoney(999, { compact: true })).toBe('$999');
    expect(formatMoney(12.5, { compact: true })).toBe('$12.50');
    expect(formatMoney(-20_000, { compact: true })).toBe('-$20K');
    setCurrency('EUR');
    expect(formatMoney(8000, { compact: true })).toBe('€8K');
  });
});
