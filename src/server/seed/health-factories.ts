import type { Faker } from '@faker-js/faker';
import type { issueSeverities } from '../../core/schemas/health.ts';
import { newId } from '../db/columns.ts';
import type { feedback } from '../features/feedback/index.ts';
import type { healthSignals } from '../features/health/index.ts';
import type { issues } from '../features/issues/index.ts';

/**
 * Health and advocacy rows for the demo book and the benchmark: NPS and product-usage signals with
 * a trend per account, client issues (some past their SLA) and product feedback with themes.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const defaultSlaHours: Record<(typeof issueSeverities)[number], number> = { p1: 4, p2: 24, p3: 72, p4: 168 };

export type Trend = 'healthy' | 'steady' | 'declining' | 'troubled';

export function trendFor(f: Faker, lifecycleStage: string | null | undefined): Trend {
  if (lifecycleStage === 'at_risk') return f.helpers.arrayElement(['declining', 'troubled'] as const);
  if (lifecycleStage === 'churned') return 'troubled';
  return f.helpers.weightedArrayElement([
    { value: 'healthy' as const, weight: 5 },
    { value: 'steady' as const, weight: 3 },
    { value: 'declining' as const, weight: 2 },
  ]);
}

/** Weekly product usage and monthly NPS over `weeks` weeks up to `now`, following the trend. */
export function signalRows(
  f: Faker,
  accountId: string,
  trend: Trend,
  now: Date,
  weeks = 26,
): (typeof healthSignals.$inferInsert)[] {
  const rows: (typeof healthSignals.$inferInsert)[] = [];
  const level = { healthy: [82, 88], steady: [55, 55], declining: [80, 25], troubled: [30, 15] }[trend];
  const nps = { healthy: [55, 60], steady: [20, 25], declining: [40, -30], troubled: [-10, -40] }[trend];
  for (let w = weeks - 1; w >= 0; w--) {
    const progress = (weeks - 1 - w) / Math.max(1, weeks - 1);
    const at = new Date(now.getTime() - w * 7 * DAY - f.number.int({ min: 1, max: 20 }) * HOUR);
    const usage = level[0]! + (level[1]! - level[0]!) * progress + f.number.float({ min: -6, max: 6 });
    rows.push({
      id: newId(),
      accountId,
      metric: 'product_usage',
      value: round1(clamp(usage, 0, 100)),
      recordedAt: at,
    });
    if (w % 4 === 0) {
      const score = nps[0]! + (nps[1]! - nps[0]!) * progress + f.number.int({ min: -8, max: 8 });
      rows.push({
        id: newId(),
        accountId,
        metric: 'nps',
        value: Math.round(clamp(score, -100, 100)),
        recordedAt: at,
      });
    }
  }
  return rows;
}

const issueTitles = [
  'Export to CSV times out on large reports',
  'Invoice shows the wrong VAT rate',
  'SSO login loops for new users',
  'Campaign dashboard numbers do not match the ad platform',
  'API rate limit hit during nightly sync',
  'Duplicate charges on the last invoice',
  'Scheduled report e-mails not arriving',
  'Data integration missing yesterday’s orders',
];

/**
 * An issue opened within the last `withinDays` days; resolved ones took a believable time, open
 * old ones have run past their SLA.
 */
export function issueRow(
  f: Faker,
  accountId: string,
  now: Date,
  opts: { assigneeId?: string | null; open?: boolean; withinDays?: number } = {},
): typeof issues.$inferInsert {
  const severity = f.helpers.weightedArrayElement([
    { value: 'p1' as const, weight: 1 },
    { value: 'p2' as const, weight: 3 },
    { value: 'p3' as const, weight: 4 },
    { value: 'p4' as const, weight: 2 },
  ]);
  const openedAt = new Date(
    now.getTime() - f.number.int({ min: 1, max: (opts.withinDays ?? 60) * 24 }) * HOUR,
  );
  const slaDueAt = new Date(openedAt.getTime() + defaultSlaHours[severity] * HOUR);
  const open = opts.open ?? f.number.float() < 0.35;
  const resolvedAt = open
    ? null
    : new Date(
        Math.min(
          now.getTime(),
          openedAt.getTime() + defaultSlaHours[severity] * HOUR * f.number.float({ min: 0.2, max: 1.6 }),
        ),
      );
  return {
    id: newId(),
    accountId,
    title: f.helpers.arrayElement(issueTitles),
    description: 'Reported by the client on their weekly call; steps to reproduce in the thread.',
    severity,
    status: open
      ? f.helpers.arrayElement(['new', 'triaged', 'in_progress', 'waiting_on_client'] as const)
      : f.helpers.arrayElement(['resolved', 'closed'] as const),
    internalTeam: f.helpers.arrayElement([
      'engineering',
      'engineering',
      'finance',
      'support',
      'product',
    ] as const),
    assigneeId: opts.assigneeId ?? null,
    openedAt,
    slaDueAt,
    resolvedAt,
    createdAt: openedAt,
    updatedAt: resolvedAt ?? openedAt,
  };
}

const themes: Record<string, string[]> = {
  Reporting: ['Scheduled PDF reports', 'Custom dashboard filters', 'Export charts to slides'],
  Integrations: ['Salesforce two-way sync', 'HubSpot contact import', 'Slack alerts for issues'],
  'Mobile app': ['Offline mode', 'Push notifications for approvals'],
  Billing: ['Consolidated invoices for subsidiaries', 'Pay by bank transfer'],
  Permissions: ['Read-only client portal', 'Role per workspace'],
};

export function feedbackRow(f: Faker, accountId: string, now: Date): typeof feedback.$inferInsert {
  const productArea = f.helpers.arrayElement(Object.keys(themes));
  const at = new Date(now.getTime() - f.number.int({ min: 1, max: 200 }) * DAY);
  return {
    id: newId(),
    accountId,
    title: f.helpers.arrayElement(themes[productArea]!),
    body: 'Asked for on the last business review; would help their team every week.',
    productArea,
    status: f.helpers.weightedArrayElement([
      { value: 'new' as const, weight: 4 },
      { value: 'under_review' as const, weight: 3 },
      { value: 'planned' as const, weight: 2 },
      { value: 'shipped' as const, weight: 1 },
      { value: 'declined' as const, weight: 1 },
    ]),
    createdAt: at,
    updatedAt: at,
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
