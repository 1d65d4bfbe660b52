import { z } from 'zod';
import {
  freeText,
  id,
  isoDate,
  isoDateOut,
  isoDateTimeOut,
  listQuery,
  name,
  sortParam,
  versioned,
} from './common.ts';
import { money } from './revenue.ts';

/**
 * Delivery: projects (and campaigns, retainers), their deliverables and review rounds, client
 * requests, vendors and their engagements, and the team's workload. Visibility follows the account.
 */

const ratio = z.number().nullable();
const shortText = z.string().trim().max(2000);

// Projects
export const projectKinds = ['project', 'campaign', 'retainer'] as const;
export const projectStatuses = ['planning', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export const deliveryStatuses = ['on_track', 'at_risk', 'off_track'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const projectWrite = z.strictObject({
  accountId: id,
  name,
  kind: z.enum(projectKinds).optional(),
  status: z.enum(projectStatuses).optional(),
  startDate: isoDate,
  endDate: isoDate,
  budget: money.nullable().optional(),
  monthlyFee: money.nullable().optional().describe('Retainers only (400 on other kinds)'),
  scope: freeText.nullable().optional(),
  goals: freeText.nullable().optional(),
  ownerId: id.optional().describe("Default: the account's owner; an admin, manager or account manager"),
  teamMemberIds: z
    .array(id)
    .max(100)
    .optional()
    .describe('The people doing the work; each is added to the account team in the same transaction'),
});
export const projectPatch = projectWrite.partial();
export const project = versioned({
  accountId: id,
  accountName: z.string(),
  name: z.string(),
  kind: z.enum(projectKinds),
  status: z.enum(projectStatuses),
  startDate: isoDateOut,
  endDate: isoDateOut,
  budget: z.number().nullable(),
  monthlyFee: z.number().nullable(),
  scope: z.string().nullable(),
  goals: z.string().nullable(),
  ownerId: id,
  teamMemberIds: z.array(id),
  asOf: isoDateOut.describe('The day the derived figures are as of'),
  spent: z.number(),
  committed: z.number(),
  budgetUsed: ratio.describe('spent / budget, 4 decimals; null without a budget'),
  budgetCommitted: ratio.describe('(spent + committed) / budget'),
  progress: ratio.describe('effort approved or delivered / effort not cancelled; null without deliverables'),
  elapsed: z.number().describe('Share of the project days gone by, days inclusive, 0–1'),
  overdueDeliverables: z.number().int(),
  deliveryStatus: z.enum(deliveryStatuses).nullable(),
  deliveryReason: z.string().nullable().describe('Why the delivery status is what it is, in words'),
});
export type Project = z.infer<typeof project>;
export const projectsQuery = listQuery.extend({
  accountId: id.optional(),
  ownerId: id.optional(),
  teamId: id.optional(),
  kind: z.enum(projectKinds).optional(),
  status: z.enum(projectStatuses).optional(),
  activeOn: isoDate.optional().describe('startDate ≤ activeOn ≤ endDate'),
  q: z.string().trim().max(200).optional(),
  sort: sortParam(['name', 'startDate', 'endDate', 'budget', 'updatedAt'], '-updatedAt'),
});
export const projectQuery = z.strictObject({ asOf: isoDate.optional() });

// Deliverables and review rounds
export const deliverableStatuses = [
  'not_started',
  'in_progress',
  'internal_review',
  'client_review',
  'changes_requested',
  'approved',
  'delivered',
  'cancelled',
] as const;
export type DeliverableStatus = (typeof deliverableStatuses)[number];
export const deliverableWrite = z.strictObject({
  projectId: id,
  name,
  description: freeText.nullable().optional(),
  dueDate: isoDate,
  assigneeId: id.optional().describe('Any active user; default the caller'),
  effortPoints: z.number().int().min(1).max(40).optional(),
  includedRevisions: z.number().int().min(0).max(20).optional(),
  status: z.enum(deliverableStatuses).optional(),
});
export const deliverablePatch = deliverableWrite.omit({ projectId: true }).partial();
export const deliverable = versioned({
  projectId: id,
  projectName: z.string(),
  accountId: id,
  accountName: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  dueDate: isoDateOut,
  assigneeId: id,
  effortPoints: z.number().int(),
  includedRevisions: z.number().int(),
  status: z.enum(deliverableStatuses),
  revisionRounds: z.number().int().describe('Reviews by the client with outcome changes_requested'),
  overRevisionLimit: z.boolean(),
  approvedAt: isoDateTimeOut.nullable(),
  deliveredAt: isoDateTimeOut.nullable(),
  overdue: z.boolean(),
  blockedBy: z.array(id).describe('Open client requests that name this deliverable'),
});
export type Deliverable = z.infer<typeof deliverable>;
export const deliverablesQuery = listQuery.extend({
  projectId: id.optional(),
  accountId: id.optional(),
  assigneeId: id.optional(),
  status: z.enum(deliverableStatuses).optional(),
  dueBefore: isoDate.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

export const reviewOutcomes = ['approved', 'changes_requested'] as const;
export const reviewers = ['internal', 'client'] as const;
export const reviewWrite = z.strictObject({
  outcome: z.enum(reviewOutcomes),
  by: z.enum(reviewers),
  contactId: id.nullable().optional().describe('The client contact who reviewed (a contact of the account)'),
  notes: freeText.nullable().optional(),
});
export const review = z.object({
  id,
  deliverableId: id,
  outcome: z.enum(reviewOutcomes),
  by: z.enum(reviewers),
  contactId: id.nullable(),
  notes: z.string().nullable(),
  round: z
    .number()
    .int()
    .nullable()
    .describe("The client's round of changes this review is (null otherwise)"),
  reviewerId: id.nullable().describe('Who recorded it'),
  createdAt: isoDateTimeOut,
});
export type Review = z.infer<typeof review>;
export const reviewCreated = review.extend({
  status: z.enum(deliverableStatuses).describe("The deliverable's status after the review"),
  revisionRounds: z.number().int(),
  overRevisionLimit: z.boolean(),
  changeOrderTaskId: id.nullable().describe('The change-order task, made once per deliverable'),
});
/** A deliverable's reviews, oldest first. */
export const reviewsQuery = listQuery;

// Client requests
export const clientRequestKinds = ['asset', 'access', 'approval', 'information'] as const;
export const clientRequestStatuses = ['requested', 'received', 'cancelled'] as const;
export const clientRequestWrite = z.strictObject({
  accountId: id,
  projectId: id.nullable().optional(),
  deliverableId: id.nullable().optional(),
  title: name,
  kind: z.enum(clientRequestKinds),
  details: freeText.nullable().optional(),
  requestedFromContactId: id.nullable().optional(),
  dueDate: isoDate,
  status: z.enum(clientRequestStatuses).optional(),
});
export const clientRequestPatch = clientRequestWrite.omit({ accountId: true }).partial();
export const clientRequest = versioned({
  accountId: id,
  accountName: z.string(),
  projectId: id.nullable(),
  deliverableId: id.nullable(),
  title: z.string(),
  kind: z.enum(clientRequestKinds),
  details: z.string().nullable(),
  requestedFromContactId: id.nullable(),
  dueDate: isoDateOut,
  status: z.enum(clientRequestStatuses),
  receivedAt: isoDateTimeOut.nullable(),
  overdue: z.boolean(),
  daysOverdue: z.number().int(),
  createdById: id.nullable(),
});
export type ClientRequest = z.infer<typeof clientRequest>;
export const clientRequestsQuery = listQuery.extend({
  accountId: id.optional(),
  projectId: id.optional(),
  status: z.enum(clientRequestStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

// Vendors and engagements
export const vendorWrite = z.strictObject({
  name,
  category: z.string().trim().max(200).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  website: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  notes: freeText.nullable().optional(),
  active: z.boolean().optional(),
});
export const vendorPatch = vendorWrite.partial();
export const vendor = versioned({
  name: z.string(),
  category: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  notes: z.string().nullable(),
  active: z.boolean(),
  engagements: z.number().int(),
  totalCost: z.number().describe('Σ cost of delivered engagements'),
  averageRating: z.number().nullable().describe('Of rated engagements, 2 decimals'),
  onTimeRate: ratio.describe('Share of delivered engagements delivered on or before their due date'),
});
export type Vendor = z.infer<typeof vendor>;
export const vendorsQuery = listQuery.extend({
  q: z.string().trim().max(200).optional(),
  category: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
  sort: sortParam(['name', 'updatedAt'], 'name'),
});

export const engagementStatuses = [
  'proposed',
  'contracted',
  'in_progress',
  'delivered',
  'cancelled',
] as const;
export const engagementWrite = z.strictObject({
  vendorId: id,
  projectId: id,
  scope: shortText.nullable().optional(),
  cost: money,
  dueDate: isoDate.nullable().optional(),
  status: z.enum(engagementStatuses).optional(),
  deliveredOn: isoDate.nullable().optional().describe('Default today when the status becomes delivered'),
  rating: z.number().int().min(1).max(5).nullable().optional().describe('1–5, only once delivered'),
  notes: freeText.nullable().optional(),
});
export const engagementPatch = engagementWrite.omit({ vendorId: true, projectId: true }).partial();
export const engagement = versioned({
  vendorId: id,
  vendorName: z.string(),
  projectId: id,
  projectName: z.string(),
  accountId: id,
  scope: z.string().nullable(),
  cost: z.number(),
  dueDate: isoDateOut.nullable(),
  status: z.enum(engagementStatuses),
  deliveredOn: isoDateOut.nullable(),
  rating: z.number().int().nullable(),
  notes: z.string().nullable(),
});
export type Engagement = z.infer<typeof engagement>;
export const engagementsQuery = listQuery.extend({
  vendorId: id.optional(),
  projectId: id.optional(),
  accountId: id.optional(),
  status: z.enum(engagementStatuses).optional(),
});

// Workload
export const workloadStatuses = ['under', 'full', 'over'] as const;
export type WorkloadStatus = (typeof workloadStatuses)[number];
export const workloadQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  teamId: id.optional(),
  userId: id.optional(),
  detail: z.enum(['true', 'false']).optional(),
});
export const workloadItem = z.object({
  type: z.enum(['task', 'deliverable']),
  id: id.optional(),
  title: z.string().optional(),
  accountName: z.string().nullable().optional(),
  dueDate: isoDateOut.nullable(),
  effortPoints: z.number().int(),
});
export const workloadCell = z.object({
  week: isoDateOut,
  load: z.number().int(),
  capacity: z.number().int(),
  utilisation: ratio,
  status: z.enum(workloadStatuses),
  items: z.array(workloadItem).optional(),
});
export const workload = z.object({
  weeks: z.array(isoDateOut),
  people: z.array(
    z.object({ userId: id, name: z.string(), capacity: z.number().int(), cells: z.array(workloadCell) }),
  ),
});
export type Workload = z.infer<typeof workload>;
