import { metricLabel } from './labels.ts';

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A metric's value as a reader expects it: "32 days", "6 (weighted)", "45". */
export function formatMetricValue(metric: string, value: number | null): string {
  if (value === null) return 'No data';
  if (metric === 'days_since_last_touch') return value === 1 ? '1 day' : `${number.format(value)} days`;
  return number.format(value);
}

export function formatPoints(points: number): string {
  return number.format(points);
}

/** "+4", "−12", "0": a change with its sign. */
export function formatChange(change: number): string {
  if (change > 0) return `+${number.format(change)}`;
  if (change < 0) return `−${number.format(-change)}`;
  return '0';
}

/** Points a component costs the score: its share of the weight, less what it contributes. */
export function pointsLost(c: { weight: number; contribution: number | null }, totalWeight: number): number {
  if (c.contribution === null || totalWeight === 0) return 0;
  return Math.max(0, (c.weight / totalWeight) * 100 - c.contribution);
}

/** The component that costs the score the most points (none when nothing costs anything). */
export function biggestDrag<C extends { metric: string; weight: number; contribution: number | null }>(
  components: C[],
): C | null {
  const total = components.reduce((s, c) => s + (c.contribution === null ? 0 : c.weight), 0);
  let worst: C | null = null;
  let worstLost = 0.05;
  for (const c of components) {
    const lost = pointsLost(c, total);
    if (lost > worstLost) {
      worst = c;
      worstLost = lost;
    }
  }
  return worst;
}

export function describeDrag(c: { metric: string; value: number | null }): string {
  return `${metricLabel(c.metric)} (${formatMetricValue(c.metric, c.value)})`;
}
