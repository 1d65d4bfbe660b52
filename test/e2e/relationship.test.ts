import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

let server: RunningServer;
let page: Page;
let errors: string[];

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const account = { name: 'Northwind Rocketry', domain: 'northwind-rocketry.test' };

const DAY = 86_400_000;
/** `YYYY-MM-DD` plus days, on the UTC calendar (the browser runs in UTC too). */
const plusDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** A date as the app shows it in an en-US browser: "Dec 6, 2026". */
const shown = (isoDate: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );

let createdOn: string;

let session: Session;
beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

const nextCheckIn = () => page.getByTestId('next-check-in');

describe('relationship: accounts, contacts, activities, My day and search', () => {
  it('signs in to an empty My day', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.getByText('Nothing due today.').waitFor();
  });

  it('creates an Enterprise account in the drawer; its first check-in is due in 14 days', async () => {
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByText('No accounts yet').waitFor();
    await page.getByRole('button', { name: 'New account' }).click();
    const drawer = page.getByRole('dialog', { name: 'New account' });
    await drawer.getByLabel('Name').fill(account.name);
    await drawer.getByLabel('Domain').fill(account.domain);
    await drawer.getByRole('combobox', { name: 'Segment' }).click();
    await page.getByRole('option', { name: 'Enterprise' }).click();
    // The cadence field shows the segment's default until one is typed.
    expect(await drawer.getByLabel('Check-in cadence (days)').getAttribute('placeholder')).toBe(
      '14 (Enterprise default)',
    );
    await drawer.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: account.name, level: 1 }).waitFor();
    const created = await page.request.get(
      `${server.url}/api/v1/accounts/${page.url().split('/accounts/')[1]}`,
    );
    createdOn = (await created.json()).createdAt.slice(0, 10);
    await expect
      .poll(() => nextCheckIn().textContent())
      .toBe(`${shown(plusDays(createdOn, 14))} (in 14 days)`);

    await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
    const row = page.getByRole('row', { name: new RegExp(account.name) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      `${account.name}${account.domain}`,
      admin.name,
      'Enterprise',
      'Prospect',
      '$0',
      '—',
      shown(plusDays(createdOn, 14)),
      // Scored at creation: nothing pulls it down yet.
      '100',
      shown(createdOn),
    ]);
    await screenshot(page, 'relationship-accounts');
    await row.getByRole('link', { name: account.name }).click();
    await page.getByRole('heading', { name: account.name, level: 1 }).waitFor();
  });

  it('adds a primary contact', async () => {
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByText('No contacts yet').waitFor();
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByLabel('First name').fill('Dana');
    await dialog.getByLabel('Last name').fill('Reyes');
    await dialog.getByLabel('Email').fill('dana@northwind-rocketry.test');
    await dialog.getByLabel('Title').fill('VP Operations');
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Champion' }).click();
    await dialog.getByLabel('Primary contact').check();
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /Dana Reyes/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining([
        'Dana ReyesPrimary',
        'VP Operations',
        'Champion',
        'dana@northwind-rocketry.test',
      ]),
    );
  });

  it('two weeks and a day later, the check-in is overdue on My day; logging one moves it and clears My day', async () => {
    // The browser's clock moves to noon, 15 days after the account was created.
    const later = plusDays(createdOn, 15);
    await page.clock.setFixedTime(new Date(`${later}T12:00:00Z`));
    await page.goto(server.url);
    const overdue = page.getByRole('region', { name: 'Overdue check-ins' });
    const item = overdue.getByRole('listitem');
    await item.waitFor();
    expect(await item.getByRole('link').textContent()).toBe(`Check in with ${account.name}`);
    expect(await item.getByText(/^Due /).textContent()).toBe(
      `Due ${shown(plusDays(createdOn, 14))} (1 day overdue)`,
    );
    expect(await overdue.getByText('1', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'relationship-my-day');

    await item.getByRole('link', { name: `Check in with ${account.name}` }).click();
    await page.getByRole('heading', { name: account.name, level: 1 }).waitFor();
    expect(await nextCheckIn().textContent()).toBe(`${shown(plusDays(createdOn, 14))} (1 day overdue)`);

    await page.getByRole('tab', { name: 'Activities' }).click();
    const form = page.getByRole('form', { name: 'Log an activity' });
    // Check-in is the default type and the subject has the focus: type, then Ctrl+Enter.
    expect(await form.getByRole('radio', { name: 'Check-in' }).isChecked()).toBe(true);
    await form.getByLabel('Subject').waitFor();
    await page.keyboard.type('Quarterly check-in with Dana');
    await form.getByRole('combobox', { name: 'Contacts' }).click();
    await page.getByRole('option', { name: 'Dana Reyes' }).click();
    await form.getByLabel('Subject').press('Control+Enter');

    const history = page.getByRole('list', { name: 'Activities' });
    await history.getByText('Quarterly check-in with Dana').waitFor();
    expect(await history.getByRole('listitem').first().textContent()).toContain('with Dana Reyes');
    const due = plusDays(later, 14);
    await expect.poll(() => nextCheckIn().textContent()).toBe(`${shown(due)} (in 14 days)`);
    await screenshot(page, 'relationship-account');

    await page.getByRole('link', { name: 'My day' }).click();
    await page.getByText('Nothing due today.').waitFor();
    expect(await page.getByText(`Check in with ${account.name}`).count()).toBe(0);
  });

  it('finds the account with Ctrl+K from a typo and opens it', async () => {
    await page.keyboard.press('Control+k');
    const search = page.getByRole('textbox', { name: 'Search accounts, contacts and commands' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.pressSequentially('Nrthwind Rock');
    // The best match is listed first and already selected, so Enter opens it.
    const hit = page.getByRole('button', {
      name: `${account.name} Account · ${account.domain}`,
      exact: true,
    });
    await hit.waitFor();
    expect(await hit.getAttribute('data-selected')).toBe('true');
    await screenshot(page, 'relationship-search');
    await search.press('Enter');
    await page.getByRole('heading', { name: account.name, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);
  });

  it('showed no console or page errors', () => {
    expect(errors).toEqual([]);
  });
});
