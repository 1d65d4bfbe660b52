import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/core/events.ts';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import { dispatchEvents } from '../../src/server/events/outbox.ts';
import {
  notificationSettings,
  notificationsFeature,
  notificationsSubscriber,
  notify,
} from '../../src/server/features/notifications/index.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';

let t: TestApp;
let admin: TestUser;
const NOW = testClock.now().toISOString();

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

async function call(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: { ...user.auth, origin: ORIGIN }, payload });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}
async function ok(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
  const res = await call(user, method, url, payload);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}
const dispatch = () =>
  dispatchEvents(t.db, notificationsFeature.subscribers!, { clock: testClock, config: t.deps.config });
const inbox = async (user: TestUser, query = '') => ok(user, 'GET', `/api/v1/me/notifications${query}`);

/** A user with a name that mentions can find. */
const person = (role: 'account_manager' | 'admin' | 'member' = 'account_manager') => {
  const tag = unique('p').slice(2);
  return makeUser(t.db, { role, name: `Pat ${tag}`, email: `pat.${tag}@example.test` });
};

async function event<T extends DomainEvent['type']>(
  type: T,
  accountId: string | null,
  data: Extract<DomainEvent, { type: T }>['data'],
  actorId: string | null = null,
) {
  const e = { id: uuidv7(), type, occurredAt: NOW, accountId, actorId, origin: null, data } as DomainEvent;
  await t.db.transaction((tx) =>
    notificationsSubscriber.handle(tx, e, { clock: testClock, config: t.deps.config }),
  );
  return e;
}

