import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/core/events.ts';
import { addDays } from '../../src/core/rules/dates.ts';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import { users } from '../../src/server/auth/auth.table.ts';
import { type Clock, fixedClock } from '../../src/server/clock.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { dispatchEvents, writeEvents } from '../../src/server/events/outbox.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { mailQueue } from '../../src/server/features/mail/index.ts';
import { notifications } from '../../src/server/features/notifications/index.ts';
import { opportunities } from '../../src/server/features/opportunities/index.ts';
import { playbooks, playbooksFeature, runPlaybooks } from '../../src/server/features/playbooks/index.ts';
import { tasks } from '../../src/server/features/tasks/index.ts';
import { webhookDeliveries } from '../../src/server/features/webhooks/index.ts';
import { systemWrites } from '../../src/server/runtime.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { testClock, today } from '../support/clock.ts';
import { makeAccount, makeTeam, makeUser, type TestUser } from '../support/factories.ts';

let t: TestApp;
let admin: TestUser;
let am: TestUser;
let mgr: TestUser;
let viewer: TestUser;
const subscribers = playbooksFeature.subscribers!;

beforeAll(async () => {
  // Mail configured (nothing is sent: jobs are off), so a playbook's e-mail is queued.
  // A database of its own on PostgreSQL: the examples are one per database, and other files enable them too.
  t = await testApp({ fresh: true, config: { smtpUrl: 'smtp://127.0.0.1:2525', webhooksAllowHttp: true } });
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  am = await makeUser(t.db, { role: 'account_manager', name: 'Sam Owner' });
  mgr = await makeUser(t.db, { role: 'manager', name: 'Mia Manager' });
  viewer = await makeUser(t.db, { role: 'viewer' });
  await makeTeam(t.db, admin, { managerIds: [mgr.id], memberIds: [am.id] });
});
afterAll(() => t.close());
// Playbooks of one test must not act on the next test's events.
afterEach(async () => {
  await t.db.update(playbooks).set({ active: false });
  await settle();
});

async function call(
  user: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  const res = await t.app.inject({ method, url, headers: { ...user.auth, origin: ORIGIN }, payload });
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
  return res.body;
}

/** The subscriber, then the runner: what the background does within a second or two. */
async function settle(clock: Clock = testClock) {
  await dispatchEvents(t.db, subscribers, { clock, config: t.deps.config });
  await runPlaybooks({ db: t.db, clock, react: t.deps.react, config: t.deps.config });
}

async function emit(events: NewEvent[], clock: Clock = testClock) {
  await t.db.transaction((tx) => writeEvents(tx, systemWrites(clock), events));
}

const taskAction = {
  type: 'create_task',
  title: 'Call {{account.name}} ({{account.owner.name}})',
  assignTo: 'owner',
  dueInDays: 3,
  priority: 'high',
  effortPoints: 2,
};

async function makePlaybook(body: object) {
  return ok(admin, 'POST', '/api/v1/playbooks', body);
}
const tasksOf = (accountId: string) =>
  t.db
    .select()
    .from(tasks)
    .where(eq(tasks.accountId, accountId))
    .orderBy(asc(tasks.createdAt), asc(tasks.title));
const runsOf = async (id: string) => (await ok(admin, 'GET', `/api/v1/playbooks/${id}/runs`)).data;

