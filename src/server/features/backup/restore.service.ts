import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { type Database, type Db, rawRows } from '../../db/index.ts';
import { quoted, setTextSettings } from './backup.service.ts';
import { appTables, deferredColumns, type Table } from './catalog.ts';
import {
  FORMAT,
  FORMAT_VERSION,
  type Frame,
  type Header,
  type Manifest,
  type Progress,
  type TableSummary,
} from './format.ts';
import { knownVersions, migrateTo, schemaVersion } from './schema-version.ts';

/** Rows inserted a statement, or fewer when their JSON passes this many bytes. */
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

export const NOT_EMPTY =
  'The database is not empty: restore goes into an empty database. Pass --force to replace everything in it with the backup.';

/**
 * The one row a server writes into an empty database when it first starts (the auth secret, when
 * STEWARD_AUTH_SECRET is unset). A database with nothing else is still empty; the backup's own
 * secret replaces it, so the backup's sessions stay valid.
 */
const MADE_AT_FIRST_START = { table: 'settings', except: sql`key <> 'auth_secret'` };

export interface RestoreOptions {
  /** Replace whatever the database holds (its app tables are emptied first, in the same transaction). */
  force?: boolean;
  onProgress?: (p: Progress) => void;
}

/**
 * Restores a backup (format.ts) into `database`, of either engine: migrates it to the backup's
 * schema version, loads every table in one transaction — checking each section's row count and
 * checksum against the manifest, so a corrupt or truncated file leaves no row behind — then migrates
 * it to the current schema. Refuses a database with data in it unless `force`.
 */
export async function restoreBackup(
  database: Database,
  input: Readable,
  options: RestoreOptions = {},
): Promise<Manifest> {
  const gunzip = createGunzip();
  const piped = pipeline(input, gunzip);
  piped.catch(() => {});
  const reader = lines(gunzip)[Symbol.asyncIterator]();
  try {
    const first = await reader.next();
    const header = parseHeader(first.done ? undefined : first.value);
    const known = knownVersions();
    if (!known.includes(header.schemaVersion)) {
      throw new AppError(
        'validation',
        `The backup is of schema version ${header.schemaVersion}, which this Steward does not know: it was made by a newer Steward (${header.appVersion}). Upgrade first.`,
      );
    }
    const { db } = database;
    const current = await schemaVersion(db);
    if (current !== null) {
      if (known.indexOf(current) > known.indexOf(header.schemaVersion)) {
        throw new AppError(
          'conflict',
          `The database is at schema version ${current}, newer than the backup's ${header.schemaVersion}: restore into a new database (a new one on PostgreSQL, or a new STEWARD_DATA_DIR).`,
        );
      }
      if (!options.force && (await hasData(db))) throw new AppError('conflict', NOT_EMPTY);
    }
    await migrateTo(database, header.schemaVersion);
    const manifest = await db
      .transaction((tx) => load(tx, header, reader, options.onProgress))
      .catch(async (err: unknown) => {
        // A damaged gzip stream may first yield garbage (a row no table has, a value refused) before
        // its own check fails further on: read on, so a corrupt file is called corrupt.
        throw (await gzipFailure(reader)) ?? err;
      });
    await database.migrate();
    return manifest;
  } catch (err) {
    gunzip.destroy();
    input.destroy();
    throw readable(err);
  }
}

/** Reads the rest of the stream; the gzip error it meets, if any. */
async function gzipFailure(reader: AsyncIterator<Buffer>): Promise<unknown> {
  try {
    while (!(await reader.next()).done) {}
    return null;
  } catch (err) {
    return err;
  }
}

/** Whether any app table holds a row (besides what a first start writes). */
async function hasData(db: Db): Promise<boolean> {
  for (const table of await appTables(db)) {
    const except =
      table.name === MADE_AT_FIRST_START.table ? sql` where ${MADE_AT_FIRST_START.except}` : sql``;
    const [row] = await rawRows<{ any: boolean }>(
      db,
      sql`select exists (select 1 from ${sql.raw(quoted(table.name))}${except}) as any`,
    );
    if (row?.any) return true;
  }
  return false;
}

interface Section {
  table: Table;
  /** The columns inserted (the backup's, less the deferred ones). */
  columns: string[];
  deferred: string[];
  hash: Hash;
  rows: number;
  batch: string[];
  bytes: number;
}

