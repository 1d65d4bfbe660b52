import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/index.ts';

/**
 * The app's tables as the database's catalog describes them, so that a backup picks up every table
 * a migration adds with no change here. The app's tables are those of the `public` schema: drizzle's
 * migration bookkeeping (schema `drizzle`) and pg-boss's queues (schema `pgboss`, transient) are not.
 */
export interface Table {
  name: string;
  /** Stored columns in their order; generated ones (computed by the database) are left out. */
  columns: string[];
  /** Primary key columns, in key order, with whether each sorts by a collation. */
  primaryKey: { name: string; collatable: boolean }[];
  /** Foreign keys: the referencing columns and the table they point to. */
  references: { columns: string[]; table: string }[];
}

const APP_SCHEMA = 'public';

export async function appTables(db: Db): Promise<Table[]> {
  const columns = await rawRows<{ table: string; name: string; generated: boolean; collatable: boolean }>(
    db,
    sql`select c.relname as "table", a.attname as name, a.attgenerated <> '' as generated,
          a.attcollation <> 0 as collatable
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = ${APP_SCHEMA} and c.relkind in ('r', 'p') and not c.relispartition
        order by c.relname, a.attnum`,
  );
  const keys = await rawRows<{ table: string; type: 'p' | 'f'; columns: string[]; target: string | null }>(
    db,
    sql`select c.relname as "table", k.contype as type, t.relname as target,
          array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
                order by u.i) as columns
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_class t on t.oid = k.confrelid
        where n.nspname = ${APP_SCHEMA} and k.contype in ('p', 'f')
        order by c.relname, k.conname`,
  );
  const tables = new Map<string, Table>();
  const collatable = new Map<string, boolean>();
  for (const c of columns) {
    const table = tables.get(c.table) ?? { name: c.table, columns: [], primaryKey: [], references: [] };
    tables.set(c.table, table);
    if (!c.generated) table.columns.push(c.name);
    collatable.set(`${c.table}.${c.name}`, c.collatable);
  }
  for (const k of keys) {
    const table = tables.get(k.table);
    if (!table) continue;
    if (k.type === 'p') {
      table.primaryKey = k.columns.map((name) => ({
        name,
        collatable: collatable.get(`${k.table}.${name}`) ?? false,
      }));
    } else if (k.target) table.references.push({ columns: k.columns, table: k.target });
  }
  return [...tables.values()];
}

/**
 * The tables in an order that loads them without breaking a foreign key: every table after the
 * tables it points to (Kahn's algorithm, ties by name, so both engines give one order). A table
 * pointing to itself (accounts' parent, a contract's renewals), or a cycle between tables, cannot be
 * ordered away: restore fills those columns in a second pass (see `deferredColumns`).
 */
export function dependencyOrder(tables: Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const pending = new Map(
    tables.map((t) => [
      t.name,
      new Set(t.references.map((r) => r.table).filter((r) => r !== t.name && byName.has(r))),
    ]),
  );
  const ordered: Table[] = [];
  while (pending.size > 0) {
    const names = [...pending.keys()].sort();
    // A cycle between tables: take the first by name; its references to later tables are deferred.
    const next = names.find((n) => pending.get(n)?.size === 0) ?? names[0]!;
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
    ordered.push(byName.get(next)!);
  }
  return ordered;
}

/** Columns of `table` pointing to a table not loaded before it (itself included): set in a second pass. */
export function deferredColumns(table: Table, loadedBefore: ReadonlySet<string>): string[] {
  return table.references
    .filter((r) => r.table === table.name || !loadedBefore.has(r.table))
    .flatMap((r) => r.columns);
}
