import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { type CastMember, makeScopeCast, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
let u: Record<CastMember, TestUser>;
let year = 2030;

beforeAll(async () => {
  t = await testApp();
  u = await makeScopeCast(t.db);
});
afterAll(() => t.close());

const as = (who: CastMember) => client(t.app, u[who]);
/** A fresh year per quota, so quotas of one person never overlap by accident. */
const quotaFor = (userId: string, extra: object = {}) => {
  year += 1;
  return {
    userId,
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-03-31`,
    kind: 'new_arr' as const,
    amount: 50_000,
    ...extra,
  };
};

describe('quota writes', () => {
  it("admins set anyone's; managers only their teams' members'", async () => {
    const made = await as('admin').post('/api/v1/quotas', quotaFor(u.other.id));
    expect(made.status).toBe(201);
    expect(made.headers.location).toBe(`/api/v1/quotas/${made.body.id}`);
    expect(made.body).toMatchObject({ userId: u.other.id, kind: 'new_arr', amount: 50_000, version: 1 });
    expect((await as('mgr').post('/api/v1/quotas', quotaFor(u.am1.id))).status).toBe(201);
    expect((await as('mgr').post('/api/v1/quotas', quotaFor(u.other.id))).status).toBe(403);
    expect((await as('mgr').post('/api/v1/quotas', quotaFor(u.mgr.id))).status).toBe(403);
    expect((await as('am1').post('/api/v1/quotas', quotaFor(u.am1.id))).status).toBe(403);
    expect((await as('viewer').post('/api/v1/quotas', quotaFor(u.am1.id))).status).toBe(403);
    const nobody = await as('admin').post('/api/v1/quotas', quotaFor(crypto.randomUUID()));
    expect([nobody.status, nobody.body.errors[0].path]).toEqual([400, 'userId']);
  });

  it('validates the period and refuses overlapping quotas of one kind', async () => {
    const admin = as('admin');
    const backwards = await admin.post('/api/v1/quotas', quotaFor(u.am2.id, { periodEnd: '2000-01-01' }));
    expect([backwards.status, backwards.body.errors[0].path]).toEqual([400, 'periodEnd']);
    const cents = await admin.post('/api/v1/quotas', quotaFor(u.am2.id, { amount: 0.001 }));
    expect(cents.body.errors[0].path).toBe('amount');

    const q1 = (await admin.post('/api/v1/quotas', quotaFor(u.am2.id))).body;
    const overlap = await admin.post('/api/v1/quotas', {
      ...quotaFor(u.am2.id),
      periodStart: q1.periodEnd,
      periodEnd: `${year}-12-31`,
    });
    expect([overlap.status, overlap.body.errors[0].path]).toEqual([409, 'periodStart']);
    const renewal = await admin.post('/api/v1/quotas', {
      ...quotaFor(u.am2.id),
      ...pick(q1),
      kind: 'renewal',
    });
    expect(renewal.status).toBe(201);
    const next = await admin.post('/api/v1/quotas', {
      ...quotaFor(u.am2.id),
      periodStart: q1.periodEnd.replace('03-31', '04-01'),
    });
    expect(next.status).toBe(201);
    // Moving a quota onto another's period is refused too.
    const moved = await admin.patch(`/api/v1/quotas/${next.body.id}`, { periodStart: q1.periodStart });
    expect(moved.status).toBe(409);
  });

  it('patches with If-Match and audits create, change and delete', async () => {
    const admin = as('admin');
    const q = (await admin.post('/api/v1/quotas', quotaFor(u.am1.id))).body;
    expect(
      (await as('mgr').patch(`/api/v1/quotas/${q.id}`, { amount: 1 }, { 'if-match': '"5"' })).status,
    ).toBe(412);
    const changed = await as('mgr').patch(
      `/api/v1/quotas/${q.id}`,
      { amount: 60_000.5 },
      { 'if-match': '"1"' },
    );
    expect(changed.body).toMatchObject({ amount: 60_000.5, version: 2 });
    expect((await as('mgr').del(`/api/v1/quotas/${q.id}`)).status).toBe(204);
    const trail = (await admin.get(`/api/v1/audit?entityType=quota&entityId=${q.id}`)).body.data;
    expect(trail.map((e: { action: string }) => e.action)).toEqual([
      'quota.deleted',
      'quota.updated',
      'quota.created',
    ]);
    expect(trail[1].changes).toEqual({ amount: [50_000, 60_000.5] });
    expect(trail[1].actorId).toBe(u.mgr.id);
  });
});

describe('quota visibility', () => {
  it("shows your own, a manager their members', admins and viewers everyone's", async () => {
    const admin = as('admin');
    const own = (await admin.post('/api/v1/quotas', quotaFor(u.am1.id))).body;
    const colleague = (await admin.post('/api/v1/quotas', quotaFor(u.am2.id))).body;
    const outsider = (await admin.post('/api/v1/quotas', quotaFor(u.other.id))).body;
    const ids = [own.id, colleague.id, outsider.id];
    const seen = async (who: CastMember) =>
      (await as(who).get('/api/v1/quotas?limit=200&from=2031-01-01')).body.data
        .map((q: { id: string }) => q.id)
        .filter((id: string) => ids.includes(id));
    expect(await seen('admin')).toEqual(ids);
    expect(await seen('viewer')).toEqual(ids);
    expect(await seen('mgr')).toEqual([own.id, colleague.id]);
    expect(await seen('am1')).toEqual([own.id]);
    expect(await seen('mem')).toEqual([]);
    expect((await as('am1').get(`/api/v1/quotas/${colleague.id}`)).status).toBe(404);
    expect((await as('am1').patch(`/api/v1/quotas/${own.id}`, { amount: 1 })).status).toBe(403);
    expect((await as('mgr').get(`/api/v1/quotas/${outsider.id}`)).status).toBe(404);
  });

  it('filters by person, kind and overlapping period', async () => {
    const admin = as('admin');
    const q = (await admin.post('/api/v1/quotas', quotaFor(u.other.id, { kind: 'renewal' }))).body;
    const list = async (query: string) =>
      (await admin.get(`/api/v1/quotas?userId=${u.other.id}&${query}`)).body.data.map(
        (x: { id: string }) => x.id,
      );
    expect(await list('kind=renewal')).toContain(q.id);
    expect(await list('kind=new_arr')).not.toContain(q.id);
    expect(await list(`from=${q.periodEnd}&to=${q.periodEnd}`)).toEqual([q.id]);
    expect(await list(`from=${q.periodStart.replace('01-01', '04-01')}`)).not.toContain(q.id);
  });
});

const pick = (q: { periodStart: string; periodEnd: string }) => ({
  periodStart: q.periodStart,
  periodEnd: q.periodEnd,
});
