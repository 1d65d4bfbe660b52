import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { cookieHeader } from '../support/session.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ fresh: true });
});
afterAll(() => t.close());

describe('first run', () => {
  it('creates the first admin once, signed in, then refuses with 409', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: ORIGIN },
      payload: { email: 'ada@example.test', name: 'Ada', password: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'password', message: 'Use at least 10 characters.' }]);

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: ORIGIN },
      payload: { email: 'Ada@Example.test', name: 'Ada Lovelace', password: 'analytical-engine' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'ada@example.test', name: 'Ada Lovelace', role: 'admin' });
    const cookie = cookieHeader(res.headers['set-cookie']);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().role).toBe('admin');

    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: false });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: ORIGIN },
      payload: { email: 'eve@example.test', name: 'Eve', password: 'analytical-engine' },
    });
    expect(again.statusCode).toBe(409);
  });
});
