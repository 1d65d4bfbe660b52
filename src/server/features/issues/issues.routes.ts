import { z } from 'zod';
import {
  createHeaders,
  id,
  idParams,
  page,
  problemSchema,
  writeErrors,
} from '../../../core/schemas/common.ts';
import {
  issue,
  issuePatch,
  issuesQuery,
  issueUpdate,
  issueUpdatesQuery,
  issueUpdateWrite,
  issueWrite,
  slaSettings,
} from '../../../core/schemas/health.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { createIssue, deleteIssue, getIssue, listIssues, updateIssue } from './issues.service.ts';
import { getSlaHours, putSlaHours } from './sla.service.ts';
import { getIssueUpdate, listIssueUpdates, postIssueUpdate } from './updates.service.ts';

const tags = ['advocacy'];

export function issuesRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/issues',
    noun: 'issue',
    tag: 'advocacy',
    item: issue,
    write: issueWrite,
    patch: issuePatch,
    query: issuesQuery,
    describe: {
      list: 'Newest opened first (sort=-openedAt); sort=slaDueAt gives the most urgent first. breached=true keeps issues whose (resolvedAt, or now while open) is later than slaDueAt. Visible with their account, and to their assignee.',
      create:
        'openedAt defaults to now and may be in the past; status defaults to new. slaDueAt = openedAt + the SLA hours of the severity (GET /api/v1/settings/sla), fixed then and recomputed when severity or openedAt changes. resolvedAt is set when the status becomes resolved or closed. reportedByContactId must be a contact of the account. The account’s health score counts open issues at once.',
      patch:
        'A status of resolved or closed sets resolvedAt (closing a resolved issue keeps it); any other status clears it. Members may change only the status of issues assigned to them.',
    },
    list: (actor, q) => listIssues(db, actor, q, deps.clock.now()),
    get: (actor, id) => getIssue(db, actor, id, deps.clock.now()),
    create: (ctx, input) => createIssue(db, ctx, input),
    update: (ctx, id, patch, expected) => updateIssue(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteIssue(db, ctx, id, expected),
  });

  app.get(
    '/api/v1/issues/:id/updates',
    {
      schema: {
        tags,
        summary: 'List an issue’s updates, oldest first',
        params: idParams,
        querystring: issueUpdatesQuery,
        response: { 200: page(issueUpdate), 400: problemSchema, 404: problemSchema },
      },
    },
    async (req) => listIssueUpdates(db, actorOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/v1/issues/:id/updates/:updateId',
    {
      schema: {
        tags,
        summary: 'Get an issue update',
        params: z.strictObject({ id, updateId: id }),
        response: { 200: issueUpdate, 404: problemSchema },
      },
    },
    async (req) => getIssueUpdate(db, actorOf(req), req.params.id, req.params.updateId),
  );

  app.post(
    '/api/v1/issues/:id/updates',
    {
      schema: {
        tags,
        summary: 'Post an update on an issue',
        description:
          'visibility: internal (the team only) or client (may be shown to the client). The author is the caller. Members may post only on issues assigned to them.',
        params: idParams,
        body: issueUpdateWrite,
        headers: createHeaders,
        response: { 201: issueUpdate, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await postIssueUpdate(db, writeContext(req, deps), req.params.id, req.body);
      reply.code(201).header('location', `/api/v1/issues/${req.params.id}/updates/${created.id}`);
      return created;
    },
  );

  app.get(
    '/api/v1/settings/sla',
    {
      schema: {
        tags,
        summary: 'Get the SLA hours per issue severity',
        description: 'Default p1 4, p2 24, p3 72, p4 168.',
        response: { 200: slaSettings },
      },
    },
    async (req) => {
      actorOf(req);
      return getSlaHours(db);
    },
  );

  app.put(
    '/api/v1/settings/sla',
    {
      schema: {
        tags,
        summary: 'Set the SLA hours per severity (admin)',
        description:
          'Positive whole hours, at most 8760, for each of p1–p4. They apply to issues opened or re-graded from then on; existing due times stay as they were.',
        body: slaSettings,
        response: { 200: slaSettings, ...writeErrors },
      },
    },
    async (req) => putSlaHours(db, writeContext(req, deps), req.body),
  );
}
