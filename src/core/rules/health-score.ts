import { addDays } from './dates.ts';
/**
 * The health score (docs/domain-rules.md#health-score) as one pure rule, shared by the server (cache,
 * reports, history) and the web app (what-if). Dates are `YYYY-MM-DD` in UTC; instants are ISO
 * strings or Dates.
 */

export type Instant = string | Date;
export type Severity = 'p1' | 'p2' | 'p3' | 'p4';
export type Band = 'green' | 'yellow' | 'red';
export type ChurnRisk = 'low' | 'medium' | 'high';

export interface HealthComponentModel {
  metric: string;
  weight: number;
  good: number;
  bad: number;
  /** Signals older than this many days (by UTC date) no longer count; default 90. */
  maxAgeDays?: number;
  /**
   * A critical component that scores 0 caps the band at yellow (so the churn risk is at least
   * medium). Default: true for days_since_last_touch, false for the others.
   */
  critical?: boolean;
}

export interface HealthModel {
  components: HealthComponentModel[];
  bands: { greenMin: number; yellowMin: number };
}

export interface Signal {
  metric: string;
  value: number;
  recordedAt: Instant;
}

export interface IssueSpan {
  severity: Severity;
  openedAt: Instant;
  resolvedAt: Instant | null;
}

/** What the rule needs to know of one account. Extra signals, touches and issues are ignored. */
export interface AccountFacts {
  createdAt: Instant;
  signals: Iterable<Signal>;
  /** Times of touches (calls, e-mails, meetings, check-ins, reviews); the latest on or before asOf counts. */
  touches: Iterable<Instant>;
  issues: Iterable<IssueSpan>;
}

export interface ComponentResult {
  metric: string;
  value: number | null;
  /** clamp((value − bad) / (good − bad), 0, 1) × 100, to 1 decimal; null without a value. */
  score: number | null;
  weight: number;
  /** Points this component adds to the score: weight × score / Σ weights with a value, to 1 decimal. */
  contribution: number | null;
}

export interface ScoreResult {
  score: number | null;
  band: Band | null;
  churnRisk: ChurnRisk | null;
  /** The sentences behind a medium or high churn risk, each naming its number; [] otherwise. */
  churnRiskReasons: string[];
  components: ComponentResult[];
}

export const DEFAULT_MAX_AGE_DAYS = 90;
export const CHURN_LOOKBACK_DAYS = 30;
export const metricKeyPattern = /^[a-z][a-z0-9_]{0,62}$/;
/** Metrics Steward computes itself; they are never pushed as signals. */
export const computedMetrics = ['days_since_last_touch', 'open_issues_weighted'] as const;
export const issueWeights: Record<Severity, number> = { p1: 4, p2: 3, p3: 2, p4: 1 };

export const defaultHealthModel: HealthModel = {
  components: [
    { metric: 'nps', weight: 25, good: 50, bad: -20 },
    { metric: 'product_usage', weight: 30, good: 80, bad: 20 },
    { metric: 'days_since_last_touch', weight: 20, good: 14, bad: 90, critical: true },
    { metric: 'open_issues_weighted', weight: 25, good: 0, bad: 8 },
  ],
  bands: { greenMin: 70, yellowMin: 40 },
};

const DAY_MS = 86_400_000;
const ms = (t: Instant | number): number =>
  typeof t === 'number' ? t : t instanceof Date ? t.getTime() : Date.parse(t);
// Day numbers (days since 1970-01-01 UTC) keep the per-account work to arithmetic; the few
// distinct dates of a scoring run are parsed once.
const dayNumbers = new Map<string, number>();
function dayOf(date: string): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    if (dayNumbers.size > 10_000) dayNumbers.clear();
    n = Math.round(Date.parse(`${date}T00:00:00.000Z`) / DAY_MS);
    dayNumbers.set(date, n);
  }
  return n;
}
const dayOfInstant = (t: Instant | number): number => Math.floor(ms(t) / DAY_MS);
const dayStart = (date: string): number => dayOf(date) * DAY_MS;

/** The first instant after the UTC day `date`: "on or before date" means strictly before this. */
export const endOfDay = (date: string): number => dayStart(date) + DAY_MS;

/** `count` dates a week apart, oldest first, the last being `asOf`. */
export function weeklyDates(asOf: string, count = 26): string[] {
  return Array.from({ length: count }, (_, i) => addDays(asOf, -7 * (count - 1 - i)));
}

function latestTouch(touches: Iterable<Instant>, end: number): number | null {
  let best: number | null = null;
  for (const t of touches) {
    const at = ms(t);
    if (at < end && (best === null || at > best)) best = at;
  }
  return best;
}

