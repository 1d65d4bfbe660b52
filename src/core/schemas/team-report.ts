import { z } from 'zod';
import { id, isoDate, isoDateOut } from './common.ts';
import { forecastQuery, forecastReport, opportunityTypes } from './revenue.ts';

// The director's reports: the team report and loss reasons (docs/domain-rules.md#team-report), and
// the forecast's breakdown by owner (docs/domain-rules.md#by-owner).

export const teamReportQuery = z.strictObject({
  teamId: id,
  from: isoDate.optional(),
  to: isoDate.optional(),
});

const figures = {
  accounts: z.number().int(),
  arr: z.number(),
  quota: z.number(),
  closedWon: z.number(),
  attainment: z.number().nullable(),
  commit: z.number(),
  pipeline: z.number(),
  weighted: z.number(),
  renewalsDue: z.number(),
  renewed: z.number(),
  renewalRate: z.number().nullable(),
  churnedArr: z.number(),
  redAccounts: z.number().int(),
  overdueCheckIns: z.number().int(),
  touches: z.number().int(),
  coverage: z.number().nullable(),
};
export const teamReportRow = z.object({ userId: id, name: z.string(), ...figures });
export type TeamReportRow = z.infer<typeof teamReportRow>;
export const teamReportTotal = z.object(figures);
export const teamReport = z.object({
  teamId: id,
  from: isoDateOut,
  to: isoDateOut,
  /** The day the "today" columns were read (arr, redAccounts, overdueCheckIns, coverage). */
  asOf: isoDateOut,
  rows: z.array(teamReportRow),
  total: teamReportTotal,
});
export type TeamReport = z.infer<typeof teamReport>;

export const lossReasonsQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  ownerId: id.optional(),
  teamId: id.optional(),
  type: z.enum(opportunityTypes).optional(),
  asOf: isoDate.optional(),
});
export const lossReason = z.object({ reason: z.string(), deals: z.number().int(), amount: z.number() });
export const lossReasons = z.array(lossReason);
export type LossReason = z.infer<typeof lossReason>;

/** The forecast report's query, with the optional breakdown by owner (`by=owner`). */
export const forecastReportQuery = forecastQuery.extend({ by: z.enum(['owner']).optional() });
/** One owner's share of the forecast (docs/domain-rules.md#by-owner). */
export const forecastOwnerRow = z.object({
  userId: id,
  name: z.string(),
  closedWon: z.number(),
  commit: z.number(),
  bestCase: z.number(),
  pipeline: z.number(),
  weighted: z.number(),
  quota: z.number(),
  attainment: z.number().nullable(),
});
export type ForecastOwnerRow = z.infer<typeof forecastOwnerRow>;
/** The forecast report, with `byOwner` when it was asked for. */
export const forecastReportByOwner = forecastReport.extend({ byOwner: z.array(forecastOwnerRow).optional() });
