import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../src/core/events.ts';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import type { Clock } from '../../src/server/clock.ts';
import { type Database, openDatabase } from '../../src/server/db/index.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { dispatchEvents } from '../../src/server/events/outbox.ts';
import type { JobContext } from '../../src/server/feature.ts';
import { notifications } from '../../src/server/features/notifications/index.ts';
import {
  deliverWebhooks,
  queueWebhookCall,
  webhookDeliveries,
  webhooks,
  webhooksFeature,
} from '../../src/server/features/webhooks/index.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { onPostgres, POSTGRES_ONLY } from '../support/race.ts';

// A clock the tests move forward, past the retry times.
let nowMs = testClock.now().getTime();
const clock: Clock = {
  now: () => new Date(nowMs),
  today: () => new Date(nowMs).toISOString().slice(0, 10),
};
const advance = (ms: number) => {
  nowMs += ms;
};
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let t: TestApp;
let admin: TestUser;
let admin2: TestUser;
let am: TestUser;

beforeAll(async () => {
  // A database of its own on PostgreSQL: the worker delivers every due delivery, not only this file's.
  t = await testApp({ fresh: true, config: { webhooksAllowHttp: true }, clock });
  admin = await makeUser(t.db, { role: 'admin' });
  admin2 = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db, { role: 'account_manager' });
});
afterAll(async () => {
  await t.close();
  for (const r of receivers) await r.close();
});

async function call(
  user: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { ...user.auth, origin: ORIGIN },
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}
async function ok(
  user: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  const res = await call(user, method, url, payload);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res;
}

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
  /** The server's clock when the request arrived: what a receiver's own clock would read. */
  at: Date;
}

