/** What a row's owner and account cells point at, found in bulk. */
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { domainOf } from '../../../core/rules/csv-values.ts';
import { users } from '../../auth/auth.table.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';

export interface Users {
  byEmail: Map<string, string>;
  /** null: two people share the name. */
  byName: Map<string, string | null>;
  ids: Set<string>;
}

/** Everyone, once per run: workspaces have people by the hundred, not the million. */
export async function loadUsers(db: Db): Promise<Users> {
  const rows = await db.select({ id: users.id, email: users.email, name: users.name }).from(users);
  const out: Users = { byEmail: new Map(), byName: new Map(), ids: new Set() };
  for (const u of rows) {
    out.ids.add(u.id);
    out.byEmail.set(u.email.toLowerCase(), u.id);
    const name = u.name.trim().toLowerCase();
    out.byName.set(name, out.byName.has(name) ? null : u.id);
  }
  return out;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => uuidPattern.test(s);

/**
 * The owner a cell names (an e-mail, a full name, or a user id; the value map first); an unknown
 * or empty one falls back to the default owner, else the row fails.
 */
export function resolveUser(
  people: Users,
  raw: string | undefined,
  valueMap: Record<string, string> | undefined,
  fallback: string | undefined,
  /** Who an empty cell means when there is no default: the importing user, as the API does. */
  importer?: string,
): { id: string } | { message: string } {
  if (raw !== undefined) {
    const mapped = (valueMap?.[raw] ?? raw).trim();
    const lower = mapped.toLowerCase();
    const id =
      people.byEmail.get(lower) ??
      people.byName.get(lower) ??
      (isUuid(lower) && people.ids.has(lower) ? lower : undefined);
    if (id) return { id };
    if (fallback) return { id: fallback };
    return { message: `there is no user "${raw}" (map it, or choose a default owner)` };
  }
  if (fallback ?? importer) return { id: (fallback ?? importer)! };
  return { message: 'names no owner (map an owner column, or choose a default owner)' };
}

/**
 * The accounts cells point at, each by Steward id, the id in the file's source system, domain,
 * or exact name (any case) when only one live account has it. Absent: not found (or ambiguous).
 */
export async function resolveAccounts(
  db: Db,
  source: string,
  raws: Iterable<string>,
): Promise<Map<string, string>> {
  const all = [...new Set(raws)];
  const found = new Map<string, string>();
  if (!all.length) return found;
  const ids = all.filter(isUuid).map((s) => s.toLowerCase());
  if (ids.length) {
    const rows = await rawRows<{ id: string }>(
      db,
      sql`select id from ${accounts} where id = any(${sql.param(ids)}::uuid[])`,
    );
    const known = new Set(rows.map((r) => r.id));
    for (const raw of all) if (isUuid(raw) && known.has(raw.toLowerCase())) found.set(raw, raw.toLowerCase());
  }
  let rest = all.filter((raw) => !found.has(raw));
  if (rest.length) {
    for (const r of await byExternalId(db, accounts, source, rest)) found.set(r.key, r.id);
    rest = rest.filter((raw) => !found.has(raw));
  }
  const domains = rest.filter((raw) => /^[^\s@]+\.[a-z]{2,}/i.test(domainOf(raw)));
  if (domains.length) {
    const rows = await rawRows<{ id: string; domain: string }>(
      db,
      sql`select id, domain from ${accounts} where archived_at is null and domain = any(${sql.param(domains.map(domainOf))}::text[])`,
    );
    const byDomain = new Map(rows.map((r) => [r.domain, r.id]));
    for (const raw of domains) {
      const id = byDomain.get(domainOf(raw));
      if (id) found.set(raw, id);
    }
    rest = rest.filter((raw) => !found.has(raw));
  }
  if (rest.length) {
    for (const [name, id] of await uniqueNames(db, rest)) found.set(name, id);
  }
  return found;
}

/** Live accounts by exact name, any case, for names only one account has: lower-cased name → id. */
export async function uniqueNamesLower(db: Db, names: string[]): Promise<Map<string, string>> {
  const lower = [...new Set(names.map((n) => n.trim().toLowerCase()))];
  if (!lower.length) return new Map();
  const rows = await rawRows<{ name: string; id: string }>(
    db,
    sql`select lower(name) as name, (array_agg(id))[1]::text as id from ${accounts}
        where archived_at is null and lower(name) = any(${sql.param(lower)}::text[])
        group by lower(name) having count(*) = 1`,
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}

async function uniqueNames(db: Db, raws: string[]): Promise<Map<string, string>> {
  const byLower = await uniqueNamesLower(db, raws);
  const out = new Map<string, string>();
  for (const raw of raws) {
    const id = byLower.get(raw.trim().toLowerCase());
    if (id) out.set(raw, id);
  }
  return out;
}

/** Records of `table` whose external id in `source` is one of `keys`. */
export async function byExternalId(
  db: Db,
  table: PgTable,
  source: string,
  keys: string[],
): Promise<{ key: string; id: string }[]> {
  if (!keys.length) return [];
  return rawRows<{ key: string; id: string }>(
    db,
    // One probe of the jsonb_path_ops index per key (a plain join would scan the table).
    sql`select v.key, t.id from unnest(${sql.param(keys)}::text[]) as v(key)
        cross join lateral (select id from ${table} where external_ids @> jsonb_build_object(${source}::text, v.key)) t`,
  );
}
