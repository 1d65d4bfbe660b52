import { z } from 'zod';
import { importEntities, importSources } from '../rules/csv-mapping.ts';
import { id, isoDateTimeOut, listQuery } from './common.ts';

export const importStatuses = ['analysed', 'running', 'completed', 'cancelled', 'failed'] as const;
export const importModes = ['create_only', 'update_only', 'upsert'] as const;

export const importEntity = z.enum(importEntities);
export const importCreateQuery = z.strictObject({ entity: importEntity });

const rowError = z.object({
  row: z.number().int().describe('The data row, counted from 1 (the header is not a row)'),
  column: z.string().nullable().describe('The column the error is about, as the file names it'),
  message: z.string(),
});
export const dryRun = z.object({
  create: z.number().int(),
  update: z.number().int(),
  skip: z.number().int(),
  errors: z.array(rowError).describe('The first 1,000'),
  errorCount: z.number().int(),
});
export type DryRun = z.infer<typeof dryRun>;

export const progress = z.object({
  done: z.number().int(),
  total: z.number().int(),
  rowsPerSecond: z.number(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});
export type Progress = z.infer<typeof progress>;

const field = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'number', 'date', 'datetime', 'boolean', 'enum', 'user', 'account', 'list']),
  required: z.boolean(),
  values: z.array(z.string()).optional(),
});

const mapping = z
  .record(z.string(), z.string().nullable())
  .describe('Each column (by its header) to the field it fills, or null: not imported');
const valueMaps = z
  .record(z.string(), z.record(z.string(), z.string().max(200)))
  .describe('By field: a value of the file → the Steward value (for `owner`, a user id or e-mail)');

export const importSummary = z.object({
  id,
  entity: importEntity,
  status: z.enum(importStatuses),
  fileName: z.string(),
  fileSize: z.number().int(),
  encoding: z.string(),
  delimiter: z.string(),
  source: z.enum(importSources),
  rows: z.number().int(),
  headers: z.array(z.string()),
  mapping,
  mode: z.enum(importModes),
  defaults: z.record(z.string(), z.unknown()),
  valueMaps,
  dryRun: dryRun.nullable(),
  progress,
  error: z.string().nullable(),
  createdBy: id,
  createdAt: isoDateTimeOut,
  startedAt: isoDateTimeOut.nullable(),
  finishedAt: isoDateTimeOut.nullable(),
  updatedAt: isoDateTimeOut,
  version: z.number().int(),
});
export type ImportSummary = z.infer<typeof importSummary>;

export const importRecord = importSummary.extend({
  fields: z.array(field).describe("The entity's fields a column may fill"),
  sample: z
    .array(
      z.object({
        row: z.number().int(),
        values: z.record(z.string(), z.string()).describe('The cells, by header'),
        record: z
          .record(z.string(), z.unknown())
          .nullable()
          .describe('What would be written; null if the row fails'),
        errors: z.array(z.object({ column: z.string().nullable(), message: z.string() })),
      }),
    )
    .describe(
      'The first 20 rows as they would be written (while the import is analysed; empty once it has run)',
    ),
});
export type ImportRecord = z.infer<typeof importRecord>;

export const importPatch = z.strictObject({
  mapping: mapping.optional(),
  mode: z.enum(importModes).optional(),
  defaults: z
    .strictObject({
      ownerId: id.optional(),
    })
    .catchall(z.union([z.string().max(200), z.number(), z.boolean()]))
    .optional()
    .describe(
      'Values for fields a row leaves empty (`ownerId`: the owner when a row names none or an unknown one)',
    ),
  valueMaps: valueMaps.optional(),
});
export type ImportPatch = z.infer<typeof importPatch>;

export const importsQuery = listQuery;
export const importValuesQuery = z.strictObject({ column: z.string().min(1).max(500) });
export const importValues = z.object({
  values: z.array(z.object({ value: z.string(), count: z.number().int() })),
});
