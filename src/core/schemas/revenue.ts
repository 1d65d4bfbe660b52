import { z } from 'zod';
import { forecastCategories, stages } from '../rules/forecast.ts';
import { churnRiskReasons, churnRisks, healthBands } from './accounts.ts';
import { id, isoDate, isoDateOut, isoDateTimeOut, listQuery, name, sortParam, versioned } from './common.ts';

export { forecastCategories, stages };

import { contractStatuses, opportunitySources, opportunityTypes, quotaKinds } from './revenue-values.ts';

export { contractStatuses, opportunitySources, opportunityTypes, quotaKinds };

/** The simulation's seed when none is given, so the same request always gives the same numbers. */
export const DEFAULT_SEED = 1;
/** The longest renewal window a contract may have (days); the sweep's index range relies on it. */
export const MAX_RENEWAL_WINDOW_DAYS = 730;

/** An amount of money: ≥ 0, at most 2 decimals, within numeric(14,2). */
export const money = z.number().min(0).max(999_999_999_999.99).multipleOf(0.01, 'at most 2 decimals');
const shortText = z.string().trim().max(2000);

// Products
export const productWrite = z.strictObject({
  name,
  sku: z.string().trim().min(1).max(100),
  category: z.string().trim().max(200).nullable().optional(),
  listPrice: money.optional(),
  active: z.boolean().optional(),
});
export const productPatch = productWrite.partial();
export const product = versioned({
  name: z.string(),
  sku: z.string(),
  category: z.string().nullable(),
  listPrice: z.number(),
  active: z.boolean(),
});
export type Product = z.infer<typeof product>;
export const productsQuery = listQuery.extend({
  sort: sortParam(['name', 'sku', 'listPrice'], 'name'),
  active: z.enum(['true', 'false']).optional(),
  category: z.string().max(200).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});

// Contracts
export const contractLineWrite = z.strictObject({
  productId: id,
  quantity: z.number().gt(0).max(9_999_999_999.99).multipleOf(0.01, 'at most 2 decimals'),
  unitPrice: money,
});
export type ContractLineWrite = z.infer<typeof contractLineWrite>;
export const contractLine = z.object({
  productId: id,
  quantity: z.number(),
  unitPrice: z.number(),
  /** quantity × unitPrice, rounded to the cent. */
  amount: z.number(),
});
const contractLines = z.array(contractLineWrite).max(1000);
export const contractWrite = z.strictObject({
  accountId: id,
  name,
  startDate: isoDate,
  endDate: isoDate,
  arr: money.optional(),
  autoRenew: z.boolean().optional(),
  /** The price change an automatic renewal applies, in percent (default 0). */
  upliftPercent: z.number().min(-100).max(100).multipleOf(0.01, 'at most 2 decimals').optional(),
  renewalWindowDays: z.number().int().min(0).max(MAX_RENEWAL_WINDOW_DAYS).optional(),
  status: z.enum(['draft', 'active']).optional(),
  lines: contractLines.optional(),
});
export type ContractWrite = z.infer<typeof contractWrite>;
export const contractPatch = contractWrite.omit({ accountId: true }).partial();
export type ContractPatch = z.infer<typeof contractPatch>;
export const contractRenew = z.strictObject({
  startDate: isoDate.optional(),
  /** Default: the end of the term of a renewal (the old term, from startDate). */
  endDate: isoDate.optional(),
  arr: money.optional(),
  lines: contractLines.optional(),
  name: name.optional(),
});
export type ContractRenew = z.infer<typeof contractRenew>;
export const contractCancel = z.strictObject({
  cancelledOn: isoDate,
  reason: z.string().trim().min(1).max(20_000),
});
export const contract = versioned({
  accountId: id,
  name: z.string(),
  startDate: isoDateOut,
  endDate: isoDateOut,
  arr: z.number(),
  autoRenew: z.boolean(),
  upliftPercent: z.number(),
  renewalWindowDays: z.number().int(),
  status: z.enum(contractStatuses),
  cancelledOn: isoDateOut.nullable(),
  cancelReason: z.string().nullable(),
  renewedFromId: id.nullable(),
  renewedToId: id.nullable(),
  opportunityId: id.nullable().describe('The won deal that created it (read-only)'),
  lines: z.array(contractLine),
  createdById: id.nullable(),
});
export type Contract = z.infer<typeof contract>;
export const contractsQuery = listQuery.extend({
  sort: sortParam(['endDate', 'startDate', 'name', 'arr', 'updatedAt'], 'endDate'),
  accountId: id.optional(),
  status: z.enum(contractStatuses).optional(),
  endBefore: isoDate.optional(),
  endAfter: isoDate.optional(),
});

