import { account, accountPatch, accountsQuery, accountWrite } from '../../../core/schemas/accounts.ts';
import {
  createHeaders,
  idParams,
  page,
  problemSchema,
  versionedWriteHeaders,
  writeErrors,
} from '../../../core/schemas/common.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { expectedVersion, sendVersioned } from '../../http/versioning.ts';
import { createAccount, getAccount, listAccounts, setArchived, updateAccount } from './accounts.service.ts';

const tags = ['accounts'];

export function accountsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts',
        description:
          "Archived accounts only with archived=true. q matches name or domain, typo-tolerant. checkInDueBefore keeps accounts whose nextCheckInDue is on or before the date. churnRisk (low, medium, high) keeps accounts with that computed churn risk (unscored accounts have none and match no value); churnRisk=high is what My day, Health's atRiskArr and atRiskAccounts count as at risk, so the same scope (ownerId or teamId) lists the same accounts. lifecycleStage at_risk is a stage someone set by hand, not the computed risk.",
        querystring: accountsQuery,
        response: { 200: page(account), 400: problemSchema },
      },
    },
    async (req) => listAccounts(db, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Get an account',
        params: idParams,
        response: { 200: account, 404: problemSchema },
      },
    },
    async (req, reply) => sendVersioned(reply, await getAccount(db, actorOf(req), req.params.id)),
  );

  app.post(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account',
        description:
          'Defaults: owner the caller, segment smb, lifecycleStage prospect, checkInCadenceDays by segment (enterprise 14, mid_market 30, smb 60).',
        body: accountWrite,
        headers: createHeaders,
        response: { 201: account, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await createAccount(db, writeContext(req, deps), req.body);
      reply.code(201).header('location', `/api/v1/accounts/${created.id}`);
      return sendVersioned(reply, created);
    },
  );

  app.patch(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Update an account',
        description: 'teamMemberIds and tags, when sent, replace the whole list.',
        params: idParams,
        headers: versionedWriteHeaders,
        body: accountPatch,
        response: { 200: account, ...writeErrors },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      return sendVersioned(
        reply,
        await updateAccount(db, ctx, req.params.id, req.body, expectedVersion(req)),
      );
    },
  );

  app.delete(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Archive an account (restore it with POST …/restore)',
        params: idParams,
        headers: versionedWriteHeaders,
        response: { 200: account, ...writeErrors },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      return sendVersioned(reply, await setArchived(db, ctx, req.params.id, true, expectedVersion(req)));
    },
  );

  app.post(
    '/api/v1/accounts/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore an archived account',
        params: idParams,
        headers: versionedWriteHeaders,
        response: { 200: account, ...writeErrors },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      return sendVersioned(reply, await setArchived(db, ctx, req.params.id, false, expectedVersion(req)));
    },
  );
}
