import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
let admin: TestUser;
let am: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
});
afterAll(() => t.close());

const newProduct = async (extra: object = {}) =>
  client(t.app, admin).post('/api/v1/products', { name: unique('Seat'), sku: unique('SKU'), ...extra });

describe('products', () => {
  it('admins create products with defaults; everyone signed in reads them', async () => {
    const sku = unique('SKU');
    const res = await newProduct({ sku, category: 'Licences', listPrice: 1200.5 });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/products/${res.body.id}`);
    expect(res.body).toMatchObject({
      sku,
      category: 'Licences',
      listPrice: 1200.5,
      active: true,
      version: 1,
    });
    const plain = await newProduct();
    expect(plain.body).toMatchObject({ category: null, listPrice: 0, active: true });

    const read = await client(t.app, am).get(`/api/v1/products/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    const found = await client(t.app, am).get(`/api/v1/products?q=${sku}`);
    expect(found.body.data.map((p: { id: string }) => p.id)).toEqual([res.body.id]);
  });

  it('only admins write the catalogue', async () => {
    const mine = client(t.app, am);
    expect((await mine.post('/api/v1/products', { name: 'X', sku: unique('SKU') })).status).toBe(403);
    const p = (await newProduct()).body;
    expect((await mine.patch(`/api/v1/products/${p.id}`, { listPrice: 1 })).status).toBe(403);
    expect((await mine.del(`/api/v1/products/${p.id}`)).status).toBe(403);
  });

  it('keeps SKUs unique, naming the field', async () => {
    const sku = unique('SKU');
    await newProduct({ sku });
    const clash = await newProduct({ sku });
    expect(clash.status).toBe(409);
    expect(clash.body.errors).toEqual([{ path: 'sku', message: 'is taken' }]);
    const other = (await newProduct()).body;
    const renamed = await client(t.app, admin).patch(`/api/v1/products/${other.id}`, { sku });
    expect(renamed.status).toBe(409);
    expect(renamed.body.errors[0].path).toBe('sku');
  });

  it('validates prices and unknown fields', async () => {
    const bad = await newProduct({ listPrice: 10.005 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('listPrice');
    expect((await newProduct({ listPrice: -1 })).body.errors[0].path).toBe('listPrice');
    expect((await newProduct({ colour: 'red' })).body.errors[0].path).toBe('colour');
  });

  it('patches with If-Match, filters by active, and audits every write', async () => {
    const api = client(t.app, admin);
    const category = unique('Cat');
    const p = (await newProduct({ category })).body;
    expect(
      (await api.patch(`/api/v1/products/${p.id}`, { active: false }, { 'if-match': '"7"' })).status,
    ).toBe(412);
    const off = await api.patch(`/api/v1/products/${p.id}`, { active: false }, { 'if-match': '"1"' });
    expect(off.body).toMatchObject({ active: false, version: 2 });
    const live = await api.get(`/api/v1/products?category=${category}&active=true`);
    expect(live.body.data).toEqual([]);
    const retired = await api.get(`/api/v1/products?category=${category}&active=false`);
    expect(retired.body.data).toHaveLength(1);

    const trail = await api.get(`/api/v1/audit?entityType=product&entityId=${p.id}`);
    expect(trail.body.data.map((e: { action: string }) => e.action)).toEqual([
      'product.updated',
      'product.created',
    ]);
    expect(trail.body.data[0].changes).toEqual({ active: [true, false] });
  });

  it('deletes a product nothing uses; one in use stays and is retired instead', async () => {
    const api = client(t.app, admin);
    const unused = (await newProduct()).body;
    expect((await api.del(`/api/v1/products/${unused.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/products/${unused.id}`)).status).toBe(404);

    const used = (await newProduct({ listPrice: 100 })).body;
    const acct = (await api.post('/api/v1/accounts', { name: unique('Acct') })).body;
    await api.post('/api/v1/contracts', {
      accountId: acct.id,
      name: 'Licences',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      lines: [{ productId: used.id, quantity: 3, unitPrice: 100 }],
    });
    const refused = await api.del(`/api/v1/products/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('"active": false');
    expect((await api.get(`/api/v1/products/${used.id}`)).body.active).toBe(true);

    const trail = await api.get(`/api/v1/audit?entityType=product&entityId=${unused.id}`);
    expect(trail.body.data.map((e: { action: string }) => e.action)).toEqual([
      'product.deleted',
      'product.created',
    ]);
  });
});
