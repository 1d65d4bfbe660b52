import { z } from 'zod';
import {
  id,
  isoDate,
  isoDateOut,
  isoDateTimeOut,
  listQuery,
  name,
  recordStamps,
  sortParam,
  version,
} from './common.ts';

export const segments = ['enterprise', 'mid_market', 'smb'] as const;
export const lifecycleStages = ['prospect', 'onboarding', 'active', 'at_risk', 'churned'] as const;
export const healthBands = ['green', 'yellow', 'red'] as const;
export const churnRisks = ['low', 'medium', 'high'] as const;
/** The sentences behind a medium or high churn risk, each naming its number; [] otherwise. */
export const churnRiskReasons = z
  .array(z.string())
  .describe(
    'Why the churn risk is medium or high, e.g. "Health is red (37)", "Score fell 24 points in 30 days (from 81)", "No touch in 334 days"; empty when it is low or null',
  );

/** Check-in cadence an account gets from its segment unless one is given. */
export const defaultCadenceDays: Record<(typeof segments)[number], number> = {
  enterprise: 14,
  mid_market: 30,
  smb: 60,
};

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a host name such as acme.com',
  );

const customFields = z
  .record(z.string().min(1).max(100), z.union([z.string().max(20_000), z.number(), z.boolean(), z.null()]))
  .refine((o) => Object.keys(o).length <= 100, 'at most 100 custom fields');

/**
 * The writable fields of an account; creation applies the defaults (segment smb, stage prospect,
 * owner the creator, cadence by segment): docs/domain-rules.md#accounts-owner-cadence-and-next-check-in.
 */
export const accountWrite = z.strictObject({
  name,
  domain: hostName.nullable().optional(),
  industry: z.string().trim().max(200).nullable().optional(),
  segment: z.enum(segments).optional(),
  lifecycleStage: z.enum(lifecycleStages).optional(),
  ownerId: id.optional(),
  teamMemberIds: z.array(id).max(1000).optional(),
  parentAccountId: id.nullable().optional(),
  checkInCadenceDays: z.number().int().min(1).max(365).optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  customFields: customFields.optional(),
});
export type AccountWrite = z.infer<typeof accountWrite>;
export const accountPatch = accountWrite.partial();
export type AccountPatch = z.infer<typeof accountPatch>;

export const account = z.object({
  id,
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  segment: z.enum(segments),
  lifecycleStage: z.enum(lifecycleStages),
  ownerId: id,
  teamMemberIds: z.array(id),
  parentAccountId: id.nullable(),
  checkInCadenceDays: z.number().int(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  lastTouchAt: isoDateTimeOut.nullable(),
  nextCheckInDue: isoDateOut,
  arr: z.number(),
  renewalDate: isoDateOut.nullable(),
  healthScore: z.number().int().nullable(),
  healthBand: z.enum(healthBands).nullable(),
  churnRisk: z.enum(churnRisks).nullable(),
  churnRiskReasons: churnRiskReasons,
  ...recordStamps,
  archivedAt: isoDateTimeOut.nullable(),
  version,
});
export type Account = z.infer<typeof account>;

export const accountSorts = [
  'name',
  'nextCheckInDue',
  'updatedAt',
  'arr',
  'renewalDate',
  'healthScore',
] as const;

export const accountsQuery = listQuery.extend({
  sort: sortParam(accountSorts, 'name'),
  q: z.string().trim().min(1).max(200).optional(),
  ownerId: id.optional(),
  teamId: id.optional(),
  segment: z.enum(segments).optional(),
  lifecycleStage: z.enum(lifecycleStages).optional(),
  tag: z.string().max(100).optional(),
  healthBand: z.enum(healthBands).optional(),
  /** The computed churn risk (docs/domain-rules.md#churn-risk); `high` is what "at risk" means everywhere. */
  churnRisk: z.enum(churnRisks).optional(),
  renewalBefore: isoDate.optional(),
  checkInDueBefore: isoDate.optional(),
  archived: z.enum(['true', 'false']).optional(),
});
export type AccountsQuery = z.infer<typeof accountsQuery>;
