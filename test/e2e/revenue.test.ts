import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

let server: RunningServer;
let page: Page;
let errors: string[];

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const account = { name: 'Fabrikam Freight' };
const deal = { name: 'Analytics add-on', amount: 8000 };
const expansionDeal = { name: 'Second region', amount: 3000 };

const DAY = 86_400_000;
/** `YYYY-MM-DD` plus days, on the UTC calendar (the browser runs in UTC too). */
const plusDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const today = new Date().toISOString().slice(0, 10);
/** A date as the app shows it in an en-US browser: "Dec 6, 2026". */
const shown = (isoDate: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
// The server runs in euros (STEWARD_CURRENCY=EUR): every amount on screen carries the currency.
const currency = 'EUR';
/** An amount as the app shows it in an en-US browser: "€12,000". */
const money = (n: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
/** An amount where space is short (board cards and column totals, stat tiles): "€8K", "€6.6K". */
const compact = (n: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(n);
/** A number in an amount input, which shows the currency's symbol beside it rather than in it. */
const plain = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);

// The contract ends in 20 days after a year's term; the dialog offers the next day and the same
// term, and the test renews early instead, from today, to the same end.
const contract = {
  name: 'Platform 2026',
  startDate: plusDays(today, -345),
  endDate: plusDays(today, 20),
  arr: 12_000,
};
const renewedStart = plusDays(contract.endDate, 1);
const renewedEnd = plusDays(contract.endDate, 366);
const renewedArr = 15_000;
/** A day inside the renewed term: before the renewal nothing holds ARR on it. */
const movementTo = plusDays(renewedStart, 10);

let session: Session;
let accountId: string;

beforeAll(async () => {
  session = await startWithAdmin(admin, { env: { STEWARD_CURRENCY: currency } });
  ({ server, page, errors } = session);
});
afterAll(() => session?.close());

async function post(path: string, data: unknown): Promise<{ id: string }> {
  const res = await page.request.post(`${server.url}${path}`, { headers: { origin: server.url }, data });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** The board column (or closing target) of a stage. */
const column = (stage: string) => page.locator(`[data-stage="${stage}"]`);
const cardIn = (stage: string, name: string) => column(stage).getByRole('listitem').filter({ hasText: name });

/** Drags with the mouse as a person would: press, move past the threshold, move over the target, release. */
async function drag(card: Locator, target: Locator) {
  const from = await card.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or target not on screen');
  const x = from.x + from.width / 2;
  const y = from.y + from.height - 8;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 4, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(80, to.height / 2), { steps: 12 });
  await page.mouse.up();
}

const figure = (testId: string) => page.getByTestId(testId);
/** A fact of the account page's header, by its label. */
const fact = (label: string) =>
  page.getByText(label, { exact: true }).first().locator('xpath=following-sibling::*[1]');

describe('revenue: pipeline board, forecast, renewals and ARR movement', () => {
  it('signs in and sets up an account with a contract ending soon and two deals closing this quarter', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();

    ({ id: accountId } = await post('/api/v1/accounts', { name: account.name, segment: 'mid_market' }));
    await post('/api/v1/contracts', { accountId, ...contract });
    await post('/api/v1/opportunities', {
      accountId,
      name: deal.name,
      type: 'upsell',
      stage: 'proposal',
      amount: deal.amount,
      closeDate: today,
    });
    await post('/api/v1/opportunities', {
      accountId,
      name: expansionDeal.name,
      type: 'cross_sell',
      stage: 'prospecting',
      amount: expansionDeal.amount,
      closeDate: today,
    });
  });

  it('shows the forecast of this quarter before the move: nothing committed yet', async () => {
    await page.getByRole('link', { name: 'Forecast' }).click();
    await page.getByRole('heading', { name: 'Forecast', level: 1 }).waitFor();
    await expect.poll(() => figure('forecast-commit').textContent()).toBe('€0');
    expect(await figure('forecast-best-case').textContent()).toBe(compact(deal.amount));
    expect(await figure('forecast-pipeline').textContent()).toBe(compact(deal.amount + expansionDeal.amount));
    // The tile is compact; the exact amount is on hover.
    expect(await figure('forecast-pipeline').getAttribute('title')).toBe(
      money(deal.amount + expansionDeal.amount),
    );
  });

  it('drags the deal from Proposal to Negotiation on the board; the column totals follow', async () => {
    await page.getByRole('link', { name: 'Pipeline' }).click();
    const card = cardIn('proposal', deal.name);
    await card.waitFor();
    // The card's amount carries the currency: "€8K".
    expect(await card.textContent()).toContain(compact(deal.amount));
    expect(compact(deal.amount)).toBe('€8K');
    await screenshot(page, 'revenue-pipeline-board');
    await drag(card, column('negotiation'));
    await cardIn('negotiation', deal.name).waitFor();
    expect(await cardIn('proposal', deal.name).count()).toBe(0);
    await expect
      .poll(() => column('negotiation').getByTestId('column-total').textContent())
      .toBe(compact(deal.amount));
    expect(await column('proposal').getByTestId('column-total').textContent()).toBe('€0');

    // The move is saved: after a reload the deal is still in Negotiation, at its stage's probability.
    await page.reload();
    const moved = cardIn('negotiation', deal.name);
    await moved.waitFor();
    expect(await moved.textContent()).toContain('75%');
  });

  it('moves a deal with the keyboard: Space on its grip, an arrow key, Space again', async () => {
    const grip = page.getByRole('button', { name: `Move ${expansionDeal.name}` });
    await grip.focus();
    await page.keyboard.press('Space');
    // The live region announces the pick-up, then where the card is.
    await page
      .getByText(
        new RegExp(`^(Picked up ${expansionDeal.name}\\.|${expansionDeal.name} is over Prospecting\\.)$`),
      )
      .waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText(`${expansionDeal.name} is over Qualification.`).waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await cardIn('qualification', expansionDeal.name).waitFor();
  });

  it('sees the forecast commit rise by the deal’s amount', async () => {
    await page.getByRole('link', { name: 'Forecast' }).click();
    await expect.poll(() => figure('forecast-commit').textContent()).toBe(compact(deal.amount));
    expect(await figure('forecast-weighted').textContent()).toBe(
      compact(deal.amount * 0.75 + expansionDeal.amount * 0.2),
    );
  });

  it('sets this quarter’s quota from the forecast; quota and attainment follow', async () => {
    await page.getByRole('button', { name: 'Quotas' }).click();
    const dialog = page.getByRole('dialog', { name: /^Quotas for Q\d \d{4}: new ARR$/ });
    await dialog.getByText('No new ARR quota covers this period yet.').waitFor();
    await dialog.getByRole('combobox', { name: 'Person' }).click();
    await page.getByRole('option', { name: admin.name }).click();
    await dialog.getByLabel('Amount').fill('20000');
    await dialog.getByRole('button', { name: 'Set quota' }).click();
    await dialog
      .getByRole('table', { name: 'Quotas' })
      .getByRole('row', { name: new RegExp(admin.name) })
      .waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => figure('forecast-quota').textContent()).toBe(compact(20_000));
    expect(await figure('forecast-attainment').textContent()).toBe('0%');
    await screenshot(page, 'revenue-forecast');
  });

  it('asks why when a deal is dropped on Lost, and will not close it without a reason', async () => {
    await page.getByRole('link', { name: 'Pipeline' }).click();
    await drag(cardIn('qualification', expansionDeal.name), column('closed_lost'));
    const dialog = page.getByRole('dialog', { name: `Close ${expansionDeal.name} as lost` });
    await dialog.getByRole('button', { name: 'Close as lost' }).click();
    await dialog.getByText('Say why it was lost.').waitFor();
    await dialog.getByLabel('Why was it lost?').fill('Budget moved to next year');
    await dialog.getByRole('button', { name: 'Close as lost' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => column('qualification').getByRole('listitem').count()).toBe(0);
  });

  it('before the renewal: the account holds the contract’s ARR, and ARR movement does not count its end before it comes', async () => {
    await page.goto(`${server.url}/accounts/${accountId}`);
    await expect.poll(() => fact('ARR').textContent()).toBe(money(contract.arr));
    expect(await fact('Renewal').textContent()).toBe(shown(contract.endDate));

    // Movement is history: a period reaching past the contract's end is cut to today, when the
    // contract still runs, so it is flat rather than churn.
    await page.goto(`${server.url}/reports/arr-movement?from=${today}&to=${movementTo}`);
    await expect.poll(() => figure('arr-truncated').textContent()).toBe(`Cut to today, ${shown(today)}`);
    expect(await figure('arr-period').textContent()).toBe(
      `ARR on ${shown(plusDays(today, -1))} (the day before ${shown(today)}) against ARR on ${shown(today)}.`,
    );
    expect(await figure('arr-churn').textContent()).toBe(money(0));
    expect(await figure('arr-ending').textContent()).toBe(money(contract.arr));
    expect(await figure('arr-nrr').textContent()).toBe('100.0%');
    await screenshot(page, 'revenue-arr-movement-cut');
  });

  it('renews the contract early from Renewals, from today and at a higher ARR', async () => {
    await page.getByRole('link', { name: 'Renewals' }).click();
    const row = page.getByRole('listitem', { name: account.name });
    await row.waitFor();
    expect(await row.textContent()).toContain(`Ends ${shown(contract.endDate)}`);
    await expect.poll(() => figure('arr-up').textContent()).toBe(compact(contract.arr));
    await screenshot(page, 'revenue-renewals');

    await row.getByRole('button', { name: `Renew ${account.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Renew the contract of ${account.name}` });
    // Next day, same term, same ARR.
    await expect.poll(() => dialog.getByLabel('New start date').inputValue()).toBe(shown(renewedStart));
    expect(await dialog.getByLabel('New end date').inputValue()).toBe(shown(renewedEnd));
    expect(await dialog.getByLabel('New ARR').inputValue()).toBe(plain(contract.arr));
    // Renewed early: the new term starts today, so the old one ends yesterday.
    await dialog.getByLabel('New start date').fill(shown(today));
    await dialog.getByLabel('New start date').press('Tab');
    expect(await dialog.getByLabel('New start date').inputValue()).toBe(shown(today));
    // Moving the start keeps the term's length; the test keeps the end the dialog first offered.
    await dialog.getByLabel('New end date').fill(shown(renewedEnd));
    await dialog.getByLabel('New end date').press('Tab');
    expect(await dialog.getByLabel('New end date').inputValue()).toBe(shown(renewedEnd));
    await dialog.getByLabel('New ARR').fill(String(renewedArr));
    await dialog.getByRole('button', { name: 'Renew' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The renewed contract ends after the window, so nothing is left to renew.
    await page.getByText('Nothing renews in the next 90 days').waitFor();
  });

  it('after the renewal: the account holds the new ARR at once and renews on the new end date', async () => {
    await page.goto(`${server.url}/accounts/${accountId}?tab=contracts`);
    const table = page.getByRole('table', { name: 'Contracts' });
    await table.getByRole('row', { name: /Renewed/ }).waitFor();
    expect(await table.getByRole('row', { name: /Active/ }).textContent()).toContain(money(renewedArr));
    await expect.poll(() => fact('Renewal').textContent()).toBe(shown(renewedEnd));
    expect(await fact('ARR').textContent()).toBe(money(renewedArr));
    await screenshot(page, 'revenue-account-contracts');
  });

  it('shows the renewal in ARR movement as expansion from yesterday to today', async () => {
    await page.goto(`${server.url}/reports/arr-movement?from=${plusDays(today, -1)}&to=${today}`);
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await expect.poll(() => figure('arr-starting').textContent()).toBe(money(contract.arr));
    expect(await figure('arr-truncated').count()).toBe(0);
    expect(await figure('arr-expansion').textContent()).toBe(money(renewedArr - contract.arr));
    expect(await figure('arr-ending').textContent()).toBe(money(renewedArr));
    expect(await figure('arr-grr').textContent()).toBe('100.0%');
    expect(await figure('arr-nrr').textContent()).toBe('125.0%');
    const row = page
      .getByRole('table', { name: 'ARR by account' })
      .getByRole('row', { name: new RegExp(account.name) });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      account.name,
      money(contract.arr),
      money(renewedArr),
      `+${money(renewedArr - contract.arr)}`,
      'Expansion',
    ]);
    await screenshot(page, 'revenue-arr-movement');
  });

  it('adds an auto-renew contract with an uplift, then gives notice: it stays active until the day', async () => {
    await page.goto(`${server.url}/accounts/${accountId}?tab=contracts`);
    const table = page.getByRole('table', { name: 'Contracts' });
    await table.getByRole('row', { name: /Renewed/ }).waitFor();
    await page.getByRole('button', { name: 'Add contract' }).click();
    const form = page.getByRole('dialog', { name: 'New contract' });
    await form.getByLabel('Name').fill('Support plan');
    await form.getByLabel(/^ARR/).fill('1200');
    await form.getByRole('switch', { name: 'Renews automatically' }).check({ force: true });
    await form.getByLabel('Uplift at renewal (%)').fill('5');
    await form.getByRole('button', { name: 'Add contract' }).click();
    await form.waitFor({ state: 'hidden' });
    const row = table.getByRole('row', { name: /Support plan/ });
    await expect.poll(() => row.textContent()).toContain('Auto-renews +5%');

    const noticeDay = plusDays(today, 30);
    await row.getByRole('button', { name: 'Cancel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel Support plan' });
    await dialog.getByLabel('Cancelled on').fill(shown(noticeDay));
    await dialog.getByLabel('Cancelled on').press('Tab');
    await dialog.getByText(/A notice: the contract stays active/).waitFor();
    await dialog.getByLabel('Reason').fill('Moving support in-house');
    await dialog.getByRole('button', { name: 'Cancel contract' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain(`cancels ${shown(noticeDay)}`);
    expect(await row.textContent()).toContain('Active');
    // Under notice it is not renewed: no Renew button.
    expect(await row.getByRole('button', { name: 'Renew' }).count()).toBe(0);
    await screenshot(page, 'revenue-contract-notice');
  });

  it('showed no console or page errors', () => {
    expect(errors).toEqual([]);
  });
});
