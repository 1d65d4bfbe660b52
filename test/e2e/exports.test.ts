import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, signInCookie, startWithAdmin } from './support.ts';

// "Export CSV" on the list screens: a download of /api/v1/exports/<entity>.csv with the list's own
// filters, signed in by the session cookie.

let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };

beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
  const cookie = await signInCookie(server, admin);
  for (const body of [
    { name: 'Northwind Traders', domain: 'northwindtraders.com', segment: 'enterprise' },
    { name: 'Contoso, Ltd.', domain: 'contoso.com', segment: 'smb' },
  ]) {
    const res = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
});
afterAll(() => session?.close());

/** The text of the file the browser downloads on clicking Export CSV, BOM dropped, and its address. */
async function exportCsv(): Promise<{ url: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  return { url: file.url(), text: (await readFile(await file.path(), 'utf8')).replace(/^\uFEFF/, '') };
}

describe('Export CSV', () => {
  it('downloads the accounts list as CSV, header first', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
    await page.getByRole('row', { name: /Northwind Traders/ }).waitFor();

    const { url, text } = await exportCsv();
    expect(new URL(url).pathname).toBe('/api/v1/exports/accounts.csv');
    const lines = text.split(/\r\n/).filter(Boolean);
    expect(lines[0]).toMatch(/^id,name,domain/);
    expect(lines).toHaveLength(3);
    expect(text).toContain('"Contoso, Ltd."');
  });

  it('sends the filters the list has', async () => {
    await page.goto(`${server.url}/accounts?segment=enterprise`);
    await page.getByRole('row', { name: /Northwind Traders/ }).waitFor();
    const { url, text } = await exportCsv();
    expect(new URL(url).searchParams.get('segment')).toBe('enterprise');
    const lines = text.split(/\r\n/).filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Northwind Traders');
  });

  it('logged no errors in the browser', () => {
    expect(errors).toEqual([]);
  });
});
