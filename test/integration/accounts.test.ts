import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
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

const today = () => testClock.today();
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('accounts', () => {
  it('creates with the defaults of the contract', async () => {
    const res = await api.post('/api/v1/accounts', { name: 'Globex' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/accounts/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Globex',
      domain: null,
      segment: 'smb',
      lifecycleStage: 'prospect',
      ownerId: am.id,
      teamMemberIds: [],
      checkInCadenceDays: 60,
      tags: [],
      customFields: {},
      lastTouchAt: null,
      nextCheckInDue: addDays(today(), 60),
      arr: 0,
      renewalDate: null,
      // No signals or issues yet, and no days since the last touch (its creation): all good.
      healthScore: 100,
      healthBand: 'green',
      churnRisk: 'low',
      version: 1,
    });
  });

  it.each([
    ['enterprise', 14],
    ['mid_market', 30],
    ['smb', 60],
  ] as const)('defaults the check-in cadence of %s to %i days', async (segment, days) => {
    const res = await api.post('/api/v1/accounts', { name: unique('Seg'), segment });
    expect(res.body.checkInCadenceDays).toBe(days);
    expect(res.body.nextCheckInDue).toBe(addDays(today(), days));
  });

  it('lower-cases the domain and keeps it unique among live accounts', async () => {
    const domain = `${unique('acme')}.example.com`;
    const first = await api.post('/api/v1/accounts', { name: 'Acme', domain: domain.toUpperCase() });
    expect(first.body.domain).toBe(domain);
    const clash = await api.post('/api/v1/accounts', { name: 'Acme 2', domain });
    expect(clash.status).toBe(409);
    expect(clash.body.errors).toEqual([{ path: 'domain', message: 'is taken' }]);
    const bad = await api.post('/api/v1/accounts', { name: 'Bad', domain: 'not a host' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('domain');

    // Archived, the domain is free again; restoring the first then clashes.
    const archived = await api.del(`/api/v1/accounts/${first.body.id}`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const second = await api.post('/api/v1/accounts', { name: 'Acme again', domain });
    expect(second.status).toBe(201);
    expect((await api.post(`/api/v1/accounts/${first.body.id}/restore`)).status).toBe(409);
    await api.del(`/api/v1/accounts/${second.body.id}`);
    const restored = await api.post(`/api/v1/accounts/${first.body.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
  });

  it('hides archived accounts from the list unless asked', async () => {
    const a = await api.post('/api/v1/accounts', { name: unique('Arch') });
    await api.del(`/api/v1/accounts/${a.body.id}`);
    const live = await api.get(`/api/v1/accounts?q=${a.body.name}`);
    expect(live.body.data.map((x: { id: string }) => x.id)).not.toContain(a.body.id);
    const arch = await api.get(`/api/v1/accounts?archived=true&q=${a.body.name}`);
    expect(arch.body.data.map((x: { id: string }) => x.id)).toContain(a.body.id);
  });

  it('refuses a parent that would make a cycle', async () => {
    const top = await api.post('/api/v1/accounts', { name: unique('Top') });
    const mid = await api.post('/api/v1/accounts', { name: unique('Mid'), parentAccountId: top.body.id });
    const leaf = await api.post('/api/v1/accounts', { name: unique('Leaf'), parentAccountId: mid.body.id });
    expect(leaf.body.parentAccountId).toBe(mid.body.id);
    const cycle = await api.patch(`/api/v1/accounts/${top.body.id}`, { parentAccountId: leaf.body.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors).toEqual([{ path: 'parentAccountId', message: 'would make a cycle' }]);
    const self = await api.patch(`/api/v1/accounts/${top.body.id}`, { parentAccountId: top.body.id });
    expect(self.status).toBe(400);
  });

  it('requires an owner who can own accounts', async () => {
    const viewer = await makeUser(t.db, { role: 'viewer' });
    const res = await api.post('/api/v1/accounts', { name: 'X', ownerId: viewer.id });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('ownerId');
  });

  it('filters by segment, stage and tag, sorts by next check-in, and audits changes', async () => {
    const tag = unique('tag');
    const a = await api.post('/api/v1/accounts', { name: unique('F'), segment: 'enterprise', tags: [tag] });
    const b = await api.post('/api/v1/accounts', {
      name: unique('F'),
      segment: 'smb',
      tags: [tag],
      lifecycleStage: 'active',
    });
    const bySeg = await api.get(`/api/v1/accounts?tag=${tag}&segment=enterprise`);
    expect(bySeg.body.data.map((x: { id: string }) => x.id)).toEqual([a.body.id]);
    const byStage = await api.get(`/api/v1/accounts?tag=${tag}&lifecycleStage=active`);
    expect(byStage.body.data.map((x: { id: string }) => x.id)).toEqual([b.body.id]);
    const sorted = await api.get(`/api/v1/accounts?tag=${tag}&sort=-nextCheckInDue`);
    expect(sorted.body.data.map((x: { id: string }) => x.id)).toEqual([b.body.id, a.body.id]);
    const due = await api.get(`/api/v1/accounts?tag=${tag}&checkInDueBefore=${addDays(today(), 20)}`);
    expect(due.body.data.map((x: { id: string }) => x.id)).toEqual([a.body.id]);

    const patched = await api.patch(
      `/api/v1/accounts/${a.body.id}`,
      { lifecycleStage: 'onboarding' },
      { 'if-match': '"1"' },
    );
    expect(patched.body.version).toBe(2);
    const admin = await makeUser(t.db, { role: 'admin' });
    const audit = await client(t.app, admin).get(`/api/v1/audit?entityId=${a.body.id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'account.updated',
      'account.created',
    ]);
    expect(audit.body.data[0].changes).toEqual({ lifecycleStage: ['prospect', 'onboarding'] });
  });

  it('finds accounts by name with typos and by domain', async () => {
    const stem = unique('zq').replace('-', '');
    const corp = await api.post('/api/v1/accounts', { name: `${stem} Corporation` });
    const typo = await api.post('/api/v1/accounts', { name: `${stem}e Ltd`, domain: `${stem}.io` });
    await api.post('/api/v1/accounts', { name: unique('Unrelated') });
    const found = await api.get(`/api/v1/accounts?q=${stem}`);
    expect(found.body.data.map((x: { id: string }) => x.id).sort()).toEqual(
      [corp.body.id, typo.body.id].sort(),
    );
    const northwind = await api.post('/api/v1/accounts', { name: `Northwind Rocketry ${stem}` });
    const oneLetterOff = await api.get('/api/v1/accounts?q=nortwind&limit=200');
    expect(oneLetterOff.body.data.map((x: { id: string }) => x.id)).toContain(northwind.body.id);
    const byDomain = await api.get(`/api/v1/accounts?q=${stem}.io`);
    expect(byDomain.body.data.map((x: { id: string }) => x.id)).toContain(typo.body.id);
  });
});

describe('contacts and activities move the check-in', () => {
  it('keeps one primary contact and moves lastTouchAt and nextCheckInDue with touching activities', async () => {
    const acct = (await api.post('/api/v1/accounts', { name: unique('Touch'), segment: 'mid_market' })).body;
    const c1 = await api.post('/api/v1/contacts', {
      accountId: acct.id,
      firstName: 'Pat',
      email: 'PAT@x.test',
      isPrimary: true,
    });
    expect(c1.status).toBe(201);
    expect(c1.body).toMatchObject({ email: 'pat@x.test', isPrimary: true, lastContactedAt: null });
    const c2 = await api.post('/api/v1/contacts', { accountId: acct.id, lastName: 'Lee', isPrimary: true });
    expect((await api.get(`/api/v1/contacts/${c1.body.id}`)).body.isPrimary).toBe(false);
    expect(c2.body.isPrimary).toBe(true);
    expect(
      (await api.post('/api/v1/contacts', { accountId: acct.id, firstName: 'Dup', email: 'pat@x.test' }))
        .status,
    ).toBe(409);
    const nameless = await api.post('/api/v1/contacts', { accountId: acct.id, email: 'n@x.test' });
    expect(nameless.status).toBe(400);

    const note = await api.post('/api/v1/activities', {
      accountId: acct.id,
      type: 'note',
      subject: 'Internal note',
    });
    expect(note.status).toBe(201);
    expect((await api.get(`/api/v1/accounts/${acct.id}`)).body.lastTouchAt).toBeNull();

    const call = await api.post('/api/v1/activities', {
      accountId: acct.id,
      type: 'check_in',
      subject: 'Quarterly check-in',
      occurredAt: '2026-10-01T15:00:00.000Z',
      contactIds: [c1.body.id],
      sentiment: 'positive',
    });
    expect(call.status).toBe(201);
    let account = (await api.get(`/api/v1/accounts/${acct.id}`)).body;
    expect(account.lastTouchAt).toBe('2026-10-01T15:00:00.000Z');
    expect(account.nextCheckInDue).toBe('2026-10-31');
    expect((await api.get(`/api/v1/contacts/${c1.body.id}`)).body.lastContactedAt).toBe(
      '2026-10-01T15:00:00.000Z',
    );

    await api.patch(`/api/v1/activities/${call.body.id}`, { occurredAt: '2026-11-02T09:00:00.000Z' });
    account = (await api.get(`/api/v1/accounts/${acct.id}`)).body;
    expect(account.nextCheckInDue).toBe('2026-12-02');

    expect((await api.del(`/api/v1/activities/${call.body.id}`)).status).toBe(204);
    account = (await api.get(`/api/v1/accounts/${acct.id}`)).body;
    expect(account.lastTouchAt).toBeNull();
    expect(account.nextCheckInDue).toBe(addDays(account.createdAt.slice(0, 10), 30));
  });

  it('refuses a contact of another account on an activity, naming its index', async () => {
    const a = (await api.post('/api/v1/accounts', { name: unique('A') })).body;
    const b = (await api.post('/api/v1/accounts', { name: unique('B') })).body;
    const cb = (await api.post('/api/v1/contacts', { accountId: b.id, firstName: 'Bo' })).body;
    const res = await api.post('/api/v1/activities', {
      accountId: a.id,
      type: 'call',
      subject: 'x',
      contactIds: [cb.id],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'contactIds.0', message: 'is not a contact of this account' }]);
  });
});
