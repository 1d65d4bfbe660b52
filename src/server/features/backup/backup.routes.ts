import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '../../../core/schemas/common.ts';
import { requireRole } from '../../auth/actor.ts';
import { actorOf } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { writeBackup } from './backup.service.ts';

export function backupRoutes(app: App, deps: Deps): void {
  // The reply is a stream, which the zod type provider's reply type does not allow; the schema still documents it.
  const api = app as unknown as FastifyInstance;
  api.get(
    '/api/v1/admin/backup',
    {
      schema: {
        tags: ['admin'],
        summary: 'Download a backup of the whole database (admin)',
        description:
          'The same file `steward backup` writes (docs/backup.md): a gzip of JSON lines — a header, one section per table in foreign-key order with its rows by primary key, and a manifest with the schema version and each table’s row count and sha256 — from one consistent snapshot, streamed as it is read. `steward restore --in FILE` loads it into an empty database of either engine. It holds every password hash, API key hash and the auth secret: keep it as safe as the database. On the embedded database (PGlite) the snapshot holds its one connection until the download ends, so other requests wait.',
        response: {
          200: {
            description: 'The backup, as an attachment named steward-<timestamp>.backup',
            content: { 'application/gzip': { schema: z.string() } },
          },
          403: problemSchema,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      requireRole(actor, 'admin');
      const now = deps.clock.now();
      const body = new PassThrough();
      const started = performance.now();
      writeBackup(deps.database, body, { now }).then(
        (manifest) =>
          req.log.info(
            {
              userId: actor.userId,
              via: actor.via,
              schemaVersion: manifest.schemaVersion,
              rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
              ms: Math.round(performance.now() - started),
            },
            'backup downloaded',
          ),
        (err: Error) =>
          req.log.warn({ userId: actor.userId, err: err.message }, 'backup download did not finish'),
      );
      const stamp = now
        .toISOString()
        .replace(/\.\d+Z$/, 'Z')
        .replaceAll(':', '-');
      return reply
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="steward-${stamp}.backup"`)
        .send(body);
    },
  );
}
