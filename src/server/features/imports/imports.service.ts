import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import iconv from 'iconv-lite';
import { AppError } from '../../../core/errors.ts';
import {
  detectSource,
  type ImportEntity,
  importFields,
  isImportField,
  proposeMapping,
} from '../../../core/rules/csv-mapping.ts';
import { dayOf } from '../../../core/rules/dates.ts';
import type {
  DryRun,
  ImportPatch,
  ImportRecord,
  ImportSummary,
  Progress,
} from '../../../core/schemas/imports.ts';
import { record } from '../../audit/record.ts';
import { type Actor, requireRole } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/index.ts';
import { writeEvents } from '../../events/outbox.ts';
import type { JobContext } from '../../feature.ts';
import { keyset } from '../../http/pagination.ts';
import { accounts } from '../accounts/index.ts';
import { activities } from '../activities/index.ts';
import { contacts } from '../contacts/index.ts';
import { contracts } from '../contracts/index.ts';
import { healthSignals } from '../health/index.ts';
import { opportunities } from '../opportunities/index.ts';
import { accountsImporter } from './accounts.importer.ts';
import { contactsImporter } from './contacts.importer.ts';
import {
  detectDelimiter,
  detectEncoding,
  firstLineOf,
  headersOf,
  isDataRow,
  readRows,
  storeFile,
} from './file.ts';
import { activitiesImporter, contractsImporter, signalsImporter } from './history.importers.ts';
import type { BatchContext, Importer, Outcome } from './importer.ts';
import { importErrors, imports } from './imports.table.ts';
import { opportunitiesImporter } from './opportunities.importer.ts';
import { columnsOf, type Plan, type Prepared, prepareRow } from './prepare.ts';
import { loadUsers } from './references.ts';

export const BATCH_ROWS = 1000;
const LEASE_MS = 120_000;
const SAMPLE_ROWS = 20;
const MAX_ERRORS_SHOWN = 1000;
/** Rows after which a run first refreshes its table's statistics, then at each doubling. */
const ANALYZE_FIRST = 10_000;
const tableOf: Record<ImportEntity, PgTable> = {
  accounts,
  contacts,
  opportunities,
  contracts,
  activities,
  signals: healthSignals,
};

const importers: Record<ImportEntity, Importer> = {
  accounts: accountsImporter,
  contacts: contactsImporter,
  opportunities: opportunitiesImporter,
  contracts: contractsImporter,
  activities: activitiesImporter,
  signals: signalsImporter,
};

const importerOf = (entity: ImportEntity): Importer => importers[entity];

type Row = typeof imports.$inferSelect;
const zero: Progress = { done: 0, total: 0, rowsPerSecond: 0, created: 0, updated: 0, skipped: 0, failed: 0 };

/** Imports write in bulk across every account: an admin's work. */
const assertMayImport = (actor: Actor) => requireRole(actor, 'admin');

