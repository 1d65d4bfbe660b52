import { describe, expect, it } from 'vitest';
import {
  dealDefaults,
  type ForecastOpportunity,
  forecast,
  forecastByOwner,
  renewalLikelihood,
  type Stage,
  seededRandom,
  simulate,
  stageDefaults,
} from './forecast.ts';

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

describe('forecast by owner', () => {
  const by = (ownerId: string, stage: Stage, amount: number, over: Partial<ForecastOpportunity> = {}) => ({
    ...opp(stage, amount, over),
    ownerId,
  });
  // a: won 10,000, commit 4,000 at 75 %, 333.33 at 10 %; b: 333.33 at 10 %, 1,000 at 20 %, a loss;
  // c: 333.34 at 10 %; d: only a quota. Quotas a 12,000 + 8,000, d 5,000.
  const deals = [
    by('a', 'closed_won', 10_000),
    by('a', 'negotiation', 4_000),
    by('a', 'prospecting', 333.33),
    by('b', 'prospecting', 333.33),
    by('b', 'qualification', 1_000),
    by('b', 'closed_lost', 500),
    by('c', 'prospecting', 333.34),
  ];
  const quotas = [
    { userId: 'a', amount: 12_000 },
    { userId: 'd', amount: 5_000 },
    { userId: 'a', amount: 8_000 },
  ];
  const rows = forecastByOwner(deals, quotas);

  it('rolls up each owner’s deals and quota, and a row for a quota alone', () => {
    // Exact open weighted, in cents: a 303,333.3, b 23,333.3, c 3,333.4 — 330,000 together. Rounded
    // down they leave one cent, which goes to the largest remainder (c's 0.4).
    expect(Object.fromEntries(rows)).toEqual({
      a: {
        closedWon: 10_000,
        commit: 14_000,
        bestCase: 14_000,
        pipeline: 14_333.33,
        weighted: 13_033.33,
        quota: 20_000,
        attainment: 0.5,
      },
      b: {
        closedWon: 0,
        commit: 0,
        bestCase: 0,
        pipeline: 1_333.33,
        weighted: 233.33,
        quota: 0,
        attainment: null,
      },
      c: {
        closedWon: 0,
        commit: 0,
        bestCase: 0,
        pipeline: 333.34,
        weighted: 33.34,
        quota: 0,
        attainment: null,
      },
      d: { closedWon: 0, commit: 0, bestCase: 0, pipeline: 0, weighted: 0, quota: 5_000, attainment: 0 },
    });
    // c alone rounds its 33.334 down; in the breakdown it carries the cent the whole rounds up.
    expect(
      forecast(
        deals.filter((d) => d.ownerId === 'c'),
        0,
      ).weighted,
    ).toBe(33.33);
  });

  it('adds up to the forecast of everything', () => {
    const whole = forecast(deals, 25_000);
    expect(whole).toEqual({
      closedWon: 10_000,
      commit: 14_000,
      bestCase: 14_000,
      pipeline: 16_000,
      weighted: 13_300,
      quota: 25_000,
      attainment: 0.4,
    });
    const cents = (k: 'closedWon' | 'commit' | 'bestCase' | 'pipeline' | 'weighted' | 'quota') =>
      [...rows.values()].reduce((s, r) => s + Math.round(r[k] * 100), 0) / 100;
    for (const k of ['closedWon', 'commit', 'bestCase', 'pipeline', 'weighted', 'quota'] as const)
      expect(cents(k)).toBe(whole[k]);
  });

  it('gives nothing for nothing', () => {
    expect(forecastByOwner([], []).size).toBe(0);
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

describe('forecast edge cases', () => {
  it('leaves omitted and lost deals out of every open category and of the weighting', () => {
    const book = [
      opp('closed_won', 2_000),
      opp('closed_lost', 50_000),
      opp('negotiation', 10_000, { forecastCategory: 'omitted' }), // the rep took it out
      opp('qualification', 400, { probability: 90, forecastCategory: 'commit' }), // rep is confident
    ];
    expect(forecast(book, 8_000)).toEqual({
      closedWon: 2_000,
      commit: 2_400,
      bestCase: 2_400,
      pipeline: 2_400,
      weighted: 2_360, // 2 000 + 400 × 90 %
      quota: 8_000,
      attainment: 0.25,
    });
  });

  it('is closed won alone when nothing is open', () => {
    const book = [
      opp('closed_won', 1_234.56),
      opp('closed_lost', 99),
      opp('proposal', 500, { forecastCategory: 'omitted' }),
    ];
    expect(forecast(book, 0)).toMatchObject({ closedWon: 1_234.56, pipeline: 1_234.56, weighted: 1_234.56 });
    expect(simulate(book, { seed: 3 })).toEqual({ p10: 1_234.56, p50: 1_234.56, p90: 1_234.56 });
    expect(forecast([], 0)).toMatchObject({ closedWon: 0, weighted: 0, attainment: null });
  });

  it('rounds attainment to 4 decimals', () => {
    expect(forecast([opp('closed_won', 1_000)], 3_000).attainment).toBe(0.3333);
    expect(forecast([opp('closed_won', 4_500)], 3_000).attainment).toBe(1.5);
    // 0.03 / 200 = 0.00015 exactly: half away from zero gives 0.0002 (floating point gave 0.0001).
    expect(forecast([opp('closed_won', 0.03)], 200).attainment).toBe(0.0002);
  });
});

describe('seeded simulation', () => {
  /** The simulation written plainly with seededRandom: the fast one must draw the very same numbers. */
  function reference(book: ForecastOpportunity[], seed: number, trials = 10_000) {
    const random = seededRandom(seed);
    let won = 0;
    const open: { cents: number; p: number }[] = [];
    for (const o of book) {
      if (o.stage === 'closed_won') won += Math.round(o.amount * 100);
      else if (o.stage !== 'closed_lost' && o.forecastCategory !== 'omitted')
        open.push({ cents: Math.round(o.amount * 100), p: o.probability / 100 });
    }
    const totals: number[] = [];
    for (let t = 0; t < trials; t++) {
      let total = won;
      for (const o of open) if (random() < o.p) total += o.cents;
      totals.push(total);
    }
    totals.sort((a, b) => a - b);
    const rank = (q: number) => totals[Math.max(0, Math.ceil(q * trials) - 1)]! / 100;
    return { p10: rank(0.1), p50: rank(0.5), p90: rank(0.9) };
  }
  const stagesOpen = ['prospecting', 'qualification', 'proposal', 'negotiation'] as const;
  const book = Array.from({ length: 60 }, (_, i) =>
    opp(stagesOpen[i % 4]!, 500 + ((i * 37) % 23) * 250, i % 7 === 0 ? { probability: (i * 13) % 101 } : {}),
  );

  it('draws what seededRandom draws, so a seed means the same numbers everywhere', () => {
    for (const seed of [0, 1, 42, 4_294_967_295])
      expect(simulate(book, { seed })).toEqual(reference(book, seed));
  });

  it('repeats for a seed and moves with another', () => {
    const one = simulate(book, { seed: 1 });
    expect(simulate(book, { seed: 1 })).toEqual(one);
    expect(simulate(book, { seed: 2 })).not.toEqual(one);
  });

  it('honours the number of trials', () => {
    const single = simulate(book, { seed: 5, trials: 1 });
    expect(single.p10).toBe(single.p90);
    expect(single).toEqual(reference(book, 5, 1));
  });
});

describe('renewal likelihood', () => {
  it('gives an open renewal its probability and category from the health band, in every open stage', () => {
    for (const stage of ['prospecting', 'qualification', 'proposal', 'negotiation'] as const) {
      expect(dealDefaults(stage, 'renewal', 'green')).toEqual({
        probability: 90,
        forecastCategory: 'commit',
      });
      expect(dealDefaults(stage, 'renewal', 'yellow')).toEqual({
        probability: 70,
        forecastCategory: 'best_case',
      });
      expect(dealDefaults(stage, 'renewal', 'red')).toEqual({
        probability: 40,
        forecastCategory: 'pipeline',
      });
      expect(dealDefaults(stage, 'renewal', null)).toEqual({
        probability: 70,
        forecastCategory: 'best_case',
      });
    }
  });

  it('forces the closed stages whatever the band', () => {
    expect(dealDefaults('closed_won', 'renewal', 'red')).toEqual({
      probability: 100,
      forecastCategory: 'closed',
    });
    expect(dealDefaults('closed_lost', 'renewal', 'green')).toEqual({
      probability: 0,
      forecastCategory: 'omitted',
    });
  });

  it('leaves new money on the stage table', () => {
    expect(dealDefaults('prospecting', 'upsell', 'green')).toEqual({
      probability: 10,
      forecastCategory: 'pipeline',
    });
    expect(dealDefaults('negotiation', 'new_business', 'red')).toEqual({
      probability: 75,
      forecastCategory: 'commit',
    });
    expect(dealDefaults('proposal', 'cross_sell', null)).toEqual({
      probability: 50,
      forecastCategory: 'best_case',
    });
  });

  it('moves the renewal forecast: a green 10,000 and a red 5,000 renewal at prospecting', () => {
    // Stage table: 1,000 + 500 weighted, all pipeline. By band: 9,000 + 2,000 = 11,000;
    // commit 10,000 (green), best case unchanged, pipeline 15,000.
    const deal = (amount: number, band: 'green' | 'red') => ({
      stage: 'prospecting' as const,
      amount,
      ...dealDefaults('prospecting', 'renewal', band),
    });
    expect(forecast([deal(10_000, 'green'), deal(5_000, 'red')], 0)).toEqual({
      closedWon: 0,
      commit: 10_000,
      bestCase: 10_000,
      pipeline: 15_000,
      weighted: 11_000,
      quota: 0,
      attainment: null,
    });
    expect(renewalLikelihood.none).toEqual(renewalLikelihood.yellow);
  });
});