// Opportunities
const nullableShortText = shortText.nullable().optional();
export const opportunityWrite = z.strictObject({
  accountId: id,
  name,
  type: z.enum(opportunityTypes),
  stage: z.enum(stages).optional(),
  amount: money.optional(),
  probability: z.number().int().min(0).max(100).optional(),
  forecastCategory: z.enum(forecastCategories).optional(),
  closeDate: isoDate.optional(),
  ownerId: id.optional(),
  source: z.enum(opportunitySources).nullable().optional(),
  nextStep: nullableShortText,
  nextStepDue: isoDate.nullable().optional(),
  lostReason: nullableShortText,
  productIds: z.array(id).max(100).optional(),
  contractId: id.nullable().optional(),
  contract: z
    .strictObject({ startDate: isoDate.optional(), endDate: isoDate.optional(), arr: money.optional() })
    .nullable()
    .optional()
    .describe(
      'Only with a write that closes a new_business, upsell or cross_sell deal as won: changes the start, end or ARR of the contract the win creates (by default co-termed with the account’s latest active contract, at the amount), or null to create none',
    ),
});
export type OpportunityWrite = z.infer<typeof opportunityWrite>;
export const opportunityPatch = opportunityWrite.omit({ accountId: true }).partial();
export type OpportunityPatch = z.infer<typeof opportunityPatch>;
export const opportunity = versioned({
  accountId: id,
  accountName: z.string().describe("The account's name (read-only)"),
  name: z.string(),
  type: z.enum(opportunityTypes),
  stage: z.enum(stages),
  amount: z.number(),
  probability: z.number().int(),
  forecastCategory: z.enum(forecastCategories),
  closeDate: isoDateOut,
  ownerId: id,
  source: z.enum(opportunitySources).nullable(),
  nextStep: z.string().nullable(),
  nextStepDue: isoDateOut.nullable(),
  lostReason: z.string().nullable(),
  productIds: z.array(id),
  contractId: id.nullable(),
  contractIds: z
    .array(id)
    .describe(
      'Of a renewal (read-only): every contract it renews, the co-termed contracts of the account ending on the day contractId ends; empty for other deals',
    ),
  closedAt: isoDateTimeOut.nullable(),
  stageChangedAt: isoDateTimeOut.describe(
    'When the stage last changed (read-only): set on creation and on every stage change; days in stage count from it',
  ),
  createdById: id.nullable(),
});
export type Opportunity = z.infer<typeof opportunity>;
export const opportunitiesQuery = listQuery.extend({
  sort: sortParam(['closeDate', 'amount', 'name', 'updatedAt'], 'closeDate'),
  accountId: id.optional(),
  ownerId: id.optional(),
  teamId: id.optional(),
  type: z.enum(opportunityTypes).optional(),
  stage: z.enum(stages).optional(),
  closeFrom: isoDate.optional(),
  closeTo: isoDate.optional(),
  open: z.enum(['true', 'false']).optional(),
  contractId: id.optional(),
});

