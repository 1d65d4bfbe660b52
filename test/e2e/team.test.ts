import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, signInCookie, startWithAdmin } from './support.ts';

let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;
let cookie = '';

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const morgan = { name: 'Morgan Manager', email: 'morgan@example.test', password: 'morgan-password-123' };
const riley = { name: 'Riley Rep', email: 'riley@example.test', password: 'riley-password-123' };
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

/** The admin's API call, with their session cookie, as the web app would send it. */
async function asAdmin(path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, cookie },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.json() as Promise<{ id: string }>;
}

describe('the team view: a manager opens Team and follows a member to their accounts', () => {
  it('sets up a team whose member owns a red account of 120,000 and a healthy one', async () => {
    cookie = await signInCookie(server, admin);

    ids.morgan = (await asAdmin('/api/v1/users', { ...morgan, role: 'manager' })).id;
    ids.riley = (await asAdmin('/api/v1/users', { ...riley, role: 'account_manager' })).id;
    ids.team = (
      await asAdmin('/api/v1/teams', { name: 'East', managerIds: [ids.morgan], memberIds: [ids.riley] })
    ).id;
    ids.globex = (await asAdmin('/api/v1/accounts', { name: 'Globex', ownerId: ids.riley })).id;
    ids.initech = (await asAdmin('/api/v1/accounts', { name: 'Initech', ownerId: ids.riley })).id;
    await asAdmin('/api/v1/accounts', { name: 'Umbrella' }); // the admin's: not on the team
    await asAdmin('/api/v1/contracts', {
      accountId: ids.globex,
      name: 'Globex platform',
      startDate: isoDay(-100),
      endDate: isoDay(265),
      arr: 120_000,
    });
    // Poor signals and two open P1s: Globex scores red.
    await asAdmin('/api/v1/health/signals', {
      signals: [
        { accountId: ids.globex, metric: 'nps', value: -20, recordedAt: new Date().toISOString() },
        { accountId: ids.globex, metric: 'product_usage', value: 0, recordedAt: new Date().toISOString() },
      ],
    });
    for (const title of ['Outage', 'Data loss'])
      await asAdmin('/api/v1/issues', { accountId: ids.globex, title, severity: 'p1' });
  });

  it('shows the manager the Team entry and the member’s row, in the currency', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(morgan.email);
    await page.getByLabel('Password').fill(morgan.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();

    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('heading', { name: 'Team', exact: true }).waitFor();
    const table = page.getByRole('table', { name: 'Team report' });
    const row = table.getByTestId(`team-row-${ids.riley}`);
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('$120,000');
    expect(await table.locator('tfoot').textContent()).toContain('$120,000');
    await page
      .getByRole('table', { name: 'Loss reasons' })
      .or(page.getByText('The team lost no deals'))
      .waitFor();
    await screenshot(page, 'team-report');
  });

  it('follows the member’s red accounts to the Accounts table, with the owner and team filters kept', async () => {
    await page.getByRole('link', { name: `${riley.name}: red accounts` }).click();
    await page.waitForURL(/\/accounts\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('owner')).toBe(ids.riley);
    expect(url.searchParams.get('team')).toBe(ids.team);
    expect(url.searchParams.get('band')).toBe('red');
    await page.getByRole('link', { name: 'Globex' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Initech' }).count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Team' }).inputValue()).toBe('East');
    await screenshot(page, 'team-red-accounts');

    // Back on Team, the member's name opens all their accounts, the team filter still on.
    await page.goBack();
    await page.getByRole('table', { name: 'Team report' }).waitFor();
    await page.getByRole('link', { name: riley.name, exact: true }).click();
    await page.getByRole('link', { name: 'Initech' }).first().waitFor();
    await page.getByRole('link', { name: 'Globex' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Umbrella' }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('team')).toBe(ids.team);
    expect(errors).toEqual([]);
  });
});
