import { problemSchema } from '../../../core/schemas/common.ts';
import { arrMovementQuery, arrMovementReport } from '../../../core/schemas/revenue.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { arrMovementReport as buildArrMovement } from './arr-movement.service.ts';

export function arrMovementRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/reports/arr-movement',
    {
      schema: {
        tags: ['reports'],
        summary: 'ARR movement and retention between two dates',
        description:
          "Movement is history. The period runs from `from` to `to`, both inclusive (default: the 12 months up to asOf, e.g. asOf 2026-06-30 → 2025-07-01 – 2026-06-30; asOf defaults to today, UTC). A `to` after today is cut to today: the answer's `to` is today and `truncatedTo` says so (it is today's date when the period was cut, null otherwise); a `from` after today is a 400 naming `from`. For each account in your scope, archived ones included (ownerId / teamId keep accounts owned by that person or the team's members; someone outside your scope gives zeros), a = its ARR at the start of the period, i.e. on the day before `from`, and b = its ARR on `to`, where ARR on a date is Σ arr of its non-draft contracts with startDate ≤ date ≤ endDate and not yet cancelled. So back-to-back periods see each change once: a contract ending on the last day of a quarter is churn in the next quarter, and one starting on `from` is new. startingArr = Σ a, endingArr = Σ b, newArr = Σ b where a = 0 < b, expansion = Σ (b − a) where 0 < a < b, contraction = Σ (a − b) where 0 < b < a, churn = Σ a where b = 0 < a (money to the cent); grr = (startingArr − contraction − churn) / startingArr and nrr = (startingArr + expansion − contraction − churn) / startingArr to 4 decimals (half away from zero), null when startingArr is 0. detail=true adds the accounts with ARR on either date, by name.",
        querystring: arrMovementQuery,
        response: { 200: arrMovementReport, 400: problemSchema },
      },
    },
    async (req) => buildArrMovement(db, actorOf(req), req.query, deps.clock.today()),
  );
}
