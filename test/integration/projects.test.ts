import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import { fixedClock } from '../../src/server/clock.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { accountTeamMembers } from '../../src/server/features/accounts/index.ts';
import {
  deliverables,
  projectSumsOf,
  projectsOffTrack,
  vendorEngagements,
  vendors,
} from '../../src/server/features/projects/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Projects: the derived figures worked by hand (docs/delivery: spent, committed, budgetUsed,
// budgetCommitted, progress, elapsed, deliveryStatus and its reason) and how asOf moves them;
// list filters and sorts; the write rules naming their fields; scope; the account team; delete.
// The clock stands at 2026-12-06 (noon UTC): a project 2026-11-01 … 2026-12-30 is 60 days long,
// 36 of them begun.

const TODAY = '2026-12-06';
let t: TestApp;
let admin: TestUser;
let am: TestUser;
let other: TestUser;
let member: TestUser;
let stranger: TestUser;
let viewer: TestUser;
let api: ReturnType<typeof client>['raw'];
let accountId: string;
let vendorId: string;

const create = async (extra: Record<string, unknown> = {}, as = api) => {
  const res = await as.post('/api/v1/projects', {
    accountId,
    name: unique('Project'),
    startDate: '2026-11-01',
    endDate: '2026-12-30',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const deliverable = (projectId: string, status: string, effortPoints: number, dueDate: string) => ({
  projectId,
  accountId,
  name: unique('Deliverable'),
  dueDate,
  assigneeId: am.id,
  effortPoints,
  status: status as 'not_started',
});
const engagement = (projectId: string, status: string, cost: number, deliveredOn: string | null = null) => ({
  vendorId,
  projectId,
  accountId,
  cost,
  status: status as 'proposed',
  deliveredOn,
});

beforeAll(async () => {
  t = await testApp({ clock: fixedClock(TODAY) });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db, { role: 'account_manager' });
  other = await makeUser(t.db, { role: 'account_manager' });
  member = await makeUser(t.db, { role: 'member' });
  stranger = await makeUser(t.db, { role: 'member' });
  viewer = await makeUser(t.db, { role: 'viewer' });
  api = client(t.app, am).raw;
  accountId = (await makeAccount(t.db, am.id, [member.id])).id;
  const [v] = await t.db
    .insert(vendors)
    .values({ name: unique('Vendor') })
    .returning();
  vendorId = v!.id;
});
afterAll(() => t.close());

describe('project figures', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create({ name: 'Winter campaign', kind: 'campaign', status: 'active', budget: 10_000 })).id;
    await t.db.insert(deliverables).values([
      deliverable(id, 'approved', 3, '2026-11-15'),
      deliverable(id, 'delivered', 3, '2026-11-20'),
      deliverable(id, 'in_progress', 5, '2026-12-01'), // overdue from 2026-12-02
      deliverable(id, 'not_started', 5, '2026-12-20'),
      deliverable(id, 'cancelled', 8, '2026-11-10'), // neither planned nor overdue
    ]);
    await t.db
      .insert(vendorEngagements)
      .values([
        engagement(id, 'delivered', 4000.25, '2026-11-30'),
        engagement(id, 'delivered', 500.25, '2026-12-06'),
        engagement(id, 'delivered', 900, '2026-12-10'),
        engagement(id, 'contracted', 1000),
        engagement(id, 'in_progress', 2000),
        engagement(id, 'proposed', 7000),
        engagement(id, 'cancelled', 7000),
      ]);
  });

  it('are worked out as of today', async () => {
    const res = await api.get(`/api/v1/projects/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      name: 'Winter campaign',
      accountId,
      accountName: expect.any(String),
      kind: 'campaign',
      status: 'active',
      budget: 10_000,
      ownerId: am.id,
      asOf: TODAY,
      spent: 4500.5, // 4 000.25 + 500.25 (delivered on the day); 900 is delivered on the 10th
      committed: 3000, // contracted 1 000 + in progress 2 000
      budgetUsed: 0.4501, // 4 500.50 / 10 000 = 0.45005
      budgetCommitted: 0.7501, // 7 500.50 / 10 000 = 0.75005
      progress: 0.375, // (3 + 3) / (3 + 3 + 5 + 5)
      elapsed: 0.6, // 36 / 60
      overdueDeliverables: 1,
      deliveryStatus: 'at_risk',
      deliveryReason: '1 deliverable overdue (the most by 5 days)',
    });
  });

  it('move with asOf', async () => {
    const at = async (asOf: string) => (await api.get(`/api/v1/projects/${id}?asOf=${asOf}`)).body;
    expect(await at('2026-11-15')).toMatchObject({
      asOf: '2026-11-15',
      spent: 0,
      committed: 3000,
      budgetUsed: 0,
      budgetCommitted: 0.3,
      progress: 0.375,
      elapsed: 0.25, // 15 / 60
      overdueDeliverables: 0,
      deliveryStatus: 'on_track',
    });
    // Overdue by exactly 7 days, and progress 0.375 now more than 0.25 behind 38 / 60.
    expect(await at('2026-12-08')).toMatchObject({
      spent: 4500.5,
      elapsed: 0.6333,
      deliveryStatus: 'at_risk',
      deliveryReason: '1 deliverable overdue (the most by 7 days)',
    });
    expect(await at('2026-12-10')).toMatchObject({
      spent: 5400.5,
      committed: 3000,
      budgetUsed: 0.5401, // 0.54005
      budgetCommitted: 0.8401, // 8 400.50 / 10 000
      elapsed: 0.6667, // 40 / 60
      deliveryStatus: 'off_track',
      deliveryReason: '1 deliverable overdue by more than 7 days (the most by 9 days)',
    });
    expect(await at('2027-01-05')).toMatchObject({
      elapsed: 1,
      overdueDeliverables: 2,
      deliveryStatus: 'off_track',
      deliveryReason: '2 deliverables overdue by more than 7 days (the most by 35 days)',
    });
    expect((await api.get(`/api/v1/projects/${id}?asOf=2026-13-01`)).status).toBe(400);
  });

  it('are on each list row too, and the page sums match the single project', async () => {
    const list = await api.get(`/api/v1/projects?accountId=${accountId}&q=winter%20CAMP`);
    expect(list.body.data).toHaveLength(1);
    const single = (await api.get(`/api/v1/projects/${id}`)).body;
    expect(list.body.data[0]).toEqual(single);
    const sums = await projectSumsOf(t.db, [id], '2026-12-10');
    expect(sums.get(id)).toEqual({
      spent: 5400.5,
      committed: 3000,
      effortDone: 6,
      effortPlanned: 16,
      overdue: 1,
      overdueOverWeek: 1,
      maxDaysOverdue: 9,
    });
  });

  it('are off track for the agenda of the owner', async () => {
    expect(await projectsOffTrack(t.db, am.id, TODAY)).toEqual([]);
    const offTrack = await projectsOffTrack(t.db, am.id, '2026-12-10');
    expect(offTrack).toEqual([
      {
        id,
        name: 'Winter campaign',
        accountId,
        accountName: expect.any(String),
        deliveryReason: '1 deliverable overdue by more than 7 days (the most by 9 days)',
      },
    ]);
    // Completed: no delivery status, so not on the agenda; the figures stay.
    const done = await api.patch(`/api/v1/projects/${id}`, { status: 'completed' });
    expect(done.body).toMatchObject({ spent: 4500.5, deliveryStatus: null, deliveryReason: null });
    expect(await projectsOffTrack(t.db, am.id, '2026-12-10')).toEqual([]);
    await api.patch(`/api/v1/projects/${id}`, { status: 'active' });
  });

  it('have no ratios without a budget and no progress without deliverables', async () => {
    const bare = await create({ status: 'active' });
    expect(bare).toMatchObject({
      spent: 0,
      committed: 0,
      budgetUsed: null,
      budgetCommitted: null,
      progress: null,
      elapsed: 0.6,
      overdueDeliverables: 0,
      deliveryStatus: 'on_track',
      deliveryReason: 'Nothing overdue and within its budget',
    });
    expect((await api.get(`/api/v1/projects/${bare.id}?asOf=2026-12-30`)).body.deliveryStatus).toBe(
      'on_track',
    );
    expect((await api.get(`/api/v1/projects/${bare.id}?asOf=2026-12-31`)).body).toMatchObject({
      elapsed: 1,
      deliveryStatus: 'off_track',
      deliveryReason: 'Past its end date and still active',
    });
    const behind = await create({ status: 'active' });
    await t.db
      .insert(deliverables)
      .values([
        deliverable(behind.id, 'approved', 3, '2026-12-20'),
        deliverable(behind.id, 'in_progress', 7, '2026-12-20'),
      ]);
    // progress 0.3 against elapsed 0.6: 0.3 < 0.35, at risk; 0.3 of 0.5 elapsed (2026-11-30) is not.
    expect((await api.get(`/api/v1/projects/${behind.id}`)).body).toMatchObject({
      progress: 0.3,
      deliveryStatus: 'at_risk',
      deliveryReason: 'Progress 30% behind 60% of the time elapsed',
    });
    expect((await api.get(`/api/v1/projects/${behind.id}?asOf=2026-11-30`)).body.deliveryStatus).toBe(
      'on_track',
    );
    const zero = await create({ budget: 0 });
    await t.db.insert(vendorEngagements).values(engagement(zero.id, 'delivered', 10, '2026-12-01'));
    expect((await api.get(`/api/v1/projects/${zero.id}`)).body).toMatchObject({
      spent: 10,
      budgetUsed: null,
      deliveryStatus: 'on_track',
    });
  });
});

describe('project lists', () => {
  let owner: TestUser;
  let manager: TestUser;
  let teamId: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    owner = await makeUser(t.db, { role: 'account_manager' });
    manager = await makeUser(t.db, { role: 'manager' });
    teamId = (await makeTeam(t.db, admin, { managerIds: [manager.id], memberIds: [owner.id] })).id;
    const mine = client(t.app, owner).raw;
    const ownAccount = (await makeAccount(t.db, owner.id)).id;
    const make = (name: string, extra: Record<string, unknown>) =>
      create({ accountId: ownAccount, name, ...extra }, mine).then((p) => p.id as string);
    ids = {
      alpha: await make('Alpha rebrand', { startDate: '2026-10-01', endDate: '2026-11-30', budget: 5000 }),
      beta: await make('Beta launch', {
        kind: 'campaign',
        status: 'active',
        startDate: '2026-12-01',
        endDate: '2027-01-31',
        budget: 20_000,
      }),
      gamma: await make('Gamma retainer', {
        kind: 'retainer',
        monthlyFee: 2500,
        startDate: '2026-01-01',
        endDate: '2026-12-31',
      }),
      delta: await make('Delta site', {
        status: 'on_hold',
        startDate: '2027-02-01',
        endDate: '2027-03-01',
        budget: 750.5,
      }),
    };
  });
  const names = async (query: string, as = client(t.app, admin).raw) => {
    const res = await as.get(`/api/v1/projects?ownerId=${owner.id}&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data.map((p: { name: string }) => p.name);
  };

  it('filter', async () => {
    expect(await names('sort=name')).toEqual([
      'Alpha rebrand',
      'Beta launch',
      'Delta site',
      'Gamma retainer',
    ]);
    expect(await names('kind=campaign')).toEqual(['Beta launch']);
    expect(await names('status=on_hold')).toEqual(['Delta site']);
    expect(await names('activeOn=2026-11-30&sort=name')).toEqual(['Alpha rebrand', 'Gamma retainer']);
    expect(await names('activeOn=2026-12-01&sort=name')).toEqual(['Beta launch', 'Gamma retainer']);
    expect(await names('q=TA%20L')).toEqual(['Beta launch']);
    expect(await names('q=%25')).toEqual([]); // a wildcard taken literally
    expect(await names(`teamId=${teamId}&sort=name`)).toHaveLength(4);
    expect(
      (await client(t.app, admin).raw.get(`/api/v1/projects?teamId=${teamId}&accountId=${accountId}`)).body
        .data,
    ).toEqual([]);
  });

  it('sort and page', async () => {
    expect(await names('sort=budget')).toEqual([
      'Gamma retainer',
      'Delta site',
      'Alpha rebrand',
      'Beta launch',
    ]);
    expect(await names('sort=-budget')).toEqual([
      'Beta launch',
      'Alpha rebrand',
      'Delta site',
      'Gamma retainer',
    ]);
    expect(await names('sort=startDate')).toEqual([
      'Gamma retainer',
      'Alpha rebrand',
      'Beta launch',
      'Delta site',
    ]);
    expect(await names('sort=-endDate')).toEqual([
      'Delta site',
      'Beta launch',
      'Gamma retainer',
      'Alpha rebrand',
    ]);
    expect(await names('sort=-updatedAt')).toEqual([
      'Delta site',
      'Gamma retainer',
      'Beta launch',
      'Alpha rebrand',
    ]);
    const seen: string[] = [];
    for (const sort of ['budget', '-budget', 'name', 'updatedAt']) {
      seen.length = 0;
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/projects?ownerId=${owner.id}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await client(t.app, admin).raw.get(url);
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(4);
    }
    const bad = await client(t.app, admin).raw.get(`/api/v1/projects?sort=name&cursor=${'x'.repeat(20)}`);
    expect(bad.status).toBe(400);
  });

  it('keep to the caller’s scope', async () => {
    expect(await names('sort=name', client(t.app, owner).raw)).toHaveLength(4);
    expect(await names('sort=name', client(t.app, other).raw)).toEqual([]);
    expect(await names('sort=name', client(t.app, viewer).raw)).toHaveLength(4);
    expect(await names('sort=name', client(t.app, manager).raw)).toHaveLength(4); // manages the owner's team
    const otherManager = await makeUser(t.db, { role: 'manager' });
    expect(await names('sort=name', client(t.app, otherManager).raw)).toEqual([]);
    expect((await client(t.app, manager).raw.get(`/api/v1/projects/${ids.alpha}`)).status).toBe(200);
    expect((await client(t.app, otherManager).raw.get(`/api/v1/projects/${ids.alpha}`)).status).toBe(404);
  });
});

