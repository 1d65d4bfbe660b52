import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/server/clock.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';

// The server reads the time from one clock in its dependencies: pinned here to 10 March 2031,
// every "today" follows it — the reports' default periods, the agenda's day, the sweep, the
// moment written on events. A database of its own: the sweep touches every contract.
let t: TestApp;
let am: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp({ fresh: true, clock: fixedClock('2031-03-10T09:30:00.000Z') });
  am = await makeUser(t.db, { role: 'account_manager' });
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

async function call(user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: { ...user.auth, origin: ORIGIN }, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

describe('one clock, pinned', () => {
  it('moves the reports, the agenda, the sweep and the events to its day', async () => {
    const account = await call(am, 'POST', '/api/v1/accounts', { name: unique('Pinned') });
    const contract = (name: string, startDate: string, endDate: string) =>
      call(am, 'POST', '/api/v1/contracts', {
        accountId: account.id,
        name,
        startDate,
        endDate,
        arr: 24_000,
        status: 'active',
        renewalWindowDays: 90,
      });
    const ended = await contract('Ended in February', '2030-03-01', '2031-02-28');
    const renewing = await contract('Renews in May', '2030-05-02', '2031-05-01');

    // Renewals default to the 120 days from the clock's today: 10 March → 8 July 2031.
    const report = await call(am, 'GET', '/api/v1/reports/renewals');
    expect(report).toMatchObject({ from: '2031-03-10', to: '2031-07-08' });
    expect(report.data.map((r: { contractId: string }) => r.contractId)).toEqual([renewing.id]);

    expect((await call(am, 'GET', '/api/v1/me/agenda')).date).toBe('2031-03-10');

    // The sweep as of the clock's day: February's contract expires; May's (52 days out, inside
    // its 90-day window) gets its renewal deal and the prep task, due on asOf (60 days before is past).
    const swept = await call(admin, 'POST', '/api/v1/admin/sweeps/renewals');
    expect(swept).toMatchObject({ asOf: '2031-03-10', contractsExpired: 1, opportunitiesCreated: 1 });
    const events = await t.db.select().from(domainEvents).where(eq(domainEvents.accountId, account.id));
    const expired = events.find((e) => e.type === 'contract.expired')!;
    expect(expired.data).toEqual({ contractId: ended.id, endDate: '2031-02-28' });
    expect(expired.occurredAt.toISOString()).toBe('2031-03-10T09:30:00.000Z');
    expect(expired.actorId).toBeNull();
    const tasks = await call(am, 'GET', `/api/v1/tasks?accountId=${account.id}`);
    expect(tasks.data).toMatchObject([{ title: `Prepare renewal: ${account.name}`, dueDate: '2031-03-10' }]);
  });
  it('refuses a sweep more than a year after its today', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/sweeps/renewals?asOf=2032-03-11',
      headers: { ...admin.auth, origin: ORIGIN },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'asOf', message: 'must be on or before 2032-03-10' }]);
  });
});
