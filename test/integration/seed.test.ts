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
    const book = accounts.json().data as {
      ownerId: string;
      segment: string;
      arr: number;
      healthBand: string | null;
    }[];
    expect(book.length).toBeGreaterThan(20);
    expect(new Set(book.map((a) => a.segment)).size).toBe(3);
    const agenda = await t.app.inject({ method: 'GET', url: '/api/v1/me/agenda?date=2026-11-22', headers });
    const kinds = new Set((agenda.json().data as { kind: string }[]).map((i) => i.kind));
    expect(kinds).toEqual(
      new Set(['check_in_overdue', 'meeting', 'task', 'renewal', 'at_risk', 'issue_sla', 'next_step_due']),
    );

    // Revenue: ARR on most accounts, renewals coming up, a pipeline, quotas to measure against.
    expect(result.counts.contracts).toBeGreaterThan(250);
    expect(book.filter((a) => a.arr > 0).length).toBeGreaterThan(book.length / 2);
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers })).json();
    const renewals = await get('/api/v1/reports/renewals?from=2026-11-22&to=2027-03-22');
    expect(renewals.totals.arrUpForRenewal).toBeGreaterThan(renewals.totals.arrAtRisk);
    expect(renewals.totals.arrAtRisk).toBeGreaterThan(0);
    const forecast = await get('/api/v1/reports/forecast?from=2026-10-01&to=2026-12-31');
    expect(forecast.quota).toBeGreaterThan(0);
    expect(forecast.pipeline).toBeGreaterThan(forecast.closedWon);
    const movement = await get('/api/v1/reports/arr-movement?from=2025-11-22&to=2026-11-22');
    expect(movement.expansion).toBeGreaterThan(0);
    expect(movement.contraction).toBeGreaterThan(0);

    // Health and advocacy: every band, breached issues, feedback themes.
    const bands = new Set(book.map((a) => a.healthBand));
    expect(bands).toEqual(new Set(['green', 'yellow', 'red']));
    const breached = await get('/api/v1/issues?breached=true');
    expect(breached.data.length).toBeGreaterThan(0);
    const themes = await get('/api/v1/reports/feedback-themes?groupBy=productArea');
    expect(themes.length).toBeGreaterThan(2);

    await expect(seedDemo(t.db, { now })).rejects.toThrow(/already has accounts/);
  });
});
