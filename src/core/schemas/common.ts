import { z } from 'zod';

/** A record id: a UUID, read in lower case however the client wrote it (the database's own form). */
export const id = z.uuid().toLowerCase();

/**
 * The calendar days the API takes (docs/api-conventions.md#limits): PostgreSQL and every client can
 * hold them.
 */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2999-12-31';
/** Only a well-formed day is checked: a malformed one already fails the format, once. */
const inRange = (value: string) => {
  const day = value.slice(0, 10);
  return !/^\d{4}-\d{2}-\d{2}$/.test(day) || (day >= FIRST_DAY && day <= LAST_DAY);
};
const rangeMessage = `must be between ${FIRST_DAY} and ${LAST_DAY}`;

/** A timestamp a client sends: ISO 8601 in UTC, between 1900 and 2999. */
export const isoDateTime = z.iso.datetime({ offset: false }).refine(inRange, { message: rangeMessage });
/** A calendar date a client sends: `YYYY-MM-DD`, a real day between 1900 and 2999. */
export const isoDate = z.iso.date().refine(inRange, { message: rangeMessage });
/** A timestamp the server answers with (no range check: a stored value must always be readable). */
export const isoDateTimeOut = z.iso.datetime({ offset: false });
/** A calendar date the server answers with. */
export const isoDateOut = z.iso.date();
export const name = z.string().trim().min(1).max(200);
export const freeText = z.string().max(20_000);

export const roles = ['admin', 'manager', 'account_manager', 'member', 'viewer'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** A list's `cursor`: opaque to clients; the list checks it is its own (see keyset pagination). */
export const listCursor = z
  .string()
  .max(500)
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'is not a cursor this server gave out' });

/**
 * `?limit&cursor` on every list: the one definition of a list query. A list adds its `sort` (see
 * `sortParam`) and its filters with `listQuery.extend({...})`, or spreads `listQuery.shape` where
 * other parameters come first (the parameters' order is the document's).
 */
export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: listCursor.optional(),
});

/**
 * A list's `?sort`: one of `fields` ascending, or descending with a leading `-`; `fallback` when
 * none is given. The values are listed (in the document, and in the 400 naming them) every field
 * ascending then every field descending, or with `paired` each field followed by its descending form.
 */
export function sortParam<const T extends string>(
  fields: readonly [T, ...T[]],
  fallback: NoInfer<T | `-${T}`>,
  { paired = false }: { paired?: boolean } = {},
) {
  const descending = (field: T) => `-${field}` as const;
  const values = paired
    ? fields.flatMap((field) => [field, descending(field)])
    : [...fields, ...fields.map(descending)];
  // `fallback` is typed as one of the values above; zod's enum type hides that from TypeScript here.
  return z.enum(values).default(fallback as never);
}

export function page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export const idParams = z.strictObject({ id });

/** A record's version: sent as its ETag and checked against `If-Match` on a write; a change adds one. */
export const version = z.number().int();
/** When a record was created and last changed, as the server answers with them. */
export const recordStamps = { createdAt: isoDateTimeOut, updatedAt: isoDateTimeOut };

/**
 * A versioned record as the server answers with it: `id` first, then the record's own `fields`, then
 * `createdAt`, `updatedAt` and `version` (in that order, the order of the response's keys).
 */
export function versioned<const S extends z.ZodRawShape>(fields: S) {
  return z.object({ id, ...fields, ...recordStamps, version });
}

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Request headers of a write to a versioned record (other headers pass through untouched). */
export const versionedWriteHeaders = z.looseObject({
  'if-match': z
    .string()
    .max(100)
    .optional()
    .describe('The ETag from the last read, e.g. "3"; a stale one answers 412 and changes nothing'),
});

/** Request headers of a create (other headers pass through untouched). */
export const createHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Retry safely: the same key and body within 24 h replays the first response'),
});

/** The problem responses any write may give (documented once for every write route). */
export const writeErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  412: problemSchema,
};
