import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import {
  burst,
  type HttpAnswer,
  onPostgres,
  POSTGRES_ONLY,
  type RaceServer,
  raceServer,
  SLOW,
} from '../support/race.ts';

// The reads made fast for issue 12, run at once on several connections: one account by id is a
// named prepared statement per role (each pool connection parses it on first use, so parallel first
// uses must not collide); the agenda runs its seven reads side by side on the pool (even a pool
// smaller than seven must serve many agendas at once); the account manager's list and search merge
// two branches. Each answer sent in a burst must equal the one sent alone. PostgreSQL only.
const PARALLEL = 24;

let s: RaceServer;
let small: RaceServer;
const who = {} as Record<'admin' | 'manager' | 'am' | 'otherAm' | 'member', TestUser>;
const accountIds: string[] = [];

describe.runIf(onPostgres)(`concurrent reads ${POSTGRES_ONLY}`, () => {
  beforeAll(async () => {
    s = await raceServer();
    // Three connections for up to seven reads per agenda: the requests queue on the pool.
    small = await raceServer({ poolSize: 3 });
    who.admin = await makeUser(s.db, { role: 'admin' });
    who.am = await makeUser(s.db, { role: 'account_manager' });
    who.otherAm = await makeUser(s.db, { role: 'account_manager' });
    who.member = await makeUser(s.db, { role: 'member' });
    who.manager = await makeUser(s.db, { role: 'manager' });
    const team = await s
      .as(who.admin)
      .post('/api/v1/teams', { name: 'Readers', managerIds: [who.manager.id], memberIds: [who.am.id] });
    expect(team.status).toBe(201);
    for (let i = 0; i < 12; i++) accountIds.push((await makeAccount(s.db, who.am.id)).id);
    // The other manager's accounts: one with the first as account team, one with the member.
    accountIds.push((await makeAccount(s.db, who.otherAm.id, [who.am.id])).id);
    accountIds.push((await makeAccount(s.db, who.otherAm.id, [who.member.id])).id);
    accountIds.push((await makeAccount(s.db, who.otherAm.id)).id);
  }, SLOW);
  afterAll(async () => {
    await s?.close();
    await small?.close();
  });

  it(
    'answers one account by id the same at once as alone, for every role, 404 outside the scope',
    async () => {
      const roles = Object.keys(who) as (keyof typeof who)[];
      const calls = roles.flatMap((role) => accountIds.map((id) => ({ role, id })));
      const alone: HttpAnswer[] = [];
      for (const c of calls) alone.push(await s.as(who[c.role]).get(`/api/v1/accounts/${c.id}`));
      // A fresh server, so every connection meets the prepared statements for the first time at once.
      const fresh = await raceServer();
      try {
        const together = await burst(calls.length, (i) =>
          fresh.as(who[calls[i]!.role]).get(`/api/v1/accounts/${calls[i]!.id}`),
        );
        expect(fresh.takeFaults()).toEqual({});
        expect(together.map((a) => [a.status, a.body])).toEqual(alone.map((a) => [a.status, a.body]));
      } finally {
        await fresh.close();
      }
      const statuses = (role: keyof typeof who) =>
        alone.filter((_, i) => calls[i]!.role === role).map((a) => a.status);
      expect(statuses('admin')).toEqual(accountIds.map(() => 200));
      expect(statuses('am')).toEqual([...accountIds.slice(0, 13).map(() => 200), 404, 404]);
      expect(statuses('manager')).toEqual([...accountIds.slice(0, 12).map(() => 200), 404, 404, 404]);
      expect(statuses('member')).toEqual([...accountIds.slice(0, 13).map(() => 404), 200, 404]);
    },
    SLOW,
  );

  it(
    'serves many agendas at once on a pool smaller than one agenda’s reads',
    async () => {
      const url = '/api/v1/me/agenda?date=2027-12-31';
      const alone = await small.as(who.am).get(url);
      expect(alone.status).toBe(200);
      expect(alone.body.data.length).toBeGreaterThanOrEqual(12);
      const together = await burst(PARALLEL, () => small.as(who.am).get(url));
      expect(small.takeFaults()).toEqual({});
      for (const a of together) expect([a.status, a.body]).toEqual([200, alone.body]);
    },
    SLOW,
  );

  it(
    'pages an account manager’s list and searches the same at once as alone',
    async () => {
      const pages = ['sort=name&limit=5', 'sort=-arr&limit=5', 'sort=nextCheckInDue&limit=50'];
      const alone: HttpAnswer[] = [];
      for (const q of pages) alone.push(await s.as(who.am).get(`/api/v1/accounts?${q}`));
      const together = await burst(PARALLEL, (i) => s.as(who.am).get(`/api/v1/accounts?${pages[i % 3]}`));
      expect(s.takeFaults()).toEqual({});
      together.forEach((a, i) => {
        expect([a.status, a.body]).toEqual([200, alone[i % 3]!.body]);
      });
      expect(alone[2]!.body.data).toHaveLength(13);
      const name = alone[2]!.body.data[0].name as string;
      const search = await s.as(who.am).get(`/api/v1/search?q=${encodeURIComponent(name)}`);
      const searches = await burst(PARALLEL, () =>
        s.as(who.am).get(`/api/v1/search?q=${encodeURIComponent(name)}`),
      );
      for (const a of searches) expect([a.status, a.body]).toEqual([200, search.body]);
    },
    SLOW,
  );
});
