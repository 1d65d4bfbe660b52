import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

const json = (admin: TestUser, extra: Record<string, string> = {}) => ({
  ...admin.auth,
  'content-type': 'application/json',
  ...extra,
});

describe('errors are problem+json', () => {
  it('names each failing field of a bad body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: json(admin),
      payload: { email: 'not-an-email', name: '', role: 'king' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      status: 400,
      title: 'Invalid input',
      type: 'urn:steward:problem:validation',
    });
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['email', 'name', 'role']);
  });

  it('refuses an unknown field and names it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: json(admin),
      payload: { name: 'Ops', colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'colour', message: expect.stringMatching(/unrecognized/i) }]);
  });

  it('answers 400 for malformed JSON and 404 for an unknown route', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: json(admin),
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: admin.auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe('There is no GET /api/v1/nothing-here.');
  });

  it('answers 404 for an absent record and 400 for an id that is not a UUID', async () => {
    const absent = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/01a20333-d587-7205-9f4b-ae04845d93e5',
      headers: admin.auth,
    });
    expect(absent.statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/users/42', headers: admin.auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('id');
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: json(admin),
      payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, detail: 'The request body is larger than 1 MiB.' });
  });

  it('answers 401 without credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().title).toBe('Not signed in');
  });
});

describe('lists page by cursor', () => {
  it('walks every user once, in order, even when rows are added between pages', async () => {
    const prefix = unique('Page');
    for (const n of ['b', 'd', 'f']) await makeUser(t.db, { name: `${prefix} ${n}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        query: { q: prefix, limit: '1', ...(cursor ? { cursor } : {}) },
        headers: admin.auth,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { data: { name: string }[]; nextCursor: string | null };
      seen.push(...body.data.map((u) => u.name));
      cursor = body.nextCursor;
      // A user that sorts before the cursor appears after the first page: it must not shift pages.
      if (pages++ === 0) await makeUser(t.db, { name: `${prefix} a` });
    } while (cursor);
    expect(seen).toEqual([`${prefix} b`, `${prefix} d`, `${prefix} f`]);
  });

  it('sorts descending with -field and rejects a forged cursor and a limit over 200', async () => {
    const prefix = unique('Sort');
    for (const n of ['1', '2', '3']) await makeUser(t.db, { name: `${prefix} ${n}` });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      query: { q: prefix, sort: '-name' },
      headers: admin.auth,
    });
    expect(res.json().data.map((u: { name: string }) => u.name)).toEqual([
      `${prefix} 3`,
      `${prefix} 2`,
      `${prefix} 1`,
    ]);
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users?cursor=nonsense',
      headers: admin.auth,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].path).toBe('cursor');
    const big = await t.app.inject({ method: 'GET', url: '/api/v1/users?limit=201', headers: admin.auth });
    expect(big.statusCode).toBe(400);
    expect(big.json().errors[0].path).toBe('limit');
  });
});

describe('versions', () => {
  it('sends an ETag and refuses a stale If-Match with 412', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: json(admin),
      payload: { name: unique('Team') },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.headers.location).toBe(`/api/v1/teams/${id}`);
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/teams/${id}`, headers: admin.auth });
    expect(got.headers.etag).toBe('"1"');

    const first = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${id}`,
      headers: json(admin, { 'if-match': '"1"' }),
      payload: { name: 'Renamed once' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    expect(first.headers.etag).toBe('"2"');

    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${id}`,
      headers: json(admin, { 'if-match': '"1"' }),
      payload: { name: 'Lost update' },
    });
    expect(stale.statusCode).toBe(412);
    const now = await t.app.inject({ method: 'GET', url: `/api/v1/teams/${id}`, headers: admin.auth });
    expect(now.json().name).toBe('Renamed once');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and refuses another body with 409', async () => {
    const key = unique('idem');
    const name = unique('Team');
    const send = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: json(admin, { 'idempotency-key': key }),
        payload,
      });
    const first = await send({ name });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await send({ name });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    const teams = await t.app.inject({ method: 'GET', url: '/api/v1/teams?limit=200', headers: admin.auth });
    expect(teams.json().data.filter((x: { name: string }) => x.name === name)).toHaveLength(1);

    const other = await send({ name: `${name} else` });
    expect(other.statusCode).toBe(409);
  });

  it('keeps keys per user', async () => {
    const other = await makeUser(t.db, { role: 'admin' });
    const key = unique('idem');
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: json(admin, { 'idempotency-key': key }),
      payload: { name: unique('A') },
    });
    const b = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: json(other, { 'idempotency-key': key }),
      payload: { name: unique('B') },
    });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('security headers', () => {
  it('sets CSP, nosniff, frame and referrer policies, and a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('system', () => {
  it('reports health with the engine in use, and serves the OpenAPI document', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toEqual({
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/teams',
        '/api/v1/api-keys',
        '/api/v1/audit',
        '/api/v1/me',
      ]),
    );
    expect(
      spec.paths['/api/v1/teams'].post.requestBody.content['application/json'].schema.additionalProperties,
    ).toBe(false);
  });
});
