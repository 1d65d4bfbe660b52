import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { makeUser } from '../support/factories.ts';
import { cookieHeader } from '../support/session.ts';

describe('the deployment currency on GET /api/v1/me', () => {
  let eur: TestApp;
  let usd: TestApp;
  beforeAll(async () => {
    eur = await testApp({ config: { currency: 'EUR' } });
    usd = await testApp();
  });
  afterAll(async () => {
    await eur?.close();
    await usd?.close();
  });

  it('tells the signed-in user the configured STEWARD_CURRENCY', async () => {
    const u = await makeUser(eur.db, { role: 'viewer' });
    const res = await eur.app.inject({ method: 'GET', url: '/api/v1/me', headers: u.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: u.id,
      email: u.email,
      name: u.name,
      role: 'viewer',
      teamIds: [],
      currency: 'EUR',
    });
  });

  it('defaults to USD', async () => {
    const u = await makeUser(usd.db, { role: 'account_manager' });
    const res = await usd.app.inject({ method: 'GET', url: '/api/v1/me', headers: u.auth });
    expect(res.json().currency).toBe('USD');
  });

  it('reads the currency from the environment as an ISO 4217 code', async () => {
    expect(loadConfig({ STEWARD_CURRENCY: 'JPY' }).currency).toBe('JPY');
    expect(loadConfig({}).currency).toBe('USD');
    expect(() => loadConfig({ STEWARD_CURRENCY: 'euro' })).toThrow(/STEWARD_CURRENCY: an ISO 4217 code/);
  });

  it('documents currency in the OpenAPI document as a required field of /me', async () => {
    const doc = (await usd.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const schema = doc.paths['/api/v1/me'].get.responses['200'].content['application/json'].schema;
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema;
    expect(resolved.required).toContain('currency');
    expect(resolved.properties.currency.description).toMatch(/ISO 4217/);
  });
});

describe('the first-run setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ fresh: true, config: { currency: 'GBP' } });
  });
  afterAll(() => t?.close());

  it('answers with the currency too, as /me does', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: { email: 'gb@example.test', name: 'Grace', password: 'analytical-engine' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().currency).toBe('GBP');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: cookieHeader(res.headers['set-cookie']) },
    });
    expect(me.json().currency).toBe('GBP');
  });
});
