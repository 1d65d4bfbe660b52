import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

/*
 * The pipeline shows how long each deal has been in its stage. The server stamps stageChangedAt
 * with its clock; the browser's clock is then moved 12 days on, as if the deals had sat there since.
 * (That a stage change stamps it anew is tested against the server, in
 * test/integration/revenue-stage-changed-at.test.ts.)
 */
let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;

const admin = { name: 'Pia Pipeline', email: 'pia@example.test', password: 'first-admin-password' };
const DAY = 86_400_000;
const plusDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const today = new Date().toISOString().slice(0, 10);
/** A date as the app shows it in an en-US browser: "Dec 6, 2026". */
const shown = (isoDate: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
const yesterday = plusDays(today, -1);
const inFiveDays = plusDays(today, 5);
const stalled = {
  name: 'Stalled analytics deal',
  stage: 'proposal',
  nextStep: 'Chase the signed order',
  nextStepDue: yesterday,
};
const fresh = {
  name: 'Fresh seats deal',
  stage: 'qualification',
  nextStep: 'Book the demo',
  nextStepDue: inFiveDays,
};

beforeAll(async () => {
  session = await startWithAdmin(admin);
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

async function request(method: 'post' | 'patch', path: string, data: unknown) {
  const res = await page.request[method](`${server.url}${path}`, { headers: { origin: server.url }, data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}

const column = (stage: string) => page.locator(`[data-stage="${stage}"]`);
const cardIn = (stage: string, name: string) => column(stage).getByRole('listitem').filter({ hasText: name });
const row = (name: string) =>
  page.getByRole('table', { name: 'Pipeline' }).getByRole('row').filter({ hasText: name });

describe('pipeline: days in stage and next steps; next steps on My day', () => {
  it('signs in and opens two deals', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    const account = await request('post', '/api/v1/accounts', { name: 'Northwind Traders' });
    for (const d of [stalled, fresh]) {
      await request('post', '/api/v1/opportunities', {
        accountId: account.id,
        name: d.name,
        type: 'upsell',
        stage: d.stage,
        nextStep: d.nextStep,
        nextStepDue: d.nextStepDue,
        amount: 5_000,
        closeDate: plusDays(today, 30),
      });
    }
  });

  it('shows each deal’s days in stage and next step, on the board and in the table', async () => {
    await page.getByRole('link', { name: 'Pipeline' }).click();
    const card = cardIn(stalled.stage, stalled.name);
    await card.waitFor();
    expect(await card.getByTestId('days-in-stage').textContent()).toBe('In stage: since today');
    expect(await card.getByTestId('next-step').textContent()).toBe(
      `Next: ${stalled.nextStep}Overdue since ${shown(yesterday)}`,
    );
    expect(await cardIn(fresh.stage, fresh.name).getByTestId('next-step').textContent()).toBe(
      `Next: ${fresh.nextStep}Due ${shown(inFiveDays)}`,
    );
    await screenshot(page, 'pipeline-next-steps');

    await page.getByText('Table', { exact: true }).click();
    await row(stalled.name).waitFor();
    const cells = row(stalled.name).getByRole('cell');
    expect(await cells.nth(4).textContent()).toBe('Today');
    // Opportunity, Account, Type, Stage, In stage, Amount, Probability, Category, Close date, Next step.
    expect(await cells.nth(9).textContent()).toBe(`${stalled.nextStep}Overdue since ${shown(yesterday)}`);
    expect(await row(fresh.name).getByRole('cell').nth(9).textContent()).toBe(
      `${fresh.nextStep}Due ${shown(inFiveDays)}`,
    );
    // Sorted by the next step's day: the overdue one first.
    await page.getByRole('button', { name: 'Next step' }).click();
    const rows = page.getByRole('table', { name: 'Pipeline' }).getByRole('row');
    await expect.poll(() => rows.nth(1).textContent()).toContain(stalled.name);
  });

  it('lists the next step due on My day, and opens its deal from there', async () => {
    // A fresh load: the agenda seen at sign-in was read before the deals existed.
    await page.goto(`${server.url}/`);
    const section = page.getByRole('region', { name: 'Next steps' });
    await section.waitFor();
    const items = section.getByRole('listitem');
    expect(await items.count()).toBe(1); // the one due in five days is not yet
    expect(await items.first().textContent()).toContain(stalled.nextStep);
    expect(await items.first().textContent()).toContain(
      `Northwind Traders · Next step overdue since ${shown(yesterday)}`,
    );
    await screenshot(page, 'my-day-next-steps');
    await section.getByRole('button', { name: stalled.nextStep }).click();
    await page.getByRole('dialog', { name: `Edit ${stalled.name}` }).waitFor();
    expect(await page.getByLabel('Next step', { exact: true }).inputValue()).toBe(stalled.nextStep);
    await page.keyboard.press('Escape');

    // Five days on, both are due.
    await page.goto(`${server.url}/?date=${inFiveDays}`);
    await page.getByRole('region', { name: 'Next steps' }).getByText(fresh.nextStep).waitFor();
    expect(await page.getByRole('region', { name: 'Next steps' }).getByRole('listitem').count()).toBe(2);
  });

  it('counts the days since the stage changed, on the board and in the table', async () => {
    // Twelve days later, as the browser sees it (the server stamped the stage with its own clock).
    await page.clock.setFixedTime(new Date(Date.now() + 12 * DAY));
    await page.goto(`${server.url}/pipeline`);
    const card = cardIn(stalled.stage, stalled.name);
    await card.waitFor();
    expect(await card.getByTestId('days-in-stage').textContent()).toBe('In stage: 12 days');
    expect(await card.getByTestId('days-in-stage').getAttribute('title')).toMatch(/^In Proposal since /);
    await screenshot(page, 'pipeline-days-in-stage');

    await page.getByText('Table', { exact: true }).click();
    await page.getByRole('button', { name: 'In stage' }).click();
    expect(await page.getByRole('columnheader', { name: /In stage/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    for (const d of [stalled, fresh])
      expect(await row(d.name).getByRole('cell').nth(4).textContent()).toBe('12 days');
  });

  it('showed no console or page errors', () => {
    expect(errors).toEqual([]);
  });
});
