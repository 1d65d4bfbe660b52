// The requests for one operation: request i is made from its own PRNG stream (seed, operation,
// i), first valid from the schema, then, most of the time, broken by one mutation.
import { Big, type Text } from './big.ts';
import type { Draft } from './draft.ts';
import type { FuzzRequest } from './http.ts';
import { MUTATIONS } from './mutations.ts';
import { nonNull, type Operation } from './openapi.ts';
import { type Caller, kindOfPathParam, type Pool, ROLES, targets } from './pool.ts';
import { type Rng, rngFor } from './rng.ts';
import { randomUuid, valueFor } from './values.ts';

/** Share of requests sent as generated, unmutated. */
const VALID_SHARE = 0.25;
const ANONYMOUS_SHARE = 0.08;

function validDraft(
  op: Operation,
  rng: Rng,
  pool: Pool,
  index: number,
  seed: number,
  optional: number,
): Draft {
  const ctx = { rng, pool };
  const d: Draft = {
    op,
    pathParams: new Map(),
    query: [],
    headers: {},
    body: undefined,
    contentType: undefined,
  };
  const write = op.method !== 'GET';
  // Last parameter first: a nested record (an issue update) fixes its parent (the issue).
  const pathParams = op.parameters.filter((p) => p.in === 'path').reverse();
  for (const p of pathParams) {
    if (d.pathParams.has(p.name)) continue;
    const kind = kindOfPathParam(op.path, p.name);
    const ids = kind ? targets(pool, kind, write) : [];
    const id = ids.length ? rng.pick(ids) : randomUuid(rng);
    d.pathParams.set(p.name, id);
    const parent = pool.parent.get(id);
    if (parent && p.name !== 'id') d.pathParams.set('id', parent);
  }
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    if (p.name === 'cursor') {
      const own = pool.cursors.get(op.path);
      if (own?.length && rng.chance(0.15)) d.query.push(['cursor', rng.pick(own)]);
      continue;
    }
    if (!p.required && !rng.chance(optional)) continue;
    d.query.push([p.name, String(valueFor(p.schema, p.name, ctx))]);
  }
  const headers = op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
  if (headers.includes('idempotency-key') && rng.chance(0.3))
    d.headers['idempotency-key'] = `fuzz-${seed}-${index}-${rng.seed()}`;
  // Usually stale (records start at version 1 and the fuzz writes move them on): a 412 case.
  if (headers.includes('if-match') && rng.chance(0.15)) d.headers['if-match'] = `"${rng.int(1, 3)}"`;
  if (op.body) {
    d.body = { json: valueFor(nonNull(op.body), 'body', ctx) };
    d.contentType = 'application/json';
  }
  return d;
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the three bytes
 * it would have in UTF-8 if it were allowed (%ED%A0%80): malformed UTF-8, which is the point.
 */
function encodeLoose(v: string): string {
  return v.replace(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g, (c) => {
    if (c.length === 2 || c.charCodeAt(0) < 0xd800 || c.charCodeAt(0) > 0xdfff) return encodeURIComponent(c);
    const u = c.charCodeAt(0);
    return [0xed, 0xa0 | ((u >> 6) & 0x1f), 0x80 | (u & 0x3f)]
      .map((b) => `%${b.toString(16).toUpperCase()}`)
      .join('');
  });
}

/** Path with its parameters and query string, percent-encoded; a Big when any part is huge. */
function urlOf(d: Draft): Text {
  // Parts are either literal text or a Big's expression: joined as text, or as one expression.
  const parts: Array<{ text: string } | { expr: string }> = [];
  const add = (v: Text | undefined) =>
    parts.push(v instanceof Big ? { expr: `encodeURIComponent(${v.expr})` } : { text: encodeLoose(v ?? '') });
  const pieces = d.op.path.split(/\{(\w+)\}/);
  for (const [i, piece] of pieces.entries()) {
    if (i % 2) add(d.pathParams.get(piece));
    else parts.push({ text: piece });
  }
  d.query.forEach(([k, v], i) => {
    parts.push({ text: `${i ? '&' : '?'}${encodeURIComponent(k)}=` });
    add(v);
  });
  if (parts.every((p) => 'text' in p)) return parts.map((p) => ('text' in p ? p.text : '')).join('');
  return new Big(parts.map((p) => ('text' in p ? JSON.stringify(p.text) : p.expr)).join('+'));
}

/** Writes go to the admin more often, so that more of them get past the role check. */
function callerFor(rng: Rng, method: string): Caller {
  if (rng.chance(ANONYMOUS_SHARE)) return 'anonymous';
  if (method !== 'GET' && rng.chance(0.4)) return 'admin';
  return rng.pick(ROLES);
}

export function requestFor(op: Operation, index: number, seed: number, pool: Pool): FuzzRequest {
  const rng = rngFor(seed, op.key, index);
  const caller = callerFor(rng, op.method);
  const mutate = !rng.chance(VALID_SHARE);
  // A request to be broken carries more of its optional parameters: more for a mutation to aim at.
  const d = validDraft(op, rng, pool, index, seed, mutate ? 0.7 : 0.4);
  let mutation = 'valid';
  if (mutate) {
    const names = Object.keys(MUTATIONS);
    // Try mutations in a seeded order until one applies to this request.
    for (let tries = 0; tries < 8; tries++) {
      const applied = MUTATIONS[rng.pick(names)]!(d, { rng, pool });
      if (applied) {
        mutation = applied;
        break;
      }
    }
  }
  return {
    op: op.key,
    mutation,
    caller,
    method: op.method,
    url: urlOf(d),
    headers: d.headers,
    body: d.body,
    contentType: d.contentType,
  };
}
