import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { type RunningServer, type Session, screenshot, signInCookie, startWithAdmin } from './support.ts';

const admin = { name: 'Avery Admin', email: 'avery@example.test', password: 'first-admin-password' };
const ann = { name: 'Ann Manager', email: 'ann@example.test', password: 'ann-secret-password' };
const today = new Date().toISOString().slice(0, 10);

let smtp: TestSmtp;
let session: Session;
let server: RunningServer;
let page: Page;
let errors: string[];
let cookie: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  smtp = await startSmtp();
  session = await startWithAdmin(admin, {
    env: { SMTP_URL: smtp.url, STEWARD_MAIL_FROM: 'Steward <steward@example.test>' },
  });
  ({ server, page, errors } = session);
  cookie = await signInCookie(server, admin);
});
afterAll(async () => {
  await session?.close();
  await smtp?.close();
});

async function asAdmin(method: 'POST' | 'PUT', path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      origin: server.url,
      cookie,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.json();
}

const bell = () => page.getByRole('button', { name: /^Notifications/ });

describe('notifications: the live bell, the inbox and the daily digest', () => {
  it('signs Ann in; her bell has nothing unread', async () => {
    ids.ann = (await asAdmin('POST', '/api/v1/users', { ...ann, role: 'account_manager' })).id;
    ids.account = (
      await asAdmin('POST', '/api/v1/accounts', { name: 'Northwind Rocketry', ownerId: ids.ann })
    ).id;
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(ann.email);
    await page.getByLabel('Password').fill(ann.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    expect(await bell().getAttribute('aria-label')).toBe('Notifications');
  });

  it('a task Avery assigns shows on Ann’s bell without a reload', async () => {
    const url = page.url();
    ids.task = (
      await asAdmin('POST', '/api/v1/tasks', {
        accountId: ids.account,
        title: 'Call the CFO about the renewal',
        assigneeId: ids.ann,
        dueDate: today,
      })
    ).id;
    await page.getByRole('button', { name: 'Notifications: 1 unread' }).waitFor({ timeout: 15_000 });
    expect(
      await page.getByTestId('notification-count').locator('.mantine-Indicator-indicator').textContent(),
    ).toBe('1');
    expect(page.url()).toBe(url);
    await screenshot(page, 'notifications-bell');
  });

  it('the inbox lists it; opening it marks it read and opens the account’s tasks', async () => {
    await bell().click();
    const item = page.getByRole('button', {
      name: 'Unread: Avery Admin assigned you a task: Call the CFO about the renewal',
    });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain('On Northwind Rocketry, due');
    await screenshot(page, 'notifications-inbox');
    await item.click();
    await page.waitForURL(`${server.url}/accounts/${ids.account}?tab=tasks`);
    await page.getByRole('heading', { name: 'Northwind Rocketry', level: 1 }).waitFor();
    await page.getByText('Call the CFO about the renewal').first().waitFor();
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Notifications');

    await page.goto(`${server.url}/notifications`);
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page
      .getByRole('button', { name: 'Avery Admin assigned you a task: Call the CFO about the renewal' })
      .waitFor();
    await page.getByText('Unread (0)').click();
    await page.getByText('No unread notifications').waitFor();
  });

  it('Ann moves her digest to 09:00 UTC in Profile → Notifications', async () => {
    await page.goto(`${server.url}/profile/notifications`);
    const digest = page.getByRole('radio', {
      name: 'A daily digest: today’s agenda and my unread notifications',
    });
    await digest.waitFor();
    expect(await digest.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'A task assigned to me' }).isChecked()).toBe(true);
    await page.getByRole('combobox', { name: 'Digest hour' }).click();
    await page.getByRole('option', { name: '09:00 UTC' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Notification settings saved.').waitFor();
    await screenshot(page, 'notifications-settings');
  });

  it('the digest at Ann’s hour brings the task by e-mail', async () => {
    const settings = await (await page.request.get(`${server.url}/api/v1/me/notification-settings`)).json();
    expect(settings).toEqual({ email: 'daily_digest', digestHour: 9, mutedKinds: [] });
    const run = await asAdmin('POST', `/api/v1/admin/runs/digests?hour=${settings.digestHour}`);
    expect(run).toEqual({ hour: 9, day: today, queued: 1 });
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail!.to).toMatchObject({ value: [{ address: ann.email, name: ann.name }] });
    expect(mail!.subject).toBe(`Your Steward digest for ${today}: 1 on your agenda`);
    expect(mail!.text).toContain(
      `- Call the CFO about the renewal — Northwind Rocketry (due ${today})\n  ${server.url}/accounts/${ids.account}?tab=tasks`,
    );
    expect(mail!.html).toContain(
      `<a href="${server.url}/accounts/${ids.account}?tab=tasks">Call the CFO about the renewal — Northwind Rocketry (due ${today})</a>`,
    );
    expect(errors).toEqual([]);
  });
});
