import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/audit/audit.table.ts';
import { users } from '../../src/server/auth/auth.table.ts';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { contacts } from '../../src/server/features/contacts/index.ts';
import { clientRequests, projects } from '../../src/server/features/projects/index.ts';
import { tasks } from '../../src/server/features/tasks/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { day, testClock, today } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Deliverables and their review rounds: the status each review sets, the client's rounds against
// those included, the change order made once, approvedAt/deliveredAt, overdue, filters, blockers.

let t: TestApp;
let am: TestUser;
let owner: TestUser;
let designer: TestUser;
let outsider: TestUser;
let api: ReturnType<typeof client>['raw'];
let accountId: string;
let projectId: string;
const now = testClock.now().toISOString();

async function makeProject(accountOf: string, ownerId: string, name = unique('Project')) {
  const [row] = await t.db
    .insert(projects)
    .values({ accountId: accountOf, name, startDate: day(-30), endDate: day(60), ownerId })
    .returning();
  return row!;
}

async function make(extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/deliverables', {
    projectId,
    name: unique('Deliverable'),
    dueDate: day(5),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const review = (id: string, body: Record<string, unknown>) =>
  api.post(`/api/v1/deliverables/${id}/reviews`, { notes: null, ...body });

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
  owner = await makeUser(t.db, { role: 'account_manager', name: unique('Owner') });
  designer = await makeUser(t.db, { role: 'member' });
  outsider = await makeUser(t.db, { role: 'account_manager' });
  api = client(t.app, am).raw;
  const account = await makeAccount(t.db, am.id);
  accountId = account.id;
  projectId = (await makeProject(accountId, owner.id, 'Spring launch')).id;
});
afterAll(() => t.close());

