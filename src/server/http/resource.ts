import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createHeaders,
  idParams,
  page,
  problemSchema,
  versionedWriteHeaders,
  writeErrors,
} from '../../core/schemas/common.ts';
import type { Actor } from '../auth/actor.ts';
import { actorOf, type WriteContext, writeContext } from '../auth/context.ts';
import type { App, Deps } from '../deps.ts';
import { expectedVersion, sendVersioned } from './versioning.ts';

type Versioned = { id: string; version: number };

/** "activity" → "activities", "task" → "tasks", "address" → "addresses". */
const plural = (noun: string) =>
  /[^aeiou]y$/.test(noun)
    ? `${noun.slice(0, -1)}ies`
    : /(s|x|z|ch|sh)$/.test(noun)
      ? `${noun}es`
      : `${noun}s`;
/** "an issue", "a task". */
const article = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/**
 * The five routes of a plain account-owned resource — list, get, create, patch, delete — with the
 * API's conventions (201 + Location, ETag, If-Match, problem+json) in one place.
 */
export function resourceRoutes<
  Item extends z.ZodType<Versioned>,
  Write extends z.ZodType,
  Patch extends z.ZodType,
  Query extends z.ZodType,
>(
  app: App,
  deps: Deps,
  r: {
    path: string;
    noun: string;
    tag: string;
    item: Item;
    write: Write;
    patch: Patch;
    query: Query;
    /** The query string GET one takes (e.g. `asOf`), handed to `get`. */
    getQuery?: z.ZodType<Record<string, unknown>>;
    describe?: { list?: string; get?: string; create?: string; patch?: string; remove?: string };
    list: (actor: Actor, q: z.output<Query>) => Promise<{ data: z.input<Item>[]; nextCursor: string | null }>;
    get: (actor: Actor, id: string, query: Record<string, unknown>) => Promise<z.output<Item>>;
    create: (ctx: WriteContext, input: z.output<Write>) => Promise<z.output<Item>>;
    update: (
      ctx: WriteContext,
      id: string,
      patch: z.output<Patch>,
      expected?: number,
    ) => Promise<z.output<Item>>;
    remove: (ctx: WriteContext, id: string, expected?: number) => Promise<void>;
  },
): void {
  // The generic item types defeat the zod type provider's inference; the schemas still validate
  // and serialise every request and response at run time.
  const api = app as unknown as FastifyInstance;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const tags = [r.tag];

  api.get(
    r.path,
    {
      schema: {
        tags,
        summary: `List ${plural(r.noun)}`,
        description: r.describe?.list,
        querystring: r.query,
        response: { 200: page(r.item), 400: problemSchema },
      },
    },
    async (req) => r.list(actorOf(req), req.query as z.output<Query>),
  );

  api.get(
    `${r.path}/:id`,
    {
      schema: {
        tags,
        summary: `Get ${article(r.noun)}`,
        description: r.describe?.get,
        params: idParams,
        ...(r.getQuery ? { querystring: r.getQuery } : {}),
        response: { 200: r.item, ...(r.getQuery ? { 400: problemSchema } : {}), 404: problemSchema },
      },
    },
    async (req, reply) =>
      sendVersioned(
        reply,
        await r.get(actorOf(req), idOf(req), (req.query ?? {}) as Record<string, unknown>),
      ),
  );

  api.post(
    r.path,
    {
      schema: {
        tags,
        summary: `Create ${article(r.noun)}`,
        description: r.describe?.create,
        body: r.write,
        headers: createHeaders,
        response: { 201: r.item, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await r.create(writeContext(req, deps), req.body as z.output<Write>);
      reply.code(201).header('location', `${r.path}/${created.id}`);
      return sendVersioned(reply, created);
    },
  );

  api.patch(
    `${r.path}/:id`,
    {
      schema: {
        tags,
        summary: `Update ${article(r.noun)}`,
        description: r.describe?.patch,
        params: idParams,
        headers: versionedWriteHeaders,
        body: r.patch,
        response: { 200: r.item, ...writeErrors },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      return sendVersioned(
        reply,
        await r.update(ctx, idOf(req), req.body as z.output<Patch>, expectedVersion(req)),
      );
    },
  );

  api.delete(
    `${r.path}/:id`,
    {
      schema: {
        tags,
        summary: `Delete ${article(r.noun)}`,
        description: r.describe?.remove,
        params: idParams,
        headers: versionedWriteHeaders,
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (req, reply) => {
      await r.remove(writeContext(req, deps), idOf(req), expectedVersion(req));
      return reply.code(204).send(null);
    },
  );
}
