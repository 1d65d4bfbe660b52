import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
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

async function accountWithArr(owner: TestUser, arr: number) {
  const row = await makeAccount(t.db, owner.id);
  await t.db.update(accounts).set({ arr }).where(eq(accounts.id, row.id));
  return row.id;
}

describe('feedback', () => {
  it('logs feedback from a contact of the account, changes and filters it, audited', async () => {
    const accountId = await accountWithArr(am, 0);
    const contact = (await api.post('/api/v1/contacts', { accountId, firstName: 'Ines' })).body;
    const area = unique('Reporting');
    const res = await api.post('/api/v1/feedback', {
      accountId,
      contactId: contact.id,
      title: 'Scheduled PDF reports',
      body: 'Every Monday',
      productArea: area,
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/feedback/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'new',
      contactId: contact.id,
      productArea: area,
      createdById: am.id,
    });
    const planned = await api.patch(
      `/api/v1/feedback/${res.body.id}`,
      { status: 'planned' },
      { 'if-match': '"1"' },
    );
    expect(planned.body).toMatchObject({ status: 'planned', version: 2 });
    await api.post('/api/v1/feedback', { accountId, title: 'Dark mode', productArea: area });
    const titles = async (q: string) =>
      (await api.get(`/api/v1/feedback?${q}`)).body.data.map((f: { title: string }) => f.title);
    expect(await titles(`productArea=${area}`)).toEqual(['Dark mode', 'Scheduled PDF reports']);
    expect(await titles(`productArea=${area}&status=planned`)).toEqual(['Scheduled PDF reports']);
    expect(await titles(`accountId=${accountId}&limit=1`)).toEqual(['Dark mode']);

    const elsewhere = await accountWithArr(am, 0);
    const stranger = (await api.post('/api/v1/contacts', { accountId: elsewhere, firstName: 'Bo' })).body;
    const bad = await api.post('/api/v1/feedback', { accountId, contactId: stranger.id, title: 'x' });
    expect(bad.body.errors).toEqual([{ path: 'contactId', message: 'is not a contact of this account' }]);
    expect((await api.patch(`/api/v1/feedback/${res.body.id}`, { contactId: stranger.id })).status).toBe(400);
    expect(
      (await api.raw.post('/api/v1/feedback', { accountId, title: 'x', status: 'maybe' })).body.errors[0]
        .path,
    ).toBe('status');

    const admin = client(t.app, await makeUser(t.db, { role: 'admin' }));
    const trail = (await admin.get(`/api/v1/audit?entityType=feedback&entityId=${res.body.id}`)).body.data;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['feedback.updated', 'feedback.created']);
    expect(trail[0].changes.status).toEqual(['new', 'planned']);
  });

  it('is visible only with its account', async () => {
    const other = await makeUser(t.db);
    const theirs = await accountWithArr(other, 0);
    const item = (await client(t.app, other).post('/api/v1/feedback', { accountId: theirs, title: 'Hidden' }))
      .body;
    expect((await api.get(`/api/v1/feedback/${item.id}`)).status).toBe(404);
    expect((await api.get(`/api/v1/feedback?accountId=${theirs}`)).body.data).toEqual([]);
    expect((await api.patch(`/api/v1/feedback/${item.id}`, { status: 'declined' })).status).toBe(404);
    expect((await api.post('/api/v1/feedback', { accountId: theirs, title: 'x' })).status).toBe(400);
    const viewer = client(t.app, await makeUser(t.db, { role: 'viewer' }));
    expect((await viewer.post('/api/v1/feedback', { accountId: theirs, title: 'x' })).status).toBe(403);
  });
});

