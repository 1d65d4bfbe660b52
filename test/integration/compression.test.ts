import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';

// A built web app in miniature: a page and hashed assets big enough to be worth compressing; the
// build's .br and .gz of the page and of one asset (scripts/build.mjs writes them for every file).
const script = `${'export const rows = [];\n'.repeat(200)}console.log(rows.length);\n`;
const page = `<!doctype html><title>Steward</title><script type="module" src="/assets/index-Ab12Cd34.js"></script>${'<!-- - -->'.repeat(200)}`;

const prebuilt = brotliCompressSync(script);

let t: TestApp;
let am: TestUser;
beforeAll(async () => {
  const webDir = mkdtempSync(path.join(tmpdir(), 'steward-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), page);
  writeFileSync(path.join(webDir, 'assets', 'index-Ab12Cd34.js'), script);
  writeFileSync(path.join(webDir, 'index.html.gz'), gzipSync(page));
  writeFileSync(path.join(webDir, 'assets', 'vendor-Ef56Gh78.js'), script);
  writeFileSync(path.join(webDir, 'assets', 'vendor-Ef56Gh78.js.br'), prebuilt);
  t = await testApp({ config: { webDir } });
  am = await makeUser(t.db);
  for (let i = 0; i < 30; i++) await makeAccount(t.db, am.id);
});
afterAll(() => t.close());

describe('compression and caching of what the server sends', () => {
  it('sends a hashed asset brotli-compressed when asked, and lets browsers keep it a year', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.length).toBeLessThan(script.length);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it("sends the build's own .br of an asset as it is, immutable too", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/assets/vendor-Ef56Gh78.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.equals(prebuilt)).toBe(true);
  });

  it('has the page revalidated on every visit, at / and at a page address the browser routes', async () => {
    for (const url of ['/', '/index.html', '/accounts']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('gzip');
      expect(gunzipSync(res.rawPayload).toString(), url).toBe(page);
    }
  });

  it('gzips a large API list, which still decodes to its JSON, and keeps it out of caches', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts?limit=50',
      headers: { ...am.auth, 'accept-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(gunzipSync(res.rawPayload).toString());
    expect(body.data.length).toBeGreaterThanOrEqual(30);
    expect(res.rawPayload.length).toBeLessThan(JSON.stringify(body).length / 2);
  });

  it('sends everything as it is to a client that does not ask for compression', async () => {
    for (const url of ['/assets/index-Ab12Cd34.js', '/', '/api/v1/accounts?limit=50']) {
      const res = await t.app.inject({ method: 'GET', url, headers: am.auth });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBeUndefined();
    }
    const asset = await t.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(asset.payload).toBe(script);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/accounts?limit=50', headers: am.auth });
    expect(list.json().data.length).toBeGreaterThanOrEqual(30);
  });

  it('compresses a problem+json error body that is still readable problem+json', async () => {
    const unknown = Array.from({ length: 40 }, (_, i) => `unknown${i}=1`).join('&');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts?${unknown}`,
      headers: { ...am.auth, 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['content-encoding']).toBe('br');
    const body = JSON.parse(brotliDecompressSync(res.rawPayload).toString());
    expect(body).toMatchObject({ status: 400, title: expect.any(String) });
    expect(body.errors.length).toBeGreaterThan(1);
  });

  it('answers HEAD with headers and no body, naming no encoding the client did not accept', async () => {
    for (const encoding of ['br', undefined]) {
      for (const url of ['/assets/index-Ab12Cd34.js', '/api/v1/accounts?limit=50']) {
        const res = await t.app.inject({
          method: 'HEAD',
          url,
          headers: { ...am.auth, ...(encoding ? { 'accept-encoding': encoding } : {}) },
        });
        expect(res.statusCode, url).toBe(200);
        expect(res.rawPayload.length, url).toBe(0);
        expect([encoding, undefined], url).toContain(res.headers['content-encoding']);
      }
    }
  });
});
