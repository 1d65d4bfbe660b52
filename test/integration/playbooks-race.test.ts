import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NewEvent } from '../../src/core/events.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { type Database, openDatabase } from '../../src/server/db/index.ts';
import type { App, Deps } from '../../src/server/deps.ts';
import { dispatchEvents, writeEvents } from '../../src/server/events/outbox.ts';
import { notifications } from '../../src/server/features/notifications/index.ts';
import {
  playbookRuns,
  playbooks,
  playbooksFeature,
  runPlaybooks,
} from '../../src/server/features/playbooks/index.ts';
import { tasks } from '../../src/server/features/tasks/index.ts';
import { createDeps, systemWrites } from '../../src/server/runtime.ts';
import { freshPostgres, ORIGIN } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeAccount, makeTeam, makeUser, type TestUser } from '../support/factories.ts';
import { burst, onPostgres, POSTGRES_ONLY, tally } from '../support/race.ts';

// Two servers dispatching and running playbooks at once: each (playbook, event) acts once. On a
// database of its own (the examples are one per database). PostgreSQL only.

interface Server {
  app: App;
  deps: Deps;
  database: Database;
}

async function server(url: string): Promise<Server> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  const config = loadConfig(
    { LOG_LEVEL: 'silent', STEWARD_AUTH_SECRET: 'test-secret-that-is-long-enough-0123456789' },
    { publicUrl: ORIGIN, apiRateLimit: 1_000_000 },
  );
  const deps = await createDeps(config, database, { jobs: false, clock: testClock });
  const app = await buildApp(deps);
  await app.ready();
  return { app, deps, database };
}

describe.runIf(onPostgres)(`playbooks on two servers at once ${POSTGRES_ONLY}`, () => {
  let a: Server;
  let b: Server;
  let drop: () => Promise<void>;
  let admin: TestUser;
  let am: TestUser;
  let mgr: TestUser;

  beforeAll(async () => {
    const fresh = await freshPostgres(inject('databaseUrl')!);
    drop = fresh.dropDatabase;
    a = await server(fresh.url);
    await a.database.migrate();
    b = await server(fresh.url);
    admin = await makeUser(a.database.db, { role: 'admin' });
    am = await makeUser(a.database.db, { role: 'account_manager' });
    mgr = await makeUser(a.database.db, { role: 'manager' });
    await makeTeam(a.database.db, admin, { managerIds: [mgr.id], memberIds: [am.id] });
  });
  afterAll(async () => {
    for (const s of [a, b]) {
      await s?.app.close();
      await s?.database.close();
    }
    await drop?.();
  });

  it('enables an example once when asked many times at once', async () => {
    const answers = await burst(8, (i) =>
      (i % 2 ? a : b).app.inject({
        method: 'POST',
        url: '/api/v1/playbooks/examples/red-health/enable',
        headers: { ...admin.auth, origin: ORIGIN },
      }),
    );
    expect(tally(answers.map((r) => ({ status: r.statusCode })))).toEqual({ 200: 7, 201: 1 });
    expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
    const rows = await a.database.db.select().from(playbooks).where(eq(playbooks.exampleKey, 'red-health'));
    expect(rows).toHaveLength(1);
  });

  it('acts exactly once per qualifying event when both servers dispatch and run at once, twice', async () => {
    await a.app.inject({
      method: 'POST',
      url: '/api/v1/playbooks/examples/p1-breached/enable',
      headers: { ...admin.auth, origin: ORIGIN },
    });
    const accounts = await Promise.all(Array.from({ length: 30 }, () => makeAccount(a.database.db, am.id)));
    const events: NewEvent[] = accounts.flatMap((acc, i) => [
      { type: 'health.band_changed', accountId: acc.id, data: { from: 'yellow', to: 'red', score: 20 + i } },
      { type: 'health.band_changed', accountId: acc.id, data: { from: 'red', to: 'yellow', score: 50 } },
      {
        type: 'issue.breached',
        accountId: acc.id,
        data: {
          issueId: acc.id,
          slaDueAt: '2026-01-01T00:00:00.000Z',
          severity: i % 3 ? 'p2' : 'p1',
          assigneeId: null,
        },
      },
    ]);
    await a.database.db.transaction((tx) => writeEvents(tx, systemWrites(testClock), events));
    const subscribers = playbooksFeature.subscribers!;
    const both = async () => {
      await Promise.all(
        [a, b].map((s) =>
          dispatchEvents(s.database.db, subscribers, { clock: testClock, config: s.deps.config }),
        ),
      );
      await Promise.all(
        [a, b].map((s) =>
          runPlaybooks({ db: s.database.db, clock: testClock, react: s.deps.react, config: s.deps.config }),
        ),
      );
    };
    await both();
    await both();
    const ids = accounts.map((acc) => acc.id);
    const [made] = await a.database.db
      .select({ n: sql<number>`count(*)::int`, people: sql<number>`count(distinct assignee_id)::int` })
      .from(tasks)
      .where(sql`${tasks.accountId} = any(${sql.param(ids)}::uuid[])`);
    expect(made).toEqual({ n: 30, people: 1 });
    const told = await a.database.db
      .select({ kind: notifications.kind, userId: notifications.userId })
      .from(notifications)
      .where(sql`${notifications.accountId} = any(${sql.param(ids)}::uuid[])`);
    // Red: the manager, once per account; a P1 breach (10 accounts): the team (owner) and the manager.
    const count = (userId: string) => told.filter((n) => n.userId === userId).length;
    expect([told.length, count(mgr.id), count(am.id)]).toEqual([50, 40, 10]);
    const runs = await a.database.db
      .select({ status: playbookRuns.status, n: sql<number>`count(*)::int` })
      .from(playbookRuns)
      .groupBy(playbookRuns.status);
    expect(runs).toEqual([{ status: 'done', n: 40 }]);
  });
});
