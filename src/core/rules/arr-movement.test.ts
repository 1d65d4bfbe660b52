import { describe, expect, it } from 'vitest';
import type { ContractTerm } from './arr.ts';
import {
  arrMovement,
  type MovementPeriod,
  movementArrs,
  movementOf,
  movementPeriod,
  ratio4,
} from './arr-movement.ts';

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

  it('rounds the ratios half away from zero, exactly', () => {
    // start 200.00; churn 100.00 and contraction 99.97 leave 0.03: 3 / 20 000 = 0.00015 → 0.0002.
    expect(
      arrMovement([
        { a: 100, b: 0 },
        { a: 100, b: 0.03 },
      ]),
    ).toMatchObject({
      startingArr: 200,
      churn: 100,
      contraction: 99.97,
      grr: 0.0002,
      nrr: 0.0002,
    });
    expect(ratio4(2, 3)).toBe(0.6667);
    expect(ratio4(1, 3)).toBe(0.3333);
    expect(ratio4(-3, 20_000)).toBe(-0.0002);
  });
});

describe('the period of an ARR movement', () => {
  it('reads a on the day before from, and b on to', () => {
    expect(movementPeriod('2045-04-01', '2045-06-30', '2045-08-01')).toEqual({
      from: '2045-04-01',
      to: '2045-06-30',
      startOn: '2045-03-31',
      truncatedTo: null,
    });
    expect(movementPeriod('2045-01-01', '2045-12-31', '2046-01-01')?.startOn).toBe('2044-12-31');
    expect(movementPeriod('2044-03-01', '2044-03-31', '2046-01-01')?.startOn).toBe('2044-02-29');
  });

  it('cuts a later to at today, and says so', () => {
    expect(movementPeriod('2045-04-01', '2045-06-30', '2045-05-14')).toEqual({
      from: '2045-04-01',
      to: '2045-05-14',
      startOn: '2045-03-31',
      truncatedTo: '2045-05-14',
    });
    // Ending today is not cut; a period of today alone compares yesterday with today.
    expect(movementPeriod('2045-04-01', '2045-05-14', '2045-05-14')?.truncatedTo).toBeNull();
    expect(movementPeriod('2045-05-14', '2045-05-14', '2045-05-14')).toEqual({
      from: '2045-05-14',
      to: '2045-05-14',
      startOn: '2045-05-13',
      truncatedTo: null,
    });
  });

  it('has no period that starts after today', () => {
    expect(movementPeriod('2045-05-15', '2045-06-30', '2045-05-14')).toBeNull();
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
  const period = (from: string, to: string, today = '2046-06-30'): MovementPeriod =>
    movementPeriod(from, to, today)!;
  const moves = (book: Record<string, ContractTerm[]>, p: MovementPeriod, names = Object.keys(book)) =>
    arrMovement(names.map((n) => movementArrs(book[n]!, p)));

  // The year 2045: a is read on 2044-12-31, b on 2045-12-31.
  const year = period('2045-01-01', '2045-12-31');
  const book: Record<string, ContractTerm[]> = {
    // Renewed mid-year at a higher price: 10 000 → 12 500, expansion 2 500.
    renewal: [
      term({ status: 'renewed', startDate: '2044-06-01', endDate: '2045-05-31', arr: 10_000 }),
      term({ startDate: '2045-06-01', endDate: '2046-05-31', arr: 12_500 }),
    ],
    // One term runs through the year, another ends mid-year: 10 000 → 8 000, contraction 2 000.
    shrink: [
      term({ startDate: '2044-01-01', endDate: '2046-12-31', arr: 8_000 }),
      term({ startDate: '2044-01-01', endDate: '2045-06-30', arr: 2_000 }),
    ],
    // Cancelled mid-term: 5 000 → 0, churn 5 000.
    cancelled: [
      term({
        status: 'cancelled',
        startDate: '2044-07-01',
        endDate: '2046-06-30',
        cancelledOn: '2045-03-15',
        arr: 5_000,
      }),
    ],
    // Starts on the last day: 0 → 3 000, new; the draft never counts.
    fresh: [
      term({ startDate: '2045-12-31', endDate: '2046-12-30', arr: 3_000 }),
      term({ status: 'draft', arr: 99_999 }),
    ],
    // Starts on from itself: not there at the start (2044-12-31), so 0 → 1 500, new.
    onFrom: [term({ startDate: '2045-01-01', endDate: '2045-12-31', arr: 1_500 })],
    // Ends the day before from: still there at the start, gone on to: 700 → 0, churn.
    beforeFrom: [term({ status: 'expired', startDate: '2044-01-01', endDate: '2044-12-31', arr: 700 })],
    // Ends the day before the last: 600 → 0, churn.
    lapsed: [term({ status: 'expired', startDate: '2044-01-01', endDate: '2045-12-30', arr: 600 })],
  };

  it('adds up a hand-worked book exactly', () => {
    expect(moves(book, year)).toEqual({
      startingArr: 26_300, // 10 000 + 10 000 + 5 000 + 700 + 600
      endingArr: 25_000, // 12 500 + 8 000 + 3 000 + 1 500
      newArr: 4_500, // 3 000 + 1 500
      expansion: 2_500,
      contraction: 2_000,
      churn: 6_300, // 5 000 + 700 + 600
      grr: 0.6844, // (26 300 − 2 000 − 6 300) / 26 300 = 18 000 / 26 300 = 0.684410…
      nrr: 0.7795, // (26 300 + 2 500 − 2 000 − 6 300) / 26 300 = 20 500 / 26 300 = 0.779467…
    });
  });

  it('shows a renewal at a higher price as expansion with NRR above 1 and GRR of 1', () => {
    expect(moves(book, year, ['renewal'])).toMatchObject({ expansion: 2_500, churn: 0, grr: 1, nrr: 1.25 });
  });

  it('gives retention of 0 when everything churned, and none when nothing was there', () => {
    expect(moves(book, year, ['cancelled', 'beforeFrom', 'lapsed'])).toMatchObject({
      churn: 6_300,
      grr: 0,
      nrr: 0,
    });
    expect(moves(book, year, ['fresh', 'onFrom'])).toMatchObject({
      startingArr: 0,
      newArr: 4_500,
      grr: null,
      nrr: null,
    });
    expect(arrMovement([])).toMatchObject({ startingArr: 0, endingArr: 0, grr: null, nrr: null });
  });

  describe('quarters placed back to back see each change once', () => {
    const q1 = period('2045-01-01', '2045-03-31');
    const q2 = period('2045-04-01', '2045-06-30');
    const quarters: Record<string, ContractTerm[]> = {
      // Ends on the last day of Q1: still counted on 31 March, so churn in Q2 (not Q1, not neither).
      endsMarch: [term({ startDate: '2044-04-01', endDate: '2045-03-31', arr: 1_000 })],
      // Starts on the first day of Q2: new in Q2.
      startsApril: [term({ startDate: '2045-04-01', endDate: '2046-03-31', arr: 2_000 })],
      // Renewed across the boundary at a higher price: 4 000 → 4 400, expansion in Q2.
      renewed: [
        term({ status: 'renewed', startDate: '2044-04-01', endDate: '2045-03-31', arr: 4_000 }),
        term({ startDate: '2045-04-01', endDate: '2046-03-31', arr: 4_400 }),
      ],
      // Ends mid-June: churn in Q2 once June is history.
      endsJune: [term({ startDate: '2044-06-16', endDate: '2045-06-15', arr: 900 })],
    };

    it('a contract ending on 31 March is churn in Q2, not in Q1', () => {
      expect(moves(quarters, q1, ['endsMarch'])).toMatchObject({
        startingArr: 1_000,
        endingArr: 1_000,
        churn: 0,
      });
      expect(moves(quarters, q2, ['endsMarch'])).toMatchObject({
        startingArr: 1_000,
        endingArr: 0,
        churn: 1_000,
      });
    });

    it('a contract starting on 1 April is new in Q2, and nothing in Q1', () => {
      expect(moves(quarters, q1, ['startsApril'])).toMatchObject({ startingArr: 0, endingArr: 0, newArr: 0 });
      expect(moves(quarters, q2, ['startsApril'])).toMatchObject({ startingArr: 0, newArr: 2_000 });
    });

    it('adds up both quarters exactly', () => {
      // Q1: a on 2044-12-31, b on 2045-03-31: everything still runs, all flat.
      expect(moves(quarters, q1)).toEqual({
        startingArr: 5_900, // 1 000 + 4 000 + 900
        endingArr: 5_900,
        newArr: 0,
        expansion: 0,
        contraction: 0,
        churn: 0,
        grr: 1,
        nrr: 1,
      });
      // Q2: a on 2045-03-31, b on 2045-06-30.
      expect(moves(quarters, q2)).toEqual({
        startingArr: 5_900, // 1 000 + 4 000 + 900
        endingArr: 6_400, // 2 000 + 4 400
        newArr: 2_000,
        expansion: 400,
        contraction: 0,
        churn: 1_900, // 1 000 + 900
        grr: 0.678, // (5 900 − 1 900) / 5 900 = 0.677966…
        nrr: 0.7458, // (5 900 + 400 − 1 900) / 5 900 = 0.745762…
      });
    });

    it('counts nothing after today: Q2 seen on 14 May is cut to 14 May', () => {
      const soFar = period('2045-04-01', '2045-06-30', '2045-05-14');
      expect(soFar).toMatchObject({ to: '2045-05-14', truncatedTo: '2045-05-14' });
      // endsJune still runs on 14 May: flat, not churn yet.
      expect(moves(quarters, soFar)).toEqual({
        startingArr: 5_900,
        endingArr: 7_300, // 2 000 + 4 400 + 900
        newArr: 2_000,
        expansion: 400,
        contraction: 0,
        churn: 1_000,
        grr: 0.8305, // (5 900 − 1 000) / 5 900 = 0.830508…
        nrr: 0.8983, // (5 900 + 400 − 1 000) / 5 900 = 0.898305…
      });
    });
  });
});