/** Σ severity weight over the issues open at the end of `asOf`. */
export function openIssuesWeighted(issues: Iterable<IssueSpan>, asOf: string): number {
  const end = endOfDay(asOf);
  let sum = 0;
  for (const i of issues) {
    if (ms(i.openedAt) < end && (i.resolvedAt === null || ms(i.resolvedAt) >= end))
      sum += issueWeights[i.severity];
  }
  return sum;
}

/** Index signals by metric once, so scoring many dates does not rescan them. */
function byMetric(signals: Iterable<Signal>): Map<string, { value: number; at: number }[]> {
  const map = new Map<string, { value: number; at: number }[]>();
  for (const s of signals) {
    const list = map.get(s.metric) ?? [];
    list.push({ value: s.value, at: ms(s.recordedAt) });
    map.set(s.metric, list);
  }
  return map;
}

function latestFresh(
  list: { value: number; at: number }[] | undefined,
  asOf: string,
  maxAgeDays: number,
): number | null {
  if (!list) return null;
  const end = endOfDay(asOf);
  const oldest = (dayOf(asOf) - maxAgeDays) * DAY_MS;
  let best: { value: number; at: number } | null = null;
  // Of two signals at the very same instant, the one listed last wins.
  for (const s of list) if (s.at < end && s.at >= oldest && (best === null || s.at >= best.at)) best = s;
  return best?.value ?? null;
}

/** Each component's metric value as of `asOf` (null when it has none); the account must exist by then. */
export function metricValues(
  model: HealthModel,
  facts: AccountFacts,
  asOf: string,
): Record<string, number | null> {
  return metricValuesFrom(model, facts, byMetric(facts.signals), asOf);
}

function metricValuesFrom(
  model: HealthModel,
  facts: AccountFacts,
  signals: Map<string, { value: number; at: number }[]>,
  asOf: string,
): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const c of model.components) {
    if (c.metric === 'days_since_last_touch') {
      const touch = latestTouch(facts.touches, endOfDay(asOf));
      values[c.metric] = dayOf(asOf) - dayOfInstant(touch ?? facts.createdAt);
    } else if (c.metric === 'open_issues_weighted') {
      values[c.metric] = openIssuesWeighted(facts.issues, asOf);
    } else {
      values[c.metric] = latestFresh(signals.get(c.metric), asOf, c.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS);
    }
  }
  return values;
}

/** clamp((value − bad) / (good − bad), 0, 1) × 100: works whether good is above or below bad. */
export function componentScore(value: number, good: number, bad: number): number {
  return Math.min(1, Math.max(0, (value - bad) / (good - bad))) * 100;
}

// Scores are never negative; the nudge keeps a true .5 from rounding down after float error.
const round0 = (x: number): number => Math.round(x + 1e-9);
const round1 = (x: number): number => Math.round(x * 10 + 1e-9) / 10;

export function bandOf(score: number | null, bands: HealthModel['bands']): Band | null {
  if (score === null) return null;
  return score >= bands.greenMin ? 'green' : score >= bands.yellowMin ? 'yellow' : 'red';
}

/** Whether a component is critical: its flag, else true for days_since_last_touch only. */
export const isCritical = (c: HealthComponentModel): boolean =>
  c.critical ?? c.metric === 'days_since_last_touch';

/**
 * The band of a score, capped at yellow when a critical component scores 0 (a neglected account
 * is never green). `componentScores` are the unrounded scores, null without a value, in model order.
 */
