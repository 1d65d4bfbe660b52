import { describe, expect, it } from 'vitest';
import { mondayOf, validateWorkloadSearch, weekRange } from './weeks.ts';

describe('workload weeks', () => {
  it('finds the Monday of an ISO week', () => {
    expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // a Sunday
    expect(mondayOf('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(mondayOf('2026-12-09')).toBe('2026-12-07');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across the year
  });

  it('shows this week and the seven after it by default', () => {
    expect(weekRange({}, '2026-12-09')).toEqual({ from: '2026-12-07', to: '2027-01-25' });
  });

  it('keeps the weeks in order and at most 26', () => {
    expect(weekRange({ from: '2026-12-09', to: '2026-11-01' }, '2026-12-09')).toEqual({
      from: '2026-12-07',
      to: '2026-12-07',
    });
    expect(weekRange({ from: '2026-01-05', to: '2027-12-31' }, '2026-12-09').to).toBe('2026-06-29');
  });

  it('drops what is not a date or a team id from the address', () => {
    expect(validateWorkloadSearch({ from: 'monday', to: '2026-12-07', team: 'x' })).toEqual({
      from: undefined,
      to: '2026-12-07',
      team: undefined,
    });
  });
});
