import { describe, expect, it } from 'vitest';
import { renewalTerm, termEnd, termOf, uplifted } from './renewal-term.ts';

describe('the term of a contract', () => {
  it('is whole months when the start and the day after the end share a day of the month', () => {
    expect(termOf('2026-01-01', '2026-12-31')).toEqual({ months: 12 });
    expect(termOf('2026-01-01', '2027-01-31')).toEqual({ months: 13 });
    expect(termOf('2026-03-15', '2026-04-14')).toEqual({ months: 1 });
  });

  it('is days otherwise', () => {
    // 15 January to 10 April 2026: 17 + 28 + 31 + 10 = 86 days.
    expect(termOf('2026-01-15', '2026-04-10')).toEqual({ days: 86 });
    // 29 February 2024 to 28 February 2025: the day after is 1 March, so 366 days.
    expect(termOf('2024-02-29', '2025-02-28')).toEqual({ days: 366 });
    // A month's end is not a day of the month: 31 January to 30 April is 90 days.
    expect(termOf('2026-01-31', '2026-04-30')).toEqual({ days: 90 });
  });

  it('ends the day before the same day of the month, or the month end when that day is missing', () => {
    expect(termEnd('2027-01-01', { months: 12 })).toBe('2027-12-31');
    expect(termEnd('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(termEnd('2028-01-31', { months: 1 })).toBe('2028-02-29');
    expect(termEnd('2026-03-31', { months: 1 })).toBe('2026-04-30');
    expect(termEnd('2026-04-11', { days: 86 })).toBe('2026-07-05');
    expect(termEnd('2026-04-11', { days: 1 })).toBe('2026-04-11');
  });
});

describe('the term of a renewal', () => {
  it('renews a 12-month contract for 12 months from the day after its end', () => {
    expect(renewalTerm({ startDate: '2026-01-01', endDate: '2026-12-31' })).toEqual({
      startDate: '2027-01-01',
      endDate: '2027-12-31',
    });
  });

  it('renews a 13-month contract for 13 months, into a 29 February', () => {
    expect(renewalTerm({ startDate: '2026-01-01', endDate: '2027-01-31' })).toEqual({
      startDate: '2027-02-01',
      endDate: '2028-02-29',
    });
  });

  it('keeps a year ending on 29 February whole months: 1 March 2023 – 29 February 2024', () => {
    expect(renewalTerm({ startDate: '2023-03-01', endDate: '2024-02-29' })).toEqual({
      startDate: '2024-03-01',
      endDate: '2025-02-28',
    });
  });

  it('counts days from 29 February: 366 days from 1 March 2025 end on 1 March 2026', () => {
    expect(renewalTerm({ startDate: '2024-02-29', endDate: '2025-02-28' })).toEqual({
      startDate: '2025-03-01',
      endDate: '2026-03-01',
    });
  });

  it('renews a month-end month term to the next month end', () => {
    // 31 December – 30 January is a month (the day after is the 31st); a month from 31 January
    // has no 31 February, so it ends on 28 February.
    expect(renewalTerm({ startDate: '2025-12-31', endDate: '2026-01-30' })).toEqual({
      startDate: '2026-01-31',
      endDate: '2026-02-28',
    });
  });

  it('renews a day-count term for as many days', () => {
    expect(renewalTerm({ startDate: '2026-01-15', endDate: '2026-04-10' })).toEqual({
      startDate: '2026-04-11',
      endDate: '2026-07-05',
    });
  });

  it('keeps the old term from a start the request gives', () => {
    expect(renewalTerm({ startDate: '2026-01-01', endDate: '2026-12-31' }, '2026-12-01')).toEqual({
      startDate: '2026-12-01',
      endDate: '2027-11-30',
    });
  });
});

describe('an uplift', () => {
  it('multiplies by 1 + percent / 100, half away from zero to the cent', () => {
    expect(uplifted(10_000, 5)).toBe(10_500);
    expect(uplifted(10_000, 0)).toBe(10_000);
    expect(uplifted(10_000, -100)).toBe(0);
    expect(uplifted(10_000, 100)).toBe(20_000);
    // 33.33 × 1.035 = 34.49655 → 34.50; 0.10 × 1.05 = 0.105 → 0.11 (half away from zero).
    expect(uplifted(33.33, 3.5)).toBe(34.5);
    expect(uplifted(0.1, 5)).toBe(0.11);
    // 12,345.67 × 0.9275 = 11,450.608925 → 11,450.61.
    expect(uplifted(12_345.67, -7.25)).toBe(11_450.61);
  });
});
