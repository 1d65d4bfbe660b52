import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, signInCookie, startWithAdmin } from './support.ts';

// Settings → Import, end to end: HubSpot's companies export (test/fixtures/imports/README.md says
// what it holds) uploaded as accounts, one column mapped to a new custom field, a dry run, the run
// with its progress, the failed rows downloaded; then the accounts list and its CSV export.

let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;

const ada = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'ada-lovelace-password' };
const grace = { name: 'Grace Hopper', email: 'grace@example.com', password: 'grace-hopper-password' };
const fixture = path.resolve(import.meta.dirname, '../fixtures/imports/hubspot-companies.csv');

beforeAll(async () => {
  session = await startWithAdmin(ada);
  ({ server, page, errors } = session);
  const cookie = await signInCookie(server, ada);
  const res = await fetch(`${server.url}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, cookie },
    body: JSON.stringify({ ...grace, role: 'account_manager' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
});
afterAll(() => session?.close());

/** The text of a file the browser downloaded after `click`, and the name it was offered under. */
async function download(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), text: (await readFile(saved, 'utf8')).replace(/^\uFEFF/, '') };
}

/** A CSV line's fields (quoted fields may hold commas and doubled quotes; no line breaks here). */
const fields = (line: string) =>
  [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
    .slice(0, -1)
    .map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!));

describe('CSV import in Settings', () => {
  it('signs in; Import is among the settings tabs of an admin', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.goto(`${server.url}/settings/import`);
    await page.getByRole('tab', { name: 'Import' }).waitFor();
    await page.getByRole('heading', { name: 'Import from a CSV file' }).waitFor();
    await page.getByText('No imports yet').waitFor();
  });

  it('uploads HubSpot’s companies as accounts and proposes a mapping', async () => {
    // Accounts is the default; the file goes through the file input Mantine hides behind its button.
    await page.locator('input[type="file"]').setInputFiles(fixture);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'hubspot-companies.csv' }).waitFor();
    await page.getByText(/Accounts · 30 rows · HubSpot export · UTF-8/i).waitFor();
    // The proposal: the company's name is the account's, City is not imported.
    expect(await page.getByRole('combobox', { name: 'Field for column Company name' }).inputValue()).toMatch(
      /^Name/,
    );
    expect(await page.getByRole('combobox', { name: 'Field for column City' }).inputValue()).toBe('Ignore');
  });

  it('maps City to a new custom field, city', async () => {
    await page.getByRole('combobox', { name: 'Field for column City' }).click();
    await page.getByRole('option', { name: 'New custom field…' }).click();
    const key = page.getByRole('textbox', { name: 'Custom field key' });
    expect(await key.inputValue()).toBe('city');
    await page.getByRole('button', { name: 'Add field' }).click();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Field for column City' }).inputValue())
      .toBe('city (custom field)');
    await expect.poll(() => key.count()).toBe(0);
  });

  it('dry-runs: 28 to create, Fabrikam’s first row a duplicate of its last, Wingtip Toys an error', async () => {
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await page.getByTestId('dry-run-create').waitFor();
    expect(await page.getByTestId('dry-run-create').textContent()).toBe('28');
    expect(await page.getByTestId('dry-run-update').textContent()).toBe('0');
    expect(await page.getByTestId('dry-run-skip').textContent()).toBe('1');
    expect(await page.getByTestId('dry-run-errors').textContent()).toBe('1');
    const errorRow = page.getByRole('table', { name: 'Dry run errors' }).getByRole('row').nth(1);
    expect(await errorRow.getByRole('cell').first().textContent()).toBe('22');
    expect(await errorRow.textContent()).toContain('Company Domain Name');
    await screenshot(page, 'import-dry-run');
  });

  it('runs: the progress bar reaches the completed summary', async () => {
    await page.getByRole('button', { name: 'Run import' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toContain('Import completed');
    expect(await summary.textContent()).toContain('28 created · 0 updated · 1 skipped · 1 failed');
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByTestId('import-progress').textContent()).toMatch(/^30 of 30 rows/);
    await screenshot(page, 'import-completed');
  });

  it('downloads the failed rows, as they came, with an error column', async () => {
    const { name, text } = await download(() => page.getByRole('link', { name: 'Download errors' }).click());
    expect(name).toMatch(/errors\.csv$/);
    const lines = text.split(/\r?\n/).filter(Boolean);
    expect(lines).toHaveLength(2);
    const header = fields(lines[0]!);
    expect(header.at(-1)).toBe('error');
    expect(header.slice(0, 3)).toEqual(['Record ID', 'Company name', 'Company Domain Name']);
    const row = fields(lines[1]!);
    expect(row.slice(0, 3)).toEqual(['18439021366', 'Wingtip Toys', 'wingtiptoys']);
    expect(row.at(-1)).toMatch(/Company Domain Name/);
  });

  it('lists the import in the history', async () => {
    const history = page.getByRole('table', { name: 'Imports' });
    const row = history.getByRole('row', { name: /hubspot-companies\.csv/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Completed/);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(1, 9)).toEqual([
      'Accounts',
      'hubspot-companies.csv30 rows',
      'Completed',
      '28',
      '0',
      '1',
      '1',
      'Failed rows',
    ]);
  });

  it('shows an imported company in the accounts list, owned as the file said, with its city', async () => {
    await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
    const row = page.getByRole('row', { name: /Northwind Traders/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('northwindtraders.com');
    expect(await row.textContent()).toContain(ada.name);
    const res = await page.request.get(`${server.url}/api/v1/accounts?q=Northwind`);
    const [account] = (await res.json()).data;
    expect(account.customFields).toEqual({ city: 'Seattle' });
    expect(account.lifecycleStage).toBe('active');
  });

  it('exports the accounts list as CSV, header first', async () => {
    const { name, text } = await download(() => page.getByRole('link', { name: 'Export CSV' }).click());
    expect(name).toMatch(/^accounts.*\.csv$/);
    const lines = text.split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toMatch(/^id,name,domain/);
    // 28 accounts created: Fabrikam once, from its last row.
    expect(lines).toHaveLength(1 + 28);
    expect(text).toContain('Northwind Traders');
  });

  it('logged no errors in the browser', () => {
    expect(errors).toEqual([]);
  });
});
