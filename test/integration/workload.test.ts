import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import { deliverables, projects } from '../../src/server/features/projects/index.ts';
import { tasks } from '../../src/server/features/tasks/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';
import { type Client, client } from '../support/http.ts';

// The workload report (API-DELIVERY "Workload"), worked by hand over the two ISO weeks of
// Monday 2026-12-07 to Sunday 2026-12-20.

let t: TestApp;
let admin: TestUser;
let viewer: TestUser;
let mgr: TestUser;
let am: TestUser;
let outsider: TestUser;
let w1: TestUser;
let w2: TestUser;
let w3: TestUser;
let teamId: string;
let tag: string;
const as = (u: TestUser): Client => client(t.app, u);
const W1 = '2026-12-07';
const W2 = '2026-12-14';
const range = `from=${W1}&to=2026-12-20`;

async function project(accountId: string, ownerId: string, over: Partial<typeof projects.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(projects)
    .values({
      accountId,
      ownerId,
      name: unique('Project'),
      status: 'active',
      startDate: '2026-11-01',
      endDate: '2027-03-31',
      ...over,
    })
    .returning();
  return row!;
}

async function deliverable(
  p: { id: string; accountId: string },
  assigneeId: string,
  dueDate: string,
  effortPoints: number,
  over: Partial<typeof deliverables.$inferInsert> = {},
) {
  const [row] = await t.db
    .insert(deliverables)
    .values({
      projectId: p.id,
      accountId: p.accountId,
      assigneeId,
      dueDate,
      effortPoints,
      name: unique('Deliverable'),
      status: 'in_progress',
      ...over,
    })
    .returning();
  return row!;
}

async function task(
  assigneeId: string,
  dueDate: string | null,
  effortPoints: number,
  over: Partial<typeof tasks.$inferInsert> = {},
) {
  const [row] = await t.db
    .insert(tasks)
    .values({ assigneeId, dueDate, effortPoints, title: unique('Task'), ...over })
    .returning();
  return row!;
}

let inside: { id: string; name: string };
let outside: { id: string; name: string };
let d4: { id: string; name: string };
let t4: { id: string; title: string };

beforeAll(async () => {
  t = await testApp();
  tag = unique('wl');
  const named = (role: TestUser['role'], name: string) => makeUser(t.db, { role, name: `${tag} ${name}` });
  admin = await named('admin', 'admin');
  viewer = await named('viewer', 'viewer');
  mgr = await named('manager', 'D manager');
  am = await named('account_manager', 'E account manager');
  outsider = await named('account_manager', 'F outsider');
  w1 = await named('member', 'A worker');
  w2 = await named('member', 'B worker');
  w3 = await named('member', 'C worker');
  teamId = (await makeTeam(t.db, admin, { managerIds: [mgr.id], memberIds: [w1.id, w2.id, w3.id] })).id;

  // The manager's own account (in their scope) and an outsider's (outside it).
  inside = await makeAccount(t.db, mgr.id);
  outside = await makeAccount(t.db, outsider.id);
  const pIn = await project(inside.id, am.id, { teamMemberIds: [w1.id, w2.id] });
  const pOut = await project(outside.id, outsider.id);
  const pCancelled = await project(inside.id, am.id, { status: 'cancelled' });
  const pCompleted = await project(inside.id, am.id, { status: 'completed' });

  // w1, capacity 10: week 1 = 4 (deliverable, outside) + 4 (task, inside) = 8 → 0.8 full;
  // week 2 = 6 + 6 = 12 → 1.2 over.
  d4 = await deliverable(pOut, w1.id, '2026-12-08', 4);
  t4 = await task(w1.id, '2026-12-11', 4, { accountId: inside.id });
  await deliverable(pIn, w1.id, W2, 6, { status: 'not_started' });
  await deliverable(pIn, w1.id, '2026-12-20', 6, { status: 'changes_requested' });
  // Not work items: due after the last week, done, of cancelled or completed projects, no due date.
  await deliverable(pIn, w1.id, '2026-12-21', 9);
  await deliverable(pIn, w1.id, '2026-12-09', 9, { status: 'approved' });
  await deliverable(pIn, w1.id, '2026-12-09', 9, { status: 'delivered' });
  await deliverable(pIn, w1.id, '2026-12-09', 9, { status: 'cancelled' });
  await deliverable(pCancelled, w1.id, '2026-12-09', 9);
  await deliverable(pCompleted, w1.id, '2026-12-09', 9);
  await task(w1.id, '2026-12-09', 9, { status: 'done' });
  await task(w1.id, '2026-12-09', 9, { status: 'cancelled' });
  await task(w1.id, null, 9);
  await task(w1.id, '2026-12-21', 9);

  // w2, capacity 10: a deliverable due before the window, still in progress, counts in week 1.
  await deliverable(pIn, w2.id, '2026-11-20', 3);
  // w3, capacity 0: load 2 in week 1 (over), none in week 2 (under).
  await task(w3.id, '2026-12-13', 2, { status: 'in_progress' });
});
afterAll(() => t.close());

