import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import {
  burst,
  countOf,
  type HttpClient,
  isProblem,
  onPostgres,
  POSTGRES_ONLY,
  type RaceServer,
  raceServer,
  rows,
  summary,
} from '../support/race.ts';

// A vendor's name is unique whatever its case, also when the clashing creates arrive together:
// one 201, the others 409 naming name (the unique index vendors_name_unique decides), never a 500.
const ROUNDS = 3;
const N = 8;

let s: RaceServer;
let am: TestUser;
let api: HttpClient;

describe.runIf(onPostgres)(`vendor names written at once ${POSTGRES_ONLY}`, () => {
  beforeAll(async () => {
    s = await raceServer();
    am = await makeUser(s.db);
    api = s.as(am);
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    s.takeFaults();
  });

  it(`creates one of ${N} vendors posted at once as "Acme Print" / "acme print"; the others get 409 naming name`, async () => {
    const rounds: string[] = [];
    const survivors: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const tag = unique('r');
      const answers = await burst(N, (i) =>
        api.post('/api/v1/vendors', { name: i % 2 ? `acme print ${tag}` : `Acme Print ${tag}` }),
      );
      expect(answers.filter((a) => a.status === 409).every(isProblem)).toBe(true);
      rounds.push(summary(answers, 201));
      const listed = rows<{ name: string }>(await api.get(`/api/v1/vendors?q=${tag}&limit=200`));
      survivors.push(listed.length);
    }
    expect.soft(s.takeFaults()).toEqual({});
    expect(countOf(rounds)).toEqual({ [`1×201 ${N - 1}×409 (409: name)`]: ROUNDS });
    expect(survivors).toEqual(Array(ROUNDS).fill(1));
  });
});
