import { describe, expect, it } from 'vitest';
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
