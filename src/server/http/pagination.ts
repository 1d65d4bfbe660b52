import { type AnyColumn, asc, desc, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';

type Key = string | number | null;

/** A sort as the API writes it: `name` ascending, `-name` descending. */
export function parseSort(sort: string): { field: string; descending: boolean } {
  return sort.startsWith('-')
    ? { field: sort.slice(1), descending: true }
    : { field: sort, descending: false };
}

export function encodeCursor(value: Key, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [Key, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [value, id] = parsed;
      if (value === null || typeof value === 'string' || typeof value === 'number') return [value, id];
    }
  } catch {
    // fall through
  }
  throw new AppError('validation', 'The cursor is not one this server gave out.', {
    errors: [{ path: 'cursor', message: 'is invalid' }],
  });
}

/**
 * Keyset pagination on (sort column, id): stable under inserts, no OFFSET. The sort column must be
 * NOT NULL; `id` breaks ties. Fetch `limit + 1` rows and hand them to `pageOf`.
 */
export function keyset(opts: {
  column: AnyColumn | SQL;
  id: AnyColumn;
  descending: boolean;
  cursor?: string;
}): {
  where: SQL | undefined;
  orderBy: SQL[];
} {
  const dir = opts.descending ? desc : asc;
  const orderBy = [dir(opts.column), dir(opts.id)];
  if (!opts.cursor) return { where: undefined, orderBy };
  const [value, id] = decodeCursor(opts.cursor);
  const op = opts.descending ? sql`<` : sql`>`;
  return { where: sql`(${opts.column}, ${opts.id}) ${op} (${value}, ${id})`, orderBy };
}

export function pageOf<T extends { id: string }>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Key | Date,
): { data: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { data: rows, nextCursor: null };
  const data = rows.slice(0, limit);
  const last = data[data.length - 1]!;
  const key = keyOf(last);
  return { data, nextCursor: encodeCursor(key instanceof Date ? key.toISOString() : key, last.id) };
}