describe('weekly capacity', () => {
  it('admins set it; a manager sets it for their team’s members, that field alone; audited', async () => {
    const set = await as(admin).patch(`/api/v1/users/${w1.id}`, { weeklyCapacityPoints: 10 });
    expect(set.status).toBe(200);
    expect(set.body.weeklyCapacityPoints).toBe(10);
    expect((await as(mgr).patch(`/api/v1/users/${w2.id}`, { weeklyCapacityPoints: 10 })).body).toMatchObject({
      id: w2.id,
      weeklyCapacityPoints: 10,
    });
    expect((await as(mgr).patch(`/api/v1/users/${w3.id}`, { weeklyCapacityPoints: 0 })).status).toBe(200);

    // Another field, or with another field, or someone outside their teams (themselves too): 403.
    expect((await as(mgr).patch(`/api/v1/users/${w3.id}`, { name: 'Renamed' })).status).toBe(403);
    expect(
      (await as(mgr).patch(`/api/v1/users/${w3.id}`, { weeklyCapacityPoints: 5, name: 'Renamed' })).status,
    ).toBe(403);
    expect((await as(mgr).patch(`/api/v1/users/${outsider.id}`, { weeklyCapacityPoints: 5 })).status).toBe(
      403,
    );
    expect((await as(mgr).patch(`/api/v1/users/${mgr.id}`, { weeklyCapacityPoints: 5 })).status).toBe(403);
    expect((await as(am).patch(`/api/v1/users/${w1.id}`, { weeklyCapacityPoints: 5 })).status).toBe(403);
    expect((await as(w1).patch(`/api/v1/users/${w1.id}`, { weeklyCapacityPoints: 50 })).status).toBe(403);
    // 0–200.
    const tooMuch = await as(admin).patch(`/api/v1/users/${w1.id}`, { weeklyCapacityPoints: 201 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0].path).toBe('weeklyCapacityPoints');
    expect((await as(admin).patch(`/api/v1/users/${w1.id}`, { weeklyCapacityPoints: -1 })).status).toBe(400);

    expect((await as(admin).get(`/api/v1/users/${w3.id}`)).body.weeklyCapacityPoints).toBe(0);
    expect((await as(admin).get(`/api/v1/users/${w3.id}`)).body.name).toBe(`${tag} C worker`);
    const audit = await t.db
      .select({ action: auditLog.action, actorId: auditLog.actorId, changes: auditLog.changes })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, 'user'),
          eq(auditLog.entityId, w3.id),
          eq(auditLog.action, 'user.updated'),
        ),
      );
    expect(audit).toEqual([
      { action: 'user.updated', actorId: mgr.id, changes: { weeklyCapacityPoints: [20, 0] } },
    ]);

    // Set at creation too (default 20).
    const created = await as(admin).post('/api/v1/users', {
      email: `${unique('cap')}@example.test`,
      name: `${tag} Z created`,
      role: 'member',
      weeklyCapacityPoints: 30,
    });
    expect(created.body.weeklyCapacityPoints).toBe(30);
    expect(w1.weeklyCapacityPoints).toBe(20);
  });
});

