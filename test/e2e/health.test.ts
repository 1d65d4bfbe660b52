import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

let server: RunningServer;
let page: Page;
let errors: string[];
let apiKey: string;

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const northwind = { name: 'Northwind Analytics', domain: 'northwind-analytics.test' };
const contoso = { name: 'Contoso Robotics', domain: 'contoso-robotics.test' };
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const ids: Record<string, string> = {};

let session: Session;
beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

/** A request as a script would send it: the API key, no cookie, no browser. */
async function withKey(method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function pushSignals(signals: { accountDomain: string; metric: string; value: number }[], at: string) {
  const res = await withKey('POST', '/api/v1/health/signals', {
    signals: signals.map((s) => ({ ...s, recordedAt: at })),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ accepted: signals.length });
}

/** The card of a band on the health dashboard. */
const band = (name: string) =>
  page.getByRole('list', { name: 'Accounts by band' }).getByRole('listitem', { name, exact: true });

describe('health and advocacy: signals, the dashboard, explained scores, what-if and issue SLAs', () => {
  it('signs in, makes two accounts and an API key, and opens a P2 issue 30 hours ago', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();

    const headers = { origin: server.url };
    for (const a of [northwind, contoso]) {
      const res = await page.request.post(`${server.url}/api/v1/accounts`, { headers, data: a });
      expect(res.status()).toBe(201);
      ids[a.name] = (await res.json()).id;
    }
    const key = await page.request.post(`${server.url}/api/v1/api-keys`, {
      headers,
      data: { name: 'BI feed' },
    });
    expect(key.status()).toBe(201);
    apiKey = (await key.json()).key;

    // A P2 has 24 hours: opened 30 hours ago, it breached 6 hours ago. Open, it weighs 3 of 8.
    const issue = await withKey('POST', '/api/v1/issues', {
      accountId: ids[northwind.name],
      title: 'Exports time out',
      severity: 'p2',
      internalTeam: 'engineering',
      openedAt: ago(30 * HOUR),
    });
    expect(issue.status).toBe(201);
  });

  it('scores both accounts green from good signals pushed with the key', async () => {
    await pushSignals(
      [northwind, contoso].flatMap((a) => [
        { accountDomain: a.domain, metric: 'nps', value: 60 },
        { accountDomain: a.domain, metric: 'product_usage', value: 85 },
      ]),
      ago(2 * HOUR),
    );
    await page.getByRole('link', { name: 'Health' }).click();
    await page.getByRole('heading', { name: 'Health', level: 1 }).waitFor();
    await expect
      .poll(() => band('Green').getByTestId('band-green-accounts').textContent())
      .toBe('2 accounts');
    expect(await band('Red').getByTestId('band-red-accounts').textContent()).toBe('0 accounts');
  });

  it('turns Northwind red on the dashboard when its NPS and usage collapse', async () => {
    await pushSignals(
      [
        { accountDomain: northwind.domain, metric: 'nps', value: -40 },
        { accountDomain: northwind.domain, metric: 'product_usage', value: 10 },
      ],
      ago(HOUR),
    );
    await page.reload();
    await expect.poll(() => band('Red').getByTestId('band-red-accounts').textContent()).toBe('1 account');
    expect(await band('Green').getByTestId('band-green-accounts').textContent()).toBe('1 account');
    await screenshot(page, 'health-dashboard');

    await band('Red').getByRole('link', { name: 'See red accounts' }).click();
    const row = page.getByRole('row', { name: new RegExp(northwind.name) });
    await row.waitFor();
    expect(await page.getByRole('row', { name: new RegExp(contoso.name) }).count()).toBe(0);
    await row.getByRole('link', { name: northwind.name }).click();
    await page.getByRole('heading', { name: northwind.name, level: 1 }).waitFor();
  });

  it('explains the score: product usage drags it down most', async () => {
    await page.getByRole('tab', { name: 'Health' }).click();
    // nps 0 × 25, usage 0 × 30, last touch today 100 × 20, one open P2 (3 of 8) 62.5 × 25: 35.6 → 36.
    await expect.poll(() => page.getByTestId('health-score').textContent()).toBe('36');
    expect(await page.getByTestId('health-band').textContent()).toBe('Red');
    expect(await page.getByTestId('health-reason').textContent()).toBe(
      'Pulled down most by Product usage (10).',
    );
    const parts = page.getByRole('list', { name: 'Score components' });
    const usage = parts.getByRole('listitem', { name: 'Product usage' });
    expect(await usage.getByText('Drags the score down most').count()).toBe(1);
    expect(await usage.textContent()).toContain('0 / 100');
    const issues = parts.getByRole('listitem', { name: 'Open issues (weighted)' });
    expect(await issues.textContent()).toContain('62.5 / 100');
    // The risk says why: red by the score; made today, it has no score 30 days back to fall from.
    const panel = page.getByRole('tabpanel', { name: 'Health' });
    expect(await panel.getByTestId('churn-risk').getAttribute('aria-label')).toBe(
      'High churn risk: Health is red (36)',
    );
    expect(await panel.getByTestId('churn-risk-reasons').textContent()).toBe('Health is red (36)');
    await screenshot(page, 'health-account');
  });

  it('shows the score a what-if gives, with the same rule as the server', async () => {
    await page.getByRole('textbox', { name: 'Product usage' }).fill('80');
    // usage now 100 × 30: 65.6 → 66, yellow.
    await expect.poll(() => page.getByTestId('what-if-score').textContent()).toBe('66');
    expect(await page.getByTestId('what-if-band').textContent()).toBe('Yellow');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => page.getByTestId('what-if-score').textContent()).toBe('36');
  });

  it("previews the edited health model on a sample account, and shows the server's field errors", async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Health model' }).click();
    const preview = page.getByRole('combobox', { name: 'Sample account' });
    await preview.fill('Northwind');
    await page.getByRole('option', { name: northwind.name }).click();
    await expect.poll(() => page.getByTestId('preview-score').textContent()).toBe('36');

    const model = page.getByRole('form', { name: 'Health model' });
    // Days since the last touch is critical by default; the others are not.
    const critical = (name: string) =>
      model.getByRole('listitem', { name }).getByRole('checkbox', { name: 'Critical' }).isChecked();
    expect(await critical('Days since last touch')).toBe(true);
    expect(await critical('NPS')).toBe(false);
    const usage = model.getByRole('listitem', { name: 'Product usage' });
    await usage.getByRole('textbox', { name: 'Weight' }).fill('10');
    // (0 × 25 + 0 × 10 + 100 × 20 + 62.5 × 25) / 80 = 44.5 → 45.
    await expect.poll(() => page.getByTestId('preview-score').textContent()).toBe('45');

    const nps = model.getByRole('listitem', { name: 'NPS' });
    await nps.getByRole('textbox', { name: 'Good' }).fill('-20');
    const before = errors.length;
    await model.getByRole('button', { name: 'Save model' }).click();
    await nps.getByText('Must differ from bad').waitFor();
    // The refused save is the one failed request the browser reports here; it is meant.
    expect(errors.splice(before)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await screenshot(page, 'health-model');
    await model.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.getByTestId('preview-score').textContent()).toBe('36');
  });

  it('shows the breached issue in red on the board, and a new P1 counting down from 4 hours', async () => {
    await page.getByRole('link', { name: 'Issues' }).first().click();
    await page.getByRole('heading', { name: 'Issues', level: 1 }).waitFor();
    const card = page.getByRole('listitem', { name: 'Exports time out' });
    const sla = card.locator('[data-sla]');
    await expect.poll(() => sla.getAttribute('data-sla')).toBe('breached');
    expect(await sla.textContent()).toMatch(/^Breached 6 h( \d+ min)? ago$/);
    await screenshot(page, 'issues-board');

    await page.getByRole('button', { name: 'New issue' }).click();
    const dialog = page.getByRole('dialog', { name: 'New issue' });
    await dialog.getByRole('combobox', { name: 'Account' }).fill('Northwind');
    await page.getByRole('option', { name: northwind.name }).click();
    await dialog.getByLabel('Title').fill('Dashboard shows stale data');
    await dialog.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: 'P1 · Critical' }).click();
    await dialog.getByRole('button', { name: 'Open issue' }).click();

    await page.getByRole('heading', { name: 'Dashboard shows stale data', level: 1 }).waitFor();
    const countdown = page.getByTestId('issue-sla');
    await expect.poll(() => countdown.textContent()).toMatch(/^(4 h|3 h 59 min) left$/);
  });

  it('keeps internal notes and client-visible updates apart in the thread', async () => {
    const composer = page.getByRole('form', { name: 'Post an update' });
    await composer.getByRole('textbox', { name: 'Update' }).fill('Cache job stalled; restarting it.');
    await composer.getByRole('button', { name: 'Post internal note' }).click();
    const thread = page.getByRole('list', { name: 'Updates' });
    await thread.getByRole('listitem', { name: `Internal update by ${admin.name}` }).waitFor();
    await composer.getByText('Client-visible').click();
    await composer.getByRole('textbox', { name: 'Update' }).fill('We found the cause and are fixing it.');
    await composer.getByRole('button', { name: 'Post client-visible update' }).click();

    await thread.getByRole('listitem', { name: `Client-visible update by ${admin.name}` }).waitFor();
    const internal = thread.getByRole('listitem', { name: `Internal update by ${admin.name}` });
    expect(await internal.textContent()).toContain('Cache job stalled');
    expect(await thread.locator('[data-visibility="client"]').textContent()).toContain('We found the cause');
    await screenshot(page, 'issue-page');
  });

  it('ranks feedback themes by the ARR of the accounts asking, not by how many ask', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const contract = await withKey('POST', '/api/v1/contracts', {
      accountId: ids[contoso.name],
      name: 'Platform',
      startDate: day(-10),
      endDate: day(355),
      arr: 50_000,
    });
    expect(contract.status).toBe(201);
    for (const title of ['Scheduled exports', 'CSV with totals']) {
      const res = await withKey('POST', '/api/v1/feedback', {
        accountId: ids[northwind.name],
        title,
        productArea: 'Reporting',
      });
      expect(res.status).toBe(201);
    }

    await page.goto(`${server.url}/accounts/${ids[contoso.name]}?tab=feedback`);
    const form = page.getByRole('form', { name: 'Log feedback' });
    await form.getByRole('textbox', { name: 'Title' }).fill('SSO with Okta');
    await form.getByRole('combobox', { name: 'Product area' }).fill('Security');
    await form.getByRole('button', { name: 'Log feedback' }).click();
    await page.getByRole('list', { name: 'Feedback' }).getByText('SSO with Okta').waitFor();

    await page.getByRole('link', { name: 'Feedback', exact: true }).first().click();
    const table = page.getByRole('table', { name: 'Feedback themes' });
    await table.getByText('Security', { exact: true }).waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.nth(0).getByRole('cell').allTextContents()).toEqual([
      '',
      'Security',
      '1',
      '1',
      '$50,000',
    ]);
    expect(await rows.nth(1).getByRole('cell').allTextContents()).toEqual(['', 'Reporting', '2', '1', '$0']);
    await table.getByRole('button', { name: 'Show the feedback in Reporting' }).click();
    const items = page.getByRole('list', { name: 'Feedback in this theme' });
    await items.getByText('CSV with totals').waitFor();
    expect(await items.getByRole('listitem').count()).toBe(2);
    await expect.poll(() => items.getByRole('link', { name: northwind.name }).count()).toBe(2);
    await screenshot(page, 'feedback-themes');
  });

  it('showed no console or page errors', () => {
    expect(errors).toEqual([]);
  });
});
