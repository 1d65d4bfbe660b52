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

/** What closing a deal as won does, in the same transaction (docs/domain-rules.md#winning-a-deal-changes-arr). */
const winning =
  "Closing a new_business, upsell or cross_sell deal as closed_won (on create or by PATCH) creates an active contract for the account in the same transaction: name = the deal's name, startDate = closeDate, endDate = the latest endDate among the account's active contracts without notice of cancellation that end after closeDate (co-terming the add-on, whose autoRenew, upliftPercent and renewalWindowDays it takes from that contract), else closeDate + 12 months − 1 day, arr = amount, opportunityId = the deal; the response's contractId is that contract. `contract: { startDate?, endDate?, arr? }` in the same request changes those, `contract: null` creates none (a one-off service); `contract` with any other write answers 400 naming contract. A contract ending with an open renewal's contracts joins that renewal (its amount grows by the contract's arr). Closing a renewal as closed_won renews its contract (with its co-termed group) as POST /api/v1/contracts/:id/renew would, at the amount for the term of a renewal — unless it was renewed already.";

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
      list: 'Opportunities of the accounts in your scope, soonest close first unless sort says otherwise. teamId keeps those owned by members of the team; open=true keeps stages other than closed_won and closed_lost (open=false the closed ones); closeFrom and closeTo are inclusive; contractId keeps the deals whose contractId it is and the renewal whose contractIds hold it (a co-termed group shares one renewal).',
      create: `stage defaults to prospecting and amount to 0. probability and forecastCategory default from the stage (prospecting 10/pipeline, qualification 20/pipeline, proposal 50/best_case, negotiation 75/commit, closed_won 100/closed, closed_lost 0/omitted) — for a renewal in an open stage, from its account's health band instead (green 90/commit, yellow 70/best_case, red 40/pipeline, no score 70/best_case) — and may be overridden while open (forecastCategory closed only for closed_won); a closed stage forces them. closeDate is required while open and defaults to today (UTC) on closing; closedAt is set on closing. lostReason is required for closed_lost. ownerId defaults to the account owner and must be an active admin, manager or account manager. productIds must be products; contractId must be a contract of the same account, and a contract has at most one renewal opportunity (409). ${winning}`,
      patch: `A stage change re-applies the stage's (or, for a renewal, the health band's) probability and forecastCategory unless the same request sets them (while open). Moving to a closed stage sets closedAt and closeDate (today unless given); reopening clears closedAt. ${winning} Moving a won deal to another stage while the contract its win created exists (is not cancelled) answers 409 naming that contract: cancel it first.`,
      remove:
        'A won deal whose win created a contract that is not cancelled answers 409 (cancel the contract first); a cancelled one forgets the deal (its opportunityId becomes null).',
    },
    list: (actor, q) => listOpportunities(db, actor, q),
    get: (actor, id) => getOpportunity(db, actor, id),
    create: (ctx, input) => createOpportunity(db, ctx, input),
    update: (ctx, id, patch, expected) => updateOpportunity(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteOpportunity(db, ctx, id, expected),
  });
}
