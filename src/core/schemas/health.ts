import { z } from 'zod';
import { computedMetrics, metricKeyPattern } from '../rules/health-score.ts';
import { churnRiskReasons, churnRisks, healthBands } from './accounts.ts';
import {
  freeText,
  id,
  isoDate,
  isoDateOut,
  isoDateTime,
  isoDateTimeOut,
  listQuery,
  name,
  sortParam,
  versioned,
} from './common.ts';

export const issueSeverities = ['p1', 'p2', 'p3', 'p4'] as const;
export const issueStatuses = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_client',
  'resolved',
  'closed',
] as const;
export const internalTeams = [
  'engineering',
  'product',
  'finance',
  'support',
  'legal',
  'operations',
  'other',
] as const;
export const updateVisibilities = ['internal', 'client'] as const;
export const feedbackStatuses = ['new', 'under_review', 'planned', 'shipped', 'declined'] as const;

const metricKey = z.string().regex(metricKeyPattern, 'must match [a-z][a-z0-9_]{0,62}');
/** Clock skew a pusher is allowed: a reading may be stamped up to an hour ahead of the server. */
const FUTURE_LEEWAY_MS = 3_600_000;

// Signals
export const signalWrite = z
  .strictObject({
    accountId: id.optional(),
    accountDomain: z.string().trim().toLowerCase().min(1).max(253).optional(),
    metric: metricKey.refine((m) => !(computedMetrics as readonly string[]).includes(m), {
      message: 'is computed by Steward and cannot be pushed',
    }),
    value: z.number().describe('Any finite number'),
    recordedAt: isoDateTime.refine((t) => !(Date.parse(t) > Date.now() + FUTURE_LEEWAY_MS), {
      message: 'must not be in the future',
    }),
  })
  .superRefine((s, ctx) => {
    if ((s.accountId === undefined) === (s.accountDomain === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [s.accountId === undefined ? 'accountId' : 'accountDomain'],
        message: 'give exactly one of accountId and accountDomain',
      });
  });
