import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dayOf } from '../../src/core/rules/dates.ts';
import type { Clock } from '../../src/server/clock.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import { type Database, openDatabase } from '../../src/server/db/index.ts';
import {
  closeMailTransports,
  mailQueue,
  queueMail,
  sendDueMail,
} from '../../src/server/features/mail/index.ts';
import { freshPostgres, ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { onPostgres, POSTGRES_ONLY } from '../support/race.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

/** A clock the suite moves forward, to reach the retries' back-off. */
function movableClock(start: Date) {
  let t = start.getTime();
  const clock: Clock = { now: () => new Date(t), today: () => dayOf(t) };
  return { clock, advance: (ms: number) => (t += ms) };
}

const FROM = 'Steward <steward@example.test>';
const MIN = 60_000;

async function call(t: TestApp, user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: { ...user.auth, origin: ORIGIN }, payload });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

function message(subject: string, extra: { dedupeKey?: string; email?: string } = {}) {
  return {
    to: { email: extra.email ?? 'ada@example.test', name: 'Ada Lovelace', userId: null },
    kind: 'notification' as const,
    subject,
    text: `Hello Ada,\n${subject} happened.`,
    html: `<html><body><p>Hello Ada,</p><p>${subject} happened.</p></body></html>`,
    dedupeKey: extra.dedupeKey ?? null,
  };
}

