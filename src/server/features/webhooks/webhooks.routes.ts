import { z } from 'zod';
import {
  createHeaders,
  idParams,
  page,
  problemSchema,
  versionedWriteHeaders,
  writeErrors,
} from '../../../core/schemas/common.ts';
import {
  deliveriesQuery,
  deliveryParams,
  webhook,
  webhookCreate,
  webhookDelivery,
  webhookPatch,
  webhooksQuery,
  webhookWithSecret,
} from '../../../core/schemas/webhooks.ts';
import { writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { expectedVersion, sendVersioned } from '../../http/versioning.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  retryDelivery,
  rotateSecret,
  sendTestEvent,
  updateWebhook,
} from './webhooks.service.ts';

const tags = ['automation'];
const adminsOnly = 'Admins only (others get 403).';

export function webhooksRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  const allowHttp = () => deps.config.webhooksAllowHttp;

  app.get(
    '/api/v1/webhooks',
    {
      schema: {
        tags,
        summary: 'List webhook endpoints',
        description: `${adminsOnly} Newest first. The signing secret is never listed.`,
        querystring: webhooksQuery,
        response: { 200: page(webhook), 400: problemSchema, 403: problemSchema },
      },
    },
    async (req) => listWebhooks(db, writeContext(req, deps), req.query),
  );

  app.post(
    '/api/v1/webhooks',
    {
      // The answer holds the secret, which no replay may keep.
      config: { idempotency: false },
      schema: {
        tags,
        summary: 'Create a webhook endpoint',
        description: `${adminsOnly} Events are signed per Standard Webhooks with the secret in this answer (the only time it is shown besides a rotation). url must be https (http only with STEWARD_WEBHOOKS_ALLOW_HTTP=true) and must not resolve to a private, loopback or link-local address unless that setting is on (400 naming url). events: event types, or ["*"].`,
        body: webhookCreate,
        headers: createHeaders,
        response: { 201: webhookWithSecret, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await createWebhook(db, writeContext(req, deps), req.body, allowHttp());
      reply.code(201).header('location', `/api/v1/webhooks/${created.id}`);
      return sendVersioned(reply, created);
    },
  );

  app.get(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Get a webhook endpoint',
        description: `${adminsOnly} Without its secret.`,
        params: idParams,
        response: { 200: webhook, 403: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => sendVersioned(reply, await getWebhook(db, writeContext(req, deps), req.params.id)),
  );

  app.patch(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Update a webhook endpoint',
        description: `${adminsOnly} { "active": true } turns on again an endpoint the server disabled.`,
        params: idParams,
        headers: versionedWriteHeaders,
        body: webhookPatch,
        response: { 200: webhook, ...writeErrors },
      },
    },
    async (req, reply) =>
      sendVersioned(
        reply,
        await updateWebhook(
          db,
          writeContext(req, deps),
          req.params.id,
          req.body,
          allowHttp(),
          expectedVersion(req),
        ),
      ),
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint',
        description: `${adminsOnly} Its deliveries go with it.`,
        params: idParams,
        headers: versionedWriteHeaders,
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (req, reply) => {
      await deleteWebhook(db, writeContext(req, deps), req.params.id, expectedVersion(req));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/webhooks/:id/rotate-secret',
    {
      config: { idempotency: false },
      schema: {
        tags,
        summary: 'Give a webhook endpoint a new signing secret',
        description: `${adminsOnly} The old secret stops signing at once; the new one is in this answer only.`,
        params: idParams,
        headers: versionedWriteHeaders,
        response: { 200: webhookWithSecret, ...writeErrors },
      },
    },
    async (req, reply) =>
      sendVersioned(
        reply,
        await rotateSecret(db, writeContext(req, deps), req.params.id, expectedVersion(req)),
      ),
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'List a webhook endpoint’s deliveries',
        description: `${adminsOnly} Newest first; status filters.`,
        params: idParams,
        querystring: deliveriesQuery,
        response: { 200: page(webhookDelivery), 400: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (req) => listDeliveries(db, writeContext(req, deps), req.params.id, req.query),
  );

  app.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags,
        summary: 'Send a delivery again',
        description: `${adminsOnly} Due at once, whatever its status; the endpoint must be active (409).`,
        params: deliveryParams,
        response: { 202: webhookDelivery, ...writeErrors },
      },
    },
    async (req, reply) => {
      const delivery = await retryDelivery(db, writeContext(req, deps), req.params.id, req.params.deliveryId);
      return reply.code(202).send(delivery);
    },
  );

  app.post(
    '/api/v1/webhooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a test event to a webhook endpoint',
        description: `${adminsOnly} Queues a webhook.test event, sent within seconds; the endpoint must be active (409).`,
        params: idParams,
        response: { 202: webhookDelivery, ...writeErrors },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await sendTestEvent(db, writeContext(req, deps), req.params.id)),
  );
}