function toSummary(r: Row): ImportSummary {
  return {
    id: r.id,
    entity: r.entity,
    status: r.status,
    fileName: r.fileName,
    fileSize: r.fileSize,
    encoding: r.encoding,
    delimiter: r.delimiter,
    source: r.source,
    rows: r.rowCount,
    headers: r.headers,
    // In the file's column order (jsonb keeps keys in its own order).
    mapping: Object.fromEntries(r.headers.map((h) => [h, r.mapping[h] ?? null])),
    mode: r.mode,
    defaults: r.defaults,
    valueMaps: r.valueMaps,
    dryRun: r.dryRun ?? null,
    progress: r.progress,
    error: r.error,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

const planOf = (r: Row): Plan => ({
  entity: r.entity,
  source: r.source,
  headers: r.headers,
  mapping: r.mapping,
  valueMaps: r.valueMaps,
  defaults: r.defaults,
  dayFirst: r.delimiter === ';',
});

async function load(db: Db, actor: Actor, id: string): Promise<Row> {
  assertMayImport(actor);
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  if (!row) throw new AppError('not_found', `There is no import ${id}.`);
  return row;
}

/** The file's data rows, numbered from 1, as cells. */
async function* dataRows(db: Db, r: Row): AsyncGenerator<{ row: number; cells: string[] }> {
  let row = -1;
  for await (const cells of readRows(db, r.id, r)) {
    if (row >= 0 && !isDataRow(cells, r.headers.length)) continue;
    row++;
    if (row === 0) continue;
    yield { row, cells };
  }
}

/** Stores the upload, detects its shape and proposes the mapping. */
export async function createImport(
  db: Db,
  ctx: WriteContext,
  entity: ImportEntity,
  fileName: string,
  body: AsyncIterable<Buffer | Uint8Array | string>,
): Promise<ImportRecord> {
  assertMayImport(ctx.actor);
  const [created] = await db
    .insert(imports)
    .values({
      entity,
      fileName: fileName.slice(0, 255) || 'import.csv',
      fileSize: 0,
      encoding: 'utf-8',
      delimiter: ',',
      source: 'generic',
      headers: [],
      rowCount: 0,
      mapping: {},
      progress: zero,
      createdBy: ctx.actor.userId,
    })
    .returning();
  const id = created!.id;
  try {
    const { size, head } = await storeFile(db, id, body);
    if (!size)
      throw new AppError('validation', 'The file is empty.', {
        errors: [{ path: 'file', message: 'is empty' }],
      });
    const encoding = detectEncoding(head);
    const text = iconv.decode(head.subarray(0, 64 * 1024), encoding);
    const delimiter = detectDelimiter(firstLineOf(text.replace(/^\uFEFF/, '')));
    let headers: string[] | null = null;
    let rows = 0;
    for await (const cells of readRows(db, id, { encoding, delimiter })) {
      if (!headers) headers = headersOf(cells);
      else if (isDataRow(cells, headers.length)) rows++;
    }
    if (!headers)
      throw new AppError('validation', 'The file has no header row.', {
        errors: [{ path: 'file', message: 'has no header row' }],
      });
    const source = detectSource(headers);
    await db.transaction(async (tx) => {
      await tx
        .update(imports)
        .set({
          fileSize: size,
          encoding,
          delimiter,
          source,
          headers,
          rowCount: rows,
          mapping: proposeMapping(entity, headers!),
          progress: { ...zero, total: rows },
        })
        .where(eq(imports.id, id));
      await record(tx, ctx.actor, {
        action: 'import.created',
        entityType: 'import',
        entityId: id,
        ip: ctx.ip,
        subject: `${entity}: ${fileName} (${rows} rows)`,
      });
    });
  } catch (err) {
    await db.delete(imports).where(eq(imports.id, id));
    if (err instanceof AppError) throw err;
    // csv-parse names its errors CSV_…: a file it cannot read is the client's, a 400.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      const message = (err as Error).message;
      throw new AppError('validation', `The file is not a readable CSV: ${message}`, {
        errors: [{ path: 'file', message }],
      });
    }
    throw err;
  }
  return getImport(db, ctx.actor, id, ctx.now);
}

export async function getImport(db: Db, actor: Actor, id: string, now: Date): Promise<ImportRecord> {
  const r = await load(db, actor, id);
  return {
    ...toSummary(r),
    fields: importFields(r.entity).map((f) => ({ ...f, values: f.values && [...f.values] })),
    // The sample serves the mapping; a running import is polled each second for its progress.
    sample: r.status === 'analysed' ? await sampleOf(db, r, now) : [],
  };
}

export async function listImports(db: Db, actor: Actor, q: { limit: number; cursor?: string }) {
  assertMayImport(actor);
  const ks = keyset({ column: imports.createdAt, id: imports.id, descending: true, cursor: q.cursor });
  const rows = await db
    .select()
    .from(imports)
    .where(ks.where)
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.createdAt);
  return { data: page.data.map(toSummary), nextCursor: page.nextCursor };
}

async function sampleOf(db: Db, r: Row, now: Date): Promise<ImportRecord['sample']> {
  const plan = planOf(r);
  const out: Prepared[] = [];
  for await (const { row, cells } of dataRows(db, r)) {
    out.push(prepareRow(plan, row, cells));
    if (out.length >= SAMPLE_ROWS) break;
  }
  if (!out.length) return [];
  const outcomes = await db.transaction(async (tx) =>
    runBatch(tx, r, out, false, await contextOf(tx, r, plan, now)),
  );
  return out.map((p, i) => {
    const o = outcomes[i]!;
    return {
      row: p.row,
      values: Object.fromEntries(r.headers.map((h, c) => [h, p.cells[c] ?? ''])),
      record: o.action === 'error' ? null : { ...p.values, ...p.refs },
      errors: o.action === 'error' ? o.errors : [],
    };
  });
}

