import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pkg from '../../../../package.json' with { type: 'json' };
import { AppError } from '../../../core/errors.ts';
import { type Database, type Db, rawRows } from '../../db/index.ts';
import { appTables, dependencyOrder, type Table } from './catalog.ts';
import { FORMAT, FORMAT_VERSION, frame, type Header, type Manifest, type Progress } from './format.ts';
import { schemaVersion } from './schema-version.ts';

/** Rows fetched from the cursor at a time: memory stays flat whatever the table's size. */
const FETCH = 1000;
/** About this many bytes of rows a fetch: wide rows (an import's 1 MB file chunks) come a few at a time. */
const FETCH_BYTES = 8 * 1024 * 1024;

export interface BackupOptions {
  /** The manifest's createdAt: the clock's now. */
  now: Date;
  onProgress?: (p: Progress) => void;
}

/**
 * Writes a backup of the whole database to `out` (gzip of JSON lines, see format.ts), from one
 * snapshot: a repeatable-read, read-only transaction, so the file is consistent however long the
 * writing takes. On PGlite that transaction holds the one connection until the last byte is written:
 * other requests wait. `out` is ended when done, and destroyed on failure.
 */
export async function writeBackup(database: Database, out: Writable, options: BackupOptions) {
  const gzip = createGzip();
  const piped = pipeline(gzip, out);
  piped.catch(() => {});
  try {
    const manifest = await database.db.transaction(
      (tx) => dump(tx, database.kind, (text) => write(gzip, text), options),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    gzip.end();
    await piped;
    return manifest;
  } catch (err) {
    gzip.destroy(err as Error);
    await piped.catch(() => {});
    throw err;
  }
}

/**
 * Session settings that change how values are written as text, set for the transaction so that
 * PGlite and PostgreSQL write byte-identical lines (and read them back alike).
 */
export async function setTextSettings(tx: Db): Promise<void> {
  for (const setting of [
    "timezone = 'UTC'",
    "datestyle = 'ISO, YMD'",
    "intervalstyle = 'postgres'",
    'extra_float_digits = 1',
    "bytea_output = 'hex'",
  ]) {
    await tx.execute(sql.raw(`set local ${setting}`));
  }
}

async function dump(
  tx: Db,
  engine: Database['kind'],
  write: (text: string) => Promise<void>,
  { now, onProgress }: BackupOptions,
): Promise<Manifest> {
  await setTextSettings(tx);
  const version = await schemaVersion(tx);
  if (!version)
    throw new AppError('conflict', 'The database has no Steward schema yet: there is nothing to back up.');
  const header: Header = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    appVersion: pkg.version,
    schemaVersion: version,
    createdAt: now.toISOString(),
    engine,
  };
  await write(frame(['steward-backup', header]));
  const tables = dependencyOrder(await appTables(tx));
  const manifest: Manifest = { ...header, tables: [] };
  let rows = 0;
  for (const table of tables) {
    await write(frame(['table', { name: table.name, columns: table.columns }]));
    const hash = createHash('sha256');
    let count = 0;
    await tx.execute(sql.raw(`declare backup_rows no scroll cursor for ${rowsQuery(table)}`));
    let fetch = 1;
    for (;;) {
      const batch = await rawRows<{ line: string }>(tx, sql.raw(`fetch ${fetch} from backup_rows`));
      if (batch.length === 0) break;
      const text = `${batch.map((r) => r.line).join('\n')}\n`;
      // The next fetch sized by the rows seen: memory stays flat however wide a table's rows are.
      fetch = Math.max(1, Math.min(FETCH, Math.floor((FETCH_BYTES * batch.length) / text.length)));
      hash.update(text);
      count += batch.length;
      rows += batch.length;
      await write(text);
      onProgress?.({ table: table.name, tablesDone: manifest.tables.length, tables: tables.length, rows });
    }
    await tx.execute(sql.raw('close backup_rows'));
    manifest.tables.push({ name: table.name, rows: count, sha256: hash.digest('hex') });
    onProgress?.({ table: table.name, tablesDone: manifest.tables.length, tables: tables.length, rows });
  }
  await write(frame(['manifest', manifest]));
  return manifest;
}

/** A table's stored columns, one JSON object a row, by primary key (text keys in byte order: "C"). */
function rowsQuery(table: Table): string {
  const columns = table.columns.map(quoted).join(', ');
  const order = table.primaryKey.length
    ? table.primaryKey.map((k) => `r.${quoted(k.name)}${k.collatable ? ' collate "C"' : ''}`).join(', ')
    : 'row_to_json(r)::text collate "C"';
  return `select row_to_json(r)::text as line from (select ${columns} from ${quoted(table.name)}) r order by ${order}`;
}

export function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Writes with backpressure; fails if the destination goes away (a download cancelled). */
function write(stream: Writable, text: string): Promise<void> {
  if (stream.destroyed) return Promise.reject(new Error('The backup’s destination was closed.'));
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('The backup’s destination was closed.'));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', done);
  });
}
