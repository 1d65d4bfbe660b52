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

describe('ARR on a date: edge cases', () => {
  it('counts a term from its start day through its end day, boundaries inclusive', () => {
    const quarter = [c({ startDate: '2026-04-01', endDate: '2026-06-30', arr: 2_400 })];
    expect(['2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01'].map((d) => arrOn(quarter, d))).toEqual([
      0, 2_400, 2_400, 0,
    ]);
    // A one-day term counts on that day only.
    const oneDay = [c({ startDate: '2026-05-05', endDate: '2026-05-05', arr: 10 })];
    expect(['2026-05-04', '2026-05-05', '2026-05-06'].map((d) => arrOn(oneDay, d))).toEqual([0, 10, 0]);
  });

  it('drops a contract cancelled mid-term from the cancellation day on', () => {
    const book = [
      c({ arr: 6_000 }),
      c({ status: 'cancelled', cancelledOn: '2026-07-01', arr: 1_500 }), // mid-term
      c({ status: 'cancelled', cancelledOn: '2026-01-01', arr: 900 }), // on its first day: never counts
      c({ status: 'cancelled', cancelledOn: '2025-12-15', startDate: '2026-01-01', arr: 800 }), // before it began
    ];
    expect(arrOn(book, '2026-01-01')).toBe(7_500);
    expect(arrOn(book, '2026-06-30')).toBe(7_500);
    expect(arrOn(book, '2026-07-01')).toBe(6_000);
  });

  it('adds overlapping terms of one account', () => {
    const book = [
      c({ startDate: '2026-01-01', endDate: '2026-12-31', arr: 1_000 }),
      c({ startDate: '2026-06-01', endDate: '2027-05-31', arr: 250.55 }), // an add-on co-terming later
    ];
    expect(arrOn(book, '2026-05-31')).toBe(1_000);
    expect(arrOn(book, '2026-06-01')).toBe(1_250.55);
    expect(arrOn(book, '2027-01-01')).toBe(250.55);
    expect(arrOn([], '2026-06-01')).toBe(0);
  });
});
