import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { Db } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { BOM, type Cell, csvLine } from './csv.ts';

/** Rows read from the list per query: the export walks the list's own keyset pages of this size. */
export const PAGE_SIZE = 1000;

type Page<Row> = { data: Row[]; nextCursor: string | null };

/** What an export reads with: the database, the caller (whose scope it is), and the moment it began. */
export interface ExportContext {
  db: Db;
  actor: Actor;
  now: Date;
}
/** A list's query without its paging: the filters and sort the export takes from the address. */
export type FiltersOf<Q extends z.ZodObject> = Omit<z.output<Q>, 'limit' | 'cursor'>;

/** What a page's rows may need besides themselves: owners' e-mails and accounts' names. */
interface Lookups {
  email(userId: unknown): string | null;
  accountName(accountId: unknown): string | null;
}

/** A column the export adds from what the rows hold (an account's custom fields). */
export interface ExtraColumn<Row> {
  header: string;
  value(row: Row): Cell;
}

/**
 * One entity's export, declared: its list's query schema, row schema and list function (so filters,
 * sort and scope are the list's own), and its columns by header, each the row's field of that name,
 * or `accountName` (the row's own, else looked up by `accountId`) or `ownerEmail` (of `ownerId`).
 */
export interface ExportDeclaration<Q extends z.ZodObject, I extends z.ZodObject> {
  /** The file and address name: `GET /api/v1/exports/<entity>.csv`. */
  entity: string;
  /** The OpenAPI tag of the list it exports. */
  tag: string;
  query: Q;
  item: I;
  list(ctx: ExportContext, q: z.output<Q>): Promise<Page<z.input<I>>>;
  columns: readonly (Extract<keyof z.input<I>, string> | 'accountName' | 'ownerEmail')[];
  /** Columns found from the rows to be exported, before the first is written. */
  extraColumns?(ctx: ExportContext, filters: FiltersOf<Q>): Promise<ExtraColumn<z.input<I>>[]>;
}

/** An export as the routes use it, its row type erased. */
export interface Export {
  entity: string;
  tag: string;
  /** The list's query schema less `cursor` and `limit`: the same 400s, naming the same fields. */
  filters: z.ZodObject;
  /**
   * Reads what the file starts with (the extra columns, the first page) so that a refusal is an
   * ordinary error answer, then gives the file's text a page at a time: the BOM and header with the
   * first page, each following page as it is read. `onEnd` hears the row count, and whether the
   * walk reached the end (it stops early when the client goes away).
   */
  open(
    ctx: ExportContext,
    filters: Record<string, unknown>,
    onEnd: (rows: number, complete: boolean) => void,
  ): Promise<AsyncGenerator<string>>;
}

export function defineExport<Q extends z.ZodObject, I extends z.ZodObject>(
  d: ExportDeclaration<Q, I>,
): Export {
  return {
    entity: d.entity,
    tag: d.tag,
    filters: d.query.omit({ cursor: true, limit: true }) as unknown as z.ZodObject,
    async open(ctx, given, onEnd) {
      const { db } = ctx;
      const filters = given as FiltersOf<Q>;
      const extra = (await d.extraColumns?.(ctx, filters)) ?? [];
      const emails = d.columns.includes('ownerEmail') ? await emailsById(db) : new Map<string, string>();
      const read = (cursor?: string) => d.list(ctx, { ...filters, limit: PAGE_SIZE, cursor } as z.output<Q>);
      const header = csvLine([...d.columns, ...extra.map((c) => c.header)]);
      let page = await read();
      return (async function* text() {
        let rows = 0;
        let complete = false;
        try {
          let chunk = BOM + header;
          for (;;) {
            const names = await namesFor(db, d.columns, page.data);
            const lookups: Lookups = {
              email: (id) => emails.get(id as string) ?? null,
              accountName: (id) => names.get(id as string) ?? null,
            };
            for (const row of page.data) {
              const cells = d.columns.map((column) => cellOf(row, column, lookups));
              for (const c of extra) cells.push(c.value(row));
              chunk += csvLine(cells);
            }
            rows += page.data.length;
            yield chunk;
            chunk = '';
            if (!page.nextCursor) break;
            page = await read(page.nextCursor);
          }
          complete = true;
        } finally {
          onEnd(rows, complete);
        }
      })();
    },
  };
}

function cellOf(row: object, column: string, lookups: Lookups): Cell {
  const r = row as Record<string, Cell>;
  if (column === 'ownerEmail') return lookups.email(r.ownerId);
  if (column === 'accountName' && !('accountName' in r)) return lookups.accountName(r.accountId);
  return r[column];
}

/** Every user's e-mail by id, once per export: users are few. */
async function emailsById(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: users.id, email: users.email }).from(users);
  return new Map(rows.map((u) => [u.id, u.email]));
}

/** The names of a page's accounts, in one query, when the rows do not carry them. */
async function namesFor(db: Db, columns: readonly string[], rows: object[]): Promise<Map<string, string>> {
  const needed = columns.includes('accountName') && rows.some((r) => !('accountName' in r));
  if (!needed || !rows.length) return new Map();
  const ids = [...new Set(rows.map((r) => (r as { accountId: string }).accountId))];
  const found = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return new Map(found.map((a) => [a.id, a.name]));
}