describe('mail, configured', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: TestUser;
  let am: TestUser;
  const time = movableClock(testClock.now());
  const queue = (m: ReturnType<typeof message>) =>
    t.db.transaction((tx) => queueMail(tx, m, { now: time.clock.now(), config: t.deps.config }));
  const send = () => sendDueMail({ db: t.db, clock: time.clock, config: t.deps.config });
  const rowOf = async (subject: string) =>
    (await t.db.select().from(mailQueue).where(eq(mailQueue.subject, subject)))[0]!;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await testApp({ fresh: true, clock: time.clock, config: { smtpUrl: smtp.url, mailFrom: FROM } });
    admin = await makeUser(t.db, { role: 'admin', name: 'Grace Admin' });
    am = await makeUser(t.db, { role: 'account_manager' });
  });
  afterAll(async () => {
    await t.close();
    closeMailTransports();
    await smtp.close();
  });

  it('sends a queued message after commit, with its text and HTML parts, the footer and List-Unsubscribe', async () => {
    smtp.clear();
    const subject = unique('Renewal opened');
    expect(await queue(message(subject))).toBe(true);
    expect(smtp.messages).toHaveLength(0); // queued, not sent by queueMail itself
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const [m] = await smtp.waitFor(1);
    expect(m!.subject).toBe(subject);
    expect(m!.from?.text).toBe('"Steward" <steward@example.test>');
    expect(m!.to && !Array.isArray(m!.to) ? m!.to.text : '').toBe('"Ada Lovelace" <ada@example.test>');
    expect(m!.text).toBe(
      `Hello Ada,\n${subject} happened.\n\n-- \n` +
        'You get this e-mail because your Steward notifications are set to e-mail you as they happen.\n' +
        'Change what Steward e-mails you: http://localhost:3000/profile/notifications\n',
    );
    expect(m!.html).toContain(`<p>Hello Ada,</p><p>${subject} happened.</p><hr`);
    expect(m!.html).toContain(
      '<a href="http://localhost:3000/profile/notifications">Change what Steward e-mails you</a></p></body>',
    );
    const lists = m!.headerLines.filter((h) => h.key.startsWith('list-')).map((h) => h.line);
    // The settings page, not a one-click endpoint: no List-Unsubscribe-Post (RFC 8058).
    expect(lists).toEqual(['List-Unsubscribe: <http://localhost:3000/profile/notifications>']);
    const row = await rowOf(subject);
    expect({ status: row.status, attempts: row.attempts, lastError: row.lastError }).toEqual({
      status: 'sent',
      attempts: 1,
      lastError: null,
    });
    expect(row.messageId).toBe(m!.messageId);
    // Nothing more to send: a second round finds nothing.
    expect(await send()).toEqual({ sent: 0, failed: 0 });
  });

  it('queues a message once per dedupe key, even when two writes race with the same key', async () => {
    smtp.clear();
    const key = unique('digest');
    const subject = unique('Digest');
    const results = await Promise.all([
      queue(message(subject, { dedupeKey: key })),
      queue(message(subject, { dedupeKey: key })),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await queue(message(subject, { dedupeKey: key }))).toBe(false);
    await send();
    await smtp.waitFor(1);
    expect(smtp.messages.map((m) => m.subject)).toEqual([subject]);
  });

  it('retries after the server refuses twice, with back-off, and delivers exactly once', async () => {
    smtp.clear();
    smtp.rejectNext(2, 'Mailbox busy');
    const subject = unique('Retry');
    await queue(message(subject));

    expect(await send()).toEqual({ sent: 0, failed: 1 });
    let row = await rowOf(subject);
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('Mailbox busy');
    expect(row.nextAttemptAt.getTime()).toBe(time.clock.now().getTime() + MIN);

    expect(await send()).toEqual({ sent: 0, failed: 0 }); // not due yet
    time.advance(MIN);
    expect(await send()).toEqual({ sent: 0, failed: 1 });
    row = await rowOf(subject);
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime()).toBe(time.clock.now().getTime() + 5 * MIN);

    time.advance(4 * MIN);
    expect(await send()).toEqual({ sent: 0, failed: 0 });
    time.advance(MIN);
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    await smtp.waitFor(1);
    expect(smtp.messages.map((m) => m.subject)).toEqual([subject]);
    expect(smtp.rejected).toBe(2);
    row = await rowOf(subject);
    expect({ status: row.status, attempts: row.attempts, lastError: row.lastError }).toEqual({
      status: 'sent',
      attempts: 3,
      lastError: null,
    });
  });

  it('gives up after five attempts (1 min, 5 min, 30 min, 2 h apart) and shows it to the admin', async () => {
    smtp.clear();
    smtp.rejectNext(5, 'No such mailbox here');
    const subject = unique('Doomed');
    await queue(message(subject));
    for (const wait of [0, MIN, 5 * MIN, 30 * MIN, 120 * MIN]) {
      time.advance(wait);
      expect(await send()).toEqual({ sent: 0, failed: 1 });
    }
    const row = await rowOf(subject);
    expect({ status: row.status, attempts: row.attempts }).toEqual({ status: 'failed', attempts: 5 });
    time.advance(180 * MIN);
    expect(await send()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(0);

    const list = await call(t, admin, 'GET', '/api/v1/admin/mail/messages?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      {
        id: row.id,
        kind: 'notification',
        to: 'ada@example.test',
        toName: 'Ada Lovelace',
        subject,
        status: 'failed',
        attempts: 5,
        lastError: expect.stringContaining('No such mailbox here'),
        createdAt: row.createdAt.toISOString(),
        sentAt: null,
        nextAttemptAt: null,
      },
    ]);
    expect(list.body.nextCursor).toEqual(expect.any(String));
  });

  it('tells the admin how mail is configured and how the queue is doing, never the login', async () => {
    const status = await call(t, admin, 'GET', '/api/v1/admin/mail');
    expect(status).toEqual({
      status: 200,
      body: {
        configured: true,
        from: FROM,
        server: `127.0.0.1:${smtp.port}`,
        queue: { pending: 0, sent24h: 3, failed24h: 1 },
      },
    });
    expect((await call(t, am, 'GET', '/api/v1/admin/mail')).status).toBe(403);
    expect((await call(t, am, 'GET', '/api/v1/admin/mail/messages')).status).toBe(403);
  });

  it('sends a test message to the admin, by the worker, and audits it', async () => {
    smtp.clear();
    const res = await call(t, admin, 'POST', '/api/v1/admin/mail/test', {});
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), to: admin.email, status: 'pending' });
    expect((await call(t, admin, 'GET', '/api/v1/admin/mail')).body.queue.pending).toBe(1);
    await send();
    const [m] = await smtp.waitFor(1);
    expect(m!.subject).toBe('Steward test message');
    expect(m!.to && !Array.isArray(m!.to) ? m!.to.text : '').toBe(`"Grace Admin" <${admin.email}>`);
    expect(m!.text).toContain('This is a test message sent by a Steward admin from Settings → E-mail.');

    const other = await call(t, admin, 'POST', '/api/v1/admin/mail/test', { to: 'Ops@Example.test' });
    expect(other.body.to).toBe('ops@example.test');
    expect((await call(t, admin, 'POST', '/api/v1/admin/mail/test', { to: 'not-an-address' })).status).toBe(
      400,
    );
    expect((await call(t, am, 'POST', '/api/v1/admin/mail/test', {})).status).toBe(403);

    const audit = await call(
      t,
      admin,
      'GET',
      `/api/v1/audit?action=mail.test_queued&entityId=${res.body.id}`,
    );
    expect(audit.body.data.map((e: { action: string; actorId: string }) => [e.action, e.actorId])).toEqual([
      ['mail.test_queued', admin.id],
    ]);
  });
});

