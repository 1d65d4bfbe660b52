import { and, asc, eq, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/core/events.ts';
import { systemContext } from '../../src/server/auth/context.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { dispatchEvents } from '../../src/server/events/outbox.ts';
import {
  notifications,
  notificationsFeature,
  notificationsSubscriber,
} from '../../src/server/features/notifications/index.ts';
import {
  clientRequests,
  deliverables,
  emitOverdueClientRequests,
  emitOverdueDeliverables,
  projects,
} from '../../src/server/features/projects/index.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { day, testClock } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Delivery's time-based events, notifications and calendar entries (API-DELIVERY "Agenda,
// timeline, health"; docs/delivery.md).

let t: TestApp;
let am: TestUser;
let maker: TestUser;
let colleague: TestUser;
let account: { id: string; name: string };

async function project(over: Partial<typeof projects.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(projects)
    .values({
      accountId: account.id,
      ownerId: am.id,
      name: unique('Project'),
      status: 'active',
      startDate: '2040-01-01',
      endDate: '2060-12-31',
      ...over,
    })
    .returning();
  return row!;
}

async function deliverable(
  p: { id: string; accountId: string },
  dueDate: string,
  over: Partial<typeof deliverables.$inferInsert> = {},
) {
  const [row] = await t.db
    .insert(deliverables)
    .values({
      projectId: p.id,
      accountId: p.accountId,
      assigneeId: maker.id,
      dueDate,
      name: unique('Deliverable'),
      status: 'in_progress',
      ...over,
    })
    .returning();
  return row!;
}

async function request(dueDate: string, over: Partial<typeof clientRequests.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(clientRequests)
    .values({ accountId: account.id, dueDate, title: unique('Request'), kind: 'access', ...over })
    .returning();
  return row!;
}

const system = () => systemContext({ clock: testClock, react: t.deps.react });

async function eventsOf(type: 'deliverable.overdue' | 'client_request.overdue', key: string, id: string) {
  return t.db
    .select({ accountId: domainEvents.accountId, data: domainEvents.data, actorId: domainEvents.actorId })
    .from(domainEvents)
    .where(and(eq(domainEvents.type, type), sql`${domainEvents.data}->>${key} = ${id}`))
    .orderBy(asc(domainEvents.id));
}

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
  maker = await makeUser(t.db, { role: 'member' });
  colleague = await makeUser(t.db, { role: 'account_manager' });
  account = await makeAccount(t.db, am.id, [maker.id]);
});
afterAll(() => t.close());

describe('deliverable.overdue', () => {
  it('fires the day after the due date passes, once per (deliverable, due date)', async () => {
    const p = await project();
    const late = await deliverable(p, '2046-03-04');
    const approved = await deliverable(p, '2046-03-04', { status: 'approved' });
    const cancelledProject = await project({ status: 'cancelled' });
    const ofCancelled = await deliverable(cancelledProject, '2046-03-04');

    // On the due day it is not overdue yet.
    await emitOverdueDeliverables(t.db, system(), '2046-03-04');
    expect(await eventsOf('deliverable.overdue', 'deliverableId', late.id)).toEqual([]);
    // The day after: once, however often the job runs.
    await emitOverdueDeliverables(t.db, system(), '2046-03-05');
    await emitOverdueDeliverables(t.db, system(), '2046-03-05');
    await emitOverdueDeliverables(t.db, system(), '2046-03-06');
    const once = [
      {
        accountId: account.id,
        data: { deliverableId: late.id, dueDate: '2046-03-04', assigneeId: maker.id },
        actorId: null,
      },
    ];
    expect(await eventsOf('deliverable.overdue', 'deliverableId', late.id)).toEqual(once);
    expect(await eventsOf('deliverable.overdue', 'deliverableId', approved.id)).toEqual([]);
    expect(await eventsOf('deliverable.overdue', 'deliverableId', ofCancelled.id)).toEqual([]);

    // A new due date that passes in turn is a new event.
    await t.db.update(deliverables).set({ dueDate: '2046-03-10' }).where(eq(deliverables.id, late.id));
    await emitOverdueDeliverables(t.db, system(), '2046-03-10');
    expect(await eventsOf('deliverable.overdue', 'deliverableId', late.id)).toHaveLength(1);
    await emitOverdueDeliverables(t.db, system(), '2046-03-11');
    await emitOverdueDeliverables(t.db, system(), '2046-03-11');
    expect((await eventsOf('deliverable.overdue', 'deliverableId', late.id)).map((e) => e.data)).toEqual([
      { deliverableId: late.id, dueDate: '2046-03-04', assigneeId: maker.id },
      { deliverableId: late.id, dueDate: '2046-03-10', assigneeId: maker.id },
    ]);
  });

  it('pages through more than a batch', async () => {
    const p = await project();
    const many = await t.db
      .insert(deliverables)
      .values(
        Array.from({ length: 1_005 }, (_, i) => ({
          projectId: p.id,
          accountId: p.accountId,
          assigneeId: maker.id,
          dueDate: '2046-02-01',
          name: `Bulk ${i}`,
        })),
      )
      .returning({ id: deliverables.id });
    await emitOverdueDeliverables(t.db, system(), '2046-02-02');
    const [row] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(domainEvents)
      .where(
        and(
          eq(domainEvents.type, 'deliverable.overdue'),
          sql`${domainEvents.data}->>'deliverableId' in (select id::text from deliverables where project_id = ${p.id})`,
        ),
      );
    expect(row!.n).toBe(many.length);
  });
});

