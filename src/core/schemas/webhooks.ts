import { z } from 'zod';
import { type EventType, recordedEventTypes } from '../events.ts';
import { id, isoDateTimeOut, listQuery, versioned } from './common.ts';

/** Event types that stay inside the server (an import's batches): never sent to a webhook. */
const internalEventTypes: readonly EventType[] = ['import.rows_written'];

/** The event types an endpoint can subscribe to. */
export const webhookEventTypes = recordedEventTypes.filter((t) => !internalEventTypes.includes(t));
/** The event a webhook's "Send test event" sends; no other part of Steward makes it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

const eventChoice = z.enum(['*', ...webhookEventTypes] as [string, ...string[]]);

const events = z
  .array(eventChoice)
  .min(1)
  .max(100)
  .refine((list) => !list.includes('*') || list.length === 1, {
    message: 'is either ["*"] (every event) or a list of event types',
  })
  .transform((list) => [...new Set(list)])
  .describe('The event types sent to the endpoint, or ["*"] for all of them');

const url = z.string().trim().min(1).max(2000).describe('https (http only where the server allows it)');
const description = z.string().trim().max(500);

export const webhookCreate = z.strictObject({
  url,
  events,
  description: description.nullable().optional(),
  active: z.boolean().optional(),
});
export const webhookPatch = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  description: description.nullable().optional(),
  active: z.boolean().optional(),
});

export const webhook = versioned({
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  active: z.boolean(),
  /** When and why the server turned the endpoint off itself (410 Gone, or 5 days of failures). */
  disabledAt: isoDateTimeOut.nullable(),
  disabledReason: z.string().nullable(),
  createdBy: id.nullable(),
});
export type Webhook = z.infer<typeof webhook>;

/** The endpoint with its signing secret: only the answer of a create and of a rotation. */
export const webhookWithSecret = webhook.extend({
  secret: z.string().describe('whsec_ + base64 of 24 random bytes; shown only now'),
});

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;

export const webhookDelivery = z.object({
  id,
  eventId: id,
  eventType: z.string(),
  attempt: z.number().int().describe('Attempts made so far'),
  status: z.enum(deliveryStatuses),
  responseStatus: z.number().int().nullable(),
  responseMs: z.number().int().nullable(),
  at: isoDateTimeOut.describe('The last attempt, or when it was queued if none was made yet'),
  nextAttemptAt: isoDateTimeOut.nullable(),
  lastError: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhooksQuery = listQuery;
export const deliveriesQuery = listQuery.extend({ status: z.enum(deliveryStatuses).optional() });
export const deliveryParams = z.strictObject({ id, deliveryId: id });
