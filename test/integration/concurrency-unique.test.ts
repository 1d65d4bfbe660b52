import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import {
  burst,
  countOf,
  day,
  type HttpAnswer,
  type HttpClient,
  isProblem,
  onPostgres,
  POSTGRES_ONLY,
  type RaceServer,
  raceServer,
  rows,
  summary,
} from '../support/race.ts';

// docs/api-conventions.md, "every error is problem+json": never a 500 for anything a client sent — a unique clash
// is a 409 naming the field, also when the clashing writes arrive together; a delete of a record
// others point to is a 409 naming what points to it. PostgreSQL only (see concurrency-writes).
const ROUNDS = 5;

let s: RaceServer;
let am: TestUser;
let admin: TestUser;
let api: HttpClient;
let adminApi: HttpClient;

describe.runIf(onPostgres)(`unique values and references ${POSTGRES_ONLY}`, () => {
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

  describe('unique values written at once', () => {
    /** Runs `rounds` bursts of `n` clashing writes and expects one winner and 409s naming `field`. */
    async function expectOneWinner(
      n: number,
      field: string,
      write: (round: number) => (i: number) => Promise<HttpAnswer>,
      winner = 201,
      count?: (round: number) => Promise<number>,
    ) {
      const rounds: string[] = [];
      const survivors: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rounds.push(summary(await burst(n, write(round)), winner));
        if (count) survivors.push(await count(round));
      }
      expect.soft(s.takeFaults()).toEqual({});
      expect(countOf(rounds)).toEqual({ [`1×${winner} ${n - 1}×409 (409: ${field})`]: ROUNDS });
      if (count) expect(survivors).toEqual(Array(ROUNDS).fill(1));
    }

    it('creates one of 4 accounts posted at once with one domain; the others get 409 naming domain', async () => {
      const domains = Array.from({ length: ROUNDS }, () => `${unique('race')}.example`);
      await expectOneWinner(
        4,
        'domain',
        (r) => (i) => api.post('/api/v1/accounts', { name: `Domain ${i}`, domain: domains[r] }),
        201,
        async (r) =>
          rows<{ domain: string }>(await api.get(`/api/v1/accounts?q=${domains[r]}&limit=200`)).filter(
            (a) => a.domain === domains[r],
          ).length,
      );
    });

    it('lets one of 2 accounts patched at once to one domain have it; the other gets 409 naming domain', async () => {
      await expectOneWinner(
        2,
        'domain',
        () => {
          const domain = `${unique('patch')}.example`;
          const made = Promise.all([0, 1].map((i) => api.post('/api/v1/accounts', { name: `Patch ${i}` })));
          return async (i) => api.patch(`/api/v1/accounts/${(await made)[i]!.body.id}`, { domain });
        },
        200,
      );
    });

    it('restores one of 2 archived accounts with one domain at once; the other gets 409 naming domain', async () => {
      await expectOneWinner(
        2,
        'domain',
        () => {
          const domain = `${unique('restore')}.example`;
          const made = (async () => {
            const ids: string[] = [];
            for (let i = 0; i < 2; i++) {
              const a = (await api.post('/api/v1/accounts', { name: `Restore ${i}`, domain })).body;
              expect((await api.del(`/api/v1/accounts/${a.id}`)).status).toBe(200);
              ids.push(a.id);
            }
            return ids;
          })();
          return async (i) => api.post(`/api/v1/accounts/${(await made)[i]}/restore`, {});
        },
        200,
      );
    });

    it('creates one of 3 users posted at once with one e-mail; the others get 409 naming email', async () => {
      const emails = Array.from({ length: ROUNDS }, () => `${unique('race')}@example.test`);
      await expectOneWinner(
        3,
        'email',
        (r) => (i) =>
          adminApi.post('/api/v1/users', { email: emails[r], name: `Racer ${i}`, role: 'member' }),
        201,
        async (r) =>
          rows<{ email: string }>(await adminApi.get(`/api/v1/users?q=${emails[r]}&limit=200`)).filter(
            (u) => u.email === emails[r],
          ).length,
      );
    });

    it('lets one of 2 users patched at once to one e-mail have it; the other gets 409 naming email', async () => {
      await expectOneWinner(
        2,
        'email',
        () => {
          const email = `${unique('taken')}@example.test`;
          const people = Promise.all([0, 1].map(() => makeUser(s.db, { role: 'member' })));
          return async (i) => adminApi.patch(`/api/v1/users/${(await people)[i]!.id}`, { email });
        },
        200,
      );
    });

    it('creates one of 4 products posted at once with one SKU; the others get 409 naming sku', async () => {
      const skus = Array.from({ length: ROUNDS }, () => unique('SKU'));
      await expectOneWinner(
        4,
        'sku',
        (r) => (i) => adminApi.post('/api/v1/products', { name: `Product ${i}`, sku: skus[r] }),
        201,
        async (r) =>
          rows<{ sku: string }>(await adminApi.get(`/api/v1/products?q=${skus[r]}&limit=200`)).filter(
            (p) => p.sku === skus[r],
          ).length,
      );
    });

    it('creates one of 4 contacts posted at once with one e-mail on an account; the others get 409 naming email', async () => {
      const accounts: string[] = [];
      for (let r = 0; r < ROUNDS; r++)
        accounts.push((await api.post('/api/v1/accounts', { name: unique('Contacts') })).body.id);
      await expectOneWinner(
        4,
        'email',
        (r) => (i) =>
          api.post('/api/v1/contacts', {
            accountId: accounts[r],
            firstName: `C${i}`,
            email: 'same@example.test',
          }),
        201,
        async (r) => rows(await api.get(`/api/v1/contacts?accountId=${accounts[r]}&limit=200`)).length,
      );
    });

    it('creates one of 4 overlapping quotas posted at once for one person; the others get 409 naming periodStart', async () => {
      const people: TestUser[] = [];
      for (let r = 0; r < ROUNDS; r++) people.push(await makeUser(s.db));
      const body = (r: number) => ({
        userId: people[r]!.id,
        kind: 'new_arr',
        periodStart: '2042-01-01',
        periodEnd: '2042-03-31',
        amount: 1000,
      });
      await expectOneWinner(
        4,
        'periodStart',
        (r) => () => adminApi.post('/api/v1/quotas', body(r)),
        201,
        async (r) => rows(await adminApi.get(`/api/v1/quotas?userId=${people[r]!.id}&limit=200`)).length,
      );
    });

    it('creates one of 4 renewal opportunities posted at once for one contract; the others get 409 naming contractId', async () => {
      const contracts: { id: string; accountId: string }[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const accountId = (await api.post('/api/v1/accounts', { name: unique('Renewal') })).body.id;
        const c = await api.post('/api/v1/contracts', {
          accountId,
          name: 'Platform',
          startDate: day(-300),
          endDate: day(65),
          arr: 1000,
        });
        contracts.push(c.body);
      }
      await expectOneWinner(
        4,
        'contractId',
        (r) => (i) =>
          api.post('/api/v1/opportunities', {
            accountId: contracts[r]!.accountId,
            contractId: contracts[r]!.id,
            name: `Renewal ${i}`,
            type: 'renewal',
            closeDate: day(65),
            amount: 1000,
          }),
        201,
        async (r) =>
          rows(await api.get(`/api/v1/opportunities?contractId=${contracts[r]!.id}&limit=200`)).length,
      );
    });
  });

  describe('database errors are the client’s conflicts, not 500s', () => {
    const contactPointedAtBy = async (kind: 'issues' | 'feedback') => {
      const accountId = (await api.post('/api/v1/accounts', { name: unique('Refs') })).body.id;
      const contact = (await api.post('/api/v1/contacts', { accountId, firstName: 'Reporter' })).body;
      const pointer =
        kind === 'issues'
          ? await api.post('/api/v1/issues', {
              accountId,
              title: 'Slow',
              severity: 'p3',
              reportedByContactId: contact.id,
            })
          : await api.post('/api/v1/feedback', { accountId, title: 'Idea', contactId: contact.id });
      expect(pointer.status).toBe(201);
      return contact.id as string;
    };

    it.each([
      ['issues', /issue/i],
      ['feedback', /feedback/i],
    ] as const)(
      'refuses to delete a contact that %s point to with 409 problem+json naming them',
      async (kind, names) => {
        const contactId = await contactPointedAtBy(kind);
        const res = await api.del(`/api/v1/contacts/${contactId}`);
        expect({ status: res.status, problem: isProblem(res), faults: s.takeFaults() }).toEqual({
          status: 409,
          problem: true,
          faults: {},
        });
        expect(`${res.body.detail} ${JSON.stringify(res.body.errors ?? [])}`).toMatch(names);
        expect((await api.get(`/api/v1/contacts/${contactId}`)).status).toBe(200);
      },
    );

    it('answers a product deleted while a contract is sold with it by 409 or 400, never 500', async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const accountId = (await api.post('/api/v1/accounts', { name: unique('Sold') })).body.id;
        const product = (await adminApi.post('/api/v1/products', { name: 'Gone', sku: unique('GONE') })).body;
        const [deleted, sold] = await Promise.all([
          adminApi.del(`/api/v1/products/${product.id}`),
          api.post('/api/v1/contracts', {
            accountId,
            name: 'With a line',
            startDate: day(-1),
            endDate: day(364),
            lines: [{ productId: product.id, quantity: 1, unitPrice: 10 }],
          }),
        ]);
        const path = sold.status === 400 ? ` ${sold.body.errors?.[0]?.path}` : '';
        outcomes.push(`delete ${deleted.status}, contract ${sold.status}${path}`);
      }
      expect.soft(s.takeFaults()).toEqual({});
      const allowed = ['delete 204, contract 400 lines.0.productId', 'delete 409, contract 201'];
      expect(outcomes.filter((o) => !allowed.includes(o))).toEqual([]);
    });
  });
});