describe('client_request.overdue', () => {
  it('fires the day after a request still requested passes its due date, once', async () => {
    const late = await request('2046-03-04');
    const received = await request('2046-03-04', { status: 'received' });
    await emitOverdueClientRequests(t.db, system(), '2046-03-04');
    expect(await eventsOf('client_request.overdue', 'requestId', late.id)).toEqual([]);
    await emitOverdueClientRequests(t.db, system(), '2046-03-05');
    await emitOverdueClientRequests(t.db, system(), '2046-03-05');
    expect(await eventsOf('client_request.overdue', 'requestId', late.id)).toEqual([
      { accountId: account.id, data: { requestId: late.id, dueDate: '2046-03-04' }, actorId: null },
    ]);
    expect(await eventsOf('client_request.overdue', 'requestId', received.id)).toEqual([]);
  });
});

describe('notifications', () => {
  async function handle<T extends DomainEvent['type']>(
    type: T,
    accountId: string,
    data: Extract<DomainEvent, { type: T }>['data'],
    actorId: string,
  ) {
    const e = {
      id: uuidv7(),
      type,
      occurredAt: testClock.now().toISOString(),
      accountId,
      actorId,
      origin: null,
      data,
    } as DomainEvent;
    await t.db.transaction((tx) =>
      notificationsSubscriber.handle(tx, e, { clock: testClock, config: t.deps.config }),
    );
  }
  const inboxOf = (userId: string, kind: 'deliverable_assigned' | 'client_request_assigned') =>
    t.db
      .select({
        kind: notifications.kind,
        title: notifications.title,
        body: notifications.body,
        refType: notifications.refType,
        refId: notifications.refId,
        actorId: notifications.actorId,
      })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

  it('tells the assignee of a deliverable handed to them, never of their own doing', async () => {
    const p = await project({ name: unique('Brand refresh') });
    const d = await deliverable(p, '2046-06-01', { name: 'Logo concepts' });
    await handle(
      'deliverable.assigned',
      account.id,
      { deliverableId: d.id, projectId: p.id, assigneeId: maker.id },
      am.id,
    );
    expect(await inboxOf(maker.id, 'deliverable_assigned')).toEqual([
      {
        kind: 'deliverable_assigned',
        title: `${am.name} assigned you a deliverable: Logo concepts`,
        body: `${p.name} for ${account.name}, due 2046-06-01`,
        refType: 'deliverable',
        refId: d.id,
        actorId: am.id,
      },
    ]);
    // Taking one on oneself tells nobody.
    const own = await deliverable(p, '2046-06-02');
    await handle(
      'deliverable.assigned',
      account.id,
      { deliverableId: own.id, projectId: p.id, assigneeId: maker.id },
      maker.id,
    );
    expect(await inboxOf(maker.id, 'deliverable_assigned')).toHaveLength(1);
  });

  it('tells the account’s owner of a client request someone else logged', async () => {
    const r = await request('2046-06-01', { title: 'Brand guidelines PDF' });
    const data = { requestId: r.id, projectId: null, kind: 'asset', dueDate: '2046-06-01' };
    await handle('client_request.created', account.id, data, colleague.id);
    expect(await inboxOf(am.id, 'client_request_assigned')).toEqual([
      {
        kind: 'client_request_assigned',
        title: `${colleague.name} logged a client request on ${account.name}: Brand guidelines PDF`,
        body: 'Due from the client 2046-06-01',
        refType: 'client_request',
        refId: r.id,
        actorId: colleague.id,
      },
    ]);
    const own = await request('2046-06-02');
    await handle('client_request.created', account.id, { ...data, requestId: own.id }, am.id);
    expect(await inboxOf(am.id, 'client_request_assigned')).toHaveLength(1);
  });
});

