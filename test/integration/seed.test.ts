import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/server/seed/demo.ts';
import { ORIGIN, type TestApp, testApp } from '../support/app.ts';
import { signIn } from '../support/session.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ fresh: true });
});
afterAll(() => t.close());

describe('steward seed --demo', () => {
  it('fills a fresh database with a book an account manager can work from, once', async () => {
    const now = new Date('2026-11-22T09:00:00.000Z');
    const result = await seedDemo(t.db, { now, seed: 7 });
    expect(result.counts.accounts).toBe(200);
    expect(result.counts.contacts).toBeGreaterThanOrEqual(400);
    expect(result.counts.activities).toBeGreaterThanOrEqual(1000);

    const cookie = await signIn(t.app, 'sam@demo.steward.test', DEMO_PASSWORD);
    const headers = { cookie, origin: ORIGIN };
    const accounts = await t.app.inject({ method: 'GET', url: '/api/v1/accounts?limit=200', headers });
    const book = accounts.json().data as { ownerId: string; segment: string }[];
    expect(book.length).toBeGreaterThan(20);
    expect(new Set(book.map((a) => a.segment)).size).toBe(3);
    const agenda = await t.app.inject({ method: 'GET', url: '/api/v1/me/agenda?date=2026-11-22', headers });
    const kinds = new Set((agenda.json().data as { kind: string }[]).map((i) => i.kind));
    expect(kinds).toEqual(new Set(['check_in_overdue', 'meeting', 'task']));

    await expect(seedDemo(t.db, { now })).rejects.toThrow(/already has accounts/);
  });
});
