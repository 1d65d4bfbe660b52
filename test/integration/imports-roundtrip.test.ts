import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

// What Steward exports, Steward imports back: in upsert mode, an export changes nothing.
let t: TestApp;
let admin: TestUser;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await testApp({ fresh: true });
  admin = await makeUser(t.db, { role: 'admin' });
  api = client(t.app, admin);
});
afterAll(() => t.close());

async function exportCsv(entity: string): Promise<string> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/exports/${entity}.csv`,
    headers: admin.auth,
  });
  expect(res.statusCode).toBe(200);
  return res.body;
}

async function reimport(entity: string, csv: string) {
  const up = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}`,
    headers: { ...admin.auth, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(up.statusCode).toBe(201);
  const id = up.json().id;
  expect(up.json().source).toBe('steward');
  expect((await api.raw.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
  for (;;) {
    const got = (await api.raw.get(`/api/v1/imports/${id}`)).body;
    if (got.status !== 'running') return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('export → import round trip', () => {
  it('accounts, contacts, opportunities, contracts and activities come back unchanged: nothing created, updated or failed, no version moves', async () => {
    const owner = await makeUser(t.db, { name: 'Round Trip' });
    const parent = await api.post('/api/v1/accounts', {
      name: 'Parent, "Holdings" Ltd',
      domain: 'parent-holdings.example',
      ownerId: owner.id,
      segment: 'enterprise',
      tags: ['key', 'emea'],
      customFields: { tier: 2, region: 'North; East', vip: true, note: 'line one\nline two' },
    });
    const child = await api.post('/api/v1/accounts', {
      name: 'Child Co',
      domain: 'child-co.example',
      parentAccountId: parent.body.id,
      lifecycleStage: 'active',
      checkInCadenceDays: 21,
    });
    const bare = await api.post('/api/v1/accounts', { name: 'No Domain Inc' });
    for (const r of [parent, child, bare]) expect(r.status).toBe(201);
    await api.post('/api/v1/contacts', {
      accountId: parent.body.id,
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@parent-holdings.example',
      isPrimary: true,
      role: 'champion',
      notes: 'Prefers e-mail, "never" calls',
    });
    await api.post('/api/v1/contacts', { accountId: child.body.id, lastName: 'Only' });
    await api.post('/api/v1/opportunities', {
      accountId: parent.body.id,
      name: 'Expansion',
      type: 'upsell',
      stage: 'proposal',
      amount: 12500.5,
      closeDate: '2027-01-31',
      nextStep: 'Send quote',
      nextStepDue: '2026-12-20',
    });
    await api.post('/api/v1/opportunities', {
      accountId: child.body.id,
      name: 'Lost deal',
      type: 'new_business',
      stage: 'closed_lost',
      amount: 900,
      closeDate: '2026-10-01',
      lostReason: 'Budget',
    });
    await api.post('/api/v1/contracts', {
      accountId: parent.body.id,
      name: 'MSA 2026',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      arr: 48000,
      autoRenew: true,
      upliftPercent: 3.5,
      renewalWindowDays: 90,
    });
    await api.post('/api/v1/activities', {
      accountId: parent.body.id,
      type: 'call',
      subject: 'Kick-off',
      body: 'Agenda: a, b; c',
      occurredAt: '2026-11-02T15:30:00.000Z',
      sentiment: 'positive',
    });

    const before = {
      accounts: (await api.get('/api/v1/accounts?limit=100')).body.data,
      contacts: (await api.get('/api/v1/contacts?limit=100')).body.data,
    };
    for (const entity of ['accounts', 'contacts', 'opportunities', 'contracts', 'activities']) {
      const csv = await exportCsv(entity);
      const done = await reimport(entity, csv);
      const rows = csv.replace(/^\uFEFF/, '').split('\r\n').length - 2;
      expect({ entity, status: done.status, ...done.progress }).toMatchObject({
        entity,
        status: 'completed',
        done: rows,
        created: 0,
        updated: 0,
        failed: 0,
        skipped: rows,
      });
    }
    expect((await api.get('/api/v1/accounts?limit=100')).body.data).toEqual(before.accounts);
    expect((await api.get('/api/v1/contacts?limit=100')).body.data).toEqual(before.contacts);
  });
});
