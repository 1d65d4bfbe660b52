// A small realistic book of business, made through the API like a user would: accounts with
// contacts, activities, meetings, tasks, products, contracts, opportunities, quotas, health
// signals, issues with updates and feedback; vendors, projects with deliverables and their reviews,
// client requests and vendor engagements. Every id goes into the pool by kind.
import { faker } from '@faker-js/faker';
import { call } from './http.ts';
import type { Warn } from './people.ts';
import { addId, type Pool } from './pool.ts';
import { mulberry32 } from './rng.ts';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const at = (offset: number) => new Date(Date.now() + offset * DAY).toISOString();

export async function makeDataset(base: string, pool: Pool, seed: number, warn: Warn): Promise<void> {
  const rng = mulberry32(seed);
  faker.seed(seed);
  const u = pool.users;
  const post = async (
    path: string,
    kind: string,
    json: Record<string, unknown>,
    key = u.admin.key,
    parent?: string,
  ) => {
    const res = await call(base, 'POST', path, { key, json });
    const id = (res.json as { id?: unknown } | undefined)?.id;
    if (res.status !== 201 || typeof id !== 'string') {
      warn(`POST ${path} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 300)}`);
      return undefined;
    }
    addId(pool, kind, id, parent);
    if (typeof json.accountId === 'string') pool.account.set(id, json.accountId);
    return id;
  };

  const products: string[] = [];
  for (const name of ['Platform', 'Analytics add-on', 'Premium support']) {
    const id = await post('/api/v1/products', 'products', {
      name,
      sku: `FUZZ-${name.slice(0, 4).toUpperCase()}-${rng.int(100, 999)}`,
      category: 'software',
      listPrice: rng.int(5, 120) * 100,
      active: true,
    });
    if (id) products.push(id);
  }

  const vendors: string[] = [];
  for (const category of ['Photography', 'Print']) {
    const id = await post('/api/v1/vendors', 'vendors', {
      name: `${faker.company.name()} ${category}`,
      category,
      email: faker.internet.email(),
    });
    if (id) vendors.push(id);
  }

  const owners = [u.admin.id, u.manager.id, u.account_manager.id, u.account_manager.id, u.manager.id];
  let parentId: string | undefined;
  for (const [i, ownerId] of owners.entries()) {
    const company = faker.company.name();
    const accountId = await post('/api/v1/accounts', 'accounts', {
      name: company,
      domain: `${company
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}-${i}.example.com`,
      industry: faker.commerce.department(),
      segment: rng.pick(['enterprise', 'mid_market', 'smb']),
      lifecycleStage: 'active',
      ownerId,
      teamMemberIds: [u.member.id],
      tags: ['fuzz', rng.pick(['priority', 'emea', 'na'])],
      parentAccountId: i === 4 ? parentId : undefined,
    });
    if (!accountId) continue;
    parentId ??= accountId;
    await fillAccount(accountId, ownerId, i);
  }

  async function fillAccount(accountId: string, ownerId: string, i: number): Promise<void> {
    const contacts: string[] = [];
    for (let c = 0; c < 2; c++) {
      const id = await post('/api/v1/contacts', 'contacts', {
        accountId,
        firstName: faker.person.firstName(),
        lastName: faker.person.lastName(),
        email: `contact${i}-${c}@client${i}.example.com`,
        title: faker.person.jobTitle(),
        role: c === 0 ? 'champion' : 'decision_maker',
        isPrimary: c === 0,
      });
      if (id) contacts.push(id);
    }
    for (const type of ['call', 'email', 'note']) {
      await post('/api/v1/activities', 'activities', {
        accountId,
        type,
        subject: faker.lorem.sentence(),
        body: faker.lorem.paragraph(),
        occurredAt: at(-rng.int(1, 90)),
        contactIds: contacts.slice(0, 1),
        sentiment: rng.pick(['positive', 'neutral', 'negative']),
      });
    }
    await post('/api/v1/meetings', 'meetings', {
      accountId,
      kind: rng.pick(['check_in', 'business_review']),
      title: `Quarterly review ${i}`,
      scheduledAt: at(rng.int(-10, 20)),
      durationMinutes: 45,
      contactIds: contacts,
      userIds: [ownerId],
    });
    const lines = products
      .slice(0, 2)
      .map((productId) => ({ productId, quantity: rng.int(1, 20), unitPrice: 1200 }));
    const contractId = await post('/api/v1/contracts', 'contracts', {
      accountId,
      name: `Subscription ${i}`,
      startDate: day(-rng.int(200, 330)),
      endDate: day(rng.int(20, 160)),
      autoRenew: i % 2 === 0,
      status: 'active',
      lines,
    });
    await post('/api/v1/opportunities', 'opportunities', {
      accountId,
      name: `Upsell ${i}`,
      type: 'upsell',
      stage: 'proposal',
      amount: rng.int(10, 90) * 1000,
      closeDate: day(rng.int(10, 80)),
      ownerId,
      productIds: products.slice(2),
    });
    if (contractId)
      await post('/api/v1/opportunities', 'opportunities', {
        accountId,
        name: `Renewal ${i}`,
        type: 'renewal',
        stage: 'qualification',
        amount: 24_000,
        closeDate: day(90),
        contractId,
      });
    const issueId = await post('/api/v1/issues', 'issues', {
      accountId,
      title: faker.lorem.sentence(),
      description: faker.lorem.paragraph(),
      severity: rng.pick(['p1', 'p2', 'p3', 'p4']),
      internalTeam: 'engineering',
      reportedByContactId: contacts[0],
      openedAt: at(-rng.int(0, 10)),
    });
    if (issueId)
      for (const visibility of ['internal', 'client'])
        await post(
          `/api/v1/issues/${issueId}/updates`,
          'issue-updates',
          { body: faker.lorem.sentence(), visibility },
          undefined,
          issueId,
        );
    await post('/api/v1/feedback', 'feedback', {
      accountId,
      contactId: contacts[1],
      title: faker.lorem.sentence(),
      body: faker.lorem.paragraph(),
      productArea: rng.pick(['reporting', 'integrations', 'mobile']),
    });
    await post('/api/v1/tasks', 'tasks', {
      title: `Follow up with ${faker.person.firstName()}`,
      accountId,
      issueId,
      assigneeId: ownerId,
      dueDate: day(rng.int(-5, 15)),
      priority: 'high',
    });
    const projectId = await post('/api/v1/projects', 'projects', {
      accountId,
      name: `${faker.commerce.productAdjective()} launch ${i}`,
      kind: rng.pick(['project', 'campaign', 'retainer']),
      status: 'active',
      startDate: day(-30),
      endDate: day(60),
      budget: rng.int(10, 90) * 1000,
      teamMemberIds: [u.member.id],
    });
    if (projectId) {
      for (const assigneeId of [ownerId, u.member.id]) {
        const deliverableId = await post('/api/v1/deliverables', 'deliverables', {
          projectId,
          name: faker.commerce.productName(),
          dueDate: day(rng.int(-10, 20)),
          assigneeId,
          effortPoints: rng.int(1, 8),
        });
        if (deliverableId)
          await post(
            `/api/v1/deliverables/${deliverableId}/reviews`,
            'reviews',
            { outcome: 'changes_requested', by: 'client', contactId: contacts[0], notes: 'Bigger logo' },
            undefined,
            deliverableId,
          );
      }
      await post('/api/v1/client-requests', 'client-requests', {
        accountId,
        projectId,
        title: 'Brand assets',
        kind: rng.pick(['asset', 'access', 'approval', 'information']),
        requestedFromContactId: contacts[0],
        dueDate: day(rng.int(-10, 10)),
      });
      for (const vendorId of vendors)
        await post('/api/v1/vendor-engagements', 'vendor-engagements', {
          vendorId,
          projectId,
          scope: faker.commerce.productDescription().slice(0, 200),
          cost: rng.int(5, 50) * 100,
          dueDate: day(rng.int(-10, 30)),
          status: rng.pick(['proposed', 'contracted', 'in_progress']),
        });
    }
    const signals = ['nps', 'product_usage'].flatMap((metric) =>
      [-60, -30, -1].map((d) => ({ accountId, metric, value: rng.int(-20, 90), recordedAt: at(d) })),
    );
    const res = await call(base, 'POST', '/api/v1/health/signals', { key: u.admin.key, json: { signals } });
    if (res.status !== 200) warn(`POST /api/v1/health/signals answered ${res.status}`);
  }

  for (const user of [u.admin, u.manager, u.account_manager])
    for (const kind of ['new_arr', 'renewal'])
      await post('/api/v1/quotas', 'quotas', {
        userId: user.id,
        periodStart: day(-30),
        periodEnd: day(60),
        kind,
        amount: rng.int(50, 500) * 1000,
      });
}
