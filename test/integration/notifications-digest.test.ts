import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchEvents } from '../../src/server/events/outbox.ts';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { closeMailTransports, sendDueMail } from '../../src/server/features/mail/index.ts';
import { notificationsFeature, notify } from '../../src/server/features/notifications/index.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { day, testClock, today } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { onPostgres, POSTGRES_ONLY } from '../support/race.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

const FROM = 'Steward <steward@example.test>';

describe('e-mail: the daily digest and instant notifications', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    smtp = await startSmtp();
    // An empty database: every user there has the default setting (a digest at 07 UTC).
    t = await testApp({ fresh: true, config: { smtpUrl: smtp.url, mailFrom: FROM } });
    admin = await makeUser(t.db, { role: 'admin', name: 'Grace Admin' });
  });
  afterAll(async () => {
    await t.close();
    closeMailTransports();
    await smtp.close();
  });

  async function call(user: TestUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    const res = await t.app.inject({ method, url, headers: { ...user.auth, origin: ORIGIN }, payload });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  }
  const settings = (user: TestUser, email: string, digestHour = 7) =>
    call(user, 'PUT', '/api/v1/me/notification-settings', { email, digestHour, mutedKinds: [] });
  const send = () => sendDueMail({ db: t.db, clock: testClock, config: t.deps.config });
  const dispatch = () =>
    dispatchEvents(t.db, notificationsFeature.subscribers!, { clock: testClock, config: t.deps.config });

  it('sends the digests due at an hour once: agenda and unread notifications with links, text and HTML', async () => {
    const ann = await makeUser(t.db, { name: 'Ann Digest', email: 'ann.digest@example.test' });
    const bob = await makeUser(t.db, { role: 'admin', name: 'Bob Boss' });
    const quiet = await makeUser(t.db, { name: 'Quiet Person' });
    expect((await settings(ann, 'daily_digest', 9)).status).toBe(200);
    expect((await settings(quiet, 'daily_digest', 9)).status).toBe(200);
    expect((await settings(bob, 'off')).status).toBe(200);
    expect((await settings(admin, 'off')).status).toBe(200);
    const account = await makeAccount(t.db, ann.id);
    await t.db
      .update(accounts)
      // Last touched 62 days ago with a 60-day cadence: the check-in was due two days ago.
      .set({ lastTouchAt: new Date(`${day(-62)}T12:00:00.000Z`), checkInCadenceDays: 60 })
      .where(eq(accounts.id, account.id));
    const task = await call(bob, 'POST', '/api/v1/tasks', {
      accountId: account.id,
      title: 'Call the CFO',
      assigneeId: ann.id,
      dueDate: today(),
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    await dispatch();
    const agenda = (await call(ann, 'GET', '/api/v1/me/agenda')).body.data;
    expect(agenda.map((i: { kind: string; title: string }) => [i.kind, i.title])).toEqual([
      ['check_in_overdue', `Check in with ${account.name}`],
      ['task', 'Call the CFO'],
    ]);

    const run = await call(admin, 'POST', '/api/v1/admin/runs/digests?hour=9');
    expect(run).toEqual({ status: 200, body: { hour: 9, day: today(), queued: 1 } });
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toMatchObject({ value: [{ address: 'ann.digest@example.test', name: 'Ann Digest' }] });
    expect(mail!.subject).toBe(`Your Steward digest for ${today()}: 2 on your agenda, 1 unread`);
    const taskLink = `${ORIGIN}/accounts/${account.id}?tab=tasks`;
    expect(mail!.text!.split('\n\n-- \n')[0]).toBe(
      [
        `Good morning Ann Digest, here is your Steward digest for ${today()}.`,
        '',
        "Today's agenda (2)",
        `- Check in with ${account.name} — ${account.name} (due ${day(-2)})`,
        `  ${ORIGIN}/accounts/${account.id}`,
        `- Call the CFO — ${account.name} (due ${today()})`,
        `  ${taskLink}`,
        '',
        'Unread notifications (1)',
        `- Bob Boss assigned you a task: Call the CFO — On ${account.name}, due ${today()}`,
        `  ${taskLink}`,
        '',
        `Open your inbox: ${ORIGIN}/notifications`,
      ].join('\n'),
    );
    expect(mail!.html).toContain(`<a href="${taskLink}">Call the CFO — ${account.name} (due ${today()})</a>`);
    expect(mail!.html).toContain(`<a href="${ORIGIN}/notifications">Open your inbox</a>`);
    // mailparser reads the List-* headers into one `list` header.
    expect(mail!.headers.get('list')).toMatchObject({
      unsubscribe: { url: `${ORIGIN}/profile/notifications` },
    });

    // The same day and hour again: nothing more is queued or sent.
    expect((await call(admin, 'POST', '/api/v1/admin/runs/digests?hour=9')).body).toEqual({
      hour: 9,
      day: today(),
      queued: 0,
    });
    expect(await send()).toEqual({ sent: 0, failed: 0 });
    // Nobody's digest is due at another hour, and no one with nothing to tell gets one.
    expect((await call(admin, 'POST', '/api/v1/admin/runs/digests?hour=10')).body.queued).toBe(0);
    expect(smtp.messages.map((m) => m.to)).toHaveLength(1);
  });

  it('mails each notification at once to those who chose instant, and no one else', async () => {
    smtp.clear();
    const dana = await makeUser(t.db, { name: 'Dana Instant', email: 'dana@example.test' });
    const eve = await makeUser(t.db, { name: 'Eve Off' });
    const boss = await makeUser(t.db, { name: 'Boss Person' });
    await settings(dana, 'instant');
    await settings(eve, 'off');
    await settings(boss, 'off');
    const account = await makeAccount(t.db, boss.id);
    const task = await call(boss, 'POST', '/api/v1/tasks', {
      accountId: account.id,
      title: 'Fix the invoice',
      assigneeId: dana.id,
    });
    await call(boss, 'POST', '/api/v1/tasks', {
      accountId: account.id,
      title: 'Quietly',
      assigneeId: eve.id,
    });
    await dispatch();
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toMatchObject({ value: [{ address: 'dana@example.test' }] });
    expect(mail!.subject).toBe('Boss Person assigned you a task: Fix the invoice');
    expect(mail!.text!.split('\n\n-- \n')[0]).toBe(
      [
        'Boss Person assigned you a task: Fix the invoice',
        `On ${account.name}`,
        `Open: ${ORIGIN}/accounts/${account.id}?tab=tasks`,
      ].join('\n\n'),
    );
    expect(mail!.html).toContain(`<a href="${ORIGIN}/accounts/${account.id}?tab=tasks">Open in Steward</a>`);
    expect(task.status).toBe(201);
  });

  it.skipIf(!onPostgres)(`queues one digest when runs for the same hour race ${POSTGRES_ONLY}`, async () => {
    const fay = await makeUser(t.db, { name: 'Fay Race' });
    await settings(fay, 'daily_digest', 11);
    await t.db.transaction((tx) =>
      notify(tx, {
        userIds: [fay.id],
        kind: 'playbook',
        title: 'Look at this',
        now: testClock.now(),
        config: t.deps.config,
      }),
    );
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => call(admin, 'POST', '/api/v1/admin/runs/digests?hour=11')),
    );
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(runs.map((r) => r.body.queued).sort()).toEqual([0, 0, 0, 1]);
  });

  it('lets only admins run the digests, for an hour 0–23', async () => {
    const member = await makeUser(t.db, { role: 'account_manager' });
    expect((await call(member, 'POST', '/api/v1/admin/runs/digests?hour=9')).status).toBe(403);
    const bad = await call(admin, 'POST', '/api/v1/admin/runs/digests?hour=24');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['hour']);
    const missing = await call(admin, 'POST', '/api/v1/admin/runs/digests');
    expect(missing.status).toBe(400);
  });
});
