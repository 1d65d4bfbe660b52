import {
  project,
  projectPatch,
  projectQuery,
  projectsQuery,
  projectWrite,
} from '../../../core/schemas/delivery.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { createProject, deleteProject, getProject, listProjects, updateProject } from './projects.service.ts';

const figures =
  'Derived as of asOf (the list: today, UTC): spent = Σ cost of its vendor engagements delivered with deliveredOn ≤ asOf; committed = Σ cost of engagements contracted or in_progress; budgetUsed = spent / budget and budgetCommitted = (spent + committed) / budget (4 decimals, null without a budget or with 0); progress = Σ effortPoints of deliverables approved or delivered / Σ effortPoints of deliverables not cancelled (null when there are none); elapsed = clamp((asOf − startDate + 1) / (endDate − startDate + 1), 0, 1); overdueDeliverables: dueDate < asOf and not approved, delivered or cancelled. deliveryStatus: off_track if a deliverable is overdue by more than 7 days, budgetUsed > 1, or the project is active and asOf > endDate; else at_risk if a deliverable is overdue, budgetCommitted > 1, or progress < elapsed − 0.25; else on_track; null once completed or cancelled. deliveryReason says why in words.';

export function projectsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/projects',
    noun: 'project',
    tag: 'delivery',
    item: project,
    write: projectWrite,
    patch: projectPatch,
    query: projectsQuery,
    getQuery: projectQuery,
    describe: {
      list: `Projects, campaigns and retainers of the accounts in your scope. teamId keeps those owned by the team's members; activeOn those with startDate ≤ activeOn ≤ endDate; q matches the name (case-insensitive). ${figures}`,
      get: figures,
      create:
        'accountId must be an account in your scope; endDate ≥ startDate; monthlyFee for retainers only; ownerId defaults to the account owner and must be an active admin, manager or account manager; teamMemberIds (active users, any role) are added to the account team in the same transaction. Members and viewers cannot create projects (403).',
      patch:
        'The same rules on the values after the change (moving one date past the other, or a retainer with a fee to another kind, is a 400). Moving a project with deliverables, client requests or engagements to another account is a 409.',
      remove:
        'Only while the project has no deliverables, client requests or vendor engagements; else 409 — cancel it instead.',
    },
    list: (actor, q) => listProjects(db, actor, q, deps.clock.today()),
    get: (actor, id, q) => getProject(db, actor, id, (q as { asOf?: string }).asOf ?? deps.clock.today()),
    create: (ctx, input) => createProject(db, ctx, input),
    update: (ctx, id, patch, expected) => updateProject(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteProject(db, ctx, id, expected),
  });
}
