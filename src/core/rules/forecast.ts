import { ratio4 } from './arr-movement.ts';
import { fromCents, toCents } from './money.ts';

export const stages = [
  'prospecting',
  'qualification',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;
export type Stage = (typeof stages)[number];
export const forecastCategories = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;
export type ForecastCategory = (typeof forecastCategories)[number];

export interface DealDefaults {
  probability: number;
  forecastCategory: ForecastCategory;
}

/** Probability and forecast category a stage gives an opportunity unless overridden while open. */
export const stageDefaults: Record<Stage, DealDefaults> = {
  prospecting: { probability: 10, forecastCategory: 'pipeline' },
  qualification: { probability: 20, forecastCategory: 'pipeline' },
  proposal: { probability: 50, forecastCategory: 'best_case' },
  negotiation: { probability: 75, forecastCategory: 'commit' },
  closed_won: { probability: 100, forecastCategory: 'closed' },
  closed_lost: { probability: 0, forecastCategory: 'omitted' },
};

export const isClosed = (stage: Stage): boolean => stage === 'closed_won' || stage === 'closed_lost';

/** An account's health band as renewal likelihood reads it; null when the account has no score. */
export type LikelihoodBand = 'green' | 'yellow' | 'red' | null;

/**
 * Renewal likelihood (docs/domain-rules.md#renewal-likelihood): a renewal deal's probability and
 * forecast category in every open stage come from its account's health band, not from the stage.
 */
export const renewalLikelihood: Record<'green' | 'yellow' | 'red' | 'none', DealDefaults> = {
  green: { probability: 90, forecastCategory: 'commit' },
  yellow: { probability: 70, forecastCategory: 'best_case' },
  red: { probability: 40, forecastCategory: 'pipeline' },
  none: { probability: 70, forecastCategory: 'best_case' },
};

/**
 * The default probability and forecast category of a deal in `stage`: a closed stage's own (they
 * are forced), renewal likelihood by the account's band for an open renewal, else the stage table.
 */
export function dealDefaults(stage: Stage, type: string, band: LikelihoodBand): DealDefaults {
  if (isClosed(stage) || type !== 'renewal') return stageDefaults[stage];
  return renewalLikelihood[band ?? 'none'];
}

export interface ForecastOpportunity {
  stage: Stage;
  amount: number;
  probability: number;
  forecastCategory: ForecastCategory;
}

export interface Forecast {
  closedWon: number;
  commit: number;
  bestCase: number;
  pipeline: number;
  weighted: number;
  quota: number;
  /** closedWon / quota to 4 decimals (half away from zero, `ratio4`); null when the quota is 0. */
  attainment: number | null;
}

/** The roll-up's exact sums in cents: won, open by category, and Σ open cents × probability. */
function tally(opportunities: Iterable<ForecastOpportunity>) {
  let won = 0;
  const open = { commit: 0, best_case: 0, pipeline: 0 };
  let weightedOpen = 0; // cents × percent
  for (const o of opportunities) {
    const cents = toCents(o.amount);
    if (o.stage === 'closed_won') won += cents;
    if (isClosed(o.stage) || o.forecastCategory === 'omitted') continue;
    if (
      o.forecastCategory === 'commit' ||
      o.forecastCategory === 'best_case' ||
      o.forecastCategory === 'pipeline'
    ) {
      open[o.forecastCategory] += cents;
    }
    weightedOpen += cents * o.probability;
  }
  return { won, open, weightedOpen };
}

/** The figures of a tally, with the open weighted part given in whole cents. */
function figures(t: ReturnType<typeof tally>, weightedOpenCents: number, quota: number): Forecast {
  const { won, open } = t;
  const commit = won + open.commit;
  const bestCase = commit + open.best_case;
  const quotaCents = toCents(quota);
  return {
    closedWon: fromCents(won),
    commit: fromCents(commit),
    bestCase: fromCents(bestCase),
    pipeline: fromCents(bestCase + open.pipeline),
    weighted: fromCents(won + weightedOpenCents),
    quota: fromCents(quotaCents),
    attainment: quotaCents === 0 ? null : ratio4(won, quotaCents),
  };
}

/** The forecast roll-up (docs/domain-rules.md#roll-up): each category includes the ones above it. */
export function forecast(opportunities: Iterable<ForecastOpportunity>, quota: number): Forecast {
  const t = tally(opportunities);
  return figures(t, Math.round(t.weightedOpen / 100), quota);
}

export interface OwnedForecastOpportunity extends ForecastOpportunity {
  ownerId: string;
}

/**
 * The roll-up per owner (docs/domain-rules.md#by-owner): a row for everyone who owns one of the
 * opportunities or has a quota, each by `forecast()` over their own deals and quota, so the rows
 * add up to `forecast()` of all of them with the summed quota. Every figure but `weighted` adds up
 * exactly by itself (integer cents); `weighted` is rounded once over the whole, so the rows share
 * its cents by largest remainder: each row gets its exact weighted rounded down to the cent, and
 * the cents left over go one each to the rows with the largest remainders (ties: the order of the
 * owners as first met, deals before quotas). A row's weighted is thus within a cent of that owner's
 * own forecast, and the rows' sum is exactly the report's.
 */
export function forecastByOwner(
  opportunities: Iterable<OwnedForecastOpportunity>,
  quotas: Iterable<{ userId: string; amount: number }>,
): Map<string, Forecast> {
  const deals = new Map<string, OwnedForecastOpportunity[]>();
  const quotaCents = new Map<string, number>();
  for (const o of opportunities) {
    const mine = deals.get(o.ownerId);
    if (mine) mine.push(o);
    else deals.set(o.ownerId, [o]);
  }
  for (const q of quotas) {
    quotaCents.set(q.userId, (quotaCents.get(q.userId) ?? 0) + toCents(q.amount));
    if (!deals.has(q.userId)) deals.set(q.userId, []);
  }
  const rows = [...deals].map(([ownerId, own]) => {
    const t = tally(own);
    const floor = Math.floor(t.weightedOpen / 100);
    return { ownerId, t, floor, rest: t.weightedOpen - floor * 100 };
  });
  const whole = Math.round(rows.reduce((s, r) => s + r.t.weightedOpen, 0) / 100);
  let left = whole - rows.reduce((s, r) => s + r.floor, 0);
  const extra = new Set<string>();
  for (const r of [...rows].sort((a, b) => b.rest - a.rest)) {
    if (left <= 0 || r.rest === 0) break;
    extra.add(r.ownerId);
    left--;
  }
  return new Map(
    rows.map((r) => [
      r.ownerId,
      figures(r.t, r.floor + (extra.has(r.ownerId) ? 1 : 0), fromCents(quotaCents.get(r.ownerId) ?? 0)),
    ]),
  );
}

/** A small seeded generator (mulberry32): the same seed gives the same simulation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Monte Carlo of the period's outcome: in each trial every open, non-omitted opportunity is won
 * with its probability; a trial's total is closedWon plus what it won. Percentiles by nearest rank.
 */
export function simulate(
  opportunities: Iterable<ForecastOpportunity>,
  opts: { seed: number; trials?: number },
): { p10: number; p50: number; p90: number } {
  const trials = opts.trials ?? 10_000;
  let won = 0;
  const cents: number[] = [];
  const limits: number[] = [];
  for (const o of opportunities) {
    if (o.stage === 'closed_won') won += toCents(o.amount);
    else if (!isClosed(o.stage) && o.forecastCategory !== 'omitted') {
      cents.push(toCents(o.amount));
      // random() < p exactly when the generator's 32-bit output is below p × 2³² (a power of two, so exact).
      limits.push((o.probability / 100) * 4_294_967_296);
    }
  }
  const amount = Float64Array.from(cents);
  const limit = Float64Array.from(limits);
  const totals = new Float64Array(trials);
  // seededRandom inlined: this loop runs trials × deals times (10,000 × thousands for a team).
  // Branch-free: each deal adds its amount times 0 or 1. A branch on a coin flip is mispredicted
  // half the time, which made the loop three times slower; the draws and sums are the same.
  let state = opts.seed | 0;
  for (let t = 0; t < trials; t++) {
    let total = won;
    for (let i = 0; i < amount.length; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let x = Math.imul(state ^ (state >>> 15), state | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      total += amount[i]! * Number((x ^ (x >>> 14)) >>> 0 < limit[i]!);
    }
    totals[t] = total;
  }
  totals.sort();
  const rank = (q: number) => fromCents(totals[Math.max(0, Math.ceil(q * trials) - 1)]!);
  return { p10: rank(0.1), p50: rank(0.5), p90: rank(0.9) };
}
