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
          "For each account in your scope, archived ones included (ownerId / teamId keep accounts owned by that person or the team's members; someone outside your scope gives zeros), a = ARR on from and b = ARR on to, where ARR on a date is Σ arr of its non-draft contracts with startDate ≤ date ≤ endDate and not yet cancelled. Default period: to = asOf (default today, UTC) and from = the same day 12 months earlier. startingArr = Σ a, endingArr = Σ b, newArr = Σ b where a = 0 < b, expansion = Σ (b − a) where 0 < a < b, contraction = Σ (a − b) where 0 < b < a, churn = Σ a where b = 0 < a; grr = (startingArr − contraction − churn) / startingArr and nrr = (startingArr + expansion − contraction − churn) / startingArr to 4 decimals, null when startingArr is 0. detail=true adds the accounts with ARR on either date, by name.",
        querystring: arrMovementQuery,
        response: { 200: arrMovementReport, 400: problemSchema },
      },
    },
    async (req) => buildArrMovement(db, actorOf(req), req.query, deps.clock.today()),
  );
}
