import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '../../src/server/events/outbox.table.ts';
import { projects } from '../../src/server/features/projects/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { day, today } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// The vendors directory and their engagements on projects: each vendor's record worked by hand,
// the delivery facts (deliveredOn by default, rating only once delivered), scope by the project's
// account, the roles that write, names unique whatever their case, audit and events.

let t: TestApp;
let admin: TestUser;
let am: TestUser;
let outsider: TestUser;
let member: TestUser;
let viewer: TestUser;
let api: ReturnType<typeof client>['raw'];
let accountId: string;
let projectId: string;
let otherProjectId: string;

async function makeProject(accountOf: string, ownerId: string, name = unique('Project')) {
  const [row] = await t.db
    .insert(projects)
    .values({ accountId: accountOf, name, startDate: day(-30), endDate: day(60), ownerId })
    .returning();
  return row!;
}

async function newVendor(extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/vendors', { name: unique('Vendor'), ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function engage(vendorId: string, extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/vendor-engagements', { vendorId, projectId, cost: 100, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const eventTypes = async (key: string, id: string) =>
  (
    await t.db
      .select({ type: domainEvents.type, data: domainEvents.data })
      .from(domainEvents)
      .orderBy(asc(domainEvents.id))
  )
    .filter((e) => (e.data as Record<string, unknown>)[key] === id)
    .map((e) => e.type);

beforeAll(async () => {
  t = await testApp();
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db, { role: 'account_manager' });
  outsider = await makeUser(t.db, { role: 'account_manager' });
  member = await makeUser(t.db, { role: 'member' });
  viewer = await makeUser(t.db, { role: 'viewer' });
  api = client(t.app, am).raw;
  accountId = (await makeAccount(t.db, am.id, [member.id])).id;
  projectId = (await makeProject(accountId, am.id, 'Spring launch')).id;
  const otherAccount = await makeAccount(t.db, outsider.id);
  otherProjectId = (await makeProject(otherAccount.id, outsider.id, 'Their project')).id;
});
afterAll(() => t.close());

describe('vendors', () => {
  it('creates with the defaults and an empty record; everyone signed in reads them', async () => {
    const name = unique('Acme Studio');
    const res = await api.post('/api/v1/vendors', {
      name,
      category: 'Print',
      email: 'hello@acme.example',
      website: 'https://acme.example',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/vendors/${res.body.id}`);
    expect(res.body).toMatchObject({
      name,
      category: 'Print',
      email: 'hello@acme.example',
      phone: null,
      website: 'https://acme.example',
      notes: null,
      active: true,
      version: 1,
      engagements: 0,
      totalCost: 0,
      averageRating: null,
      onTimeRate: null,
    });
    for (const who of [member, viewer, outsider]) {
      const read = await client(t.app, who).raw.get(`/api/v1/vendors/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    }
    const found = await client(t.app, viewer).raw.get(
      `/api/v1/vendors?q=${encodeURIComponent(name.slice(0, 14))}`,
    );
    expect(found.body.data.map((v: { id: string }) => v.id)).toContain(res.body.id);
  });

  it('keeps names unique whatever their case, naming the field', async () => {
    const name = unique('Acme Print');
    await newVendor({ name });
    const clash = await api.post('/api/v1/vendors', { name: name.toLowerCase().replace('acme', 'ACME') });
    expect(clash.status).toBe(409);
    expect(clash.body.errors).toEqual([{ path: 'name', message: 'is taken' }]);
    const other = await newVendor();
    const renamed = await api.patch(`/api/v1/vendors/${other.id}`, { name: name.toUpperCase() });
    expect(renamed.status).toBe(409);
    expect(renamed.body.errors[0].path).toBe('name');
    // A vendor may change the case of its own name.
    const own = await newVendor({ name: unique('studio') });
    const recased = await api.patch(`/api/v1/vendors/${own.id}`, { name: own.name.toUpperCase() });
    expect(recased.status).toBe(200);
  });

  it('lets admins, managers and account managers write; members and viewers get 403', async () => {
    const v = await newVendor();
    for (const who of [member, viewer]) {
      const as = client(t.app, who).raw;
      expect((await as.post('/api/v1/vendors', { name: unique('V') })).status).toBe(403);
      expect((await as.patch(`/api/v1/vendors/${v.id}`, { notes: 'x' })).status).toBe(403);
      expect((await as.del(`/api/v1/vendors/${v.id}`)).status).toBe(403);
    }
    const manager = await makeUser(t.db, { role: 'manager' });
    expect((await client(t.app, manager).raw.post('/api/v1/vendors', { name: unique('V') })).status).toBe(
      201,
    );
    expect((await client(t.app, admin).raw.patch(`/api/v1/vendors/${v.id}`, { active: false })).status).toBe(
      200,
    );
  });

  it('validates the fields, naming them', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x', email: 'not-mail' }, 'email'],
      [{ name: 'x', website: 'ftp://x.example' }, 'website'],
      [{ name: 'x', active: 'yes' }, 'active'],
      [{ name: 'x', colour: 'red' }, 'colour'],
    ];
    for (const [body, path] of cases) {
      const res = await api.post('/api/v1/vendors', body);
      expect(res.status, path).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it("keeps each vendor's record, worked by hand, on the vendor and in the list", async () => {
    const category = unique('Printers');
    const v = await newVendor({ category });
    // Two on time (rated 4 and 5), one late (rated 2), one in progress; one on another account.
    await engage(v.id, {
      cost: 1200.5,
      dueDate: '2026-11-10',
      status: 'delivered',
      deliveredOn: '2026-11-09',
      rating: 4,
    });
    await engage(v.id, {
      cost: 800.25,
      dueDate: '2026-11-20',
      status: 'delivered',
      deliveredOn: '2026-11-20',
      rating: 5,
    });
    const other = client(t.app, outsider).raw;
    const theirs = await other.post('/api/v1/vendor-engagements', {
      vendorId: v.id,
      projectId: otherProjectId,
      cost: 300.1,
      dueDate: '2026-11-20',
      status: 'delivered',
      deliveredOn: '2026-11-21',
      rating: 2,
    });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    await engage(v.id, { cost: 5000, dueDate: '2026-12-20', status: 'in_progress' });
    // engagements 4; totalCost 1200.50 + 800.25 + 300.10 = 2300.85; averageRating 11 / 3 → 3.67;
    // onTimeRate 2 / 3 → 0.6667. The record counts every account's engagements, whoever reads it.
    const record = { engagements: 4, totalCost: 2300.85, averageRating: 3.67, onTimeRate: 0.6667 };
    expect((await api.get(`/api/v1/vendors/${v.id}`)).body).toMatchObject(record);
    expect((await client(t.app, viewer).raw.get(`/api/v1/vendors/${v.id}`)).body).toMatchObject(record);
    const listed = await api.get(`/api/v1/vendors?category=${category.toUpperCase()}`);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({ id: v.id, ...record });

    // A vendor delivered without a due date counts as on time; unrated, no average.
    const plain = await newVendor({ category });
    await engage(plain.id, { cost: 10.1, status: 'delivered', deliveredOn: '2026-12-01' });
    await engage(plain.id, { cost: 99, status: 'cancelled' });
    const both = await api.get(`/api/v1/vendors?category=${category}&sort=name`);
    expect(both.body.data.find((x: { id: string }) => x.id === plain.id)).toMatchObject({
      engagements: 2,
      totalCost: 10.1,
      averageRating: null,
      onTimeRate: 1,
    });
  });

  it('deletes only a vendor without engagements', async () => {
    const used = await newVendor();
    await engage(used.id);
    const refused = await api.del(`/api/v1/vendors/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      'This vendor has engagements, which keep its record: mark it inactive instead.',
    );
    const unused = await newVendor();
    expect((await api.del(`/api/v1/vendors/${unused.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/vendors/${unused.id}`)).status).toBe(404);
    expect(await eventTypes('vendorId', unused.id)).toEqual(['vendor.created', 'vendor.deleted']);
    const trail = await client(t.app, admin).raw.get(`/api/v1/audit?entityType=vendor&entityId=${unused.id}`);
    expect(trail.body.data.map((e: { action: string }) => e.action)).toEqual([
      'vendor.deleted',
      'vendor.created',
    ]);
  });
});

describe('vendor engagements', () => {
  it('creates on a project, carrying the vendor, the project and its account', async () => {
    const v = await newVendor();
    const res = await api.post('/api/v1/vendor-engagements', {
      vendorId: v.id,
      projectId,
      scope: 'Print 500 brochures',
      cost: 1234.56,
      dueDate: day(10),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/vendor-engagements/${res.body.id}`);
    expect(res.body).toMatchObject({
      vendorId: v.id,
      vendorName: v.name,
      projectId,
      projectName: 'Spring launch',
      accountId,
      scope: 'Print 500 brochures',
      cost: 1234.56,
      dueDate: day(10),
      status: 'proposed',
      deliveredOn: null,
      rating: null,
      notes: null,
      version: 1,
    });
    expect((await api.get(`/api/v1/vendor-engagements/${res.body.id}`)).body).toEqual(res.body);
    expect(await eventTypes('engagementId', res.body.id)).toEqual(['engagement.created']);
  });

  it('dates the delivery today by default, rates only once delivered, clears both on leaving', async () => {
    const v = await newVendor();
    const early = await api.post('/api/v1/vendor-engagements', {
      vendorId: v.id,
      projectId,
      cost: 5,
      rating: 4,
    });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ path: 'rating', message: 'can be given only once delivered' }]);
    const e = await engage(v.id, { status: 'in_progress' });
    const rateEarly = await api.patch(`/api/v1/vendor-engagements/${e.id}`, { rating: 5 });
    expect(rateEarly.status).toBe(400);
    expect(rateEarly.body.errors[0].path).toBe('rating');
    const dateEarly = await api.patch(`/api/v1/vendor-engagements/${e.id}`, { deliveredOn: day(-1) });
    expect(dateEarly.status).toBe(400);
    expect(dateEarly.body.errors[0].path).toBe('deliveredOn');

    const delivered = await api.patch(`/api/v1/vendor-engagements/${e.id}`, { status: 'delivered' });
    expect(delivered.body).toMatchObject({
      status: 'delivered',
      deliveredOn: today(),
      rating: null,
      version: 2,
    });
    const rated = await api.patch(`/api/v1/vendor-engagements/${e.id}`, { rating: 5, deliveredOn: day(-2) });
    expect(rated.body).toMatchObject({ status: 'delivered', deliveredOn: day(-2), rating: 5 });
    const kept = await api.patch(`/api/v1/vendor-engagements/${e.id}`, { notes: 'Great work' });
    expect(kept.body).toMatchObject({ deliveredOn: day(-2), rating: 5, notes: 'Great work' });
    const reopened = await api.patch(`/api/v1/vendor-engagements/${e.id}`, { status: 'in_progress' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', deliveredOn: null, rating: null });
    expect(
      (await api.patch(`/api/v1/vendor-engagements/${e.id}`, { status: 'delivered', rating: 3 })).body,
    ).toMatchObject({ status: 'delivered', deliveredOn: today(), rating: 3 });

    const created = await engage(v.id, { status: 'delivered', rating: 4 });
    expect(created).toMatchObject({ deliveredOn: today(), rating: 4 });

    const trail = await client(t.app, admin).raw.get(`/api/v1/audit?entityType=engagement&entityId=${e.id}`);
    expect(trail.body.data).toHaveLength(6);
    expect(trail.body.data[0].action).toBe('engagement.updated');
    expect(trail.body.data[0].changes).toEqual({
      status: ['in_progress', 'delivered'],
      deliveredOn: [null, today()],
      rating: [null, 3],
    });
    const [updated] = await t.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(eq(domainEvents.type, 'engagement.updated'))
      .orderBy(asc(domainEvents.id))
      .then((rows) =>
        rows.filter((r) => (r.data as { engagementId: string }).engagementId === e.id).slice(-1),
      );
    expect(updated!.data).toEqual({
      engagementId: e.id,
      projectId,
      fields: ['status', 'deliveredOn', 'rating'],
      status: 'delivered',
    });
  });

  it('validates vendor, cost and fields, naming them; a project out of scope is 404', async () => {
    const v = await newVendor();
    const cases: [Record<string, unknown>, string][] = [
      [{ vendorId: '01890000-0000-7000-8000-000000000000' }, 'vendorId'],
      [{ cost: -1 }, 'cost'],
      [{ cost: 1.005 }, 'cost'],
      [{ rating: 6, status: 'delivered' }, 'rating'],
      [{ status: 'done' }, 'status'],
      [{ dueDate: 'soon' }, 'dueDate'],
    ];
    for (const [extra, path] of cases) {
      const res = await api.post('/api/v1/vendor-engagements', {
        vendorId: v.id,
        projectId,
        cost: 10,
        ...extra,
      });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const hidden = await api.post('/api/v1/vendor-engagements', {
      vendorId: v.id,
      projectId: otherProjectId,
      cost: 10,
    });
    expect(hidden.status).toBe(404);
  });

  it("follows the project's account: filters, scope, and the roles that write", async () => {
    const v = await newVendor();
    const mine = await engage(v.id, { status: 'contracted' });
    const done = await engage(v.id, { status: 'delivered' });
    const theirs = await client(t.app, outsider).raw.post('/api/v1/vendor-engagements', {
      vendorId: v.id,
      projectId: otherProjectId,
      cost: 1,
    });
    expect(theirs.status).toBe(201);

    const ids = async (as: ReturnType<typeof client>['raw'], query: string) =>
      ((await as.get(`/api/v1/vendor-engagements?${query}`)).body.data as { id: string }[]).map((r) => r.id);
    expect((await ids(api, `vendorId=${v.id}`)).sort()).toEqual([mine.id, done.id].sort());
    expect(await ids(api, `vendorId=${v.id}&status=delivered`)).toEqual([done.id]);
    expect(
      await ids(client(t.app, admin).raw, `vendorId=${v.id}&accountId=${accountId}&status=contracted`),
    ).toEqual([mine.id]);
    const all = await ids(client(t.app, admin).raw, `vendorId=${v.id}`);
    expect(all).toEqual([theirs.body.id, done.id, mine.id]); // newest first
    const firstPage = await client(t.app, admin).raw.get(
      `/api/v1/vendor-engagements?vendorId=${v.id}&limit=2`,
    );
    const nextPage = await client(t.app, admin).raw.get(
      `/api/v1/vendor-engagements?vendorId=${v.id}&limit=2&cursor=${firstPage.body.nextCursor}`,
    );
    expect([...firstPage.body.data, ...nextPage.body.data].map((r: { id: string }) => r.id)).toEqual(all);
    expect(nextPage.body.nextCursor).toBeNull();
    expect(await ids(client(t.app, outsider).raw, `vendorId=${v.id}`)).toEqual([theirs.body.id]);
    expect(await ids(api, `projectId=${otherProjectId}`)).toEqual([]);
    expect((await api.get(`/api/v1/vendor-engagements/${theirs.body.id}`)).status).toBe(404);
    expect((await api.patch(`/api/v1/vendor-engagements/${theirs.body.id}`, { notes: 'x' })).status).toBe(
      404,
    );

    for (const who of [member, viewer]) {
      const as = client(t.app, who).raw;
      expect((await as.get(`/api/v1/vendor-engagements/${mine.id}`)).status).toBe(200);
      expect(
        (await as.post('/api/v1/vendor-engagements', { vendorId: v.id, projectId, cost: 1 })).status,
      ).toBe(403);
      expect((await as.patch(`/api/v1/vendor-engagements/${mine.id}`, { notes: 'x' })).status).toBe(403);
      expect((await as.del(`/api/v1/vendor-engagements/${mine.id}`)).status).toBe(403);
    }
    expect((await api.del(`/api/v1/vendor-engagements/${mine.id}`)).status).toBe(204);
    expect(await eventTypes('engagementId', mine.id)).toEqual(['engagement.created', 'engagement.deleted']);
  });

  it('shows on the account timeline as created and updated', async () => {
    const fresh = (await makeAccount(t.db, am.id)).id;
    const project = await makeProject(fresh, am.id, 'Autumn fair');
    const v = await newVendor({ name: unique('Acme Print') });
    const e = await engage(v.id, { projectId: project.id, status: 'in_progress' });
    await api.patch(`/api/v1/vendor-engagements/${e.id}`, { status: 'delivered' });
    const timeline = await api.get(`/api/v1/accounts/${fresh}/timeline?kinds=engagement`);
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    expect(timeline.body.data.map((i: { action: string; title: string }) => [i.action, i.title])).toEqual([
      ['engagement.updated', `Engagement updated: ${v.name} on Autumn fair (in progress → delivered)`],
      ['engagement.created', `Engagement created: ${v.name} on Autumn fair`],
    ]);
  });
});
