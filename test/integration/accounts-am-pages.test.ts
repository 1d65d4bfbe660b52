import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/server/features/accounts/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeAccount, makeUser, type TestUser } from '../support/factories.ts';
import { client } from '../support/http.ts';

// An account manager's list (and search) is their own accounts plus those whose account team they are on,
// read as two branches merged into one page (accounts.service.ts, pageScope): the pages must
// interleave the two exactly as one sorted list would, in every sort, without a gap or a repeat.

let t: TestApp;
let am: TestUser;

beforeAll(async () => {
  t = await testApp();
  am = await makeUser(t.db, { role: 'account_manager' });
  const colleague = await makeUser(t.db, { role: 'account_manager' });
  // Names and ARR chosen so owned and account-team accounts alternate in both orders.
  const plan: [string, number, 'mine' | 'team' | 'other'][] = [
    ['Alder', 500, 'mine'],
    ['Birch', 100, 'team'],
    ['Cedar', 900, 'mine'],
    ['Dogwood', 300, 'team'],
    ['Elm', 700, 'other'],
    ['Fir', 200, 'mine'],
    ['Ginkgo', 800, 'team'],
    ['Hazel', 400, 'mine'],
    ['Ironwood', 600, 'other'],
    ['Juniper', 50, 'team'],
  ];
  for (const [name, arr, whose] of plan) {
    const row =
      whose === 'mine'
        ? await makeAccount(t.db, am.id)
        : await makeAccount(t.db, colleague.id, whose === 'team' ? [am.id] : []);
    await t.db.update(accounts).set({ name, arr }).where(eq(accounts.id, row.id));
  }
});
afterAll(() => t.close());

async function allPages(query: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await client(t.app, am).get(
      `/api/v1/accounts?${query}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(3);
    names.push(...res.body.data.map((a: { name: string }) => a.name));
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return names;
}

describe('accounts: an account manager’s pages', () => {
  it('merge owned and account-team accounts by name, page after page', async () => {
    expect(await allPages('sort=name')).toEqual([
      'Alder',
      'Birch',
      'Cedar',
      'Dogwood',
      'Fir',
      'Ginkgo',
      'Hazel',
      'Juniper',
    ]);
  });

  it('and by ARR, largest first', async () => {
    expect(await allPages('sort=-arr')).toEqual([
      'Cedar', // 900
      'Ginkgo', // 800
      'Alder', // 500
      'Hazel', // 400
      'Dogwood', // 300
      'Fir', // 200
      'Birch', // 100
      'Juniper', // 50
    ]);
  });

  it('apply the other filters in both branches, and never show an account outside them', async () => {
    const res = await client(t.app, am).get('/api/v1/accounts?sort=name&limit=50&q=Dogwood');
    expect(res.body.data.map((a: { name: string }) => a.name)).toEqual(['Dogwood']);
    const none = await client(t.app, am).get('/api/v1/accounts?sort=name&limit=50&q=Ironwood');
    expect(none.body.data).toEqual([]);
  });

  it('search finds their own and their account-team accounts, and no one else’s', async () => {
    const titles = async (q: string) => {
      const res = await client(t.app, am).get(`/api/v1/search?q=${q}`);
      expect(res.status).toBe(200);
      return res.body.data
        .filter((h: { type: string }) => h.type === 'account')
        .map((h: { title: string }) => h.title);
    };
    expect(await titles('Alder')).toEqual(['Alder']);
    expect(await titles('Dogwood')).toEqual(['Dogwood']);
    expect(await titles('Ironwood')).toEqual([]);
  });
});
