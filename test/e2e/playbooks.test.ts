import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, signInCookie, startWithAdmin } from './support.ts';

// Settings → Playbooks, end to end: a playbook built in the form with a placeholder inserted from
// the menu, its preview, and a ready example enabled.

let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;
const ada = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'ada-lovelace-password' };

beforeAll(async () => {
  session = await startWithAdmin(ada);
  ({ server, page, errors } = session);
  const cookie = await signInCookie(server, ada);
  for (const [name, segment] of [
    ['Globex', 'enterprise'],
    ['Initech', 'smb'],
  ]) {
    const res = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify({ name, segment }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
});
afterAll(() => session?.close());

describe('Playbooks in Settings', () => {
  it('builds a playbook in the form, with a placeholder from the menu', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.goto(`${server.url}/settings/playbooks`);
    await page.getByRole('tab', { name: 'Playbooks' }).waitFor();
    await page.getByText('No playbooks yet').waitFor();

    await page.getByRole('button', { name: 'New playbook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New playbook' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Enterprise red');
    await dialog.getByRole('button', { name: 'Add a condition' }).click();
    await dialog.getByRole('combobox', { name: 'Condition 1 field' }).click();
    await page.getByRole('option', { name: 'Segment' }).click();
    await dialog.getByRole('textbox', { name: 'Condition 1 value' }).fill('enterprise');
    await dialog.getByRole('textbox', { name: 'Task title' }).fill('Call');
    await dialog.getByRole('button', { name: 'Insert a placeholder into Task title' }).click();
    await page.getByRole('menuitem', { name: '{{account.name}}' }).click();
    expect(await dialog.getByRole('textbox', { name: 'Task title' }).inputValue()).toBe(
      'Call {{account.name}}',
    );
    await dialog.getByRole('button', { name: 'Save playbook' }).click();
    await page.getByText('Playbook Enterprise red saved.').waitFor();
    const row = page.getByRole('row', { name: /Enterprise red/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('Health band changed');
    expect(await row.getByRole('switch').isChecked()).toBe(true);
  });

  it('previews the accounts it matches now', async () => {
    await page.getByRole('button', { name: 'Preview' }).click();
    const dialog = page.getByRole('dialog', { name: 'Preview: Enterprise red' });
    await dialog.getByText('1 account matches right now. Nothing is run.').waitFor();
    expect(await dialog.getByRole('list', { name: 'Matching accounts' }).textContent()).toBe('Globex');
    await screenshot(page, 'playbooks-preview');
    await page.keyboard.press('Escape');
  });

  it('enables a ready example', async () => {
    await page
      .getByRole('button', { name: 'Enable Red health → task for the owner and notify the manager' })
      .click();
    await page
      .getByText('Playbook Red health → task for the owner and notify the manager enabled.')
      .waitFor();
    await page.getByRole('row', { name: /Red health → task/ }).waitFor();
    const card = page.getByRole('region', { name: 'Red health → task for the owner and notify the manager' });
    await card.getByText('Enabled').waitFor();
    await screenshot(page, 'playbooks');
    expect(errors).toEqual([]);
  });
});
