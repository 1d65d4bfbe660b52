import { getTableName, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, integer, jsonb, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

export const newId = (): string => uuidv7();

/**
 * SQL for the lowest UUID v7 made `msAgo` milliseconds before the database's clock: ids below it
 * were made earlier (a v7 id starts with its Unix time in milliseconds).
 */
export const uuidv7Before = (msAgo: number): SQL => sql`(
  select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7000-8000-000000000000')::uuid
  from (select lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint - ${msAgo}::bigint), 12, '0') as h) b
)`;

/** Primary key: a time-ordered UUID made by the application. */
export const pk = () => uuid('id').primaryKey().$defaultFn(newId);
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => at('created_at').notNull().defaultNow();
export const updatedAt = () => at('updated_at').notNull().defaultNow();
/**
 * The record's ids in the systems it was imported from, by source (`{ "salesforce": "001…" }`):
 * what a re-import matches on. Kept by the importer; read through a jsonb_path_ops index.
 */
export const externalIds = () => jsonb('external_ids').$type<Record<string, string>>().notNull().default({});
/** Optimistic-concurrency counter: +1 on every write, sent as the ETag. */
export const version = () => integer('version').notNull().default(1);

/**
 * A column qualified with its table, for correlated subqueries: Drizzle leaves columns of a
 * single-table select unqualified, which an inner table with the same column name would capture.
 */
export const ref = (column: AnyPgColumn): SQL =>
  sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

const escapeLike = (q: string): string => q.replace(/[\\%_]/g, (c) => `\\${c}`);
/** An ILIKE pattern that finds `q` anywhere, with its own wildcards taken literally. */
export const containsPattern = (q: string): string => `%${escapeLike(q)}%`;
/** An ILIKE pattern that finds values starting with `q`. */
export const prefixPattern = (q: string): string => `${escapeLike(q)}%`;
