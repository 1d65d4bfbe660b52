import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Due times here use the default SLA hours (p1 4, p2 24, p3 72, p4 168); changing them is in
// issues-sla.test.ts, on a database of its own.

let t: TestApp;
let am: TestUser;
let admin: TestUser;
let api: ReturnType<typeof client>;
let accountId: string;
const HOUR = 3_600_000;
const hoursAgo = (n: number) => new Date(testClock.now().getTime() - n * HOUR).toISOString();

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db);
  admin = await makeUser(t.db, { role: 'admin' });
  api = client(t.app, am);
  accountId = (await makeAccount(t.db, am.id)).id;
});
afterAll(() => t.close());

const open = async (extra: object = {}) => {
  const res = await api.post('/api/v1/issues', {
    accountId,
    title: 'Export fails',
    severity: 'p2',
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
};

describe('issues', () => {
  it('opens with defaults and a due time from the severity’s SLA', async () => {
    const res = await api.post('/api/v1/issues', {
      accountId,
      title: 'Invoice shows the wrong VAT rate',
      severity: 'p2',
      internalTeam: 'finance',
      openedAt: '2026-11-20T09:30:00.000Z',
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/issues/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'new',
      openedAt: '2026-11-20T09:30:00.000Z',
      slaDueAt: '2026-11-21T09:30:00.000Z',
      resolvedAt: null,
      breached: true,
      assigneeId: null,
      createdById: am.id,
      version: 1,
    });
    const fresh = await open({ severity: 'p4' });
    expect(Date.parse(fresh.slaDueAt) - Date.parse(fresh.openedAt)).toBe(168 * HOUR);
    expect(fresh.breached).toBe(false);
  });

  it('re-times the SLA when the severity or opening time changes', async () => {
    const issue = await open({ openedAt: '2026-11-20T09:30:00.000Z' });
    const regraded = await api.patch(`/api/v1/issues/${issue.id}`, { severity: 'p1' }, { 'if-match': '"1"' });
    expect(regraded.body).toMatchObject({ severity: 'p1', slaDueAt: '2026-11-20T13:30:00.000Z', version: 2 });
    const moved = await api.patch(`/api/v1/issues/${issue.id}`, { openedAt: '2026-11-22T00:00:00.000Z' });
    expect(moved.body.slaDueAt).toBe('2026-11-22T04:00:00.000Z');
    expect(
      (await api.patch(`/api/v1/issues/${issue.id}`, { title: 'x' }, { 'if-match': '"1"' })).status,
    ).toBe(412);
  });

  it('sets resolvedAt on resolving, keeps it on closing, clears it on reopening', async () => {
    const issue = await open({ severity: 'p1', openedAt: hoursAgo(1) });
    const resolved = (await api.patch(`/api/v1/issues/${issue.id}`, { status: 'resolved' })).body;
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.breached).toBe(false); // resolved within the 4 hours
    const closed = (await api.patch(`/api/v1/issues/${issue.id}`, { status: 'closed' })).body;
    expect(closed.resolvedAt).toBe(resolved.resolvedAt);
    const reopened = (await api.patch(`/api/v1/issues/${issue.id}`, { status: 'in_progress' })).body;
    expect(reopened.resolvedAt).toBeNull();
    const late = await open({ severity: 'p1', openedAt: hoursAgo(5) });
    expect(late.breached).toBe(true);
    const admin_ = client(t.app, admin);
    const trail = (await admin_.get(`/api/v1/audit?entityType=issue&entityId=${issue.id}`)).body.data;
    expect(trail.map((e: { action: string }) => e.action)).toEqual([
      'issue.reopened',
      'issue.updated',
      'issue.resolved',
      'issue.created',
    ]);
    expect(trail[2].changes.status).toEqual(['new', 'resolved']);
  });

  it('filters by every field, breach included, and sorts by due time', async () => {
    const acct = (await makeAccount(t.db, am.id)).id;
    const engineer = await makeUser(t.db, { role: 'member' });
    const late = (
      await api.post('/api/v1/issues', {
        accountId: acct,
        title: 'Late',
        severity: 'p1',
        openedAt: hoursAgo(10),
      })
    ).body;
    const soon = (
      await api.post('/api/v1/issues', {
        accountId: acct,
        title: 'Soon',
        severity: 'p3',
        internalTeam: 'engineering',
        assigneeId: engineer.id,
      })
    ).body;
    const ids = async (q: string) =>
      (await api.get(`/api/v1/issues?accountId=${acct}&${q}`)).body.data.map((i: { id: string }) => i.id);
    expect(await ids('breached=true')).toEqual([late.id]);
    expect(await ids('breached=false')).toEqual([soon.id]);
    expect(await ids('severity=p3')).toEqual([soon.id]);
    expect(await ids(`assigneeId=${engineer.id}`)).toEqual([soon.id]);
    expect(await ids('internalTeam=engineering')).toEqual([soon.id]);
    expect(await ids('status=new')).toEqual([soon.id, late.id]);
    expect(await ids('sort=slaDueAt')).toEqual([late.id, soon.id]);
    const first = await api.get(`/api/v1/issues?accountId=${acct}&limit=1`);
    const second = await api.get(`/api/v1/issues?accountId=${acct}&limit=1&cursor=${first.body.nextCursor}`);
    expect([...first.body.data, ...second.body.data].map((i: { id: string }) => i.id)).toEqual([
      soon.id,
      late.id,
    ]);
  });

  it('checks the reporting contact and the assignee', async () => {
    const elsewhere = (await makeAccount(t.db, am.id)).id;
    const contact = (await api.post('/api/v1/contacts', { accountId: elsewhere, firstName: 'Ana' })).body;
    const bad = await api.post('/api/v1/issues', {
      accountId,
      title: 'x',
      severity: 'p3',
      reportedByContactId: contact.id,
    });
    expect(bad.body.errors).toEqual([
      { path: 'reportedByContactId', message: 'is not a contact of this account' },
    ]);
    const noone = await api.post('/api/v1/issues', {
      accountId,
      title: 'x',
      severity: 'p3',
      assigneeId: '01900000-0000-7000-8000-000000000000',
    });
    expect(noone.body.errors[0].path).toBe('assigneeId');
    expect(
      (await api.raw.post('/api/v1/issues', { accountId, title: 'x', severity: 'p5' })).body.errors[0].path,
    ).toBe('severity');
  });
});

describe('issue scope and roles', () => {
  it('hides issues outside scope, lets members work the ones assigned to them', async () => {
    const other = await makeUser(t.db);
    const theirs = (await makeAccount(t.db, other.id)).id;
    const hidden = (
      await client(t.app, other).post('/api/v1/issues', { accountId: theirs, title: 'x', severity: 'p3' })
    ).body;
    expect((await api.get(`/api/v1/issues/${hidden.id}`)).status).toBe(404);
    expect((await api.get(`/api/v1/issues?accountId=${theirs}`)).body.data).toEqual([]);
    expect((await api.post('/api/v1/issues', { accountId: theirs, title: 'x', severity: 'p3' })).status).toBe(
      400,
    );

    const onTeam = await makeUser(t.db, { role: 'member' });
    const teamAccount = (await makeAccount(t.db, am.id, [onTeam.id])).id;
    const assigned = (
      await api.post('/api/v1/issues', {
        accountId: teamAccount,
        title: 'Bug',
        severity: 'p2',
        assigneeId: onTeam.id,
      })
    ).body;
    const unassigned = (
      await api.post('/api/v1/issues', { accountId: teamAccount, title: 'Other', severity: 'p2' })
    ).body;
    const member = client(t.app, onTeam);
    expect((await member.get(`/api/v1/issues/${unassigned.id}`)).status).toBe(200);
    expect((await member.patch(`/api/v1/issues/${assigned.id}`, { status: 'in_progress' })).status).toBe(200);
    expect((await member.patch(`/api/v1/issues/${assigned.id}`, { severity: 'p1' })).status).toBe(403);
    expect((await member.patch(`/api/v1/issues/${unassigned.id}`, { status: 'triaged' })).status).toBe(403);
    expect(
      (await member.post('/api/v1/issues', { accountId: teamAccount, title: 'x', severity: 'p3' })).status,
    ).toBe(403);
    expect(
      (await member.post(`/api/v1/issues/${unassigned.id}/updates`, { body: 'hi', visibility: 'internal' }))
        .status,
    ).toBe(403);

    // An assignee who is not on the account team still sees the issue they must work.
    const outsider = await makeUser(t.db, { role: 'member' });
    await api.patch(`/api/v1/issues/${unassigned.id}`, { assigneeId: outsider.id });
    expect((await client(t.app, outsider).get(`/api/v1/issues/${unassigned.id}`)).status).toBe(200);
    expect((await client(t.app, outsider).get(`/api/v1/issues/${assigned.id}`)).status).toBe(404);

    const viewer = client(t.app, await makeUser(t.db, { role: 'viewer' }));
    expect((await viewer.get(`/api/v1/issues/${hidden.id}`)).status).toBe(200);
    expect((await viewer.patch(`/api/v1/issues/${hidden.id}`, { status: 'closed' })).status).toBe(403);
  });
});

describe('issue updates', () => {
  it('threads updates oldest first with the caller as author, audited', async () => {
    const issue = await open();
    const first = await api.post(`/api/v1/issues/${issue.id}/updates`, {
      body: 'Looking into it',
      visibility: 'client',
    });
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/issues/${issue.id}/updates/${first.body.id}`);
    expect(first.body).toMatchObject({
      issueId: issue.id,
      body: 'Looking into it',
      visibility: 'client',
      authorId: am.id,
    });
    await api.post(`/api/v1/issues/${issue.id}/updates`, {
      body: 'Root cause found',
      visibility: 'internal',
    });
    const thread = (await api.get(`/api/v1/issues/${issue.id}/updates`)).body.data;
    expect(thread.map((u: { body: string }) => u.body)).toEqual(['Looking into it', 'Root cause found']);
    expect((await api.raw.get(first.headers.location as string)).body.id).toBe(first.body.id);
    const bad = await api.raw.post(`/api/v1/issues/${issue.id}/updates`, { body: '', visibility: 'public' });
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body', 'visibility']);
    const trail = (
      await client(t.app, admin).get(`/api/v1/audit?entityType=issue_update&entityId=${first.body.id}`)
    ).body.data;
    expect(trail[0]).toMatchObject({ action: 'issue.update_posted', actorId: am.id });
    expect(trail[0].changes.visibility).toEqual([null, 'client']);
  });
});
