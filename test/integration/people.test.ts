import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../src/server/audit/record.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeTeam, makeUser, type TestUser, unique } from '../support/factories.ts';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

const send = (who: TestUser, method: 'POST' | 'PATCH', url: string, payload: object) =>
  t.app.inject({ method, url, headers: { ...who.auth, 'content-type': 'application/json' }, payload });

describe('users', () => {
  it('lets only an admin create and change users (403 for the others)', async () => {
    for (const role of ['manager', 'account_manager', 'member', 'viewer'] as const) {
      const u = await makeUser(t.db, { role });
      const res = await send(u, 'POST', '/api/v1/users', {
        email: `${unique('x')}@example.test`,
        name: 'X',
        role: 'member',
      });
      expect(res.statusCode, role).toBe(403);
      expect((await send(u, 'PATCH', `/api/v1/users/${u.id}`, { role: 'admin' })).statusCode, role).toBe(403);
    }
  });

  it('creates a user with teams and refuses a duplicate e-mail with 409', async () => {
    const team = await makeTeam(t.db, admin);
    const email = `${unique('dup')}@example.test`;
    const res = await send(admin, 'POST', '/api/v1/users', {
      email,
      name: 'Dee',
      role: 'account_manager',
      teamIds: [team.id],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email,
      name: 'Dee',
      role: 'account_manager',
      teamIds: [team.id],
      active: true,
      version: 1,
    });
    const again = await send(admin, 'POST', '/api/v1/users', {
      email: email.toUpperCase(),
      name: 'Dee 2',
      role: 'member',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ path: 'email', message: 'is taken' }]);
  });

  it('names an unknown team id by its index', async () => {
    const res = await send(admin, 'POST', '/api/v1/users', {
      email: `${unique('t')}@example.test`,
      name: 'Tee',
      role: 'member',
      teamIds: ['01a20333-d587-7205-9f4b-ae04845d93e5'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'teamIds.0', message: 'is not a team' }]);
  });

  it('never removes the last active admin', async () => {
    const t2 = await testApp({ fresh: true });
    try {
      const only = await makeUser(t2.db, { role: 'admin' });
      const demote = await t2.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${only.id}`,
        headers: { ...only.auth, 'content-type': 'application/json' },
        payload: { role: 'viewer' },
      });
      expect(demote.statusCode).toBe(409);
      expect(demote.json().detail).toMatch(/last active admin/);
    } finally {
      await t2.close();
    }
  });
});

describe('teams', () => {
  it('keeps managers and members, replaced as whole lists', async () => {
    const m = await makeUser(t.db, { role: 'manager' });
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    const res = await send(admin, 'POST', '/api/v1/teams', {
      name: 'North',
      managerIds: [m.id],
      memberIds: [a.id, b.id],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().managerIds).toEqual([m.id]);
    expect(res.json().memberIds).toEqual([a.id, b.id].sort());
    const patched = await send(admin, 'PATCH', `/api/v1/teams/${res.json().id}`, { memberIds: [b.id] });
    expect(patched.json()).toMatchObject({
      name: 'North',
      managerIds: [m.id],
      memberIds: [b.id],
      version: 2,
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: b.auth });
    expect(me.json().teamIds).toEqual([res.json().id]);
    const bad = await send(m, 'POST', '/api/v1/teams', { name: 'Mine' });
    expect(bad.statusCode).toBe(403);
  });
});

describe('audit for managers', () => {
  it('shows a manager the entries on their teams’ accounts only', async () => {
    const mgr = await makeUser(t.db, { role: 'manager' });
    const inTeam = await makeUser(t.db);
    const outside = await makeUser(t.db);
    await makeTeam(t.db, admin, { managerIds: [mgr.id], memberIds: [inTeam.id] });
    const mine = await makeAccount(t.db, inTeam.id);
    const theirs = await makeAccount(t.db, outside.id);
    for (const a of [mine, theirs]) {
      await record(t.db, null, {
        action: 'account.updated',
        entityType: 'account',
        entityId: a.id,
        accountId: a.id,
      });
    }
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?entityType=account',
      headers: mgr.auth,
    });
    expect(res.statusCode).toBe(200);
    const ids = res.json().data.map((e: { entityId: string }) => e.entityId);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
  });
});