describe('saving a playbook', () => {
  const base = { name: 'Check', trigger: { event: 'account.updated' }, actions: [taskAction] };

  it('names the field of an unknown placeholder', async () => {
    const res = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      actions: [taskAction, { type: 'notify', to: 'owner', message: 'Hi {{account.nickname}}' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'actions.1.message', message: 'has unknown placeholder {{account.nickname}}' },
    ]);
    const data = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      trigger: { event: 'health.band_changed' },
      actions: [{ ...taskAction, title: 'Was {{event.data.from}}, {{event.data.days}}' }],
    });
    expect(data.status).toBe(400);
    expect(data.body.errors[0].path).toBe('actions.0.title');
    expect(data.body.errors[0].message).toBe('has unknown placeholder {{event.data.days}}');
  });

  it('refuses an unknown webhook, no actions, eleven actions, and missing trigger params', async () => {
    const hook = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      actions: [{ type: 'call_webhook', webhookId: '0190c0de-0000-7000-8000-000000000000' }],
    });
    expect(hook.status).toBe(400);
    expect(hook.body.errors).toEqual([{ path: 'actions.0.webhookId', message: 'is not a webhook endpoint' }]);
    const none = await call(admin, 'POST', '/api/v1/playbooks', { ...base, actions: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('actions');
    const eleven = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      actions: Array.from({ length: 11 }, () => taskAction),
    });
    expect(eleven.status).toBe(400);
    expect(eleven.body.errors[0].path).toBe('actions');
    const ten = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      active: false,
      actions: Array.from({ length: 10 }, () => taskAction),
    });
    expect(ten.status).toBe(201);
    const renewal = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      trigger: { event: 'renewal.window_entered' },
    });
    expect(renewal.status).toBe(400);
    expect(renewal.body.errors[0].path).toBe('trigger.params');
    const threshold = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      trigger: { event: 'signal.threshold_crossed', params: { metric: 'nps', op: 'below', value: 3 } },
    });
    expect(threshold.status).toBe(400);
    expect(threshold.body.errors[0].path).toBe('trigger.params.op');
    const field = await call(admin, 'POST', '/api/v1/playbooks', {
      ...base,
      conditions: [{ field: 'data.colour', op: 'eq', value: 'red' }],
    });
    expect(field.status).toBe(400);
    expect(field.body.errors).toEqual([
      { path: 'conditions.0.field', message: 'is not in the data of account.updated (fields)' },
    ]);
  });

  it('lets only admins write, everyone signed in read, with ETags and an audit entry', async () => {
    expect((await call(am, 'POST', '/api/v1/playbooks', base)).status).toBe(403);
    const created = await call(admin, 'POST', '/api/v1/playbooks', { ...base, active: false });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body.enrolment).toBe('once_per_account');
    const read = await call(viewer, 'GET', `/api/v1/playbooks/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('Check');
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/playbooks/${created.body.id}`,
      headers: { ...admin.auth, origin: ORIGIN, 'if-match': '"7"' },
      payload: { name: 'Renamed' },
    });
    expect(stale.statusCode).toBe(412);
    const renamed = await ok(admin, 'PATCH', `/api/v1/playbooks/${created.body.id}`, { name: 'Renamed' });
    expect(renamed.version).toBe(2);
    const entries = await t.db
      .select({ action: auditLog.action, changes: auditLog.changes })
      .from(auditLog)
      .where(eq(auditLog.entityId, created.body.id))
      .orderBy(asc(auditLog.at));
    expect(entries.map((e) => e.action)).toEqual(['playbook.created', 'playbook.updated']);
    expect(entries[1]!.changes).toEqual({ name: ['Check', 'Renamed'] });
  });
});