export function cappedBand(
  model: HealthModel,
  score: number | null,
  componentScores: (number | null)[],
): Band | null {
  const band = bandOf(score, model.bands);
  if (band !== 'green') return band;
  return model.components.some((c, i) => isCritical(c) && componentScores[i] === 0) ? 'yellow' : band;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The sentence for a critical component that scores 0, naming its value. */
function criticalReason(metric: string, value: number): string {
  if (metric === 'days_since_last_touch') return `No touch in ${plural(value, 'day')}`;
  if (metric === 'open_issues_weighted') return `Open issues weigh ${value} (critical)`;
  return `${metric} is ${value} (critical)`;
}

/**
 * The reasons behind a medium or high churn risk, in this order: the band the score alone gives
 * when it is red or yellow ("Health is red (37)"), a fall of 10 points or more over 30 days
 * ("Score fell 24 points in 30 days (from 81)"), then each critical component scoring 0, in model
 * order ("No touch in 334 days"). Empty when the risk is low or null.
 */
export function churnRiskReasons(
  model: HealthModel,
  result: Pick<ScoreResult, 'score' | 'band' | 'components'>,
  earlierScore: number | null,
): string[] {
  const { score } = result;
  const risk = churnRiskOf(score, result.band, earlierScore);
  if (score === null || risk === null || risk === 'low') return [];
  const reasons: string[] = [];
  const plainBand = bandOf(score, model.bands);
  if (plainBand === 'red' || plainBand === 'yellow') reasons.push(`Health is ${plainBand} (${score})`);
  const fall = earlierScore === null ? 0 : earlierScore - score;
  if (fall >= 10) reasons.push(`Score fell ${fall} points in 30 days (from ${earlierScore})`);
  model.components.forEach((c, i) => {
    const value = result.components[i]?.value ?? null;
    if (isCritical(c) && value !== null && componentScore(value, c.good, c.bad) === 0)
      reasons.push(criticalReason(c.metric, value));
  });
  return reasons;
}

/** high: red, or fell ≥ 20 points since the earlier score; medium: yellow, or fell ≥ 10; else low. */
export function churnRiskOf(
  score: number | null,
  band: Band | null,
  earlierScore: number | null,
): ChurnRisk | null {
  if (score === null) return null;
  const fall = earlierScore === null ? 0 : earlierScore - score;
  if (band === 'red' || fall >= 20) return 'high';
  if (band === 'yellow' || fall >= 10) return 'medium';
  return 'low';
}

/**
 * Scores already-known metric values (the web's what-if): components without a value drop out
 * and the others' weights are renormalised. `earlierScore` is the score 30 days before, for churn risk.
 */
export function scoreFromValues(
  model: HealthModel,
  values: Record<string, number | null | undefined>,
  earlierScore: number | null = null,
): ScoreResult {
  let weights = 0;
  let points = 0;
  const scored = model.components.map((c) => {
    const value = values[c.metric] ?? null;
    const s = value === null ? null : componentScore(value, c.good, c.bad);
    if (s !== null) {
      weights += c.weight;
      points += c.weight * s;
    }
    return { c, value, s };
  });
  const score = weights === 0 ? null : round0(points / weights);
  const band = cappedBand(
    model,
    score,
    scored.map(({ s }) => s),
  );
  const components = scored.map(({ c, value, s }) => ({
    metric: c.metric,
    value,
    score: s === null ? null : round1(s),
    weight: c.weight,
    contribution: s === null ? null : round1((c.weight * s) / weights),
  }));
  return {
    score,
    band,
    churnRisk: churnRiskOf(score, band, earlierScore),
    churnRiskReasons: churnRiskReasons(model, { score, band, components }, earlierScore),
    components,
  };
}

const nothing = (model: HealthModel): ScoreResult => ({
  score: null,
  band: null,
  churnRisk: null,
  churnRiskReasons: [],
  components: model.components.map((c) => ({
    metric: c.metric,
    value: null,
    score: null,
    weight: c.weight,
    contribution: null,
  })),
});

/**
 * Scorer for one account over many dates (history, churn risk) without re-indexing its signals:
 * `at` gives the full result with churn risk, `plain` the score alone (no look-back).
 */
export function accountScorer(
  model: HealthModel,
  facts: AccountFacts,
): { at: (asOf: string) => ScoreResult; plain: (asOf: string) => ScoreResult } {
  const signals = byMetric(facts.signals);
  const created = dayOfInstant(facts.createdAt);
  const plain = (asOf: string): ScoreResult =>
    dayOf(asOf) < created
      ? nothing(model)
      : scoreFromValues(model, metricValuesFrom(model, facts, signals, asOf));
  const at = (asOf: string): ScoreResult => {
    const now = plain(asOf);
    if (now.score === null) return now;
    const earlier = plain(addDays(asOf, -CHURN_LOOKBACK_DAYS)).score;
    return {
      ...now,
      churnRisk: churnRiskOf(now.score, now.band, earlier),
      churnRiskReasons: churnRiskReasons(model, now, earlier),
    };
  };
  return { at, plain };
}

/** The account's score, band, churn risk and components as of `asOf`; all null before its creation. */
export function healthAsOf(model: HealthModel, facts: AccountFacts, asOf: string): ScoreResult {
  return accountScorer(model, facts).at(asOf);
}

/** The score as of `asOf`, the score 30 days before, and the change (null when either is null). */
export function change30d(
  model: HealthModel,
  facts: AccountFacts,
  asOf: string,
): { score: number | null; earlier: number | null; change: number | null } {
  const { plain } = accountScorer(model, facts);
  const now = plain(asOf).score;
  const earlier = plain(addDays(asOf, -CHURN_LOOKBACK_DAYS)).score;
  return { score: now, earlier, change: now === null || earlier === null ? null : now - earlier };
}
