// Ways to break a valid request, one at a time, aimed at one value in it (a body field, a query or
// path parameter). Each returns what it did ("nul-string body.name"), or undefined when the
// request has nothing it applies to (no dates, no uuids...). Request-wide ones: mutations-request.ts.
import { Big } from './big.ts';
import {
  type Draft,
  label,
  type Mutation,
  objectsOf,
  pickSlot,
  type Slot,
  setSlot,
  valueAt,
} from './draft.ts';
import { REQUEST_MUTATIONS } from './mutations-request.ts';
import { nonNull, nullable, typeOf } from './openapi.ts';
import type { Rng } from './rng.ts';
import { randomUuid } from './values.ts';

const isType = (t: string) => (s: Slot) => typeOf(nonNull(s.schema)) === t;
const isFormat = (f: string) => (s: Slot) => nonNull(s.schema).format === f;

function mutateSlot(
  d: Draft,
  rng: Rng,
  name: string,
  test: (s: Slot) => boolean,
  values: (s: Slot) => unknown[],
): string | undefined {
  const slot = pickSlot(d, rng, test);
  if (!slot) return undefined;
  const choices = values(slot);
  if (!choices.length) return undefined;
  setSlot(d, slot, rng.pick(choices));
  return `${name} ${label(slot)}`;
}

const wrongType: Mutation = (d, { rng }) =>
  mutateSlot(
    d,
    rng,
    'wrong-type',
    (s) => s.where === 'body' || typeOf(nonNull(s.schema)) !== 'string',
    (s) => {
      const t = typeOf(nonNull(s.schema));
      const inUrl = s.where !== 'body';
      if (t === 'string') return [12345, true, ['x'], { a: 1 }, ...(nullable(s.schema) ? [] : [null])];
      if (t === 'integer' || t === 'number')
        return inUrl ? ['abc', '1x', 'NaN', 'Infinity'] : ['12', true, [1], 'NaN'];
      if (t === 'boolean') return inUrl ? ['yes', '2', 'TRUE '] : ['true', 1, 'yes'];
      if (t === 'array') return ['x', { a: 1 }, 7];
      if (t === 'object') return [['x'], 'x', 7];
      return [];
    },
  );

const missingRequired: Mutation = (d, { rng }) => {
  const options: Array<() => string> = [];
  for (const o of objectsOf(d))
    for (const k of o.schema.required ?? [])
      options.push(() => {
        const target = o.at.reduce<unknown>(
          (v, key) => (v as Record<string | number, unknown>)[key],
          (d.body as { json: unknown }).json,
        );
        delete (target as Record<string, unknown>)[k];
        return `missing-required body.${[...o.at, k].join('.')}`;
      });
  for (const p of d.op.parameters.filter((x) => x.in === 'query' && x.required))
    options.push(() => {
      d.query = d.query.filter(([k]) => k !== p.name);
      return `missing-required query.${p.name}`;
    });
  return options.length ? rng.pick(options)() : undefined;
};

const extraField: Mutation = (d, { rng }) => {
  const objects = objectsOf(d);
  if (objects.length && rng.chance(0.7)) {
    const o = rng.pick(objects);
    const target = o.at.reduce<unknown>(
      (v, key) => (v as Record<string | number, unknown>)[key],
      (d.body as { json: unknown }).json,
    );
    const key = rng.pick(['unknownField', 'id', 'version', 'createdAt', '__proto__x', 'isAdmin']);
    (target as Record<string, unknown>)[key] = rng.pick(['x', 1, true, null]);
    return `extra-field body.${[...o.at, key].join('.')}`;
  }
  d.query.push([rng.pick(['unknownParam', 'id', 'include']), '1']);
  return 'extra-field query';
};

const bounds: Mutation = (d, { rng }) =>
  mutateSlot(
    d,
    rng,
    'bounds',
    () => true,
    (s) => {
      const x = nonNull(s.schema);
      const out: unknown[] = [];
      const num = (v: number) => (s.where === 'body' ? v : String(v));
      const step = typeOf(x) === 'integer' ? 1 : (x.multipleOf ?? 0.01);
      if (x.maximum !== undefined) out.push(num(Number((x.maximum + step).toFixed(4))));
      if (x.minimum !== undefined) out.push(num(Number((x.minimum - step).toFixed(4))));
      if (x.exclusiveMinimum !== undefined) out.push(num(x.exclusiveMinimum));
      if (typeOf(x) === 'integer') out.push(num(1.5));
      if (x.multipleOf !== undefined && x.multipleOf < 1) out.push(num(10.005));
      if (x.maxLength !== undefined)
        out.push(
          x.maxLength > 2000 ? new Big(`"y".repeat(${x.maxLength + 1})`) : 'y'.repeat(x.maxLength + 1),
        );
      if (x.minLength) out.push('y'.repeat(x.minLength - 1));
      if (x.maxItems !== undefined && typeOf(x) === 'array' && s.where === 'body')
        out.push(
          new Big(
            `Array.from({length:${x.maxItems + 1}},(_,i)=>"0190a000-0000-7000-8000-"+String(i).padStart(12,"0"))`,
          ),
        );
      if (x.minItems) out.push([]);
      return out;
    },
  );

