import { z } from 'zod';
import { churnRisks, healthBands } from './schemas/accounts.ts';
import { id, isoDateOut, isoDateTimeOut } from './schemas/common.ts';

/**
 * Domain events: what happened to the business, recorded in the same transaction as the change and
 * its audit entry (the outbox), so no reaction is lost when a process dies and none fires for a
 * change that rolled back. docs/architecture.md#events lists who records each one and when.
 */

const band = z.enum(healthBands);
const risk = z.enum(churnRisks);
const change = <T extends z.ZodType>(value: T) => z.object({ from: value.nullable(), to: value.nullable() });

/** The `data` of each event type. */
export const eventData = {
  'account.created': z.object({ name: z.string(), ownerId: id }),
  'account.updated': z.object({ fields: z.array(z.string()) }),
  'account.owner_changed': z.object({ from: id, to: id }),
  'account.archived': z.object({}),
  'account.unarchived': z.object({}),
  'health.band_changed': z.object({
    from: band.nullable(),
    to: band.nullable(),
    score: z.number().nullable(),
  }),
  'health.churn_risk_changed': change(risk),
  'contract.created': z.object({ contractId: id, arr: z.number(), opportunityId: id.nullable() }),
  'contract.updated': z.object({ contractId: id, fields: z.array(z.string()) }),
  'contract.deleted': z.object({ contractId: id }),
  'contract.renewed': z.object({
    contractId: id,
    /** Every contract renewed together (the co-termed group; contractId is its primary). */
    contractIds: z.array(id),
    contractName: z.string(),
    renewalContractId: id,
    arr: z.number(),
    ownerId: id,
  }),
  'contract.cancelled': z.object({ contractId: id, cancelledOn: isoDateOut, reason: z.string() }),
  'contract.expired': z.object({ contractId: id, endDate: isoDateOut }),
  'renewal.window_entered': z.object({
    contractId: id,
    endDate: isoDateOut,
    daysLeft: z.number().int(),
    /** The window entered: the contract's renewal window, or the `days` a playbook watches. */
    days: z.number().int(),
  }),
  'opportunity.created': z.object({ opportunityId: id, type: z.string(), amount: z.number() }),
  'opportunity.stage_changed': z.object({ opportunityId: id, from: z.string(), to: z.string() }),
  'opportunity.won': z.object({
    opportunityId: id,
    name: z.string(),
    type: z.string(),
    amount: z.number(),
    closeDate: isoDateOut,
    contractId: id.nullable(),
    /** The request's changes to the contract the win creates; null: none is created. */
    contract: z
      .object({
        startDate: isoDateOut.optional(),
        endDate: isoDateOut.optional(),
        arr: z.number().optional(),
      })
      .nullable()
      .optional(),
  }),
  'opportunity.deleted': z.object({ opportunityId: id, type: z.string() }),
  'opportunity.lost': z.object({ opportunityId: id, type: z.string(), reason: z.string().nullable() }),
  'issue.created': z.object({
    issueId: id,
    severity: z.string(),
    status: z.string(),
    /** Who it was assigned to when opened (absent on events recorded before it was added). */
    assigneeId: id.nullable().optional(),
  }),
  'issue.updated': z.object({
    issueId: id,
    fields: z.array(z.string()),
    /** The assignee after the change. */
    assigneeId: id.nullable().optional(),
  }),
  /** A post on an issue's thread (issue updates: its comments). */
  'issue.update_posted': z.object({ issueId: id, updateId: id }),
  'issue.status_changed': z.object({ issueId: id, from: z.string(), to: z.string() }),
  'issue.deleted': z.object({ issueId: id }),
  'issue.breached': z.object({
    issueId: id,
    slaDueAt: isoDateTimeOut,
    severity: z.string(),
    assigneeId: id.nullable(),
  }),
  'check_in.overdue': z.object({ dueOn: isoDateOut }),
  'signal.threshold_crossed': z.object({ metric: z.string(), value: z.number() }),
  'activity.logged': z.object({ activityId: id, contactIds: z.array(id) }),
  'activity.updated': z.object({ activityId: id, contactIds: z.array(id).nullable() }),
  'activity.deleted': z.object({ activityId: id }),
  'task.assigned': z.object({ taskId: id, assigneeId: id }),
  'product.deleted': z.object({ productId: id }),
  'project.created': z.object({ projectId: id, name: z.string(), kind: z.string(), ownerId: id }),
  'project.updated': z.object({ projectId: id, fields: z.array(z.string()) }),
  'project.status_changed': z.object({ projectId: id, from: z.string(), to: z.string() }),
  'project.deleted': z.object({ projectId: id }),
  'deliverable.created': z.object({ deliverableId: id, projectId: id, assigneeId: id, dueDate: isoDateOut }),
  'deliverable.updated': z.object({ deliverableId: id, projectId: id, fields: z.array(z.string()) }),
  /** Handed to someone (at creation by another person, or later). */
  'deliverable.assigned': z.object({ deliverableId: id, projectId: id, assigneeId: id }),
  'deliverable.status_changed': z.object({
    deliverableId: id,
    projectId: id,
    from: z.string(),
    to: z.string(),
  }),
  'deliverable.reviewed': z.object({
    deliverableId: id,
    projectId: id,
    reviewId: id,
    outcome: z.string(),
    by: z.string(),
    revisionRounds: z.number().int(),
    overRevisionLimit: z.boolean(),
  }),
  'deliverable.deleted': z.object({ deliverableId: id, projectId: id }),
  'deliverable.overdue': z.object({ deliverableId: id, dueDate: isoDateOut, assigneeId: id }),
  'client_request.created': z.object({
    requestId: id,
    projectId: id.nullable(),
    kind: z.string(),
    dueDate: isoDateOut,
  }),
  'client_request.updated': z.object({ requestId: id, fields: z.array(z.string()) }),
  'client_request.received': z.object({ requestId: id }),
  'client_request.deleted': z.object({ requestId: id }),
  'client_request.overdue': z.object({ requestId: id, dueDate: isoDateOut }),
  'vendor.created': z.object({ vendorId: id, name: z.string() }),
  'vendor.updated': z.object({ vendorId: id, fields: z.array(z.string()) }),
  'vendor.deleted': z.object({ vendorId: id }),
  'engagement.created': z.object({
    engagementId: id,
    vendorId: id,
    projectId: id,
    cost: z.number(),
    status: z.string(),
  }),
  'engagement.updated': z.object({
    engagementId: id,
    projectId: id,
    fields: z.array(z.string()),
    status: z.string(),
  }),
  'engagement.deleted': z.object({ engagementId: id, projectId: id }),
  'invoice.overdue': z.object({ invoiceId: id, dueDate: isoDateOut }),
  /**
   * A batch of an import committed: the features keep their derived values (health, ARR, last
   * touch) true for the accounts it wrote, in its transaction. Not one event per row.
   */
  'import.rows_written': z.object({
    importId: id,
    entity: z.string(),
    accountIds: z.array(id).describe('The accounts whose records the batch wrote'),
  }),
  'import.completed': z.object({
    importId: id,
    entity: z.string(),
    status: z.string(),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
  }),
  'campaign.pacing_changed': z.object({ campaignId: id, from: z.string(), to: z.string() }),
} as const;

