import { createHeaders, idParams, page, problemSchema, writeErrors } from '../../../core/schemas/common.ts';
import {
  accountHealth,
  asOfQuery,
  healthModel,
  portfolioHealth,
  portfolioQuery,
  signal,
  signalsAccepted,
  signalsPush,
  signalsQuery,
} from '../../../core/schemas/health.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import {
  getHealthModel,
  listSignals,
  putHealthModel,
  accountHealth as scoreAccount,
} from './health.service.ts';
import { portfolioHealth as portfolio } from './portfolio.service.ts';
import { pushSignals } from './signals.service.ts';

const tags = ['health'];
const readErrors = { 400: problemSchema, 404: problemSchema };

export function healthRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.post(
    '/api/v1/health/signals',
    {
      schema: {
        tags,
        summary: 'Push metric readings (up to 1,000), all or nothing',
        description:
          'Each signal names its account by accountId or by accountDomain (a live account), exactly one. metric matches [a-z][a-z0-9_]{0,62}; days_since_last_touch and open_issues_weighted are computed by Steward and cannot be pushed. value is any finite number; recordedAt may be in the past, and at most an hour ahead of the server. If any item is invalid or names an account outside your scope, nothing is stored and the 400 names each bad item by index (signals.3.accountDomain). Roles: admin, manager, account_manager. The touched accounts are re-scored at once.',
        body: signalsPush,
        headers: createHeaders,
        response: { 200: signalsAccepted, ...writeErrors },
      },
    },
    async (req) => pushSignals(db, writeContext(req, deps), req.body.signals),
  );

  app.get(
    '/api/v1/accounts/:id/signals',
    {
      schema: {
        tags,
        summary: 'List an account’s signals, newest first',
        description: 'Filters: metric; from and to bound recordedAt (inclusive).',
        params: idParams,
        querystring: signalsQuery,
        response: { 200: page(signal), ...readErrors },
      },
    },
    async (req) => listSignals(db, actorOf(req), req.params.id, req.query),
  );

  app.get(
    '/api/v1/health/model',
    {
      schema: {
        tags,
        summary: 'Get the health model',
        description: 'The default model of the API contract until an admin saves another.',
        response: { 200: healthModel },
      },
    },
    async (req) => {
      actorOf(req);
      return getHealthModel(db);
    },
  );

  app.put(
    '/api/v1/health/model',
    {
      schema: {
        tags,
        summary: 'Replace the health model (admin); every account is re-scored at once',
        description:
          'Weights positive; good ≠ bad (either may be the higher); maxAgeDays 1–3650, default 90, applies to pushed metrics; critical (boolean; default true for days_since_last_touch, false for the others): a critical component scoring 0 caps the band at yellow, so churn risk is at least medium; metrics unique and matching [a-z][a-z0-9_]{0,62}; bands 0–100 with greenMin > yellowMin. Errors name the field, e.g. components.1.good.',
        body: healthModel,
        response: { 200: healthModel, ...writeErrors },
      },
    },
    async (req) => putHealthModel(db, writeContext(req, deps), req.body),
  );

  app.get(
    '/api/v1/accounts/:id/health',
    {
      schema: {
        tags,
        summary: 'An account’s health as of a date (default today, UTC), explained',
        description:
          'Each component: its metric value (the latest signal on or before asOf and at most maxAgeDays old by UTC date; days_since_last_touch and open_issues_weighted computed), score = clamp((value − bad) / (good − bad), 0, 1) × 100 to 1 decimal, weight, and contribution = weight × score / Σ weights of the components with a value, to 1 decimal (the points it adds; the contributions sum to the score up to rounding). Components without a value have null score and contribution. The band is capped at yellow when a critical component scores 0. churnRiskReasons: the sentences behind a medium or high churnRisk, in order: the band the score alone gives when red or yellow ("Health is red (37)"), a fall of 10 points or more since asOf − 30 days ("Score fell 24 points in 30 days (from 81)"), each critical component at 0 ("No touch in 334 days"); empty when low or null. history: 26 points a week apart ending at asOf, each scored as of its date (null before the account existed).',
        params: idParams,
        querystring: asOfQuery,
        response: { 200: accountHealth, ...readErrors },
      },
    },
    async (req) => scoreAccount(db, actorOf(req), req.params.id, req.query.asOf ?? deps.clock.today()),
  );

  app.get(
    '/api/v1/reports/portfolio-health',
    {
      schema: {
        tags: ['reports'],
        summary: 'Accounts and ARR by health band, ARR at risk, and the biggest movers',
        description:
          'Over live accounts in your scope, optionally one owner (ownerId) or the accounts owned by the members of a team (teamId), not both. arr is each account’s current ARR. unknown: accounts without a score. atRiskArr: ARR of accounts with churnRisk high; atRiskAccounts: how many they are — the same accounts GET /api/v1/accounts?churnRisk=high lists with the same ownerId or teamId (for today). movers: up to 10 accounts whose score changed over the 30 days to asOf, largest absolute change first; change30d = score(asOf) − score(asOf − 30 days), the same comparison churn risk uses (accounts without a score at either date are not movers). For today the figures come from the score cache; another asOf re-scores by the rule.',
        querystring: portfolioQuery,
        response: { 200: portfolioHealth, ...readErrors },
      },
    },
    async (req) => portfolio(db, actorOf(req), req.query, deps.clock.today()),
  );
}
