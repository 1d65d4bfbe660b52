import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../../src/server/features/projects/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { day } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Acceptance 4: a member sees the deliverables of accounts whose team they are on, moves their own
// deliverable to internal review, but cannot approve it for the client (403).

let t: TestApp;
let am: TestUser;
let mem: TestUser;
let stranger: TestUser;
let projectId: string;
let mine: { id: string };
let theirs: { id: string };

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
  mem = await makeUser(t.db, { role: 'member' });
  stranger = await makeUser(t.db, { role: 'member' });
  const account = await makeAccount(t.db, am.id, [mem.id]);
  const [p] = await t.db
    .insert(projects)
    .values({
      accountId: account.id,
      name: unique('Project'),
      startDate: day(-10),
      endDate: day(50),
      ownerId: am.id,
    })
    .returning();
  projectId = p!.id;
  const api = client(t.app, am).raw;
  const make = async (assigneeId: string) => {
    const res = await api.post('/api/v1/deliverables', {
      projectId,
      name: unique('Deliverable'),
      dueDate: day(3),
      assigneeId,
      status: 'in_progress',
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  mine = await make(mem.id);
  theirs = await make(am.id);
});
afterAll(() => t.close());

describe('deliverables for members', () => {
  it('shows the deliverables of accounts whose team the member is on, and no others', async () => {
    const m = client(t.app, mem).raw;
    const list = await m.get(`/api/v1/deliverables?projectId=${projectId}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { id: string }) => d.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect((await m.get(`/api/v1/deliverables/${theirs.id}`)).status).toBe(200);

    const s = client(t.app, stranger).raw;
    expect((await s.get(`/api/v1/deliverables/${mine.id}`)).status).toBe(404);
    expect((await s.get(`/api/v1/deliverables/${mine.id}/reviews`)).status).toBe(404);
    expect((await s.get(`/api/v1/deliverables?projectId=${projectId}`)).body.data).toEqual([]);
    expect((await s.patch(`/api/v1/deliverables/${mine.id}`, { status: 'internal_review' })).status).toBe(
      404,
    );
  });

  it('lets the assignee move it to internal review and review it internally, not approve it for the client', async () => {
    const m = client(t.app, mem).raw;
    const moved = await m.patch(`/api/v1/deliverables/${mine.id}`, { status: 'internal_review' });
    expect([moved.status, moved.body.status]).toEqual([200, 'internal_review']);

    const forClient = await m.post(`/api/v1/deliverables/${mine.id}/reviews`, {
      outcome: 'approved',
      by: 'client',
    });
    expect(forClient.status).toBe(403);
    const changesForClient = await m.post(`/api/v1/deliverables/${mine.id}/reviews`, {
      outcome: 'changes_requested',
      by: 'client',
    });
    expect(changesForClient.status).toBe(403);
    for (const status of ['approved', 'delivered']) {
      const res = await m.patch(`/api/v1/deliverables/${mine.id}`, { status });
      expect([status, res.status]).toEqual([status, 403]);
    }
    const internal = await m.post(`/api/v1/deliverables/${mine.id}/reviews`, {
      outcome: 'approved',
      by: 'internal',
    });
    expect([internal.status, internal.body.status, internal.body.revisionRounds]).toEqual([
      201,
      'client_review',
      0,
    ]);

    // Nothing was approved along the way.
    const got = await m.get(`/api/v1/deliverables/${mine.id}`);
    expect([got.body.status, got.body.approvedAt, got.body.version]).toEqual(['client_review', null, 3]);
  });

  it('refuses every other change (403)', async () => {
    const m = client(t.app, mem).raw;
    const refused = [
      await m.patch(`/api/v1/deliverables/${mine.id}`, { name: 'Renamed' }),
      await m.patch(`/api/v1/deliverables/${mine.id}`, { status: 'in_progress', dueDate: day(9) }),
      await m.patch(`/api/v1/deliverables/${mine.id}`, { assigneeId: mem.id }),
      await m.patch(`/api/v1/deliverables/${theirs.id}`, { status: 'internal_review' }),
      await m.post(`/api/v1/deliverables/${theirs.id}/reviews`, { outcome: 'approved', by: 'internal' }),
      await m.post('/api/v1/deliverables', { projectId, name: 'Mine too', dueDate: day(2) }),
      await m.del(`/api/v1/deliverables/${mine.id}`),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    const untouched = await client(t.app, am).raw.get(`/api/v1/deliverables/${theirs.id}`);
    expect([untouched.body.status, untouched.body.version]).toEqual(['in_progress', 1]);
  });
});
