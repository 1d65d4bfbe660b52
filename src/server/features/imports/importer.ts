/** What every entity's importer shares: the batch's context, each row's outcome, the audit. */
import type { z } from 'zod';
import type { AuditAction } from '../../../core/schemas/people.ts';
import { diff, recordMany } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { type CellError, type Plan, type Prepared, schemaErrors } from './prepare.ts';
import type { Users } from './references.ts';

export type Mode = 'create_only' | 'update_only' | 'upsert';

export interface BatchContext {
  importId: string;
  plan: Plan;
  mode: Mode;
  users: Users;
  actor: Actor;
  /** The column of each field, for messages. */
  columns: Record<string, string>;
  /** Today, from the clock. */
  today: string;
  /** The moment of the batch, from the clock. */
  now: Date;
  /** The batch's transaction (for importers that read per row). */
  tx: Db;
}

export type Outcome =
  | { row: number; action: 'create' | 'update'; id: string; accountId: string }
  | { row: number; action: 'skip'; reason: string }
  | { row: number; action: 'error'; errors: CellError[] };

export interface Importer {
  /**
   * The row's identities within the file (id, external id, e-mail…): rows sharing any one of
   * them are the same record, and the last of them supersedes the others.
   */
  keys(p: Prepared): string[];
  /** Matches, validates and (when `write`) writes one batch; an outcome per row, in order. */
  batch(tx: Db, ctx: BatchContext, rows: Prepared[], write: boolean): Promise<Outcome[]>;
}

export const failed = (p: Prepared, errors: CellError[]): Outcome => ({
  row: p.row,
  action: 'error',
  errors,
});

/** Validates `input` with the API's own schema; the row's errors if it fails. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  ctx: BatchContext,
  fieldOfPath?: Record<string, string>,
): { ok: true; value: z.output<S> } | { ok: false; errors: CellError[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: schemaErrors(parsed.error, ctx.columns, fieldOfPath) };
}

/** The fields of `next` whose value differs from `current` (arrays and objects by content). */
export function changedFields(current: Record<string, unknown>, next: Record<string, unknown>): string[] {
  return Object.keys(next).filter(
    (k) => next[k] !== undefined && JSON.stringify(current[k] ?? null) !== JSON.stringify(next[k] ?? null),
  );
}

/** The identities every entity's rows have in a file: a Steward id, an external id. */
export function idKeys(p: Prepared): string[] {
  const v = p.values;
  const keys: string[] = [];
  if (typeof v.id === 'string') keys.push(`id:${v.id.toLowerCase()}`);
  if (typeof v.externalId === 'string') keys.push(`ext:${v.externalId}`);
  return keys;
}

/** The mode's skip for a row that does (or does not) match a record; undefined: write it. */
export function skipByMode(ctx: BatchContext, p: Prepared, matched: boolean): Outcome | undefined {
  if (matched && ctx.mode === 'create_only') return { row: p.row, action: 'skip', reason: 'exists' };
  if (!matched && ctx.mode === 'update_only') return { row: p.row, action: 'skip', reason: 'no match' };
  return undefined;
}

/**
 * A row checked by the API's schema for what it does: the patch schema when it updates `match`,
 * the create schema (with the resolved account) when it creates.
 */
export function validateRow<W extends z.ZodType, P extends z.ZodType>(
  schemas: { write: W; patch: P },
  input: Record<string, unknown>,
  ctx: BatchContext,
  target: { match: unknown; accountId?: string },
  fieldOfPath: Record<string, string> = {},
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: CellError[] } {
  const checked = target.match
    ? validate(schemas.patch, input, ctx, fieldOfPath)
    : validate(schemas.write, target.accountId ? { ...input, accountId: target.accountId } : input, ctx, {
        accountId: 'account',
        ...fieldOfPath,
      });
  return checked as { ok: true; value: Record<string, unknown> } | { ok: false; errors: CellError[] };
}

/** One audit entry per written record, in one statement, each naming the import. */
export async function auditRows(
  tx: Db,
  ctx: BatchContext,
  entityType: string,
  rows: {
    action: AuditAction;
    id: string;
    accountId: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown>;
  }[],
): Promise<void> {
  await recordMany(
    tx,
    ctx.actor,
    rows.map((r) => ({
      action: r.action,
      entityType,
      entityId: r.id,
      accountId: r.accountId,
      changes: diff(r.before, r.after),
      subject: `import ${ctx.importId}`,
    })),
  );
}

/** The source key external ids are kept under: the system the file came from. */
export const sourceKey = (plan: Plan): string =>
  plan.source === 'steward' ? 'steward' : plan.source === 'generic' ? 'csv' : plan.source;