describe('running a playbook', () => {
  it('runs each action as the system, with placeholders filled, once per event', async () => {
    const account = await makeAccount(t.db, am.id);
    await t.db.update(accounts).set({ arr: 12_000 }).where(eq(accounts.id, account.id));
    const p = await makePlaybook({
      name: 'Everything',
      trigger: { event: 'account.updated' },
      conditions: [{ field: 'data.fields', op: 'contains', value: 'industry' }],
      actions: [
        taskAction,
        { type: 'notify', to: 'manager', message: '{{account.name}} is worth {{account.arr}}' },
        { type: 'set_lifecycle_stage', stage: 'at_risk' },
        { type: 'add_tag', tag: 'watch' },
        {
          type: 'create_opportunity',
          opportunityType: 'upsell',
          name: 'More for {{account.name}}',
          amount: 5000,
        },
      ],
      enrolment: 'every_time',
    });
    await ok(am, 'PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Retail' });
    await settle();
    await settle();

    const made = await tasksOf(account.id);
    expect(made.map((x) => [x.title, x.assigneeId, x.dueDate, x.priority, x.effortPoints, x.source])).toEqual(
      [[`Call ${account.name} (Sam Owner)`, am.id, addDays(today(), 3), 'high', 2, 'automation']],
    );
    const told = await t.db.select().from(notifications).where(eq(notifications.accountId, account.id));
    expect(told.map((n) => [n.userId, n.kind, n.title])).toEqual([
      [mgr.id, 'playbook', `${account.name} is worth 12000`],
    ]);
    const [after] = await t.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect([after!.lifecycleStage, after!.tags]).toEqual(['at_risk', ['watch']]);
    const deals = await t.db.select().from(opportunities).where(eq(opportunities.accountId, account.id));
    expect(deals.map((d) => [d.name, d.type, d.amount, d.stage, d.ownerId])).toEqual([
      [`More for ${account.name}`, 'upsell', 5000, 'prospecting', am.id],
    ]);
    // The audit shows the system, with the playbook as the subject.
    const audit = await t.db
      .select({ action: auditLog.action, actorType: auditLog.actorType, subject: auditLog.subject })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, account.id), sql`${auditLog.subject} is not null`))
      .orderBy(asc(auditLog.at), asc(auditLog.action));
    expect(audit.map((a) => [a.action, a.actorType, a.subject])).toEqual([
      ['account.updated', 'system', `playbook:${p.id}`],
      ['account.updated', 'system', `playbook:${p.id}`],
      ['opportunity.created', 'system', `playbook:${p.id}`],
      ['task.created', 'system', `playbook:${p.id}`],
    ]);
    const runs = await runsOf(p.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ accountId: account.id, status: 'done', reason: null, attempts: 1 });
    expect(
      runs[0].actions.map((a: { type: string; status: string; ref: { type: string } | null }) => [
        a.type,
        a.status,
        a.ref?.type,
      ]),
    ).toEqual([
      ['create_task', 'done', 'task'],
      ['notify', 'done', 'account'],
      ['set_lifecycle_stage', 'done', 'account'],
      ['add_tag', 'done', 'account'],
      ['create_opportunity', 'done', 'opportunity'],
    ]);
    expect(runs[0].actions[0].ref.id).toBe(made[0]!.id);
    // The account's timeline says what the playbook did.
    const timeline = await ok(am, 'GET', `/api/v1/accounts/${account.id}/timeline?kinds=playbook`);
    expect(timeline.data.map((i: { title: string }) => i.title)).toEqual([
      `Playbook 'Everything' created task “Call ${account.name} (Sam Owner)”, notified 1 person, set the lifecycle stage to at_risk, added the tag watch, created opportunity “More for ${account.name}”`,
    ]);
  });

  it('e-mails internal people and calls a webhook with the event', async () => {
    const account = await makeAccount(t.db, am.id);
    const hook = await ok(admin, 'POST', '/api/v1/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    const p = await makePlaybook({
      name: 'Reach',
      trigger: { event: 'account.owner_changed' },
      actions: [
        {
          type: 'send_email',
          to: 'manager',
          subject: 'New owner for {{account.name}}',
          body: 'Now {{account.owner.name}}.',
        },
        { type: 'call_webhook', webhookId: hook.id },
      ],
      enrolment: 'every_time',
    });
    await emit([{ type: 'account.owner_changed', accountId: account.id, data: { from: mgr.id, to: am.id } }]);
    await settle();
    const mail = await t.db
      .select({
        to: mailQueue.toEmail,
        kind: mailQueue.kind,
        subject: mailQueue.subject,
        text: mailQueue.text,
      })
      .from(mailQueue)
      .where(eq(mailQueue.subject, `New owner for ${account.name}`));
    expect(mail.map((m) => [m.to, m.kind, m.subject])).toEqual([
      [mgr.email, 'playbook', `New owner for ${account.name}`],
    ]);
    expect(mail[0]!.text.startsWith('Now Sam Owner.')).toBe(true);
    const [event] = await t.db
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, account.id), eq(domainEvents.type, 'account.owner_changed')));
    const calls = await t.db
      .select({ eventId: webhookDeliveries.eventId, type: webhookDeliveries.eventType })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, hook.id), eq(webhookDeliveries.eventId, event!.id)));
    expect(calls).toEqual([{ eventId: event!.id, type: 'account.owner_changed' }]);
    const [run] = await runsOf(p.id);
    expect(run.actions.map((a: { type: string; status: string }) => [a.type, a.status])).toEqual([
      ['send_email', 'done'],
      ['call_webhook', 'done'],
    ]);
  });

  it('raises signal.threshold_crossed when a pushed reading crosses a watched threshold, not on every reading', async () => {
    const account = await makeAccount(t.db, am.id);
    const p = await makePlaybook({
      name: 'NPS drop',
      trigger: { event: 'signal.threshold_crossed', params: { metric: 'nps', op: 'lt', value: 30 } },
      actions: [{ ...taskAction, title: 'NPS of {{account.name}} fell to {{event.data.value}}' }],
      enrolment: 'every_time',
    });
    const push = (values: number[], hour: number) =>
      ok(am, 'POST', '/api/v1/health/signals', {
        signals: values.map((value, i) => ({
          accountId: account.id,
          metric: 'nps',
          value,
          recordedAt: new Date(
            testClock.now().getTime() - (10 - hour) * 3_600_000 + i * 60_000,
          ).toISOString(),
        })),
      });
    await push([50, 20, 10], 1); // 20 crosses; 10 stays below
    await push([25], 2); // still below: nothing
    await push([40, 28], 3); // back above, then crosses again
    const crossed = await t.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(and(eq(domainEvents.accountId, account.id), eq(domainEvents.type, 'signal.threshold_crossed')))
      .orderBy(asc(domainEvents.id));
    expect(crossed.map((e) => e.data)).toEqual([
      { metric: 'nps', value: 20 },
      { metric: 'nps', value: 28 },
    ]);
    await settle();
    expect((await tasksOf(account.id)).map((x) => x.title).sort()).toEqual([
      `NPS of ${account.name} fell to 20`,
      `NPS of ${account.name} fell to 28`,
    ]);
    expect(await runsOf(p.id)).toHaveLength(2);
  });

  it('checks conditions on the account and the event, with each op', async () => {
    const account = await makeAccount(t.db, am.id);
    await t.db
      .update(accounts)
      .set({ arr: 50_000, segment: 'enterprise', tags: ['vip'] })
      .where(eq(accounts.id, account.id));
    const when = (conditions: object[]) =>
      makePlaybook({
        name: 'When',
        trigger: { event: 'account.updated' },
        conditions,
        actions: [
          { ...taskAction, title: JSON.stringify(conditions).replaceAll('{', '(').replaceAll('}', ')') },
        ],
        enrolment: 'every_time',
      });
    await when([{ field: 'arr', op: 'gte', value: 50_000 }]);
    await when([{ field: 'arr', op: 'gt', value: 50_000 }]);
    await when([{ field: 'segment', op: 'in', value: ['enterprise', 'mid_market'] }]);
    await when([{ field: 'segment', op: 'neq', value: 'enterprise' }]);
    await when([{ field: 'tags', op: 'contains', value: 'vip' }]);
    await when([
      { field: 'ownerId', op: 'eq', value: am.id },
      { field: 'arr', op: 'lt', value: 10 },
    ]);
    await ok(am, 'PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Energy' });
    await settle();
    const titles = (await tasksOf(account.id)).map((x) => x.title).sort();
    expect(titles).toEqual(
      [
        '[("field":"arr","op":"gte","value":50000)]',
        '[("field":"segment","op":"in","value":["enterprise","mid_market"])]',
        '[("field":"tags","op":"contains","value":"vip")]',
      ].sort(),
    );
  });

  it('enrols once per account, or at most every N days as the clock moves', async () => {
    const account = await makeAccount(t.db, am.id);
    const once = await makePlaybook({
      name: 'Once',
      trigger: { event: 'account.updated' },
      actions: [taskAction],
    });
    const weekly = await makePlaybook({
      name: 'Weekly',
      trigger: { event: 'account.updated' },
      actions: [{ ...taskAction, title: 'Weekly' }],
      enrolment: { atMostEveryDays: 7 },
    });
    const touch = async (clock: Clock) => {
      await emit([{ type: 'account.updated', accountId: account.id, data: { fields: ['industry'] } }], clock);
      await settle(clock);
    };
    await touch(fixedClock(today())); // noon, as the later touches: 7 days apart to the minute, whatever hour the run began
    await touch(fixedClock(addDays(today(), 6)));
    await touch(fixedClock(addDays(today(), 7)));
    const onceRuns = await runsOf(once.id);
    expect(onceRuns.map((r: { status: string }) => r.status)).toEqual(['skipped', 'skipped', 'done']);
    expect(onceRuns[0].reason).toBe('The account already went through this playbook (once per account).');
    // Newest first, a page at a time.
    const first = await ok(admin, 'GET', `/api/v1/playbooks/${once.id}/runs?limit=2`);
    const second = await ok(
      admin,
      'GET',
      `/api/v1/playbooks/${once.id}/runs?limit=2&cursor=${first.nextCursor}`,
    );
    expect([...first.data, ...second.data].map((r: { id: string }) => r.id)).toEqual(
      onceRuns.map((r: { id: string }) => r.id),
    );
    expect(second.nextCursor).toBe(null);
    const weeklyRuns = await runsOf(weekly.id);
    expect(weeklyRuns.map((r: { status: string }) => r.status)).toEqual(['done', 'skipped', 'done']);
    expect(weeklyRuns[1].reason).toBe('The account went through this playbook less than 7 days ago.');
    expect((await tasksOf(account.id)).map((x) => x.title)).toEqual([
      `Call ${account.name} (Sam Owner)`,
      'Weekly',
      'Weekly',
    ]);
  });

  it('records tasks made together as one by one: audited as the system, their runs done; an inactive assignee retries', async () => {
    const gone = await makeUser(t.db, { role: 'account_manager' });
    const a1 = await makeAccount(t.db, am.id);
    const a2 = await makeAccount(t.db, am.id);
    const p = await makePlaybook({
      name: 'Tasks only',
      trigger: { event: 'account.updated' },
      actions: [taskAction],
      enrolment: 'every_time',
    });
    const q = await makePlaybook({
      name: 'To someone gone',
      trigger: { event: 'account.updated' },
      actions: [{ ...taskAction, assignTo: gone.id }],
      enrolment: 'every_time',
    });
    await t.db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    await emit([
      { type: 'account.updated', accountId: a1.id, data: { fields: ['industry'] } },
      { type: 'account.updated', accountId: a2.id, data: { fields: ['industry'] } },
      { type: 'account.updated', accountId: a1.id, data: { fields: ['segment'] } },
    ]);
    await settle();
    expect((await tasksOf(a1.id)).map((x) => [x.title, x.assigneeId])).toEqual([
      [`Call ${a1.name} (Sam Owner)`, am.id],
      [`Call ${a1.name} (Sam Owner)`, am.id],
    ]);
    expect((await tasksOf(a2.id)).map((x) => x.title)).toEqual([`Call ${a2.name} (Sam Owner)`]);
    const entries = await t.db
      .select({ action: auditLog.action, actorType: auditLog.actorType, subject: auditLog.subject })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, a2.id), eq(auditLog.entityType, 'task')));
    expect(entries).toEqual([{ action: 'task.created', actorType: 'system', subject: `playbook:${p.id}` }]);
    const runs = await runsOf(p.id);
    expect(runs.map((r: { status: string; attempts: number }) => [r.status, r.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
      ['done', 1],
    ]);
    const failing = await runsOf(q.id);
    expect(failing.map((r: { status: string; attempts: number }) => [r.status, r.attempts])).toEqual([
      ['retrying', 1],
      ['retrying', 1],
      ['retrying', 1],
    ]);
    expect(failing[0].actions[0].error).toBe('The assignee is not an active user.');
    const timeline = await ok(am, 'GET', `/api/v1/accounts/${a2.id}/timeline?kinds=playbook`);
    expect(timeline.data.map((i: { title: string }) => i.title)).toEqual([
      `Playbook 'Tasks only' created task “Call ${a2.name} (Sam Owner)”`,
    ]);
  });

  it('does not react to what a playbook did (no loops)', async () => {
    const account = await makeAccount(t.db, am.id);
    await makePlaybook({
      name: 'Tagger',
      trigger: { event: 'account.updated' },
      conditions: [{ field: 'data.fields', op: 'contains', value: 'industry' }],
      actions: [{ type: 'add_tag', tag: 'looped' }],
      enrolment: 'every_time',
    });
    const listener = await makePlaybook({
      name: 'Listener',
      trigger: { event: 'account.updated' },
      conditions: [{ field: 'tags', op: 'contains', value: 'looped' }],
      actions: [taskAction],
      enrolment: 'every_time',
    });
    await ok(am, 'PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Media' });
    await settle();
    await settle();
    const [after] = await t.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after!.tags).toEqual(['looped']);
    expect(await runsOf(listener.id)).toEqual([]);
    expect(await tasksOf(account.id)).toEqual([]);
  });

  it('retries a failing action 3 times with back-off, then fails; 10 failed runs in 24 h switch it off and tell the author', async () => {
    const gone = await makeUser(t.db, { role: 'account_manager' });
    const account = await makeAccount(t.db, am.id);
    const p = await makePlaybook({
      name: 'Fragile',
      trigger: { event: 'account.updated' },
      actions: [
        { ...taskAction, assignTo: gone.id },
        { type: 'add_tag', tag: 'fragile' },
      ],
      enrolment: 'every_time',
    });
    await t.db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    await emit([{ type: 'account.updated', accountId: account.id, data: { fields: ['industry'] } }]);
    await settle();
    let [run] = await runsOf(p.id);
    expect([run.status, run.attempts]).toEqual(['retrying', 1]);
    expect(run.actions.map((a: { status: string }) => a.status)).toEqual(['failed', 'done']);
    await settle(); // not due yet
    [run] = await runsOf(p.id);
    expect(run.attempts).toBe(1);
    const at = (ms: number) => fixedClock(new Date(testClock.now().getTime() + ms));
    await settle(at(60_000));
    [run] = await runsOf(p.id);
    expect([run.status, run.attempts]).toEqual(['retrying', 2]);
    await settle(at(6 * 60_000));
    [run] = await runsOf(p.id);
    expect([run.status, run.attempts, run.reason]).toEqual([
      'failed',
      3,
      '1 of 2 actions failed: The assignee is not an active user.',
    ]);
    // The tag was added once, not on each try.
    const [after] = await t.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after!.tags).toEqual(['fragile']);

    // Nine more failed runs: the tenth within 24 h switches the playbook off.
    for (let i = 0; i < 9; i++) {
      await emit([{ type: 'account.updated', accountId: account.id, data: { fields: ['industry'] } }]);
      await settle();
      await settle(at(60_000));
      await settle(at(6 * 60_000));
    }
    const off = await ok(admin, 'GET', `/api/v1/playbooks/${p.id}`);
    expect([off.active, off.deactivatedReason, off.failedRuns24h]).toEqual([
      false,
      '10 runs failed within 24 hours.',
      10,
    ]);
    const told = await t.db
      .select({ userId: notifications.userId, title: notifications.title })
      .from(notifications)
      .where(eq(notifications.kind, 'playbook_deactivated'));
    expect(told).toEqual([
      { userId: admin.id, title: "Playbook 'Fragile' was switched off: 10 runs failed within 24 hours." },
    ]);
    await emit([{ type: 'account.updated', accountId: account.id, data: { fields: ['industry'] } }]);
    await settle();
    expect(await runsOf(p.id)).toHaveLength(10);
  });
});

