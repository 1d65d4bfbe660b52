import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

let server: RunningServer;
let page: Page;
let errors: string[];

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const newPassword = 'a-fresh-admin-passphrase';

let session: Session;
beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

const signInStatus = async (email: string, password: string) =>
  (
    await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email, password }),
    })
  ).status;

async function signInAs(email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('passwords', () => {
  it('signs in', async () => {
    await page.goto(`${server.url}/sign-in`);
    await signInAs(admin.email, admin.password);
    await page.getByRole('heading', { name: 'My day' }).waitFor();
  });

  it('changes your own password from the user menu, with errors shown on their fields', async () => {
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.waitFor();

    // Checked in the browser: the two new passwords must match.
    await dialog.getByLabel('Current password').fill(admin.password);
    await dialog.getByLabel(/^New password/).fill(newPassword);
    await dialog.getByLabel('Repeat new password').fill('something-else-entirely');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('This does not match the new password.').waitFor();

    // Checked by the server: a wrong current password is named on its field.
    await dialog.getByLabel('Current password').fill('not-my-password');
    await dialog.getByLabel('Repeat new password').fill(newPassword);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('This is not your current password.').waitFor();
    await screenshot(page, 'change-password-wrong-current');

    await dialog.getByLabel('Current password').fill(admin.password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.', { exact: false }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    // Still signed in here.
    await page.getByRole('heading', { name: 'My day' }).waitFor();
  });

  it('signs out, refuses the old password and signs in with the new one', async () => {
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await signInAs(admin.email, admin.password);
    await page.getByText(/invalid email or password/i).waitFor();

    await signInAs(admin.email, newPassword);
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    await screenshot(page, 'signed-in-with-new-password');
  });

  it('lets an admin reset another user’s password in Settings → Users', async () => {
    const created = await page.request.post(`${server.url}/api/v1/users`, {
      headers: { origin: server.url },
      data: {
        email: 'sam@example.test',
        name: 'Sam Seller',
        role: 'account_manager',
        password: 'sam-first-password',
      },
    });
    expect(created.status()).toBe(201);

    await page.getByRole('link', { name: 'Settings' }).click();
    const row = page.getByRole('row', { name: /Sam Seller/ });
    await row.getByRole('button', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the password of Sam Seller' });
    await dialog.getByLabel(/^New password/).fill('sam-second-password');
    await dialog.getByLabel('Repeat new password').fill('sam-second-password');
    await screenshot(page, 'reset-password');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText('Sam Seller is signed out everywhere', { exact: false }).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    expect(await signInStatus('sam@example.test', 'sam-first-password')).toBe(401);
    expect(await signInStatus('sam@example.test', 'sam-second-password')).toBe(200);
  });

  it('showed no console errors beyond the deliberately refused passwords', () => {
    // Chromium logs every 4xx response: the wrong current password (400) and old password (401).
    const unexpected = errors.filter((e) => !/status of 40[01]/.test(e));
    expect(unexpected).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(2);
  });
});
