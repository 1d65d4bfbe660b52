import { z } from 'zod';
import { type EventType, recordedEventTypes } from '../events.ts';
import { conditionOps } from '../rules/playbook-conditions.ts';
import { thresholdOps } from '../rules/playbook-trigger.ts';
import { healthBands, lifecycleStages } from './accounts.ts';
import { id, isoDateTimeOut, listQuery, name, version } from './common.ts';
import { taskPriorities } from './relationship.ts';
import { opportunityTypes } from './revenue-values.ts';

/** Playbooks: trigger → conditions → actions, run by the system (docs/api-conventions.md). */

/** Every event type recorded today can start a playbook; an import's bookkeeping cannot. */
export const triggerEvents = recordedEventTypes.filter((t) => !t.startsWith('import.')) as [
  EventType,
  ...EventType[],
];

export const playbookTrigger = z.strictObject({
  event: z.enum(triggerEvents),
  params: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const thresholdParams = z.strictObject({
  metric: z.string().trim().min(1).max(100),
  op: z.enum(thresholdOps),
  value: z.number(),
});
export const renewalParams = z.strictObject({ days: z.number().int().min(1).max(730) });

const conditionValue = z.union([
  z.string().max(500),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string().max(500), z.number()])).max(100),
]);
export const playbookCondition = z.strictObject({
  field: z.string().min(1).max(100),
  op: z.enum(conditionOps),
  value: conditionValue,
});

/** Who an action is for: the account's owner, the managers of the owner's teams, or one user. */
const assignee = z.union([z.enum(['owner', 'manager']), id]);
const recipient = z.union([z.enum(['owner', 'team', 'manager']), id]);
const text = (max: number) => z.string().trim().min(1).max(max);

export const playbookAction = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('create_task'),
    title: text(200),
    assignTo: assignee,
    dueInDays: z.number().int().min(0).max(365).default(0),
    priority: z.enum(taskPriorities).default('normal'),
    effortPoints: z.number().int().min(1).max(40).default(1),
  }),
  z.strictObject({ type: z.literal('notify'), to: recipient, message: text(1000) }),
  z.strictObject({ type: z.literal('send_email'), to: recipient, subject: text(200), body: text(10_000) }),
  z.strictObject({ type: z.literal('set_lifecycle_stage'), stage: z.enum(lifecycleStages) }),
  z.strictObject({ type: z.literal('add_tag'), tag: z.string().trim().min(1).max(50) }),
  z.strictObject({
    type: z.literal('create_opportunity'),
    /** The deal's type (`type` names the action). */
    opportunityType: z.enum(opportunityTypes),
    name: text(200),
    amount: z.number().min(0).max(1e12).optional(),
  }),
  z.strictObject({ type: z.literal('call_webhook'), webhookId: id }),
]);
export type PlaybookAction = z.infer<typeof playbookAction>;
export const playbookActionTypes = [
  'create_task',
  'notify',
  'send_email',
  'set_lifecycle_stage',
  'add_tag',
  'create_opportunity',
  'call_webhook',
] as const;

export const playbookEnrolment = z.union([
  z.enum(['every_time', 'once_per_account']),
  z.strictObject({ atMostEveryDays: z.number().int().min(1).max(3650) }),
]);

export const playbookWrite = z.strictObject({
  name,
  description: z.string().max(2000).nullable().optional(),
  active: z.boolean().optional(),
  trigger: playbookTrigger,
  conditions: z.array(playbookCondition).max(20).optional(),
  actions: z.array(playbookAction).min(1).max(10),
  enrolment: playbookEnrolment.optional(),
});
export type PlaybookWrite = z.infer<typeof playbookWrite>;

export const playbookPatch = z.strictObject({
  name: name.optional(),
  description: z.string().max(2000).nullable().optional(),
  active: z.boolean().optional(),
  trigger: playbookTrigger.optional(),
  conditions: z.array(playbookCondition).max(20).optional(),
  actions: z.array(playbookAction).min(1).max(10).optional(),
  enrolment: playbookEnrolment.optional(),
});
export type PlaybookPatch = z.infer<typeof playbookPatch>;

export const playbook = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  trigger: z.object({ event: z.string(), params: z.record(z.string(), z.unknown()).nullable().optional() }),
  conditions: z.array(playbookCondition),
  actions: z.array(z.record(z.string(), z.unknown())),
  enrolment: playbookEnrolment,
  exampleKey: z.string().nullable(),
  createdById: id.nullable(),
  deactivatedAt: isoDateTimeOut.nullable(),
  deactivatedReason: z.string().nullable(),
  lastRunAt: isoDateTimeOut.nullable(),
  failedRuns24h: z.number().int(),
  version,
  createdAt: isoDateTimeOut,
  updatedAt: isoDateTimeOut,
});
export type Playbook = z.infer<typeof playbook>;

export const playbooksQuery = listQuery.extend({
  active: z.enum(['true', 'false']).optional(),
});

export const playbookRunStatuses = ['done', 'skipped', 'failed'] as const;
export const playbookRun = z.object({
  id,
  eventId: id,
  eventType: z.string(),
  accountId: id.nullable(),
  accountName: z.string().nullable(),
  at: isoDateTimeOut,
  /** done, skipped, failed — or pending/retrying while it waits for its (next) try. */
  status: z.enum(['done', 'skipped', 'failed', 'pending', 'retrying']),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  actions: z.array(
    z.object({
      type: z.string(),
      status: z.enum(['done', 'failed', 'skipped']),
      ref: z.object({ type: z.string(), id: z.string() }).nullable(),
      error: z.string().nullable().optional(),
    }),
  ),
});
export type PlaybookRun = z.infer<typeof playbookRun>;
export const playbookRunsQuery = listQuery.extend({
  status: z.enum(['done', 'skipped', 'failed', 'pending', 'retrying']).optional(),
});

export const playbookPreview = z.object({
  /** How many accounts in the caller's scope match (the first 100 are listed). */
  total: z.number().int(),
  data: z.array(
    z.object({
      id,
      name: z.string(),
      ownerId: id,
      healthBand: z.enum(healthBands).nullable(),
      arr: z.number(),
      lifecycleStage: z.string(),
      nextCheckInDue: z.string().nullable(),
    }),
  ),
});

export const playbookExample = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  trigger: playbook.shape.trigger,
  conditions: z.array(playbookCondition),
  actions: z.array(z.record(z.string(), z.unknown())),
  enrolment: playbookEnrolment,
  /** The playbook enabled from it, if any. */
  playbookId: id.nullable(),
});
export const playbookExamples = z.object({ data: z.array(playbookExample) });
export const exampleKeyParams = z.strictObject({ key: z.string().max(100) });

/** The placeholders each trigger's texts may use (for the builder's hints). */
export const playbookPlaceholders = z.object({
  data: z.array(z.object({ event: z.string(), placeholders: z.array(z.string()) })),
});
