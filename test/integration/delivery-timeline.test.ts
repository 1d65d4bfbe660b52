import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { day } from '../support/clock.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

// The account timeline shows the delivery work: projects created and changing status,
// deliverables created, changing status and reviewed, client requests created and received,
// vendor engagements created and changed — with readable titles naming the record as it is now.

let t: TestApp;
let am: TestUser;
let api: ReturnType<typeof client>['raw'];

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
  api = client(t.app, am).raw;
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON from the server, read by the test as it needs
const ok = async (p: Promise<{ status: number; body: any }>, status = 200) => {
  const res = await p;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

describe('the account timeline of delivery work', () => {
  it('lists the delivery events, newest first, with readable titles', async () => {
    const accountId = (await makeAccount(t.db, am.id)).id;
    const project = await ok(
      api.post('/api/v1/projects', {
        accountId,
        name: 'Spring launch',
        startDate: day(-10),
        endDate: day(50),
      }),
      201,
    );
    await ok(api.patch(`/api/v1/projects/${project.id}`, { goals: 'More leads' })); // not an event
    await ok(api.patch(`/api/v1/projects/${project.id}`, { status: 'active' }));
    const banner = await ok(
      api.post('/api/v1/deliverables', { projectId: project.id, name: 'Hero banner', dueDate: day(5) }),
      201,
    );
    await ok(api.patch(`/api/v1/deliverables/${banner.id}`, { status: 'client_review' }));
    await ok(
      api.post(`/api/v1/deliverables/${banner.id}/reviews`, { outcome: 'changes_requested', by: 'client' }),
      201,
    );
    const request = await ok(
      api.post('/api/v1/client-requests', {
        accountId,
        projectId: project.id,
        title: 'Brand fonts',
        kind: 'asset',
        dueDate: day(2),
      }),
      201,
    );
    await ok(api.patch(`/api/v1/client-requests/${request.id}`, { status: 'received' }));
    const vendor = await ok(api.post('/api/v1/vendors', { name: unique('Acme Print') }), 201);
    const engagement = await ok(
      api.post('/api/v1/vendor-engagements', { vendorId: vendor.id, projectId: project.id, cost: 800 }),
      201,
    );
    await ok(api.patch(`/api/v1/vendor-engagements/${engagement.id}`, { status: 'contracted' }));

    const kinds = 'project,deliverable,client_request,engagement';
    const timeline = await ok(api.get(`/api/v1/accounts/${accountId}/timeline?kinds=${kinds}`));
    expect(
      timeline.data.map((i: { kind: string; action: string; title: string }) => [i.kind, i.action, i.title]),
    ).toEqual([
      [
        'engagement',
        'engagement.updated',
        `Engagement updated: ${vendor.name} on Spring launch (proposed → contracted)`,
      ],
      ['engagement', 'engagement.created', `Engagement created: ${vendor.name} on Spring launch`],
      ['client_request', 'client_request.received', 'Client request received: Brand fonts'],
      ['client_request', 'client_request.created', 'Client request created: Brand fonts'],
      [
        'deliverable',
        'deliverable.reviewed',
        'Deliverable reviewed: Hero banner (client review → changes requested)',
      ],
      [
        'deliverable',
        'deliverable.status_changed',
        'Deliverable status changed: Hero banner (not started → client review)',
      ],
      ['deliverable', 'deliverable.created', 'Deliverable created: Hero banner'],
      ['project', 'project.status_changed', 'Project status changed: Spring launch (planning → active)'],
      ['project', 'project.created', 'Project created: Spring launch'],
    ]);
    expect(timeline.data.map((i: { ref: { type: string; id: string } }) => i.ref)).toEqual([
      { type: 'engagement', id: engagement.id },
      { type: 'engagement', id: engagement.id },
      { type: 'client_request', id: request.id },
      { type: 'client_request', id: request.id },
      { type: 'deliverable', id: banner.id },
      { type: 'deliverable', id: banner.id },
      { type: 'deliverable', id: banner.id },
      { type: 'project', id: project.id },
      { type: 'project', id: project.id },
    ]);
    // One kind alone, and the whole timeline pages through them.
    const projectsOnly = await ok(api.get(`/api/v1/accounts/${accountId}/timeline?kinds=project`));
    expect(projectsOnly.data).toHaveLength(2);
    const first = await ok(api.get(`/api/v1/accounts/${accountId}/timeline?kinds=${kinds}&limit=5`));
    const second = await ok(
      api.get(`/api/v1/accounts/${accountId}/timeline?kinds=${kinds}&limit=5&cursor=${first.nextCursor}`),
    );
    expect([...first.data, ...second.data].map((i: { id: string }) => i.id)).toEqual(
      timeline.data.map((i: { id: string }) => i.id),
    );
    // A renamed record shows under its name of today.
    await ok(api.patch(`/api/v1/projects/${project.id}`, { name: 'Spring launch 2027' }));
    const renamed = await ok(api.get(`/api/v1/accounts/${accountId}/timeline?kinds=project`));
    expect(renamed.data.map((i: { title: string }) => i.title)).toEqual([
      'Project status changed: Spring launch 2027 (planning → active)',
      'Project created: Spring launch 2027',
    ]);
  });
});
