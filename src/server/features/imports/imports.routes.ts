import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { ImportEntity } from '../../../core/rules/csv-mapping.ts';
import { idParams, page, problemSchema } from '../../../core/schemas/common.ts';
import {
  dryRun,
  importCreateQuery,
  importPatch,
  importRecord,
  importSummary,
  importsQuery,
  importValues,
  importValuesQuery,
} from '../../../core/schemas/imports.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { BOM, csvLine } from '../exports/index.ts';
import { MAX_FILE_BYTES } from './file.ts';
import {
  cancelImport,
  columnValues,
  continueImport,
  createImport,
  dryRunImport,
  errorLines,
  getImport,
  listImports,
  patchImport,
  startImport,
} from './imports.service.ts';

const tags = ['data'];
const isStream = (v: unknown) => typeof (v as { pipe?: unknown })?.pipe === 'function';
/** The X-File-Name header, percent-decoded when it can be (a browser encodes non-ASCII names). */
function fileNameOf(header: unknown): string {
  const raw = typeof header === 'string' && header ? header : 'import.csv';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function importsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  const run = { db, clock: deps.clock, react: deps.react };

  // The upload: the body is streamed into the database as it arrives, never parsed here.
  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/octet-stream'], (_req, payload, done) =>
      done(null, payload),
    );
    // A browser form's upload: the `file` field, streamed like a raw body.
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } });
    scope.post(
      '/api/v1/imports',
      {
        bodyLimit: MAX_FILE_BYTES,
        config: { idempotency: false },
        schema: {
          tags,
          summary: 'Upload a CSV file to import (admin)',
          description:
            'The file as the body (`text/csv`, up to 200 MB; name it with `X-File-Name`), or as the field `file` of a `multipart/form-data` form. UTF-8 with or without a BOM, or Windows-1252; `,`, `;` or tab separated; a header row. Answers with the detected shape, the proposed mapping of each column and the first 20 rows as they would be written.',
          querystring: importCreateQuery,
          headers: z.object({ 'x-file-name': z.string().max(255).optional() }),
          response: { 201: importRecord, 400: problemSchema, 403: problemSchema, 413: problemSchema },
        },
      },
      async (req, reply) => {
        let name = fileNameOf(req.headers['x-file-name']);
        // No body at all reaches no parser (an empty file); a JSON body is not a file.
        if (req.body !== undefined && !isStream(req.body))
          throw new AppError(
            'unsupported_media_type',
            'Send the file as text/csv, or as the field `file` of a multipart/form-data form.',
          );
        let body = (req.body ?? []) as AsyncIterable<Buffer>;
        if (req.isMultipart()) {
          const part = await req.file();
          if (part?.fieldname !== 'file')
            throw new AppError('validation', 'Send the CSV file in the form field `file`.', {
              errors: [{ path: 'file', message: 'is required' }],
            });
          name = part.filename || name;
          body = part.file;
        }
        const created = await createImport(
          db,
          writeContext(req, deps),
          (req.query as { entity: ImportEntity }).entity,
          name,
          body,
        );
        reply.code(201).header('location', `/api/v1/imports/${created.id}`);
        return created;
      },
    );
  });

  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'The import history, newest first (admin)',
        querystring: importsQuery,
        response: { 200: page(importSummary) },
      },
    },
    async (req) => listImports(db, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import: its mapping, sample and progress (admin)',
        params: idParams,
        response: { 200: importRecord, 404: problemSchema },
      },
    },
    async (req) => getImport(db, actorOf(req), req.params.id, deps.clock.now()),
  );

  app.patch(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'Change the mapping, mode, defaults or value maps of an import not yet run (admin)',
        params: idParams,
        body: importPatch,
        response: { 200: importRecord, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (req) => patchImport(db, writeContext(req, deps), req.params.id, req.body),
  );

  app.get(
    '/api/v1/imports/:id/values',
    {
      schema: {
        tags,
        summary: "A column's distinct values, most frequent first, at most 200 (for value maps)",
        params: idParams,
        querystring: importValuesQuery,
        response: { 200: importValues, 400: problemSchema, 404: problemSchema },
      },
    },
    async (req) => columnValues(db, actorOf(req), req.params.id, req.query.column),
  );

  app.post(
    '/api/v1/imports/:id/dry-run',
    {
      schema: {
        tags,
        summary: 'What the import would do, row by row, without writing anything',
        params: idParams,
        response: { 200: dryRun, 404: problemSchema },
      },
    },
    async (req) => dryRunImport(db, actorOf(req), req.params.id, deps.clock.now()),
  );

  app.post(
    '/api/v1/imports/:id/run',
    {
      schema: {
        tags,
        summary: 'Run the import in the background; GET it for the progress',
        params: idParams,
        response: { 202: importRecord, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (req, reply) => {
      const started = await startImport(db, writeContext(req, deps), req.params.id);
      continueImport(run, started.id).catch((err) =>
        req.log.error({ err, importId: started.id }, 'import failed'),
      );
      return reply.code(202).send(started);
    },
  );

  app.post(
    '/api/v1/imports/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an import: a running one stops after its current batch',
        params: idParams,
        response: { 200: importRecord, 404: problemSchema, 409: problemSchema },
      },
    },
    async (req) => cancelImport(db, writeContext(req, deps), req.params.id),
  );

  app.get(
    '/api/v1/imports/:id/errors.csv',
    {
      schema: {
        tags,
        summary: 'The rows that failed, as they came, with an `error` column',
        params: idParams,
        response: {
          200: { description: 'CSV, UTF-8 with a BOM', content: { 'text/csv': { schema: z.string() } } },
          404: problemSchema,
        },
      },
    },
    async (req, reply) => {
      const lines = errorLines(db, actorOf(req), req.params.id);
      const first = await lines.next();
      async function* text() {
        yield BOM + csvLine(first.value as string[]);
        for await (const line of lines) yield csvLine(line);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${req.params.id}-errors.csv"`)
        .send(Readable.from(text(), { objectMode: false }) as unknown as string);
    },
  );
}