describe('the workload report', () => {
  const report = (u: TestUser, query: string) => as(u).raw.get(`/api/v1/reports/workload?${query}`);

  it('is load against capacity per person and ISO week, worked by hand', async () => {
    const res = await report(admin, `${range}&teamId=${teamId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      weeks: [W1, W2],
      people: [
        {
          userId: w1.id,
          name: `${tag} A worker`,
          capacity: 10,
          cells: [
            { week: W1, load: 8, capacity: 10, utilisation: 0.8, status: 'full' },
            { week: W2, load: 12, capacity: 10, utilisation: 1.2, status: 'over' },
          ],
        },
        {
          userId: w2.id,
          name: `${tag} B worker`,
          capacity: 10,
          cells: [
            { week: W1, load: 3, capacity: 10, utilisation: 0.3, status: 'under' },
            { week: W2, load: 0, capacity: 10, utilisation: 0, status: 'under' },
          ],
        },
        {
          userId: w3.id,
          name: `${tag} C worker`,
          capacity: 0,
          cells: [
            { week: W1, load: 2, capacity: 0, utilisation: null, status: 'over' },
            { week: W2, load: 0, capacity: 0, utilisation: null, status: 'under' },
          ],
        },
        {
          userId: mgr.id,
          name: `${tag} D manager`,
          capacity: 20,
          cells: [
            { week: W1, load: 0, capacity: 20, utilisation: 0, status: 'under' },
            { week: W2, load: 0, capacity: 20, utilisation: 0, status: 'under' },
          ],
        },
      ],
    });
    // Weeks overlap [from, to]: Wednesday to Tuesday is the same two weeks, and the counts with them.
    const partial = await report(admin, `from=2026-12-09&to=2026-12-15&userId=${w1.id}`);
    expect(partial.body.weeks).toEqual([W1, W2]);
    expect(partial.body.people[0].cells.map((c: { load: number }) => c.load)).toEqual([8, 12]);
    // A window starting a week later: week 1's items are now before it and count in its first week.
    const later = await report(admin, `from=${W2}&to=2026-12-20&userId=${w1.id}`);
    expect(later.body.people[0].cells).toEqual([
      { week: W2, load: 20, capacity: 10, utilisation: 2, status: 'over' },
    ]);
  });

  it('lists each cell’s items with detail=true, masking those on accounts outside the caller’s scope', async () => {
    const mine = await report(mgr, `${range}&userId=${w1.id}&detail=true`);
    expect(mine.status).toBe(200);
    const week1 = mine.body.people[0].cells[0];
    expect(week1).toEqual({
      week: W1,
      load: 8,
      capacity: 10,
      utilisation: 0.8,
      status: 'full',
      items: [
        { type: 'deliverable', dueDate: '2026-12-08', effortPoints: 4 },
        {
          type: 'task',
          id: t4.id,
          title: t4.title,
          accountName: inside.name,
          dueDate: '2026-12-11',
          effortPoints: 4,
        },
      ],
    });
    expect(mine.body.people[0].cells[1].items).toHaveLength(2);
    // An admin sees it in full.
    const all = await report(admin, `${range}&userId=${w1.id}&detail=true`);
    expect(all.body.people[0].cells[0].items[0]).toEqual({
      type: 'deliverable',
      id: d4.id,
      title: d4.name,
      accountName: outside.name,
      dueDate: '2026-12-08',
      effortPoints: 4,
    });
    // Without detail there are no items.
    expect((await report(admin, `${range}&userId=${w1.id}`)).body.people[0].cells[0].items).toBeUndefined();
  });

  it('covers the people of the caller’s role', async () => {
    const people = async (u: TestUser, query = range) => {
      const res = await report(u, query);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.people.map((p: { userId: string }) => p.userId);
    };
    const ours = (ids: string[]) =>
      ids.filter((id) => [admin, viewer, mgr, am, outsider, w1, w2, w3].some((u) => u.id === id));
    // Admins and viewers: everyone active.
    expect(ours(await people(admin))).toEqual(
      expect.arrayContaining([admin.id, viewer.id, mgr.id, am.id, outsider.id, w1.id, w2.id, w3.id]),
    );
    expect(ours(await people(viewer))).toHaveLength(8);
    // A manager: themselves and their teams' members, by name.
    expect(await people(mgr)).toEqual([w1.id, w2.id, w3.id, mgr.id]);
    // An account manager: themselves and the team members of the projects they own.
    expect(await people(am)).toEqual([w1.id, w2.id, am.id]);
    // A member: themselves.
    expect(await people(w3)).toEqual([w3.id]);
    expect(await people(outsider)).toEqual([outsider.id]);
    // teamId narrows within the scope; userId picks one in it.
    expect(await people(am, `${range}&teamId=${teamId}`)).toEqual([w1.id, w2.id]);
    expect(await people(mgr, `${range}&userId=${w2.id}`)).toEqual([w2.id]);
  });

  it('refuses what it cannot answer', async () => {
    // A user outside the scope, an unknown team or user: 404.
    expect((await report(w3, `${range}&userId=${w1.id}`)).status).toBe(404);
    expect((await report(mgr, `${range}&userId=${outsider.id}`)).status).toBe(404);
    expect((await report(admin, `${range}&userId=${crypto.randomUUID()}`)).status).toBe(404);
    expect((await report(admin, `${range}&teamId=${crypto.randomUUID()}`)).status).toBe(404);
    // to before from, more than 26 weeks, bad dates: 400 naming the field.
    const backwards = await report(admin, 'from=2026-12-20&to=2026-12-07');
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'to', message: 'is before from' }]);
    const long = await report(admin, 'from=2026-12-07&to=2027-06-07');
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('to');
    expect((await report(admin, 'from=2026-12-07&to=2027-06-06')).status).toBe(200); // 26 weeks
    expect((await report(admin, 'from=2026-02-30&to=2026-12-07')).status).toBe(400);
    expect((await report(admin, 'to=2026-12-07')).status).toBe(400);
    expect((await report(admin, `${range}&detail=yes`)).status).toBe(400);
  });
});