export async function patchImport(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: ImportPatch,
): Promise<ImportRecord> {
  const r = await load(db, ctx.actor, id);
  if (r.status !== 'analysed')
    throw new AppError('conflict', `The import is ${r.status}; only an import not yet run can be changed.`);
  if (patch.mapping) {
    const errors = Object.entries(patch.mapping).flatMap(([header, field]) => {
      if (!r.headers.includes(header))
        return [{ path: `mapping.${header}`, message: 'is not a column of the file' }];
      if (field !== null && !isImportField(r.entity, field))
        return [{ path: `mapping.${header}`, message: `${field} is not a field of ${r.entity}` }];
      return [];
    });
    const mapping = { ...r.mapping, ...patch.mapping };
    const seen = new Map<string, string>();
    for (const [header, field] of Object.entries(mapping)) {
      if (!field) continue;
      if (seen.has(field))
        errors.push({
          path: `mapping.${header}`,
          message: `${field} is already filled by column ${seen.get(field)}`,
        });
      seen.set(field, header);
    }
    if (errors.length) throw new AppError('validation', 'The mapping does not fit the file.', { errors });
  }
  if (patch.defaults?.ownerId) {
    const users = await loadUsers(db);
    if (!users.ids.has(patch.defaults.ownerId))
      throw new AppError('validation', 'The default owner is not a user.', {
        errors: [{ path: 'defaults.ownerId', message: 'is not a user' }],
      });
  }
  await db
    .update(imports)
    .set({
      mapping: patch.mapping ? { ...r.mapping, ...patch.mapping } : undefined,
      mode: patch.mode,
      defaults: patch.defaults as Record<string, unknown> | undefined,
      valueMaps: patch.valueMaps,
      dryRun: null,
      version: sql`${imports.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(imports.id, id));
  return getImport(db, ctx.actor, id, ctx.now);
}

/** Distinct values of one column, most frequent first (for value maps). */
export async function columnValues(db: Db, actor: Actor, id: string, column: string) {
  const r = await load(db, actor, id);
  const index = r.headers.indexOf(column);
  if (index < 0)
    throw new AppError('validation', `${column} is not a column of the file.`, {
      errors: [{ path: 'column', message: 'is not a column of the file' }],
    });
  const counts = new Map<string, number>();
  for await (const { cells } of dataRows(db, r)) {
    const v = (cells[index] ?? '').trim();
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const values = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 200);
  return { values: values.map(([value, count]) => ({ value, count })) };
}

async function contextOf(db: Db, r: Row, plan: Plan, now: Date, actor?: Actor): Promise<BatchContext> {
  return {
    importId: r.id,
    plan,
    mode: r.mode,
    users: await loadUsers(db),
    actor: actor ?? { userId: r.createdBy, role: 'admin', via: 'session' },
    columns: columnsOf(plan),
    today: dayOf(now),
    now,
    tx: db,
  };
}

/** For each row, the last row of the file that is the same record (itself if none is later). */
type LastRows = (row: number) => number;

/**
 * Groups the file's rows that share any identity (union-find over the rows), and answers each
 * row's group's last row: the one that is written; the others are skipped as duplicates.
 */
async function lastRows(db: Db, r: Row, plan: Plan, importer: Importer): Promise<LastRows> {
  const parent = new Int32Array(r.rowCount + 2);
  const last = new Int32Array(r.rowCount + 2);
  for (let i = 0; i < parent.length; i++) parent[i] = last[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const firstWith = new Map<string, number>();
  for await (const { row, cells } of dataRows(db, r)) {
    if (row >= parent.length) break;
    for (const key of importer.keys(prepareRow(plan, row, cells))) {
      const other = firstWith.get(key);
      if (other === undefined) {
        firstWith.set(key, row);
        continue;
      }
      const a = find(other);
      const b = find(row);
      if (a !== b) {
        parent[a] = b;
        last[b] = Math.max(last[a]!, last[b]!);
      }
    }
  }
  return (row) => (row < parent.length ? last[find(row)]! : row);
}

async function runBatch(
  tx: Db,
  r: Row,
  rows: Prepared[],
  write: boolean,
  ctx: BatchContext,
  last?: LastRows,
): Promise<Outcome[]> {
  const importer = importerOf(r.entity);
  const keep: Prepared[] = [];
  const dupes = new Map<number, Outcome>();
  for (const p of rows) {
    const winner = last?.(p.row);
    if (winner !== undefined && winner !== p.row && !p.errors.length)
      dupes.set(p.row, { row: p.row, action: 'skip', reason: `duplicate of row ${winner}` });
    else keep.push(p);
  }
  ctx.tx = tx;
  const written = keep.length ? await importer.batch(tx, ctx, keep, write) : [];
  const byRow = new Map(written.map((o) => [o.row, o]));
  return rows.map((p) => dupes.get(p.row) ?? byRow.get(p.row)!);
}

export async function dryRunImport(db: Db, actor: Actor, id: string, now: Date): Promise<DryRun> {
  const r = await load(db, actor, id);
  const plan = planOf(r);
  importerOf(r.entity);
  const result: DryRun = { create: 0, update: 0, skip: 0, errors: [], errorCount: 0 };
  const ctx = await contextOf(db, r, plan, now, actor);
  const last = await lastRows(db, r, plan, importerOf(r.entity));
  let batch: Prepared[] = [];
  const flush = async () => {
    const outcomes = await runBatch(db, r, batch, false, ctx, last);
    tally(result, outcomes);
    batch = [];
  };
  for await (const { row, cells } of dataRows(db, r)) {
    batch.push(prepareRow(plan, row, cells));
    if (batch.length >= BATCH_ROWS) await flush();
  }
  if (batch.length) await flush();
  await db.update(imports).set({ dryRun: result }).where(eq(imports.id, id));
  return result;
}

function tally(result: DryRun, outcomes: Outcome[]): void {
  for (const o of outcomes) {
    if (o.action === 'create') result.create++;
    else if (o.action === 'update') result.update++;
    else if (o.action === 'skip') result.skip++;
    else if (o.action === 'error') {
      result.errorCount++;
      for (const e of o.errors)
        if (result.errors.length < MAX_ERRORS_SHOWN)
          result.errors.push({ row: o.row, column: e.column, message: e.message });
    }
  }
}

/** Starts the run: the import is `running` under this process's lease; the work goes on in the background. */
export async function startImport(db: Db, ctx: WriteContext, id: string): Promise<ImportRecord> {
  const r = await load(db, ctx.actor, id);
  importerOf(r.entity);
  if (r.status !== 'analysed') throw new AppError('conflict', `The import is already ${r.status}.`);
  const required = importFields(r.entity).filter(
    (f) => f.required && !Object.values(r.mapping).includes(f.key),
  );
  const needsAccount =
    r.entity !== 'accounts' &&
    !Object.values(r.mapping).some((f) => f === 'account' || f === 'id' || f === 'externalId');
  if (required.length || needsAccount) {
    const names = [...required.map((f) => f.label), ...(needsAccount ? ['Account'] : [])];
    throw new AppError('validation', `Map a column to: ${names.join(', ')}.`, {
      errors: names.map((n) => ({ path: 'mapping', message: `no column is mapped to ${n}` })),
    });
  }
  const now = ctx.now;
  const [started] = await db
    .update(imports)
    .set({
      status: 'running',
      startedAt: now,
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      progress: { ...zero, total: r.rowCount },
      version: sql`${imports.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(imports.id, id), eq(imports.status, 'analysed')))
    .returning();
  if (!started) throw new AppError('conflict', 'The import was started meanwhile.');
  await record(db, ctx.actor, { action: 'import.started', entityType: 'import', entityId: id, ip: ctx.ip });
  return getImport(db, ctx.actor, id, ctx.now);
}

export async function cancelImport(db: Db, ctx: WriteContext, id: string): Promise<ImportRecord> {
  const r = await load(db, ctx.actor, id);
  if (r.status === 'analysed') {
    await db.transaction(async (tx) => {
      await tx
        .update(imports)
        .set({
          status: 'cancelled',
          finishedAt: ctx.now,
          version: sql`${imports.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(eq(imports.id, id));
      await record(tx, ctx.actor, {
        action: 'import.cancelled',
        entityType: 'import',
        entityId: id,
        ip: ctx.ip,
      });
    });
  } else if (r.status === 'running') {
    await db.update(imports).set({ cancelRequested: true }).where(eq(imports.id, id));
    await record(db, ctx.actor, {
      action: 'import.cancelled',
      entityType: 'import',
      entityId: id,
      ip: ctx.ip,
    });
  } else throw new AppError('conflict', `The import is already ${r.status}.`);
  return getImport(db, ctx.actor, id, ctx.now);
}

export interface RunDeps {
  db: Db;
  clock: Clock;
  react: WriteContext['react'];
}

/**
 * Runs (or continues) an import until it completes, is cancelled, or another process holds it.
 * Each batch commits its rows, their audit, its event, its errors and the import's progress
 * together, guarded by the count of rows already settled: a batch is never written twice, and a
 * run picked up after a crash starts after the last committed batch.
 */
export async function continueImport(deps: RunDeps, id: string): Promise<void> {
  const { db, clock } = deps;
  const [r] = await db.select().from(imports).where(eq(imports.id, id));
  if (r?.status !== 'running') return;
  const plan = planOf(r);
  const importer = importerOf(r.entity);
  const ctx = await contextOf(db, r, plan, clock.now());
  const last = await lastRows(db, r, plan, importer);
  let committed = r.committedRows;
  const progress = { ...r.progress };
  const startedMs = clock.now().getTime();
  let doneHere = 0;
  let written = 0;
  let nextAnalyze = ANALYZE_FIRST;
  let batch: Prepared[] = [];
  let stopped = false;
  const flush = async () => {
    const now = clock.now();
    const wctx: WriteContext = { actor: ctx.actor, now, react: deps.react, ip: null };
    ctx.today = dayOf(now);
    ctx.now = now;
    const ok = await db.transaction(async (tx) => {
      const [current] = await tx
        .select({ committed: imports.committedRows, cancel: imports.cancelRequested, status: imports.status })
        .from(imports)
        .where(eq(imports.id, id))
        .for('update');
      if (current?.status !== 'running' || current.committed !== committed) return false;
      if (current.cancel) return 'cancel' as const;
      const outcomes = await writeOrIsolate(tx, r, batch, ctx, last);
      const accountIds = [
        ...new Set(outcomes.flatMap((o) => ('accountId' in o && o.accountId ? [o.accountId] : []))),
      ];
      const errors = outcomes.flatMap((o) => (o.action === 'error' ? [o] : []));
      if (errors.length) {
        const byRow = new Map(batch.map((p) => [p.row, p.cells]));
        await tx.insert(importErrors).values(
          errors.map((o) => ({
            importId: id,
            row: o.row,
            column: o.errors[0]?.column ?? null,
            message: o.errors.map((e) => e.message).join('; '),
            cells: byRow.get(o.row) ?? [],
          })),
        );
      }
      for (const o of outcomes) {
        if (o.action === 'create') progress.created++;
        else if (o.action === 'update') progress.updated++;
        else if (o.action === 'skip') progress.skipped++;
        else progress.failed++;
      }
      doneHere += batch.length;
      progress.done = committed + batch.length;
      const seconds = Math.max((now.getTime() - startedMs) / 1000, 0.001);
      progress.rowsPerSecond = Math.round(doneHere / seconds);
      if (accountIds.length)
        await writeEvents(tx, wctx, [
          {
            type: 'import.rows_written',
            accountId: null,
            data: { importId: id, entity: r.entity, accountIds },
          },
        ]);
      await tx
        .update(imports)
        .set({
          committedRows: committed + batch.length,
          progress,
          leaseUntil: new Date(now.getTime() + LEASE_MS),
          updatedAt: sql`now()`,
        })
        .where(eq(imports.id, id));
      return true;
    });
    if (ok === 'cancel') {
      await finish(deps, r, 'cancelled', progress);
      stopped = true;
      return;
    }
    if (!ok) {
      stopped = true;
      return;
    }
    committed += batch.length;
    written += batch.length;
    if (written >= nextAnalyze) {
      // The table grows fast under an import: fresh statistics keep its lookups on their
      // indexes (autovacuum may be off, or behind).
      await db.execute(sql`analyze ${tableOf[r.entity]}`);
      nextAnalyze = written * 2;
    }
    batch = [];
  };
  try {
    for await (const { row, cells } of dataRows(db, r)) {
      if (row <= committed) continue;
      batch.push(prepareRow(plan, row, cells));
      if (batch.length >= BATCH_ROWS) {
        await flush();
        if (stopped) return;
      }
    }
    if (batch.length) await flush();
    if (stopped) return;
    await finish(deps, r, 'completed', progress);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await finish(deps, r, 'failed', progress, message);
    throw err;
  }
}

/**
 * Writes the batch in one go; if the database refuses it (a value taken by a concurrent write
 * since the batch was checked), writes it again row by row, each in a savepoint, so only the rows
 * at fault fail.
 */
async function writeOrIsolate(
  tx: Db,
  r: Row,
  batch: Prepared[],
  ctx: BatchContext,
  last: LastRows,
): Promise<Outcome[]> {
  try {
    return await tx.transaction((sp) => runBatch(sp, r, batch, true, ctx, last));
  } catch {
    const out: Outcome[] = [];
    for (const p of batch) {
      try {
        out.push(...(await tx.transaction((sp) => runBatch(sp, r, [p], true, ctx, last))));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        out.push({
          row: p.row,
          action: 'error',
          errors: [{ column: null, message: `could not be written: ${message}` }],
        });
      }
    }
    return out;
  }
}

async function finish(
  deps: RunDeps,
  r: Row,
  status: 'completed' | 'cancelled' | 'failed',
  progress: Progress,
  error?: string,
): Promise<void> {
  const now = deps.clock.now();
  const actor: Actor = { userId: r.createdBy, role: 'admin', via: 'session' };
  await deps.db.transaction(async (tx) => {
    const [done] = await tx
      .update(imports)
      .set({
        status,
        progress,
        finishedAt: now,
        leaseUntil: null,
        error: error ?? null,
        updatedAt: sql`now()`,
        version: sql`${imports.version} + 1`,
      })
      .where(and(eq(imports.id, r.id), eq(imports.status, 'running')))
      .returning({ id: imports.id });
    if (!done) return;
    const { created, updated, skipped, failed } = progress;
    if (status === 'completed')
      await record(tx, actor, {
        action: 'import.completed',
        entityType: 'import',
        entityId: r.id,
        subject: `${created} created, ${updated} updated, ${skipped} skipped, ${failed} failed`,
      });
    await writeEvents(tx, { actor, now, react: deps.react }, [
      {
        type: 'import.completed',
        accountId: null,
        data: { importId: r.id, entity: r.entity, status, created, updated, skipped, failed },
      },
    ]);
  });
}

/**
 * Picks up running imports whose process stopped renewing its lease (it crashed or was stopped)
 * and continues them here; one process wins each.
 */
export async function resumeImports(ctx: JobContext): Promise<void> {
  const now = ctx.clock.now();
  const stale = await ctx.db
    .update(imports)
    .set({ leaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(
      and(eq(imports.status, 'running'), or(lt(imports.leaseUntil, now), sql`${imports.leaseUntil} is null`)),
    )
    .returning({ id: imports.id });
  for (const { id } of stale) await continueImport({ db: ctx.db, clock: ctx.clock, react: ctx.react }, id);
}

/** The failed rows as they came, with an `error` column, as CSV lines (header first). */
export async function* errorLines(db: Db, actor: Actor, id: string): AsyncGenerator<string[]> {
  const r = await load(db, actor, id);
  yield [...r.headers, 'error'];
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(importErrors)
      .where(and(eq(importErrors.importId, id), sql`${importErrors.row} > ${after}`))
      .orderBy(importErrors.row)
      .limit(1000);
    if (!rows.length) return;
    for (const e of rows) yield [...r.headers.map((_, i) => e.cells[i] ?? ''), e.message];
    after = rows.at(-1)!.row;
  }
}
