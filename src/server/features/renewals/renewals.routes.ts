import { AppError } from '../../../core/errors.ts';
import { addDays } from '../../../core/rules/dates.ts';
import { problemSchema } from '../../../core/schemas/common.ts';
import { renewalsQuery, renewalsReport, sweepQuery, sweepResult } from '../../../core/schemas/revenue.ts';
import { requireRole } from '../../auth/actor.ts';
import { actorOf, systemContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { renewalsReport as buildRenewals } from './renewals.service.ts';
import { runRenewalSweep } from './sweep.service.ts';

/** How far ahead an admin may sweep: automatic renewals are caught up to asOf, a contract per term. */
const MAX_SWEEP_AHEAD_DAYS = 366;

export function renewalsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/reports/renewals',
    {
      schema: {
        tags: ['reports'],
        summary: 'List contracts up for renewal in a period',
        description:
          "Active contracts of the accounts in your scope whose endDate is in [from, to] (default: asOf, which defaults to today in UTC, to asOf + 120 days), soonest end first, cursor-paged by limit (1–200, default 50) and cursor. ownerId / teamId keep accounts owned by that person or the team's members; someone outside your scope gives an empty report. healthBand and churnRisk are the account's current ones; renewalOpportunity is the contract's renewal opportunity (shared by contracts of an account ending on the same day), if any. totals cover every contract of the period, not just the page: arrUpForRenewal = Σ arr, arrAtRisk = Σ arr of accounts whose churnRisk is high.",
        querystring: renewalsQuery,
        response: { 200: renewalsReport, 400: problemSchema },
      },
    },
    async (req) => buildRenewals(db, actorOf(req), req.query, deps.clock.today()),
  );

  app.post(
    '/api/v1/admin/sweeps/renewals',
    {
      schema: {
        tags: ['admin'],
        summary: 'Run the renewal sweep now (admin)',
        description:
          "What the daily job does, as of asOf (default today, UTC): every active contract whose endDate is within its renewalWindowDays after asOf and that has no renewal opportunity gets one — one per account and endDate: contracts ending on the same day share it (contractId = the one that started first, contractIds = all, amount = Σ arr; a contract joins its group's open renewal when there is one) — type renewal, stage prospecting, probability and forecastCategory by the account's health band, closeDate = endDate, owner = the account owner, with a task for the owner, \"Prepare renewal: <account>\", due 60 days before endDate or on asOf if that is later (source automation). Active contracts whose endDate is before asOf become expired, except auto-renew ones, which are renewed term after term until the newest covers asOf (unless their renewal was lost or they were cancelled) — with their co-termed group when its primary renews automatically, into one contract for the primary's term at Σ of each member's arr × (1 + its upliftPercent / 100). asOf may be at most a year (366 days) after today: catching up automatic renewals further ahead would make a contract per term for years that have not come. Then every account's cached arr and renewalDate are refreshed for today. Contracts of archived accounts are skipped. Running it again changes nothing; the answer counts what this run did. Audit entries are written as the system.",
        querystring: sweepQuery,
        response: { 200: sweepResult, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (req) => {
      requireRole(actorOf(req), 'admin');
      const today = deps.clock.today();
      const asOf = req.query.asOf ?? today;
      if (asOf > addDays(today, MAX_SWEEP_AHEAD_DAYS)) {
        throw new AppError(
          'validation',
          `asOf may be at most ${MAX_SWEEP_AHEAD_DAYS} days after today (${today}).`,
          {
            errors: [
              { path: 'asOf', message: `must be on or before ${addDays(today, MAX_SWEEP_AHEAD_DAYS)}` },
            ],
          },
        );
      }
      return runRenewalSweep(db, systemContext(deps), asOf);
    },
  );
}
