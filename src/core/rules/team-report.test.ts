import { describe, expect, it } from 'vitest';
import { coverage, lossReasons, renewalRate, type TeamFigures, teamRates, teamTotal } from './team-report.ts';

const zero: TeamFigures = {
  accounts: 0,
  arr: 0,
  quota: 0,
  closedWon: 0,
  commit: 0,
  pipeline: 0,
  weighted: 0,
  renewalsDue: 0,
  renewed: 0,
  churnedArr: 0,
  redAccounts: 0,
  overdueCheckIns: 0,
  touches: 0,
};

describe('team report rates', () => {
  it('are null when their denominator is 0', () => {
    expect(teamRates(zero)).toEqual({ attainment: null, renewalRate: null, coverage: null });
    // Something won without a quota, renewed of nothing due: still null, never Infinity.
    expect(teamRates({ ...zero, closedWon: 500, renewed: 0 })).toEqual({
      attainment: null,
      renewalRate: null,
      coverage: null,
    });
  });

  it('are ratios to 4 decimals, half away from zero', () => {
    expect(renewalRate(5_000, 7_000)).toBe(0.7143); // 0.714285…
    expect(renewalRate(0, 4_000)).toBe(0);
    expect(renewalRate(0.03, 200)).toBe(0.0002); // 0.00015 exactly
    expect(coverage(3, 1)).toBe(0.6667); // 2 / 3
    expect(coverage(1, 0)).toBe(1);
    expect(coverage(4, 4)).toBe(0);
  });

  it('totals sum the members and take rates from the sums', () => {
    const a: TeamFigures = {
      ...zero,
      accounts: 3,
      arr: 0.1,
      quota: 20_000,
      closedWon: 10_000,
      renewalsDue: 10_000,
      renewed: 5_000,
      overdueCheckIns: 1,
      touches: 3,
    };
    const b: TeamFigures = { ...zero, accounts: 1, arr: 0.2, quota: 0, closedWon: 2_500, renewalsDue: 4_000 };
    const total = teamTotal([a, b]);
    expect(total).toMatchObject({
      accounts: 4,
      arr: 0.3, // in cents, not 0.30000000000000004
      quota: 20_000,
      closedWon: 12_500,
      attainment: 0.625, // 12 500 / 20 000, not the average of 0.5 and null
      renewalsDue: 14_000,
      renewed: 5_000,
      renewalRate: 0.3571, // 5 000 / 14 000 = 0.357142…
      overdueCheckIns: 1,
      coverage: 0.75,
      touches: 3,
    });
    expect(teamTotal([])).toEqual({ ...zero, attainment: null, renewalRate: null, coverage: null });
  });
});

describe('loss reasons', () => {
  it('merges reasons trimmed and case-insensitively, by amount descending', () => {
    expect(
      lossReasons([
        { reason: 'Price', deals: 2, amount: 3_000 },
        { reason: ' price ', deals: 1, amount: 1_000.5 },
        { reason: 'Budget', deals: 1, amount: 500 },
        { reason: 'No decision', deals: 3, amount: 4_000.5 },
        { reason: 'Timing', deals: 1, amount: 4_000.5 },
        { reason: 'budget', deals: 1, amount: 500 },
      ]),
    ).toEqual([
      { reason: 'No decision', deals: 3, amount: 4_000.5 }, // same amount and deals: by reason
      { reason: 'Price', deals: 3, amount: 4_000.5 }, // 3 000 + 1 000.50; the spelling of 2 deals wins
      { reason: 'Timing', deals: 1, amount: 4_000.5 }, // same amount, fewer deals
      { reason: 'Budget', deals: 2, amount: 1_000 }, // one deal each way: 'Budget' < 'budget'
    ]);
  });
});
