import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../src/core/schemas/notifications.ts';
import type { Db } from '../../src/server/db/index.ts';
import type { Deps } from '../../src/server/deps.ts';
import { dispatchEvents } from '../../src/server/events/outbox.ts';
import {
  NotificationStreams,
  notificationsFeature,
  notify,
} from '../../src/server/features/notifications/index.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { onPostgres, POSTGRES_ONLY, type RaceServer, raceServer } from '../support/race.ts';

/** A Server-Sent Events client over fetch: the events it has read so far, by name. */
async function listen(base: string, user: TestUser) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/me/notifications/stream`, {
    headers: { ...user.auth, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const events: { event: string; id: string; data: Notification }[] = [];
  let raw = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        raw += decoder.decode(chunk, { stream: true });
        let end = raw.indexOf('\n\n');
        while (end !== -1) {
          const block = raw.slice(0, end);
          raw = raw.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => l && !l.startsWith(':'))
              .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]),
          );
          if (fields.event)
            events.push({
              event: fields.event,
              id: fields.id ?? '',
              data: JSON.parse(fields.data ?? 'null'),
            });
          end = raw.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    /** Resolves once `n` events arrived, or fails after `ms`. */
    async waitFor(n: number, ms = 8_000) {
      for (let waited = 0; events.length < n; waited += 50) {
        if (waited > ms) throw new Error(`only ${events.length} of ${n} events after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return events;
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

/** Waits until `done()` holds, failing after `ms`. */
async function until(done: () => boolean, ms = 5_000) {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > ms) throw new Error(`not done after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dispatch = (s: { db: Db; deps: Deps }) =>
  dispatchEvents(s.db, notificationsFeature.subscribers!, { clock: testClock, config: s.deps.config });

async function assignTask(base: string, by: TestUser, to: TestUser, accountId: string, title: string) {
  const res = await fetch(`${base}/api/v1/tasks`, {
    method: 'POST',
    headers: { ...by.auth, 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ accountId, title, assigneeId: to.id }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

describe.skipIf(!onPostgres)(`the live stream across servers ${POSTGRES_ONLY}`, () => {
  let a: RaceServer;
  let b: RaceServer;
  beforeAll(async () => {
    a = await raceServer();
    b = await raceServer();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a client of server B gets the notification a write on server A made; others get nothing', async () => {
    const ann = await makeUser(a.db);
    const bob = await makeUser(a.db);
    const carl = await makeUser(a.db);
    const account = await makeAccount(a.db, bob.id);
    const annStream = await listen(b.base, ann);
    const carlStream = await listen(b.base, carl);
    expect(annStream.status).toBe(200);
    expect(annStream.contentType).toBe('text/event-stream; charset=utf-8');

    const task = await assignTask(a.base, bob, ann, account.id, 'Prepare the renewal call');
    await dispatch(a);
    const [got] = await annStream.waitFor(1);
    expect(got).toEqual({
      event: 'notification',
      id: got!.data.id,
      data: {
        id: got!.data.id,
        at: testClock.now().toISOString(),
        kind: 'task_assigned',
        title: `${bob.name} assigned you a task: Prepare the renewal call`,
        body: `On ${account.name}`,
        accountId: account.id,
        ref: { type: 'task', id: task.id },
        readAt: null,
      },
    });

    // A second one arrives too, and the first is not sent again.
    await assignTask(a.base, bob, ann, account.id, 'Send the proposal');
    await dispatch(a);
    await annStream.waitFor(2);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(annStream.events.map((e) => e.data.title)).toEqual([
      `${bob.name} assigned you a task: Prepare the renewal call`,
      `${bob.name} assigned you a task: Send the proposal`,
    ]);
    expect(carlStream.events).toEqual([]);
    await annStream.close();
    await carlStream.close();
    expect(a.takeFaults()).toEqual({});
    expect(b.takeFaults()).toEqual({});
  });
});

describe('the live stream on one server (PGlite too)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await testApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => t.close());

  it('sends only what is made after it opened, to its own user, and needs a signed-in caller', async () => {
    const ann = await makeUser(t.db);
    const bob = await makeUser(t.db);
    const account = await makeAccount(t.db, bob.id);
    await assignTask(base, bob, ann, account.id, 'Before the stream');
    await dispatch(t);

    const stream = await listen(base, ann);
    const bobStream = await listen(base, bob);
    await assignTask(base, bob, ann, account.id, 'After the stream');
    await dispatch(t);
    await stream.waitFor(1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(stream.events.map((e) => [e.event, e.data.title])).toEqual([
      ['notification', `${bob.name} assigned you a task: After the stream`],
    ]);
    expect(bobStream.events).toEqual([]);
    await stream.close();
    await bobStream.close();

    const anonymous = await fetch(`${base}/api/v1/me/notifications/stream`);
    expect(anonymous.status).toBe(401);
  });

  it('beats every heartbeat, polls only while someone listens, and forgets a closed connection', async () => {
    const ann = await makeUser(t.db);
    const streams = new NotificationStreams(t.db, { pollMs: 50, heartbeatMs: 100 });
    const seen: string[] = [];
    const io = (tag: string) => ({
      send: (n: { title: string }) => seen.push(`${tag}: ${n.title}`),
      heartbeat: () => seen.push(`${tag}: heartbeat`),
      end: () => seen.push(`${tag}: end`),
    });
    const close = await streams.open(ann.id, io('one'));
    expect(streams.size).toBe(1);
    await until(() => seen.filter((s) => s === 'one: heartbeat').length >= 2);
    await t.db.transaction((tx) =>
      notify(tx, {
        userIds: [ann.id],
        kind: 'playbook',
        title: 'Ping',
        now: testClock.now(),
        config: t.deps.config,
      }),
    );
    // The connection's own poller (every 50 ms) sends it.
    await until(() => seen.some((s) => !s.endsWith('heartbeat')));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.filter((s) => !s.endsWith('heartbeat'))).toEqual(['one: Ping']);
    close();
    expect(streams.size).toBe(0);
    seen.length = 0;
    await t.db.transaction((tx) =>
      notify(tx, {
        userIds: [ann.id],
        kind: 'playbook',
        title: 'Unheard',
        now: testClock.now(),
        config: t.deps.config,
      }),
    );
    await new Promise((r) => setTimeout(r, 250));
    await streams.poll();
    expect(seen).toEqual([]);

    await streams.open(ann.id, io('two'));
    streams.closeAll();
    expect(seen).toEqual(['two: end']);
    expect(streams.size).toBe(0);
  });

  it('closing the server ends open streams', async () => {
    const ann = await makeUser(t.db);
    const other = await testApp();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const address = other.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const stream = await listen(`http://127.0.0.1:${address.port}`, ann);
    const closed = other.close().then(() => 'closed');
    const timeout = new Promise((r) => setTimeout(() => r('timed out'), 5_000));
    expect(await Promise.race([closed, timeout])).toBe('closed');
    await stream.close();
  });
});
