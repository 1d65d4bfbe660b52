import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, startServer, watchErrors } from './support.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  errors = watchErrors(page);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };

describe('first run, sign-in and users', () => {
  it('creates the first admin on a fresh database and lands in the app', async () => {
    await page.goto(server.url);
    await page.getByLabel('Name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    expect(await page.getByRole('link', { name: 'Settings' }).isVisible()).toBe(true);
    await screenshot(page, 'app-after-first-run');
  });

  it('signs out and back in', async () => {
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/invalid email or password/i).waitFor();

    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
  });

  it('creates a user in Settings, who can then sign in', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('sam@example.test');
    await dialog.getByLabel('Name').fill('Sam Seller');
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Account manager' }).click();
    await dialog.getByLabel('Password').fill('sam-password-123');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: 'Sam Seller' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await screenshot(page, 'settings-users');

    const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'sam@example.test', password: 'sam-password-123' }),
    });
    expect(res.status).toBe(200);
  });

  it('showed no console errors beyond the refused wrong password', () => {
    // Chromium logs every 4xx response; the one deliberate wrong password is expected.
    const unexpected = errors.filter((e) => !/status of 401/.test(e));
    expect(unexpected).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(1);
  });
});
