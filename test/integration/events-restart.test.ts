import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, killServer, type Server, startServer } from '../../scripts/crash/server.ts';
import { openDatabase } from '../../src/server/db/index.ts';
import { freshPostgres } from '../support/app.ts';
import { day } from '../support/clock.ts';
import { makeUser, type TestUser } from '../support/factories.ts';

// API-AUTOMATION.md "Domain events": a reaction is never lost when a process dies. A server commits
// a write (a task assigned to Ada) and is killed (SIGKILL) before any subscriber has seen its event
// (it runs without jobs, so the moment is certain); the next server to start with jobs on hands the
// event to the notifications subscriber, and Ada is notified once — also after another restart.

const shared = inject('databaseUrl');
let env: Record<string, string>;
let cleanup: () => Promise<void>;
let ada: TestUser;
let grace: TestUser;

beforeAll(async () => {
  if (shared) {
    const fresh = await freshPostgres(shared);
    env = { DATABASE_URL: fresh.url };
    cleanup = fresh.dropDatabase;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-restart-'));
    env = { STEWARD_DATA_DIR: path.join(dir, 'data') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const database = await openDatabase(
    shared ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { dataDir: env.STEWARD_DATA_DIR },
  );
  await database.migrate();
  ada = await makeUser(database.db, { role: 'account_manager', name: 'Ada Lovelace' });
  grace = await makeUser(database.db, { role: 'manager', name: 'Grace Hopper' });
  await database.close();
}, 120_000);
afterAll(() => cleanup?.());

const serve = async (jobs: 'on' | 'off') =>
  startServer(
    {
      ...env,
      STEWARD_JOBS: jobs,
      STEWARD_FROM_SOURCE: '1',
      STEWARD_AUTH_SECRET: 'restart-test-secret-0123456789-abcdef',
    },
    await freePort(new Set()),
  );

async function inbox(server: Server): Promise<{ kind: string; title: string; ref: { id: string } | null }[]> {
  const res = await fetch(`${server.url}/api/v1/me/notifications`, { headers: ada.auth });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { kind: string; title: string; ref: { id: string } | null }[] }).data;
}

describe('an event whose server died before handling it', () => {
  it('is handled after the restart, once', async () => {
    const first = await serve('off');
    let taskId: string;
    try {
      const res = await fetch(`${first.url}/api/v1/tasks`, {
        method: 'POST',
        headers: { ...grace.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Send the renewal quote', assigneeId: ada.id, dueDate: day(3) }),
      });
      expect(res.status).toBe(201);
      taskId = ((await res.json()) as { id: string }).id;
      expect(await inbox(first)).toEqual([]);
    } finally {
      await killServer(first);
    }

    const second = await serve('on');
    try {
      let items = await inbox(second);
      for (let i = 0; i < 100 && !items.length; i++) {
        await sleep(200);
        items = await inbox(second);
      }
      expect(items).toMatchObject([{ kind: 'task_assigned', ref: { id: taskId } }]);
      // More dispatch runs find nothing more to do.
      await sleep(3_000);
      expect(await inbox(second)).toHaveLength(1);
    } finally {
      await killServer(second);
    }

    const third = await serve('on');
    try {
      await sleep(3_000);
      expect(await inbox(third)).toHaveLength(1);
    } finally {
      await killServer(third);
    }
  }, 180_000);
});