// In a URL, 10,000 characters: over the 8 KiB that must answer 414, under Node's 16 KiB limit on
// the request line (beyond it the connection-level 431 answers, tried once by a probe).
const hugeString: Mutation = (d, { rng }) =>
  mutateSlot(d, rng, 'huge-string', isType('string'), (s) =>
    s.where === 'body'
      ? [new Big('"x".repeat(100000)'), new Big('"é".repeat(100000)'), new Big('"\\u{1F600}".repeat(50000)')]
      : [new Big('"x".repeat(10000)')],
  );

const nulString: Mutation = (d, { rng }) =>
  mutateSlot(d, rng, 'nul-string', isType('string'), (s) => {
    const v = valueAt(d, s);
    const base = typeof v === 'string' ? v : 'abc';
    return [`${base}\u0000`, `\u0000${base}`, `a\u0000b`];
  });

const IMPOSSIBLE_DATES = ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10'];
const impossibleDate: Mutation = (d, { rng }) =>
  mutateSlot(
    d,
    rng,
    'impossible-date',
    (s) => isFormat('date')(s) || isFormat('date-time')(s),
    (s) =>
      isFormat('date')(s)
        ? IMPOSSIBLE_DATES
        : IMPOSSIBLE_DATES.map((x) => `${x}T10:00:00.000Z`).concat('2026-01-01T25:00:00Z'),
  );

const farDate: Mutation = (d, { rng }) =>
  mutateSlot(
    d,
    rng,
    'far-date',
    (s) => isFormat('date')(s) || isFormat('date-time')(s),
    (s) =>
      isFormat('date')(s)
        ? ['0000-01-01', '0001-01-01', '1899-12-31', '1900-01-01', '2999-12-31', '3000-01-01', '9999-12-31']
        : [
            '0000-01-01T00:00:00Z',
            '1899-12-31T23:59:59.999Z',
            '2999-12-31T23:59:59.999Z',
            '9999-12-31T23:59:59Z',
            '0001-01-01T00:00:00.000Z',
          ],
  );

const badUuid: Mutation = (d, ctx) =>
  mutateSlot(d, ctx.rng, 'bad-uuid', isFormat('uuid'), (s) => {
    const real = valueAt(d, s);
    const otherKinds = [...ctx.pool.ids.values()].flat();
    return [
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      randomUuid(ctx.rng),
      typeof real === 'string' ? real.toUpperCase() : 'X',
      typeof real === 'string' ? `${real}x` : 'x',
      // An empty id would make another route of a path (/contacts/ is the list).
      ...(s.where === 'path' ? [] : ['']),
      otherKinds.length ? ctx.rng.pick(otherKinds) : randomUuid(ctx.rng),
    ];
  });

// Text a database may choke on besides NUL: a lone surrogate (not encodable as UTF-8), a
// byte-order mark, right-to-left override, combining marks, a 4-byte emoji sequence.
const oddUnicode: Mutation = (d, { rng }) =>
  mutateSlot(d, rng, 'odd-unicode', isType('string'), (s) => {
    const v = valueAt(d, s);
    const base = typeof v === 'string' ? v : 'abc';
    return [
      `${base}\ud800`,
      `\udfff${base}`,
      `\ufeff${base}`,
      `\u202e${base}`,
      `${base}\u0301\u0301\u0301`,
      '👩‍👩‍👧‍👦',
    ];
  });

// Numbers at the edge of what JSON carries: beyond any column, subnormal, past 2^53.
const extremeNumber: Mutation = (d, { rng }) =>
  mutateSlot(
    d,
    rng,
    'extreme-number',
    (s) => ['number', 'integer'].includes(typeOf(nonNull(s.schema)) ?? ''),
    (s) => {
      const values = [1e308, -1e308, 5e-324, 2 ** 53 + 2, -0, 1e21];
      return s.where === 'body' ? values : values.map(String);
    },
  );

// The same id twice in a list (a set of contacts, team members...): one row per id, or a 400.
const duplicateIds: Mutation = (d, { rng }) => {
  const slot = pickSlot(
    d,
    rng,
    (s) =>
      s.where === 'body' &&
      typeOf(nonNull(s.schema)) === 'array' &&
      nonNull(s.schema).items?.format === 'uuid',
  );
  const list = slot ? valueAt(d, slot) : undefined;
  if (!slot || !Array.isArray(list)) return undefined;
  const id = list[0] ?? randomUuid(rng);
  setSlot(d, slot, [id, id]);
  return `duplicate-ids ${label(slot)}`;
};

// A record pointing at itself (an account its own parent, a contract renewing itself).
const selfReference: Mutation = (d, { rng }) => {
  const own = d.pathParams.get('id');
  if (typeof own !== 'string') return undefined;
  return mutateSlot(
    d,
    rng,
    'self-reference',
    (s) => s.where === 'body' && isFormat('uuid')(s),
    () => [own],
  );
};

export const MUTATIONS: Record<string, Mutation> = {
  wrongType,
  missingRequired,
  extraField,
  bounds,
  hugeString,
  nulString,
  impossibleDate,
  farDate,
  badUuid,
  oddUnicode,
  extremeNumber,
  duplicateIds,
  selfReference,
  ...REQUEST_MUTATIONS,
};