describe('who is notified', () => {
  it('a task assigned by someone else tells the assignee, with the record to open; not the actor', async () => {
    const a = await person();
    const b = await person();
    const account = await makeAccount(t.db, b.id);
    const task = await ok(b, 'POST', '/api/v1/tasks', {
      accountId: account.id,
      title: 'Send the QBR deck',
      assigneeId: a.id,
      dueDate: '2027-03-01',
    });
    // Assigning oneself a task tells nobody.
    await ok(b, 'POST', '/api/v1/tasks', { accountId: account.id, title: 'Own task', assigneeId: b.id });
    await dispatch();

    const list = await inbox(a);
    expect(list).toEqual({
      data: [
        {
          id: expect.any(String),
          at: NOW,
          kind: 'task_assigned',
          title: `${b.name} assigned you a task: Send the QBR deck`,
          body: `On ${account.name}, due 2027-03-01`,
          accountId: account.id,
          ref: { type: 'task', id: task.id },
          readAt: null,
        },
      ],
      nextCursor: null,
      meta: { unreadCount: 1 },
    });
    expect(await inbox(b)).toEqual({ data: [], nextCursor: null, meta: { unreadCount: 0 } });

    // Dispatching again tells nobody twice.
    await dispatch();
    expect((await inbox(a)).meta.unreadCount).toBe(1);
  });

  it('an issue opened with an assignee, and one reassigned, tell the new assignee', async () => {
    const a = await person();
    const c = await person();
    const owner = await person();
    const account = await makeAccount(t.db, owner.id);
    const issue = await ok(owner, 'POST', '/api/v1/issues', {
      accountId: account.id,
      title: 'Export fails',
      severity: 'p2',
      assigneeId: a.id,
    });
    await dispatch();
    await ok(owner, 'PATCH', `/api/v1/issues/${issue.id}`, { assigneeId: c.id });
    // A change of something else does not tell the assignee again.
    await ok(owner, 'PATCH', `/api/v1/issues/${issue.id}`, { title: 'Export fails on Mondays' });
    await dispatch();

    const ofA = await inbox(a);
    expect(
      ofA.data.map((n: { kind: string; title: string; body: string; ref: object }) => [
        n.kind,
        n.title,
        n.body,
        n.ref,
      ]),
    ).toEqual([
      [
        'issue_assigned',
        `${owner.name} assigned you an issue: Export fails`,
        `P2 on ${account.name}`,
        { type: 'issue', id: issue.id },
      ],
    ]);
    const ofC = await inbox(c);
    // Told after both changes committed: the issue as it is by then.
    expect(ofC.data.map((n: { title: string }) => n.title)).toEqual([
      `${owner.name} assigned you an issue: Export fails on Mondays`,
    ]);
    expect((await inbox(owner)).data).toEqual([]);
  });

  it('an owner hears of a band change, a breached issue (and its assignee), and a renewal opened', async () => {
    const owner = await person();
    const assignee = await person();
    const account = await makeAccount(t.db, owner.id);
    await event('health.band_changed', account.id, { from: 'green', to: 'red', score: 38 });
    const issue = await ok(admin, 'POST', '/api/v1/issues', {
      accountId: account.id,
      title: 'Login outage',
      severity: 'p1',
    });
    await event('issue.breached', account.id, {
      issueId: issue.id,
      slaDueAt: '2026-01-02T10:00:00.000Z',
      severity: 'p1',
      assigneeId: assignee.id,
    });
    const deal = await ok(admin, 'POST', '/api/v1/opportunities', {
      accountId: account.id,
      name: 'Renewal 2027',
      type: 'renewal',
      amount: 12_000,
      closeDate: '2027-01-15',
    });
    const upsell = await ok(admin, 'POST', '/api/v1/opportunities', {
      accountId: account.id,
      name: 'More seats',
      type: 'upsell',
      amount: 1_000,
      closeDate: '2027-01-15',
    });
    expect(upsell.type).toBe('upsell');
    await dispatch();

    const ofOwner = (await inbox(owner)).data.map(
      (n: { kind: string; title: string; body: string | null; ref: object }) => [
        n.kind,
        n.title,
        n.body,
        n.ref,
      ],
    );
    expect(ofOwner).toEqual([
      [
        'renewal_opened',
        `Renewal opened on ${account.name}: Renewal 2027`,
        null,
        { type: 'opportunity', id: deal.id },
      ],
      [
        'issue_breached',
        'SLA breached: Login outage',
        `P1 on ${account.name}, SLA passed 2 Jan 2026, 10:00 UTC`,
        { type: 'issue', id: issue.id },
      ],
      [
        'health_band_changed',
        `${account.name} is now red`,
        'Health went from green to red (score 38)',
        { type: 'account', id: account.id },
      ],
    ]);
    expect((await inbox(assignee)).data.map((n: { kind: string }) => n.kind)).toEqual(['issue_breached']);
  });

  it('@name and @email in an activity or an issue update tell those mentioned, once, never the writer', async () => {
    const a = await person();
    const c = await person();
    const gone = await person();
    await ok(admin, 'PATCH', `/api/v1/users/${gone.id}`, { active: false });
    const account = await makeAccount(t.db, admin.id);
    const activity = await ok(admin, 'POST', '/api/v1/activities', {
      accountId: account.id,
      type: 'note',
      subject: 'Kick-off',
      body: `Thanks @${a.name.toUpperCase()}! @${c.email} please follow up. cc @${gone.name} and @${admin.name}`,
    });
    await dispatch();
    // Editing the note tells only those newly mentioned.
    const d = await person();
    await ok(admin, 'PATCH', `/api/v1/activities/${activity.id}`, {
      body: `Thanks @${a.name}! @${c.email} and @${d.name}`,
    });
    await dispatch();

    const mention = {
      kind: 'mention',
      title: `${admin.name} mentioned you in Kick-off`,
      accountId: account.id,
      ref: { type: 'activity', id: activity.id },
    };
    expect((await inbox(a)).data).toEqual([expect.objectContaining(mention)]);
    expect((await inbox(c)).data).toEqual([expect.objectContaining(mention)]);
    expect((await inbox(d)).data).toEqual([
      expect.objectContaining({ ...mention, body: `Thanks @${a.name}! @${c.email} and @${d.name}` }),
    ]);
    expect(
      (await inbox(admin, '?limit=200')).data.filter((n: { kind: string }) => n.kind === 'mention'),
    ).toEqual([]);
    const [goneRow] = await t.db
      .select()
      .from(notificationSettings)
      .where(eq(notificationSettings.userId, gone.id));
    expect(goneRow).toBeUndefined();

    const issue = await ok(admin, 'POST', '/api/v1/issues', {
      accountId: account.id,
      title: 'Slow sync',
      severity: 'p3',
    });
    await ok(admin, 'POST', `/api/v1/issues/${issue.id}/updates`, {
      body: `@${a.name} can you check the logs?`,
      visibility: 'internal',
    });
    await dispatch();
    expect((await inbox(a)).data[0]).toMatchObject({
      kind: 'mention',
      title: `${admin.name} mentioned you on the issue Slow sync`,
      body: `@${a.name} can you check the logs?`,
      ref: { type: 'issue', id: issue.id },
    });
    expect((await inbox(a)).meta.unreadCount).toBe(2);
  });

  it('muted kinds are not notified; notify() never tells the actor and tells once per event and kind', async () => {
    const a = await person();
    const b = await person();
    await ok(a, 'PUT', '/api/v1/me/notification-settings', {
      email: 'off',
      digestHour: 9,
      mutedKinds: ['task_assigned'],
    });
    const account = await makeAccount(t.db, b.id);
    await ok(b, 'POST', '/api/v1/tasks', { accountId: account.id, title: 'Muted', assigneeId: a.id });
    await dispatch();
    expect((await inbox(a)).data).toEqual([]);

    const eventId = uuidv7();
    const input = {
      userIds: [a.id, b.id, a.id],
      kind: 'playbook' as const,
      title: 'Check the renewal',
      actorId: b.id,
      eventId,
      now: testClock.now(),
      config: t.deps.config,
    };
    expect(await t.db.transaction((tx) => notify(tx, input))).toBe(1);
    expect(await t.db.transaction((tx) => notify(tx, input))).toBe(0);
    expect(
      (await inbox(a)).data.map((n: { kind: string; title: string; ref: null }) => [n.kind, n.title, n.ref]),
    ).toEqual([['playbook', 'Check the renewal', null]]);
    expect((await inbox(b)).data).toEqual([]);
  });
});

