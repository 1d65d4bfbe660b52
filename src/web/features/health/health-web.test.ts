import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api.ts';
import { biggestDrag, formatChange, formatMetricValue, pointsLost } from './format.ts';
import { previewModel, splitServerErrors, toBody, toValues } from './modelForm.ts';

// The account of the e2e test: nps and usage at their worst, touched today, one open P2.
const components = [
  { metric: 'nps', value: -40, score: 0, weight: 25, contribution: 0 },
  { metric: 'product_usage', value: 10, score: 0, weight: 30, contribution: 0 },
  { metric: 'days_since_last_touch', value: 0, score: 100, weight: 20, contribution: 20 },
  { metric: 'open_issues_weighted', value: 3, score: 62.5, weight: 25, contribution: 15.6 },
];

describe('what drags a score down', () => {
  it('costs each component its share of the weight less what it contributes', () => {
    expect(pointsLost(components[1]!, 100)).toBe(30);
    expect(pointsLost(components[3]!, 100)).toBeCloseTo(9.4, 5);
    expect(pointsLost(components[2]!, 100)).toBe(0);
  });

  it('names the component that costs the most, and none when nothing costs anything', () => {
    expect(biggestDrag(components)?.metric).toBe('product_usage');
    expect(biggestDrag([{ ...components[2]!, contribution: 100 }])).toBeNull();
  });

  it('leaves components without a value out of the weights', () => {
    const partial = [
      { metric: 'nps', value: null, score: null, weight: 25, contribution: null },
      { metric: 'product_usage', value: 50, score: 50, weight: 30, contribution: 50 },
    ];
    expect(pointsLost(partial[1]!, 30)).toBe(50);
    expect(biggestDrag(partial)?.metric).toBe('product_usage');
  });
});

describe('formatting', () => {
  it('writes days, missing values and signed changes', () => {
    expect(formatMetricValue('days_since_last_touch', 1)).toBe('1 day');
    expect(formatMetricValue('days_since_last_touch', 32)).toBe('32 days');
    expect(formatMetricValue('nps', null)).toBe('No data');
    expect(formatChange(4)).toBe('+4');
    expect(formatChange(-12)).toBe('−12');
    expect(formatChange(0)).toBe('0');
  });
});

const saved = {
  components: [
    { metric: 'nps', weight: 25, good: 50, bad: -20 },
    { metric: 'product_usage', weight: 30, good: 80, bad: 20, maxAgeDays: 30 },
  ],
  bands: { greenMin: 70, yellowMin: 40 },
};

describe('the health model form', () => {
  it('sends back what it was given, a default max age staying absent and the critical flag explicit', () => {
    expect(toBody(toValues(saved))).toEqual({
      ...saved,
      components: saved.components.map((c) => ({ ...c, critical: false })),
    });
    // Without a flag, days since the last touch is critical and the others are not.
    const unflagged = {
      components: [
        { metric: 'days_since_last_touch', weight: 20, good: 14, bad: 90 },
        { metric: 'nps', weight: 25, good: 50, bad: -20, critical: true },
      ],
      bands: saved.bands,
    };
    expect(toBody(toValues(unflagged)).components.map((c) => c.critical)).toEqual([true, true]);
  });

  it('previews only the rows the rule can score', () => {
    const values = toValues(saved);
    values.components[0]!.good = -20;
    values.components.push({
      key: 'k',
      metric: 'Bad Key',
      weight: 5,
      good: 1,
      bad: 0,
      maxAgeDays: '',
      critical: false,
    });
    const { model, skipped } = previewModel(values);
    expect(model.components.map((c) => c.metric)).toEqual(['product_usage']);
    expect(skipped).toBe(2);
  });

  it('puts the server messages on their fields and keeps the others for the form', () => {
    const err = new ApiError({
      type: 'about:blank',
      title: 'Invalid input',
      status: 400,
      detail: 'The body is invalid.',
      errors: [
        { path: 'components.0.good', message: 'must differ from bad' },
        { path: 'bands.greenMin', message: 'must be greater than yellowMin' },
        { path: 'components', message: 'too many' },
      ],
    });
    expect(splitServerErrors(err, toValues(saved))).toEqual({
      onFields: {
        'components.0.good': 'Must differ from bad',
        'bands.greenMin': 'Must be greater than yellowMin',
      },
      other: [{ path: 'components', message: 'too many' }],
    });
  });
});
