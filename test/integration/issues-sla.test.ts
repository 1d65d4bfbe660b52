import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

// SLA hours are deployment-wide, so this suite has a database of its own.

let t: TestApp;
let admin: TestUser;
let am: TestUser;

beforeAll(async () => {
  t = await testApp({ fresh: true });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
});
afterAll(() => t.close());

const put = (who: TestUser, body: object) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/settings/sla',
    headers: { ...who.auth, 'content-type': 'application/json' },
    payload: body,
  });

describe('SLA settings', () => {
  it('default to 4, 24, 72 and 168 hours and change only future due times', async () => {
    const api = client(t.app, am);
    expect((await api.get('/api/v1/settings/sla')).body).toEqual({ p1: 4, p2: 24, p3: 72, p4: 168 });
    const accountId = (await makeAccount(t.db, am.id)).id;
    const openedAt = '2026-11-20T09:30:00.000Z';
    const before = (await api.post('/api/v1/issues', { accountId, title: 'Old', severity: 'p1', openedAt }))
      .body;

    const res = await put(admin, { p1: 2, p2: 8, p3: 40, p4: 100 });
    expect(res.statusCode).toBe(200);
    expect((await api.get('/api/v1/settings/sla')).body).toEqual({ p1: 2, p2: 8, p3: 40, p4: 100 });
    const after = (await api.post('/api/v1/issues', { accountId, title: 'New', severity: 'p1', openedAt }))
      .body;
    expect(after.slaDueAt).toBe('2026-11-20T11:30:00.000Z');
    expect((await api.get(`/api/v1/issues/${before.id}`)).body.slaDueAt).toBe('2026-11-20T13:30:00.000Z');
    // Re-grading uses the hours in force: p3 → 40 hours.
    const regraded = await api.patch(`/api/v1/issues/${before.id}`, { severity: 'p3' });
    expect(regraded.body.slaDueAt).toBe('2026-11-22T01:30:00.000Z');

    const trail = (await client(t.app, admin).get('/api/v1/audit?action=sla_hours.updated')).body.data;
    expect(trail[0].changes).toEqual({ p1: [4, 2], p2: [24, 8], p3: [72, 40], p4: [168, 100] });
  });

  it('takes positive whole hours for every severity, from admins only', async () => {
    const bad = await put(admin, { p1: 0, p2: 1.5, p3: 72 });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['p1', 'p2', 'p4']);
    expect((await put(am, { p1: 1, p2: 2, p3: 3, p4: 4 })).statusCode).toBe(403);
  });
});
