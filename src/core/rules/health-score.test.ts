import { describe, expect, it } from 'vitest';
import {
  type AccountFacts,
  change30d,
  defaultHealthModel,
  type HealthModel,
  healthAsOf,
  metricValues,
  openIssuesWeighted,
  scoreFromValues,
  weeklyDates,
} from './health-score.ts';

const facts = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  createdAt: '2026-01-01T10:00:00.000Z',
  signals: [],
  touches: [],
  issues: [],
  ...over,
});

/** One pushed metric scored 0 at 0 and 100 at 100, so a value is its own score. */
const usageOnly: HealthModel = {
  components: [{ metric: 'product_usage', weight: 1, good: 100, bad: 0 }],
  bands: { greenMin: 70, yellowMin: 40 },
};

describe('health score as of a date', () => {
  it('weights every component of the default model', () => {
    const result = healthAsOf(
      defaultHealthModel,
      facts({
        signals: [
          { metric: 'nps', value: 30, recordedAt: '2026-06-10T08:00:00.000Z' }, // 50/70 → 71.43
          { metric: 'product_usage', value: 65, recordedAt: '2026-06-20T08:00:00.000Z' }, // 45/60 → 75
        ],
        touches: ['2026-06-23T15:00:00.000Z'], // 7 days: better than good → 100
        issues: [{ severity: 'p2', openedAt: '2026-06-01T00:00:00.000Z', resolvedAt: null }], // 3 → 62.5
      }),
      '2026-06-30',
    );
    // (25 × 71.4286 + 30 × 75 + 20 × 100 + 25 × 62.5) / 100 = 75.98
    expect(result.score).toBe(76);
    expect(result.band).toBe('green');
    expect(result.churnRisk).toBe('low');
    expect(result.components).toEqual([
      { metric: 'nps', value: 30, score: 71.4, weight: 25, contribution: 17.9 },
      { metric: 'product_usage', value: 65, score: 75, weight: 30, contribution: 22.5 },
      { metric: 'days_since_last_touch', value: 7, score: 100, weight: 20, contribution: 20 },
      { metric: 'open_issues_weighted', value: 3, score: 62.5, weight: 25, contribution: 15.6 },
    ]);
  });

  it('takes the latest signal on or before the end of the day, never a later one', () => {
    const values = metricValues(
      usageOnly,
      facts({
        signals: [
          { metric: 'product_usage', value: 40, recordedAt: '2026-06-01T00:00:00.000Z' },
          { metric: 'product_usage', value: 55, recordedAt: '2026-06-30T23:59:59.999Z' },
          { metric: 'product_usage', value: 99, recordedAt: '2026-07-01T00:00:00.000Z' },
        ],
      }),
      '2026-06-30',
    );
    expect(values).toEqual({ product_usage: 55 });
  });

  it('drops signals older than maxAgeDays (90 by default, or the model’s own)', () => {
    const at = (recordedAt: string) =>
      facts({ signals: [{ metric: 'product_usage', value: 80, recordedAt }] });
    // 2026-04-01 is 90 days before 2026-06-30: still fresh; 2026-03-31 is 91 days: stale.
    expect(healthAsOf(usageOnly, at('2026-04-01T00:00:00.000Z'), '2026-06-30').score).toBe(80);
    expect(healthAsOf(usageOnly, at('2026-03-31T23:59:59.000Z'), '2026-06-30').score).toBeNull();
    const shortLived: HealthModel = {
      ...usageOnly,
      components: [{ ...usageOnly.components[0]!, maxAgeDays: 7 }],
    };
    expect(healthAsOf(shortLived, at('2026-06-23T12:00:00.000Z'), '2026-06-30').score).toBe(80);
    expect(healthAsOf(shortLived, at('2026-06-22T12:00:00.000Z'), '2026-06-30').score).toBeNull();
  });

  it('renormalises the weights over the components that have a value', () => {
    const result = healthAsOf(
      defaultHealthModel,
      facts({
        // nps is stale and product_usage never pushed: only the two computed metrics count.
        signals: [{ metric: 'nps', value: 50, recordedAt: '2026-01-02T00:00:00.000Z' }],
        touches: ['2026-05-09T09:00:00.000Z'], // 52 days: (52 − 90) / (14 − 90) = 0.5 → 50
      }),
      '2026-06-30',
    );
    // (20 × 50 + 25 × 100) / 45 = 77.78
    expect(result.score).toBe(78);
    expect(result.components.map((c) => [c.metric, c.value, c.contribution])).toEqual([
      ['nps', null, null],
      ['product_usage', null, null],
      ['days_since_last_touch', 52, 22.2],
      ['open_issues_weighted', 0, 55.6],
    ]);
  });

  it('has no score when no component has a value', () => {
    const result = healthAsOf(usageOnly, facts(), '2026-06-30');
    expect(result).toMatchObject({ score: null, band: null, churnRisk: null });
  });

  it('counts days since the last touch from the creation date when there is none', () => {
    const values = metricValues(
      defaultHealthModel,
      facts({ touches: ['2026-07-02T00:00:00.000Z'] }), // after asOf: ignored
      '2026-01-31',
    );
    expect(values.days_since_last_touch).toBe(30);
  });

  it('weights the issues open at the end of the day by severity', () => {
    const issues = [
      { severity: 'p1' as const, openedAt: '2026-06-01T00:00:00.000Z', resolvedAt: null },
      {
        severity: 'p3' as const,
        openedAt: '2026-06-10T00:00:00.000Z',
        resolvedAt: '2026-07-01T00:00:00.000Z',
      },
      {
        severity: 'p4' as const,
        openedAt: '2026-06-10T00:00:00.000Z',
        resolvedAt: '2026-06-30T23:00:00.000Z',
      },
      { severity: 'p2' as const, openedAt: '2026-07-01T00:00:00.000Z', resolvedAt: null },
    ];
    expect(openIssuesWeighted(issues, '2026-06-30')).toBe(6); // p1 4 + p3 2
  });

  it('scores a component whichever way round good and bad are', () => {
    const lowIsGood: HealthModel = {
      components: [{ metric: 'tickets', weight: 1, good: 0, bad: 100 }],
      bands: { greenMin: 70, yellowMin: 40 },
    };
    expect(scoreFromValues(lowIsGood, { tickets: 25 }).score).toBe(75);
    expect(scoreFromValues(lowIsGood, { tickets: 150 }).score).toBe(0);
    expect(scoreFromValues(usageOnly, { product_usage: 25 }).score).toBe(25);
    expect(scoreFromValues(usageOnly, { product_usage: 150 }).score).toBe(100);
  });

  it('re-scores the same facts under another model', () => {
    const account = facts({
      signals: [{ metric: 'product_usage', value: 50, recordedAt: '2026-06-29T00:00:00.000Z' }],
      touches: ['2026-06-30T08:00:00.000Z'],
    });
    // Default: usage 50 → 50, touch 0 days → 100, issues 0 → 100: (30 × 50 + 20 × 100 + 25 × 100) / 75 = 80
    expect(healthAsOf(defaultHealthModel, account, '2026-06-30').score).toBe(80);
    const stricter: HealthModel = {
      components: [
        { metric: 'product_usage', weight: 3, good: 90, bad: 40 }, // 10/50 → 20
        { metric: 'open_issues_weighted', weight: 1, good: 0, bad: 4 }, // 100
      ],
      bands: { greenMin: 80, yellowMin: 50 },
    };
    // (3 × 20 + 1 × 100) / 4 = 40
    expect(healthAsOf(stricter, account, '2026-06-30')).toMatchObject({
      score: 40,
      band: 'red',
      churnRisk: 'high',
    });
  });

  it('bands a score at the boundaries, after rounding', () => {
    const band = (v: number) => scoreFromValues(usageOnly, { product_usage: v });
    expect(band(70)).toMatchObject({ score: 70, band: 'green' });
    expect(band(69.5)).toMatchObject({ score: 70, band: 'green' });
    expect(band(69.4)).toMatchObject({ score: 69, band: 'yellow' });
    expect(band(40)).toMatchObject({ score: 40, band: 'yellow', churnRisk: 'medium' });
    expect(band(39.4)).toMatchObject({ score: 39, band: 'red', churnRisk: 'high' });
  });

  it('raises churn risk on a fall of 20 or 10 points over 30 days', () => {
    const fallTo = (value: number) =>
      facts({
        signals: [
          { metric: 'product_usage', value: 90, recordedAt: '2026-05-20T00:00:00.000Z' },
          { metric: 'product_usage', value, recordedAt: '2026-06-25T00:00:00.000Z' },
        ],
      });
    // Scored on 2026-05-31 (30 days before) the account had 90.
    expect(healthAsOf(usageOnly, fallTo(70), '2026-06-30')).toMatchObject({
      band: 'green',
      churnRisk: 'high',
    });
    expect(healthAsOf(usageOnly, fallTo(80), '2026-06-30')).toMatchObject({
      band: 'green',
      churnRisk: 'medium',
    });
    expect(healthAsOf(usageOnly, fallTo(81), '2026-06-30')).toMatchObject({
      band: 'green',
      churnRisk: 'low',
    });
    expect(change30d(usageOnly, fallTo(70), '2026-06-30')).toEqual({ score: 70, earlier: 90, change: -20 });
  });

  it('sees no fall when there was no score 30 days earlier', () => {
    const young = facts({
      createdAt: '2026-06-15T00:00:00.000Z',
      signals: [{ metric: 'product_usage', value: 75, recordedAt: '2026-06-16T00:00:00.000Z' }],
    });
    expect(healthAsOf(usageOnly, young, '2026-06-30')).toMatchObject({ score: 75, churnRisk: 'low' });
    expect(change30d(usageOnly, young, '2026-06-30')).toEqual({ score: 75, earlier: null, change: null });
  });

  it('is null before the account was created, and scored from its creation day', () => {
    const account = facts({ createdAt: '2026-03-10T18:00:00.000Z' });
    expect(healthAsOf(defaultHealthModel, account, '2026-03-09')).toMatchObject({
      score: null,
      band: null,
      churnRisk: null,
    });
    // Creation day: 0 days since the (creation) touch → 100, no issues → 100.
    expect(healthAsOf(defaultHealthModel, account, '2026-03-10').score).toBe(100);
  });

  it('gives 26 weekly dates ending at asOf', () => {
    const dates = weeklyDates('2026-06-30');
    expect(dates).toHaveLength(26);
    expect(dates[0]).toBe('2026-01-06');
    expect(dates[24]).toBe('2026-06-23');
    expect(dates[25]).toBe('2026-06-30');
  });

  it('caps the band at yellow when a critical component scores 0: untouched for 334 days', () => {
    const neglected = facts({
      createdAt: '2025-01-01T10:00:00.000Z',
      signals: [
        { metric: 'nps', value: 50, recordedAt: '2026-05-01T08:00:00.000Z' }, // good → 100
        { metric: 'product_usage', value: 80, recordedAt: '2026-05-01T08:00:00.000Z' }, // good → 100
      ],
      touches: ['2025-07-31T12:00:00.000Z'], // 2025-07-31 → 2026-06-30: 334 days ≥ bad 90 → 0
    });
    const result = healthAsOf(defaultHealthModel, neglected, '2026-06-30');
    // (25 × 100 + 30 × 100 + 20 × 0 + 25 × 100) / 100 = 80: green by the score, capped at yellow.
    // 30 days before (304 days untouched) it was 80 too: no fall, so the cap alone makes it medium.
    expect(result).toMatchObject({
      score: 80,
      band: 'yellow',
      churnRisk: 'medium',
      churnRiskReasons: ['No touch in 334 days'],
    });
    expect(result.components[2]).toEqual({
      metric: 'days_since_last_touch',
      value: 334,
      score: 0,
      weight: 20,
      contribution: 0,
    });
    // At 89 days the touch scores 1/76 × 100 = 1.3, not 0: green, low, no reasons.
    const recent = healthAsOf(
      defaultHealthModel,
      { ...neglected, touches: ['2026-04-02T12:00:00.000Z'] },
      '2026-06-30',
    );
    // (2500 + 3000 + 20 × 1.316 + 2500) / 100 = 80.26 → 80
    expect(recent).toMatchObject({ score: 80, band: 'green', churnRisk: 'low', churnRiskReasons: [] });
  });

  it('leaves a red band red, and names the band beside the critical component', () => {
    // nps −20 → 0, usage 20 → 0, 120 days untouched → 0, issues 0 → 100: 25 × 100 / 100 = 25.
    const result = scoreFromValues(defaultHealthModel, {
      nps: -20,
      product_usage: 20,
      days_since_last_touch: 120,
      open_issues_weighted: 0,
    });
    expect(result).toMatchObject({
      score: 25,
      band: 'red',
      churnRisk: 'high',
      churnRiskReasons: ['Health is red (25)', 'No touch in 120 days'],
    });
  });

  it('does not cap for a non-critical component at 0, nor when the flag is turned off', () => {
    // nps −20 → 0 (not critical), usage 100, 7 days → 100, no issues → 100: 7500 / 100 = 75, green.
    expect(
      scoreFromValues(defaultHealthModel, {
        nps: -20,
        product_usage: 100,
        days_since_last_touch: 7,
        open_issues_weighted: 0,
      }),
    ).toMatchObject({ score: 75, band: 'green', churnRisk: 'low', churnRiskReasons: [] });
    // days_since_last_touch critical by default; `critical: false` turns it off: 80, green.
    const relaxed: HealthModel = {
      ...defaultHealthModel,
      components: defaultHealthModel.components.map((c) => ({ ...c, critical: false })),
    };
    const values = { nps: 50, product_usage: 80, days_since_last_touch: 334, open_issues_weighted: 0 };
    expect(scoreFromValues(relaxed, values)).toMatchObject({ score: 80, band: 'green', churnRisk: 'low' });
    // Without the flag at all the touch is critical: the same values are yellow.
    const unflagged: HealthModel = {
      ...defaultHealthModel,
      components: defaultHealthModel.components.map(({ critical: _, ...c }) => c),
    };
    expect(scoreFromValues(unflagged, values)).toMatchObject({
      score: 80,
      band: 'yellow',
      churnRisk: 'medium',
    });
  });

  it('has no cap in a model without critical components', () => {
    const noCritical: HealthModel = {
      components: [
        { metric: 'nps', weight: 1, good: 50, bad: -20 },
        { metric: 'product_usage', weight: 3, good: 100, bad: 0 },
      ],
      bands: { greenMin: 70, yellowMin: 40 },
    };
    // nps −20 → 0, usage 100 → 100: (1 × 0 + 3 × 100) / 4 = 75, green.
    expect(scoreFromValues(noCritical, { nps: -20, product_usage: 100 })).toMatchObject({
      score: 75,
      band: 'green',
      churnRisk: 'low',
      churnRiskReasons: [],
    });
    // Usage (weight 1) flagged critical and at 0, nps 50 → 100 (weight 3): (300 + 0) / 4 = 75,
    // green by the score, capped at yellow.
    const usageCritical: HealthModel = {
      ...noCritical,
      components: [
        { metric: 'nps', weight: 3, good: 50, bad: -20 },
        { metric: 'product_usage', weight: 1, good: 100, bad: 0, critical: true },
      ],
    };
    expect(scoreFromValues(usageCritical, { nps: 50, product_usage: 0 })).toMatchObject({
      score: 75,
      band: 'yellow',
      churnRisk: 'medium',
      churnRiskReasons: ['product_usage is 0 (critical)'],
    });
    // A critical component without a value drops out and caps nothing.
    expect(scoreFromValues(usageCritical, { nps: 50, product_usage: null })).toMatchObject({
      score: 100,
      band: 'green',
      churnRiskReasons: [],
    });
  });

  it('gives the reasons behind a fall, with the band when it is not green', () => {
    const fallTo = (value: number) =>
      facts({
        signals: [
          { metric: 'product_usage', value: 90, recordedAt: '2026-05-20T00:00:00.000Z' },
          { metric: 'product_usage', value, recordedAt: '2026-06-25T00:00:00.000Z' },
        ],
      });
    // Earlier (2026-05-31) 90; now 70: green but fell 20 → high.
    expect(healthAsOf(usageOnly, fallTo(70), '2026-06-30')).toMatchObject({
      churnRisk: 'high',
      churnRiskReasons: ['Score fell 20 points in 30 days (from 90)'],
    });
    expect(healthAsOf(usageOnly, fallTo(80), '2026-06-30').churnRiskReasons).toEqual([
      'Score fell 10 points in 30 days (from 90)',
    ]);
    expect(healthAsOf(usageOnly, fallTo(60), '2026-06-30')).toMatchObject({
      band: 'yellow',
      churnRisk: 'high',
      churnRiskReasons: ['Health is yellow (60)', 'Score fell 30 points in 30 days (from 90)'],
    });
    expect(healthAsOf(usageOnly, fallTo(81), '2026-06-30').churnRiskReasons).toEqual([]);
    // A fall of 9 is no reason; a yellow band alone is.
    expect(scoreFromValues(usageOnly, { product_usage: 55 }, 64).churnRiskReasons).toEqual([
      'Health is yellow (55)',
    ]);
  });
});