describe('notifications, end to end', () => {
  const dispatch = () =>
    dispatchEvents(t.db, notificationsFeature.subscribers!, { clock: testClock, config: t.deps.config });
  const inbox = async (user: TestUser) => {
    const res = await client(t.app, user).raw.get('/api/v1/me/notifications');
    expect(res.status).toBe(200);
    return res.body.data as { kind: string; title: string; ref: { type: string; id: string } }[];
  };

  it('a deliverable created for someone else and a client request logged on my account reach their people', async () => {
    const owner = await makeUser(t.db, { role: 'account_manager' });
    const doer = await makeUser(t.db, { role: 'member' });
    const helper = await makeUser(t.db, { role: 'account_manager' });
    const acct = await makeAccount(t.db, owner.id, [doer.id, helper.id]);
    const p = await client(t.app, owner).raw.post('/api/v1/projects', {
      accountId: acct.id,
      name: 'Spring campaign',
      startDate: '2046-03-01',
      endDate: '2046-06-30',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const d = await client(t.app, owner).raw.post('/api/v1/deliverables', {
      projectId: p.body.id,
      name: 'Key visual',
      dueDate: '2046-04-01',
      assigneeId: doer.id,
    });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    // One the owner takes on themselves tells nobody.
    await client(t.app, owner).raw.post('/api/v1/deliverables', {
      projectId: p.body.id,
      name: 'Media plan',
      dueDate: '2046-04-02',
    });
    const r = await client(t.app, helper).raw.post('/api/v1/client-requests', {
      accountId: acct.id,
      title: 'Logo files',
      kind: 'asset',
      dueDate: '2046-03-15',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await client(t.app, owner).raw.post('/api/v1/client-requests', {
      accountId: acct.id,
      title: 'Own request',
      kind: 'access',
      dueDate: '2046-03-16',
    });
    await dispatch();

    expect((await inbox(doer)).map((n) => [n.kind, n.title, n.ref])).toEqual([
      [
        'deliverable_assigned',
        `${owner.name} assigned you a deliverable: Key visual`,
        { type: 'deliverable', id: d.body.id },
      ],
    ]);
    expect((await inbox(owner)).map((n) => [n.kind, n.title, n.ref])).toEqual([
      [
        'client_request_assigned',
        `${helper.name} logged a client request on ${acct.name}: Logo files`,
        { type: 'client_request', id: r.body.id },
      ],
    ]);
    expect(await inbox(helper)).toEqual([]);
  });
});

describe('the calendar feed', () => {
  async function feedOf(user: TestUser) {
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/calendar-feed',
      headers: { ...user.auth, origin: ORIGIN },
    });
    expect(made.statusCode).toBeLessThan(300);
    const res = await t.app.inject({ method: 'GET', url: made.json().url.slice(ORIGIN.length) });
    expect(res.statusCode).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    return calendar.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return {
        uid: e.uid,
        summary: e.summary,
        sequence: e.sequence,
        start: e.startDate.toString(),
        allDay: e.startDate.isDate,
        url: String(v.getFirstPropertyValue('url')),
      };
    });
  }

  it('carries my open deliverables and my accounts’ open client requests, all-day on their due dates', async () => {
    const p = await project({ name: unique('Launch') });
    const d = await deliverable(p, day(5), { name: 'Launch video' });
    await t.db
      .update(deliverables)
      .set({ version: sql`${deliverables.version} + 2` })
      .where(eq(deliverables.id, d.id));
    await deliverable(p, day(6), { status: 'delivered' });
    await deliverable(await project({ status: 'completed' }), day(6));
    const r = await request(day(3), { title: 'Ad account access', projectId: p.id });
    await request(day(4), { status: 'received' });

    const host = new URL(ORIGIN).hostname;
    const mine = await feedOf(maker);
    expect(mine.filter((e) => e.uid.startsWith('deliverable-'))).toEqual([
      {
        uid: `deliverable-${d.id}@${host}`,
        summary: `Deliverable: Launch video — ${account.name}`,
        sequence: 2,
        start: day(5),
        allDay: true,
        url: `${ORIGIN}/projects/${p.id}?tab=deliverables`,
      },
    ]);
    expect(mine.filter((e) => e.uid.startsWith('client-request-'))).toEqual([]);

    const owners = await feedOf(am);
    expect(owners.filter((e) => e.uid.startsWith('client-request-'))).toEqual([
      {
        uid: `client-request-${r.id}@${host}`,
        summary: `Client request: Ad account access — ${account.name}`,
        sequence: 0,
        start: day(3),
        allDay: true,
        url: `${ORIGIN}/projects/${p.id}?tab=requests`,
      },
    ]);
    expect(owners.filter((e) => e.uid.startsWith('deliverable-'))).toEqual([]);
  });
});
