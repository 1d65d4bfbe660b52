import { describe, expect, it } from 'vitest';
import { addMonths } from '../../../core/rules/dates.ts';
import { renewalDefaults, sameTermEnd, termLabel, termOf } from './terms.ts';

describe('contract terms', () => {
  it('adds months, keeping to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-10', -3)).toBe('2025-12-10');
  });

  it('reads whole-month terms as months and any other as days', () => {
    expect(termOf('2026-01-01', '2026-12-31')).toEqual({ months: 12 });
    expect(termOf('2026-03-15', '2027-03-14')).toEqual({ months: 12 });
    expect(termOf('2026-02-01', '2026-04-30')).toEqual({ months: 3 });
    expect(termOf('2026-01-01', '2026-02-14')).toEqual({ days: 45 });
    expect(termLabel('2026-01-01', '2027-12-31')).toBe('2 years');
    expect(termLabel('2026-01-01', '2026-01-31')).toBe('1 month');
    expect(termLabel('2026-01-01', '2026-01-01')).toBe('1 day');
  });

  it('renews from the next day for the same term and ARR, across a leap day', () => {
    expect(renewalDefaults({ startDate: '2027-07-01', endDate: '2028-06-30', arr: 12_000 })).toEqual({
      startDate: '2028-07-01',
      endDate: '2029-06-30',
      arr: 12_000,
    });
    expect(renewalDefaults({ startDate: '2026-01-01', endDate: '2026-02-14', arr: 5 })).toEqual({
      startDate: '2026-02-15',
      endDate: '2026-03-31',
      arr: 5,
    });
  });

  it('keeps a term that starts mid-month', () => {
    expect(sameTermEnd('2026-03-15', '2027-03-14', '2027-03-15')).toBe('2028-03-14');
  });
});
