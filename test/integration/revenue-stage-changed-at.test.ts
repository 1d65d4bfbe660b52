import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../src/core/rules/dates.ts';
import type { Clock } from '../../src/server/clock.ts';
import { rawRows } from '../../src/server/db/index.ts';
import { type TestApp, testApp } from '../support/app.ts';
import { makeUser, type TestUser, unique } from '../support/factories.ts';
import { client } from '../support/http.ts';

/*
 * stageChangedAt: the moment of the write that set or last changed the stage, from the server's
 * clock, which this suite moves by hand. A database of its own: the sweep touches every contract,
 * and the last test re-runs the migration that added the column.
 */
let t: TestApp;
let admin: TestUser;
let am: TestUser;
let accountId: string;
let at = '2046-03-02T09:00:00.000Z';
const clock: Clock = { now: () => new Date(at), today: () => dayOf(new Date(at)) };

beforeAll(async () => {
  t = await testApp({ fresh: true, clock });
  admin = await makeUser(t.db, { role: 'admin' });
  am = await makeUser(t.db);
  accountId = (await client(t.app, am).post('/api/v1/accounts', { name: unique('Stages') })).body.id;
});
afterAll(() => t.close());

const patch = (id: string, body: object) => client(t.app, am).patch(`/api/v1/opportunities/${id}`, body);

describe('stageChangedAt', () => {
  it('is set on creation and on every stage change, and only then', async () => {
    const created = await client(t.app, am).post('/api/v1/opportunities', {
      accountId,
      name: 'Seats',
      type: 'upsell',
      amount: 1_200,
      closeDate: '2046-06-30',
    });
    expect(created.status).toBe(201);
    expect(created.body.stageChangedAt).toBe('2046-03-02T09:00:00.000Z');
    const id = created.body.id;

    at = '2046-03-05T10:00:00.000Z';
    const edited = await patch(id, { amount: 1_500, nextStep: 'Send the quote', stage: 'prospecting' });
    expect(edited.body).toMatchObject({ amount: 1_500, stageChangedAt: '2046-03-02T09:00:00.000Z' });

    at = '2046-03-09T11:30:00.000Z';
    const moved = await patch(id, { stage: 'proposal' });
    expect(moved.body).toMatchObject({ stage: 'proposal', stageChangedAt: '2046-03-09T11:30:00.000Z' });

    at = '2046-03-20T08:00:00.000Z';
    const won = await patch(id, { stage: 'closed_won' });
    expect(won.body).toMatchObject({ stage: 'closed_won', stageChangedAt: '2046-03-20T08:00:00.000Z' });
    expect((await client(t.app, am).get(`/api/v1/opportunities/${id}`)).body.stageChangedAt).toBe(
      '2046-03-20T08:00:00.000Z',
    );

    // Read-only: a write may not set it.
    const refused = await patch(id, { stageChangedAt: '2046-01-01T00:00:00.000Z' });
    expect(refused.status).toBe(400);
  });

  it('is stamped on the deals the sweep opens and on renewal deals won by renewing the contract', async () => {
    const api = client(t.app, admin);
    const contract = async (name: string, endDate: string) =>
      (
        await api.post('/api/v1/contracts', {
          accountId,
          name,
          startDate: '2045-07-01',
          endDate,
          arr: 6_000,
        })
      ).body.id as string;
    const swept = await contract('Swept', '2046-06-30');
    const renewed = await contract('Renewed early', '2046-09-30');

    at = '2046-04-01T00:15:00.000Z';
    expect((await api.post('/api/v1/admin/sweeps/renewals?asOf=2046-04-01')).body.opportunitiesCreated).toBe(
      1,
    );
    const dealOf = async (contractId: string) =>
      (await api.get(`/api/v1/opportunities?contractId=${contractId}&type=renewal`)).body.data[0];
    expect((await dealOf(swept)).stageChangedAt).toBe('2046-04-01T00:15:00.000Z');

    at = '2046-04-02T15:00:00.000Z';
    const renewal = await api.post(`/api/v1/contracts/${renewed}/renew`, {
      endDate: '2047-09-30',
      arr: 6_600,
    });
    expect(renewal.status).toBe(201);
    expect(await dealOf(renewed)).toMatchObject({
      stage: 'closed_won',
      stageChangedAt: '2046-04-02T15:00:00.000Z',
    });
    // The sweep's open deal, won when its contract is renewed.
    at = '2046-04-03T16:00:00.000Z';
    expect(
      (await api.post(`/api/v1/contracts/${swept}/renew`, { endDate: '2047-06-30', arr: 6_000 })).status,
    ).toBe(201);
    expect(await dealOf(swept)).toMatchObject({
      stage: 'closed_won',
      stageChangedAt: '2046-04-03T16:00:00.000Z',
    });
  });

  it('is backfilled by its migration from updatedAt', async () => {
    const rows = () =>
      rawRows<{ id: string; same: boolean }>(
        t.db,
        sql`select id, stage_changed_at = updated_at as same from opportunities order by id`,
      );
    const before = await rows();
    expect(before.length).toBe(3); // Seats, the swept renewal, the renewal recorded won
    expect(before.some((r) => r.same)).toBe(false); // stamped by the clock, not the database
    // Back to the table as it was before the migration, then the migration's statements.
    await t.db.execute(sql`alter table opportunities drop column stage_changed_at`);
    const file = readFileSync(new URL('../../migrations/0012_stage_changed_at.sql', import.meta.url), 'utf8');
    for (const statement of file.split('--> statement-breakpoint')) await t.db.execute(sql.raw(statement));
    expect(await rows()).toEqual(before.map((r) => ({ id: r.id, same: true })));
  });
});