describe('preview and examples', () => {
  it('previews the accounts a state trigger and its conditions match now, in scope, running nothing', async () => {
    const other = await makeUser(t.db, { role: 'account_manager' });
    const due = await makeAccount(t.db, am.id);
    const dueOther = await makeAccount(t.db, other.id);
    const notDue = await makeAccount(t.db, am.id);
    const smb = await makeAccount(t.db, am.id);
    // nextCheckInDue is derived: the last touch's day plus the cadence (1 day here).
    const dueOn = (id: string, day: string, segment: 'enterprise' | 'smb') =>
      t.db
        .update(accounts)
        .set({ lastTouchAt: new Date(`${addDays(day, -1)}T12:00:00.000Z`), checkInCadenceDays: 1, segment })
        .where(eq(accounts.id, id));
    await dueOn(due.id, addDays(today(), -1), 'enterprise');
    await dueOn(dueOther.id, today(), 'enterprise');
    await dueOn(notDue.id, addDays(today(), 1), 'enterprise');
    await dueOn(smb.id, addDays(today(), -3), 'smb');
    const p = await makePlaybook({
      name: 'Overdue enterprise',
      trigger: { event: 'check_in.overdue' },
      conditions: [{ field: 'segment', op: 'eq', value: 'enterprise' }],
      actions: [taskAction],
    });
    const mine = await ok(am, 'POST', `/api/v1/playbooks/${p.id}/preview`);
    expect(mine.data.map((a: { id: string }) => a.id)).toEqual([due.id]);
    expect(mine.total).toBe(1);
    const all = await ok(admin, 'POST', `/api/v1/playbooks/${p.id}/preview`);
    const ids = all.data.map((a: { id: string }) => a.id);
    expect(ids).toContain(due.id);
    expect(ids).toContain(dueOther.id);
    expect(ids).not.toContain(notDue.id);
    expect(ids).not.toContain(smb.id);
    expect(await tasksOf(due.id)).toEqual([]);
  });

  it('enables each example once, and each acts exactly once per qualifying event', async () => {
    const list = await ok(viewer, 'GET', '/api/v1/playbooks/examples');
    expect(list.data.map((e: { key: string }) => e.key)).toEqual(['red-health', 'renewal-90', 'p1-breached']);
    expect((await call(am, 'POST', '/api/v1/playbooks/examples/red-health/enable')).status).toBe(403);
    const first = await call(admin, 'POST', '/api/v1/playbooks/examples/red-health/enable');
    expect(first.status).toBe(201);
    const again = await call(admin, 'POST', '/api/v1/playbooks/examples/red-health/enable');
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    await ok(admin, 'POST', '/api/v1/playbooks/examples/renewal-90/enable');
    await ok(admin, 'POST', '/api/v1/playbooks/examples/p1-breached/enable');

    const account = await makeAccount(t.db, am.id);
    const issueId = '0190c0de-0000-7000-8000-0000000000a1';
    await emit([
      { type: 'health.band_changed', accountId: account.id, data: { from: 'yellow', to: 'red', score: 31 } },
      {
        type: 'health.band_changed',
        accountId: account.id,
        data: { from: 'green', to: 'yellow', score: 60 },
      },
      {
        type: 'renewal.window_entered',
        accountId: account.id,
        data: { contractId: issueId, endDate: '2027-03-01', daysLeft: 90, days: 90 },
      },
      {
        type: 'renewal.window_entered',
        accountId: account.id,
        data: { contractId: issueId, endDate: '2027-03-01', daysLeft: 60, days: 60 },
      },
      {
        type: 'issue.breached',
        accountId: account.id,
        data: { issueId, slaDueAt: '2026-01-01T00:00:00.000Z', severity: 'p1', assigneeId: null },
      },
      {
        type: 'issue.breached',
        accountId: account.id,
        data: { issueId, slaDueAt: '2026-01-01T00:00:00.000Z', severity: 'p3', assigneeId: null },
      },
    ]);
    await settle();
    await settle();
    await runPlaybooks({ db: t.db, clock: testClock, react: t.deps.react, config: t.deps.config });
    expect((await tasksOf(account.id)).map((x) => [x.title, x.assigneeId, x.priority])).toEqual([
      [`Call ${account.name}: health turned red`, am.id, 'high'],
      [`Prepare the renewal of ${account.name} (ends 2027-03-01)`, am.id, 'normal'],
    ]);
    const told = await t.db
      .select({ userId: notifications.userId, title: notifications.title })
      .from(notifications)
      .where(eq(notifications.accountId, account.id))
      .orderBy(asc(notifications.at), asc(notifications.title));
    expect(
      told.map((n) => [n.userId === mgr.id ? 'mgr' : n.userId === am.id ? 'am' : n.userId, n.title]).sort(),
    ).toEqual(
      [
        ['mgr', `${account.name} (Sam Owner's account) turned red.`],
        ['am', `${account.name}'s contract ends on 2027-03-01: 90 days left.`],
        ['am', `A P1 issue on ${account.name} breached its SLA (1 Jan 2026, 00:00 UTC).`],
        ['mgr', `A P1 issue on ${account.name} breached its SLA (1 Jan 2026, 00:00 UTC).`],
      ].sort(),
    );
  });
});
