import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, signInCookie, startWithAdmin } from './support.ts';

/*
 * The director's drill-downs keep the team: Health's at-risk link for team East lists exactly the
 * accounts Health counts at risk (churn risk high), with the team filter on; the Forecast for the
 * team breaks down by rep, each rep opening their own forecast with the team kept.
 *
 * Team East: manager Morgan, members Riley and Sam. At high risk (red): Riley's Globex, Sam's Hooli,
 * Morgan's own Acme (a manager is not a member: outside the team filter, inside Morgan's scope) and
 * Olga's Umbrella (Olga is on no team: outside Morgan's scope). Riley's Initech is healthy.
 */
let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;
let cookie = '';

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const morgan = { name: 'Morgan Manager', email: 'morgan@example.test', password: 'morgan-password-123' };
const riley = { name: 'Riley Rep', email: 'riley@example.test', password: 'riley-password-123' };
const sam = { name: 'Sam Seller', email: 'sam@example.test', password: 'sam-password-12345' };
const olga = { name: 'Olga Outside', email: 'olga@example.test', password: 'olga-password-1234' };
const ids: Record<string, string> = {};
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

async function asAdmin(path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, cookie },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.json() as Promise<{ id: string }>;
}

/** An account of `ownerId` that scores red (poor signals, two open P1s): churn risk high. */
async function redAccount(name: string, ownerId: string): Promise<string> {
  const { id } = await asAdmin('/api/v1/accounts', { name, ownerId });
  const recordedAt = new Date().toISOString();
  await asAdmin('/api/v1/health/signals', {
    signals: [
      { accountId: id, metric: 'nps', value: -20, recordedAt },
      { accountId: id, metric: 'product_usage', value: 0, recordedAt },
    ],
  });
  for (const title of ['Outage', 'Data loss'])
    await asAdmin('/api/v1/issues', { accountId: id, title, severity: 'p1' });
  return id;
}

/** The account rows the Accounts table shows (virtualised, but a handful all fit). */
const accountRows = () => page.getByRole('table', { name: 'Accounts' }).locator('tbody tr[data-index]');

