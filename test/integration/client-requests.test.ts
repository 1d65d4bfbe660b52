import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../../src/core/events.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { contacts } from '../../src/server/features/contacts/index.ts';
import { deliverables, projects } from '../../src/server/features/projects/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { day, testClock } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Client requests: what the AM needs from the client. References checked against the account,
// receivedAt kept with the status, overdue and daysOverdue as of the clock's today, scope, the
// roles that write, audit and events.

let t: TestApp;
let am: TestUser;
let admin: TestUser;
let outsider: TestUser;
let member: TestUser;
let viewer: TestUser;
let api: ReturnType<typeof client>['raw'];
let accountId: string;
let otherAccountId: string;
let projectId: string;
let deliverableId: string;
let contactId: string;
const now = testClock.now().toISOString();

async function makeProject(accountOf: string, ownerId: string, name = unique('Project')) {
  const [row] = await t.db
    .insert(projects)
    .values({ accountId: accountOf, name, startDate: day(-30), endDate: day(60), ownerId })
    .returning();
  return row!;
}

async function makeDeliverable(project: { id: string; accountId: string }, assigneeId: string) {
  const [row] = await t.db
    .insert(deliverables)
    .values({
      projectId: project.id,
      accountId: project.accountId,
      name: unique('Banner'),
      dueDate: day(5),
      assigneeId,
    })
    .returning();
  return row!;
}

async function make(extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/client-requests', {
    accountId,
    title: unique('Brand assets'),
    kind: 'asset',
    dueDate: day(3),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const eventsOf = async (type: EventType, requestIds: string[]) =>
  (
    await t.db
      .select({ data: domainEvents.data, accountId: domainEvents.accountId })
      .from(domainEvents)
      .where(eq(domainEvents.type, type))
      .orderBy(asc(domainEvents.id))
  ).filter((e) => requestIds.includes((e.data as { requestId: string }).requestId));

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
  admin = await makeUser(t.db, { role: 'admin' });
  outsider = await makeUser(t.db, { role: 'account_manager' });
  member = await makeUser(t.db, { role: 'member' });
  viewer = await makeUser(t.db, { role: 'viewer' });
  api = client(t.app, am).raw;
  const account = await makeAccount(t.db, am.id, [member.id]);
  accountId = account.id;
  otherAccountId = (await makeAccount(t.db, outsider.id)).id;
  const project = await makeProject(accountId, am.id, 'Spring launch');
  projectId = project.id;
  deliverableId = (await makeDeliverable(project, am.id)).id;
  const [contact] = await t.db
    .insert(contacts)
    .values({ accountId, firstName: 'Dana', lastName: 'Client' })
    .returning();
  contactId = contact!.id;
});
afterAll(() => t.close());