describe('project writes', () => {
  it('validate and name the field', async () => {
    const bad = async (
      body: Record<string, unknown>,
      path: string,
      method: 'post' | 'patch' = 'post',
      id?: string,
    ) => {
      const res =
        method === 'post'
          ? await api.post('/api/v1/projects', {
              accountId,
              name: 'x',
              startDate: '2026-11-01',
              endDate: '2026-12-30',
              ...body,
            })
          : await api.patch(`/api/v1/projects/${id}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ endDate: '2026-10-31' }, 'endDate');
    await bad({ monthlyFee: 100 }, 'monthlyFee');
    await bad({ kind: 'campaign', monthlyFee: 100 }, 'monthlyFee');
    await bad({ ownerId: member.id }, 'ownerId');
    await bad({ ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId');
    await bad({ teamMemberIds: [member.id, '00000000-0000-4000-8000-000000000000'] }, 'teamMemberIds.1');
    await bad({ accountId: (await makeAccount(t.db, other.id)).id }, 'accountId');
    await bad({ budget: -1 }, 'budget');
    await bad({ name: '' }, 'name');
    const retainer = await create({ kind: 'retainer', monthlyFee: 1500.5 });
    expect(retainer).toMatchObject({ kind: 'retainer', monthlyFee: 1500.5 });
    await bad({ startDate: '2027-01-01' }, 'endDate', 'patch', retainer.id); // one side moved past the other
    await bad({ endDate: '2026-10-01' }, 'endDate', 'patch', retainer.id);
    await bad({ kind: 'project' }, 'monthlyFee', 'patch', retainer.id);
    const moved = await api.patch(`/api/v1/projects/${retainer.id}`, { kind: 'project', monthlyFee: null });
    expect(moved.body).toMatchObject({ kind: 'project', monthlyFee: null, version: 2 });
  });

  it('default the owner to the account’s, and put the team on the account team, audited', async () => {
    const worker = await makeUser(t.db, { role: 'member' });
    const p = await create({ teamMemberIds: [worker.id, member.id, worker.id] });
    expect(p).toMatchObject({
      ownerId: am.id,
      status: 'planning',
      kind: 'project',
      budget: null,
      version: 1,
    });
    expect([...p.teamMemberIds].sort()).toEqual([worker.id, member.id].sort());
    const team = await t.db
      .select({ userId: accountTeamMembers.userId })
      .from(accountTeamMembers)
      .where(eq(accountTeamMembers.accountId, accountId));
    expect(team.map((r) => r.userId).sort()).toEqual([worker.id, member.id].sort());
    const audit = await t.db
      .select({ action: auditLog.action, changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'account'), eq(auditLog.entityId, accountId)));
    expect(audit).toEqual([
      { action: 'account.updated', changes: { teamMemberIds: [[member.id], [member.id, worker.id].sort()] } },
    ]);
    // The worker now sees the account's projects.
    expect((await client(t.app, worker).raw.get(`/api/v1/projects/${p.id}`)).status).toBe(200);
    const owned = await create({ ownerId: other.id });
    expect(owned.ownerId).toBe(other.id);
  });

  it('audit and raise events, status changes included', async () => {
    const p = await create();
    const res = await api.patch(
      `/api/v1/projects/${p.id}`,
      { status: 'active', budget: 1200 },
      { 'if-match': '"1"' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect((await api.patch(`/api/v1/projects/${p.id}`, { name: 'x' }, { 'if-match': '"1"' })).status).toBe(
      412,
    );
    const events = await t.db
      .select({ type: domainEvents.type, data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.accountId, accountId));
    const mine = events.filter((e) => (e.data as { projectId?: string }).projectId === p.id);
    expect(mine).toEqual([
      { type: 'project.created', data: { projectId: p.id, name: p.name, kind: 'project', ownerId: am.id } },
      { type: 'project.updated', data: { projectId: p.id, fields: ['status', 'budget'] } },
      { type: 'project.status_changed', data: { projectId: p.id, from: 'planning', to: 'active' } },
    ]);
    const audit = await t.db
      .select({ action: auditLog.action, changes: auditLog.changes })
      .from(auditLog)
      .where(eq(auditLog.entityId, p.id));
    expect(audit.map((a) => a.action)).toEqual(['project.created', 'project.updated']);
    expect(audit[1]!.changes).toEqual({ status: ['planning', 'active'], budget: [null, 1200] });
  });

  it('replay a create with the same Idempotency-Key, and refuse bad ids without a 500', async () => {
    const body = { accountId, name: unique('Once'), startDate: '2026-11-01', endDate: '2026-12-30' };
    const key = { 'idempotency-key': unique('key') };
    const first = await api.post('/api/v1/projects', body, key);
    const again = await api.post('/api/v1/projects', body, key);
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await api.get('/api/v1/projects/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/api/v1/projects/nope')).status).toBe(400);
    const unknown = await api.patch(`/api/v1/projects/${first.body.id}`, {
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('accountId');
    expect((await api.patch(`/api/v1/projects/${first.body.id}`, { ownerId: null })).status).toBe(400);
    expect((await api.get(`/api/v1/projects?sort=budget&cursor=${'x'.repeat(30)}`)).status).toBe(400);
  });

  it('move to another account only without work, taking its people onto that account team', async () => {
    const worker = await makeUser(t.db, { role: 'member' });
    const p = await create({ teamMemberIds: [worker.id] });
    const second = (await makeAccount(t.db, am.id)).id;
    const moved = await api.patch(`/api/v1/projects/${p.id}`, { accountId: second });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.accountId).toBe(second);
    const team = await t.db
      .select({ userId: accountTeamMembers.userId })
      .from(accountTeamMembers)
      .where(eq(accountTeamMembers.accountId, second));
    expect(team.map((r) => r.userId)).toEqual([worker.id]);
    await t.db.insert(vendorEngagements).values({ ...engagement(p.id, 'proposed', 10), accountId: second });
    const refused = await api.patch(`/api/v1/projects/${p.id}`, { accountId });
    expect(refused.status).toBe(409);
  });

  it('delete only a project without work, else 409', async () => {
    const busy = await create();
    await t.db.insert(deliverables).values(deliverable(busy.id, 'not_started', 1, '2026-12-20'));
    const refused = await api.del(`/api/v1/projects/${busy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/cancel it instead/);
    const idle = await create();
    expect((await api.del(`/api/v1/projects/${idle.id}`, { 'if-match': '"2"' })).status).toBe(412);
    expect((await api.del(`/api/v1/projects/${idle.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/projects/${idle.id}`)).status).toBe(404);
    const [event] = await t.db
      .select({ type: domainEvents.type })
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'project.deleted'), eq(domainEvents.accountId, accountId)));
    expect(event).toEqual({ type: 'project.deleted' });
  });
});