async function load(
  tx: Db,
  header: Header,
  reader: AsyncIterator<Buffer>,
  onProgress: RestoreOptions['onProgress'],
): Promise<Manifest> {
  await setTextSettings(tx);
  const tables = new Map((await appTables(tx)).map((t) => [t.name, t]));
  // Empty (or, with force, emptied): the whole of it goes if anything below fails.
  if (tables.size > 0)
    await tx.execute(sql.raw(`truncate ${[...tables.keys()].map(quoted).join(', ')} cascade`));
  await tx.execute(
    sql`create temporary table backup_deferred (tbl text not null, row json not null) on commit drop`,
  );

  const seen: TableSummary[] = [];
  const loaded = new Set<string>();
  const withDeferred: Section[] = [];
  let section: Section | null = null;
  let manifest: Manifest | null = null;
  let rows = 0;

  // A statement the database refuses ends the loading, not the reading: the rest of the file is
  // still checked against its manifest, so a damaged file is called corrupt rather than the row.
  let refused: AppError | null = null;
  const flush = async (s: Section) => {
    try {
      if (s.batch.length > 0 && !refused) await insert(s);
    } catch (err) {
      const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
      refused = new AppError(
        'validation',
        `The database refused a row of the table ${s.table.name}: ${cause}. Nothing was restored.`,
      );
    }
    s.batch = [];
    s.bytes = 0;
  };
  const insert = async (s: Section) => {
    const json = `[${s.batch.join(',')}]`;
    const name = quoted(s.table.name);
    const columns = s.columns.map(quoted).join(', ');
    await tx.execute(
      sql`insert into ${sql.raw(name)} (${sql.raw(columns)}) overriding system value
          select ${sql.raw(columns)} from json_populate_recordset(null::${sql.raw(name)}, ${json}::json)`,
    );
    if (s.deferred.length) {
      const anySet = sql.raw(s.deferred.map((c) => `j->>${literal(c)} is not null`).join(' or '));
      await tx.execute(
        sql`insert into backup_deferred (tbl, row)
            select ${s.table.name}, j from json_array_elements(${json}::json) j where ${anySet}`,
      );
    }
    rows += s.batch.length;
    onProgress?.({ table: s.table.name, tablesDone: seen.length, tables: seen.length + 1, rows });
  };
  const close = async (s: Section) => {
    await flush(s);
    seen.push({ name: s.table.name, rows: s.rows, sha256: s.hash.digest('hex') });
    loaded.add(s.table.name);
    if (s.deferred.length) withDeferred.push(s);
    onProgress?.({ table: s.table.name, tablesDone: seen.length, tables: seen.length, rows });
  };

  for (let next = await reader.next(); !next.done; next = await reader.next()) {
    const line = next.value;
    if (manifest) throw corrupt('there is data after its manifest');
    if (line[0] === 0x7b /* { */) {
      if (!section) throw corrupt('a row comes before any table');
      section.hash.update(line);
      section.hash.update('\n');
      section.rows += 1;
      section.batch.push(line.toString('utf8'));
      section.bytes += line.length;
      if (section.batch.length >= BATCH_ROWS || section.bytes >= BATCH_BYTES) await flush(section);
      continue;
    }
    const f = parseFrame(line);
    if (section) await close(section);
    section = null;
    if (f[0] === 'table') {
      const table = tables.get(f[1].name);
      if (!table) throw mismatch(`it has a table ${f[1].name} that this database's schema has not`);
      const unknown = f[1].columns.filter((c) => !table.columns.includes(c));
      if (unknown.length)
        throw mismatch(`${table.name} has columns this schema has not: ${unknown.join(', ')}`);
      if (loaded.has(table.name)) throw corrupt(`the table ${table.name} comes twice`);
      const deferred = deferredColumns(table, loaded).filter((c) => f[1].columns.includes(c));
      if (deferred.length && table.primaryKey.length === 0) {
        throw mismatch(`${table.name} points to itself or a later table but has no primary key`);
      }
      section = {
        table,
        columns: f[1].columns.filter((c) => !deferred.includes(c)),
        deferred,
        hash: createHash('sha256'),
        rows: 0,
        batch: [],
        bytes: 0,
      };
    } else if (f[0] === 'manifest') {
      manifest = f[1];
    } else throw corrupt('it has a second header');
  }
  if (!manifest) throw corrupt('it ends before its manifest (truncated)');
  verify(header, manifest, seen);
  if (refused) throw refused;

  // Second pass: the references to rows that may have come later (a parent account, a renewal).
  for (const s of withDeferred) {
    const name = quoted(s.table.name);
    const set = s.deferred.map((c) => `${quoted(c)} = r.${quoted(c)}`).join(', ');
    const match = s.table.primaryKey.map((k) => `t.${quoted(k.name)} = r.${quoted(k.name)}`).join(' and ');
    await tx.execute(
      sql`update ${sql.raw(name)} t set ${sql.raw(set)}
          from (select r.* from backup_deferred d cross join lateral json_populate_record(null::${sql.raw(name)}, d.row) r
                where d.tbl = ${s.table.name}) r
          where ${sql.raw(match)}`,
    );
  }
  await resetSequences(tx);
  return manifest;
}

