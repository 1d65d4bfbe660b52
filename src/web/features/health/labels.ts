/** Names of the metrics Steward knows; any other metric pushed by the API shows as its key. */
const known: Record<string, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  product_usage: 'Product usage',
  days_since_last_touch: 'Days since last touch',
  open_issues_weighted: 'Open issues (weighted)',
};

export function metricLabel(metric: string): string {
  const name = known[metric];
  if (name) return name;
  const words = metric.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The two metrics Steward computes itself; every other one comes from pushed signals. */
export const computedMetrics = new Set(['days_since_last_touch', 'open_issues_weighted']);
