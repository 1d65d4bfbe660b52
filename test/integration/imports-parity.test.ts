import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

// The same 1,000 accounts and 1,000 contacts sent through the API and imported from a CSV file:
// the records and everything derived from them come out the same.
const N = 1000;
const segments = ['smb', 'mid_market', 'enterprise'] as const;
const stages = ['prospect', 'onboarding', 'active', 'at_risk', 'churned'] as const;

let t: TestApp;
let admin: TestUser;
let owners: TestUser[];
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await testApp({ fresh: true, config: { apiRateLimit: 1_000_000 } });
  admin = await makeUser(t.db, { role: 'admin' });
  owners = [await makeUser(t.db, { name: 'Owner One' }), await makeUser(t.db, { name: 'Owner Two' })];
  api = client(t.app, admin);
});
afterAll(() => t.close());

const account = (i: number) => ({
  industry: i % 7 ? `Industry ${i % 5}` : null,
  segment: segments[i % 3]!,
  lifecycleStage: stages[i % 5]!,
  owner: owners[i % 2]!,
  checkInCadenceDays: i % 4 ? undefined : 30 + (i % 50),
  tags: i % 3 ? [`t${i % 4}`, 'imported'] : [],
});
const contact = (i: number) => ({
  firstName: `First${i}`,
  lastName: i % 5 ? `Last${i}` : null,
  email: i % 9 ? `person${i}@example.com` : null,
  title: i % 2 ? 'Head of Ops' : null,
  isPrimary: i % 4 === 0,
});

const q = (s: string | null | undefined) => (s == null ? '' : `"${s.replace(/"/g, '""')}"`);

async function upload(entity: string, csv: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}`,
    headers: { ...admin.auth, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(res.statusCode).toBe(201);
  const id = res.json().id;
  expect((await api.raw.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
  for (;;) {
    const got = (await api.raw.get(`/api/v1/imports/${id}`)).body;
    if (got.status !== 'running') return got;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function all(path: string) {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.raw.get(
      `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    out.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** A record as compared: its own id, name, moments and links to its twin set aside. */
const comparable = (r: Record<string, unknown>, drop: string[]) =>
  Object.fromEntries(
    Object.entries(r).filter(([k]) => !['id', 'createdAt', 'updatedAt', ...drop].includes(k)),
  );

describe('an import writes what the API writes', () => {
  it(`${N} accounts and ${N} contacts: the same records, versions, audit and derived fields (health, churn risk, next check-in, ARR)`, async () => {
    for (let i = 0; i < N; i++) {
      const a = account(i);
      const res = await api.post('/api/v1/accounts', {
        name: `Api ${i}`,
        domain: `api-${i}.example`,
        industry: a.industry,
        segment: a.segment,
        lifecycleStage: a.lifecycleStage,
        ownerId: a.owner.id,
        ...(a.checkInCadenceDays ? { checkInCadenceDays: a.checkInCadenceDays } : {}),
        tags: a.tags,
      });
      expect(res.status).toBe(201);
      const c = contact(i);
      const made = await api.post('/api/v1/contacts', { accountId: res.body.id, ...c });
      expect(made.status).toBe(201);
    }
    const accountsCsv = [
      'Account name,Domain,Industry,Segment,Lifecycle stage,Owner email,Check-in cadence days,Tags',
    ];
    const contactsCsv = ['First name,Last name,Email,Title,Primary,Account domain'];
    for (let i = 0; i < N; i++) {
      const a = account(i);
      accountsCsv.push(
        [
          `Csv ${i}`,
          `csv-${i}.example`,
          a.industry,
          a.segment,
          a.lifecycleStage,
          a.owner.email,
          a.checkInCadenceDays ?? '',
          a.tags.join('; '),
        ]
          .map((v) => q(v === '' ? null : String(v ?? '')) || '')
          .join(','),
      );
      const c = contact(i);
      contactsCsv.push(
        [c.firstName, c.lastName, c.email, c.title, c.isPrimary ? 'yes' : 'no', `csv-${i}.example`]
          .map((v) => q(v))
          .join(','),
      );
    }
    const imported = await upload('accounts', accountsCsv.join('\r\n'));
    expect(imported.progress).toMatchObject({ created: N, updated: 0, skipped: 0, failed: 0 });
    const importedContacts = await upload('contacts', contactsCsv.join('\r\n'));
    expect(importedContacts.progress).toMatchObject({ created: N, failed: 0 });

    const accounts = await all('/api/v1/accounts');
    const byName = new Map(accounts.map((a) => [a.name as string, a]));
    const contacts = await all('/api/v1/contacts');
    const contactOf = new Map(contacts.map((c) => [c.accountId as string, c]));
    for (let i = 0; i < N; i++) {
      const viaApi = byName.get(`Api ${i}`)!;
      const viaCsv = byName.get(`Csv ${i}`)!;
      expect(viaApi.healthBand).not.toBeNull();
      expect(comparable(viaCsv, ['name', 'domain'])).toEqual(comparable(viaApi, ['name', 'domain']));
      expect(comparable(contactOf.get(viaCsv.id as string)!, ['accountId', 'email'])).toEqual(
        comparable(contactOf.get(viaApi.id as string)!, ['accountId', 'email']),
      );
    }
    // One audit entry per record, naming the import.
    const audit = (await t.db.execute(
      sql`select action, count(*)::int as n from audit_log where subject like 'import %' group by action order by action`,
    )) as unknown as { rows: { action: string; n: number }[] };
    expect(audit.rows).toEqual([
      { action: 'account.created', n: N },
      { action: 'contact.created', n: N },
    ]);
  }, 300_000);
});
