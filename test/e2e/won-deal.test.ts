import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin, watchErrors } from './support.ts';

/*
 * Winning a deal changes ARR (issue 11, point 3): an account manager drags an upsell to Closed won
 * on the pipeline board; the Won dialog shows the contract the win creates — from today, co-termed
 * with the account's latest active contract, at the deal's amount — and once accepted the account's
 * ARR and this quarter's ARR movement expansion rise by exactly that amount. A deal won without a
 * contract (a one-off service) changes no ARR.
 */
let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const manager = {
  name: 'Morgan Manager',
  email: 'morgan@example.test',
  role: 'account_manager',
  password: 'account-manager-password',
};
const account = { name: 'Tailspin Toys' };

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
// The server runs in euros: every amount on screen carries the currency.
const currency = 'EUR';
const money = (n: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
/** A number in an amount input, which shows the currency's symbol beside it rather than in it. */
const plain = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
/** "€12,000" → 12000 (whole amounts only). */
const amountOf = (text: string | null) => {
  expect(text).toContain('€');
  return Number((text ?? '').replace(/[^\d-]/g, ''));
};

// Two active contracts started well before this quarter; the add-on co-terms with the later end.
const platform = {
  name: 'Platform subscription',
  startDate: plusDays(today, -300),
  endDate: plusDays(today, 120),
  arr: 24_000,
};
const support = {
  name: 'Premium support',
  startDate: plusDays(today, -250),
  endDate: plusDays(today, 45),
  arr: 6_000,
};
const upsell = { name: 'Analytics add-on', type: 'upsell', amount: 8_000 };
const oneOff = { name: 'Onboarding workshop', type: 'cross_sell', amount: 2_500 };
/** Won from the deal's form, its contract's ARR changed in the dialog. */
const region = { name: 'Second region', type: 'cross_sell', amount: 5_000 };
const regionArr = 4_500;
const regionEnd = plusDays(today, 364);
/** The renewal of the support contract, at a higher ARR. */
const renewal = { name: 'Premium support renewal', type: 'renewal', amount: 6_600 };

beforeAll(async () => {
  session = await startWithAdmin(admin, { env: { STEWARD_CURRENCY: currency } });
  server = session.server;
});
afterAll(() => session?.close());

/** The board column (or closing target) of a stage. */
const column = (stage: string) => page.locator(`[data-stage="${stage}"]`);
const cardIn = (stage: string, name: string) => column(stage).getByRole('listitem').filter({ hasText: name });
/** A fact of the account page's header, by its label. */
const fact = (label: string) =>
  page.getByText(label, { exact: true }).first().locator('xpath=following-sibling::*[1]');
const figure = (testId: string) => page.getByTestId(testId);

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

async function accountArr(accountId: string): Promise<string | null> {
  await page.goto(`${server.url}/accounts/${accountId}`);
  await page.getByRole('heading', { name: account.name, level: 1 }).waitFor();
  return fact('ARR').textContent();
}

/** This quarter's ARR movement (the report's default period): its expansion. */
async function quarterExpansion(): Promise<string | null> {
  await page.goto(`${server.url}/reports/arr-movement`);
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  await figure('arr-expansion').waitFor();
  return figure('arr-expansion').textContent();
}

let accountId: string;
let expansionBefore: number;

describe('winning a deal creates its contract: the Won dialog, ARR and ARR movement', () => {
  it('seeds an account manager’s account with two active contracts, three open deals and a renewal', async () => {
    // The admin seeds through the API in a context of its own; the manager works in another.
    const seeding = await session.browser.newContext();
    const api = seeding.request;
    const headers = { origin: server.url };
    const post = async (path: string, data: unknown) => {
      const res = await api.post(`${server.url}${path}`, { headers, data });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: string };
    };
    const signIn = await api.post(`${server.url}/api/auth/sign-in/email`, {
      headers,
      data: { email: admin.email, password: admin.password },
    });
    expect(signIn.status(), await signIn.text()).toBe(200);
    const { id: ownerId } = await post('/api/v1/users', manager);
    ({ id: accountId } = await post('/api/v1/accounts', { name: account.name, ownerId }));
    const contractIds: Record<string, string> = {};
    for (const c of [platform, support])
      contractIds[c.name] = (await post('/api/v1/contracts', { accountId, ...c })).id;
    for (const d of [upsell, oneOff, region]) {
      await post('/api/v1/opportunities', {
        accountId,
        ...d,
        stage: 'negotiation',
        closeDate: plusDays(today, 20),
      });
    }
    await post('/api/v1/opportunities', {
      accountId,
      ...renewal,
      stage: 'proposal',
      closeDate: support.endDate,
      contractId: contractIds[support.name],
    });
    await seeding.close();

    const context = await session.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    errors = watchErrors(page);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(manager.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
  });

  it('notes the account’s ARR and this quarter’s ARR movement expansion', async () => {
    await expect.poll(() => accountArr(accountId)).toBe(money(platform.arr + support.arr));
    expansionBefore = amountOf(await quarterExpansion());
  });

  it('drags the upsell to Won: the dialog shows the co-termed contract; Cancel leaves the deal where it was', async () => {
    await page.getByRole('link', { name: 'Pipeline' }).click();
    const card = cardIn('negotiation', upsell.name);
    await card.waitFor();
    await drag(card, column('closed_won'));
    const dialog = page.getByRole('dialog', { name: 'Close as won' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel('Start date').inputValue()).toBe(shown(today));
    expect(await dialog.getByLabel('End date').inputValue()).toBe(shown(platform.endDate));
    expect(await dialog.getByLabel('ARR').inputValue()).toBe(plain(upsell.amount));
    expect(await dialog.getByTestId('won-coterm').textContent()).toBe(
      `Ends with ${platform.name} on ${shown(platform.endDate)}`,
    );
    expect(await dialog.textContent()).toContain(money(upsell.amount));
    await screenshot(page, 'won-deal-dialog');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.waitFor();
    expect(await column('negotiation').getByRole('listitem').count()).toBe(3);
  });

  it('drags it again and accepts: the deal leaves the board and the contract is created', async () => {
    await drag(cardIn('negotiation', upsell.name), column('closed_won'));
    const dialog = page.getByRole('dialog', { name: 'Close as won' });
    await expect.poll(() => dialog.getByLabel('ARR').inputValue()).toBe(plain(upsell.amount));
    await dialog.getByRole('button', { name: 'Close as won' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Won — contract ${upsell.name} created (ARR ${money(upsell.amount)})`).waitFor();
    await expect.poll(() => cardIn('negotiation', upsell.name).count()).toBe(0);
  });

  it('the account’s ARR rose by exactly the amount; the contract runs from today to the co-termed end', async () => {
    await expect.poll(() => accountArr(accountId)).toBe(money(platform.arr + support.arr + upsell.amount));
    await page.goto(`${server.url}/accounts/${accountId}?tab=contracts`);
    const row = page
      .getByRole('table', { name: 'Contracts' })
      .getByRole('row', { name: new RegExp(upsell.name) });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain(money(upsell.amount));
    expect(text).toContain(shown(today));
    expect(text).toContain(shown(platform.endDate));
    expect(text).toContain('Active');
    await screenshot(page, 'won-deal-contracts');

    // The won deal names the contract it created.
    const deals = await page.request.get(
      `${server.url}/api/v1/opportunities?accountId=${accountId}&limit=200`,
    );
    const won = (await deals.json()).data.find((o: { name: string }) => o.name === upsell.name);
    expect(won.stage).toBe('closed_won');
    const created = await page.request.get(`${server.url}/api/v1/contracts/${won.contractId}`);
    expect(created.status()).toBe(200);
    expect(await created.json()).toMatchObject({
      name: upsell.name,
      status: 'active',
      startDate: today,
      endDate: platform.endDate,
      arr: upsell.amount,
      opportunityId: won.id,
    });
  });

  it('this quarter’s ARR movement expansion rose by the amount', async () => {
    await expect.poll(async () => amountOf(await quarterExpansion())).toBe(expansionBefore + upsell.amount);
    await screenshot(page, 'won-deal-arr-movement');
  });

  it('closes the cross-sell as won from the card’s menu without a contract: the ARR does not change', async () => {
    await page.getByRole('link', { name: 'Pipeline' }).click();
    const card = cardIn('negotiation', oneOff.name);
    await card.waitFor();
    await card.getByRole('button', { name: `More actions for ${oneOff.name}` }).click();
    await page.getByRole('menuitem', { name: 'Close as won…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close as won' });
    await expect.poll(() => dialog.getByLabel('ARR').inputValue()).toBe(plain(oneOff.amount));
    await dialog.getByLabel('Don’t create a contract (one-off service)').check();
    expect(await dialog.getByLabel('ARR').isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Close as won' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Won: ${oneOff.name} (${money(oneOff.amount)}), no contract created`).waitFor();
    await expect.poll(() => cardIn('negotiation', oneOff.name).count()).toBe(0);

    await expect.poll(() => accountArr(accountId)).toBe(money(platform.arr + support.arr + upsell.amount));
    await page.goto(`${server.url}/accounts/${accountId}?tab=contracts`);
    const table = page.getByRole('table', { name: 'Contracts' });
    await table.getByRole('row', { name: new RegExp(upsell.name) }).waitFor();
    expect(await table.getByRole('row', { name: new RegExp(oneOff.name) }).count()).toBe(0);
    await expect.poll(async () => amountOf(await quarterExpansion())).toBe(expansionBefore + upsell.amount);
  });

  it('wins a deal from its form: picking Won opens the dialog, and the ARR and end changed there are the contract’s', async () => {
    await page.getByRole('link', { name: 'Pipeline' }).click();
    await cardIn('negotiation', region.name).getByRole('button', { name: region.name, exact: true }).click();
    const drawer = page.getByRole('dialog', { name: `Edit ${region.name}` });
    await drawer.getByRole('combobox', { name: 'Stage' }).click();
    await page.getByRole('option', { name: 'Won' }).click();
    await drawer.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close as won' });
    // The expected close date left as it was: it closed today.
    await expect.poll(() => dialog.getByLabel('Closed on').inputValue()).toBe(shown(today));
    expect(await dialog.getByLabel('Start date').inputValue()).toBe(shown(today));
    expect(await dialog.getByLabel('End date').inputValue()).toBe(shown(platform.endDate));
    expect(await dialog.getByLabel('ARR').inputValue()).toBe(plain(region.amount));
    await dialog.getByLabel('ARR').fill(String(regionArr));
    await dialog.getByText(`ARR other than the deal’s amount, ${money(region.amount)}.`).waitFor();
    await dialog.getByLabel('End date').fill(shown(regionEnd));
    await dialog.getByLabel('End date').press('Tab');
    expect(await dialog.getByTestId('won-coterm').textContent()).toBe(
      `Ends on ${shown(regionEnd)}: not co-termed with ${platform.name}, which ends on ${shown(platform.endDate)}`,
    );
    await dialog.getByRole('button', { name: 'Close as won' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await drawer.waitFor({ state: 'hidden' });
    await page.getByText(`Won — contract ${region.name} created (ARR ${money(regionArr)})`).waitFor();
    await expect.poll(() => cardIn('negotiation', region.name).count()).toBe(0);

    await expect
      .poll(() => accountArr(accountId))
      .toBe(money(platform.arr + support.arr + upsell.amount + regionArr));
    await page.goto(`${server.url}/accounts/${accountId}?tab=contracts`);
    const row = page
      .getByRole('table', { name: 'Contracts' })
      .getByRole('row', { name: new RegExp(region.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain(money(regionArr));
    expect(await row.textContent()).toContain(shown(regionEnd));
  });

  it('wins a renewal: the dialog says which contract it renews and at what ARR, with nothing to edit', async () => {
    await page.getByRole('link', { name: 'Pipeline' }).click();
    const card = cardIn('proposal', renewal.name);
    await card.waitFor();
    await drag(card, column('closed_won'));
    const dialog = page.getByRole('dialog', { name: 'Close as won' });
    await expect
      .poll(() => dialog.getByTestId('won-renewal').textContent())
      .toBe(
        `Renews contract ${support.name} at ${money(renewal.amount)} ARR, from ${money(support.arr)} now.`,
      );
    expect(await dialog.getByLabel('ARR').count()).toBe(0);
    await screenshot(page, 'won-deal-renewal-dialog');
    await dialog.getByRole('button', { name: 'Close as won' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Won — contract ${support.name} renewed (ARR ${money(renewal.amount)})`).waitFor();
    await expect.poll(() => cardIn('proposal', renewal.name).count()).toBe(0);
  });

  it('will not reopen the won upsell while its contract exists, and says which contract', async () => {
    await page.goto(`${server.url}/accounts/${accountId}?tab=opportunities`);
    const row = page
      .getByRole('table', { name: 'Opportunities' })
      .getByRole('row', { name: new RegExp(upsell.name) });
    await row.getByRole('button', { name: 'Edit' }).click();
    const drawer = page.getByRole('dialog', { name: `Edit ${upsell.name}` });
    await drawer.getByRole('combobox', { name: 'Stage' }).click();
    await page.getByRole('option', { name: 'Negotiation' }).click();
    const before = errors.length;
    await drawer.getByRole('button', { name: 'Save changes' }).click();
    await drawer
      .getByRole('alert')
      .getByText(new RegExp(`contract .*${upsell.name}`))
      .waitFor();
    await screenshot(page, 'won-deal-reopen-refused');
    // The refused request is the only error the browser logs.
    expect(errors.splice(before)).toEqual([
      'Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
  });

  it('showed no console or page errors', () => {
    expect(errors).toEqual([]);
  });
});
