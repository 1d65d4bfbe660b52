import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, type Session, screenshot, startWithAdmin } from './support.ts';

// Settings → Webhooks, end to end: an admin adds an endpoint (a receiver this test runs), copies
// the secret shown once, sends a test event that the server's own worker delivers, signed, and
// sees it succeeded in the deliveries.

let server: RunningServer;
let page: Page;
let errors: string[];
let session: Session;
let receiver: Server;
let receiverUrl: string;
const hits: { headers: IncomingHttpHeaders; body: string }[] = [];

const ada = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'ada-lovelace-password' };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/steward`;
  session = await startWithAdmin(ada, { env: { STEWARD_WEBHOOKS_ALLOW_HTTP: 'true' } });
  ({ server, page, errors } = session);
});
afterAll(async () => {
  await session?.close();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('webhooks in Settings', () => {
  let secret = '';

  it('adds an endpoint and shows its secret once', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.goto(`${server.url}/settings/webhooks`);
    await page.getByRole('tab', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhook endpoints').waitFor();

    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.getByRole('textbox', { name: 'URL' }).fill(receiverUrl);
    await page.getByRole('textbox', { name: 'Description' }).fill('Data warehouse');
    await page.getByRole('checkbox', { name: /All events/ }).check();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('alert').filter({ hasText: 'Copy this secret now' }).waitFor();
    secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    await page.waitForTimeout(400); // the modal's opening transition
    await screenshot(page, 'webhooks-secret');
    await page.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row').filter({ hasText: receiverUrl });
    await row.waitFor();
    await expect
      .poll(() => row.getByRole('cell').allTextContents())
      .toEqual([
        `${receiverUrl}Data warehouse`,
        'All events',
        'Active',
        expect.stringMatching(/\d{4}/),
        'DeliveriesSend test eventEditRotate secretDelete',
      ]);
    expect(await page.getByText('whsec_').count()).toBe(0);
  });

  it('sends a test event, signed, and lists it as succeeded', async () => {
    const row = page.getByRole('row').filter({ hasText: receiverUrl });
    await row.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText(`A test event is on its way to ${receiverUrl}.`).waitFor();
    await expect.poll(() => hits.length, { timeout: 10_000 }).toBe(1);
    const payload = new Webhook(secret).verify(hits[0]!.body, hits[0]!.headers as Record<string, string>) as {
      type: string;
      data: { webhookId: string };
    };
    expect(payload.type).toBe('webhook.test');

    await row.getByRole('button', { name: 'Deliveries' }).click();
    const delivery = page.getByRole('dialog', { name: 'Deliveries' }).getByRole('row').filter({
      hasText: 'webhook.test',
    });
    await delivery.waitFor();
    await expect
      .poll(() => delivery.getByRole('cell').allTextContents(), { timeout: 10_000 })
      .toEqual([
        `webhook.test${hits[0]!.headers['webhook-id']}`,
        'Succeeded',
        '1',
        '200',
        expect.stringMatching(/^\d+ ms$/),
        expect.stringMatching(/\d{4}/),
        '—',
        'Retry',
      ]);
    await page.waitForTimeout(400);
    await screenshot(page, 'webhooks-deliveries');
    expect(errors).toEqual([]);
  });
});
