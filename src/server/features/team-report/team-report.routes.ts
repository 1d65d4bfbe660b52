import { problemSchema } from '../../../core/schemas/common.ts';
import {
  lossReasonsQuery,
  lossReasons as lossReasonsSchema,
  teamReportQuery,
  teamReport as teamReportSchema,
} from '../../../core/schemas/team-report.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { lossReasons } from './loss-reasons.service.ts';
import { teamReport } from './team-report.service.ts';

export function teamReportRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/reports/team',
    {
      schema: {
        tags: ['reports'],
        summary: "A team's report: a row per member, and the total",
        description:
          "Managers for the teams they manage (another team: 404), admins and viewers for any; other roles 403. The period [from, to] defaults to the calendar quarter of today; `to` may be in the future. A row per owner of accounts in your scope (archived ones included) among the team's members and managers, by name: accounts, arr (Σ cached ARR today), redAccounts and overdueCheckIns (nextCheckInDue ≤ today) count their live accounts; quota, closedWon, attainment, commit, pipeline and weighted are the forecast's (kind new_arr, ownerId = the member, over [from, to]); renewalsDue = Σ arr of their accounts' non-draft contracts ending in [from, to] whatever became of them, renewed = the part now `renewed` (at the old ARR), renewalRate = renewed / renewalsDue; churnedArr = the ARR movement's churn of their accounts over [from, min(to, today)]; touches = activities of touch types on their accounts, by anyone, in [from, min(to, today)] (0 when from is after today, as is churnedArr); coverage = share of their live accounts not overdue today. total sums the rows and takes its rates from the sums. Rates to 4 decimals, null when their denominator is 0.",
        querystring: teamReportQuery,
        response: { 200: teamReportSchema, 400: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (req) => teamReport(db, actorOf(req), req.query, deps.clock.today()),
  );

  app.get(
    '/api/v1/reports/loss-reasons',
    {
      schema: {
        tags: ['reports'],
        summary: 'Why deals were lost in a period',
        description:
          "closed_lost opportunities in your scope with closeDate in [from, to] (default: the calendar quarter of asOf, which defaults to today in UTC); ownerId keeps one owner's, teamId those owned by the team's members, type one opportunity type. Grouped by lostReason trimmed and compared case-insensitively (shown in its most frequent spelling): deals and Σ amount, by amount descending, then deals descending, then reason.",
        querystring: lossReasonsQuery,
        response: { 200: lossReasonsSchema, 400: problemSchema },
      },
    },
    async (req) => lossReasons(db, actorOf(req), req.query, deps.clock.today()),
  );
}
