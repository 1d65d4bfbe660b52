import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

let t: TestApp;
let am: TestUser;
const ids: Record<string, string> = {};

// Four accounts of one owner with the derived fields their features keep (set here directly).
const derived = {
  a: { arr: 120_000.5, renewalDate: '2027-01-31', healthScore: 82, healthBand: 'green', churnRisk: 'low' },
  b: { arr: 4_000, renewalDate: '2026-12-15', healthScore: 35, healthBand: 'red', churnRisk: 'high' },
  c: { arr: 0, renewalDate: null, healthScore: null, healthBand: null, churnRisk: null },
  d: { arr: 55_000, renewalDate: '2027-06-30', healthScore: 61, healthBand: 'yellow', churnRisk: 'medium' },
} as const;

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db);
  for (const [key, values] of Object.entries(derived)) {
    const row = await makeAccount(t.db, am.id);
    await t.db.update(accounts).set(values).where(eq(accounts.id, row.id));
    ids[key] = row.id;
  }
});
afterAll(() => t.close());

const keys = (data: { id: string }[]) => data.map((a) => Object.keys(ids).find((k) => ids[k] === a.id));
const list = async (query: string) => {
  const res = await client(t.app, am).get(`/api/v1/accounts?ownerId=${am.id}&${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('accounts: derived revenue and health fields', () => {
  it('reads them on the record', async () => {
    const res = await client(t.app, am).get(`/api/v1/accounts/${ids.a}`);
    expect(res.body).toMatchObject({ ...derived.a });
  });

  it('sorts by ARR, renewal date and health score both ways, missing values at the end or start', async () => {
    expect(keys((await list('sort=-arr')).data)).toEqual(['a', 'd', 'b', 'c']);
    expect(keys((await list('sort=arr')).data)).toEqual(['c', 'b', 'd', 'a']);
    expect(keys((await list('sort=renewalDate')).data)).toEqual(['b', 'a', 'd', 'c']);
    expect(keys((await list('sort=healthScore')).data)).toEqual(['c', 'b', 'd', 'a']);
    expect(keys((await list('sort=-healthScore')).data)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('pages through a sort on a nullable field by cursor without losing or repeating a row', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = await list(
        `sort=renewalDate&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...(keys(page.data) as string[]));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['b', 'a', 'd', 'c']);
  });

  it('filters by health band and by renewal date', async () => {
    expect(keys((await list('healthBand=red')).data)).toEqual(['b']);
    expect(keys((await list('renewalBefore=2027-01-31&sort=renewalDate')).data)).toEqual(['b', 'a']);
    const bad = await client(t.app, am).get('/api/v1/accounts?healthBand=blue');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('healthBand');
  });
});
