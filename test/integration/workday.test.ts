import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
let am: TestUser;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db);
  api = client(t.app, am);
});
afterAll(() => t.close());

const newAccount = async (extra: object = {}) =>
  (await api.post('/api/v1/accounts', { name: unique('Acct'), ...extra })).body;

describe('meetings', () => {
  it('completing a meeting logs its activity at the scheduled time and moves the check-in', async () => {
    const acct = await newAccount({ segment: 'enterprise' });
    const contact = (await api.post('/api/v1/contacts', { accountId: acct.id, firstName: 'Cleo' })).body;
    const m = await api.post('/api/v1/meetings', {
      accountId: acct.id,
      kind: 'business_review',
      title: 'Q4 business review',
      scheduledAt: '2026-11-20T14:00:00.000Z',
      contactIds: [contact.id],
    });
    expect(m.status).toBe(201);
    expect(m.body).toMatchObject({
      status: 'scheduled',
      durationMinutes: 30,
      userIds: [am.id],
      contactIds: [contact.id],
    });

    const done = await api.post(`/api/v1/meetings/${m.body.id}/complete`, {
      notes: 'Renewal looks safe',
      sentiment: 'positive',
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    const activity = (await api.get(`/api/v1/activities/${done.body.activityId}`)).body;
    expect(activity).toMatchObject({
      type: 'business_review',
      subject: 'Q4 business review',
      body: 'Renewal looks safe',
      occurredAt: '2026-11-20T14:00:00.000Z',
      sentiment: 'positive',
      contactIds: [contact.id],
      meetingId: m.body.id,
    });
    const account = (await api.get(`/api/v1/accounts/${acct.id}`)).body;
    expect(account.lastTouchAt).toBe('2026-11-20T14:00:00.000Z');
    expect(account.nextCheckInDue).toBe('2026-12-04');

    expect((await api.post(`/api/v1/meetings/${m.body.id}/complete`, {})).status).toBe(409);
  });

  it('logs nothing when completion fails half-way', async () => {
    const acct = await newAccount();
    const m = (
      await api.post('/api/v1/meetings', {
        accountId: acct.id,
        kind: 'check_in',
        title: 'Call',
        scheduledAt: '2026-11-21T10:00:00.000Z',
      })
    ).body;
    const tooLong = await api.post(`/api/v1/meetings/${m.id}/complete`, { notes: 'x'.repeat(20_001) });
    expect(tooLong.status).toBe(400);
    const list = await api.get(`/api/v1/activities?accountId=${acct.id}`);
    expect(list.body.data).toEqual([]);
    expect((await api.get(`/api/v1/meetings/${m.id}`)).body.status).toBe('scheduled');
  });
});

describe('tasks', () => {
  it('defaults, completes with completedAt, and reopens', async () => {
    const acct = await newAccount();
    const res = await api.post('/api/v1/tasks', {
      title: 'Send deck',
      accountId: acct.id,
      dueDate: '2026-11-25',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      assigneeId: am.id,
      status: 'open',
      priority: 'normal',
      effortPoints: 1,
      source: 'manual',
      completedAt: null,
    });
    const done = await api.patch(`/api/v1/tasks/${res.body.id}`, { status: 'done' });
    expect(done.body.completedAt).not.toBeNull();
    const reopened = await api.patch(`/api/v1/tasks/${res.body.id}`, { status: 'open' });
    expect(reopened.body.completedAt).toBeNull();
    expect((await api.post('/api/v1/tasks', { title: 'Big', effortPoints: 41 })).body.errors[0].path).toBe(
      'effortPoints',
    );
  });

  it('lets a member work only the tasks assigned to them', async () => {
    const member = await makeUser(t.db, { role: 'member' });
    const theirs = (await api.post('/api/v1/tasks', { title: 'Design review', assigneeId: member.id })).body;
    const mine = (await api.post('/api/v1/tasks', { title: 'Mine' })).body;
    const m = client(t.app, member);
    expect((await m.patch(`/api/v1/tasks/${theirs.id}`, { status: 'in_progress' })).status).toBe(200);
    expect((await m.patch(`/api/v1/tasks/${theirs.id}`, { assigneeId: am.id })).status).toBe(403);
    expect((await m.get(`/api/v1/tasks/${mine.id}`)).status).toBe(404);
    expect((await m.post('/api/v1/tasks', { title: 'New' })).status).toBe(403);
  });
});

describe('timeline', () => {
  it('streams account changes, activities and meetings newest first, by cursor and kind', async () => {
    const acct = await newAccount();
    await api.post('/api/v1/activities', {
      accountId: acct.id,
      type: 'call',
      subject: 'Intro call',
      occurredAt: '2026-01-05T10:00:00.000Z',
    });
    await api.post('/api/v1/meetings', {
      accountId: acct.id,
      kind: 'kickoff',
      title: 'Kickoff',
      scheduledAt: '2026-02-01T09:00:00.000Z',
    });
    await api.patch(`/api/v1/accounts/${acct.id}`, { lifecycleStage: 'onboarding' });

    const all = await api.get(`/api/v1/accounts/${acct.id}/timeline`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((i: { kind: string; title: string }) => `${i.kind}:${i.title}`)).toEqual([
      'account:Account updated',
      `account:Account created: ${acct.name}`,
      'meeting:Kickoff',
      'activity:Intro call',
    ]);
    const first = await api.get(`/api/v1/accounts/${acct.id}/timeline?limit=3`);
    const rest = await api.get(
      `/api/v1/accounts/${acct.id}/timeline?limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body.data.map((i: { title: string }) => i.title)).toEqual(['Intro call']);
    expect(rest.body.nextCursor).toBeNull();
    const onlyActivities = await api.get(`/api/v1/accounts/${acct.id}/timeline?kinds=activity,meeting`);
    expect(onlyActivities.body.data).toHaveLength(2);
    expect((await api.get(`/api/v1/accounts/${acct.id}/timeline?kinds=bogus`)).status).toBe(400);
  });
});

describe('search', () => {
  it('finds accounts and contacts despite a typo, only in scope', async () => {
    const stem = `Qx${unique('').slice(1, 7)}`;
    const corp = await newAccount({ name: `${stem} Corporation` });
    const ltd = await newAccount({ name: `${stem}e Ltd` });
    const c = (
      await api.post('/api/v1/contacts', {
        accountId: corp.id,
        firstName: stem,
        lastName: 'Jones',
        email: 'j@x.test',
      })
    ).body;
    const res = await api.get(`/api/v1/search?q=${stem.toLowerCase()}`);
    expect(res.status).toBe(200);
    const ids = res.body.data.map((h: { id: string }) => h.id);
    expect(ids).toEqual(expect.arrayContaining([corp.id, ltd.id, c.id]));
    expect(res.body.data.find((h: { id: string }) => h.id === c.id)).toMatchObject({
      type: 'contact',
      accountId: corp.id,
    });

    const stranger = await makeUser(t.db);
    const none = await client(t.app, stranger).get(`/api/v1/search?q=${stem}`);
    expect(none.body.data).toEqual([]);
  });
});

describe('agenda', () => {
  it('lists overdue check-ins, the day’s meetings and due tasks, by due date', async () => {
    const owner = await makeUser(t.db);
    const o = client(t.app, owner);
    const a = (await o.post('/api/v1/accounts', { name: 'Alpha', segment: 'enterprise' })).body; // due in 14 days
    await o.post('/api/v1/activities', {
      accountId: a.id,
      type: 'call',
      subject: 'x',
      occurredAt: '2026-10-01T10:00:00.000Z',
    }); // due 2026-10-15
    const b = (await o.post('/api/v1/accounts', { name: 'Beta', segment: 'enterprise' })).body;
    await o.post('/api/v1/activities', {
      accountId: b.id,
      type: 'email',
      subject: 'x',
      occurredAt: '2026-11-01T10:00:00.000Z',
    }); // due 2026-11-15
    const m = (
      await o.post('/api/v1/meetings', {
        accountId: b.id,
        kind: 'check_in',
        title: 'Beta sync',
        scheduledAt: '2026-11-22T15:00:00.000Z',
      })
    ).body;
    await o.post('/api/v1/meetings', {
      accountId: b.id,
      kind: 'check_in',
      title: 'Tomorrow',
      scheduledAt: '2026-11-23T15:00:00.000Z',
    });
    const task = (await o.post('/api/v1/tasks', { title: 'Send proposal', dueDate: '2026-11-20' })).body;
    await o.post('/api/v1/tasks', { title: 'Later', dueDate: '2026-12-20' });

    const res = await o.get('/api/v1/me/agenda?date=2026-11-22');
    expect(res.status).toBe(200);
    // Health is scored as of today, so whether Alpha is also at risk depends on the day the suite runs.
    const relationship = res.body.data.filter((i: { kind: string }) => i.kind !== 'at_risk');
    expect(
      relationship.map((i: { kind: string; title: string; dueDate: string }) => [i.kind, i.title, i.dueDate]),
    ).toEqual([
      ['check_in_overdue', 'Check in with Alpha', '2026-10-15'],
      ['check_in_overdue', 'Check in with Beta', '2026-11-15'],
      ['task', 'Send proposal', '2026-11-20'],
      ['meeting', 'Beta sync', '2026-11-22'],
    ]);
    expect(relationship[3].ref).toEqual({ type: 'meeting', id: m.id });
    expect(relationship[2].ref).toEqual({ type: 'task', id: task.id });

    // A check-in logged today clears Alpha's item.
    await o.post('/api/v1/activities', {
      accountId: a.id,
      type: 'check_in',
      subject: 'Done',
      occurredAt: '2026-11-22T08:00:00.000Z',
    });
    const after = await o.get('/api/v1/me/agenda?date=2026-11-22');
    expect(after.body.data.map((i: { title: string }) => i.title)).not.toContain('Check in with Alpha');

    expect((await api.get(`/api/v1/me/agenda?userId=${owner.id}`)).status).toBe(403);
  });

  it('lets a manager read the agenda of their team members only', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const mgr = await makeUser(t.db, { role: 'manager' });
    const member = await makeUser(t.db);
    const outsider = await makeUser(t.db);
    await client(t.app, admin).post('/api/v1/teams', {
      name: unique('T'),
      managerIds: [mgr.id],
      memberIds: [member.id],
    });
    const m = client(t.app, mgr);
    expect((await m.get(`/api/v1/me/agenda?userId=${member.id}`)).status).toBe(200);
    expect((await m.get(`/api/v1/me/agenda?userId=${outsider.id}`)).status).toBe(404);
    expect((await client(t.app, admin).get(`/api/v1/me/agenda?userId=${outsider.id}`)).status).toBe(200);
  });
});
