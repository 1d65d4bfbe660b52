import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

// Delivery in the browser: a project started from its account's Projects tab, a deliverable with two
// included rounds of changes, and a client asking for changes three times through the review dialog:
// the third is past the limit, so the dialog says a change order was raised, the project's owner has
// the task "Change order: <deliverable>", and the deliverables table flags it "Over limit".

let server: RunningServer;
let page: Page;
let errors: string[];

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const project = 'Spring launch campaign';
const deliverable = 'Hero video';

let accountId: string;
let projectId: string;

const DAY = 86_400_000;
const plusDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** A date as the app shows it in an en-US browser: "Dec 6, 2026". */
const shown = (isoDate: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
const today = () => new Date().toISOString().slice(0, 10);

let session: Session;
beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

/** A JSON request with the page's session cookie. */
async function apiPost(path: string, data: unknown) {
  const res = await page.request.post(`${server.url}${path}`, { headers: { origin: server.url }, data });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

describe('projects: a deliverable past its included review rounds', () => {
  it('signs in; an account with a client contact exists', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();

    accountId = (await apiPost('/api/v1/accounts', { name: 'Juniper Outdoor' })).id;
    await apiPost('/api/v1/contacts', {
      accountId,
      firstName: 'Casey',
      lastName: 'Marsh',
      email: 'casey@juniper.test',
    });
  });

  it("creates a project from the account's Projects tab and lands on its page", async () => {
    await page.goto(`${server.url}/accounts/${accountId}?tab=projects`);
    await page.getByText('No projects').waitFor();
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill(project);
    await dialog.getByRole('textbox', { name: 'Budget' }).fill('20000');
    await dialog.getByRole('button', { name: 'Create project' }).click();

    await page.getByRole('heading', { name: project, level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/projects/')[1] ?? '';
    await page.getByText('No deliverables yet').first().waitFor();
    // A new project with nothing late and nothing spent is on track.
    expect(await page.getByTestId('delivery-status').textContent()).toBe('On track');
  });

  it('adds a deliverable with two included rounds of changes', async () => {
    await page.getByRole('button', { name: 'Add deliverable' }).click();
    const dialog = page.getByRole('dialog', { name: 'New deliverable' });
    await dialog.getByLabel('Name').fill(deliverable);
    await dialog.getByRole('textbox', { name: 'Effort (points)' }).fill('5');
    await dialog.getByRole('textbox', { name: 'Included revisions' }).fill('2');
    await dialog.getByRole('button', { name: 'Add deliverable' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: new RegExp(deliverable) });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe(deliverable);
    expect(cells[1]).toBe(admin.name);
    expect(cells[3]).toBe('5 pts');
    expect(cells[5]).toBe('0 of 2');
  });

  it('records three client requests for changes; the third is over the limit and raises a change order', async () => {
    const row = page.getByRole('row', { name: new RegExp(deliverable) });
    for (const round of [1, 2, 3]) {
      await row.getByRole('button', { name: 'Review' }).click();
      const dialog = page.getByRole('dialog', { name: `Review ${deliverable}` });
      await dialog.getByText(`Rounds used: ${round - 1} of 2 included`).waitFor();
      await dialog.getByRole('radiogroup', { name: 'Outcome' }).getByText('Changes requested').click();
      await dialog.getByRole('radiogroup', { name: 'By' }).getByText('Client').click();
      await dialog.getByRole('combobox', { name: 'Client contact' }).click();
      await page.getByRole('option', { name: 'Casey Marsh' }).click();
      await dialog.getByLabel('Notes').fill(`Round ${round}: the logo should be bigger.`);
      await dialog.getByRole('button', { name: 'Record review' }).click();
      if (round < 3) {
        await dialog.waitFor({ state: 'hidden' });
        await expect
          .poll(async () => (await row.getByRole('cell').allTextContents())[5])
          .toBe(`${round} of 2`);
        continue;
      }
      const alert = dialog.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        `Over the revision limit — a change-order task was created for ${admin.name}.`,
      );
      await dialog.getByText('Rounds used: 3 of 2 included').waitFor();
      // The history lists the three rounds, newest first.
      const history = dialog.getByRole('list', { name: 'Review history' }).getByRole('listitem');
      await expect.poll(() => history.count()).toBe(3);
      expect(await history.first().textContent()).toContain('Client · round 3 · Casey Marsh');
      await screenshot(page, 'projects-over-limit');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }

    await row.getByText('Over limit').waitFor();
    expect((await row.getByRole('cell').allTextContents())[5]).toBe('3 of 2');
    await screenshot(page, 'projects-deliverables');

    // The change order is a task for the project's owner, on the account, made once.
    const res = await page.request.get(`${server.url}/api/v1/tasks?accountId=${accountId}&limit=100`);
    const tasks = (await res.json()).data as { title: string; assigneeId: string | null }[];
    const orders = tasks.filter((t) => t.title === `Change order: ${deliverable}`);
    expect(orders).toHaveLength(1);
    const me = await (await page.request.get(`${server.url}/api/v1/me`)).json();
    expect(orders[0]?.assigneeId).toBe(me.id);
  });

  it('shows the deliverable on the timeline view and the project in the list', async () => {
    await page.getByText('Timeline', { exact: true }).click();
    await page.getByRole('figure', { name: 'Deliverables by due date' }).getByText(deliverable).waitFor();
    await page.getByTestId('gantt-today').waitFor();
    await screenshot(page, 'projects-gantt');

    await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(project) });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 5)).toEqual([project, 'Juniper Outdoor', 'Project', 'Planning', 'On track']);
    await screenshot(page, 'projects-list');
  });

  it("shows the project and the reviews on the account's timeline", async () => {
    await page.goto(`${server.url}/accounts/${accountId}?tab=timeline`);
    const timeline = page.getByLabel('Timeline', { exact: true });
    await timeline.getByText(`Project created: ${project}`).waitFor();
    await timeline
      .getByText(/^Review · /)
      .first()
      .waitFor();
    await screenshot(page, 'projects-timeline');
  });

  it('a member on the project sees no create or edit buttons, and reviews their own work internally only', async () => {
    const member = {
      name: 'Morgan Maker',
      email: 'morgan@example.test',
      password: 'member-password-1',
      role: 'member',
    };
    const memberId = (await apiPost('/api/v1/users', member)).id;
    // On the project's team (and so the account's), with a deliverable of their own.
    const current = await (await page.request.get(`${server.url}/api/v1/projects/${projectId}`)).json();
    const patched = await page.request.patch(`${server.url}/api/v1/projects/${projectId}`, {
      headers: { origin: server.url, 'if-match': `"${current.version}"` },
      data: { teamMemberIds: [memberId] },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    await apiPost('/api/v1/deliverables', {
      projectId,
      name: 'Storyboard',
      dueDate: current.endDate,
      assigneeId: memberId,
    });

    const context = await session.browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    try {
      const memberPage = await context.newPage();
      await memberPage.goto(`${server.url}/sign-in`);
      await memberPage.getByLabel('Email').fill(member.email);
      await memberPage.getByLabel('Password').fill(member.password);
      await memberPage.getByRole('button', { name: 'Sign in' }).click();
      await memberPage.getByRole('heading', { name: 'My day' }).waitFor();
      await memberPage.goto(`${server.url}/projects/${projectId}`);
      await memberPage.getByRole('heading', { name: project, level: 1 }).waitFor();
      const own = memberPage.getByRole('row', { name: /Storyboard/ });
      await own.waitFor();
      expect(await memberPage.getByRole('button', { name: 'Add deliverable' }).count()).toBe(0);
      expect(await memberPage.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      expect(await memberPage.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
      // Someone else's deliverable: its status shows, but cannot be changed or reviewed.
      const others = memberPage.getByRole('row', { name: new RegExp(deliverable) });
      expect(await others.getByRole('button', { name: 'Review' }).count()).toBe(0);
      expect(await others.getByRole('combobox').count()).toBe(0);
      // Their own: the status goes as far as internal review.
      await own.getByRole('combobox', { name: 'Status of Storyboard' }).click();
      expect(await memberPage.getByRole('option').allTextContents()).toEqual([
        'Not started',
        'In progress',
        'Internal review',
      ]);
      await memberPage.getByRole('option', { name: 'Internal review' }).click();
      await expect
        .poll(() => own.getByRole('combobox', { name: 'Status of Storyboard' }).inputValue())
        .toBe('Internal review');
      // The review dialog has no choice of reviewer: a member's review is internal.
      await own.getByRole('button', { name: 'Review' }).click();
      const dialog = memberPage.getByRole('dialog', { name: 'Review Storyboard' });
      await dialog.getByText('Rounds used: 0 of 2 included').waitFor();
      expect(await dialog.getByRole('radiogroup', { name: 'By' }).count()).toBe(0);
      await dialog.getByRole('button', { name: 'Record review' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() => own.getByRole('combobox', { name: 'Status of Storyboard' }).inputValue())
        .toBe('Client review');
      await screenshot(memberPage, 'projects-member');
    } finally {
      await context.close();
    }
    expect(errors).toEqual([]);
  });

  it('logs a client request that blocks the deliverable, overdue in red, and marks it received', async () => {
    await page.goto(`${server.url}/projects/${projectId}?tab=requests`);
    await page.getByText('No client requests').waitFor();
    await page.getByRole('button', { name: 'Add request' }).click();
    const dialog = page.getByRole('dialog', { name: 'New client request' });
    await dialog.getByLabel('Title').fill('Brand fonts');
    const due = plusDays(today(), -2);
    const dueField = dialog.getByLabel('Due date');
    await dueField.fill(shown(due));
    await dueField.press('Tab');
    await dialog.getByRole('combobox', { name: 'Requested from' }).click();
    await page.getByRole('option', { name: 'Casey Marsh' }).click();
    await dialog.getByRole('combobox', { name: 'Blocks deliverable' }).click();
    await page.getByRole('option', { name: deliverable }).click();
    await dialog.getByRole('button', { name: 'Add request' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /Brand fonts/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'Brand fonts',
      'Asset',
      'Casey Marsh',
      `${shown(due)} · 2 days overdue`,
      deliverable,
      'Requested',
      'Mark receivedEditDelete',
    ]);
    await page.getByRole('tab', { name: 'Deliverables' }).click();
    const blocked = page.getByRole('row', { name: new RegExp(deliverable) });
    await blocked.getByText('Blocked by 1 request').waitFor();

    await page.getByRole('tab', { name: 'Client requests' }).click();
    await row.getByRole('button', { name: 'Mark received' }).click();
    await expect
      .poll(async () => (await row.getByRole('cell').allTextContents())[5])
      .toBe(`Received${shown(today())}`);
    expect((await row.getByRole('cell').allTextContents())[3]).toBe(shown(due));
    await page.getByRole('tab', { name: 'Deliverables' }).click();
    await page.getByRole('row', { name: new RegExp(deliverable) }).waitFor();
    expect(await page.getByText('Blocked by 1 request').count()).toBe(0);
  });

  it('engages a vendor, delivers and rates the work: the budget counts it as spent', async () => {
    await apiPost('/api/v1/vendors', { name: 'Northlight Studio', category: 'Video production' });
    await page.getByRole('tab', { name: 'Vendors' }).click();
    await page.getByText('No vendors engaged').waitFor();
    await page.getByRole('button', { name: 'Add engagement' }).click();
    const dialog = page.getByRole('dialog', { name: 'New vendor engagement' });
    await dialog.getByRole('combobox', { name: 'Vendor' }).click();
    await page.getByRole('option', { name: 'Northlight Studio · Video production' }).click();
    await dialog.getByLabel('Scope').fill('Hero video shoot, one day');
    await dialog.getByRole('textbox', { name: 'Cost' }).fill('5000');
    await dialog.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Delivered' }).click();
    // Four stars of five.
    const star = await dialog.getByRole('radio', { name: '4 stars' }).getAttribute('id');
    await dialog.locator(`label[for="${star}"]`).click();
    await dialog.getByRole('button', { name: 'Add engagement' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /Northlight Studio/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 6)).toEqual([
      'Northlight Studio',
      'Hero video shoot, one day',
      '$5,000',
      '—',
      'Delivered',
      shown(today()),
    ]);
    expect(await row.getByRole('img', { name: 'Rated 4 of 5' }).count()).toBe(1);
    // $5,000 delivered of a $20,000 budget: a quarter used.
    await page.getByText('25% · $5,000 of $20,000').waitFor();
    await screenshot(page, 'projects-vendors');
  });

  it('edits the scope and goals', async () => {
    await page.getByRole('tab', { name: 'Scope and goals' }).click();
    await page.getByRole('button', { name: 'Edit scope and goals' }).click();
    await page
      .getByRole('textbox', { name: 'Scope' })
      .fill('One 60-second hero video and three cut-downs. Not included: paid media.');
    await page.getByRole('textbox', { name: 'Goals' }).fill('Launch the spring line to returning customers.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('One 60-second hero video and three cut-downs. Not included: paid media.').waitFor();
    await page.getByText('Launch the spring line to returning customers.').waitFor();
    expect(errors).toEqual([]);
  });

  it('deletes a request and a deliverable; a project or vendor with work is refused (409), an empty one goes', async () => {
    await page.getByRole('tab', { name: 'Client requests' }).click();
    await page
      .getByRole('row', { name: /Brand fonts/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    let dialog = page.getByRole('dialog', { name: 'Delete Brand fonts?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No client requests').waitFor();

    await page.getByRole('tab', { name: 'Deliverables' }).click();
    await page
      .getByRole('row', { name: /Storyboard/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    dialog = page.getByRole('dialog', { name: 'Delete Storyboard?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('row', { name: /Storyboard/ }).count()).toBe(0);
    await page.getByRole('row', { name: new RegExp(deliverable) }).waitFor();

    // The hero video and the vendor's engagement remain: the server refuses, and says to cancel instead.
    const before = errors.length;
    await page.getByRole('button', { name: 'Delete project' }).click();
    dialog = page.getByRole('dialog', { name: `Delete ${project}?` });
    await dialog.getByRole('button', { name: 'Delete project' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('cannot be deleted: cancel it instead');
    await screenshot(page, 'projects-delete-refused');
    expect(errors.splice(before)).toEqual([
      'Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const empty = await apiPost('/api/v1/projects', {
      accountId,
      name: 'Abandoned pitch',
      startDate: today(),
      endDate: plusDays(today(), 30),
    });
    await page.goto(`${server.url}/projects/${empty.id}`);
    await page.getByRole('heading', { name: 'Abandoned pitch', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete project' }).click();
    dialog = page.getByRole('dialog', { name: 'Delete Abandoned pitch?' });
    await dialog.getByRole('button', { name: 'Delete project' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects');
    await page.getByRole('row', { name: new RegExp(project) }).waitFor();
    expect(await page.getByRole('row', { name: /Abandoned pitch/ }).count()).toBe(0);

    // A vendor: one engaged is refused with the server's reason, one never engaged is deleted.
    const vendors = (await (await page.request.get(`${server.url}/api/v1/vendors?limit=100`)).json()).data;
    const engaged = vendors.find((v: { name: string }) => v.name === 'Northlight Studio');
    await page.goto(`${server.url}/vendors/${engaged.id}`);
    await page.getByRole('button', { name: 'Delete vendor' }).click();
    dialog = page.getByRole('dialog', { name: 'Delete Northlight Studio?' });
    await dialog.getByRole('button', { name: 'Delete vendor' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/This vendor has engagements/)
      .waitFor();
    expect(errors.splice(before)).toHaveLength(1);
    const unused = await apiPost('/api/v1/vendors', { name: 'Idle Props Co' });
    await page.goto(`${server.url}/vendors/${unused.id}`);
    await page.getByRole('button', { name: 'Delete vendor' }).click();
    await page
      .getByRole('dialog', { name: 'Delete Idle Props Co?' })
      .getByRole('button', { name: 'Delete vendor' })
      .click();
    await page.getByRole('heading', { name: 'Vendors', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/vendors');
    expect(errors).toEqual([]);
  });
});
