import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/rules/dates.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { today as todayUtc } from '../support/clock.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// Issues and opportunities carry their account's name, read with them, so boards and tables need
// no lookup per account; the audit trail records only the record's own fields.

let t: TestApp;
let am: TestUser;
let api: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db);
  api = client(t.app, am);
  admin = client(t.app, await makeUser(t.db, { role: 'admin' }));
});
afterAll(() => t.close());

const newAccount = async () => {
  const name = unique('Harbour Freight');
  const res = await api.post('/api/v1/accounts', { name });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, name };
};
const rename = async (id: string) => {
  const name = unique('Harbour Logistics');
  expect((await api.patch(`/api/v1/accounts/${id}`, { name })).status).toBe(200);
  return name;
};
const trailOf = async (entityType: string, id: string) =>
  (await admin.get(`/api/v1/audit?entityType=${entityType}&entityId=${id}`)).body.data as {
    action: string;
    changes: Record<string, unknown>;
  }[];

describe.each([
  {
    noun: 'issue',
    path: '/api/v1/issues',
    body: { title: 'Export fails', severity: 'p2' },
    patch: { status: 'triaged' },
  },
  {
    noun: 'opportunity',
    path: '/api/v1/opportunities',
    body: { name: 'Analytics add-on', type: 'upsell', amount: 8_000, closeDate: addDays(todayUtc(), 30) },
    patch: { stage: 'proposal' },
  },
])('$noun accountName', ({ noun, path, body, patch }) => {
  it('comes with every read and write, and follows a renamed account', async () => {
    const account = await newAccount();
    const created = await api.raw.post(path, { accountId: account.id, ...body });
    expect(created.status).toBe(201);
    expect(created.body.accountName).toBe(account.name);
    const id = created.body.id as string;
    expect((await api.raw.get(`${path}/${id}`)).body.accountName).toBe(account.name);
    const listed = (await api.raw.get(`${path}?accountId=${account.id}`)).body.data;
    expect(listed.map((r: { id: string; accountName: string }) => [r.id, r.accountName])).toEqual([
      [id, account.name],
    ]);
    const changed = await api.raw.patch(`${path}/${id}`, patch);
    expect([changed.status, changed.body.accountName]).toEqual([200, account.name]);

    const renamed = await rename(account.id);
    expect((await api.raw.get(`${path}/${id}`)).body.accountName).toBe(renamed);
    expect((await api.raw.get(`${path}?accountId=${account.id}`)).body.data[0].accountName).toBe(renamed);
    expect((await api.raw.patch(`${path}/${id}`, patch)).body.accountName).toBe(renamed);
  });

  it('is not written to the audit trail', async () => {
    const account = await newAccount();
    const created = (await api.raw.post(path, { accountId: account.id, ...body })).body;
    await api.raw.patch(`${path}/${created.id}`, patch);
    expect((await api.raw.del(`${path}/${created.id}`)).status).toBe(204);
    const trail = await trailOf(noun, created.id);
    expect(trail.map((e) => e.action)).toEqual([
      `${noun}.deleted`,
      expect.stringMatching(new RegExp(`^${noun}\\.`)),
      `${noun}.created`,
    ]);
    for (const entry of trail) expect(Object.keys(entry.changes)).not.toContain('accountName');
    expect(trail[2]!.changes.accountId).toEqual([null, account.id]);
  });
});
