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
} from '../support/race.ts';

// docs/api-conventions.md, "retries" and "concurrency": an Idempotency-Key is reserved before the work starts, so
// parallel retries create one record (the others replay it, or get 409 while it is in progress);
// actions on one record sent at once happen once. PostgreSQL only (see concurrency-writes).
const ROUNDS = 3;

let s: RaceServer;
let am: TestUser;
let admin: TestUser;
let api: HttpClient;
let adminApi: HttpClient;

describe.runIf(onPostgres)(`retries and repeated actions at once ${POSTGRES_ONLY}`, () => {
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

  const newAccount = async () =>
    (await api.post('/api/v1/accounts', { name: unique('Retry') })).body.id as string;
  const newContract = async (accountId: string) =>
    (
      await api.post('/api/v1/contracts', {
        accountId,
        name: 'Platform',
        startDate: day(-300),
        endDate: day(65),
        arr: 1000,
      })
    ).body as { id: string };
  const contractsOf = async (accountId: string) =>
    rows<{ id: string }>(await api.get(`/api/v1/contracts?accountId=${accountId}&limit=200`));
  const auditOf = async (entityId: string, action: string) =>
    rows(await adminApi.get(`/api/v1/audit?entityId=${entityId}&action=${action}&limit=200`)).length;

  /** What the contract says of one burst of retries: one record, one original, the rest replays or 409s. */
  const retryOutcome = (answers: HttpAnswer[], made: { id: string }[]) => {
    const created = answers.filter((a) => a.status === 201);
    return {
      records: made.length,
      originals: created.filter((a) => a.headers['idempotent-replayed'] !== 'true').length,
      replaysShowTheRecord: created.every((a) => a.body.id === made[0]?.id),
      othersAre409Problems: answers
        .filter((a) => a.status !== 201)
        .every((a) => a.status === 409 && isProblem(a)),
    };
  };
  const oneRecord = { records: 1, originals: 1, replaysShowTheRecord: true, othersAre409Problems: true };

  const idempotent = [
    {
      what: 'account',
      post: (key: string, name: string) => api.post('/api/v1/accounts', { name }, { 'idempotency-key': key }),
      made: async (name: string) =>
        rows<{
          id: string;
          name: string;
        }>(await api.get(`/api/v1/accounts?q=${name}&limit=200`)).filter((a) => a.name === name),
    },
    {
      what: 'contract',
      post: async (key: string, name: string) =>
        api.post(
          '/api/v1/contracts',
          { accountId: await sharedAccount, name, startDate: day(-1), endDate: day(364), arr: 10 },
          { 'idempotency-key': key },
        ),
      made: async (name: string) =>
        rows<{
          id: string;
          name: string;
        }>(await api.get(`/api/v1/contracts?accountId=${await sharedAccount}&limit=200`)).filter(
          (c) => c.name === name,
        ),
    },
  ];
  let sharedAccount: Promise<string>;

  for (const { what, post, made } of idempotent) {
    it(
      `creates one ${what} from 10 retries sent at once with one Idempotency-Key, and replays it later`,
      async () => {
        sharedAccount ??= newAccount();
        const rounds: ReturnType<typeof retryOutcome>[] = [];
        const statuses: Record<number, number>[] = [];
        const later: string[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const key = unique('key');
          const name = unique('Idempotent');
          const answers = await burst(10, () => post(key, name));
          const records = await made(name);
          rounds.push(retryOutcome(answers, records));
          statuses.push(tally(answers));
          const retry = await post(key, name);
          const otherBody = await post(key, `${name} changed`);
          later.push(
            `retry ${retry.status} replayed=${retry.headers['idempotent-replayed']} same=${retry.body.id === records[0]?.id}; ` +
              `other body ${otherBody.status} problem=${isProblem(otherBody)}`,
          );
        }
        expect.soft(s.takeFaults()).toEqual({});
        expect
          .soft(rounds, `statuses per round: ${JSON.stringify(statuses)}`)
          .toEqual(Array(ROUNDS).fill(oneRecord));
        expect(later).toEqual(
          Array(ROUNDS).fill('retry 201 replayed=true same=true; other body 409 problem=true'),
        );
      },
      SLOW,
    );
  }

  it('renews a contract once when 8 renewals are posted at once: one 201, the others 409', async () => {
    const rounds: object[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const accountId = await newAccount();
      const old = await newContract(accountId);
      const answers = await burst(8, () =>
        api.post(`/api/v1/contracts/${old.id}/renew`, { endDate: day(430), arr: 1200 }),
      );
      const after = (await api.get(`/api/v1/contracts/${old.id}`)).body;
      const won = answers.find((a) => a.status === 201);
      rounds.push({
        statuses: tally(answers),
        losersAreProblems: answers.filter((a) => a.status !== 201).every(isProblem),
        contracts: (await contractsOf(accountId)).length,
        old: `${after.status}, renewed to the winner: ${after.renewedToId === won?.body.id}`,
      });
    }
    expect.soft(s.takeFaults()).toEqual({});
    expect(rounds).toEqual(
      Array(ROUNDS).fill({
        statuses: { 201: 1, 409: 7 },
        losersAreProblems: true,
        contracts: 2,
        old: 'renewed, renewed to the winner: true',
      }),
    );
  });

  it('renews a contract once when 8 retries of one renewal share an Idempotency-Key', async () => {
    const rounds: ReturnType<typeof retryOutcome>[] = [];
    const statuses: Record<number, number>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const accountId = await newAccount();
      const old = await newContract(accountId);
      const key = unique('renew');
      const answers = await burst(8, () =>
        api.post(
          `/api/v1/contracts/${old.id}/renew`,
          { endDate: day(430), arr: 1200 },
          { 'idempotency-key': key },
        ),
      );
      const renewals = (await contractsOf(accountId)).filter((c) => c.id !== old.id);
      rounds.push(retryOutcome(answers, renewals));
      statuses.push(tally(answers));
    }
    expect.soft(s.takeFaults()).toEqual({});
    expect(rounds, `statuses per round: ${JSON.stringify(statuses)}`).toEqual(Array(ROUNDS).fill(oneRecord));
  });

  it('closes an opportunity won by 8 PATCHes at once without error, and makes at most one contract of it', async () => {
    const rounds: object[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const accountId = await newAccount();
      const opp = (
        await api.post('/api/v1/opportunities', {
          accountId,
          name: unique('Deal'),
          type: 'upsell',
          amount: 5000,
          closeDate: day(30),
        })
      ).body;
      const answers = await burst(8, () =>
        api.patch(`/api/v1/opportunities/${opp.id}`, { stage: 'closed_won' }),
      );
      const after = (await api.get(`/api/v1/opportunities/${opp.id}`)).body;
      const contracts = await contractsOf(accountId);
      rounds.push({
        statuses: tally(answers),
        stage: after.stage,
        closed: after.closedAt !== null,
        contractsMadeOfIt: contracts.length > 1 ? `${contracts.length} contracts` : 'at most one',
        contractIdIsThatOne:
          after.contractId === null || contracts.map((c) => c.id).includes(after.contractId),
      });
    }
    expect.soft(s.takeFaults()).toEqual({});
    expect(rounds).toEqual(
      Array(ROUNDS).fill({
        statuses: { 200: 8 },
        stage: 'closed_won',
        closed: true,
        contractsMadeOfIt: 'at most one',
        contractIdIsThatOne: true,
      }),
    );
  });

  it('archives and restores an account once when each is sent 8 times at once (200 or 409, never 500)', async () => {
    const rounds: object[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const id = await newAccount();
      const archived = await burst(8, () => api.del(`/api/v1/accounts/${id}`));
      const restored = await burst(8, () => api.post(`/api/v1/accounts/${id}/restore`, {}));
      const after = (await api.get(`/api/v1/accounts/${id}`)).body;
      const outcome = (answers: HttpAnswer[]) =>
        answers.some((a) => a.status === 200) &&
        answers.every((a) => a.status === 200 || (a.status === 409 && isProblem(a)));
      rounds.push({
        archive: outcome(archived) || tally(archived),
        restore: outcome(restored) || tally(restored),
        audited: `${await auditOf(id, 'account.archived')} archived, ${await auditOf(id, 'account.restored')} restored`,
        version: after.version,
        archivedAt: after.archivedAt,
      });
    }
    expect.soft(s.takeFaults()).toEqual({});
    expect(rounds).toEqual(
      Array(ROUNDS).fill({
        archive: true,
        restore: true,
        audited: '1 archived, 1 restored',
        version: 3,
        archivedAt: null,
      }),
    );
  });

  it('keeps team memberships whole when users and their team are changed at once', async () => {
    const people: TestUser[] = [];
    for (let i = 0; i < 4; i++) people.push(await makeUser(s.db));
    const ids = people.map((p) => p.id).sort();
    const team = (
      await adminApi.post('/api/v1/teams', { name: unique('Team'), managerIds: [], memberIds: [] })
    ).body;
    const statuses: HttpAnswer[] = [];
    const finals: object[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      statuses.push(
        ...(await burst(8, (i) =>
          i % 2
            ? adminApi.patch(`/api/v1/users/${people[i >> 1]!.id}`, { teamIds: [team.id] })
            : adminApi.patch(`/api/v1/teams/${team.id}`, { memberIds: ids }),
        )),
      );
      const members = (await adminApi.get(`/api/v1/teams/${team.id}`)).body.memberIds;
      const teamsOfPeople = await Promise.all(
        people.map(async (p) => (await adminApi.get(`/api/v1/users/${p.id}`)).body.teamIds),
      );
      finals.push({ members, teamsOfPeople });
      await adminApi.patch(`/api/v1/teams/${team.id}`, { memberIds: [] });
    }
    expect.soft(s.takeFaults()).toEqual({});
    expect.soft(tally(statuses)).toEqual({ 200: 8 * ROUNDS });
    expect(finals).toEqual(Array(ROUNDS).fill({ members: ids, teamsOfPeople: ids.map(() => [team.id]) }));
  });
});
