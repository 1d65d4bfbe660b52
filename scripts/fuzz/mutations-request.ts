// Request-wide ways to break a request: cursors (forged, or valid but from another list), sort
// and filter parameters, the body's content type and shape (10,000-deep JSON, 5,000-item arrays,
// over 1 MiB), and the If-Match and Idempotency-Key headers.
import { Big } from './big.ts';
import { type Draft, label, type Mutation, pickSlot, setSlot } from './draft.ts';
import { nonNull, typeOf } from './openapi.ts';
import { randomUuid } from './values.ts';

const hasBody = (d: Draft) => d.op.body !== undefined;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function setQuery(d: Draft, name: string, value: string | Big): void {
  d.query = d.query.filter(([k]) => k !== name);
  d.query.push([name, value]);
}
const hasParam = (d: Draft, name: string) => d.op.parameters.some((p) => p.in === 'query' && p.name === name);

const forgedCursor: Mutation = (d, { rng, pool }) => {
  if (!hasParam(d, 'cursor')) return undefined;
  const own = pool.cursors.get(d.op.path) ?? [];
  const id = randomUuid(rng);
  const flipped = own.length ? rng.pick(own).replace(/^./, (c) => (c === 'W' ? 'X' : 'W')) : 'W1';
  setQuery(
    d,
    'cursor',
    rng.pick([
      'abc',
      '',
      '%%%',
      flipped,
      b64(['x', id]),
      b64([null, 'not-a-uuid']),
      b64([1e308, id]),
      b64(['9999-99-99T00:00:00Z', id]),
      b64(['\u0000', id]),
      b64(['a', '\u0000']),
      b64([{ a: 1 }, id]),
      b64([[], id]),
      b64(['x'.repeat(300), id]),
      b64([-1, id, 3]),
      b64({ value: 1, id }),
      b64(['0000-01-01T00:00:00.000Z', id]),
      b64([true, id]),
    ]),
  );
  return 'forged-cursor';
};

const foreignCursor: Mutation = (d, { rng, pool }) => {
  if (!hasParam(d, 'cursor')) return undefined;
  const others = [...pool.cursors.entries()].filter(([p]) => p !== d.op.path);
  if (!others.length) return undefined;
  const [from, cursors] = rng.pick(others);
  setQuery(d, 'cursor', rng.pick(cursors));
  return `foreign-cursor from ${from}`;
};

const badSort: Mutation = (d, { rng }) => {
  if (!hasParam(d, 'sort')) return undefined;
  setQuery(
    d,
    'sort',
    rng.pick(['nonexistent', '-', '--name', 'name,id', 'password', 'id;drop', 'NAME', ' name', '+name']),
  );
  return 'bad-sort';
};

const badFilter: Mutation = (d, { rng }) => {
  const params = d.op.parameters.filter((p) => p.in === 'query' && !['cursor', 'sort'].includes(p.name));
  if (!params.length) return undefined;
  const p = rng.pick(params);
  const s = nonNull(p.schema);
  const t = typeOf(s);
  if (rng.chance(0.25)) {
    // The same parameter twice: a framework hands it over as an array.
    d.query = d.query.filter(([k]) => k !== p.name);
    d.query.push([p.name, 'a'], [p.name, 'b']);
    return `bad-filter repeated query.${p.name}`;
  }
  const value = s.enum
    ? rng.pick(['bogus', String(s.enum[0]).toUpperCase(), ' '])
    : t === 'boolean'
      ? rng.pick(['maybe', '1', 'TRUE', ''])
      : t === 'integer' || t === 'number'
        ? rng.pick(['0', '-1', '201', '1.5', '1e3', '99999999999999999999', ''])
        : rng.pick(['', ' ', '%', '*', "'", '\\']);
  setQuery(d, p.name, value);
  return `bad-filter query.${p.name}`;
};

const wrongContentType: Mutation = (d, { rng }) => {
  if (!hasBody(d)) return undefined;
  const json = d.body && 'json' in d.body ? JSON.stringify(d.body.json) : '{}';
  const [ct, raw] = rng.pick<[string | undefined, string]>([
    ['text/plain', json],
    ['application/x-www-form-urlencoded', 'name=x&accountId=1'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    ],
    [undefined, json],
    ['application/json', '{"name":'],
    ['application/json', ''],
    ['application/json', 'null'],
    ['application/json', '"x"'],
    ['application/xml', '<a/>'],
  ]);
  d.body = { raw };
  d.contentType = ct;
  return `wrong-content-type ${ct ?? 'none'} ${JSON.stringify(raw.slice(0, 20))}`;
};

const deepJson: Mutation = (d, { rng }) => {
  if (!hasBody(d)) return undefined;
  d.body = {
    raw: new Big(
      rng.pick(['"[".repeat(10000)+"]".repeat(10000)', '"{\\"a\\":".repeat(10000)+"1"+"}".repeat(10000)']),
    ),
  };
  return 'deep-json';
};

const bigArray: Mutation = (d, { rng }) => {
  const slot = pickSlot(d, rng, (s) => s.where === 'body' && typeOf(nonNull(s.schema)) === 'array');
  if (slot) {
    setSlot(
      d,
      slot,
      new Big('Array.from({length:5000},(_,i)=>"0190a000-0000-7000-8000-"+String(i).padStart(12,"0"))'),
    );
    return `big-array ${label(slot)}`;
  }
  if (!hasBody(d) || !d.body || !('json' in d.body)) return undefined;
  d.body = { raw: new Big(`JSON.stringify(Array(5000).fill(${JSON.stringify(d.body.json)}))`) };
  return 'big-array body';
};

const ifMatch: Mutation = (d, { rng }) => {
  if (d.op.method === 'GET') return undefined;
  d.headers['if-match'] = rng.pick([
    'garbage',
    '"abc"',
    'W/"1"',
    '"99999999999999999999"',
    '*',
    '"1", "2"',
    '""',
    '"-1"',
    '"1.5"',
    '"0"',
  ]);
  return 'if-match';
};

const idempotencyKey: Mutation = (d, { rng }) => {
  if (d.op.method !== 'POST') return undefined;
  d.headers['idempotency-key'] = rng.pick<string | Big>([
    'k'.repeat(201),
    new Big('"k".repeat(5000)'),
    '',
    ' ',
    'a b',
  ]);
  return 'idempotency-key';
};

const oversizeBody: Mutation = (d) => {
  if (!hasBody(d)) return undefined;
  d.body = { raw: new Big('JSON.stringify({name:"z".repeat(1200000)})') };
  return 'oversize-body';
};

// A client's own X-Request-Id: kept when it is at most 100 of [A-Za-z0-9._-], else replaced.
const clientRequestId: Mutation = (d, { rng }) => {
  d.headers['x-request-id'] = rng.pick([
    'fuzz-req.1_A',
    'r'.repeat(100),
    'r'.repeat(101),
    'has space',
    'x;y',
    'a/b',
    '{}',
  ]);
  return 'client-request-id';
};

export const REQUEST_MUTATIONS: Record<string, Mutation> = {
  forgedCursor,
  foreignCursor,
  badSort,
  badFilter,
  wrongContentType,
  deepJson,
  bigArray,
  ifMatch,
  idempotencyKey,
  oversizeBody,
  clientRequestId,
};
