import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, signInCookie, startWithAdmin } from './support.ts';

let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;

const admin = { name: 'Bea Backup', email: 'bea@example.test', password: 'first-admin-password' };
const viewer = { name: 'Vic Viewer', email: 'vic@example.test', password: 'a-viewer-password' };
const root = path.resolve(import.meta.dirname, '../..');
const journal = JSON.parse(readFileSync(path.join(root, 'migrations/meta/_journal.json'), 'utf8'));

beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

describe('Settings → Backup', () => {
  it('says what a backup holds and downloads one whose manifest matches the server', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();

    await page.goto(`${server.url}/settings`);
    await page.getByRole('tab', { name: 'Backup' }).click();
    await page.waitForURL(/\/settings\/backup$/);
    await page.getByText('What it holds').waitFor();
    // The e2e server runs on the embedded database: the note says so.
    await page.getByText('This server runs on the embedded database').waitFor();
    await screenshot(page, 'settings-backup');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download backup' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^steward-\d{4}-\d\d-\d\dT[\d-]+Z\.backup$/);
    const file = readFileSync((await download.path())!);
    const lines = gunzipSync(file).toString('utf8').trimEnd().split('\n');
    const [kind, manifest] = JSON.parse(lines.at(-1)!);
    expect(kind).toBe('manifest');
    expect(manifest).toMatchObject({
      format: 'steward-backup',
      formatVersion: 1,
      engine: 'pglite',
      schemaVersion: journal.entries.at(-1).tag,
    });
    const rows = Object.fromEntries(
      (manifest.tables as { name: string; rows: number }[]).map((t) => [t.name, t.rows]),
    );
    expect(rows.users).toBe(1);
    expect(rows.accounts).toBe(0);
    // Every section the manifest lists is in the file, with as many rows as it says.
    const sections = new Map<string, number>();
    let current = '';
    for (const line of lines.slice(1, -1)) {
      if (line.startsWith('{')) sections.set(current, (sections.get(current) ?? 0) + 1);
      else {
        current = JSON.parse(line)[1].name;
        sections.set(current, 0);
      }
    }
    expect(Object.fromEntries(sections)).toEqual(rows);
    expect(errors).toEqual([]);
  });

  it('is for admins: others see no tab, no button at its address, and the API answers 403', async () => {
    const cookie = await signInCookie(server, admin);
    const made = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify({ ...viewer, role: 'viewer' }),
    });
    expect(made.status).toBe(201);
    const viewerCookie = await signInCookie(server, viewer);
    const res = await fetch(`${server.url}/api/v1/admin/backup`, { headers: { cookie: viewerCookie } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const context = await session.browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const other = await context.newPage();
    await other.goto(`${server.url}/sign-in`);
    await other.getByLabel('Email').fill(viewer.email);
    await other.getByLabel('Password').fill(viewer.password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('heading', { name: 'My day' }).waitFor();
    // No Backup tab for them; its address, typed in, says why there is no button.
    await other.goto(`${server.url}/settings/users`);
    await other.getByRole('tab', { name: 'Users' }).waitFor();
    expect(await other.getByRole('tab', { name: 'Backup' }).count()).toBe(0);
    await other.goto(`${server.url}/settings/backup`);
    await other.getByText('Only admins can download a backup.').waitFor();
    expect(await other.getByRole('link', { name: 'Download backup' }).count()).toBe(0);
    await context.close();
  });
});