describe('project scope', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create()).id;
  });

  it('hides projects of accounts out of scope', async () => {
    expect((await client(t.app, other).raw.get(`/api/v1/projects/${id}`)).status).toBe(404);
    expect((await client(t.app, other).raw.patch(`/api/v1/projects/${id}`, { name: 'x' })).status).toBe(404);
    expect((await client(t.app, stranger).raw.get(`/api/v1/projects/${id}`)).status).toBe(404);
    expect(
      (await client(t.app, stranger).raw.get(`/api/v1/projects?accountId=${accountId}`)).body.data,
    ).toEqual([]);
  });

  it('shows a member on the account team, who still may not write', async () => {
    const mem = client(t.app, member).raw;
    expect((await mem.get(`/api/v1/projects/${id}`)).status).toBe(200);
    expect((await mem.get(`/api/v1/projects?accountId=${accountId}`)).body.data.length).toBeGreaterThan(0);
    const created = await mem.post('/api/v1/projects', {
      accountId,
      name: 'Mine',
      startDate: '2026-11-01',
      endDate: '2026-12-30',
    });
    expect(created.status).toBe(403);
    expect((await mem.patch(`/api/v1/projects/${id}`, { name: 'x' })).status).toBe(403);
    expect((await mem.del(`/api/v1/projects/${id}`)).status).toBe(403);
    const view = client(t.app, viewer).raw;
    expect((await view.get(`/api/v1/projects/${id}`)).status).toBe(200);
    expect((await view.patch(`/api/v1/projects/${id}`, { name: 'x' })).status).toBe(403);
  });
});
