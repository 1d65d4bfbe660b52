import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '../../../core/schemas/common.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { exportsList } from './entities.ts';

const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * `GET /api/v1/exports/<entity>.csv` for each declared export: the list's filters (validated by
 * its own schema, so a bad one is a 400 before any byte goes out), then the file streamed a page at
 * a time — a Readable that reads the next page only when the client has taken the last
 * (backpressure), so a million rows take the memory of one page.
 */
export function exportsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  // The per-entity query types defeat the zod type provider's inference; the schemas still validate.
  const api = app as unknown as FastifyInstance;
  for (const e of exportsList) {
    const list = `GET /api/v1/${e.entity}`;
    api.get(
      `/api/v1/exports/${e.entity}.csv`,
      {
        schema: {
          tags: [e.tag],
          operationId: `getExports${pascal(e.entity)}Csv`,
          summary: `Export ${e.entity} as CSV`,
          description: `Every row ${list} gives for the same filters and sort, in the caller's scope and in the list's order, as one CSV file (UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting; null as an empty field, lists joined with "; ", dates YYYY-MM-DD, timestamps ISO 8601 UTC). Its header names are the ones the CSV import maps back to the same fields (docs/data.md). Streamed: it takes no limit or cursor.`,
          querystring: e.filters,
          response: {
            200: {
              description: `The CSV file, as an attachment named ${e.entity}-<today>.csv`,
              content: { 'text/csv': { schema: z.string() } },
            },
            400: problemSchema,
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const file = {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${e.entity}-${deps.clock.today()}.csv"`,
        };
        // HEAD: the headers alone (Fastify would otherwise read the whole stream to discard it).
        if (req.method === 'HEAD') return reply.headers(file).send();
        // The first page is read before any header is set: a failure is an ordinary problem answer.
        const text = await e.open(
          { db, actor, now: deps.clock.now() },
          req.query as Record<string, unknown>,
          (rows, complete) =>
            req.log.info({ userId: actor.userId, entity: e.entity, rows, complete }, 'export'),
        );
        return reply.headers(file).send(Readable.from(text, { objectMode: false }));
      },
    );
  }
}
