import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { systemContext } from '../../src/server/auth/context.ts';
import { fixedClock } from '../../src/server/clock.ts';
import { type Db, rawRows } from '../../src/server/db/index.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { emitOverdueCheckIns } from '../../src/server/features/accounts/index.ts';
import { emitBreaches } from '../../src/server/features/issues/index.ts';
import { emitRenewalWindows } from '../../src/server/features/renewals/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock, today } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';
import { onPostgres, POSTGRES_ONLY, raceServer } from '../support/race.ts';

// The time-based events (API-AUTOMATION.md "Domain events"): found by jobs, each emitted once per
// (type, entity, due moment), whatever the number of runs or servers.

let t: TestApp;
let am: TestUser;

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
});
afterAll(() => t.close());

const system = (at = testClock) => systemContext({ clock: at, react: t.deps.react });

/** Makes an account's next check-in fall due on `day` (it is derived: last touch + cadence). */
async function checkInDueOn(db: Db, ids: string[], day: string) {
  await db.execute(
    sql`update accounts set check_in_cadence_days = 1, last_touch_at = ${`${addDays(day, -1)}T12:00:00.000Z`}::timestamptz
        where id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
}

async function eventsOf(db: Db, accountId: string, type: string) {
  const rows = await db
    .select({ type: domainEvents.type, data: domainEvents.data, actorId: domainEvents.actorId })
    .from(domainEvents)
    .where(and(eq(domainEvents.accountId, accountId), eq(domainEvents.type, type as never)))
    .orderBy(asc(domainEvents.id));
  return rows;
}

describe('check_in.overdue', () => {
  it('fires on the day the next check-in comes due, once per due day', async () => {
    const account = await makeAccount(t.db, am.id);
    const later = await makeAccount(t.db, am.id);
    await checkInDueOn(t.db, [account.id], today());
    await checkInDueOn(t.db, [later.id], addDays(today(), 1));

    await emitOverdueCheckIns(t.db, system(), today());
    await emitOverdueCheckIns(t.db, system(), today());
    expect(await eventsOf(t.db, account.id, 'check_in.overdue')).toEqual([
      { type: 'check_in.overdue', data: { dueOn: today() }, actorId: null },
    ]);
    expect(await eventsOf(t.db, later.id, 'check_in.overdue')).toEqual([]);

    // The next day the second one is due; a touch that moves the first one's day makes a new event
    // when that day passes too.
    const tomorrow = addDays(today(), 1);
    await checkInDueOn(t.db, [account.id], tomorrow);
    await emitOverdueCheckIns(t.db, system(fixedClock(tomorrow)), tomorrow);
    expect((await eventsOf(t.db, later.id, 'check_in.overdue')).map((e) => e.data)).toEqual([
      { dueOn: tomorrow },
    ]);
    expect((await eventsOf(t.db, account.id, 'check_in.overdue')).map((e) => e.data)).toEqual([
      { dueOn: today() },
      { dueOn: tomorrow },
    ]);
  });

  it('leaves archived accounts alone', async () => {
    const account = await makeAccount(t.db, am.id);
    await checkInDueOn(t.db, [account.id], today());
    await t.db.execute(sql`update accounts set archived_at = now() where id = ${account.id}`);
    await emitOverdueCheckIns(t.db, system(), today());
    expect(await eventsOf(t.db, account.id, 'check_in.overdue')).toEqual([]);
  });
});

describe('renewal.window_entered', () => {
  it('fires when an active contract comes within its window and each watched window, once each', async () => {
    const api = client(t.app, am);
    const account = await makeAccount(t.db, am.id);
    const endDate = addDays(today(), 100);
    const contract = (
      await api.post('/api/v1/contracts', {
        accountId: account.id,
        name: unique('Platform'),
        startDate: addDays(today(), -265),
        endDate,
        arr: 12_000,
        renewalWindowDays: 120,
      })
    ).body;
    expect(contract.id).toBeDefined();

    // 100 days left: inside its 120-day window, not yet in a watched 90-day one.
    await emitRenewalWindows(t.db, system(), today(), [90]);
    await emitRenewalWindows(t.db, system(), today(), [90]);
    expect((await eventsOf(t.db, account.id, 'renewal.window_entered')).map((e) => e.data)).toEqual([
      { contractId: contract.id, endDate, daysLeft: 100, days: 120 },
    ]);

    // Ten days later: 90 left, the watched window is entered; the 120-day one is not again.
    const day10 = addDays(today(), 10);
    await emitRenewalWindows(t.db, system(fixedClock(day10)), day10, [90]);
    await emitRenewalWindows(t.db, system(fixedClock(day10)), day10, [90, 90]);
    expect((await eventsOf(t.db, account.id, 'renewal.window_entered')).map((e) => e.data)).toEqual([
      { contractId: contract.id, endDate, daysLeft: 100, days: 120 },
      { contractId: contract.id, endDate, daysLeft: 90, days: 90 },
    ]);
  });

  it('skips drafts, ended contracts and archived accounts', async () => {
    const api = client(t.app, am);
    const account = await makeAccount(t.db, am.id);
    await api.post('/api/v1/contracts', {
      accountId: account.id,
      name: unique('Draft'),
      startDate: addDays(today(), -300),
      endDate: addDays(today(), 30),
      status: 'draft',
    });
    await api.post('/api/v1/contracts', {
      accountId: account.id,
      name: unique('Ended'),
      startDate: addDays(today(), -400),
      endDate: addDays(today(), -1),
    });
    await emitRenewalWindows(t.db, system(), today(), []);
    expect(await eventsOf(t.db, account.id, 'renewal.window_entered')).toEqual([]);
  });
});

describe('issue.breached', () => {
  it('fires once the SLA passes on an unresolved issue, with its severity and assignee', async () => {
    const api = client(t.app, am);
    const account = await makeAccount(t.db, am.id);
    // p1: 4 hours by default. Opened 5 hours before the clock: breached; one opened 3 hours before: not yet.
    const now = testClock.now().getTime();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    const late = (
      await api.post('/api/v1/issues', {
        accountId: account.id,
        title: 'Checkout down',
        severity: 'p1',
        openedAt: at(5),
        assigneeId: am.id,
      })
    ).body;
    await api.post('/api/v1/issues', {
      accountId: account.id,
      title: 'Slow export',
      severity: 'p1',
      openedAt: at(3),
    });
    const resolved = (
      await api.post('/api/v1/issues', {
        accountId: account.id,
        title: 'Old bug',
        severity: 'p1',
        openedAt: at(9),
      })
    ).body;
    expect((await api.patch(`/api/v1/issues/${resolved.id}`, { status: 'resolved' })).status).toBe(200);

    await emitBreaches(t.db, system());
    await emitBreaches(t.db, system());
    expect((await eventsOf(t.db, account.id, 'issue.breached')).map((e) => e.data)).toEqual([
      { issueId: late.id, slaDueAt: late.slaDueAt, severity: 'p1', assigneeId: am.id },
    ]);

    // Two hours on, the second one's SLA has passed too.
    const later = fixedClock(new Date(now + 2 * 3_600_000));
    await emitBreaches(t.db, system(later));
    expect(await eventsOf(t.db, account.id, 'issue.breached')).toHaveLength(2);
  });
});

describe.runIf(onPostgres)(`two servers running the jobs at once ${POSTGRES_ONLY}`, () => {
  it('emit each time-based event once', async () => {
    const a = await raceServer();
    const b = await raceServer();
    try {
      const owner = await makeUser(a.db, { role: 'account_manager' });
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push((await makeAccount(a.db, owner.id)).id);
      await checkInDueOn(a.db, ids, today());
      const ctx = (s: typeof a) => systemContext({ clock: testClock, react: s.deps.react });
      await Promise.all([
        emitOverdueCheckIns(a.db, ctx(a), today()),
        emitOverdueCheckIns(b.db, ctx(b), today()),
        emitOverdueCheckIns(a.db, ctx(a), today()),
        emitOverdueCheckIns(b.db, ctx(b), today()),
      ]);
      const [row] = await rawRows<{ n: number; accounts: number }>(
        a.db,
        sql`select count(*)::int as n, count(distinct account_id)::int as accounts from domain_events
            where type = 'check_in.overdue' and account_id = any(${`{${ids.join(',')}}`}::uuid[])`,
      );
      expect(row).toEqual({ n: 40, accounts: 40 });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
