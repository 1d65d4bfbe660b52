import { describe, expect, it } from 'vitest';
import {
  parseQuarter,
  quarterKey,
  quarterOf,
  quarterOptions,
  quarterRange,
  shiftQuarter,
} from './periods.ts';

describe('quarters', () => {
  it('finds the quarter of a date at its edges', () => {
    expect(quarterOf('2026-01-01')).toEqual({ year: 2026, q: 1 });
    expect(quarterOf('2026-03-31')).toEqual({ year: 2026, q: 1 });
    expect(quarterOf('2026-04-01')).toEqual({ year: 2026, q: 2 });
    expect(quarterOf('2026-12-31')).toEqual({ year: 2026, q: 4 });
  });

  it('spans a quarter from its first to its last day, leap years included', () => {
    expect(quarterRange({ year: 2028, q: 1 })).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(quarterRange({ year: 2026, q: 2 })).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterRange({ year: 2026, q: 3 })).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(quarterRange({ year: 2026, q: 4 })).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('steps across year boundaries both ways', () => {
    expect(shiftQuarter({ year: 2026, q: 4 }, 1)).toEqual({ year: 2027, q: 1 });
    expect(shiftQuarter({ year: 2026, q: 1 }, -1)).toEqual({ year: 2025, q: 4 });
    expect(shiftQuarter({ year: 2026, q: 2 }, -9)).toEqual({ year: 2024, q: 1 });
  });

  it('reads back only well-formed keys', () => {
    expect(parseQuarter(quarterKey({ year: 2026, q: 3 }))).toEqual({ year: 2026, q: 3 });
    expect(parseQuarter('2026-Q5')).toBeNull();
    expect(parseQuarter('2026Q1')).toBeNull();
    expect(parseQuarter(20261)).toBeNull();
  });

  it('offers four quarters either side of this one', () => {
    const options = quarterOptions('2026-05-10');
    expect(options).toHaveLength(9);
    expect(options[0]?.value).toBe('2025-Q2');
    expect(options[4]).toEqual({ value: '2026-Q2', label: 'Q2 2026 (this quarter)' });
    expect(options[8]?.value).toBe('2027-Q2');
  });
});