// Quotas
export const quotaWrite = z.strictObject({
  userId: id,
  periodStart: isoDate,
  periodEnd: isoDate,
  kind: z.enum(quotaKinds),
  amount: money,
});
export type QuotaWrite = z.infer<typeof quotaWrite>;
export const quotaPatch = quotaWrite.partial();
export type QuotaPatch = z.infer<typeof quotaPatch>;
export const quota = versioned({
  userId: id,
  periodStart: isoDateOut,
  periodEnd: isoDateOut,
  kind: z.enum(quotaKinds),
  amount: z.number(),
});
export type Quota = z.infer<typeof quota>;
export const quotasQuery = listQuery.extend({
  sort: sortParam(['periodStart', 'amount'], 'periodStart'),
  userId: id.optional(),
  teamId: id.optional(),
  kind: z.enum(quotaKinds).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

// Reports
const reportScope = {
  ownerId: id.optional(),
  teamId: id.optional(),
  asOf: isoDate.optional(),
};
const percentiles = z.object({ p10: z.number(), p50: z.number(), p90: z.number() });

export const forecastQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  kind: z.enum(quotaKinds).default('new_arr'),
  seed: z.coerce.number().int().min(0).max(4_294_967_295).default(DEFAULT_SEED),
  ...reportScope,
});
export const forecastReport = z.object({
  from: isoDateOut,
  to: isoDateOut,
  kind: z.enum(quotaKinds),
  seed: z.number().int(),
  opportunities: z.number().int(),
  closedWon: z.number(),
  commit: z.number(),
  bestCase: z.number(),
  pipeline: z.number(),
  weighted: z.number(),
  quota: z.number(),
  attainment: z.number().nullable(),
  simulation: percentiles,
});
export type ForecastReport = z.infer<typeof forecastReport>;

export const movements = ['new', 'expansion', 'contraction', 'churn', 'flat'] as const;
export const arrMovementQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  detail: z.enum(['true', 'false']).optional(),
  ...reportScope,
});
export const arrMovementAccount = z.object({
  accountId: id,
  name: z.string(),
  startArr: z.number(),
  endArr: z.number(),
  movement: z.enum(movements),
});
export const arrMovementReport = z.object({
  from: isoDateOut,
  /** The last day compared: at most today. */
  to: isoDateOut,
  /** Today, when the requested `to` was later and was cut to it; null otherwise. */
  truncatedTo: isoDateOut.nullable(),
  startingArr: z.number(),
  endingArr: z.number(),
  newArr: z.number(),
  expansion: z.number(),
  contraction: z.number(),
  churn: z.number(),
  grr: z.number().nullable(),
  nrr: z.number().nullable(),
  accounts: z.array(arrMovementAccount).optional(),
});
export type ArrMovementReport = z.infer<typeof arrMovementReport>;

export const renewalsQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...listQuery.shape,
  ...reportScope,
});
export const renewalRow = z.object({
  contractId: id,
  contractName: z.string(),
  accountId: id,
  accountName: z.string(),
  ownerId: id,
  endDate: isoDateOut,
  arr: z.number(),
  autoRenew: z.boolean(),
  healthBand: z.enum(healthBands).nullable(),
  churnRisk: z.enum(churnRisks).nullable(),
  churnRiskReasons,
  renewalOpportunity: z.object({ id, stage: z.enum(stages) }).nullable(),
});
export type RenewalRow = z.infer<typeof renewalRow>;
export const renewalsReport = z.object({
  from: isoDateOut,
  to: isoDateOut,
  data: z.array(renewalRow),
  nextCursor: z.string().nullable(),
  totals: z.object({
    contracts: z.number().int(),
    arrUpForRenewal: z.number(),
    arrAtRisk: z.number(),
  }),
});
export type RenewalsReport = z.infer<typeof renewalsReport>;

export const sweepQuery = z.strictObject({ asOf: isoDate.optional() });
export const sweepResult = z.object({
  asOf: isoDateOut,
  opportunitiesCreated: z.number().int(),
  tasksCreated: z.number().int(),
  contractsExpired: z.number().int(),
  /** Auto-renew contracts renewed (a contract renewed term after term counts each term). */
  contractsRenewed: z.number().int(),
  /** Contracts whose notice of cancellation came due (cancelledOn on or before asOf). */
  contractsCancelled: z.number().int(),
  accountsRefreshed: z.number().int(),
});
export type SweepResult = z.infer<typeof sweepResult>;