describe('feedback themes', () => {
  it('weights themes by the current ARR of their distinct accounts, in scope', async () => {
    const other = await makeUser(t.db);
    const big = await accountWithArr(am, 1000);
    const small = await accountWithArr(am, 500.25);
    const theirs = await accountWithArr(other, 5000);
    const reporting = unique('Reporting');
    const billing = unique('Billing');
    const log = (who: TestUser, accountId: string, productArea: string, title: string) =>
      client(t.app, who).post('/api/v1/feedback', { accountId, productArea, title });
    await log(am, big, reporting, `${reporting} PDF`);
    await log(am, big, reporting, `${reporting} filters`);
    await log(am, small, reporting, `${reporting} PDF`);
    await log(am, big, billing, `${billing} invoices`);
    await log(other, theirs, billing, `${billing} invoices`);

    const mine = (rows: { key: string | null }[]) =>
      rows.filter((r) => r.key?.startsWith(reporting) || r.key?.startsWith(billing));
    const byArea = (await api.get('/api/v1/reports/feedback-themes')).body;
    expect(mine(byArea)).toEqual([
      { key: reporting, count: 3, accounts: 2, arr: 1500.25 },
      { key: billing, count: 1, accounts: 1, arr: 1000 },
    ]);
    const admin = client(t.app, await makeUser(t.db, { role: 'admin' }));
    expect(mine((await admin.get('/api/v1/reports/feedback-themes?groupBy=productArea')).body)).toEqual([
      { key: billing, count: 2, accounts: 2, arr: 6000 },
      { key: reporting, count: 3, accounts: 2, arr: 1500.25 },
    ]);
    expect(mine((await api.get('/api/v1/reports/feedback-themes?groupBy=title')).body)).toEqual([
      { key: `${reporting} PDF`, count: 2, accounts: 2, arr: 1500.25 },
      { key: `${billing} invoices`, count: 1, accounts: 1, arr: 1000 },
      { key: `${reporting} filters`, count: 1, accounts: 1, arr: 1000 },
    ]);
    expect((await api.get('/api/v1/reports/feedback-themes?groupBy=status')).status).toBe(400);
  });

  it('lists the items of a theme through the title and product-area filters', async () => {
    const other = await makeUser(t.db);
    const big = await accountWithArr(am, 1000);
    const small = await accountWithArr(am, 250);
    const theirs = await accountWithArr(other, 5000);
    const sso = unique('SSO with Okta');
    const log = (who: TestUser, accountId: string, title: string, productArea?: string) =>
      client(t.app, who).post('/api/v1/feedback', { accountId, title, productArea });
    const first = (await log(am, big, sso, 'Security')).body;
    const second = (await log(am, small, sso)).body;
    await log(am, big, `${sso} and Azure`, 'Security');
    await log(am, big, sso.toUpperCase(), 'Security');
    await log(other, theirs, sso, 'Security');

    const theme = (await api.get('/api/v1/reports/feedback-themes?groupBy=title')).body.find(
      (r: { key: string }) => r.key === sso,
    );
    expect(theme).toEqual({ key: sso, count: 2, accounts: 2, arr: 1250 });
    const items = (await api.get(`/api/v1/feedback?title=${encodeURIComponent(sso)}`)).body.data;
    expect(items.map((f: { id: string }) => f.id)).toEqual([second.id, first.id]);
    const withTitle = async (q: string) =>
      (await api.get(`/api/v1/feedback?title=${encodeURIComponent(sso)}&${q}`)).body.data.map(
        (f: { id: string }) => f.id,
      );
    expect(await withTitle(`accountId=${big}`)).toEqual([first.id]);
    expect(await withTitle('hasProductArea=false')).toEqual([second.id]);
    expect(await withTitle('hasProductArea=true')).toEqual([first.id]);
    expect(await withTitle('limit=1')).toEqual([second.id]);

    const bad = await api.get('/api/v1/feedback?title=');
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'title']);
    expect((await api.get(`/api/v1/feedback?title=${'x'.repeat(201)}`)).status).toBe(400);
    expect((await api.get('/api/v1/feedback?hasProductArea=maybe')).body.errors[0].path).toBe(
      'hasProductArea',
    );
  });

  it('names the account of every item, outside the audit trail', async () => {
    const accountId = await accountWithArr(am, 0);
    const name = (await api.get(`/api/v1/accounts/${accountId}`)).body.name;
    const created = await api.post('/api/v1/feedback', { accountId, title: 'Bulk edit' });
    expect(created.body.accountName).toBe(name);
    expect((await api.get(`/api/v1/feedback/${created.body.id}`)).body.accountName).toBe(name);
    expect((await api.get(`/api/v1/feedback?accountId=${accountId}`)).body.data[0].accountName).toBe(name);
    const changed = await api.patch(`/api/v1/feedback/${created.body.id}`, { status: 'planned' });
    expect(changed.body.accountName).toBe(name);
    const admin = client(t.app, await makeUser(t.db, { role: 'admin' }));
    const trail = (await admin.get(`/api/v1/audit?entityType=feedback&entityId=${created.body.id}`)).body
      .data;
    expect(trail.map((e: { changes: object }) => Object.keys(e.changes).includes('accountName'))).toEqual([
      false,
      false,
    ]);
  });
});
