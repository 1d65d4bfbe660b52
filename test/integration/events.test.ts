import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../src/core/events.ts';
import { buildApp } from '../../src/server/app.ts';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import { loadConfig } from '../../src/server/config.ts';
import { type Database, type Db, openDatabase } from '../../src/server/db/index.ts';
import { domainEvents, eventReceipts } from '../../src/server/events/outbox.table.ts';
import { dispatchEvents, MAX_ATTEMPTS } from '../../src/server/events/outbox.ts';
import type { Subscriber } from '../../src/server/feature.ts';
import { createDeps } from '../../src/server/runtime.ts';
import { freshPostgres, ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';

let t: TestApp;
let am: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

async function call(user: TestUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: { ...user.auth, origin: ORIGIN }, payload });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

/** A write that must succeed: a failure shows its problem. */
async function ok(user: TestUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await call(user, method, url, payload);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res;
}

/** The events recorded for one account, oldest first, as `type` or `type:data field`. */
async function eventsOf(db: Db, accountId: string) {
  return db
    .select()
    .from(domainEvents)
    .where(eq(domainEvents.accountId, accountId))
    .orderBy(asc(domainEvents.id));
}
const typesOf = async (accountId: string) => (await eventsOf(t.db, accountId)).map((e) => e.type);

describe('domain events, recorded with the write', () => {
  it('records what the automation contract lists, in the order the writes happened', async () => {
    const other = await makeUser(t.db, { role: 'account_manager' });
    const account = (await ok(am, 'POST', '/api/v1/accounts', { name: unique('Acme') })).body;
    await ok(am, 'PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Retail' });
    await ok(admin, 'PATCH', `/api/v1/accounts/${account.id}`, { ownerId: other.id });
    await ok(admin, 'PATCH', `/api/v1/accounts/${account.id}`, { ownerId: am.id });
    const contract = (
      await ok(am, 'POST', '/api/v1/contracts', {
        accountId: account.id,
        name: 'Platform',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        arr: 12_000,
        status: 'active',
      })
    ).body;
    const deal = (
      await ok(am, 'POST', '/api/v1/opportunities', {
        accountId: account.id,
        name: 'More seats',
        type: 'upsell',
        amount: 4_300,
        closeDate: '2027-01-15',
      })
    ).body;
    await ok(am, 'PATCH', `/api/v1/opportunities/${deal.id}`, { stage: 'proposal' });
    await ok(am, 'PATCH', `/api/v1/opportunities/${deal.id}`, { stage: 'closed_won' });
    const issue = (
      await ok(am, 'POST', '/api/v1/issues', {
        accountId: account.id,
        title: 'Export fails',
        severity: 'p2',
      })
    ).body;
    await ok(am, 'PATCH', `/api/v1/issues/${issue.id}`, { status: 'in_progress' });
    await ok(am, 'POST', '/api/v1/tasks', { accountId: account.id, title: 'Call back', assigneeId: am.id });
    await ok(am, 'POST', `/api/v1/contracts/${contract.id}/cancel`, {
      cancelledOn: '2026-06-30',
      reason: 'Budget cut',
    });
    await ok(am, 'DELETE', `/api/v1/accounts/${account.id}`);

    expect(await typesOf(account.id)).toEqual([
      'account.created',
      'account.updated',
      'account.updated',
      'account.owner_changed',
      'account.updated',
      'account.owner_changed',
      'contract.created',
      'opportunity.created',
      'opportunity.stage_changed',
      'opportunity.stage_changed',
      'opportunity.won',
      // Winning the upsell created its contract, in the same write.
      'contract.created',
      'issue.created',
      'issue.updated',
      'issue.status_changed',
      'task.assigned',
      'contract.cancelled',
      'account.archived',
    ]);
    const events = await eventsOf(t.db, account.id);
    const won = events.find((e) => e.type === 'opportunity.won')!;
    expect(won).toMatchObject({
      actorId: am.id,
      data: { opportunityId: deal.id, type: 'upsell', amount: 4_300 },
    });
    // The clock's moment, not the database's: the run's pinned clock.
    expect(won.occurredAt.toISOString()).toBe(testClock.now().toISOString());
    expect(events.find((e) => e.type === 'issue.status_changed')!.data).toEqual({
      issueId: issue.id,
      from: 'new',
      to: 'in_progress',
    });
    expect(events.find((e) => e.type === 'account.owner_changed')!.data).toEqual({
      from: am.id,
      to: other.id,
    });
  });

  it('wins the renewal deal on a renewal, through the contract.renewed event', async () => {
    const account = (await ok(am, 'POST', '/api/v1/accounts', { name: unique('Renewing') })).body;
    const old = (
      await ok(am, 'POST', '/api/v1/contracts', {
        accountId: account.id,
        name: 'Platform',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        arr: 10_000,
        status: 'active',
      })
    ).body;
    const renewed = await ok(am, 'POST', `/api/v1/contracts/${old.id}/renew`, {
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      arr: 11_000,
    });
    expect(renewed.status).toBe(201);
    const types = await typesOf(account.id);
    expect(types.slice(-4)).toEqual([
      'contract.created',
      'contract.renewed',
      'opportunity.created',
      'opportunity.won',
    ]);
    const events = await eventsOf(t.db, account.id);
    expect(events.find((e) => e.type === 'opportunity.won')!.data).toMatchObject({
      type: 'renewal',
      amount: 11_000,
    });
  });

  it('records a band and a churn-risk change when a write moves the score', async () => {
    const account = (await ok(am, 'POST', '/api/v1/accounts', { name: unique('Slipping') })).body;
    // Untouched and new: 100, green. One open P1: 72, still green. Two: 44, yellow, medium risk.
    for (const title of ['Outage', 'Data loss'])
      await ok(am, 'POST', '/api/v1/issues', { accountId: account.id, title, severity: 'p1' });
    const events = await eventsOf(t.db, account.id);
    const health = events.filter((e) => e.type.startsWith('health.'));
    expect(health.map((e) => [e.type, e.data])).toEqual([
      ['health.band_changed', { from: 'green', to: 'yellow', score: 44 }],
      ['health.churn_risk_changed', { from: 'low', to: 'medium' }],
    ]);
  });

  it('keeps no event, and no audit entry, of a write that rolled back', async () => {
    const product = (
      await call(admin, 'POST', '/api/v1/products', { name: unique('Seat'), sku: unique('SKU') })
    ).body;
    const account = (await call(am, 'POST', '/api/v1/accounts', { name: unique('Buyer') })).body;
    await call(am, 'POST', '/api/v1/contracts', {
      accountId: account.id,
      name: 'Seats',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      status: 'active',
      lines: [{ productId: product.id, quantity: 3, unitPrice: 100 }],
    });
    // The product.deleted event is written, then the contracts' reaction refuses it: all rolls back.
    const refused = await call(admin, 'DELETE', `/api/v1/products/${product.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/^Contracts sell this product/);
    const kept = await t.db
      .select()
      .from(domainEvents)
      .where(
        and(
          eq(domainEvents.type, 'product.deleted'),
          sql`${domainEvents.data}->>'productId' = ${product.id}`,
        ),
      );
    expect(kept).toEqual([]);
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'product.deleted'), eq(auditLog.entityId, product.id)));
    expect(audited).toEqual([]);
  });
});

/** A database that outlives a server process: PGlite in a directory, or a PostgreSQL database of its own. */
async function durableStore() {
  const shared = inject('databaseUrl');
  if (shared) {
    const { url, dropDatabase } = await freshPostgres(shared);
    return { open: () => openDatabase({ databaseUrl: url, poolSize: 2 }), drop: dropDatabase };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-events-'));
  return {
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function serverOn(database: Database) {
  await database.migrate();
  const config = loadConfig(
    { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
    { publicUrl: ORIGIN },
  );
  const app = await buildApp(await createDeps(config, database, { jobs: false, clock: testClock }));
  await app.ready();
  return app;
}

describe('the outbox, handed to subscribers', () => {
  it('reaches a subscriber once, also after a restart between the commit and the dispatch', async () => {
    const store = await durableStore();
    try {
      // First process: a write commits its event, and the process stops before any dispatch.
      let database = await store.open();
      let app = await serverOn(database);
      const user = await makeUser(database.db, { role: 'account_manager' });
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { ...user.auth, origin: ORIGIN },
        payload: { name: unique('Durable') },
      });
      expect(res.statusCode).toBe(201);
      const accountId = res.json().id as string;
      await app.close();
      await database.close();

      // Second process: the dispatcher finds the event and hands it over, once.
      database = await store.open();
      app = await serverOn(database);
      const received: DomainEvent[] = [];
      const subscriber: Subscriber = {
        name: 'test-recorder',
        types: ['account.created'],
        handle: async (_tx, event) => {
          if (event.accountId === accountId) received.push(event);
        },
      };
      expect(
        await dispatchEvents(database.db, [subscriber], {
          clock: testClock,
          config: loadConfig({ LOG_LEVEL: 'silent' }),
        }),
      ).toMatchObject({ failed: 0 });
      expect(
        await dispatchEvents(database.db, [subscriber], {
          clock: testClock,
          config: loadConfig({ LOG_LEVEL: 'silent' }),
        }),
      ).toEqual({ delivered: 0, failed: 0 });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ type: 'account.created', accountId, actorId: user.id });
      await app.close();
      await database.close();
    } finally {
      await store.drop();
    }
  });

  it('hands new events to a subscriber many at once, and one by one when that fails', async () => {
    const accountIds: string[] = [];
    for (let i = 0; i < 3; i++)
      accountIds.push((await call(am, 'POST', '/api/v1/accounts', { name: unique('Many') })).body.id);
    const mine = (e: DomainEvent) => accountIds.includes(e.accountId ?? '');
    const together: string[][] = [];
    const single: string[] = [];
    const subscriber = (failTogether: boolean): Subscriber => ({
      name: unique('test-many'),
      types: ['account.created'],
      handle: async (_tx, event) => {
        if (mine(event)) single.push(event.accountId!);
      },
      handleMany: async (tx, events) => {
        await tx.execute(sql`select 1`);
        if (failTogether) throw new Error('batch refused');
        together.push(events.filter(mine).map((e) => e.accountId!));
      },
    });
    expect(
      await dispatchEvents(t.db, [subscriber(false)], { clock: testClock, config: t.deps.config }),
    ).toMatchObject({ failed: 0 });
    expect(together.flat()).toEqual(accountIds);
    expect(single).toEqual([]);

    together.length = 0;
    const failing = subscriber(true);
    await dispatchEvents(t.db, [failing], { clock: testClock, config: t.deps.config });
    expect(together).toEqual([]);
    expect(single).toEqual(accountIds);
    // Each reached it once, and a second dispatch finds nothing left.
    await dispatchEvents(t.db, [failing], { clock: testClock, config: t.deps.config });
    expect(single).toEqual(accountIds);
  });

  it('tries a failing subscriber again, keeps the order, and gives up on an event after the last try', async () => {
    const account = (await call(am, 'POST', '/api/v1/accounts', { name: unique('Flaky') })).body;
    await call(am, 'PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Media' });
    const name = unique('test-flaky');
    const seen: string[] = [];
    let failuresLeft = 2;
    const flaky: Subscriber = {
      name,
      types: ['account.created', 'account.updated'],
      handle: async (tx, event) => {
        if (event.accountId !== account.id) return;
        // Work done in the handler's transaction rolls back with its failure.
        await tx.execute(sql`select 1`);
        if (event.type === 'account.created' && failuresLeft-- > 0) throw new Error('receiver down');
        seen.push(event.type);
      },
    };
    await dispatchEvents(t.db, [flaky], { clock: testClock, config: t.deps.config });
    expect(seen).toEqual([]); // the created event failed; the update waits behind it
    await dispatchEvents(t.db, [flaky], { clock: testClock, config: t.deps.config });
    expect(seen).toEqual([]);
    await dispatchEvents(t.db, [flaky], { clock: testClock, config: t.deps.config });
    expect(seen).toEqual(['account.created', 'account.updated']);
    const receipts = await t.db
      .select({ status: eventReceipts.status, attempts: eventReceipts.attempts })
      .from(eventReceipts)
      .innerJoin(domainEvents, eq(domainEvents.id, eventReceipts.eventId))
      .where(and(eq(eventReceipts.subscriber, name), eq(domainEvents.accountId, account.id)))
      .orderBy(asc(domainEvents.id));
    expect(receipts).toEqual([
      { status: 'done', attempts: 3 },
      { status: 'done', attempts: 1 },
    ]);

    const broken: Subscriber = {
      name: unique('test-broken'),
      types: ['account.archived'],
      handle: async (_tx, event) => {
        if (event.accountId === account.id) throw new Error('always down');
      },
    };
    await call(am, 'DELETE', `/api/v1/accounts/${account.id}`);
    let failed = 0;
    for (let i = 0; i < MAX_ATTEMPTS; i++)
      failed += (await dispatchEvents(t.db, [broken], { clock: testClock, config: t.deps.config })).failed;
    expect(failed).toBe(1);
    const [given] = await t.db
      .select({
        status: eventReceipts.status,
        attempts: eventReceipts.attempts,
        lastError: eventReceipts.lastError,
      })
      .from(eventReceipts)
      .innerJoin(domainEvents, eq(domainEvents.id, eventReceipts.eventId))
      .where(and(eq(eventReceipts.subscriber, broken.name), eq(domainEvents.accountId, account.id)));
    expect(given).toEqual({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: 'always down' });
  });
});
