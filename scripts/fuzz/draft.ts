// A request under construction, and the "slots" in it a mutation can aim at: every body field
// (nested ones too), query parameter and path parameter, each with the schema it must follow.
import type { Text } from './big.ts';
import { type JsonSchema, nonNull, type Operation, typeOf } from './openapi.ts';
import type { Pool } from './pool.ts';
import type { Rng } from './rng.ts';

export interface Draft {
  op: Operation;
  pathParams: Map<string, Text>;
  query: Array<[string, Text]>;
  headers: Record<string, Text>;
  body: { json: unknown } | { raw: Text } | undefined;
  contentType: string | undefined;
}

export interface Slot {
  where: 'body' | 'query' | 'path';
  /** Body: keys/indexes from the root; query and path: the parameter name. */
  at: Array<string | number>;
  /** The field name (last key), which also tells what the value refers to. */
  name: string;
  schema: JsonSchema;
}

export const label = (s: Slot): string => `${s.where}.${s.at.join('.')}`;

/** Every place in the draft that holds a value, with its schema. */
export function slotsOf(d: Draft): Slot[] {
  const out: Slot[] = [];
  for (const [name] of d.pathParams) {
    const p = d.op.parameters.find((x) => x.in === 'path' && x.name === name);
    if (p) out.push({ where: 'path', at: [name], name, schema: p.schema });
  }
  for (const [name] of d.query) {
    const p = d.op.parameters.find((x) => x.in === 'query' && x.name === name);
    if (p) out.push({ where: 'query', at: [name], name, schema: p.schema });
  }
  if (d.body && 'json' in d.body && d.op.body) walk(d.body.json, d.op.body, [], out);
  return out;
}

function walk(value: unknown, schema: JsonSchema, at: Array<string | number>, out: Slot[]): void {
  const s = nonNull(schema);
  if (Array.isArray(value) && s.items) {
    value.forEach((v, i) => {
      if (i < 2) walk(v, s.items!, [...at, i], out);
    });
  } else if (value !== null && typeof value === 'object' && s.properties) {
    for (const [k, v] of Object.entries(value)) {
      const prop = s.properties[k];
      if (!prop) continue;
      out.push({ where: 'body', at: [...at, k], name: k, schema: prop });
      walk(v, prop, [...at, k], out);
    }
  }
}

/** Puts a value in a slot (query and path values become text). */
export function setSlot(d: Draft, slot: Slot, value: unknown): void {
  const asText = (v: unknown): Text =>
    typeof v === 'string' || (typeof v === 'object' && v !== null && 'expr' in v)
      ? (v as Text)
      : JSON.stringify(v);
  if (slot.where === 'path') d.pathParams.set(slot.name, asText(value));
  else if (slot.where === 'query') {
    const entry = d.query.find(([k]) => k === slot.name);
    if (entry) entry[1] = asText(value);
  } else if (d.body && 'json' in d.body) {
    const parent = containerAt(d.body.json, slot.at.slice(0, -1));
    if (parent) (parent as Record<string | number, unknown>)[slot.at[slot.at.length - 1]!] = value;
  }
}

export function valueAt(d: Draft, slot: Slot): unknown {
  if (slot.where === 'path') return d.pathParams.get(slot.name);
  if (slot.where === 'query') return d.query.find(([k]) => k === slot.name)?.[1];
  if (!d.body || !('json' in d.body)) return undefined;
  const parent = containerAt(d.body.json, slot.at.slice(0, -1));
  return parent ? (parent as Record<string | number, unknown>)[slot.at[slot.at.length - 1]!] : undefined;
}

export function containerAt(root: unknown, at: Array<string | number>): object | undefined {
  let cur: unknown = root;
  for (const k of at) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur !== null && typeof cur === 'object' ? cur : undefined;
}

/** Objects in the body with the schema they follow: where fields can go missing or be added. */
export function objectsOf(d: Draft): Array<{ at: Array<string | number>; schema: JsonSchema }> {
  if (!d.body || !('json' in d.body) || !d.op.body) return [];
  const out: Array<{ at: Array<string | number>; schema: JsonSchema }> = [];
  const visit = (v: unknown, schema: JsonSchema, at: Array<string | number>) => {
    const s = nonNull(schema);
    if (Array.isArray(v) && s.items) {
      if (v.length) visit(v[0], s.items, [...at, 0]);
    } else if (v !== null && typeof v === 'object' && typeOf(s) === 'object') {
      out.push({ at, schema: s });
      for (const [k, x] of Object.entries(v)) if (s.properties?.[k]) visit(x, s.properties[k]!, [...at, k]);
    }
  };
  visit(d.body.json, d.op.body, []);
  return out;
}

export interface MutationContext {
  rng: Rng;
  pool: Pool;
}

/** Breaks the draft in one way and says how ("nul-string body.name"), or undefined if it cannot. */
export type Mutation = (d: Draft, ctx: MutationContext) => string | undefined;

export const pickSlot = (d: Draft, rng: Rng, test: (s: Slot) => boolean): Slot | undefined => {
  const slots = slotsOf(d).filter(test);
  return slots.length ? rng.pick(slots) : undefined;
};
