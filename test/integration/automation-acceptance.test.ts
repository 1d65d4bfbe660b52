import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { systemContext } from '../../src/server/auth/context.ts';
import { type Db, rawRows } from '../../src/server/db/index.ts';
import type { Deps } from '../../src/server/deps.ts';
import { dispatchEvents } from '../../src/server/events/outbox.ts';
import { features } from '../../src/server/features/index.ts';
import { emitBreaches } from '../../src/server/features/issues/index.ts';
import { runPlaybooks } from '../../src/server/features/playbooks/index.ts';
import { emitRenewalWindows } from '../../src/server/features/renewals/index.ts';
import { tasks } from '../../src/server/features/tasks/index.ts';
import { testApp } from '../support/app.ts';
import { testClock, today } from '../support/clock.ts';
import { makeAccount, makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';
import { onPostgres, POSTGRES_ONLY, raceServer } from '../support/race.ts';

// Issue 14, acceptance 2: the shipped playbooks, once enabled, act exactly once per qualifying
// event — also when the jobs that find the events and the dispatch run twice, or on two servers at
// once. The renewal example watches 90 days; the P1 example a breached P1's SLA.

const subscribers = features.flatMap((f) => f.subscribers ?? []);

interface Server {
  db: Db;
  deps: Deps;
}

/** Everything the background does for one round: find the due events, dispatch, run playbooks. */
async function backgroundRound(s: Server) {
  const ctx = systemContext(s.deps);
  await emitRenewalWindows(s.db, ctx, today(), [90]);
  await emitBreaches(s.db, ctx);
  await dispatchEvents(s.db, subscribers, { clock: testClock, config: s.deps.config });
  await runPlaybooks({ db: s.db, clock: testClock, react: s.deps.react, config: s.deps.config });
}

async function scenario(s: Server & { app: Parameters<typeof client>[0] }) {
  const admin = await makeUser(s.db, { role: 'admin' });
  const owner = await makeUser(s.db, { role: 'account_manager', name: unique('Owner') });
  const manager = await makeUser(s.db, { role: 'manager' });
  const colleague = await makeUser(s.db, { role: 'account_manager' });
  await makeTeam(s.db, admin, { managerIds: [manager.id], memberIds: [owner.id] });
  const account = await makeAccount(s.db, owner.id, [colleague.id]);
  const api = client(s.app, owner);
  for (const key of ['renewal-90', 'p1-breached']) {
    const res = await client(s.app, admin).raw.post(`/api/v1/playbooks/examples/${key}/enable`);
    expect([200, 201]).toContain(res.status);
  }
  const endDate = addDays(today(), 90);
  const contract = await api.post('/api/v1/contracts', {
    accountId: account.id,
    name: unique('Platform'),
    startDate: addDays(today(), -275),
    endDate,
    arr: 24_000,
    renewalWindowDays: 120,
  });
  expect(contract.status).toBe(201);
  const openedAt = new Date(testClock.now().getTime() - 5 * 3_600_000).toISOString();
  const issue = await api.post('/api/v1/issues', {
    accountId: account.id,
    title: 'Checkout down',
    severity: 'p1',
    openedAt,
  });
  expect(issue.status).toBe(201);
  return { account, owner, manager, colleague, endDate };
}

async function expectActedOnce(
  s: Server & { app: Parameters<typeof client>[0] },
  c: Awaited<ReturnType<typeof scenario>>,
) {
  const made = await s.db
    .select({ title: tasks.title, assigneeId: tasks.assigneeId, source: tasks.source })
    .from(tasks)
    .where(and(eq(tasks.accountId, c.account.id)));
  expect(made).toEqual([
    {
      title: `Prepare the renewal of ${c.account.name} (ends ${c.endDate})`,
      assigneeId: c.owner.id,
      source: 'automation',
    },
  ]);
  const inbox = async (u: TestUser) =>
    (
      (await client(s.app, u).get('/api/v1/me/notifications')).body.data as {
        kind: string;
        body: string | null;
        title: string;
      }[]
    )
      .filter((n) => n.kind === 'playbook')
      .map((n) => `${n.title} | ${n.body ?? ''}`);
  // The owner: the renewal's notice, and the breach as one of the account's team; once each.
  const owner = await inbox(c.owner);
  expect(owner).toHaveLength(2);
  expect(
    owner.filter((n) => n.includes(`${c.account.name}'s contract ends on ${c.endDate}: 90 days left.`)),
  ).toHaveLength(1);
  expect(owner.filter((n) => n.includes(`A P1 issue on ${c.account.name} breached its SLA`))).toHaveLength(1);
  // The breach: the rest of the account team (the colleague) and the owner's manager, once each.
  const team = await inbox(c.colleague);
  const manager = await inbox(c.manager);
  expect(team).toHaveLength(1);
  expect(manager).toHaveLength(1);
  expect(team[0]).toContain(`A P1 issue on ${c.account.name} breached its SLA`);
  expect(manager[0]).toContain(`A P1 issue on ${c.account.name} breached its SLA`);
}

describe('the shipped playbooks, run twice', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('act once per qualifying event', async () => {
    const c = await scenario(t);
    await backgroundRound(t);
    await backgroundRound(t);
    await expectActedOnce(t, c);
    // A third round finds nothing new: still once.
    await backgroundRound(t);
    await expectActedOnce(t, c);
  });
});

describe.runIf(onPostgres)(`the shipped playbooks on two servers at once ${POSTGRES_ONLY}`, () => {
  it('act once per qualifying event', async () => {
    const a = await raceServer();
    const b = await raceServer();
    try {
      const c = await scenario(a);
      await Promise.all([backgroundRound(a), backgroundRound(b), backgroundRound(a), backgroundRound(b)]);
      await Promise.all([backgroundRound(a), backgroundRound(b)]);
      await expectActedOnce(a, c);
      const [row] = await rawRows<{ n: number }>(
        a.db,
        sql`select count(*)::int as n from playbook_runs where account_id = ${c.account.id}`,
      );
      // One run for the renewal (the 120-day window's event matches no playbook) and one for the breach.
      expect(row!.n).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);
});
