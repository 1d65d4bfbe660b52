import {
  opportunitiesQuery,
  opportunity,
  opportunityPatch,
  opportunityWrite,
} from '../../../core/schemas/revenue.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import {
  createOpportunity,
  deleteOpportunity,
  getOpportunity,
  listOpportunities,
  updateOpportunity,
} from './opportunities.service.ts';

export function opportunitiesRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/opportunities',
    noun: 'opportunity',
    tag: 'revenue',
    item: opportunity,
    write: opportunityWrite,
    patch: opportunityPatch,
    query: opportunitiesQuery,
    describe: {
      list: 'Opportunities of the accounts in your scope, soonest close first unless sort says otherwise. teamId keeps those owned by members of the team; open=true keeps stages other than closed_won and closed_lost (open=false the closed ones); closeFrom and closeTo are inclusive.',
      create:
        'stage defaults to prospecting and amount to 0; probability and forecastCategory default from the stage (prospecting 10/pipeline, qualification 20/pipeline, proposal 50/best_case, negotiation 75/commit, closed_won 100/closed, closed_lost 0/omitted) and may be overridden while open (forecastCategory closed only for closed_won); a closed stage forces them. closeDate is required while open and defaults to today (UTC) on closing; closedAt is set on closing. lostReason is required for closed_lost. ownerId defaults to the account owner and must be an active admin, manager or account manager. productIds must be products; contractId must be a contract of the same account, and a contract has at most one renewal opportunity (409).',
      patch:
        "A stage change re-applies the stage's probability and forecastCategory unless the same request sets them (while open). Moving to a closed stage sets closedAt and closeDate (today unless given); reopening clears closedAt.",
    },
    list: (actor, q) => listOpportunities(db, actor, q),
    get: (actor, id) => getOpportunity(db, actor, id),
    create: (ctx, input) => createOpportunity(db, ctx, input),
    update: (ctx, id, patch, expected) => updateOpportunity(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteOpportunity(db, ctx, id, expected),
  });
}
