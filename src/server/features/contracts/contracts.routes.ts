import { createHeaders, idParams, versionedWriteHeaders, writeErrors } from '../../../core/schemas/common.ts';
import {
  contract,
  contractCancel,
  contractPatch,
  contractRenew,
  contractsQuery,
  contractWrite,
} from '../../../core/schemas/revenue.ts';
import { writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { resourceRoutes } from '../../http/resource.ts';
import { expectedVersion, sendVersioned } from '../../http/versioning.ts';
import { cancelContract, renewContract } from './contracts.actions.ts';
import {
  createContract,
  deleteContract,
  getContract,
  listContracts,
  updateContract,
} from './contracts.service.ts';

const tags = ['revenue'];

export function contractsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  resourceRoutes(app, deps, {
    path: '/api/v1/contracts',
    noun: 'contract',
    tag: 'revenue',
    item: contract,
    write: contractWrite,
    patch: contractPatch,
    query: contractsQuery,
    describe: {
      list: 'Contracts of the accounts in your scope, soonest end first unless sort says otherwise. endBefore and endAfter are inclusive (endDate ≤ endBefore, endDate ≥ endAfter).',
      create:
        "opportunityId is read-only: the won deal that created the contract. status is draft or active (default active); an active contract ending on the day an open renewal opportunity's contracts end joins it (the renewal's amount grows by its arr); autoRenew defaults to false, upliftPercent to 0 (−100 to 100, at most 2 decimals: the price change an automatic renewal applies — the renewal sweep renews an ended auto-renew contract for the term of a renewal at arr × (1 + upliftPercent / 100), lines repriced the same way) and renewalWindowDays to 120 (0–730). endDate must be on or after startDate. When lines has items, arr is Σ quantity × unitPrice (each line rounded to the cent; an arr sent with them must equal it), and each productId must be a product (400 naming lines.N.productId); without lines arr defaults to 0. The account's cached arr and renewalDate follow every contract write. Only a draft can be deleted (409 otherwise; cancel an active contract instead).",
      patch:
        'lines, when sent, replace the lines and set arr; an empty list removes them. arr alone cannot be changed on a contract with lines (400). status moves only between draft and active; renewed, expired and cancelled are set by renew, the renewal sweep and cancel (409).',
    },
    list: (actor, q) => listContracts(db, actor, q),
    get: (actor, id) => getContract(db, actor, id),
    create: (ctx, input) => createContract(db, ctx, input),
    update: (ctx, id, patch, expected) => updateContract(db, ctx, id, patch, expected),
    remove: (ctx, id, expected) => deleteContract(db, ctx, id, expected),
  });

  app.post(
    '/api/v1/contracts/:id/renew',
    {
      schema: {
        tags,
        summary: 'Renew a contract, with its co-termed contracts',
        description:
          'One transaction, for the contract and every other contract of its account with the same endDate and status and no notice of cancellation (its co-termed group; the primary is the one that started first, the lower id breaking a tie): one new active contract (startDate defaults to the day after the old endDate; endDate defaults to the end of the term of a renewal — the primary’s term from startDate, in whole calendar months when its startDate and the day after its endDate fall on the same day of the month, else in days; name, autoRenew, upliftPercent and renewalWindowDays are the primary’s unless given; arr, or lines as on create) with renewedFromId = the primary; each old contract becomes renewed with renewedToId = the new one (renewed early — startDate on or before its endDate — it co-terms: its endDate becomes the day before startDate, so the two never count at once; startDate must be after the primary’s startDate); the group’s open renewal opportunity becomes closed_won with the new arr as amount and today (UTC) as closeDate — when it has none, a won renewal opportunity is recorded so renewal forecasts count it. An expired contract may be renewed too (a renewal signed late). Renewing a contract that is draft, renewed or cancelled, or that has notice of cancellation, answers 409. Answers 201 with the new contract.',
        params: idParams,
        headers: createHeaders.extend(versionedWriteHeaders.shape),
        body: contractRenew,
        response: { 201: contract, ...writeErrors },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      const created = await renewContract(db, ctx, req.params.id, req.body, expectedVersion(req));
      reply.code(201).header('location', `/api/v1/contracts/${created.id}`);
      return sendVersioned(reply, created);
    },
  );

  app.post(
    '/api/v1/contracts/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a contract',
        description:
          'A draft or active contract becomes cancelled (409 otherwise). It counts toward ARR up to the day before cancelledOn, which must be at most the day after its endDate. A cancel of an active contract dated after today (UTC) is a notice: the contract stays active with cancelledOn set, counts until then, and the renewal sweep makes it cancelled on that day (an auto-renew contract is then not renewed; cancelledOn = the day after endDate is the notice of non-renewal). Either way its open renewal opportunity becomes closed_lost at once with the reason.',
        params: idParams,
        headers: versionedWriteHeaders,
        body: contractCancel,
        response: { 200: contract, ...writeErrors },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      return sendVersioned(
        reply,
        await cancelContract(db, ctx, req.params.id, req.body, expectedVersion(req)),
      );
    },
  );
}
