import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

// Settings → E-mail (a test message through a real SMTP server, sent by the server's worker) and
// Profile → Calendar (create the feed, read it, replace its URL), as an admin in Chromium.

const ada = { name: 'Ada Lovelace', email: 'ada@example.test', password: 'ada-lovelace-password' };

let smtp: TestSmtp;
let session: Session;
let server: RunningServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  smtp = await startSmtp();
  session = await startWithAdmin(ada, {
    env: { SMTP_URL: smtp.url, STEWARD_MAIL_FROM: 'Steward <steward@example.test>' },
  });
  ({ server, page, errors } = session);
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(ada.email);
  await page.getByLabel('Password').fill(ada.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My day' }).waitFor();
});
afterAll(async () => {
  await session?.close();
  await smtp?.close();
});

describe('Settings → E-mail', () => {
  it('shows the server and the From, and sends a test message to the admin', async () => {
    await page.goto(`${server.url}/settings/email`);
    await page.getByRole('tab', { name: 'E-mail' }).waitFor();
    await page.getByText('Configured').waitFor();
    await page.getByText(`127.0.0.1:${smtp.port}`).waitFor();
    await page.getByText('Steward <steward@example.test>').waitFor();
    await page.getByText('Nothing sent yet.').waitFor();

    await page.getByRole('button', { name: 'Send test mail' }).click();
    await page
      .getByText('Sent to ada@example.test. Check that inbox (and its spam folder).')
      .waitFor({ timeout: 20_000 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('Steward test message');
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.text : '').toBe(
      '"Ada Lovelace" <ada@example.test>',
    );
    const row = page.getByRole('row', { name: /Steward test message/ });
    await row.getByText('sent').waitFor();
    await page.getByText('0 waiting · 1 sent and 0 failed in the last 24 hours').waitFor();
    await screenshot(page, 'settings-email');
  });
});

describe('Profile → Calendar', () => {
  it('creates the feed, whose URL serves an iCalendar file', async () => {
    await page.goto(`${server.url}/profile/calendar`);
    await page.getByRole('tab', { name: 'Calendar' }).waitFor();
    await page.getByText('You have no calendar feed yet.').waitFor();
    await page.getByRole('button', { name: 'Create my calendar feed' }).click();
    const input = page.getByRole('textbox', { name: 'Your feed’s URL' });
    await input.waitFor();
    const url = await input.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/api/v1/calendar/[A-Za-z0-9_-]{32}\\.ics$`));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await res.text()).toContain('X-WR-CALNAME:Steward — Ada Lovelace');
    await page.getByText('Google Calendar', { exact: true }).waitFor();
    await screenshot(page, 'profile-calendar');
  });

  it('replaces the URL after a confirmation; the old one answers 404', async () => {
    const input = page.getByRole('textbox', { name: 'Your feed’s URL' });
    const old = await input.inputValue();
    await page.getByRole('button', { name: 'Replace the URL' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the calendar feed’s URL?' });
    await dialog.getByText('The current URL stops working at once').waitFor();
    await dialog.getByRole('button', { name: 'Replace the URL' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => input.inputValue()).not.toBe(old);
    const fresh = await input.inputValue();
    expect((await fetch(old)).status).toBe(404);
    expect((await fetch(fresh)).status).toBe(200);
    expect(errors).toEqual([]);
  });
});