describe('the inbox', () => {
  async function filled(n: number) {
    const user = await person();
    for (let i = 1; i <= n; i++) {
      await t.db.transaction((tx) =>
        notify(tx, {
          userIds: [user.id],
          kind: 'playbook',
          title: `Note ${i}`,
          now: testClock.now(),
          config: t.deps.config,
        }),
      );
    }
    return user;
  }

  it('pages newest first with a cursor, and filters the unread', async () => {
    const user = await filled(5);
    const first = await inbox(user, '?limit=2');
    expect(first.data.map((n: { title: string }) => n.title)).toEqual(['Note 5', 'Note 4']);
    expect(first.meta).toEqual({ unreadCount: 5 });
    const second = await inbox(user, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((n: { title: string }) => n.title)).toEqual(['Note 3', 'Note 2']);
    const third = await inbox(user, `?limit=2&cursor=${second.nextCursor}`);
    expect(third.data.map((n: { title: string }) => n.title)).toEqual(['Note 1']);
    expect(third.nextCursor).toBeNull();

    const read = await ok(user, 'POST', '/api/v1/me/notifications/read', {
      ids: [first.data[1].id, second.data[0].id],
    });
    expect(read).toEqual({ updated: 2, unreadCount: 3 });
    const unread = await inbox(user, '?unread=true');
    expect(unread.data.map((n: { title: string }) => n.title)).toEqual(['Note 5', 'Note 2', 'Note 1']);
    expect(unread.meta).toEqual({ unreadCount: 3 });
    const all = await inbox(user);
    expect(all.data[1]).toMatchObject({ title: 'Note 4', readAt: NOW });
  });

  it('reads all, and only the caller’s own: another user’s ids change nothing', async () => {
    const user = await filled(3);
    const other = await filled(2);
    const theirs = (await inbox(other)).data.map((n: { id: string }) => n.id);
    expect(await ok(user, 'POST', '/api/v1/me/notifications/read', { ids: theirs })).toEqual({
      updated: 0,
      unreadCount: 3,
    });
    expect((await inbox(other)).meta.unreadCount).toBe(2);
    expect(await ok(user, 'POST', '/api/v1/me/notifications/read', { all: true })).toEqual({
      updated: 3,
      unreadCount: 0,
    });
    expect(await ok(user, 'POST', '/api/v1/me/notifications/read', { all: true })).toEqual({
      updated: 0,
      unreadCount: 0,
    });
    expect((await inbox(other)).meta.unreadCount).toBe(2);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.actorId, user.id));
    expect(audit.filter((e) => e.action === 'notification.read').map((e) => e.changes)).toEqual([
      { read: [0, 3] },
    ]);
  });

  it('refuses a read request that is neither ids nor all, and an unknown filter', async () => {
    const user = await person();
    const bad = await call(user, 'POST', '/api/v1/me/notifications/read', { all: false });
    expect(bad.status).toBe(400);
    const badId = await call(user, 'POST', '/api/v1/me/notifications/read', { ids: ['nope'] });
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body.errors)).toContain('ids');
    const filter = await call(user, 'GET', '/api/v1/me/notifications?unread=yes');
    expect(filter.status).toBe(400);
    expect(filter.body.errors).toEqual([expect.objectContaining({ path: 'unread' })]);
  });

  it('needs a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications' });
    expect(res.statusCode).toBe(401);
  });
});

describe('settings', () => {
  it('defaults to the daily digest at 07 UTC, and keeps what the user saves (audited)', async () => {
    const user = await person();
    expect(await ok(user, 'GET', '/api/v1/me/notification-settings')).toEqual({
      email: 'daily_digest',
      digestHour: 7,
      mutedKinds: [],
    });
    const saved = { email: 'instant', digestHour: 18, mutedKinds: ['mention', 'health_band_changed'] };
    expect(await ok(user, 'PUT', '/api/v1/me/notification-settings', saved)).toEqual(saved);
    expect(await ok(user, 'GET', '/api/v1/me/notification-settings')).toEqual(saved);
    const other = await person();
    expect((await ok(other, 'GET', '/api/v1/me/notification-settings')).email).toBe('daily_digest');
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'notification_settings.updated')));
    expect(entry).toMatchObject({
      action: 'notification_settings.updated',
      changes: {
        email: ['daily_digest', 'instant'],
        digestHour: [7, 18],
        mutedKinds: [[], ['mention', 'health_band_changed']],
      },
    });
  });

  it.each([
    [{ email: 'weekly', digestHour: 7, mutedKinds: [] }, 'email'],
    [{ email: 'off', digestHour: 24, mutedKinds: [] }, 'digestHour'],
    [{ email: 'off', digestHour: 7.5, mutedKinds: [] }, 'digestHour'],
    [{ email: 'off', digestHour: 7, mutedKinds: ['everything'] }, 'mutedKinds.0'],
    [{ email: 'off', digestHour: 7 }, 'mutedKinds'],
    [{ email: 'off', digestHour: 7, mutedKinds: [], extra: 1 }, 'extra'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const user = await person();
    const res = await call(user, 'PUT', '/api/v1/me/notification-settings', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
  });
});
