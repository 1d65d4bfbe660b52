import { problemSchema } from '../../../core/schemas/common.ts';
import { forecastReportByOwner, forecastReportQuery } from '../../../core/schemas/team-report.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { forecastReport as buildForecast } from './forecast.service.ts';

export function forecastRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/reports/forecast',
    {
      schema: {
        tags: ['reports'],
        summary: 'Forecast against quota for a period',
        description:
          "Opportunities in your scope whose closeDate is in [from, to] (default: the calendar quarter containing asOf, which defaults to today in UTC). kind=new_arr (default) counts new_business, upsell and cross_sell; kind=renewal counts renewal. ownerId keeps one owner's opportunities, teamId those owned by the team's members; someone outside your scope gives zeros. closedWon = Σ closed_won amounts; commit = closedWon + open commit; bestCase = commit + open best_case; pipeline = bestCase + open pipeline; weighted = closedWon + Σ open amount × probability / 100 (omitted excluded). quota = Σ quotas of the kind, of the people whose quotas you see (narrowed the same way), whose period lies within [from, to]; attainment = closedWon / quota to 4 decimals, null without a quota. simulation: 10,000 trials winning each open, non-omitted opportunity with its probability; p10/p50/p90 of closedWon + what was won. seed (default 1) makes it repeatable. by=owner adds byOwner: a row per owner of the counted opportunities or of the counted quotas, by name — { userId, name, closedWon, commit, bestCase, pipeline, weighted, quota, attainment } by the same rules over that owner's share — whose closedWon, commit, bestCase, pipeline, weighted and quota add up exactly to the report's; weighted, rounded once over the whole, is shared by largest remainder (each row's exact weighted rounded down to the cent, the cents left over one each to the largest remainders), so a row may be a cent above or below that owner's own report. Without by, no byOwner.",
        querystring: forecastReportQuery,
        response: { 200: forecastReportByOwner, 400: problemSchema },
      },
    },
    async (req) => buildForecast(db, actorOf(req), req.query, deps.clock.today()),
  );
}