describe('mail, with a login in SMTP_URL', () => {
  it('logs in, and never keeps the password in an error', async () => {
    const smtp = await startSmtp({ user: 'steward', pass: 's3cret-Pa55' });
    const t = await testApp({
      fresh: true,
      config: { smtpUrl: smtp.url.replace('s3cret-Pa55', 'wr0ng-Pa55'), mailFrom: FROM },
    });
    try {
      const subject = unique('Login');
      await t.db.transaction((tx) =>
        queueMail(tx, message(subject), { now: testClock.now(), config: t.deps.config }),
      );
      expect(await sendDueMail({ db: t.db, clock: testClock, config: t.deps.config })).toEqual({
        sent: 0,
        failed: 1,
      });
      const [row] = await t.db.select().from(mailQueue).where(eq(mailQueue.subject, subject));
      expect(row!.lastError).toMatch(/535|Invalid/);
      expect(row!.lastError).not.toContain('wr0ng-Pa55');

      const good: Config = { ...t.deps.config, smtpUrl: smtp.url };
      await t.db.update(mailQueue).set({ nextAttemptAt: testClock.now() }).where(eq(mailQueue.id, row!.id));
      expect(await sendDueMail({ db: t.db, clock: testClock, config: good })).toEqual({ sent: 1, failed: 0 });
      expect((await smtp.waitFor(1)).map((m) => m.subject)).toEqual([subject]);
    } finally {
      await t.close();
      closeMailTransports();
      await smtp.close();
    }
  });
});

describe('mail, not configured (no SMTP_URL)', () => {
  it('queues nothing, says so to the admin, and refuses a test message', async () => {
    const t = await testApp({ fresh: true, config: { smtpUrl: undefined } });
    try {
      const admin = await makeUser(t.db, { role: 'admin' });
      expect(
        await t.db.transaction((tx) =>
          queueMail(tx, message(unique('Off')), { now: testClock.now(), config: t.deps.config }),
        ),
      ).toBe(false);
      expect(await t.db.select().from(mailQueue)).toEqual([]);
      expect((await call(t, admin, 'GET', '/api/v1/admin/mail')).body).toEqual({
        configured: false,
        from: 'Steward <steward@steward.localhost>',
        server: null,
        queue: { pending: 0, sent24h: 0, failed24h: 0 },
      });
      const test = await call(t, admin, 'POST', '/api/v1/admin/mail/test', {});
      expect(test.status).toBe(409);
      expect(test.body.detail).toContain('SMTP_URL');
      expect(await t.db.select().from(mailQueue)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('mail, two servers sending one queue', () => {
  it.skipIf(!onPostgres)(`delivers each message once ${POSTGRES_ONLY}`, { timeout: 60_000 }, async () => {
    const smtp = await startSmtp();
    const { url, dropDatabase } = await freshPostgres(inject('databaseUrl')!);
    const databases: Database[] = [];
    try {
      for (let i = 0; i < 2; i++) databases.push(await openDatabase({ databaseUrl: url, poolSize: 4 }));
      await databases[0]!.migrate();
      const config = loadConfig(
        { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
        { publicUrl: ORIGIN, smtpUrl: smtp.url, mailFrom: FROM },
      );
      const subjects = Array.from({ length: 40 }, (_, i) => `Race ${i}`);
      await databases[0]!.db.transaction(async (tx) => {
        for (const s of subjects) await queueMail(tx, message(s), { now: testClock.now(), config });
      });
      // Each server's worker loops until it finds nothing due, both at once.
      const worker = async (database: Database) => {
        let total = 0;
        for (;;) {
          const { sent, failed } = await sendDueMail({ db: database.db, clock: testClock, config });
          expect(failed).toBe(0);
          if (sent === 0) return total;
          total += sent;
        }
      };
      const counts = await Promise.all(databases.map(worker));
      expect(counts[0]! + counts[1]!).toBe(40);
      await smtp.waitFor(40);
      await new Promise((r) => setTimeout(r, 200));
      expect(smtp.messages.map((m) => m.subject).sort()).toEqual([...subjects].sort());
    } finally {
      for (const d of databases) await d.close();
      await dropDatabase();
      closeMailTransports();
      await smtp.close();
    }
  });
});
