import { problemSchema } from '../../../core/schemas/common.ts';
import { workloadQuery, workload as workloadSchema } from '../../../core/schemas/delivery.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { MAX_WEEKS, workloadReport } from './workload.service.ts';

export function workloadRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/reports/workload',
    {
      schema: {
        tags: ['reports'],
        summary: "The team's workload: effort points per person and week against their capacity",
        description: `Weeks are the ISO weeks (Monday to Sunday) overlapping [from, to] (from ≤ to, at most ${MAX_WEEKS} weeks; else 400 naming \`to\`). People: admins and viewers everyone active; a manager themselves and the members of the teams they manage; an account manager themselves and the team members of the projects they own; a member themselves. \`teamId\` keeps the team's people (an unknown team: 404), \`userId\` one person (outside your scope: 404). Work items: tasks open or in progress and deliverables not approved, delivered or cancelled (of projects neither cancelled nor completed) assigned to the person, each with its effortPoints, in the week of its due date; an item due before the first week counts in the first; items due after the last week, and tasks without a due date, are in no week. Per person and week: load (Σ points), capacity (the person's weeklyCapacityPoints), utilisation = load / capacity to 4 decimals (null when capacity is 0), status over (> 1), full (≥ 0.8) or under; with capacity 0, over when there is load and under when there is none. With detail=true each cell lists its items, by due date; an item on an account outside your scope counts in the load but shows only its type, due date and points.`,
        querystring: workloadQuery,
        response: { 200: workloadSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (req) => workloadReport(db, actorOf(req), req.query),
  );
}
