import { describe, expect, it } from 'vitest';
import { arrOn, type ContractTerm } from './arr.ts';
import { arrMovement, movementOf } from './arr-movement.ts';

describe('ARR movement', () => {
  it('classifies each account', () => {
    expect(movementOf(0, 100)).toBe('new');
    expect(movementOf(100, 150)).toBe('expansion');
    expect(movementOf(100, 40)).toBe('contraction');
    expect(movementOf(100, 0)).toBe('churn');
    expect(movementOf(100, 100)).toBe('flat');
    expect(movementOf(0, 0)).toBe('flat');
  });

  it('adds up a hand-worked book exactly', () => {
    // start 1000 + 2000 + 500 + 800 = 4300; end 1500 + 1200 + 0 + 800 + 700 = 4200
    const result = arrMovement([
      { a: 1000, b: 1500 }, // expansion 500
      { a: 2000, b: 1200 }, // contraction 800
      { a: 500, b: 0 }, // churn 500
      { a: 800, b: 800 }, // flat
      { a: 0, b: 700 }, // new 700
    ]);
    expect(result).toEqual({
      startingArr: 4300,
      endingArr: 4200,
      newArr: 700,
      expansion: 500,
      contraction: 800,
      churn: 500,
      grr: 0.6977, // (4300 − 800 − 500) / 4300 = 0.697674…
      nrr: 0.814, // (4300 + 500 − 800 − 500) / 4300 = 0.813953…
    });
  });

  it('has no retention ratios when nothing was there at the start', () => {
    const result = arrMovement([{ a: 0, b: 900 }]);
    expect(result.grr).toBeNull();
    expect(result.nrr).toBeNull();
    expect(result.newArr).toBe(900);
  });

  it('keeps cents exact', () => {
    expect(arrMovement([{ a: 0.1, b: 0.3 }]).expansion).toBe(0.2);
  });
});

describe('ARR movement from contract terms', () => {
  const term = (over: Partial<ContractTerm>): ContractTerm => ({
    status: 'active',
    startDate: '2045-01-01',
    endDate: '2045-12-31',
    cancelledOn: null,
    arr: 0,
    ...over,
  });
  const from = '2045-01-01';
  const to = '2045-12-31';
  const book: Record<string, ContractTerm[]> = {
    // Renewed mid-year at a higher price: expansion 2 500.
    renewal: [
      term({ status: 'renewed', startDate: '2044-06-01', endDate: '2045-05-31', arr: 10_000 }),
      term({ startDate: '2045-06-01', endDate: '2046-05-31', arr: 12_500 }),
    ],
    // One term runs the whole year (boundaries inclusive), another ends mid-year: contraction 2 000.
    shrink: [term({ arr: 8_000 }), term({ startDate: '2044-01-01', endDate: '2045-06-30', arr: 2_000 })],
    // Cancelled mid-term: churn 5 000.
    cancelled: [
      term({
        status: 'cancelled',
        startDate: '2044-07-01',
        endDate: '2046-06-30',
        cancelledOn: '2045-03-15',
        arr: 5_000,
      }),
    ],
    // Starts on the last day: new 3 000; the draft never counts.
    fresh: [
      term({ startDate: '2045-12-31', endDate: '2046-12-30', arr: 3_000 }),
      term({ status: 'draft', arr: 99_999 }),
    ],
    // Ends the day before the last: churn 600.
    lapsed: [term({ status: 'expired', startDate: '2044-01-01', endDate: '2045-12-30', arr: 600 })],
  };
  const moves = (names: string[]) =>
    arrMovement(names.map((n) => ({ a: arrOn(book[n]!, from), b: arrOn(book[n]!, to) })));

  it('adds up a hand-worked book exactly', () => {
    expect(moves(Object.keys(book))).toEqual({
      startingArr: 25_600, // 10 000 + 10 000 + 5 000 + 600
      endingArr: 23_500, // 12 500 + 8 000 + 3 000
      newArr: 3_000,
      expansion: 2_500,
      contraction: 2_000,
      churn: 5_600,
      grr: 0.7031, // (25 600 − 2 000 − 5 600) / 25 600 = 0.703125
      nrr: 0.8008, // (25 600 + 2 500 − 2 000 − 5 600) / 25 600 = 0.80078…
    });
  });

  it('shows a renewal at a higher price as expansion with NRR above 1 and GRR of 1', () => {
    expect(moves(['renewal'])).toMatchObject({ expansion: 2_500, churn: 0, grr: 1, nrr: 1.25 });
  });

  it('gives retention of 0 when everything churned, and none when nothing was there', () => {
    expect(moves(['cancelled', 'lapsed'])).toMatchObject({ churn: 5_600, grr: 0, nrr: 0 });
    expect(moves(['fresh'])).toMatchObject({ startingArr: 0, newArr: 3_000, grr: null, nrr: null });
    expect(arrMovement([])).toMatchObject({ startingArr: 0, endingArr: 0, grr: null, nrr: null });
  });
});
