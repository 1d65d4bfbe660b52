import { z } from 'zod';
import { id, idParams, listQuery, page, problemSchema } from '../../../core/schemas/common.ts';
import { apiKey, apiKeyCreate, apiKeyCreated } from '../../../core/schemas/people.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';

const tags = ['people'];
const keysQuery = listQuery.extend({ userId: id.optional() });

export function apiKeysRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.post(
    '/api/v1/api-keys',
    {
      // The answer holds the new key, which is never stored: no replay of it is kept either.
      config: { idempotency: false },
      schema: {
        tags,
        summary: 'Create an API key for yourself',
        description:
          'The key is in this response only; it acts as its user. Send it as "Authorization: Bearer <key>". Idempotency-Key is ignored here, since a replay would have to keep the key.',
        body: apiKeyCreate,
        response: { 201: apiKeyCreated, 400: problemSchema },
      },
    },
    async (req, reply) => {
      const created = await createApiKey(db, writeContext(req, deps), req.body);
      reply.code(201).header('location', `/api/v1/api-keys/${created.id}`);
      return created;
    },
  );

  app.get(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'List live API keys: your own, or everyone’s for an admin',
        querystring: keysQuery,
        response: { 200: page(apiKey) },
      },
    },
    async (req) => listApiKeys(db, actorOf(req), req.query),
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key at once',
        params: idParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (req, reply) => {
      await revokeApiKey(db, writeContext(req, deps), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
