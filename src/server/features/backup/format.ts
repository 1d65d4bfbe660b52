/**
 * A backup file is a gzip of JSON lines (docs/backup.md):
 *
 *   ["steward-backup", Header]                 the first line
 *   ["table", { name, columns }]               then, per table in dependency order, its section:
 *   {"id": …, …}                               one row a line (row_to_json), by primary key
 *   ["manifest", Manifest]                     the last line: the header's fields and, per table,
 *                                              its row count and the sha256 of its row lines
 *
 * Rows are JSON objects and the framing lines JSON arrays, so no row can be taken for a frame.
 * A section's checksum is the sha256 of its row lines' bytes, each ending with "\n".
 */
export const FORMAT = 'steward-backup';
export const FORMAT_VERSION = 1;

export interface Header {
  format: typeof FORMAT;
  formatVersion: number;
  /** The Steward version that wrote it (package.json). */
  appVersion: string;
  /** The tag of the last migration applied to the database it was made from. */
  schemaVersion: string;
  createdAt: string;
  engine: 'pglite' | 'postgres';
}

export interface SectionStart {
  name: string;
  columns: string[];
}

export interface TableSummary {
  name: string;
  rows: number;
  sha256: string;
}

export interface Manifest extends Header {
  tables: TableSummary[];
}

export type Frame = ['steward-backup', Header] | ['table', SectionStart] | ['manifest', Manifest];

export function frame(f: Frame): string {
  return `${JSON.stringify(f)}\n`;
}

/** Progress of a backup or a restore, for a progress bar. */
export interface Progress {
  /** The table being written or read. */
  table: string;
  tablesDone: number;
  /** Tables in all (a restore knows it once the manifest is read: until then, those seen). */
  tables: number;
  rows: number;
}
