import { createHeaders, idParams, page, problemSchema, writeErrors } from '../../../core/schemas/common.ts';
import {
  deliverable,
  deliverablePatch,
  deliverablesQuery,
  deliverableWrite,
  review,
  reviewCreated,
  reviewsQuery,
  reviewWrite,
} from '../../../core/schemas/delivery.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import {
  createDeliverable,
  deleteDeliverable,
  getDeliverable,
  listDeliverables,
  updateDeliverable,
} from './deliverables.service.ts';
import { listReviews, postReview } from './reviews.service.ts';

const tags = ['delivery'];

export function deliverablesRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/deliverables',
    noun: 'deliverable',
    tag: 'delivery',
    item: deliverable,
    write: deliverableWrite,
    patch: deliverablePatch,
    query: deliverablesQuery,
    describe: {
      list: 'Soonest due first. Visible with their project’s account. overdue=true keeps those due before today and not approved, delivered or cancelled; dueBefore keeps those due on or before the date. blockedBy lists the open (requested) client requests naming the deliverable.',
      create:
        'projectId must be a project you can see (else 404 naming projectId); the deliverable takes its account. assigneeId any active user, default the caller; effortPoints 1–40, default 1; includedRevisions 0–20, default 2; status default not_started. Members cannot create deliverables (403).',
      patch:
        'approvedAt is set when the status becomes approved, kept when it moves on to delivered, cleared on any other status; deliveredAt is set when it becomes delivered and cleared when it leaves it. Members may change only the status of deliverables assigned to them, and not to approved or delivered (403).',
      remove: 'Admins, managers and account managers; its reviews go with it.',
    },
    list: (actor, q) => listDeliverables(db, actor, q, deps.clock.today()),
    get: (actor, id) => getDeliverable(db, actor, id, deps.clock.today()),
    create: (ctx, input) => createDeliverable(db, ctx, input),
    update: (ctx, id, patch, expected) => updateDeliverable(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteDeliverable(db, ctx, id, expected),
  });

  app.get(
    '/api/v1/deliverables/:id/reviews',
    {
      schema: {
        tags,
        summary: 'List a deliverable’s reviews, oldest first',
        params: idParams,
        querystring: reviewsQuery,
        response: { 200: page(review), 400: problemSchema, 404: problemSchema },
      },
    },
    async (req) => listReviews(db, actorOf(req), req.params.id, req.query),
  );

  app.post(
    '/api/v1/deliverables/:id/reviews',
    {
      schema: {
        tags,
        summary: 'Record a review of a deliverable',
        description:
          'In one transaction: approved by the client sets the status approved; approved internally sets client_review; changes_requested sets changes_requested. A client’s changes_requested is a revision round (round = its number); when the rounds pass includedRevisions the project’s owner gets the task “Change order: <deliverable>” (once per deliverable) and overRevisionLimit is true. contactId must be a contact of the account. Members may review only deliverables assigned to them, and only by internal (by client → 403). A cancelled deliverable cannot be reviewed (409).',
        params: idParams,
        body: reviewWrite,
        headers: createHeaders,
        response: { 201: reviewCreated, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await postReview(db, writeContext(req, deps), req.params.id, req.body);
      reply.code(201);
      return created;
    },
  );
}