/** The manifest must list exactly the sections read, each with the rows and checksum found. */
function verify(header: Header, manifest: Manifest, seen: TableSummary[]): void {
  if (manifest.schemaVersion !== header.schemaVersion || !Array.isArray(manifest.tables)) {
    throw corrupt('its manifest does not match its header');
  }
  const listed = manifest.tables.map((t) => t.name).join(',');
  if (listed !== seen.map((t) => t.name).join(','))
    throw corrupt('its manifest lists other tables than it holds');
  for (const [i, t] of seen.entries()) {
    const m = manifest.tables[i]!;
    if (m.rows !== t.rows) {
      throw corrupt(`the table ${t.name} has ${t.rows} rows where its manifest says ${m.rows}`);
    }
    if (m.sha256 !== t.sha256)
      throw corrupt(`the checksum of the table ${t.name} does not match its manifest`);
  }
}

/** Sequences behind serial or identity columns continue after the restored rows. */
async function resetSequences(tx: Db): Promise<void> {
  const sequences = await rawRows<{ table: string; column: string; sequence: string }>(
    tx,
    sql`select c.relname as "table", a.attname as "column",
          pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) is not null`,
  );
  for (const s of sequences) {
    await tx.execute(
      sql`select setval(${s.sequence}::regclass,
            coalesce((select max(${sql.raw(quoted(s.column))}) from ${sql.raw(quoted(s.table))}), 0) + 1, false)`,
    );
  }
}

function parseHeader(line: Buffer | undefined): Header {
  let f: Frame | undefined;
  try {
    f = line ? (JSON.parse(line.toString('utf8')) as Frame) : undefined;
  } catch {
    f = undefined;
  }
  if (!Array.isArray(f) || f[0] !== FORMAT || typeof f[1]?.schemaVersion !== 'string') {
    throw new AppError('validation', 'This is not a Steward backup: it does not start with a backup header.');
  }
  if (f[1].formatVersion > FORMAT_VERSION) {
    throw new AppError(
      'validation',
      `The backup's format (version ${f[1].formatVersion}) is newer than this Steward reads: upgrade first.`,
    );
  }
  return f[1];
}

function parseFrame(line: Buffer): Frame {
  let f: unknown;
  try {
    f = JSON.parse(line.toString('utf8'));
  } catch {
    throw corrupt('a line is not JSON');
  }
  if (!Array.isArray(f) || f.length !== 2 || typeof f[1] !== 'object' || f[1] === null) {
    throw corrupt('a line is neither a row nor a frame');
  }
  if (f[0] === 'table' && typeof f[1].name === 'string' && Array.isArray(f[1].columns)) return f as Frame;
  if (f[0] === 'manifest' || f[0] === FORMAT) return f as Frame;
  throw corrupt('a line is neither a row nor a frame');
}

function corrupt(why: string): AppError {
  return new AppError('validation', `The backup is corrupt: ${why}. Nothing was restored.`);
}

function mismatch(why: string): AppError {
  return new AppError(
    'validation',
    `The backup does not fit this database's schema: ${why}. Nothing was restored.`,
  );
}

/** A damaged gzip stream or a row the database refuses, said as what it means. */
function readable(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new AppError(
      'validation',
      `The backup is corrupt: it is not a readable gzip file (${(err as Error).message}). Nothing was restored.`,
    );
  }
  return err;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The lines of a stream, as bytes without their "\n". */
async function* lines(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end);
      yield rest.length ? Buffer.concat([...rest, piece]) : piece;
      rest = [];
      start = end + 1;
    }
    if (start < chunk.length) rest.push(chunk.subarray(start));
  }
  if (rest.length) yield Buffer.concat(rest);
}
