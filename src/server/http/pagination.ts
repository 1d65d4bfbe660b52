import { type AnyColumn, asc, Column, desc, eq, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../../core/errors.ts';
import { isoDateOut, isoDateTimeOut, id as uuid } from '../../core/schemas/common.ts';
import type { Db } from '../db/index.ts';

type Key = string | number | null;

/** What a sort key holds, so a cursor's value is checked before it reaches SQL. */
export type KeyKind = 'text' | 'integer' | 'numeric' | 'date' | 'timestamp' | 'uuid';

/** A computed sort key (an expression, not a column): its kind and a name for its cursors. */
export interface SortKey {
  expression: SQL;
  kind: KeyKind;
  name: string;
}

export const sortKey = (name: string, kind: KeyKind, expression: SQL): SortKey => ({
  name,
  kind,
  expression,
});

/** A sort as the API writes it: `name` ascending, `-name` descending. */
export function parseSort(sort: string): { field: string; descending: boolean } {
  return sort.startsWith('-')
    ? { field: sort.slice(1), descending: true }
    : { field: sort, descending: false };
}

const columnKinds: Record<string, KeyKind> = {
  PgText: 'text',
  PgVarchar: 'text',
  PgInteger: 'integer',
  PgSmallInt: 'integer',
  PgNumeric: 'numeric',
  PgNumericNumber: 'numeric',
  PgDoublePrecision: 'numeric',
  PgDateString: 'date',
  PgDate: 'date',
  PgTimestamp: 'timestamp',
  PgTimestampString: 'timestamp',
  PgUUID: 'uuid',
};

const valid: Record<KeyKind, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\0'),
  integer: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2_147_483_647,
  numeric: (v) =>
    (typeof v === 'number' && Number.isFinite(v)) ||
    (typeof v === 'string' && /^-?\d{1,20}(\.\d{1,6})?$/.test(v)),
  date: (v) => isoDateOut.safeParse(v).success,
  timestamp: (v) => isoDateTimeOut.safeParse(v).success,
  uuid: (v) => uuid.safeParse(v).success,
};

/** A list's position: which sort it belongs to, the sort value of the last row, and that row's id. */
interface Position {
  sort: string;
  kind: KeyKind;
}

function describe(key: AnyColumn | SortKey, descending: boolean): Position {
  const dir = descending ? 'desc' : 'asc';
  if (key instanceof Column) {
    const kind = columnKinds[key.columnType];
    if (!kind) throw new Error(`No cursor kind for a ${key.columnType} column`);
    return { sort: `${getTableName(key.table)}.${key.name}:${dir}`, kind };
  }
  return { sort: `${key.name}:${dir}`, kind: key.kind };
}

/** A timestamp as ISO 8601 in UTC with all six fraction digits PostgreSQL keeps. */
export const isoMicros = (at: AnyColumn | SQL) =>
  sql<string>`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(sort: string, value: Key, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

const badCursor = () =>
  new AppError('validation', 'The cursor is not one this list gave out for this sort.', {
    errors: [{ path: 'cursor', message: 'is not a cursor of this list and sort' }],
  });

/**
 * Reads a cursor back, refusing one made by hand, by another list or for another sort: its value
 * must be of the sort key's kind and its id a UUID, so nothing malformed reaches SQL.
 */
export function decodeCursor(cursor: string, position: Position): [Key, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw badCursor();
  const [sort, value, id] = parsed as unknown[];
  if (sort !== position.sort || !valid.uuid(id) || !valid[position.kind](value)) throw badCursor();
  return [value as Key, id as string];
}

/**
 * Keyset pagination on (sort key, id): stable under inserts, no OFFSET. The sort key must be
 * NOT NULL; `id` breaks ties. Fetch `limit + 1` rows and hand them to `page`.
 */
export function keyset(opts: {
  column: AnyColumn | SortKey;
  id: AnyColumn;
  descending: boolean;
  cursor?: string;
}): {
  where: SQL | undefined;
  orderBy: SQL[];
  page<T extends { id: string }>(
    db: Db,
    rows: T[],
    limit: number,
    keyOf: (row: T) => Key | Date,
  ): Promise<{ data: T[]; nextCursor: string | null }>;
} {
  const position = describe(opts.column, opts.descending);
  const column = opts.column instanceof Column ? opts.column : opts.column.expression;
  const dir = opts.descending ? desc : asc;
  const orderBy = [dir(column), dir(opts.id)];
  const page = async <T extends { id: string }>(
    db: Db,
    rows: T[],
    limit: number,
    keyOf: (row: T) => Key | Date,
  ) => {
    if (rows.length <= limit) return { data: rows, nextCursor: null };
    const data = rows.slice(0, limit);
    const last = data[data.length - 1]!;
    const key = keyOf(last);
    let value = key instanceof Date ? key.toISOString() : key;
    // A JS Date keeps milliseconds, PostgreSQL microseconds: the cursor takes the stored value
    // itself, or the next page would repeat (ascending) or skip (descending) rows of that millisecond.
    if (position.kind === 'timestamp' && opts.column instanceof Column) {
      const [exact] = await db
        .select({ at: isoMicros(opts.column) })
        .from(opts.column.table as PgTable)
        .where(eq(opts.id, last.id));
      if (exact) value = exact.at;
    }
    return { data, nextCursor: encodeCursor(position.sort, value, last.id) };
  };
  if (!opts.cursor) return { where: undefined, orderBy, page };
  const [value, id] = decodeCursor(opts.cursor, position);
  const op = opts.descending ? sql`<` : sql`>`;
  return { where: sql`(${column}, ${opts.id}) ${op} (${value}, ${id})`, orderBy, page };
}
