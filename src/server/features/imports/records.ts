/**
 * What the importers of account-owned records (opportunities, contracts, activities, signals)
 * share: the account each row names, the record it matches (Steward id, external id, then a
 * natural key within the account), the mode, the unchanged check, and the bulk write with its
 * audit.
 */
import { eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../../../core/errors.ts';
import type { AuditAction } from '../../../core/schemas/people.ts';
import { newIds } from '../../db/bulk.ts';
import {
  auditRows,
  type BatchContext,
  changedFields,
  failed,
  type Importer,
  idKeys,
  type Outcome,
  skipByMode,
  sourceKey,
} from './importer.ts';
import type { CellError, Prepared } from './prepare.ts';
import { byExternalId, isUuid, resolveAccounts } from './references.ts';

export type Values = Record<string, unknown>;
type Existing = Values & { id: string; accountId: string; externalIds?: Record<string, string> };

export interface RecordSpec {
  table: PgTable;
  entityType: string;
  audit: { created: AuditAction; updated: AuditAction };
  /** Whether the table keeps external ids. */
  externalIds: boolean;
  /** The fields compared and written on update (the table's keys). */
  fields: readonly string[];
  /** The row's natural key within its account (lower-cased name…), or null. */
  naturalKey(values: Values): string | null;
  /** The SQL expression of that key over the table's columns. */
  naturalSql: SQL;
  /**
   * The values to write: for a create, every column (defaults applied); for an update, the
   * fields the row changes. Errors as the API would name them.
   */
  build(
    p: Prepared,
    ctx: BatchContext,
    accountId: string,
    match: Existing | null,
  ): Promise<{ values: Values } | { errors: CellError[] }> | { values: Values } | { errors: CellError[] };
}

/** An AppError of the API's own rules as the row's errors, each naming the file's column. */
export function ruleErrors(
  err: unknown,
  ctx: BatchContext,
  fieldOfPath: Record<string, string> = {},
): CellError[] {
  if (!(err instanceof AppError)) throw err;
  const errors = err.errors?.length ? err.errors : [{ path: '', message: err.message }];
  return errors.map((e) => {
    const field = fieldOfPath[e.path.split('.')[0]!] ?? e.path.split('.')[0]!;
    const column = ctx.columns[field] ?? null;
    return { column, message: `${column ?? (e.path || 'row')}: ${e.message}` };
  });
}

export function recordImporter(spec: RecordSpec): Importer {
  const columns = getTableColumns(spec.table) as Record<string, PgColumn>;
  return {
    keys(p) {
      const keys = idKeys(p);
      const natural = spec.naturalKey(p.values);
      if (natural !== null && !keys.length) keys.push(`nat:${p.refs.account ?? ''}:${natural}`);
      return keys;
    },

    async batch(tx, ctx, rows, write) {
      const source = sourceKey(ctx.plan);
      const live = rows.filter((p) => !p.errors.length);
      const accountOf = await resolveAccounts(
        tx,
        source,
        live.map((p) => p.refs.account).filter((r): r is string => r !== undefined),
      );
      // Through Drizzle, so numbers, dates and moments come as the table's modes (what build makes).
      const load = (where: SQL) =>
        tx.select().from(spec.table).where(where) as unknown as Promise<Existing[]>;
      const uuids = live
        .map((p) => p.values.id)
        .filter((v): v is string => typeof v === 'string' && isUuid(v));
      const byId = new Map(
        (uuids.length
          ? await load(sql`id = any(${sql.param(uuids.map((u) => u.toLowerCase()))}::uuid[])`)
          : []
        ).map((r) => [r.id, r]),
      );
      const exts = spec.externalIds
        ? live.map((p) => p.values.externalId).filter((v): v is string => typeof v === 'string')
        : [];
      const extIds = new Map((await byExternalId(tx, spec.table, source, exts)).map((r) => [r.key, r.id]));
      const wanted = [...extIds.values()].filter((id) => !byId.has(id));
      if (wanted.length)
        for (const r of await load(sql`id = any(${sql.param(wanted)}::uuid[])`)) byId.set(r.id, r);
      const naturals = live.flatMap((p) => {
        const account = p.refs.account === undefined ? undefined : accountOf.get(p.refs.account);
        const key = spec.naturalKey(p.values);
        return account && key !== null ? [{ account, key }] : [];
      });
      const byNatural = new Map<string, Existing>();
      if (naturals.length) {
        const found = (await tx
          .select({ ...columns, natural: sql<string>`${spec.naturalSql}` })
          .from(spec.table)
          .where(
            sql`account_id = any(${sql.param([...new Set(naturals.map((n) => n.account))])}::uuid[])
                and ${spec.naturalSql} = any(${sql.param([...new Set(naturals.map((n) => n.key))])}::text[])`,
          )) as unknown as (Existing & { natural: string })[];
        for (const r of found) byNatural.set(`${r.accountId}:${r.natural}`, r);
      }
      const outcomes: Outcome[] = [];
      const creates: Values[] = [];
      const updates: { before: Existing; after: Values; quiet: boolean }[] = [];
      const accountColumn = ctx.columns.account ?? 'account';
      for (const p of rows) {
        if (p.errors.length) {
          outcomes.push(failed(p, p.errors));
          continue;
        }
        const v = p.values;
        let match: Existing | null = null;
        if (typeof v.id === 'string') {
          match = byId.get(v.id.toLowerCase()) ?? null;
          if (!match) {
            outcomes.push(
              failed(p, [
                { column: ctx.columns.id ?? null, message: `there is no ${spec.entityType} ${v.id}` },
              ]),
            );
            continue;
          }
        } else if (typeof v.externalId === 'string' && extIds.has(v.externalId))
          match = byId.get(extIds.get(v.externalId)!) ?? null;
        const accountId = p.refs.account === undefined ? match?.accountId : accountOf.get(p.refs.account);
        if (!accountId) {
          const message =
            p.refs.account === undefined
              ? `${accountColumn}: names no account`
              : `${accountColumn}: there is no account "${p.refs.account}"`;
          outcomes.push(failed(p, [{ column: ctx.columns.account ?? null, message }]));
          continue;
        }
        const natural = spec.naturalKey(v);
        if (!match && natural !== null) match = byNatural.get(`${accountId}:${natural}`) ?? null;
        const skip = skipByMode(ctx, p, Boolean(match));
        if (skip) {
          outcomes.push(skip);
          continue;
        }
        const built = await spec.build(p, ctx, accountId, match);
        if ('errors' in built) {
          outcomes.push(failed(p, built.errors));
          continue;
        }
        const externalIds =
          spec.externalIds && typeof v.externalId === 'string'
            ? { ...(match?.externalIds ?? {}), [source]: v.externalId }
            : (match?.externalIds ?? {});
        if (match) {
          const changes = Object.fromEntries(
            changedFields(match, built.values).map((k) => [k, built.values[k]]),
          );
          const quiet = !Object.keys(changes).length;
          const extChanged =
            spec.externalIds && JSON.stringify(externalIds) !== JSON.stringify(match.externalIds ?? {});
          if (quiet && !extChanged) {
            outcomes.push({ row: p.row, action: 'skip', reason: 'unchanged' });
            continue;
          }
          updates.push({
            before: match,
            after: { ...changes, ...(spec.externalIds ? { externalIds } : {}) },
            quiet,
          });
          outcomes.push(
            quiet
              ? { row: p.row, action: 'skip', reason: 'unchanged' }
              : { row: p.row, action: 'update', id: match.id, accountId: match.accountId },
          );
        } else {
          creates.push({ ...built.values, accountId, ...(spec.externalIds ? { externalIds } : {}) });
          outcomes.push({ row: p.row, action: 'create', id: '', accountId });
        }
      }
      if (!write) return outcomes;
      const ids = newIds(creates.length);
      let next = 0;
      for (const o of outcomes)
        if (o.action === 'create') {
          creates[next]!.id = ids[next]!;
          o.id = ids[next++]!;
        }
      for (let i = 0; i < creates.length; i += 500)
        await tx.insert(spec.table).values(creates.slice(i, i + 500) as never);
      const idColumn = columns.id!;
      for (const u of updates) {
        const set: Values = { ...u.after };
        if (!u.quiet && columns.version) {
          set.version = sql`${columns.version} + 1`;
          set.updatedAt = sql`now()`;
        }
        await tx
          .update(spec.table)
          .set(set as never)
          .where(eq(idColumn, u.before.id));
      }
      const plain = ({ externalIds: _, ...rest }: Values) => rest;
      await auditRows(tx, ctx, spec.entityType, [
        ...creates.map((c) => ({
          action: spec.audit.created,
          id: c.id as string,
          accountId: c.accountId as string,
          before: null,
          after: plain(c),
        })),
        ...updates
          .filter((u) => !u.quiet)
          .map((u) => ({
            action: spec.audit.updated,
            id: u.before.id,
            accountId: u.before.accountId,
            before: plain(Object.fromEntries(Object.keys(u.after).map((k) => [k, u.before[k]]))),
            after: plain(u.after),
          })),
      ]);
      return outcomes;
    },
  };
}

/** The writable fields of a row: those its mapping fills, from `keys`. */
export function pick(values: Values, keys: readonly string[]): Values {
  return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k]]));
}
