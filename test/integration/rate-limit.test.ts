import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ config: { apiRateLimit: 5 } });
});
afterAll(() => t.close());

describe('API rate limit', () => {
  it('answers 429 with Retry-After past the per-user limit, and counts each user apart', async () => {
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.auth })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.auth });
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.json().status).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: b.auth })).statusCode).toBe(200);
  });
});