describe('director views keep the team filter', () => {
  it('sets up team East with accounts at risk inside and outside it, and deals this quarter', async () => {
    cookie = await signInCookie(server, admin);
    ids.morgan = (await asAdmin('/api/v1/users', { ...morgan, role: 'manager' })).id;
    for (const [key, who] of [
      ['riley', riley],
      ['sam', sam],
      ['olga', olga],
    ] as const)
      ids[key] = (await asAdmin('/api/v1/users', { ...who, role: 'account_manager' })).id;
    ids.team = (
      await asAdmin('/api/v1/teams', {
        name: 'East',
        managerIds: [ids.morgan],
        memberIds: [ids.riley, ids.sam],
      })
    ).id;
    ids.globex = await redAccount('Globex', ids.riley!);
    ids.hooli = await redAccount('Hooli', ids.sam!);
    ids.acme = await redAccount('Acme', ids.morgan!);
    ids.umbrella = await redAccount('Umbrella', ids.olga!);
    ids.initech = (await asAdmin('/api/v1/accounts', { name: 'Initech', ownerId: ids.riley })).id;
    // This quarter's new ARR: Riley won 12,000 and has 5,000 in negotiation; Sam has 3,000 at proposal.
    const deal = (accountId: string, ownerId: string, stage: string, amount: number) =>
      asAdmin('/api/v1/opportunities', {
        accountId,
        ownerId,
        name: `${stage} ${amount}`,
        type: 'new_business',
        stage,
        amount,
        closeDate: today,
        ...(stage === 'closed_won' ? { contract: null } : {}), // a win without a contract: no ARR moves
      });
    await deal(ids.initech, ids.riley!, 'closed_won', 12_000);
    await deal(ids.initech, ids.riley!, 'negotiation', 5_000);
    await deal(ids.hooli, ids.sam!, 'proposal', 3_000);
  });

  it('as the manager, follows Health’s at-risk link for the team to exactly the accounts it counts', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(morgan.email);
    await page.getByLabel('Password').fill(morgan.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();

    // Everything Morgan sees: Globex, Hooli and Acme at risk.
    await page.getByRole('link', { name: 'Health', exact: true }).click();
    await page.getByTestId('at-risk-accounts').waitFor();
    expect(await page.getByTestId('at-risk-accounts').textContent()).toBe('3 accounts');

    // Team East: Acme (Morgan's own) drops out.
    await page.getByRole('combobox', { name: 'Accounts' }).click();
    await page.getByRole('option', { name: 'Team East' }).click();
    await page.waitForURL(/team=/);
    await page.getByTestId('at-risk-accounts').filter({ hasText: '2 accounts' }).waitFor();
    const counted = Number((await page.getByTestId('at-risk-accounts').textContent())!.split(' ')[0]);
    expect(counted).toBe(2);
    await screenshot(page, 'health-team-at-risk');

    await page.getByRole('link', { name: 'See accounts at risk' }).click();
    await page.waitForURL(/\/accounts\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('team')).toBe(ids.team);
    expect(url.searchParams.get('risk')).toBe('high');
    await page.getByText(`${counted} accounts`, { exact: true }).waitFor();
    expect(await accountRows().count()).toBe(counted);
    await page.getByRole('link', { name: 'Globex' }).first().waitFor();
    await page.getByRole('link', { name: 'Hooli' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Acme' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Umbrella' }).count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Team' }).inputValue()).toBe('East');
    expect(await page.getByRole('combobox', { name: 'Churn risk' }).inputValue()).toBe('High');
    // Each row says why it is at risk.
    expect(await accountRows().getByTestId('churn-risk').count()).toBe(counted);
    expect(await accountRows().getByTestId('churn-risk').first().textContent()).toBe('High risk');
    await screenshot(page, 'accounts-team-at-risk');

    // Back on Health, the red band's link keeps the team too.
    await page.goBack();
    await page.getByTestId('band-red-accounts').filter({ hasText: '2' }).waitFor();
    await page.getByRole('link', { name: 'See red accounts' }).click();
    await page.waitForURL(/band=red/);
    expect(new URL(page.url()).searchParams.get('team')).toBe(ids.team);
    await page.getByText('2 accounts', { exact: true }).waitFor();
    expect(await accountRows().count()).toBe(2);
  });

  it('follows My day’s at-risk section and the Team page’s red counts to the same accounts', async () => {
    // Morgan's own at-risk account, Acme: My day lists it and links to exactly it.
    await page.getByRole('link', { name: 'My day', exact: true }).click();
    const section = page.getByRole('region', { name: 'At-risk accounts' });
    await section.getByRole('link', { name: 'Acme' }).waitFor();
    const listed = await section.getByRole('listitem').count();
    await section.getByRole('link', { name: 'See in Accounts' }).click();
    await page.waitForURL(/risk=high/);
    expect(new URL(page.url()).searchParams.get('owner')).toBe(ids.morgan);
    await page.getByText(`${listed} account${listed === 1 ? '' : 's'}`, { exact: true }).waitFor();
    expect(listed).toBe(1);
    expect(await accountRows().count()).toBe(listed);

    // On Team, a member's red count keeps owner and team; the manager's own row (a manager is not
    // a member, so the team filter would hide their accounts) links by owner alone.
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('table', { name: 'Team report' }).waitFor();
    await page.getByRole('link', { name: `${sam.name}: red accounts` }).click();
    await page.waitForURL(/band=red/);
    let url = new URL(page.url());
    expect([url.searchParams.get('owner'), url.searchParams.get('team')]).toEqual([ids.sam, ids.team]);
    await page.getByText('1 account', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Hooli' }).first().waitFor();
    await page.goBack();
    await page.getByRole('link', { name: `${morgan.name}: red accounts` }).click();
    await page.waitForURL(new RegExp(`owner=${ids.morgan}`));
    url = new URL(page.url());
    expect(url.searchParams.get('team')).toBeNull();
    await page.getByText('1 account', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Acme' }).first().waitFor();
  });

  it('breaks the team’s forecast down by rep, each rep opening their own with the team kept', async () => {
    await page.goto(`${server.url}/forecast?who=${ids.team}`);
    const table = page.getByRole('table', { name: 'Forecast by rep' });
    const rileyRow = table.getByTestId(`forecast-rep-${ids.riley}`);
    await rileyRow.waitFor();
    // Closed won, commit, best case, pipeline, weighted, quota, attainment.
    const cells = async (row: typeof rileyRow) => (await row.getByRole('cell').allTextContents()).slice(1);
    expect(await cells(rileyRow)).toEqual(['$12,000', '$17,000', '$17,000', '$17,000', '$15,750', '—', '—']);
    expect(await cells(table.getByTestId(`forecast-rep-${ids.sam}`))).toEqual([
      '$0',
      '$0',
      '$3,000',
      '$3,000',
      '$1,500',
      '—',
      '—',
    ]);
    const total = (await table.locator('tfoot tr').first().locator('th, td').allTextContents()).slice(1);
    expect(total).toEqual(['$12,000', '$17,000', '$20,000', '$20,000', '$17,250', '—', '—']);
    expect(await page.getByTestId('forecast-closed-won').textContent()).toBe('$12K');
    await screenshot(page, 'forecast-by-rep');

    await table.getByRole('link', { name: riley.name }).click();
    await page.waitForURL(/owner=/);
    const url = new URL(page.url());
    expect(url.searchParams.get('owner')).toBe(ids.riley);
    expect(url.searchParams.get('who')).toBe(ids.team);
    await page.getByTestId('forecast-weighted').filter({ hasText: '$15.8K' }).waitFor();
    expect(await page.getByRole('table', { name: 'Forecast by rep' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Back to team East' }).click();
    await page.getByRole('table', { name: 'Forecast by rep' }).waitFor();
    expect(new URL(page.url()).searchParams.get('owner')).toBeNull();
    expect(errors).toEqual([]);
  });
});
