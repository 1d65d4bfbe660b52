import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

let server: RunningServer;
let page: Page;
let errors: string[];

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const colleague = {
  name: 'Blake Builder',
  email: 'blake@example.test',
  role: 'account_manager',
  password: 'second-user-password',
};
const account = { name: 'Contoso Ballooning' };
const field = { key: 'Contract number', value: 'C-1042' };

let session: Session;
beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

/** The card of the Overview tab under the heading `title`. */
const card = (title: string) =>
  page.locator('.mantine-Paper-root', { has: page.getByRole('heading', { name: title, exact: true }) });

describe('account details: team, custom fields, activity edits and meeting attendees', () => {
  it('signs in and adds a colleague through the API', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();

    // The page's context carries the admin's session cookie.
    const res = await page.request.post(`${server.url}/api/v1/users`, {
      headers: { origin: server.url },
      data: colleague,
    });
    expect(res.status()).toBe(201);
  });

  it('creates an account with the colleague on its team and a custom field; the Overview shows both', async () => {
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByText('No accounts yet').waitFor();
    await page.getByRole('button', { name: 'New account' }).click();
    const drawer = page.getByRole('dialog', { name: 'New account' });
    await drawer.getByLabel('Name').fill(account.name);
    await drawer.getByRole('combobox', { name: 'Account team' }).click();
    await page.getByRole('option', { name: colleague.name }).click();
    // Closes the list of people.
    await drawer.getByRole('heading', { name: 'New account' }).click();

    await drawer.getByRole('button', { name: 'Add custom field' }).click();
    await drawer.getByLabel('Custom field 1 name').fill(field.key);
    await drawer.getByLabel('Custom field 1 value').fill(field.value);
    // A second row with the same name is refused before anything is sent.
    await drawer.getByRole('button', { name: 'Add custom field' }).click();
    await drawer.getByLabel('Custom field 2 name').fill(field.key);
    await drawer.getByRole('button', { name: 'Create account' }).click();
    await drawer.getByText('This name is already used.').waitFor();
    await drawer.getByRole('button', { name: `Remove custom field 2 ${field.key}` }).click();
    await drawer.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: account.name, level: 1 }).waitFor();
    const facts = card('Key facts');
    await expect.poll(() => facts.textContent()).toContain(`Account team${colleague.name}`);
    const fields = card('Custom fields');
    expect(await fields.getByRole('term').allTextContents()).toEqual([field.key]);
    expect(await fields.getByRole('definition').allTextContents()).toEqual([field.value]);
    await screenshot(page, 'account-details-overview');

    // The edit drawer starts from what was saved.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${account.name}` });
    expect(await edit.getByLabel('Custom field 1 name').inputValue()).toBe(field.key);
    expect(await edit.getByText(colleague.name).count()).toBeGreaterThan(0);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'hidden' });
  });

  it('edits the subject of a logged activity', async () => {
    await page.getByRole('tab', { name: 'Activities' }).click();
    const form = page.getByRole('form', { name: 'Log an activity' });
    await form.getByLabel('Subject').fill('Kickoff call');
    await form.getByRole('button', { name: 'Log check-in' }).click();
    const history = page.getByRole('list', { name: 'Activities' });
    await history.getByText('Kickoff call', { exact: true }).waitFor();

    await history.getByRole('button', { name: 'Edit check-in Kickoff call' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit activity' });
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Kickoff call');
    await dialog.getByLabel('Subject').fill('Kickoff call: scope agreed');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await history.getByText('Kickoff call: scope agreed', { exact: true }).waitFor();
    expect(await history.getByText('Kickoff call', { exact: true }).count()).toBe(0);
    expect(await history.getByRole('listitem').count()).toBe(1);
  });

  it('schedules a meeting with the colleague attending too', async () => {
    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByRole('button', { name: 'Schedule meeting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule a meeting' });
    await dialog.getByLabel('Title').fill('Scope review');
    await dialog.getByRole('combobox', { name: 'Attendees' }).click();
    await page.getByRole('option', { name: colleague.name }).click();
    await dialog.getByRole('heading', { name: 'Schedule a meeting' }).click();
    await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('list', { name: 'Upcoming' }).getByRole('listitem');
    await row.getByText('Scope review').waitFor();
    const attending = row.getByText(/^Attending: /);
    await expect.poll(() => attending.textContent()).toContain(admin.name);
    expect(await attending.textContent()).toContain(colleague.name);
  });

  it('showed no console or page errors', () => {
    expect(errors).toEqual([]);
  });
});
