import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import {
  burst,
  type HttpAnswer,
  type HttpClient,
  isProblem,
  onPostgres,
  POSTGRES_ONLY,
  type RaceServer,
  raceServer,
  tally,
} from '../support/race.ts';

// The sign-in limit (auth.routes.ts: ten failed sign-ins a minute per e-mail and per address,
// then 429 with Retry-After) must hold for a burst sent at once, not only for attempts one after
// another: a limit counted from the audit log and checked before the attempt lets a burst through.
// PostgreSQL only: on PGlite (one connection) the attempts cannot overlap.

let s: RaceServer;
let admin: TestUser;
let adminApi: HttpClient;

describe.runIf(onPostgres)(`sign-in bursts ${POSTGRES_ONLY}`, () => {
  beforeAll(async () => {
    // Behind a trusted proxy, so each burst can come from addresses of its own (X-Forwarded-For).
    s = await raceServer({ config: { trustProxy: true } });
    admin = await makeUser(s.db, { role: 'admin' });
    adminApi = s.as(admin);
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    s.takeFaults();
  });

  const anonymous = () => s.as(null);
  const address = () => `10.${randomInt(200)}.${randomInt(250)}.${randomInt(1, 250)}`;
  const signIn = (email: string, ip: string) =>
    anonymous().post(
      '/api/auth/sign-in/email',
      { email, password: 'wrong-password-123' },
      { origin: ORIGIN, 'x-forwarded-for': ip },
    );
  /** Failed sign-ins the audit log holds since `from`, as admin sees them through the API. */
  const failuresSince = async (from: string) => {
    const all: { ip: string | null; changes: { email?: [null, string] } }[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: typeof all; nextCursor: string | null } = (
        await adminApi.get(
          `/api/v1/audit?action=auth.sign_in_failed&from=${from}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).body;
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  const limited = (answers: HttpAnswer[]) =>
    answers
      .filter((a) => a.status === 429)
      .every((a) => isProblem(a) && /^\d+$/.test(a.headers['retry-after'] ?? ''));

  /** At most ten processed (401, and audited), at least the first; every other one 429. */
  const expectAtMostTen = (
    statuses: Record<number, number>,
    sent: number,
    limitedSayWhen: boolean,
    audited: number,
  ) => {
    const detail = JSON.stringify({ statuses, audited });
    const processed = statuses[401] ?? 0;
    expect.soft(s.takeFaults()).toEqual({});
    expect.soft(processed, `processed (401) of ${detail}`).toBeGreaterThanOrEqual(1);
    expect.soft(processed, `processed (401) of ${detail}`).toBeLessThanOrEqual(10);
    expect.soft(processed + (statuses[429] ?? 0), `401 + 429 of ${detail}`).toBe(sent);
    expect.soft(limitedSayWhen, '429s are problem+json with Retry-After').toBe(true);
    expect(audited, `failures audited of ${detail}`).toBeLessThanOrEqual(10);
  };

  it('processes at most 10 of 60 wrong passwords sent at once for one e-mail; the rest get 429 with Retry-After', async () => {
    const user = await makeUser(s.db);
    const from = new Date(Date.now() - 1000).toISOString();
    const answers = await burst(60, () => signIn(user.email, address()));
    const audited = (await failuresSince(from)).filter((e) => e.changes.email?.[1] === user.email).length;
    const statuses = tally(answers);
    expectAtMostTen(statuses, 60, limited(answers), audited);
  });

  it('processes at most 10 of 30 sign-ins sent at once from one address with 30 e-mails', async () => {
    const ip = address();
    const from = new Date(Date.now() - 1000).toISOString();
    const answers = await burst(30, (i) => signIn(`${unique(`nobody${i}`)}@example.test`, ip));
    const audited = (await failuresSince(from)).filter((e) => e.ip === ip).length;
    const statuses = tally(answers);
    expectAtMostTen(statuses, 30, limited(answers), audited);
  });
});
