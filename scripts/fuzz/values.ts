// Valid values from a JSON schema: enums, formats (uuid, date, date-time, email), lengths and
// bounds, required fields. Names steer the content (an `accountId` is a real account, an `endDate`
// lies after today, a `name` looks like a name), so valid requests reach the code behind validation.
import { faker } from '@faker-js/faker';
import { type JsonSchema, nonNull, nullable, typeOf } from './openapi.ts';
import { kindOfField, type Pool } from './pool.ts';
import type { Rng } from './rng.ts';

export interface GenContext {
  rng: Rng;
  pool: Pool;
}

const DAY = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Start-like names lie before today, end-like after, so pairs such as start ≤ end usually hold. */
function dayOffset(name: string, rng: Rng): number {
  // Things that happened (a signal recorded, an activity that occurred) lie in the past.
  if (/recorded|occurred|opened|happened/i.test(name)) return -rng.int(1, 90);
  if (/start|from|after|since/i.test(name)) return -rng.int(1, 400);
  if (/end|to$|before|due|close|expires/i.test(name)) return rng.int(1, 400);
  if (/asOf|^date$/i.test(name)) return rng.int(-60, 60);
  return rng.int(-365, 365);
}

export function validDate(name: string, rng: Rng): string {
  return isoDate(Date.now() + dayOffset(name, rng) * DAY);
}

export function validDateTime(name: string, rng: Rng): string {
  const ms = Date.now() + dayOffset(name, rng) * DAY + rng.int(0, DAY / 1000) * 1000;
  return new Date(ms).toISOString();
}

/** A uuid v7-shaped string that names nothing: for references when the pool has none. */
export function randomUuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-7${hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

export function poolId(name: string, ctx: GenContext): string {
  const kind = kindOfField(name);
  // Owners must be able to own accounts: the admin, manager or account manager.
  if (kind === 'users' && /owner|assignee/.test(name)) {
    const u = ctx.pool.users;
    const owners = [u.admin, u.manager, u.account_manager].filter(Boolean).map((x) => x.id);
    if (owners.length) return ctx.rng.pick(owners);
  }
  const ids = kind ? ctx.pool.ids.get(kind) : undefined;
  return ids?.length ? ctx.rng.pick(ids) : randomUuid(ctx.rng);
}

function textFor(name: string, rng: Rng): string {
  faker.seed(rng.seed());
  if (/^name$/.test(name)) return faker.company.name();
  if (/first/i.test(name)) return faker.person.firstName();
  if (/last/i.test(name)) return faker.person.lastName();
  if (/password/i.test(name)) return `fuzz-${faker.string.alphanumeric(14)}`;
  if (/phone/i.test(name)) return faker.phone.number();
  if (/sku/i.test(name)) return `SKU-${faker.string.alphanumeric(8).toUpperCase()}`;
  if (/industry|category|area|team/i.test(name)) return faker.commerce.department();
  if (/body|description|notes|agenda|reason|detail/i.test(name)) return faker.lorem.paragraph();
  if (/title|subject|step/i.test(name)) return faker.lorem.sentence();
  if (/^q$/.test(name)) return faker.company.name().split(/\W/)[0] ?? 'acme';
  if (/metric/i.test(name)) return rng.pick(['nps', 'product_usage', 'seats_used', 'logins_30d']);
  if (/domain/i.test(name)) return faker.internet.domainName().toLowerCase();
  return faker.lorem.words(rng.int(1, 3));
}

function emailFor(rng: Rng): string {
  faker.seed(rng.seed());
  const user = faker.internet
    .username()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return `${user || 'user'}${rng.int(1, 99999)}@example.com`;
}

function stringValue(s: JsonSchema, name: string, ctx: GenContext): string {
  let v: string;
  if (s.format === 'uuid') v = poolId(name, ctx);
  else if (s.format === 'date') v = validDate(name, ctx.rng);
  else if (s.format === 'date-time') v = validDateTime(name, ctx.rng);
  else if (s.format === 'email') v = emailFor(ctx.rng);
  else v = textFor(name, ctx.rng);
  if (s.pattern && !safeTest(s.pattern, v))
    v = textFor(s.pattern.includes('[a-z0-9-]') ? 'domain' : 'metric', ctx.rng);
  if (s.maxLength !== undefined && v.length > s.maxLength) v = v.slice(0, s.maxLength);
  if (s.minLength !== undefined && v.length < s.minLength) v = v.padEnd(s.minLength, 'x');
  return v;
}

function safeTest(pattern: string, v: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(v);
  } catch {
    return true;
  }
}

