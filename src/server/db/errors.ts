import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../../core/errors.ts';

/** What the database said about a failed statement, read from the driver's error. */
interface PgFailure {
  code: string;
  constraint?: string;
  table?: string;
  message: string;
}

/**
 * The driver's error behind a failed query. Drizzle wraps it, so the SQLSTATE may sit on the error
 * or on its cause; both drivers (pg and PGlite) set `code`, `constraint` and `table`.
 */
export function pgFailure(err: unknown): PgFailure | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, constraint, table, message } = e as Record<string, unknown>;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return {
        code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        table: typeof table === 'string' ? table : undefined,
        message: typeof message === 'string' ? message : '',
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Whether a failed query broke the named unique index (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const f = pgFailure(err);
  return f?.code === '23505' && (f.constraint === undefined || f.constraint === constraint);
}

/** A deadlock or a serialisation failure: the transaction may simply run again. */
export function isRetryable(err: unknown): boolean {
  const code = pgFailure(err)?.code;
  return code === '40P01' || code === '40001';
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export interface Constraint {
  table: string;
  fields: string[];
  /** For a foreign key: the table it points at. */
  references?: string;
}

/** Unique indexes and foreign keys by name, with the API fields they cover. */
export type Constraints = ReadonlyMap<string, Constraint>;

/** Every unique index and foreign key of these Drizzle tables. */
export function constraintsOf(tables: Iterable<unknown>): Constraints {
  const map = new Map<string, Constraint>();
  for (const table of tables as Iterable<PgTable>) {
    const config = getTableConfig(table);
    for (const index of config.indexes) {
      const { name, unique, columns } = index.config;
      if (!unique || !name) continue;
      const fields = columns.flatMap((c) =>
        'name' in c && typeof c.name === 'string' ? [camel(c.name)] : [],
      );
      map.set(name, { table: config.name, fields });
    }
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      map.set(fk.getName(), {
        table: config.name,
        fields: ref.columns.map((c) => camel(c.name)),
        references: getTableConfig(ref.foreignTable).name,
      });
    }
  }
  return map;
}

/** A table's name as a reader says it: `issue_updates` → "issue updates". */
const noun = (table: string) => table.replaceAll('_', ' ');
/** One row of it: `opportunities` → "opportunity". */
const one = (table: string) =>
  noun(table)
    .replace(/ies$/, 'y')
    .replace(/(?<!s)s$/, '');

/** Unique indexes whose columns do not say what clashed (a partial index on a flag, a parent id). */
const clashFields: Record<string, string[]> = {
  contacts_one_primary_key: ['isPrimary'],
  contacts_account_email_key: ['email'],
  accounts_domain_live_key: ['domain'],
};

/**
 * The client-facing error for a database failure a request caused, or null when it is the server's
 * own fault: a unique clash → 409 naming the field; a delete of a record others point to → 409
 * naming what points to it; a reference to a record that does not exist → 400 naming the field.
 */
export function appErrorOf(err: unknown, constraints: Constraints = new Map()): AppError | null {
  const f = pgFailure(err);
  if (!f) return null;
  const known = f.constraint ? constraints.get(f.constraint) : undefined;
  if (f.code === '23505') {
    const fields = (f.constraint && clashFields[f.constraint]) || known?.fields || [];
    const what = fields.join(' and ') || 'value';
    return new AppError(
      'conflict',
      `Another ${one(known?.table ?? f.table ?? 'record')} already has this ${what}.`,
      {
        errors: fields.map((path) => ({ path, message: 'is already taken' })),
      },
    );
  }
  if (f.code === '23503') {
    if (/^update or delete/i.test(f.message)) {
      const by = noun(known?.table ?? f.table ?? 'other records');
      return new AppError(
        'conflict',
        `This record is still referenced by ${by}: change or remove those first.`,
        {
          errors: [{ path: known?.table ?? 'id', message: `is referenced by ${by}` }],
        },
      );
    }
    const fields = known?.fields ?? [];
    return new AppError('validation', `There is no ${noun(known?.references ?? 'record')} with that id.`, {
      errors: fields.map((path) => ({ path, message: 'does not exist' })),
    });
  }
  if (isRetryable(err)) {
    return new AppError('unavailable', 'The database was busy with conflicting changes. Try again.', {
      headers: { 'retry-after': '1' },
    });
  }
  return null;
}

const RETRIES = 3;

/**
 * Runs a transaction again when the database aborted it for a deadlock or a serialisation failure
 * (up to three more times, after a short random pause so the racers drift apart); then 503.
 */
export async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (attempt >= RETRIES) throw appErrorOf(err) ?? err;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
    }
  }
}