export type EventType = keyof typeof eventData;
export const eventTypes = Object.keys(eventData) as EventType[];

/**
 * Types in the union for the invoicing and campaign features still to come: nothing
 * records them yet, so playbooks and webhooks do not offer them.
 */
export const plannedEventTypes: readonly EventType[] = ['invoice.overdue', 'campaign.pacing_changed'];
/** The types recorded today. */
export const recordedEventTypes = eventTypes.filter((t) => !plannedEventTypes.includes(t));

const envelope = {
  id,
  occurredAt: isoDateTimeOut,
  accountId: id.nullable(),
  actorId: id.nullable(),
  /** What made a system write (`playbook:<id>`): automation never reacts to its own changes. */
  origin: z.string().nullable(),
};

type Variant<T extends EventType> = z.ZodObject<
  typeof envelope & { type: z.ZodLiteral<T>; data: (typeof eventData)[T] }
>;
const variant = <T extends EventType>(type: T): Variant<T> =>
  z.object({ ...envelope, type: z.literal(type), data: eventData[type] }) as Variant<T>;

/** One event as stored and delivered: `{ id, type, occurredAt, accountId, actorId, data }`. */
export const domainEvent = z.discriminatedUnion(
  'type',
  eventTypes.map(variant) as unknown as [Variant<EventType>, ...Variant<EventType>[]],
);
export type DomainEvent = { [T in EventType]: z.infer<Variant<T>> }[EventType];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** What a write says happened; the recorder adds the id, the moment and the actor. */
export type NewEvent = {
  [T in EventType]: { type: T; accountId: string | null; data: EventOf<T>['data'] };
}[EventType];