describe('deliverables', () => {
  it('creates with the defaults, on the project’s account', async () => {
    const res = await api.post('/api/v1/deliverables', {
      projectId,
      name: 'Hero video',
      dueDate: day(5),
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/deliverables/${res.body.id}`);
    expect(res.body).toMatchObject({
      projectId,
      projectName: 'Spring launch',
      accountId,
      name: 'Hero video',
      description: null,
      dueDate: day(5),
      assigneeId: am.id,
      effortPoints: 1,
      includedRevisions: 2,
      status: 'not_started',
      revisionRounds: 0,
      overRevisionLimit: false,
      approvedAt: null,
      deliveredAt: null,
      overdue: false,
      blockedBy: [],
      version: 1,
    });
    expect(typeof res.body.accountName).toBe('string');
    const got = await api.get(`/api/v1/deliverables/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const events = await t.db
      .select({ type: domainEvents.type, data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'deliverable.created'));
    expect(events.find((e) => e.data.deliverableId === res.body.id)?.data).toEqual({
      deliverableId: res.body.id,
      projectId,
      assigneeId: am.id,
      dueDate: day(5),
    });
  });

  it('refuses bad input naming the field', async () => {
    const other = await makeAccount(t.db, outsider.id);
    const hidden = await makeProject(other.id, outsider.id);
    const inactive = await makeUser(t.db, { role: 'member' });
    await t.db.update(users).set({ active: false }).where(eq(users.id, inactive.id));
    const base = { projectId, name: 'X', dueDate: day(1) };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'X', dueDate: day(1) }, 400, 'projectId'],
      [{ ...base, projectId: hidden.id }, 404, 'projectId'],
      [{ ...base, projectId: '0190a0a0-0000-7000-8000-000000000000' }, 404, 'projectId'],
      [{ ...base, effortPoints: 0 }, 400, 'effortPoints'],
      [{ ...base, effortPoints: 41 }, 400, 'effortPoints'],
      [{ ...base, effortPoints: 2.5 }, 400, 'effortPoints'],
      [{ ...base, includedRevisions: -1 }, 400, 'includedRevisions'],
      [{ ...base, includedRevisions: 21 }, 400, 'includedRevisions'],
      [{ ...base, assigneeId: inactive.id }, 400, 'assigneeId'],
      [{ ...base, assigneeId: '0190a0a0-0000-7000-8000-000000000000' }, 400, 'assigneeId'],
      [{ ...base, dueDate: '2026-02-30' }, 400, 'dueDate'],
      [{ ...base, status: 'done' }, 400, 'status'],
      [{ ...base, name: '' }, 400, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api.post('/api/v1/deliverables', body);
      expect(
        [res.status, res.body.errors?.map((e: { path: string }) => e.path)],
        JSON.stringify(body),
      ).toEqual([status, [field]]);
    }
    // The edges are allowed.
    const edge = await make({ effortPoints: 40, includedRevisions: 0 });
    expect([edge.effortPoints, edge.includedRevisions]).toEqual([40, 0]);
    const d = await make();
    const contact = await t.db.insert(contacts).values({ accountId: other.id, firstName: 'Eve' }).returning();
    const bad = await review(d.id, { outcome: 'approved', by: 'client', contactId: contact[0]!.id });
    expect([bad.status, bad.body.errors]).toEqual([
      400,
      [{ path: 'contactId', message: 'is not a contact of this account' }],
    ]);
    const badOutcome = await review(d.id, { outcome: 'maybe', by: 'client' });
    expect(badOutcome.status).toBe(400);
    // An account manager outside the account sees neither the deliverable nor its reviews.
    const out = client(t.app, outsider).raw;
    expect((await out.get(`/api/v1/deliverables/${d.id}`)).status).toBe(404);
    expect((await out.get(`/api/v1/deliverables/${d.id}/reviews`)).status).toBe(404);
    expect(
      (await out.post(`/api/v1/deliverables/${d.id}/reviews`, { outcome: 'approved', by: 'internal' }))
        .status,
    ).toBe(404);
  });

  it('moves through the statuses the reviews set, counting only the client’s requests for changes', async () => {
    const d = await make({ status: 'internal_review' });
    const mine = await t.db.insert(contacts).values({ accountId, firstName: 'Carla' }).returning();
    const steps: [string, string, string, number, number | null][] = [
      ['approved', 'internal', 'client_review', 0, null],
      ['changes_requested', 'client', 'changes_requested', 1, 1],
      ['changes_requested', 'internal', 'changes_requested', 1, null],
      ['approved', 'internal', 'client_review', 1, null],
      ['approved', 'client', 'approved', 1, null],
    ];
    for (const [outcome, by, status, rounds, round] of steps) {
      const res = await review(d.id, {
        outcome,
        by,
        contactId: by === 'client' ? mine[0]!.id : undefined,
        notes: `${by} ${outcome}`,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        deliverableId: d.id,
        outcome,
        by,
        round,
        reviewerId: am.id,
        status,
        revisionRounds: rounds,
        overRevisionLimit: false,
        changeOrderTaskId: null,
        notes: `${by} ${outcome}`,
      });
    }
    const got = (await api.get(`/api/v1/deliverables/${d.id}`)).body;
    expect(got).toMatchObject({
      status: 'approved',
      revisionRounds: 1,
      approvedAt: now,
      deliveredAt: null,
      version: 6,
    });
    const list = await api.get(`/api/v1/deliverables/${d.id}/reviews`);
    expect(list.body.data.map((r: { by: string; outcome: string }) => `${r.by} ${r.outcome}`)).toEqual(
      steps.map(([o, b]) => `${b} ${o}`),
    );
    expect(list.body.data[1].contactId).toBe(mine[0]!.id);
    const paged = await api.get(`/api/v1/deliverables/${d.id}/reviews?limit=2`);
    const next = await api.get(
      `/api/v1/deliverables/${d.id}/reviews?limit=2&cursor=${paged.body.nextCursor}`,
    );
    expect(next.body.data.map((r: { id: string }) => r.id)).toEqual(
      list.body.data.slice(2, 4).map((r: { id: string }) => r.id),
    );
    const audit = await t.db
      .select({ action: auditLog.action, changes: auditLog.changes })
      .from(auditLog)
      .where(eq(auditLog.entityId, d.id))
      .orderBy(asc(auditLog.at), asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual([
      'deliverable.created',
      ...steps.map(() => 'deliverable.reviewed'),
    ]);
    expect(audit[1]!.changes).toEqual({ status: ['internal_review', 'client_review'] });
    const changed = await t.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'deliverable.status_changed'))
      .orderBy(asc(domainEvents.id));
    expect(
      changed.filter((e) => e.data.deliverableId === d.id).map((e) => `${e.data.from}→${e.data.to}`),
    ).toEqual([
      'internal_review→client_review',
      'client_review→changes_requested',
      'changes_requested→client_review',
      'client_review→approved',
    ]);
  });

  it("makes the change order once, when the client's third request passes the two included rounds", async () => {
    const d = await make({ name: 'Brand guidelines' });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const res = await review(d.id, { outcome: 'changes_requested', by: 'client', notes: `round ${i + 1}` });
      expect(res.status).toBe(201);
      answers.push(res.body);
    }
    expect(answers.map((a) => [a.round, a.revisionRounds, a.overRevisionLimit, a.status])).toEqual([
      [1, 1, false, 'changes_requested'],
      [2, 2, false, 'changes_requested'],
      [3, 3, true, 'changes_requested'],
      [4, 4, true, 'changes_requested'],
    ]);
    expect(answers[0].changeOrderTaskId).toBeNull();
    expect(answers[1].changeOrderTaskId).toBeNull();
    const taskId = answers[2].changeOrderTaskId;
    expect(taskId).toEqual(expect.any(String));
    expect(answers[3].changeOrderTaskId).toBe(taskId);
    const made = await t.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.title, 'Change order: Brand guidelines'), eq(tasks.accountId, accountId)));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      id: taskId,
      accountId,
      assigneeId: owner.id,
      status: 'open',
      dueDate: today(),
      createdById: am.id,
    });
    const got = (await api.get(`/api/v1/deliverables/${d.id}`)).body;
    expect(got).toMatchObject({ revisionRounds: 4, includedRevisions: 2, overRevisionLimit: true });
    const taskAudit = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, taskId), eq(auditLog.entityType, 'task')));
    expect(taskAudit.map((a) => a.action)).toEqual(['task.created']);
    const assigned = await t.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'task.assigned'));
    expect(assigned.filter((e) => e.data.taskId === taskId).map((e) => e.data)).toEqual([
      { taskId, assigneeId: owner.id },
    ]);
    const reviewed = await t.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'deliverable.reviewed'));
    expect(
      reviewed
        .filter((e) => e.data.deliverableId === d.id)
        .map((e) => [e.data.revisionRounds, e.data.overRevisionLimit]),
    ).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
    ]);
  });

  it('sets approvedAt on approval, keeps it on delivery, clears both going back', async () => {
    const d = await make({ status: 'client_review' });
    const patch = (status: string) => api.patch(`/api/v1/deliverables/${d.id}`, { status });
    const approved = await patch('approved');
    expect([approved.status, approved.body.approvedAt, approved.body.deliveredAt]).toEqual([200, now, null]);
    const delivered = await patch('delivered');
    expect([delivered.body.approvedAt, delivered.body.deliveredAt, delivered.body.overdue]).toEqual([
      now,
      now,
      false,
    ]);
    const back = await patch('approved');
    expect([back.body.approvedAt, back.body.deliveredAt]).toEqual([now, null]);
    const reopened = await patch('in_progress');
    expect([reopened.body.approvedAt, reopened.body.deliveredAt, reopened.body.version]).toEqual([
      null,
      null,
      5,
    ]);
    // Created straight as delivered: deliveredAt at once, never approved.
    const direct = await make({ status: 'delivered' });
    expect([direct.approvedAt, direct.deliveredAt]).toEqual([null, now]);
  });

  it('flags overdue as of today and filters the list, soonest due first', async () => {
    const p = await makeProject(accountId, owner.id);
    const mk = (dueDate: string, extra: Record<string, unknown> = {}) =>
      make({ projectId: p.id, dueDate, name: `${dueDate} ${extra.status ?? ''}`, ...extra });
    const late = await mk(day(-3), { status: 'in_progress', assigneeId: designer.id });
    const lateDone = await mk(day(-10), { status: 'approved' });
    const lateCancelled = await mk(day(-1), { status: 'cancelled' });
    const dueToday = await mk(day(0));
    const later = await mk(day(4), { status: 'changes_requested', assigneeId: designer.id });
    expect([late.overdue, lateDone.overdue, lateCancelled.overdue, dueToday.overdue, later.overdue]).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    const ids = async (query: string) => {
      const res = await api.get(`/api/v1/deliverables?projectId=${p.id}${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data.map((r: { id: string }) => r.id);
    };
    expect(await ids('')).toEqual([lateDone.id, late.id, lateCancelled.id, dueToday.id, later.id]);
    expect(await ids('&overdue=true')).toEqual([late.id]);
    expect(await ids('&overdue=false')).toEqual([lateDone.id, lateCancelled.id, dueToday.id, later.id]);
    expect(await ids(`&dueBefore=${day(0)}`)).toEqual([lateDone.id, late.id, lateCancelled.id, dueToday.id]);
    expect(await ids(`&assigneeId=${designer.id}`)).toEqual([late.id, later.id]);
    expect(await ids('&status=approved')).toEqual([lateDone.id]);
    expect(await ids(`&accountId=${accountId}&status=cancelled`)).toEqual([lateCancelled.id]);
    const first = await api.get(`/api/v1/deliverables?projectId=${p.id}&limit=2`);
    const second = await api.get(
      `/api/v1/deliverables?projectId=${p.id}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((r: { id: string }) => r.id)).toEqual([lateCancelled.id, dueToday.id]);
    const bad = await api.get('/api/v1/deliverables?overdue=yes');
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'overdue']);
    // Assigning to someone else raised deliverable.assigned; the caller's own did not.
    const assigned = await t.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'deliverable.assigned'));
    const mine = assigned.filter((e) => [late.id, dueToday.id].includes(e.data.deliverableId as string));
    expect(mine.map((e) => e.data)).toEqual([
      { deliverableId: late.id, projectId: p.id, assigneeId: designer.id },
    ]);
  });

  it('lists the open client requests naming it as blockedBy', async () => {
    const d = await make();
    const [open1, open2, received] = await t.db
      .insert(clientRequests)
      .values(
        (['requested', 'requested', 'received'] as const).map((status, i) => ({
          accountId,
          projectId,
          deliverableId: d.id,
          title: `Logo files ${i}`,
          kind: 'asset' as const,
          dueDate: day(1),
          status,
        })),
      )
      .returning();
    expect(received).toBeDefined();
    const got = (await api.get(`/api/v1/deliverables/${d.id}`)).body;
    expect([...got.blockedBy].sort()).toEqual([open1!.id, open2!.id].sort());
    const listed = (await api.get(`/api/v1/deliverables?projectId=${projectId}`)).body.data.find(
      (r: { id: string }) => r.id === d.id,
    );
    expect([...listed.blockedBy].sort()).toEqual([open1!.id, open2!.id].sort());
  });

  it('patches with events naming the fields, and deletes with its reviews', async () => {
    const d = await make();
    const res = await api.patch(
      `/api/v1/deliverables/${d.id}`,
      { assigneeId: designer.id, effortPoints: 5 },
      { 'if-match': '"1"' },
    );
    expect([res.status, res.body.assigneeId, res.body.effortPoints, res.body.version]).toEqual([
      200,
      designer.id,
      5,
      2,
    ]);
    const stale = await api.patch(`/api/v1/deliverables/${d.id}`, { effortPoints: 6 }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    const badAssignee = await api.patch(`/api/v1/deliverables/${d.id}`, {
      assigneeId: '0190a0a0-0000-7000-8000-000000000000',
    });
    expect([badAssignee.status, badAssignee.body.errors[0].path]).toEqual([400, 'assigneeId']);
    const updated = await t.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'deliverable.updated'));
    expect(updated.filter((e) => e.data.deliverableId === d.id).map((e) => e.data.fields)).toEqual([
      ['assigneeId', 'effortPoints'],
    ]);
    await review(d.id, { outcome: 'approved', by: 'internal' });
    const gone = await api.del(`/api/v1/deliverables/${d.id}`);
    expect(gone.status).toBe(204);
    expect((await api.get(`/api/v1/deliverables/${d.id}`)).status).toBe(404);
    const audit = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, d.id));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'deliverable.created',
      'deliverable.deleted',
      'deliverable.reviewed',
      'deliverable.updated',
    ]);
  });

  it('refuses to review a cancelled deliverable, and viewers write nothing', async () => {
    const d = await make({ status: 'cancelled' });
    const res = await review(d.id, { outcome: 'approved', by: 'client' });
    expect(res.status).toBe(409);
    const viewer = await makeUser(t.db, { role: 'viewer' });
    const v = client(t.app, viewer).raw;
    expect((await v.get(`/api/v1/deliverables/${d.id}`)).status).toBe(200);
    expect((await v.patch(`/api/v1/deliverables/${d.id}`, { status: 'in_progress' })).status).toBe(403);
    expect((await v.post('/api/v1/deliverables', { projectId, name: 'X', dueDate: day(1) })).status).toBe(
      403,
    );
    expect(
      (await v.post(`/api/v1/deliverables/${d.id}/reviews`, { outcome: 'approved', by: 'internal' })).status,
    ).toBe(403);
    expect((await v.del(`/api/v1/deliverables/${d.id}`)).status).toBe(403);
  });

  it('puts the assignee among the project’s people and on the account team, so they see their work', async () => {
    const project = await makeProject(accountId, owner.id, unique('Brochure'));
    const painter = await makeUser(t.db, { role: 'member' });
    const mine = client(t.app, painter).raw;
    const created = await api.post('/api/v1/deliverables', {
      projectId: project.id,
      name: 'Cover art',
      dueDate: day(3),
      assigneeId: painter.id,
    });
    expect(created.status).toBe(201);
    // Not on the account team before: now they see their deliverable, the project and the account.
    expect((await mine.get(`/api/v1/deliverables/${created.body.id}`)).status).toBe(200);
    expect((await mine.get(`/api/v1/accounts/${accountId}`)).status).toBe(200);
    const seen = await api.get(`/api/v1/projects/${project.id}`);
    expect(seen.body.teamMemberIds).toEqual([painter.id]);
    expect(seen.body.version).toBe(2);
    // The owner is not added; a second deliverable for the same person changes nothing.
    await make({ projectId: project.id, assigneeId: owner.id });
    await make({ projectId: project.id, assigneeId: painter.id });
    expect((await api.get(`/api/v1/projects/${project.id}`)).body).toMatchObject({
      teamMemberIds: [painter.id],
      version: 2,
    });
    // Handed on to someone else: they join too.
    const moved = await api.patch(
      `/api/v1/deliverables/${created.body.id}`,
      { assigneeId: designer.id },
      { 'if-match': `"${created.body.version}"` },
    );
    expect(moved.status).toBe(200);
    expect((await api.get(`/api/v1/projects/${project.id}`)).body.teamMemberIds).toEqual([
      painter.id,
      designer.id,
    ]);
    const entries = await t.db
      .select({ action: auditLog.action, changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, project.id), eq(auditLog.action, 'project.updated')))
      .orderBy(asc(auditLog.at));
    expect(entries.map((e) => e.changes)).toEqual([
      { teamMemberIds: [[], [painter.id]] },
      { teamMemberIds: [[painter.id], [designer.id, painter.id].sort()] },
    ]);
  });
});
