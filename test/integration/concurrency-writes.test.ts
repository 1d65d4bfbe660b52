import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import {
  burst,
  day,
  type HttpAnswer,
  type HttpClient,
  isProblem,
  onPostgres,
  POSTGRES_ONLY,
  type RaceServer,
  raceServer,
  rows,
  SLOW,
  tally,
  today,
} from '../support/race.ts';

// docs/api-conventions.md, "concurrency": writes that race are serialised by the database, never failed; a PATCH
// without If-Match is last-writer-wins, 412 only for a stale If-Match. Races need several
// connections: on PGlite (one connection) nothing can race, so this suite runs on PostgreSQL only
// (TEST_DATABASE_URL) and is reported as skipped otherwise.
const PARALLEL = 8;
const ROUNDS = 5;

let s: RaceServer;
let am: TestUser;
let admin: TestUser;
let api: HttpClient;
let adminApi: HttpClient;

describe.runIf(onPostgres)(`concurrent writes ${POSTGRES_ONLY}`, () => {
  beforeAll(async () => {
    s = await raceServer();
    am = await makeUser(s.db);
    admin = await makeUser(s.db, { role: 'admin' });
    api = s.as(am);
    adminApi = s.as(admin);
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    s.takeFaults();
  });

  const newAccount = async () => {
    const res = await api.post('/api/v1/accounts', { name: unique('Race') });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };
  /** The fields these tests read from contacts and contracts in a list. */
  type Listed = { id: string; isPrimary: boolean; startDate: string; endDate: string; arr: number };
  const listAll = async (path: string) => rows<Listed>(await api.get(`${path}&limit=200`));

  it(
    'creates every one of 8 contracts posted at once on one account, and its ARR is their sum',
    async () => {
      const statuses: HttpAnswer[] = [];
      const outcome: { contracts: number; arr: number; expectedArr: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const acct = await newAccount();
        // Every fourth starts next week, so it does not count today.
        const body = (i: number) => ({
          accountId: acct.id,
          name: `Contract ${i}`,
          startDate: i % 4 === 3 ? day(7) : day(-30),
          endDate: day(300 + i),
          arr: 1000 * (i + 1) + 0.25,
        });
        statuses.push(...(await burst(PARALLEL, (i) => api.post('/api/v1/contracts', body(i)))));
        const contracts = await listAll(`/api/v1/contracts?accountId=${acct.id}`);
        const expectedArr = contracts
          .filter((c) => c.startDate <= today() && c.endDate >= today())
          .reduce((sum, c) => sum + Math.round(c.arr * 100), 0);
        const account = (await api.get(`/api/v1/accounts/${acct.id}`)).body;
        outcome.push({
          contracts: contracts.length,
          arr: Math.round(account.arr * 100),
          expectedArr,
        });
      }
      expect.soft({ statuses: tally(statuses), faults: s.takeFaults() }).toEqual({
        statuses: { 201: PARALLEL * ROUNDS },
        faults: {},
      });
      // Per round: 8 contracts, and the account's ARR (in cents) the sum of those in term today.
      expect(outcome).toEqual(outcome.map((o) => ({ ...o, contracts: PARALLEL, arr: o.expectedArr })));
    },
    SLOW,
  );

  it('keeps exactly one primary contact when 8 primary contacts are added at once', async () => {
    const statuses: HttpAnswer[] = [];
    const outcome: { contacts: number; primaries: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const acct = await newAccount();
      statuses.push(
        ...(await burst(PARALLEL, (i) =>
          api.post('/api/v1/contacts', { accountId: acct.id, firstName: `P${i}`, isPrimary: true }),
        )),
      );
      const contacts = await listAll(`/api/v1/contacts?accountId=${acct.id}`);
      outcome.push({ contacts: contacts.length, primaries: contacts.filter((c) => c.isPrimary).length });
    }
    expect.soft({ statuses: tally(statuses), faults: s.takeFaults() }).toEqual({
      statuses: { 201: PARALLEL * ROUNDS },
      faults: {},
    });
    expect(outcome).toEqual(Array(ROUNDS).fill({ contacts: PARALLEL, primaries: 1 }));
  });

  it('moves the primary flag safely when several contacts are made primary at once', async () => {
    const acct = await newAccount();
    const ids: string[] = [];
    for (let i = 0; i < PARALLEL; i++)
      ids.push((await api.post('/api/v1/contacts', { accountId: acct.id, lastName: `C${i}` })).body.id);
    const statuses: HttpAnswer[] = [];
    const primaries: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      statuses.push(
        ...(await burst(PARALLEL, (i) => api.patch(`/api/v1/contacts/${ids[i]}`, { isPrimary: true }))),
      );
      const contacts = await listAll(`/api/v1/contacts?accountId=${acct.id}`);
      primaries.push(contacts.filter((c) => c.isPrimary).length);
      // Reset so the next round races again from no primary.
      const primary = contacts.find((c) => c.isPrimary);
      if (primary) await api.patch(`/api/v1/contacts/${primary.id}`, { isPrimary: false });
    }
    expect.soft({ statuses: tally(statuses), faults: s.takeFaults() }).toEqual({
      statuses: { 200: PARALLEL * ROUNDS },
      faults: {},
    });
    expect(primaries).toEqual(Array(ROUNDS).fill(1));
  });

  // One record of each kind, a field to change, and a value per writer.
  interface Kind {
    path: string;
    field: string;
    make: (accountId: string) => Promise<HttpAnswer>;
    value: (i: number) => unknown;
    client?: () => HttpClient;
  }
  const kinds: Kind[] = [
    {
      path: '/api/v1/accounts',
      field: 'industry',
      make: async () => api.post('/api/v1/accounts', { name: unique('Patched') }),
      value: (i) => `Industry ${i}`,
    },
    {
      path: '/api/v1/contacts',
      field: 'title',
      make: (accountId) => api.post('/api/v1/contacts', { accountId, firstName: 'Pat' }),
      value: (i) => `Title ${i}`,
    },
    {
      path: '/api/v1/activities',
      field: 'subject',
      make: (accountId) => api.post('/api/v1/activities', { accountId, type: 'note', subject: 'Note' }),
      value: (i) => `Subject ${i}`,
    },
    {
      path: '/api/v1/meetings',
      field: 'title',
      make: (accountId) =>
        api.post('/api/v1/meetings', {
          accountId,
          kind: 'check_in',
          title: 'Check-in',
          scheduledAt: `${day(3)}T10:00:00.000Z`,
        }),
      value: (i) => `Meeting ${i}`,
    },
    {
      path: '/api/v1/tasks',
      field: 'title',
      make: (accountId) => api.post('/api/v1/tasks', { accountId, title: 'Follow up' }),
      value: (i) => `Task ${i}`,
    },
    {
      path: '/api/v1/products',
      field: 'name',
      make: () => adminApi.post('/api/v1/products', { name: 'Widget', sku: unique('RACE') }),
      value: (i) => `Widget ${i}`,
      client: () => adminApi,
    },
    {
      path: '/api/v1/issues',
      field: 'title',
      make: (accountId) => api.post('/api/v1/issues', { accountId, title: 'Broken', severity: 'p3' }),
      value: (i) => `Issue ${i}`,
    },
    {
      path: '/api/v1/feedback',
      field: 'title',
      make: (accountId) => api.post('/api/v1/feedback', { accountId, title: 'Wish' }),
      value: (i) => `Feedback ${i}`,
    },
    {
      path: '/api/v1/opportunities',
      field: 'name',
      make: (accountId) =>
        api.post('/api/v1/opportunities', { accountId, name: 'Deal', type: 'upsell', closeDate: day(30) }),
      value: (i) => `Deal ${i}`,
    },
    {
      path: '/api/v1/contracts',
      field: 'name',
      make: (accountId) =>
        api.post('/api/v1/contracts', {
          accountId,
          name: 'C',
          startDate: day(-1),
          endDate: day(364),
          arr: 5,
        }),
      value: (i) => `Contract ${i}`,
    },
    {
      path: '/api/v1/quotas',
      field: 'amount',
      make: async () =>
        adminApi.post('/api/v1/quotas', {
          userId: (await makeUser(s.db)).id,
          kind: 'renewal',
          periodStart: '2043-01-01',
          periodEnd: '2043-12-31',
          amount: 1,
        }),
      value: (i) => 1000 + i,
      client: () => adminApi,
    },
    {
      path: '/api/v1/teams',
      field: 'name',
      make: () => adminApi.post('/api/v1/teams', { name: unique('Team') }),
      value: (i) => `Team ${i}`,
      client: () => adminApi,
    },
    {
      path: '/api/v1/users',
      field: 'name',
      make: () =>
        adminApi.post('/api/v1/users', { email: `${unique('u')}@example.test`, name: 'U', role: 'member' }),
      value: (i) => `User ${i}`,
      client: () => adminApi,
    },
  ];

  describe.each(kinds.map((k) => [`PATCH ${k.path}/:id`, k] as const))('%s', (_, kind) => {
    const writer = () => (kind.client ? kind.client() : api);
    const create = async () => {
      const made = await kind.make((await newAccount()).id);
      expect(made.status).toBe(201);
      return made.body as { id: string; version: number };
    };

    it('applies 8 PATCHes without If-Match sent at once, last writer wins, version +1 each', async () => {
      const rec = await create();
      const url = `${kind.path}/${rec.id}`;
      const statuses: HttpAnswer[] = [];
      const outcome: { version: number; valueWasSent: boolean; versionsAnswered: number[] }[] = [];
      let version = rec.version;
      for (let round = 0; round < 3; round++) {
        const sent = Array.from({ length: PARALLEL }, (_, i) => kind.value(round * PARALLEL + i));
        const answers = await burst(PARALLEL, (i) => writer().patch(url, { [kind.field]: sent[i] }));
        statuses.push(...answers);
        const now = (await writer().get(url)).body;
        outcome.push({
          version: now.version - version,
          valueWasSent: sent.includes(now[kind.field]),
          versionsAnswered: answers
            .filter((a) => a.status === 200)
            .map((a) => a.body.version - version)
            .sort((a, b) => a - b),
        });
        version = now.version;
      }
      expect.soft({ statuses: tally(statuses), faults: s.takeFaults() }, `PATCH ${kind.path}/:id`).toEqual({
        statuses: { 200: PARALLEL * 3 },
        faults: {},
      });
      const each = { version: PARALLEL, valueWasSent: true, versionsAnswered: [1, 2, 3, 4, 5, 6, 7, 8] };
      expect(outcome, `PATCH ${kind.path}/:id`).toEqual([each, each, each]);
    });

    it('answers 412 problem+json to every PATCH with a stale If-Match, and only one of 8 with the current one wins', async () => {
      const rec = await create();
      const url = `${kind.path}/${rec.id}`;
      const first = await writer().patch(url, { [kind.field]: kind.value(100) });
      expect(first.status).toBe(200);
      const stale = await burst(PARALLEL, (i) =>
        writer().patch(url, { [kind.field]: kind.value(i) }, { 'if-match': `"${rec.version}"` }),
      );
      const current = await burst(PARALLEL, (i) =>
        writer().patch(url, { [kind.field]: kind.value(i) }, { 'if-match': `"${first.body.version}"` }),
      );
      const after = (await writer().get(url)).body;
      expect({
        stale: tally(stale),
        staleAreProblems: stale.every(isProblem),
        current: tally(current),
        losersAreProblems: current.filter((a) => a.status !== 200).every(isProblem),
        versionAdded: after.version - first.body.version,
        faults: s.takeFaults(),
      }).toEqual({
        stale: { 412: PARALLEL },
        staleAreProblems: true,
        current: { 200: 1, 412: PARALLEL - 1 },
        losersAreProblems: true,
        versionAdded: 1,
        faults: {},
      });
    });
  });
});