/** Verifies a delivery as any Standard Webhooks receiver would, at the moment it arrived. */
function verify(secret: string, hit: Hit): unknown {
  vi.useFakeTimers({ toFake: ['Date'], now: hit.at });
  try {
    return new Webhook(secret).verify(hit.body, hit.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

interface Receiver {
  url: string;
  hits: Hit[];
  /** The status of the next answer; 200 unless changed. */
  answer: (hit: Hit, n: number) => number;
  close(): Promise<void>;
}
const receivers: Receiver[] = [];

/** A real HTTP endpoint on 127.0.0.1, answering as `answer` says. */
async function receiver(answer: Receiver['answer'] = () => 200): Promise<Receiver> {
  const hits: Hit[] = [];
  const r: Receiver = { url: '', hits, answer, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { headers: req.headers, body: Buffer.concat(chunks).toString(), at: clock.now() };
      hits.push(hit);
      res.writeHead(r.answer(hit, hits.length)).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  receivers.push(r);
  return r;
}

const jobs = (): JobContext => ({ db: t.db, clock, react: t.deps.react, config: t.deps.config });
const subscribers = webhooksFeature.subscribers ?? [];
/** What the background does every second: the outbox to the subscriber, then the deliveries. */
async function runBackground() {
  await dispatchEvents(t.db, subscribers, { clock, config: t.deps.config });
  return deliverWebhooks(jobs());
}

async function createEndpoint(url: string, events: string[] = ['*']) {
  const res = await ok(admin, 'POST', '/api/v1/webhooks', { url, events, description: 'CRM sync' });
  return res.body as { id: string; secret: string; version: number };
}

async function deliveriesOf(webhookId: string) {
  return (await ok(admin, 'GET', `/api/v1/webhooks/${webhookId}/deliveries?limit=200`)).body.data as {
    id: string;
    eventId: string;
    eventType: string;
    attempt: number;
    status: string;
    responseStatus: number | null;
    responseMs: number | null;
    at: string;
    nextAttemptAt: string | null;
    lastError: string | null;
  }[];
}

async function newAccount(user = am): Promise<string> {
  return (await ok(user, 'POST', '/api/v1/accounts', { name: unique('Acme') })).body.id;
}
async function eventsOf(accountId: string) {
  return t.db
    .select()
    .from(domainEvents)
    .where(eq(domainEvents.accountId, accountId))
    .orderBy(asc(domainEvents.id));
}

async function remove(id: string) {
  await ok(admin, 'DELETE', `/api/v1/webhooks/${id}`);
}

describe('webhook endpoints', () => {
  it('shows the secret only on create; reads, lists and the audit trail never hold it', async () => {
    const res = await ok(admin, 'POST', '/api/v1/webhooks', {
      url: 'http://127.0.0.1:9/hooks',
      events: ['account.created', 'account.created', 'issue.breached'],
      description: 'CRM sync',
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/webhooks/${res.body.id}`);
    const { secret, ...rest } = res.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(rest).toEqual({
      id: res.body.id,
      url: 'http://127.0.0.1:9/hooks',
      description: 'CRM sync',
      events: ['account.created', 'issue.breached'],
      active: true,
      disabledAt: null,
      disabledReason: null,
      createdBy: admin.id,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
      version: 1,
    });
    const read = await ok(admin, 'GET', `/api/v1/webhooks/${res.body.id}`);
    expect(read.body).toEqual(rest);
    expect(read.headers.etag).toBe('"1"');
    const list = await ok(admin, 'GET', '/api/v1/webhooks');
    expect(list.body.data.find((w: { id: string }) => w.id === res.body.id)).toEqual(rest);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    const rotated = await ok(admin, 'POST', `/api/v1/webhooks/${res.body.id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.version).toBe(2);
    expect(rotated.headers.etag).toBe('"2"');
    expect(JSON.stringify((await ok(admin, 'GET', `/api/v1/webhooks/${res.body.id}`)).body)).not.toContain(
      'whsec_',
    );

    const trail = await t.db.select().from(auditLog).where(eq(auditLog.entityId, res.body.id));
    expect(trail.map((e) => e.action).sort()).toEqual(['webhook.created', 'webhook.secret_rotated']);
    expect(JSON.stringify(trail)).not.toContain(secret.slice(6));
    expect(JSON.stringify(trail)).not.toContain(rotated.body.secret.slice(6));
    await remove(res.body.id);
  });

  it('checks If-Match, and takes only known event types or ["*"]', async () => {
    const hook = await createEndpoint('http://127.0.0.1:9/hooks', ['account.created']);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      headers: { ...admin.auth, origin: ORIGIN, 'if-match': '"7"' },
      payload: { description: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    const fresh = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      headers: { ...admin.auth, origin: ORIGIN, 'if-match': '"1"' },
      payload: { description: 'Renewals', events: ['contract.renewed'], active: false },
    });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toMatchObject({
      description: 'Renewals',
      events: ['contract.renewed'],
      active: false,
      version: 2,
    });
    expect(fresh.headers.etag).toBe('"2"');

    for (const events of [['account.nope'], ['import.rows_written'], ['*', 'account.created'], []]) {
      const bad = await call(admin, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/', events });
      expect(bad.status, JSON.stringify(events)).toBe(400);
      expect(bad.body.errors[0].path).toMatch(/^events/);
    }
    await remove(hook.id);
  });

  it('is for admins only: others get 403', async () => {
    const hook = await createEndpoint('http://127.0.0.1:9/hooks');
    const calls: [string, string, object?][] = [
      ['GET', '/api/v1/webhooks'],
      ['POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/', events: ['*'] }],
      ['GET', `/api/v1/webhooks/${hook.id}`],
      ['PATCH', `/api/v1/webhooks/${hook.id}`, { active: false }],
      ['DELETE', `/api/v1/webhooks/${hook.id}`],
      ['POST', `/api/v1/webhooks/${hook.id}/rotate-secret`],
      ['GET', `/api/v1/webhooks/${hook.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${hook.id}/test`],
    ];
    for (const [method, url, body] of calls) {
      const res = await call(am, method as 'GET', url, body);
      expect(res.status, `${method} ${url}`).toBe(403);
    }
    expect((await ok(admin, 'GET', `/api/v1/webhooks/${hook.id}`)).body.active).toBe(true);
    await remove(hook.id);
  });
});

describe('where a webhook may point', () => {
  let strict: TestApp;
  let strictAdmin: TestUser;
  beforeAll(async () => {
    strict = await testApp({ config: { webhooksAllowHttp: false }, clock });
    strictAdmin = await makeUser(strict.db, { role: 'admin' });
  });
  afterAll(() => strict.close());

  async function refused(url: string) {
    const res = await strict.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { ...strictAdmin.auth, origin: ORIGIN },
      payload: { url, events: ['*'] },
    });
    return { status: res.statusCode, errors: res.json().errors };
  }

  it('refuses http, and private, loopback and link-local addresses, naming url (400)', async () => {
    const internal = { path: 'url', message: 'must not point at a private, loopback or link-local address' };
    expect(await refused('http://127.0.0.1/hooks')).toEqual({
      status: 400,
      errors: [{ path: 'url', message: 'must be an https URL' }],
    });
    expect(await refused('http://hooks.example.com/')).toEqual({
      status: 400,
      errors: [{ path: 'url', message: 'must be an https URL' }],
    });
    for (const url of [
      'https://127.0.0.1/hooks',
      'https://10.1.2.3/hooks',
      'https://192.168.0.10/',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hooks',
      'https://[::ffff:127.0.0.1]/',
      'https://0.0.0.0/',
      'https://localhost/',
    ]) {
      expect(await refused(url), url).toEqual({ status: 400, errors: [internal] });
    }
  });

  it('resolves a host name when it is saved and refuses one that leads inside', async () => {
    // This machine's own name resolves to a loopback address here.
    expect(await refused(`https://${hostname()}/hooks`)).toEqual({
      status: 400,
      errors: [{ path: 'url', message: 'must not point at a private, loopback or link-local address' }],
    });
  });

  it('checks again at delivery time: nothing reaches an address the setting no longer allows', async () => {
    const r = await receiver();
    const hook = await createEndpoint(r.url);
    const own = await createEndpoint(`https://${hostname()}:1/hooks`);
    await ok(admin, 'POST', `/api/v1/webhooks/${hook.id}/test`);
    await ok(admin, 'POST', `/api/v1/webhooks/${own.id}/test`);
    const run = await deliverWebhooks({ ...jobs(), config: { ...t.deps.config, webhooksAllowHttp: false } });
    expect(run).toEqual({ sent: 2, succeeded: 0, failed: 2, disabled: 0 });
    expect(r.hits).toHaveLength(0);
    const [plain] = await deliveriesOf(hook.id);
    expect(plain).toMatchObject({
      status: 'pending',
      attempt: 1,
      lastError: 'The URL must be an https URL.',
    });
    const [named] = await deliveriesOf(own.id);
    expect(named).toMatchObject({
      status: 'pending',
      attempt: 1,
      responseStatus: null,
      lastError: `${hostname()} resolves to an internal address`,
    });
    await remove(hook.id);
    await remove(own.id);
  });
});

describe('delivery', () => {
  it('sends each subscribed event once, signed, in the order the events happened', async () => {
    const r = await receiver();
    const hook = await createEndpoint(r.url, ['account.created', 'account.updated']);
    const accountId = await newAccount();
    await ok(am, 'PATCH', `/api/v1/accounts/${accountId}`, { industry: 'Retail' });
    await ok(am, 'PATCH', `/api/v1/accounts/${accountId}`, { industry: 'Banking' });
    const events = (await eventsOf(accountId)).filter((e) =>
      ['account.created', 'account.updated'].includes(e.type),
    );
    expect(events.map((e) => e.type)).toEqual(['account.created', 'account.updated', 'account.updated']);

    const run = await runBackground();
    expect(run).toMatchObject({ sent: 3, succeeded: 3, failed: 0 });
    expect(r.hits.map((h) => h.headers['webhook-id'])).toEqual(events.map((e) => e.id));
    for (const [i, hit] of r.hits.entries()) {
      expect(verify(hook.secret, hit)).toEqual({
        type: events[i]!.type,
        timestamp: events[i]!.occurredAt.toISOString(),
        data: { accountId, ...events[i]!.data },
      });
      expect(hit.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now().getTime() / 1000)));
      expect(hit.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(r.hits[1]!.body).data).toEqual({ accountId, fields: ['industry'] });

    // Nothing is sent twice: the next runs find nothing new.
    expect(await runBackground()).toEqual({ sent: 0, succeeded: 0, failed: 0, disabled: 0 });
    expect(r.hits).toHaveLength(3);
    const listed = await deliveriesOf(hook.id);
    expect(listed.map((d) => [d.eventId, d.eventType, d.attempt, d.status, d.responseStatus])).toEqual(
      events.map((e) => [e.id, e.type, 1, 'succeeded', 200]).reverse(),
    );
    for (const d of listed) {
      expect(d.at).toBe(clock.now().toISOString());
      expect(d.nextAttemptAt).toBeNull();
      expect(d.responseMs).toBeGreaterThanOrEqual(0);
    }
    await remove(hook.id);
  });

  it('pages the deliveries with a cursor', async () => {
    const r = await receiver();
    const hook = await createEndpoint(r.url);
    for (let i = 0; i < 3; i++) await ok(admin, 'POST', `/api/v1/webhooks/${hook.id}/test`);
    const first = await ok(admin, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=2`);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await ok(
      admin,
      'GET',
      `/api/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.data, ...second.body.data].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toEqual([...ids].sort().reverse());
    await remove(hook.id);
  });

  it('retries after failures: a receiver that answers 500 twice gets every event, in order', async () => {
    const r = await receiver((_hit, n) => (n <= 2 ? 500 : 200));
    const hook = await createEndpoint(r.url, ['account.created', 'account.updated']);
    const accountId = await newAccount();
    await ok(am, 'PATCH', `/api/v1/accounts/${accountId}`, { industry: 'Retail' });
    await ok(am, 'PATCH', `/api/v1/accounts/${accountId}`, { industry: 'Banking' });
    const ids = (await eventsOf(accountId))
      .filter((e) => ['account.created', 'account.updated'].includes(e.type))
      .map((e) => e.id);
    expect(ids).toHaveLength(3);

    const failedAt = clock.now();
    expect(await runBackground()).toMatchObject({ sent: 3, succeeded: 1, failed: 2 });
    // The first two failed; the third was not held back.
    expect(r.hits.map((h) => h.headers['webhook-id'])).toEqual(ids);
    const byEvent = async () => new Map((await deliveriesOf(hook.id)).map((d) => [d.eventId, d]));
    let state = await byEvent();
    for (const id of ids.slice(0, 2)) {
      const d = state.get(id)!;
      expect(d).toMatchObject({ status: 'pending', attempt: 1, responseStatus: 500, lastError: 'HTTP 500' });
      const wait = new Date(d.nextAttemptAt!).getTime() - failedAt.getTime();
      expect(wait).toBeGreaterThanOrEqual(4_500);
      expect(wait).toBeLessThanOrEqual(5_500);
    }
    expect(state.get(ids[2]!)).toMatchObject({ status: 'succeeded', attempt: 1, responseStatus: 200 });

    // Before the retry time nothing is sent; after it, both, oldest first, with the same id and body.
    advance(4 * SECOND);
    expect((await runBackground()).sent).toBe(0);
    advance(2 * SECOND);
    expect(await runBackground()).toMatchObject({ sent: 2, succeeded: 2, failed: 0 });
    expect(r.hits.map((h) => h.headers['webhook-id'])).toEqual([...ids, ids[0], ids[1]]);
    expect(r.hits[3]!.body).toBe(r.hits[0]!.body);
    for (const hit of r.hits) expect(verify(hook.secret, hit)).toMatchObject({ type: expect.any(String) });
    state = await byEvent();
    expect(ids.map((id) => [state.get(id)!.status, state.get(id)!.attempt])).toEqual([
      ['succeeded', 2],
      ['succeeded', 2],
      ['succeeded', 1],
    ]);
    await remove(hook.id);
  });

  it('gives a delivery up after 8 attempts, and disables an endpoint that failed for 5 days', async () => {
    const r = await receiver(() => 503);
    const hook = await createEndpoint(r.url, ['account.created', 'account.updated']);
    const accountId = await newAccount();
    const started = clock.now().getTime();
    await runBackground();
    // 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (each up to 10 % later).
    for (const wait of [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]) {
      advance(wait * 0.89);
      await runBackground();
      advance(wait * 0.22);
      await runBackground();
    }
    expect(r.hits).toHaveLength(8);
    const [given] = await deliveriesOf(hook.id);
    expect(given).toMatchObject({ status: 'failed', attempt: 8, responseStatus: 503, nextAttemptAt: null });
    expect((await ok(admin, 'GET', `/api/v1/webhooks/${hook.id}`)).body.active).toBe(true);
    expect(clock.now().getTime() - started).toBeLessThan(5 * DAY);

    // A failure just under 5 days after the first keeps it on; the first one past 5 days turns it off.
    nowMs = started + 5 * DAY - MINUTE;
    await ok(am, 'PATCH', `/api/v1/accounts/${accountId}`, { industry: 'Retail' });
    await runBackground();
    expect((await ok(admin, 'GET', `/api/v1/webhooks/${hook.id}`)).body.active).toBe(true);
    advance(2 * MINUTE);
    await ok(am, 'PATCH', `/api/v1/accounts/${accountId}`, { industry: 'Banking' });
    // The earlier event's retry is due too and goes first: its failure, past 5 days, turns it off.
    expect(await runBackground()).toEqual({ sent: 1, succeeded: 0, failed: 1, disabled: 1 });
    const off = (await ok(admin, 'GET', `/api/v1/webhooks/${hook.id}`)).body;
    expect(off).toMatchObject({
      active: false,
      disabledAt: clock.now().toISOString(),
      disabledReason: 'Every delivery to the endpoint failed for 5 days.',
    });
    const told = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.refId, hook.id), eq(notifications.kind, 'webhook_disabled')));
    expect(told.map((n) => n.userId).sort()).toEqual(expect.arrayContaining([admin.id, admin2.id].sort()));
    expect(told.filter((n) => n.userId === admin.id)).toEqual([
      expect.objectContaining({
        title: `Webhook disabled: ${r.url}`,
        body: 'Every delivery to the endpoint failed for 5 days.',
        refType: 'webhook',
      }),
    ]);
    expect(told.some((n) => n.userId === am.id)).toBe(false);
    // Nothing is pending on a disabled endpoint, and nothing more is sent.
    expect((await deliveriesOf(hook.id)).filter((d) => d.status === 'pending')).toEqual([]);
    await ok(am, 'PATCH', `/api/v1/accounts/${accountId}`, { industry: 'Retail' });
    const hits = r.hits.length;
    await runBackground();
    expect(r.hits).toHaveLength(hits);
    await remove(hook.id);
  });

  it('disables an endpoint that answers 410 at once and tells the admins; an admin retries by hand', async () => {
    let status = 410;
    const r = await receiver(() => status);
    const hook = await createEndpoint(r.url, ['account.created']);
    await newAccount();
    await newAccount();
    expect(await runBackground()).toMatchObject({ sent: 1, failed: 1, disabled: 1 });
    expect(r.hits).toHaveLength(1);
    const off = (await ok(admin, 'GET', `/api/v1/webhooks/${hook.id}`)).body;
    expect(off).toMatchObject({
      active: false,
      disabledAt: clock.now().toISOString(),
      disabledReason: 'The endpoint answered 410 Gone.',
      version: 2,
    });
    const told = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.refId, hook.id), eq(notifications.kind, 'webhook_disabled')));
    expect(told.filter((n) => [admin.id, admin2.id].includes(n.userId))).toHaveLength(2);
    expect(told[0]).toMatchObject({
      title: `Webhook disabled: ${r.url}`,
      body: 'The endpoint answered 410 Gone.',
    });
    const [later, first] = await deliveriesOf(hook.id);
    expect(first).toMatchObject({ status: 'failed', attempt: 1, responseStatus: 410, nextAttemptAt: null });
    expect(later).toMatchObject({
      status: 'failed',
      attempt: 0,
      responseStatus: null,
      lastError: 'The endpoint was disabled.',
    });
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, hook.id), eq(auditLog.action, 'webhook.disabled')));
    expect(entry).toMatchObject({ actorType: 'system', changes: { active: [true, false] } });

    // A retry needs the endpoint on (409); then it sends the same event again.
    const refused = await call(admin, 'POST', `/api/v1/webhooks/${hook.id}/deliveries/${first!.id}/retry`);
    expect(refused.status).toBe(409);
    const on = await ok(admin, 'PATCH', `/api/v1/webhooks/${hook.id}`, { active: true });
    expect(on.body).toMatchObject({ active: true, disabledAt: null, disabledReason: null });
    status = 204;
    const retried = await call(admin, 'POST', `/api/v1/webhooks/${hook.id}/deliveries/${first!.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({
      id: first!.id,
      status: 'pending',
      nextAttemptAt: clock.now().toISOString(),
    });
    expect(await runBackground()).toMatchObject({ sent: 1, succeeded: 1 });
    expect(r.hits.map((h) => h.headers['webhook-id'])).toEqual([first!.eventId, first!.eventId]);
    expect(r.hits[1]!.body).toBe(r.hits[0]!.body);
    expect((await deliveriesOf(hook.id)).find((d) => d.id === first!.id)).toMatchObject({
      status: 'succeeded',
      attempt: 2,
      responseStatus: 204,
    });
    const unknown = await call(admin, 'POST', `/api/v1/webhooks/${hook.id}/deliveries/${uuidv7()}/retry`);
    expect(unknown.status).toBe(404);
    await remove(hook.id);
  });

  it('sends a webhook.test event, signed with the current secret', async () => {
    const r = await receiver();
    const hook = await createEndpoint(r.url, ['contract.renewed']);
    const rotated = (await ok(admin, 'POST', `/api/v1/webhooks/${hook.id}/rotate-secret`)).body.secret;
    const queued = await call(admin, 'POST', `/api/v1/webhooks/${hook.id}/test`);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ eventType: 'webhook.test', status: 'pending', attempt: 0 });
    expect(await runBackground()).toMatchObject({ sent: 1, succeeded: 1 });
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]!.headers['webhook-id']).toBe(queued.body.eventId);
    expect(verify(rotated, r.hits[0]!)).toEqual({
      type: 'webhook.test',
      timestamp: clock.now().toISOString(),
      data: { webhookId: hook.id, message: 'A test event from Steward.' },
    });
    expect(() => verify(hook.secret, r.hits[0]!)).toThrow();
    await remove(hook.id);
  });

  it('queues a playbook call to one endpoint once per event, and refuses an unknown endpoint', async () => {
    const r = await receiver();
    const hook = await createEndpoint(r.url, ['contract.renewed']);
    const event = {
      id: uuidv7(),
      type: 'account.archived',
      occurredAt: clock.now().toISOString(),
      accountId: null,
      actorId: null,
      origin: 'playbook:x',
      data: {},
    } as DomainEvent;
    await t.db.transaction(async (tx) => {
      await queueWebhookCall(tx, hook.id, event, clock.now());
      await queueWebhookCall(tx, hook.id, event, clock.now());
    });
    await expect(
      t.db.transaction((tx) => queueWebhookCall(tx, uuidv7(), event, clock.now())),
    ).rejects.toMatchObject({
      code: 'not_found',
      errors: [{ path: 'webhookId', message: 'is not a webhook' }],
    });
    expect(await runBackground()).toMatchObject({ sent: 1, succeeded: 1 });
    expect(verify(hook.secret, r.hits[0]!)).toEqual({
      type: 'account.archived',
      timestamp: clock.now().toISOString(),
      data: {},
    });
    // An inactive endpoint records nothing.
    await ok(admin, 'PATCH', `/api/v1/webhooks/${hook.id}`, { active: false });
    await t.db.transaction((tx) => queueWebhookCall(tx, hook.id, { ...event, id: uuidv7() }, clock.now()));
    expect(
      await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id)),
    ).toHaveLength(1);
    await remove(hook.id);
  });
});

describe.skipIf(!onPostgres)(`two servers ${POSTGRES_ONLY}`, () => {
  it('deliver each event once between them', async () => {
    const url = t.databaseUrl!;
    const servers: Database[] = [
      await openDatabase({ databaseUrl: url, poolSize: 4 }),
      await openDatabase({ databaseUrl: url, poolSize: 4 }),
    ];
    try {
      const r = await receiver();
      const hooks: { id: string; secret: string }[] = [];
      for (let i = 0; i < 6; i++) hooks.push(await createEndpoint(r.url, ['account.updated']));
      const events = Array.from(
        { length: 40 },
        (_, i) =>
          ({
            id: uuidv7(),
            type: 'account.updated',
            occurredAt: clock.now().toISOString(),
            accountId: null,
            actorId: null,
            origin: null,
            data: { fields: [`f${i}`] },
          }) as DomainEvent,
      );
      await t.db.transaction(async (tx) => {
        for (const e of events) for (const h of hooks) await queueWebhookCall(tx, h.id, e, clock.now());
      });
      const runs = await Promise.all(
        servers.map((s) => deliverWebhooks({ ...jobs(), db: s.db }, { endpointsPerClaim: 1 })),
      );
      expect(runs[0]!.sent + runs[1]!.sent).toBe(240);
      const seen = r.hits.map((h) => `${h.headers['webhook-id']} ${JSON.parse(h.body).data.fields[0]}`);
      expect(seen).toHaveLength(240);
      // Each endpoint got each event once, in order.
      const perEndpoint = new Map<string, string[]>();
      for (const hit of r.hits) {
        const hook = hooks.find((h) => {
          try {
            verify(h.secret, hit);
            return true;
          } catch {
            return false;
          }
        })!;
        expect(hook).toBeDefined();
        perEndpoint.set(hook.id, [...(perEndpoint.get(hook.id) ?? []), hit.headers['webhook-id'] as string]);
      }
      for (const h of hooks) expect(perEndpoint.get(h.id)).toEqual(events.map((e) => e.id));
      const left = await t.db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            inArray(
              webhookDeliveries.webhookId,
              hooks.map((h) => h.id),
            ),
            eq(webhookDeliveries.status, 'pending'),
          ),
        );
      expect(left).toEqual([]);
      const leased = await t.db.select({ lease: webhooks.leaseUntil }).from(webhooks);
      expect(leased.every((w) => w.lease === null)).toBe(true);
      for (const h of hooks) await remove(h.id);
    } finally {
      for (const s of servers) await s.close();
    }
  });
});
