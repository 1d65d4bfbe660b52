import { z } from 'zod';
import { idParams, problemSchema } from '../../../core/schemas/common.ts';
import {
  agendaItem,
  agendaQuery,
  searchHit,
  searchQuery,
  timelineItem,
  timelineQuery,
} from '../../../core/schemas/workspace.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { search } from '../search/index.ts';
import { accountTimeline } from '../timeline/index.ts';
import { agenda } from './agenda.service.ts';

/** The read models that cut across features: agenda, search, account timeline. */
export function agendaRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/me/agenda',
    {
      schema: {
        tags: ['workspace'],
        summary: 'What to do on a date (default today, UTC)',
        description:
          'Items for accounts the user owns: check_in_overdue (nextCheckInDue on or before the date), meeting (scheduled that day), task (open or in progress, assigned to the user, due on or before the date), renewal (active contracts ending within 90 days after the date whose renewal opportunity is not closed; dueDate = endDate), at_risk (churnRisk high today; dueDate = the date), issue_sla (open issues whose slaDueAt falls before the end of the next day; dueDate = the UTC day of slaDueAt), next_step_due (open opportunities the user owns, on live accounts, whose nextStepDue is on or before the date; title = the next step, or "Next step on <deal>" when it has none; dueDate = nextStepDue; ref = the opportunity), deliverable_due (deliverables assigned to the user, not approved, delivered or cancelled, of projects neither completed nor cancelled, due on or before two days after the date; dueDate = the deliverable’s), client_request_overdue (client requests on live accounts the user owns, still requested, due before the date; dueDate = the request’s), project_off_track (projects the user owns whose deliveryStatus is off_track on the date; dueDate = the date). Sorted by dueDate, then ARR descending. Admins and managers may pass userId of someone in their scope.',
        querystring: agendaQuery,
        response: {
          200: z.object({ date: z.string(), data: z.array(agendaItem) }),
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (req) => {
      const date = req.query.date ?? deps.clock.today();
      return { date, data: await agenda(db, actorOf(req), { date, userId: req.query.userId }) };
    },
  );

  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Search accounts and contacts in scope (typo-tolerant), up to 20 hits',
        querystring: searchQuery,
        response: { 200: z.object({ data: z.array(searchHit) }), 400: problemSchema },
      },
    },
    async (req) => ({ data: await search(db, actorOf(req), req.query.q) }),
  );

  app.get(
    '/api/v1/accounts/:id/timeline',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Everything that happened on an account, newest first',
        params: idParams,
        querystring: timelineQuery,
        response: {
          200: z.object({ data: z.array(timelineItem), nextCursor: z.string().nullable() }),
          404: problemSchema,
        },
      },
    },
    async (req) => accountTimeline(db, actorOf(req), req.params.id, req.query),
  );
}
