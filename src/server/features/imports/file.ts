/**
 * An import's file: stored in the database in chunks of at most 1 MB as it arrives (so any
 * process can continue the work and none holds the whole file), its encoding and delimiter
 * detected from the start, and read back as rows, one chunk at a time.
 */
import { Readable } from 'node:stream';
import chardet from 'chardet';
import { parse } from 'csv-parse';
import { asc, eq, sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { AppError } from '../../../core/errors.ts';
import type { Db } from '../../db/index.ts';
import { importChunks } from './imports.table.ts';

export const CHUNK_BYTES = 1024 * 1024;
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Streams `body` into the import's chunks; returns the byte count and the first chunk. */
export async function storeFile(
  db: Db,
  importId: string,
  body: AsyncIterable<Buffer | Uint8Array | string>,
): Promise<{ size: number; head: Buffer }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let size = 0;
  let head: Buffer | null = null;
  const flush = async (all: boolean) => {
    while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending);
      const data = joined.subarray(0, CHUNK_BYTES);
      const rest = joined.subarray(CHUNK_BYTES);
      head ??= Buffer.from(data);
      await db.insert(importChunks).values({ importId, seq: seq++, data: Buffer.from(data) });
      pending = rest.length ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
    }
  };
  for await (const part of body) {
    const buf = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part);
    size += buf.length;
    if (size > MAX_FILE_BYTES)
      throw new AppError('payload_too_large', 'An import file may be at most 200 MB.');
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes >= CHUNK_BYTES) await flush(false);
  }
  await flush(true);
  return { size, head: head ?? Buffer.alloc(0) };
}

/** The file's chunks in order, read one query each. */
async function* chunks(db: Db, importId: string): AsyncGenerator<Buffer> {
  const [{ count } = { count: 0 }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(importChunks)
    .where(eq(importChunks.importId, importId));
  for (let seq = 0; seq < count; seq++) {
    const [row] = await db
      .select({ data: importChunks.data })
      .from(importChunks)
      .where(sql`${importChunks.importId} = ${importId} and ${importChunks.seq} = ${seq}`)
      .orderBy(asc(importChunks.seq));
    if (row) yield row.data;
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * UTF-8 (with or without a BOM) when the start decodes as UTF-8; otherwise what chardet finds,
 * the ISO-8859 family read as Windows-1252 (its superset that spreadsheets on Windows write).
 */
export function detectEncoding(head: Buffer): string {
  if (head.subarray(0, 3).equals(UTF8_BOM)) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // A chunk may end inside a character: leave its last few bytes out of the check.
  const whole = head.length < CHUNK_BYTES ? head : head.subarray(0, head.length - 3);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(whole);
    return 'utf-8';
  } catch {
    const found = (chardet.detect(head) ?? 'windows-1252').toLowerCase();
    if (found.startsWith('iso-8859') || found === 'windows-1252' || found === 'ascii') return 'windows-1252';
    return iconv.encodingExists(found) ? found : 'windows-1252';
  }
}

/** `,`, `;` or tab: whichever the header line (outside quotes) holds most of; `,` on a tie. */
export function detectDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  return [';', '\t'].reduce((best, d) => (counts[d]! > counts[best]! ? d : best), ',');
}

/** The header line of the decoded start of the file (a quoted header may span lines). */
export function firstLineOf(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return text.slice(0, i);
  }
  return text;
}

export interface FileShape {
  encoding: string;
  delimiter: string;
}

/** The file's rows as arrays of cells, the header first; empty lines left out. */
export function readRows(db: Db, importId: string, shape: FileShape): AsyncIterable<string[]> {
  const decoder = iconv.getDecoder(shape.encoding, { stripBOM: true });
  async function* decoded() {
    for await (const chunk of chunks(db, importId)) {
      const text = decoder.write(chunk);
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  }
  const parser = parse({
    delimiter: shape.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
  });
  Readable.from(decoded()).pipe(parser);
  return parser as AsyncIterable<string[]>;
}

/**
 * Whether a parsed line is a data row of a file `width` columns wide: not a line of empty cells
 * (spreadsheets write `;;;;;` under the data) nor a lone field (a report's footer, such as
 * Salesforce's "Confidential Information - Do Not Distribute").
 */
export function isDataRow(cells: string[], width: number): boolean {
  if (cells.every((c) => c.trim() === '')) return false;
  return !(width > 1 && cells.length === 1);
}

/** The header row made unique and non-empty: a second `Email` becomes `Email (2)`. */
export function headersOf(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const base = raw.trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