export const signalsPush = z.strictObject({ signals: z.array(signalWrite).min(1).max(1000) });
export const signalsAccepted = z.object({ accepted: z.number().int() });
export const signal = z.object({
  id,
  accountId: id,
  metric: z.string(),
  value: z.number(),
  recordedAt: isoDateTimeOut,
  createdAt: isoDateTimeOut,
});
export type SignalRecord = z.infer<typeof signal>;
export const signalsQuery = listQuery.extend({
  metric: metricKey.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

// Model
export const healthComponent = z.strictObject({
  metric: metricKey,
  weight: z.number().positive(),
  good: z.number(),
  bad: z.number(),
  maxAgeDays: z.number().int().min(1).max(3650).optional(),
  critical: z
    .boolean()
    .optional()
    .describe(
      'When it scores 0 the band is capped at yellow (and churn risk is at least medium). Default: true for days_since_last_touch, false for the others',
    ),
});
const score0to100 = z.number().int().min(0).max(100);
export const healthModel = z
  .strictObject({
    components: z.array(healthComponent).min(1).max(50),
    bands: z.strictObject({ greenMin: score0to100, yellowMin: score0to100 }),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.components.forEach((c, i) => {
      if (c.good === c.bad)
        ctx.addIssue({ code: 'custom', path: ['components', i, 'good'], message: 'must differ from bad' });
      if (seen.has(c.metric))
        ctx.addIssue({
          code: 'custom',
          path: ['components', i, 'metric'],
          message: 'appears twice in the model',
        });
      seen.add(c.metric);
    });
    if (m.bands.greenMin <= m.bands.yellowMin)
      ctx.addIssue({
        code: 'custom',
        path: ['bands', 'greenMin'],
        message: 'must be greater than yellowMin',
      });
  });
export type HealthModelBody = z.infer<typeof healthModel>;

// Scores
const band = z.enum(healthBands).nullable();
export const asOfQuery = z.strictObject({ asOf: isoDate.optional() });
export const accountHealth = z.object({
  score: z.number().int().nullable(),
  band,
  churnRisk: z.enum(churnRisks).nullable(),
  churnRiskReasons,
  components: z.array(
    z.object({
      metric: z.string(),
      value: z.number().nullable(),
      score: z.number().nullable(),
      weight: z.number(),
      contribution: z.number().nullable(),
    }),
  ),
  history: z.array(z.object({ date: isoDateOut, score: z.number().int().nullable(), band })),
});
export type AccountHealth = z.infer<typeof accountHealth>;

export const portfolioQuery = z.strictObject({
  asOf: isoDate.optional(),
  ownerId: id.optional(),
  teamId: id.optional(),
});
const bandTotal = z.object({ accounts: z.number().int(), arr: z.number() });
export const portfolioHealth = z.object({
  bands: z.object({ green: bandTotal, yellow: bandTotal, red: bandTotal, unknown: bandTotal }),
  atRiskArr: z.number(),
  /** How many accounts atRiskArr counts (churnRisk high): the Accounts list filtered by churnRisk=high. */
  atRiskAccounts: z.number().int(),
  movers: z.array(
    z.object({
      accountId: id,
      name: z.string(),
      score: z.number().int().nullable(),
      change30d: z.number().int(),
    }),
  ),
});
export type PortfolioHealth = z.infer<typeof portfolioHealth>;

// Issues
export const issueWrite = z.strictObject({
  accountId: id,
  title: name,
  description: freeText.nullable().optional(),
  severity: z.enum(issueSeverities),
  status: z.enum(issueStatuses).optional(),
  internalTeam: z.enum(internalTeams).nullable().optional(),
  assigneeId: id.nullable().optional(),
  reportedByContactId: id.nullable().optional(),
  openedAt: isoDateTime.optional(),
});
export const issuePatch = issueWrite.omit({ accountId: true }).partial();
export const issue = versioned({
  accountId: id,
  accountName: z.string().describe("The account's name (read-only)"),
  title: z.string(),
  description: z.string().nullable(),
  severity: z.enum(issueSeverities),
  status: z.enum(issueStatuses),
  internalTeam: z.enum(internalTeams).nullable(),
  assigneeId: id.nullable(),
  reportedByContactId: id.nullable(),
  openedAt: isoDateTimeOut,
  slaDueAt: isoDateTimeOut,
  resolvedAt: isoDateTimeOut.nullable(),
  breached: z.boolean(),
  createdById: id.nullable(),
});
export type Issue = z.infer<typeof issue>;
export const issueSorts = ['openedAt', 'slaDueAt'] as const;
export const issuesQuery = listQuery.extend({
  sort: sortParam(issueSorts, '-openedAt', { paired: true }),
  accountId: id.optional(),
  status: z.enum(issueStatuses).optional(),
  severity: z.enum(issueSeverities).optional(),
  assigneeId: id.optional(),
  internalTeam: z.enum(internalTeams).optional(),
  breached: z.enum(['true', 'false']).optional(),
});
export const issueUpdateWrite = z.strictObject({
  body: z.string().trim().min(1).max(20_000),
  visibility: z.enum(updateVisibilities),
});
export const issueUpdate = z.object({
  id,
  issueId: id,
  body: z.string(),
  visibility: z.enum(updateVisibilities),
  authorId: id.nullable(),
  createdAt: isoDateTimeOut,
});
export type IssueUpdate = z.infer<typeof issueUpdate>;
export const issueUpdatesQuery = listQuery;

const hours = z.number().int().positive().max(8760);
export const slaSettings = z.strictObject({ p1: hours, p2: hours, p3: hours, p4: hours });

// Feedback
export const feedbackWrite = z.strictObject({
  accountId: id,
  contactId: id.nullable().optional(),
  title: name,
  body: freeText.nullable().optional(),
  productArea: z.string().trim().min(1).max(200).nullable().optional(),
  status: z.enum(feedbackStatuses).optional(),
});
export const feedbackPatch = feedbackWrite.omit({ accountId: true }).partial();
export const feedbackItem = versioned({
  accountId: id,
  accountName: z.string().describe("The account's name (read-only)"),
  contactId: id.nullable(),
  title: z.string(),
  body: z.string().nullable(),
  productArea: z.string().nullable(),
  status: z.enum(feedbackStatuses),
  createdById: id.nullable(),
});
export type Feedback = z.infer<typeof feedbackItem>;
export const feedbackQuery = listQuery.extend({
  accountId: id.optional(),
  productArea: z.string().max(200).optional(),
  hasProductArea: z.enum(['true', 'false']).optional(),
  title: z.string().min(1).max(200).optional(),
  status: z.enum(feedbackStatuses).optional(),
});
export const themesQuery = z.strictObject({
  groupBy: z.enum(['productArea', 'title']).default('productArea'),
});
export const feedbackTheme = z.object({
  key: z.string().nullable(),
  count: z.number().int(),
  accounts: z.number().int(),
  arr: z.number(),
});
