/**
 * A row of the file as the API would receive it: each mapped cell converted by its field's kind
 * (after the user's value map and the known values of other systems), references (owner,
 * account) left as the file wrote them for the entity's importer to resolve in bulk.
 */
import type { z } from 'zod';
import {
  fieldOf,
  type ImportEntity,
  type ImportSource,
  knownValues,
} from '../../../core/rules/csv-mapping.ts';
import {
  domainOf,
  enumKey,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseList,
  parseNumber,
} from '../../../core/rules/csv-values.ts';

export interface CellError {
  column: string | null;
  message: string;
}

export interface Prepared {
  /** The data row, from 1. */
  row: number;
  cells: string[];
  /** Converted values by field key (custom fields under `customFields`); empty cells absent. */
  values: Record<string, unknown>;
  /** References as written: `owner`, `account`, `parentAccount`. */
  refs: Record<string, string>;
  errors: CellError[];
}

export interface Plan {
  entity: ImportEntity;
  source: ImportSource;
  headers: string[];
  mapping: Record<string, string | null>;
  valueMaps: Record<string, Record<string, string>>;
  defaults: Record<string, unknown>;
  /** Day before month in slash dates (files from European spreadsheets). */
  dayFirst: boolean;
}

/** The column each field is read from, for error messages. */
export function columnsOf(plan: Plan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [header, field] of Object.entries(plan.mapping))
    if (field && !(field in out)) out[field] = header;
  return out;
}

export function prepareRow(plan: Plan, row: number, cells: string[]): Prepared {
  const out: Prepared = { row, cells, values: {}, refs: {}, errors: [] };
  plan.headers.forEach((header, i) => {
    const key = plan.mapping[header];
    if (!key) return;
    const field = fieldOf(plan.entity, key);
    const raw = (cells[i] ?? '').trim();
    if (!field || raw === '') return;
    const mapped = plan.valueMaps[key]?.[raw];
    const fail = (message: string) => out.errors.push({ column: header, message: `${header}: ${message}` });
    if (key.startsWith('customFields.')) {
      const custom = (out.values.customFields ?? {}) as Record<string, string>;
      custom[key.slice('customFields.'.length)] = mapped ?? raw;
      out.values.customFields = custom;
      return;
    }
    switch (field.kind) {
      case 'user':
      case 'account':
        out.refs[key] = mapped ?? raw;
        return;
      case 'text':
        out.values[key] = key === 'domain' ? domainOf(mapped ?? raw) : (mapped ?? raw);
        return;
      case 'list':
        out.values[key] = parseList(mapped ?? raw);
        return;
      case 'enum': {
        const value = mapped ?? knownValues[key]?.[enumKey(raw)] ?? enumKey(raw);
        if (field.values?.includes(value)) out.values[key] = value;
        else fail(`"${raw}" is not one of ${field.values?.join(', ')} (map it in the value map)`);
        return;
      }
      default: {
        const order = plan.dayFirst ? 'dmy' : 'mdy';
        const parsed =
          field.kind === 'number'
            ? parseNumber(mapped ?? raw)
            : field.kind === 'date'
              ? parseDate(mapped ?? raw, order)
              : field.kind === 'datetime'
                ? parseDateTime(mapped ?? raw, order)
                : parseBoolean(mapped ?? raw);
        if (parsed.ok) out.values[key] = parsed.value;
        else fail(parsed.message);
      }
    }
  });
  for (const [key, value] of Object.entries(plan.defaults)) {
    if (key === 'ownerId' || value === undefined || value === null || value === '') continue;
    if (!(key in out.values) && !(key in out.refs)) out.values[key] = value;
  }
  return out;
}

/**
 * A zod failure as the row's errors, each naming the file's column for its field (`ownerId` is
 * the `owner` column, `accountId` the `account` column).
 */
export function schemaErrors(
  error: z.ZodError,
  columns: Record<string, string>,
  fieldOfPath: Record<string, string> = {},
): CellError[] {
  return error.issues.map((issue) => {
    const path = String(issue.path[0] ?? '');
    const field = fieldOfPath[path] ?? path;
    const column = columns[field] ?? null;
    const where = column ?? (issue.path.join('.') || 'row');
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return { column, message: `${where}: ${missing ? 'is required' : issue.message}` };
  });
}
