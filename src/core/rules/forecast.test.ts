import { describe, expect, it } from 'vitest';
import { type ForecastOpportunity, forecast, type Stage, simulate, stageDefaults } from './forecast.ts';

const opp = (stage: Stage, amount: number, over: Partial<ForecastOpportunity> = {}): ForecastOpportunity => ({
  stage,
  amount,
  ...stageDefaults[stage],
  ...over,
});

describe('forecast roll-up', () => {
  const book = [
    opp('closed_won', 10_000),
    opp('closed_lost', 9_999),
    opp('negotiation', 4_000), // commit, 75 %
    opp('proposal', 2_000), // best case, 50 %
    opp('qualification', 1_000), // pipeline, 20 %
    opp('prospecting', 500, { forecastCategory: 'omitted' }), // excluded everywhere
    opp('proposal', 3_000, { forecastCategory: 'commit', probability: 60 }), // overridden while open
  ];

  it('adds each category to the ones above it', () => {
    expect(forecast(book, 20_000)).toEqual({
      closedWon: 10_000,
      commit: 17_000, // 10 000 + 4 000 + 3 000
      bestCase: 19_000, // + 2 000
      pipeline: 20_000, // + 1 000
      weighted: 16_000, // 10 000 + 3 000 + 1 000 + 200 + 1 800
      quota: 20_000,
      attainment: 0.5,
    });
  });

  it('has no attainment without a quota', () => {
    expect(forecast(book, 0).attainment).toBeNull();
  });

  it('weights to the cent', () => {
    expect(forecast([opp('prospecting', 333.33)], 0).weighted).toBe(33.33);
  });
});

describe('simulation', () => {
  it('is repeatable with a seed and bounded by closed won and the full pipeline', () => {
    const book = [
      opp('closed_won', 1_000),
      opp('negotiation', 4_000),
      opp('proposal', 2_000),
      opp('qualification', 1_000),
    ];
    const a = simulate(book, { seed: 42 });
    expect(simulate(book, { seed: 42 })).toEqual(a);
    expect(a.p10).toBeGreaterThanOrEqual(1_000);
    expect(a.p90).toBeLessThanOrEqual(8_000);
    expect(a.p10).toBeLessThanOrEqual(a.p50);
    expect(a.p50).toBeLessThanOrEqual(a.p90);
  });

  it('gives certain outcomes exactly', () => {
    const certain = [
      opp('closed_won', 1_000),
      opp('negotiation', 500, { probability: 100 }),
      opp('proposal', 700, { probability: 0 }),
    ];
    expect(simulate(certain, { seed: 1 })).toEqual({ p10: 1_500, p50: 1_500, p90: 1_500 });
  });

  it('matches the binomial percentiles of ten equal deals at 50 %', () => {
    // Ten 100-unit deals at 50 %: the total is 100 × Binomial(10, ½); its 10th, 50th and 90th
    // percentiles are 300, 500 and 700.
    const book = Array.from({ length: 10 }, () => opp('proposal', 100));
    expect(simulate(book, { seed: 7 })).toEqual({ p10: 300, p50: 500, p90: 700 });
  });
});
