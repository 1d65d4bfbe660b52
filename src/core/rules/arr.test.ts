import { describe, expect, it } from 'vitest';
import { arrOn, type ContractTerm } from './arr.ts';

const c = (over: Partial<ContractTerm>): ContractTerm => ({
  status: 'active',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  cancelledOn: null,
  arr: 1000,
  ...over,
});

describe('ARR on a date', () => {
  it('counts a contract on its first and last day, not a day outside', () => {
    const term = [c({ arr: 1200 })];
    expect(arrOn(term, '2025-12-31')).toBe(0);
    expect(arrOn(term, '2026-01-01')).toBe(1200);
    expect(arrOn(term, '2026-12-31')).toBe(1200);
    expect(arrOn(term, '2027-01-01')).toBe(0);
  });

  it('stops counting on the cancellation day', () => {
    const term = [c({ status: 'cancelled', cancelledOn: '2026-06-15', arr: 500 })];
    expect(arrOn(term, '2026-06-14')).toBe(500);
    expect(arrOn(term, '2026-06-15')).toBe(0);
  });

  it('ignores drafts, and counts renewed and expired contracts inside their term', () => {
    expect(arrOn([c({ status: 'draft' })], '2026-03-01')).toBe(0);
    expect(
      arrOn([c({ status: 'renewed', arr: 700 }), c({ status: 'expired', arr: 300 })], '2026-03-01'),
    ).toBe(1000);
  });

  it('sums to the cent', () => {
    expect(arrOn([c({ arr: 0.1 }), c({ arr: 0.2 })], '2026-03-01')).toBe(0.3);
  });

  it('hands over without a gap or double count on a renewal with a price change', () => {
    const old = c({ status: 'renewed', endDate: '2026-12-31', arr: 10_000 });
    const next = c({ startDate: '2027-01-01', endDate: '2027-12-31', arr: 12_500 });
    expect(arrOn([old, next], '2026-12-31')).toBe(10_000);
    expect(arrOn([old, next], '2027-01-01')).toBe(12_500);
  });
});
