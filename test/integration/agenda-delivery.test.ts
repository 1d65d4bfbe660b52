import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { clientRequests, deliverables, projects } from '../../src/server/features/projects/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * The agenda's delivery kinds on 2046-05-10: deliverable_due (assigned to the user, still to do,
 * due by the 12th), client_request_overdue (still requested on the user's accounts, due before the
 * 10th) and project_off_track (projects the user owns, off track on the day).
 */
const DATE = '2046-05-10';
const kinds = ['deliverable_due', 'client_request_overdue', 'project_off_track'];
let t: TestApp;
let am: TestUser;
let colleague: TestUser;
let mine: { id: string; name: string };
let big: { id: string; name: string };
let theirs: { id: string; name: string };
const ids: Record<string, string> = {};
let late: typeof projects.$inferSelect;
let running: typeof projects.$inferSelect;

async function project(accountId: string, ownerId: string, over: Partial<typeof projects.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(projects)
    .values({
      accountId,
      ownerId,
      name: unique('Project'),
      status: 'active',
      startDate: '2046-04-01',
      endDate: '2046-08-31',
      ...over,
    })
    .returning();
  return row!;
}

async function deliverable(
  key: string,
  p: { id: string; accountId: string },
  assigneeId: string,
  dueDate: string,
  over: Partial<typeof deliverables.$inferInsert> = {},
) {
  const [row] = await t.db
    .insert(deliverables)
    .values({
      projectId: p.id,
      accountId: p.accountId,
      assigneeId,
      dueDate,
      name: `Deliverable ${key}`,
      status: 'in_progress',
      ...over,
    })
    .returning();
  ids[key] = row!.id;
}

async function request(
  key: string,
  accountId: string,
  dueDate: string,
  over: Partial<typeof clientRequests.$inferInsert> = {},
) {
  const [row] = await t.db
    .insert(clientRequests)
    .values({ accountId, dueDate, title: `Request ${key}`, kind: 'asset', ...over })
    .returning();
  ids[key] = row!.id;
}

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db);
  colleague = await makeUser(t.db);
  mine = await makeAccount(t.db, am.id);
  big = await makeAccount(t.db, am.id);
  theirs = await makeAccount(t.db, colleague.id);
  await t.db.update(accounts).set({ arr: 5_000 }).where(eq(accounts.id, mine.id));
  await t.db.update(accounts).set({ arr: 9_000 }).where(eq(accounts.id, big.id));
  await t.db.update(accounts).set({ arr: 1_000 }).where(eq(accounts.id, theirs.id));

  // Running: a deliverable overdue by 5 days keeps it at risk, not off track.
  running = await project(mine.id, am.id);
  // Still active after its end date: off track.
  late = await project(big.id, am.id, { startDate: '2046-01-01', endDate: '2046-05-01' });
  const done = await project(mine.id, am.id, { status: 'completed', endDate: '2046-05-01' });
  const cancelled = await project(mine.id, am.id, { status: 'cancelled', endDate: '2046-05-01' });
  // A colleague's project on a colleague's account, its deliverable assigned to the user.
  const colleagues = await project(theirs.id, colleague.id, { endDate: '2046-05-01' });

  await deliverable('overdue', running, am.id, '2046-05-05');
  await deliverable('inTwoDays', running, am.id, '2046-05-12', { status: 'not_started' });
  await deliverable('onTheirs', colleagues, am.id, '2046-05-12', { status: 'client_review' });
  await deliverable('inThreeDays', running, am.id, '2046-05-13');
  await deliverable('approved', running, am.id, '2046-05-09', { status: 'approved' });
  await deliverable('delivered', running, am.id, '2046-05-09', { status: 'delivered' });
  await deliverable('cancelled', running, am.id, '2046-05-09', { status: 'cancelled' });
  await deliverable('ofDone', done, am.id, '2046-05-09');
  await deliverable('ofCancelled', cancelled, am.id, '2046-05-09');
  await deliverable('notMine', running, colleague.id, '2046-05-09');

  await request('smallYesterday', mine.id, '2046-05-09', { projectId: running.id });
  await request('bigYesterday', big.id, '2046-05-09');
  await request('longAgo', mine.id, '2046-04-01');
  await request('today', mine.id, DATE);
  await request('received', mine.id, '2046-05-01', { status: 'received' });
  await request('cancelled', mine.id, '2046-05-01', { status: 'cancelled' });
  await request('theirs', theirs.id, '2046-05-01');
});
afterAll(() => t.close());