describe('client requests', () => {
  it('creates with the defaults and the references of the account', async () => {
    const res = await api.post('/api/v1/client-requests', {
      accountId,
      projectId,
      deliverableId,
      requestedFromContactId: contactId,
      title: 'Logo files',
      kind: 'asset',
      details: 'Vector, please',
      dueDate: day(4),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/client-requests/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      accountId,
      projectId,
      deliverableId,
      requestedFromContactId: contactId,
      title: 'Logo files',
      kind: 'asset',
      details: 'Vector, please',
      dueDate: day(4),
      status: 'requested',
      receivedAt: null,
      overdue: false,
      daysOverdue: 0,
      createdById: am.id,
      version: 1,
    });
    expect(typeof res.body.accountName).toBe('string');
    const read = await api.get(`/api/v1/client-requests/${res.body.id}`);
    expect(read.body).toEqual(res.body);
    const [created] = await eventsOf('client_request.created', [res.body.id]);
    expect(created).toEqual({
      accountId,
      data: { requestId: res.body.id, projectId, kind: 'asset', dueDate: day(4) },
    });
  });

  it('is overdue while requested past its due date, by today − dueDate days', async () => {
    const late = await make({ dueDate: day(-5) });
    const dueToday = await make({ dueDate: day(0) });
    const lateButReceived = await make({ dueDate: day(-9), status: 'received' });
    const lateButCancelled = await make({ dueDate: day(-2), status: 'cancelled' });
    expect(late).toMatchObject({ overdue: true, daysOverdue: 5 });
    expect(dueToday).toMatchObject({ overdue: false, daysOverdue: 0 });
    expect(lateButReceived).toMatchObject({ overdue: false, daysOverdue: 0, receivedAt: now });
    expect(lateButCancelled).toMatchObject({ overdue: false, daysOverdue: 0 });

    const overdue = await api.get(`/api/v1/client-requests?accountId=${accountId}&overdue=true&limit=200`);
    expect(overdue.status).toBe(200);
    expect(overdue.body.data.map((r: { id: string }) => r.id)).toEqual([late.id]);
    const notOverdue = await api.get(
      `/api/v1/client-requests?accountId=${accountId}&overdue=false&limit=200`,
    );
    const ids = notOverdue.body.data.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([dueToday.id, lateButReceived.id, lateButCancelled.id]));
    expect(ids).not.toContain(late.id);
  });

  it('lists soonest due first, pages by cursor, filters by project and status', async () => {
    const fresh = (await makeAccount(t.db, am.id)).id;
    const project = await makeProject(fresh, am.id);
    const due = [7, -1, 3, 3, 0];
    const made = [];
    for (const [i, n] of due.entries())
      made.push(await make({ accountId: fresh, dueDate: day(n), projectId: i % 2 ? project.id : null }));
    const first = await api.get(`/api/v1/client-requests?accountId=${fresh}&limit=3`);
    const second = await api.get(
      `/api/v1/client-requests?accountId=${fresh}&limit=3&cursor=${first.body.nextCursor}`,
    );
    const dates = [...first.body.data, ...second.body.data].map((r: { dueDate: string }) => r.dueDate);
    expect(dates).toEqual([day(-1), day(0), day(3), day(3), day(7)]);
    expect(second.body.nextCursor).toBeNull();
    const ofProject = await api.get(`/api/v1/client-requests?projectId=${project.id}`);
    expect(ofProject.body.data.map((r: { id: string }) => r.id).sort()).toEqual(
      [made[1].id, made[3].id].sort(),
    );
    await api.patch(`/api/v1/client-requests/${made[0].id}`, { status: 'cancelled' });
    const cancelled = await api.get(`/api/v1/client-requests?accountId=${fresh}&status=cancelled`);
    expect(cancelled.body.data.map((r: { id: string }) => r.id)).toEqual([made[0].id]);
  });

  it('sets receivedAt when received, clears it when it goes back; raises received once', async () => {
    const r = await make({ dueDate: day(-2) });
    const got = await api.patch(
      `/api/v1/client-requests/${r.id}`,
      { status: 'received' },
      { 'if-match': '"1"' },
    );
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body).toMatchObject({
      status: 'received',
      receivedAt: now,
      overdue: false,
      daysOverdue: 0,
      version: 2,
    });
    const again = await api.patch(`/api/v1/client-requests/${r.id}`, { title: 'Renamed' });
    expect(again.body).toMatchObject({ title: 'Renamed', receivedAt: now });
    const back = await api.patch(`/api/v1/client-requests/${r.id}`, { status: 'requested' });
    expect(back.body).toMatchObject({ status: 'requested', receivedAt: null, overdue: true, daysOverdue: 2 });
    expect(
      (await api.patch(`/api/v1/client-requests/${r.id}`, { title: 'x' }, { 'if-match': '"1"' })).status,
    ).toBe(412);

    expect(await eventsOf('client_request.received', [r.id])).toHaveLength(1);
    const updated = await eventsOf('client_request.updated', [r.id]);
    expect(updated.map((e) => (e.data as { fields: string[] }).fields)).toEqual([
      ['status'],
      ['title'],
      ['status'],
    ]);
    const trail = await client(t.app, admin).raw.get(
      `/api/v1/audit?entityType=client_request&entityId=${r.id}`,
    );
    expect(trail.body.data.map((e: { action: string }) => e.action)).toEqual([
      'client_request.updated',
      'client_request.updated',
      'client_request.updated',
      'client_request.created',
    ]);
    expect(trail.body.data[1].changes).toEqual({ title: [r.title, 'Renamed'] });
    expect(trail.body.data[0].changes).toEqual({
      status: ['received', 'requested'],
      receivedAt: [now, null],
    });
  });

  it('refuses references outside the account, naming the field', async () => {
    const foreign = await makeProject(otherAccountId, outsider.id);
    const foreignDeliverable = await makeDeliverable(foreign, outsider.id);
    const [foreignContact] = await t.db
      .insert(contacts)
      .values({ accountId: otherAccountId, firstName: 'Other' })
      .returning();
    const base = { accountId, title: 'x', kind: 'access', dueDate: day(1) };
    const cases: [Record<string, unknown>, string][] = [
      [{ projectId: foreign.id }, 'projectId'],
      [{ deliverableId }, 'deliverableId'],
      [{ projectId, deliverableId: foreignDeliverable.id }, 'deliverableId'],
      [{ requestedFromContactId: foreignContact!.id }, 'requestedFromContactId'],
      [{ accountId: otherAccountId }, 'accountId'],
      [{ kind: 'coffee' }, 'kind'],
      [{ dueDate: '2026-02-30' }, 'dueDate'],
      [{ title: '' }, 'title'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [extra, path] of cases) {
      const res = await api.post('/api/v1/client-requests', { ...base, ...extra });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const r = await make({ projectId, deliverableId });
    const moved = await api.patch(`/api/v1/client-requests/${r.id}`, { projectId: null });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].path).toBe('deliverableId');
    const both = await api.patch(`/api/v1/client-requests/${r.id}`, { projectId: null, deliverableId: null });
    expect(both.body).toMatchObject({ projectId: null, deliverableId: null });
  });

  it('is seen with its account; members and viewers read, only the working roles write', async () => {
    const r = await make();
    expect((await client(t.app, outsider).raw.get(`/api/v1/client-requests/${r.id}`)).status).toBe(404);
    const theirs = await client(t.app, outsider).raw.get(`/api/v1/client-requests?accountId=${accountId}`);
    expect(theirs.body.data).toEqual([]);
    expect(
      (await client(t.app, outsider).raw.patch(`/api/v1/client-requests/${r.id}`, { title: 'y' })).status,
    ).toBe(404);
    for (const who of [member, viewer]) {
      const as = client(t.app, who).raw;
      expect((await as.get(`/api/v1/client-requests/${r.id}`)).status).toBe(200);
      expect(
        (await as.post('/api/v1/client-requests', { accountId, title: 'x', kind: 'asset', dueDate: day(1) }))
          .status,
      ).toBe(403);
      expect((await as.patch(`/api/v1/client-requests/${r.id}`, { status: 'received' })).status).toBe(403);
      expect((await as.del(`/api/v1/client-requests/${r.id}`)).status).toBe(403);
    }
  });

  it('deletes, with its audit entry and event', async () => {
    const r = await make();
    expect((await api.del(`/api/v1/client-requests/${r.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/client-requests/${r.id}`)).status).toBe(404);
    expect(await eventsOf('client_request.deleted', [r.id])).toHaveLength(1);
    const trail = await client(t.app, admin).raw.get(
      `/api/v1/audit?entityType=client_request&entityId=${r.id}`,
    );
    expect(trail.body.data.map((e: { action: string }) => e.action)).toEqual([
      'client_request.deleted',
      'client_request.created',
    ]);
  });

  it('shows on the account timeline as created and received', async () => {
    const fresh = (await makeAccount(t.db, am.id)).id;
    const r = await make({ accountId: fresh, title: 'Ad account access', kind: 'access' });
    await api.patch(`/api/v1/client-requests/${r.id}`, { title: 'Ad account access (Meta)' });
    await api.patch(`/api/v1/client-requests/${r.id}`, { status: 'received' });
    const timeline = await api.get(`/api/v1/accounts/${fresh}/timeline`);
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    // The rename is not an event of the timeline; the names are today's.
    expect(
      timeline.body.data.map((i: { kind: string; action: string; title: string }) => [
        i.kind,
        i.action,
        i.title,
      ]),
    ).toEqual([
      ['client_request', 'client_request.received', 'Client request received: Ad account access (Meta)'],
      ['client_request', 'client_request.created', 'Client request created: Ad account access (Meta)'],
    ]);
    expect(timeline.body.data[0].ref).toEqual({ type: 'client_request', id: r.id });
    const only = await api.get(`/api/v1/accounts/${fresh}/timeline?kinds=activity`);
    expect(only.body.data).toEqual([]);
    // The events raised carry the account.
    const events = await t.db
      .select({ type: domainEvents.type })
      .from(domainEvents)
      .where(
        and(
          eq(domainEvents.accountId, fresh),
          inArray(domainEvents.type, ['client_request.created', 'client_request.received']),
        ),
      );
    expect(events.map((e) => e.type).sort()).toEqual(['client_request.created', 'client_request.received']);
  });
});