function numberValue(s: JsonSchema, name: string, rng: Rng, integer: boolean): number {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 0.01) : 0);
  let hi =
    s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 0.01) : lo + 1000);
  // Money and counts: realistic magnitudes, not the 12-digit maximum.
  if (/amount|arr|price/i.test(name)) hi = Math.min(hi, lo + 250_000);
  else if (/quantity/i.test(name)) hi = Math.min(hi, lo + 50);
  else if (name === 'limit') hi = Math.min(hi, 50);
  else hi = Math.min(hi, lo + 1000);
  if (integer || (s.multipleOf !== undefined && s.multipleOf >= 1))
    return rng.int(Math.ceil(lo), Math.floor(hi));
  const step = s.multipleOf ?? 0.01;
  const steps = Math.floor((hi - lo) / step);
  return Number((lo + rng.int(0, steps) * step).toFixed(2));
}

/** A valid value for the schema; `name` is the field or parameter it is for. */
export function valueFor(schema: JsonSchema, name: string, ctx: GenContext): unknown {
  if (schema.const !== undefined) return schema.const;
  if (nullable(schema) && ctx.rng.chance(0.1)) return null;
  const s = nonNull(schema);
  if (s.enum) return ctx.rng.pick(s.enum.filter((e) => e !== null));
  switch (typeOf(s)) {
    case 'string':
      return stringValue(s, name, ctx);
    case 'integer':
      return numberValue(s, name, ctx.rng, true);
    case 'number':
      return numberValue(s, name, ctx.rng, false);
    case 'boolean':
      return ctx.rng.chance(0.5);
    case 'array':
      return arrayValue(s, name, ctx);
    case 'object':
      return objectValue(s, ctx);
    default:
      return textFor(name, ctx.rng);
  }
}

function arrayValue(s: JsonSchema, name: string, ctx: GenContext): unknown[] {
  const min = s.minItems ?? 0;
  const n = ctx.rng.int(min, Math.max(min, Math.min(s.maxItems ?? 3, min + 3)));
  const items: unknown[] = [];
  for (let i = 0; i < n * 3 && items.length < n; i++) {
    const v = valueFor(s.items ?? {}, name, ctx);
    // Id lists are sets: a repeated id would be a different (invalid) request.
    if (!items.some((x) => JSON.stringify(x) === JSON.stringify(v))) items.push(v);
  }
  return items;
}

export function objectValue(s: JsonSchema, ctx: GenContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (required.has(k) || ctx.rng.chance(0.6)) out[k] = valueFor(prop, k, ctx);
  }
  cohere(out, ctx);
  // Free-form maps (customFields): a couple of scalar entries.
  if (!s.properties && typeof s.additionalProperties === 'object') {
    for (let i = ctx.rng.int(0, 2); i > 0; i--)
      out[`field_${ctx.rng.int(1, 99)}`] = valueFor(s.additionalProperties, 'value', ctx);
  }
  return out;
}

/**
 * Makes one object's references agree, as a real client's would: with an `accountId`, the
 * contacts, contracts... it names are that account's; and of `xId` / `xDomain` (two ways to name
 * the same account) only one is kept.
 */
function cohere(out: Record<string, unknown>, ctx: GenContext): void {
  if ('accountId' in out && 'accountDomain' in out)
    delete out[ctx.rng.chance(0.5) ? 'accountId' : 'accountDomain'];
  const accountId = out.accountId;
  if (typeof accountId !== 'string') return;
  const sameAccount = (name: string): string | undefined => {
    const kind = kindOfField(name);
    const ids = (kind ? ctx.pool.ids.get(kind) : undefined)?.filter(
      (id) => ctx.pool.account.get(id) === accountId,
    );
    return ids?.length ? ctx.rng.pick(ids) : undefined;
  };
  for (const [k, v] of Object.entries(out)) {
    if (k === 'accountId') continue;
    if (typeof v === 'string') out[k] = sameAccount(k) ?? v;
    else if (Array.isArray(v))
      out[k] = [...new Set(v.map((x) => (typeof x === 'string' ? (sameAccount(k) ?? x) : x)))];
  }
}