describe('delivery on the agenda', () => {
  it('lists due deliverables, overdue client requests and off-track projects, by due date then ARR', async () => {
    const res = await client(t.app, am).get(`/api/v1/me/agenda?date=${DATE}`);
    expect(res.status).toBe(200);
    const items = res.body.data.filter((i: { kind: string }) => kinds.includes(i.kind));
    expect(items).toEqual([
      {
        kind: 'client_request_overdue',
        accountId: mine.id,
        accountName: mine.name,
        title: `Chase ${mine.name}: Request longAgo`,
        dueDate: '2046-04-01',
        arr: 5_000,
        ref: { type: 'client_request', id: ids.longAgo },
      },
      {
        kind: 'deliverable_due',
        accountId: mine.id,
        accountName: mine.name,
        title: `Deliverable overdue (${running.name})`,
        dueDate: '2046-05-05',
        arr: 5_000,
        ref: { type: 'deliverable', id: ids.overdue },
      },
      {
        kind: 'client_request_overdue',
        accountId: big.id,
        accountName: big.name,
        title: `Chase ${big.name}: Request bigYesterday`,
        dueDate: '2046-05-09',
        arr: 9_000,
        ref: { type: 'client_request', id: ids.bigYesterday },
      },
      {
        kind: 'client_request_overdue',
        accountId: mine.id,
        accountName: mine.name,
        title: `Chase ${mine.name}: Request smallYesterday`,
        dueDate: '2046-05-09',
        arr: 5_000,
        ref: { type: 'client_request', id: ids.smallYesterday },
      },
      {
        kind: 'project_off_track',
        accountId: big.id,
        accountName: big.name,
        title: `${late.name} is off track: Past its end date and still active`,
        dueDate: DATE,
        arr: 9_000,
        ref: { type: 'project', id: late.id },
      },
      {
        kind: 'deliverable_due',
        accountId: mine.id,
        accountName: mine.name,
        title: `Deliverable inTwoDays (${running.name})`,
        dueDate: '2046-05-12',
        arr: 5_000,
        ref: { type: 'deliverable', id: ids.inTwoDays },
      },
      {
        kind: 'deliverable_due',
        accountId: theirs.id,
        accountName: theirs.name,
        title: expect.stringMatching(/^Deliverable onTheirs \(/),
        dueDate: '2046-05-12',
        arr: 1_000,
        ref: { type: 'deliverable', id: ids.onTheirs },
      },
    ]);
  });

  it('is the colleague’s own for the colleague: their off-track project, not the user’s items', async () => {
    const res = await client(t.app, colleague).get(`/api/v1/me/agenda?date=${DATE}`);
    const items = res.body.data.filter((i: { kind: string }) => kinds.includes(i.kind));
    expect(items.map((i: { kind: string; dueDate: string }) => [i.kind, i.dueDate])).toEqual([
      ['client_request_overdue', '2046-05-01'],
      ['deliverable_due', '2046-05-09'],
      ['project_off_track', DATE],
    ]);
    expect(items[0].ref.id).toBe(ids.theirs);
    expect(items[1].ref.id).toBe(ids.notMine);
  });

  it('moves with the date: two days later the next deliverable is due, the requests still overdue', async () => {
    const res = await client(t.app, am).get('/api/v1/me/agenda?date=2046-05-11');
    const due = res.body.data.filter((i: { kind: string }) => i.kind === 'deliverable_due');
    expect(due.map((i: { ref: { id: string } }) => i.ref.id)).toEqual([
      ids.overdue,
      ids.inTwoDays,
      ids.onTheirs,
      ids.inThreeDays,
    ]);
    const requests = res.body.data.filter((i: { kind: string }) => i.kind === 'client_request_overdue');
    expect(requests.map((i: { ref: { id: string } }) => i.ref.id)).toEqual([
      ids.longAgo,
      ids.bigYesterday,
      ids.smallYesterday,
      ids.today,
    ]);
  });
});
