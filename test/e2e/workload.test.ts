import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

// Issue 15's delivery walk-through: a project for an account, deliverables for two people, one of
// them over capacity on the workload heat map, an item reassigned to someone with room (both cells
// change), a client request past due on My day, and a member's own work first on their home page.

let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const riley = {
  name: 'Riley Quinn',
  email: 'riley@example.test',
  password: 'riley-password-1',
  role: 'member',
};
const sam = { name: 'Sam Ortiz', email: 'sam@example.test', password: 'sam-password-12', role: 'member' };
const accountName = 'Lumen Coffee Roasters';
const projectName = 'Winter menu campaign';

const DAY = 86_400_000;
/** `YYYY-MM-DD` plus days, on the UTC calendar (the server and the browser both run in UTC). */
const plusDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const mondayOf = (isoDate: string) =>
  plusDays(isoDate, -((new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7));
/** A date as the app shows it in an en-US browser: "Dec 9, 2026". */
const shown = (isoDate: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );

const today = new Date().toISOString().slice(0, 10);
/** Next week, well inside the heat map's default eight weeks; its Wednesday is the due day. */
const week = plusDays(mondayOf(today), 7);
const due = plusDays(week, 2);

let projectUrl: string;

beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

/** A heat map cell, by the name its button reads out: "Riley Quinn, week of Dec 7, 2026: …". */
const cell = (person: string) =>
  page.getByRole('button', { name: new RegExp(`^${person}, week of ${shown(week)}:`) });

async function pick(combobox: Locator, option: string | RegExp) {
  await combobox.click();
  await page.getByRole('option', { name: option }).click();
}

async function fillDate(field: Locator, isoDate: string) {
  await field.fill(shown(isoDate));
  await field.press('Tab');
}

describe('workload: a project, deliverables for two people, the heat map and My day', () => {
  it('signs in; two people join, and Riley’s weekly capacity is set to 10 in Settings → Users', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();

    const headers = { origin: server.url };
    for (const person of [riley, sam]) {
      const res = await page.request.post(`${server.url}/api/v1/users`, { headers, data: person });
      expect(res.status()).toBe(201);
    }
    const account = await page.request.post(`${server.url}/api/v1/accounts`, {
      headers,
      data: { name: accountName },
    });
    expect(account.status()).toBe(201);

    await page.goto(`${server.url}/settings/users`);
    const row = page.getByRole('row', { name: new RegExp(riley.name) });
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${riley.name}` });
    await dialog.getByLabel('Weekly capacity').fill('10');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByRole('cell', { name: '10 points' }).waitFor();
    await page
      .getByRole('row', { name: new RegExp(sam.name) })
      .getByRole('cell', { name: '20 points' })
      .waitFor();
  });

  it('creates a project for the account with both on its team, in the New project form', async () => {
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    const account = dialog.getByRole('combobox', { name: 'Account' });
    await account.fill('Lumen');
    await page.getByRole('option', { name: accountName }).click();
    await dialog.getByLabel('Name').fill(projectName);
    await fillDate(dialog.getByLabel('Start date'), today);
    await fillDate(dialog.getByLabel('End date'), plusDays(today, 90));
    const team = dialog.getByRole('combobox', { name: 'Team members' });
    for (const person of [riley, sam]) {
      await team.click();
      await page.getByRole('option', { name: person.name }).click();
    }
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: projectName, level: 1 }).waitFor();
    projectUrl = page.url();
  });

  it('adds deliverables for Riley (12 points, capacity 10) and Sam (4 points) due next week', async () => {
    const items = [
      { name: 'Menu boards', assignee: riley.name, points: 7 },
      { name: 'Social teasers', assignee: riley.name, points: 5 },
      { name: 'Launch e-mail', assignee: sam.name, points: 4 },
    ];
    for (const item of items) {
      await page.getByRole('button', { name: 'Add deliverable' }).click();
      const dialog = page.getByRole('dialog', { name: 'New deliverable' });
      await dialog.getByLabel('Name').fill(item.name);
      await fillDate(dialog.getByLabel('Due date'), due);
      await pick(dialog.getByRole('combobox', { name: 'Assignee' }), item.assignee);
      await dialog.getByLabel('Effort (points)').fill(String(item.points));
      await dialog.getByRole('button', { name: 'Add deliverable' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('row', { name: new RegExp(item.name) }).waitFor();
    }
  });

  it('shows Riley over capacity on the heat map, with the numbers', async () => {
    await page.getByRole('link', { name: 'Workload' }).click();
    await page.getByRole('heading', { name: 'Workload' }).waitFor();
    // Eight weeks from this one: the table's head is Person and the eight Mondays.
    const heads = page.getByRole('table', { name: 'Workload by person and week' }).getByRole('columnheader');
    await expect.poll(() => heads.count()).toBe(9);

    await expect.poll(() => cell(riley.name).textContent()).toBe('12 / 10');
    expect(await cell(riley.name).getAttribute('data-status')).toBe('over');
    expect(await cell(riley.name).getAttribute('aria-label')).toBe(
      `${riley.name}, week of ${shown(week)}: 12 of 10 points, over capacity`,
    );
    expect(await cell(sam.name).textContent()).toBe('4 / 20');
    expect(await cell(sam.name).getAttribute('data-status')).toBe('under');
    await screenshot(page, 'workload-over');
  });

  it('opens Riley’s week, reassigns an item to Sam who has room, and both cells change', async () => {
    await cell(riley.name).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('12 / 10 points').waitFor();
    await drawer.getByText('Over capacity').waitFor();
    const item = drawer.getByRole('listitem').filter({ hasText: 'Social teasers' });
    await item.getByText(`Deliverable · ${accountName} · Due ${shown(due)}`).waitFor();
    await item.getByText('5 points').waitFor();
    await item.getByRole('button', { name: 'Reassign' }).click();

    // Only people with room that week are offered: Sam (4 of 20) and the admin (0 of 20).
    await item.getByRole('combobox', { name: 'Give Social teasers to' }).click();
    const options = page.getByRole('option');
    await expect
      .poll(() => options.allTextContents())
      .toEqual([`${admin.name} — 20 points free`, `${sam.name} — 16 points free`]);
    await page.getByRole('option', { name: `${sam.name} — 16 points free` }).click();
    await item.getByRole('button', { name: 'Reassign' }).click();
    await page.getByText(`Social teasers is now ${sam.name}’s.`).waitFor();

    await drawer.getByText('7 / 10 points').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => cell(riley.name).textContent()).toBe('7 / 10');
    expect(await cell(riley.name).getAttribute('data-status')).toBe('under');
    await expect.poll(() => cell(sam.name).textContent()).toBe('9 / 20');
    await screenshot(page, 'workload-reassigned');
  });

  it('logs a client request past due on the project page; it is on My day', async () => {
    await page.goto(projectUrl);
    await page.getByRole('tab', { name: 'Client requests' }).click();
    await page.getByRole('button', { name: 'Add request' }).click();
    const dialog = page.getByRole('dialog', { name: 'New client request' });
    await dialog.getByLabel('Title').fill('Winter menu prices');
    await pick(dialog.getByRole('combobox', { name: 'Kind' }), 'Information');
    await fillDate(dialog.getByLabel('Due date'), plusDays(today, -3));
    await dialog.getByRole('button', { name: 'Add request' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('link', { name: 'My day' }).click();
    const group = page.getByRole('region', { name: 'Client requests overdue' });
    const entry = group.getByRole('listitem').filter({ hasText: 'Winter menu prices' });
    await entry
      .getByText(`${accountName} · Was due ${shown(plusDays(today, -3))} (3 days overdue)`)
      .waitFor();
    await screenshot(page, 'workload-my-day');
    // Its title opens the project, at its client requests.
    await entry.getByRole('button', { name: 'Winter menu prices' }).click();
    await page.getByRole('heading', { name: projectName, level: 1 }).waitFor();
    expect(page.url()).toContain('tab=requests');
  });

  it('a member signing in sees their deliverables and tasks first', async () => {
    // One more for Sam, due tomorrow: on their agenda as well as in their work.
    const res = await page.request.post(`${server.url}/api/v1/deliverables`, {
      headers: { origin: server.url },
      data: {
        projectId: new URL(projectUrl).pathname.split('/').pop(),
        name: 'Table tents',
        dueDate: plusDays(today, 1),
        assigneeId: (await (await page.request.get(`${server.url}/api/v1/users?q=Sam`)).json()).data[0].id,
        effortPoints: 2,
      },
    });
    expect(res.status()).toBe(201);
    const context = await session.browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    try {
      const memberPage = await context.newPage();
      await memberPage.goto(`${server.url}/sign-in`);
      await memberPage.getByLabel('Email').fill(sam.email);
      await memberPage.getByLabel('Password').fill(sam.password);
      await memberPage.getByRole('button', { name: 'Sign in' }).click();
      await memberPage.getByRole('heading', { name: 'My day' }).waitFor();
      const mine = memberPage.getByRole('list', { name: 'My deliverables' });
      await expect.poll(() => mine.getByRole('listitem').count()).toBe(3);
      const texts = await mine.getByRole('listitem').allTextContents();
      expect(texts.some((t) => t.includes('Launch e-mail'))).toBe(true);
      expect(texts.some((t) => t.includes('Social teasers'))).toBe(true);
      await memberPage
        .getByRole('list', { name: 'My tasks' })
        .or(memberPage.getByText('No open tasks are assigned to you.'))
        .waitFor();
      // Soonest due first.
      expect(texts[0]).toContain('Table tents');
      expect(texts[0]).toContain('Due tomorrow');
      const dueSoon = memberPage.getByRole('region', { name: 'Deliverables due' }).getByRole('listitem');
      await dueSoon.getByText(`${projectName}`).first().waitFor();
      expect(await dueSoon.allTextContents()).toEqual([
        `Table tents (${projectName})${accountName} · Due tomorrow`,
      ]);
      // My work comes before the agenda.
      const headings = await memberPage.getByRole('heading').allTextContents();
      expect(headings.indexOf('My work')).toBeGreaterThan(-1);
      expect(headings.indexOf('My work')).toBeLessThan(headings.indexOf('Deliverables due'));
      await screenshot(memberPage, 'workload-member-home');
      // The agenda's deliverable opens its project.
      await dueSoon.getByRole('button', { name: `Table tents (${projectName})` }).click();
      await memberPage.getByRole('heading', { name: projectName, level: 1 }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('adds a vendor in the directory; its record shows its engagements and the four figures', async () => {
    await page.getByRole('link', { name: 'Vendors' }).click();
    await page.getByText('No vendors yet').waitFor();
    await page.getByRole('button', { name: 'New vendor' }).click();
    const dialog = page.getByRole('dialog', { name: 'New vendor' });
    await dialog.getByLabel('Name').fill('Northside Print Co.');
    await dialog.getByLabel('Category').fill('Printing');
    await dialog.getByLabel('Website').fill('northside.example');
    await dialog.getByRole('button', { name: 'Add vendor' }).click();
    // The form checks the address before the server does.
    await dialog.getByText('Start the address with https:// or http://.').waitFor();
    await dialog.getByLabel('Website').fill('https://northside.example');
    await dialog.getByRole('button', { name: 'Add vendor' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /Northside Print Co\./ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'Northside Print Co.',
      'Printing',
      '0',
      '$0',
      '—',
      '—',
      'Active',
      'Edit',
    ]);
    const vendorId = await row
      .getByRole('link')
      .getAttribute('href')
      .then((h) => h!.split('/').pop()!);

    // Two engagements on the project: one delivered a day late and rated 4, one still in progress.
    const projectId = new URL(projectUrl).pathname.split('/').pop()!;
    const headers = { origin: server.url };
    const engagements = [
      {
        vendorId,
        projectId,
        scope: 'Menu boards print run',
        cost: 1250.5,
        dueDate: plusDays(today, -4),
        status: 'delivered',
        deliveredOn: plusDays(today, -3),
        rating: 4,
      },
      {
        vendorId,
        projectId,
        scope: 'Window decals',
        cost: 300,
        dueDate: plusDays(today, 10),
        status: 'contracted',
      },
    ];
    for (const data of engagements) {
      const res = await page.request.post(`${server.url}/api/v1/vendor-engagements`, { headers, data });
      expect(res.status()).toBe(201);
    }

    await row.getByRole('link', { name: 'Northside Print Co.' }).click();
    await page.getByRole('heading', { name: 'Northside Print Co.', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Engagements' });
    await table.getByRole('row', { name: /Menu boards print run/ }).waitFor();
    expect(
      await table
        .getByRole('row', { name: /Menu boards print run/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual([
      projectName,
      'Menu boards print run',
      '$1,250.50',
      'Delivered',
      shown(plusDays(today, -4)),
      shown(plusDays(today, -3)),
      '4 / 5',
    ]);
    expect(
      await table
        .getByRole('row', { name: /Window decals/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual([projectName, 'Window decals', '$300', 'Contracted', shown(plusDays(today, 10)), '—', '—']);
    // Engagements 2; total cost counts the delivered one; rated 4; delivered late, so 0% on time.
    for (const [label, value] of [
      ['Engagements', '2'],
      ['Total cost', '$1,250.50'],
      ['Average rating', '4.00 / 5'],
      ['On time', '0%'],
    ]) {
      expect(await page.getByRole('group', { name: label }).textContent()).toBe(`${label}${value}`);
    }
    await screenshot(page, 'workload-vendor');
    // Its project opens from the record.
    await table.getByRole('link', { name: projectName }).first().click();
    await page.getByRole('heading', { name: projectName, level: 1 }).waitFor();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
