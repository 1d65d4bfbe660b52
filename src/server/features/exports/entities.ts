// The exportable entities, one declaration each: the list's query schema and list function, and the
// file's columns by header (the names the CSV importer maps back to the same fields). Adding an
// entity is one more declaration here, added to `exportsList`.
import type { z } from 'zod';
import { account, accountsQuery } from '../../../core/schemas/accounts.ts';
import { feedbackItem, feedbackQuery, issue, issuesQuery } from '../../../core/schemas/health.ts';
import { activitiesQuery, activity, contact, contactsQuery } from '../../../core/schemas/relationship.ts';
import { contract, contractsQuery, opportunitiesQuery, opportunity } from '../../../core/schemas/revenue.ts';
import { listAccounts } from '../accounts/index.ts';
import { listActivities } from '../activities/index.ts';
import { listContacts } from '../contacts/index.ts';
import { listContracts } from '../contracts/index.ts';
import { listFeedback } from '../feedback/index.ts';
import { listIssues } from '../issues/index.ts';
import { listOpportunities } from '../opportunities/index.ts';
import { customFieldKeys } from './custom-fields.ts';
import { defineExport, type Export } from './exports.service.ts';

/**
 * id, accountId, accountName, then every other field of the list's row in its order, then
 * createdAt and updatedAt (the version, a concurrency token, is not data).
 */
function rowShapeColumns<S extends z.ZodRawShape>(item: z.ZodObject<S>) {
  const skip = new Set(['id', 'accountId', 'accountName', 'createdAt', 'updatedAt', 'version']);
  const own = Object.keys(item.shape).filter((k) => !skip.has(k));
  return ['id', 'accountId', 'accountName', ...own, 'createdAt', 'updatedAt'] as Extract<keyof S, string>[];
}

export const exportsList: readonly Export[] = [
  defineExport({
    entity: 'accounts',
    tag: 'accounts',
    query: accountsQuery,
    item: account,
    list: ({ db, actor }, q) => listAccounts(db, actor, q),
    columns: [
      'id',
      'name',
      'domain',
      'industry',
      'segment',
      'lifecycleStage',
      'ownerEmail',
      'parentAccountId',
      'checkInCadenceDays',
      'tags',
      'arr',
      'renewalDate',
      'healthScore',
      'healthBand',
      'churnRisk',
      'nextCheckInDue',
      'lastTouchAt',
      'createdAt',
      'updatedAt',
    ],
    extraColumns: async ({ db, actor }, filters) =>
      (await customFieldKeys(db, actor, filters)).map((key) => ({
        header: `customFields.${key}`,
        value: (row) => row.customFields[key],
      })),
  }),
  defineExport({
    entity: 'contacts',
    tag: 'relationship',
    query: contactsQuery,
    item: contact,
    list: ({ db, actor }, q) => listContacts(db, actor, q),
    columns: [
      'id',
      'accountId',
      'accountName',
      'firstName',
      'lastName',
      'email',
      'phone',
      'title',
      'role',
      'isPrimary',
      'notes',
      'lastContactedAt',
      'createdAt',
      'updatedAt',
    ],
  }),
  defineExport({
    entity: 'activities',
    tag: 'relationship',
    query: activitiesQuery,
    item: activity,
    list: ({ db, actor }, q) => listActivities(db, actor, q),
    columns: [
      'id',
      'accountId',
      'accountName',
      'type',
      'subject',
      'body',
      'occurredAt',
      'sentiment',
      'createdAt',
      'updatedAt',
    ],
  }),
  defineExport({
    entity: 'opportunities',
    tag: 'revenue',
    query: opportunitiesQuery,
    item: opportunity,
    list: ({ db, actor }, q) => listOpportunities(db, actor, q),
    columns: [
      'id',
      'accountId',
      'accountName',
      'name',
      'type',
      'stage',
      'amount',
      'probability',
      'forecastCategory',
      'closeDate',
      'ownerEmail',
      'source',
      'nextStep',
      'nextStepDue',
      'lostReason',
      'createdAt',
      'updatedAt',
    ],
  }),
  defineExport({
    entity: 'contracts',
    tag: 'revenue',
    query: contractsQuery,
    item: contract,
    list: ({ db, actor }, q) => listContracts(db, actor, q),
    columns: [
      'id',
      'accountId',
      'accountName',
      'name',
      'startDate',
      'endDate',
      'arr',
      'autoRenew',
      'upliftPercent',
      'renewalWindowDays',
      'status',
      'createdAt',
      'updatedAt',
    ],
  }),
  defineExport({
    entity: 'issues',
    tag: 'advocacy',
    query: issuesQuery,
    item: issue,
    list: ({ db, actor, now }, q) => listIssues(db, actor, q, now),
    columns: rowShapeColumns(issue),
  }),
  defineExport({
    entity: 'feedback',
    tag: 'advocacy',
    query: feedbackQuery,
    item: feedbackItem,
    list: ({ db, actor }, q) => listFeedback(db, actor, q),
    columns: rowShapeColumns(feedbackItem),
  }),
];
