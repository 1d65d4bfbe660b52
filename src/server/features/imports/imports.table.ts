import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { importEntities, importSources } from '../../../core/rules/csv-mapping.ts';
import { type DryRun, importModes, importStatuses, type Progress } from '../../../core/schemas/imports.ts';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk, updatedAt, version } from '../../db/columns.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * One CSV import: the file's shape, the user's mapping, and the run's progress. `committedRows`
 * is how many data rows the run has settled (written, skipped or failed) in committed batches: a
 * run picked up again after a crash starts from there. `leaseUntil` says until when the process
 * running it counts as alive.
 */
export const imports = pgTable(
  'imports',
  {
    id: pk(),
    entity: text('entity', { enum: importEntities }).notNull(),
    status: text('status', { enum: importStatuses }).notNull().default('analysed'),
    fileName: text('file_name').notNull(),
    fileSize: integer('file_size').notNull(),
    encoding: text('encoding').notNull(),
    delimiter: text('delimiter').notNull(),
    source: text('source', { enum: importSources }).notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    rowCount: integer('row_count').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull(),
    mode: text('mode', { enum: importModes }).notNull().default('upsert'),
    defaults: jsonb('defaults').$type<Record<string, unknown>>().notNull().default({}),
    valueMaps: jsonb('value_maps').$type<Record<string, Record<string, string>>>().notNull().default({}),
    dryRun: jsonb('dry_run').$type<DryRun>(),
    progress: jsonb('progress').$type<Progress>().notNull(),
    committedRows: integer('committed_rows').notNull().default(0),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    leaseUntil: at('lease_until'),
    error: text('error'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('imports_created_idx').on(t.createdAt, t.id),
    index('imports_running_idx').on(t.leaseUntil).where(sql`status = 'running'`),
  ],
);

/** The uploaded file, in chunks of at most 1 MB, so any process can read it back piece by piece. */
export const importChunks = pgTable(
  'import_chunks',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

/** The rows a run could not write, as they came, with why: the error file. */
export const importErrors = pgTable(
  'import_errors',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    column: text('column'),
    message: text('message').notNull(),
    cells: jsonb('cells').$type<string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.row] })],
);
