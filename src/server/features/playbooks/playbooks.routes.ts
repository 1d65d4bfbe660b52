import { idParams, page, problemSchema, writeErrors } from '../../../core/schemas/common.ts';
import {
  exampleKeyParams,
  playbook,
  playbookExamples,
  playbookPatch,
  playbookPlaceholders,
  playbookPreview,
  playbookRun,
  playbookRunsQuery,
  playbooksQuery,
  playbookWrite,
} from '../../../core/schemas/playbooks.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { sendVersioned } from '../../http/versioning.ts';
import {
  createPlaybook,
  deletePlaybook,
  enableExample,
  getPlaybook,
  listExamples,
  listPlaybooks,
  listRuns,
  placeholderCatalogue,
  previewPlaybook,
  updatePlaybook,
} from './playbooks.service.ts';

const tags = ['automation'];
const readErrors = { 400: problemSchema, 401: problemSchema, 404: problemSchema };

export function playbooksRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  // Before the resource's /:id routes: these paths are not ids.
  app.get(
    '/api/v1/playbooks/examples',
    {
      schema: {
        tags,
        summary: 'List the ready example playbooks',
        description: 'Each with playbookId: the playbook enabled from it, or null.',
        response: { 200: playbookExamples, 401: problemSchema },
      },
    },
    async (req) => {
      actorOf(req);
      return listExamples(db);
    },
  );

  app.post(
    '/api/v1/playbooks/examples/:key/enable',
    {
      schema: {
        tags,
        summary: 'Enable a ready example playbook',
        description:
          'Admins only. Creates the example’s playbook once (201); enabling it again answers the same playbook (200), switched on.',
        params: exampleKeyParams,
        response: { 200: playbook, 201: playbook, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { playbook: p, created } = await enableExample(db, writeContext(req, deps), req.params.key);
      if (created) reply.code(201).header('location', `/api/v1/playbooks/${p.id}`);
      return sendVersioned(reply, p);
    },
  );

  app.get(
    '/api/v1/playbooks/placeholders',
    {
      schema: {
        tags,
        summary: 'The placeholders each trigger’s texts may use',
        response: { 200: playbookPlaceholders, 401: problemSchema },
      },
    },
    async (req) => {
      actorOf(req);
      return placeholderCatalogue();
    },
  );

  resourceRoutes(app, deps, {
    path: '/api/v1/playbooks',
    noun: 'playbook',
    tag: 'automation',
    item: playbook,
    write: playbookWrite,
    patch: playbookPatch,
    query: playbooksQuery,
    describe: {
      list: 'Readable by everyone signed in, oldest first, each with its last run and its failed runs of the last 24 h.',
      create:
        'Admins only. trigger { event, params } (signal.threshold_crossed takes { metric, op, value }, renewal.window_entered { days }); conditions [{ field, op, value }] on segment, lifecycleStage, industry, arr, healthBand, churnRisk, tags, ownerId or data.<key> of the event; actions 1–10 run in order; texts may hold {{account.name}}, {{account.arr}}, {{account.owner.name}}, {{event.*}} — an unknown one is a 400 naming its field (actions.1.message). enrolment every_time, once_per_account (default) or { atMostEveryDays }.',
      patch: 'Admins only. Switching a playbook on again clears its deactivation.',
      remove: 'Admins only; its runs go with it.',
    },
    list: (_actor, q) => listPlaybooks(db, q, deps.clock.now()),
    get: (_actor, id) => getPlaybook(db, id, deps.clock.now()),
    create: (ctx, input) => createPlaybook(db, ctx, input),
    update: (ctx, id, patch, expected) => updatePlaybook(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deletePlaybook(db, ctx, id, expected),
  });

  app.get(
    '/api/v1/playbooks/:id/runs',
    {
      schema: {
        tags,
        summary: 'List a playbook’s runs, newest first',
        description:
          'Each (playbook, event) is run once: done, skipped (with the reason) or failed after its tries; pending and retrying while it waits. accountName is null for accounts outside your scope.',
        params: idParams,
        querystring: playbookRunsQuery,
        response: { 200: page(playbookRun), ...readErrors },
      },
    },
    async (req) => listRuns(db, actorOf(req), req.params.id, req.query),
  );

  app.post(
    '/api/v1/playbooks/:id/preview',
    {
      schema: {
        tags,
        summary: 'The accounts the playbook matches right now',
        description:
          'For triggers that are a state (check_in.overdue: nextCheckInDue ≤ today; renewal.window_entered: an active contract ending within its days; health and churn-risk changes: the current band or risk; issue.breached: an open issue past its SLA; signal.threshold_crossed: the latest reading) with its conditions, in your scope; nothing is run. The first 100, with the total.',
        params: idParams,
        response: { 200: playbookPreview, ...readErrors },
      },
    },
    async (req) => previewPlaybook(db, actorOf(req), req.params.id, deps.clock.today(), deps.clock.now()),
  );
}
