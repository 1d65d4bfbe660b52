import { webhookEventTypes } from '../../../core/schemas/webhooks.ts';
import type { Feature } from '../../feature.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { queueEvent, queueEvents } from './webhooks.service.ts';
import { webhookDeliveries, webhooks } from './webhooks.table.ts';
import { deliverWebhooks } from './webhooks.worker.ts';

export const webhooksFeature: Feature = {
  name: 'webhooks',
  routes: webhooksRoutes,
  tables: { webhooks, webhookDeliveries },
  subscribers: [
    {
      name: 'webhooks',
      types: webhookEventTypes,
      handle: async (tx, event) => {
        await queueEvent(tx, event);
      },
      handleMany: async (tx, events) => {
        await queueEvents(tx, events);
      },
    },
  ],
  workers: [
    {
      name: 'deliver-webhooks',
      everyMs: 1_000,
      run: async (ctx) => {
        await deliverWebhooks(ctx);
      },
    },
  ],
};
export { queueWebhookCall } from './webhooks.service.ts';
export { type DeliveryRun, deliverWebhooks } from './webhooks.worker.ts';
export { webhookDeliveries, webhooks };
