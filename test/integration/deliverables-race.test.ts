import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountTeamMembers } from '../../src/server/features/accounts/index.ts';
import { deliverableReviews, projects } from '../../src/server/features/projects/index.ts';
import { tasks } from '../../src/server/features/tasks/index.ts';
import { makeAccount, makeUser, type TestUser, unique } from '../support/factories.ts';
import {
  burst,
  day,
  type HttpClient,
  onPostgres,
  POSTGRES_ONLY,
  type RaceServer,
  raceServer,
  SLOW,
  tally,
} from '../support/race.ts';

// A client's requests for changes sent at once on one deliverable: each counts once (the review
// locks the deliverable), and the change order is made once however many pass the included rounds.
// PostgreSQL only: PGlite has one connection and cannot race.

let s: RaceServer;
let am: TestUser;
let owner: TestUser;
let api: HttpClient;

describe.runIf(onPostgres)(`deliverable reviews at once ${POSTGRES_ONLY}`, () => {
  beforeAll(async () => {
    s = await raceServer();
    am = await makeUser(s.db);
    owner = await makeUser(s.db);
    api = s.as(am);
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    s.takeFaults();
  });

  it(
    'counts 6 client change requests sent at once as 6 rounds and makes one change-order task',
    async () => {
      for (let round = 0; round < 3; round++) {
        const account = await makeAccount(s.db, am.id);
        const [p] = await s.db
          .insert(projects)
          .values({
            accountId: account.id,
            name: unique('Race'),
            startDate: day(-5),
            endDate: day(30),
            ownerId: owner.id,
          })
          .returning();
        const name = unique('Storyboard');
        const created = await api.post('/api/v1/deliverables', { projectId: p!.id, name, dueDate: day(7) });
        expect(created.status).toBe(201);
        const id = created.body.id as string;

        const answers = await burst(6, (i) =>
          api.post(`/api/v1/deliverables/${id}/reviews`, {
            outcome: 'changes_requested',
            by: 'client',
            notes: `request ${i}`,
          }),
        );
        expect(s.takeFaults()).toEqual({});
        expect(tally(answers)).toEqual({ 201: 6 });
        expect(answers.map((a) => a.body.revisionRounds).sort()).toEqual([1, 2, 3, 4, 5, 6]);
        expect(answers.filter((a) => a.body.overRevisionLimit).length).toBe(4);

        const got = await api.get(`/api/v1/deliverables/${id}`);
        expect(got.body).toMatchObject({
          revisionRounds: 6,
          overRevisionLimit: true,
          status: 'changes_requested',
          version: 7,
        });
        const made = await s.db
          .select({ id: tasks.id, assigneeId: tasks.assigneeId })
          .from(tasks)
          .where(and(eq(tasks.accountId, account.id), eq(tasks.title, `Change order: ${name}`)));
        expect(made).toEqual([{ id: expect.any(String), assigneeId: owner.id }]);
        expect(new Set(answers.map((a) => a.body.changeOrderTaskId).filter(Boolean))).toEqual(
          new Set([made[0]!.id]),
        );
        const reviews = await s.db
          .select({ round: deliverableReviews.round })
          .from(deliverableReviews)
          .where(eq(deliverableReviews.deliverableId, id));
        expect(reviews.map((r) => r.round).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      }
    },
    SLOW,
  );

  it(
    'adds the one new assignee of 8 deliverables created at once to the project and account team once',
    async () => {
      const account = await makeAccount(s.db, am.id);
      const [p] = await s.db
        .insert(projects)
        .values({
          accountId: account.id,
          name: unique('Race'),
          startDate: day(-5),
          endDate: day(30),
          ownerId: owner.id,
        })
        .returning();
      const designer = await makeUser(s.db, { role: 'member' });
      const answers = await burst(8, (i) =>
        api.post('/api/v1/deliverables', {
          projectId: p!.id,
          name: `Banner ${i}`,
          dueDate: day(7),
          assigneeId: designer.id,
        }),
      );
      expect(s.takeFaults()).toEqual({});
      expect(tally(answers)).toEqual({ 201: 8 });
      const got = await api.get(`/api/v1/projects/${p!.id}`);
      expect(got.body).toMatchObject({ teamMemberIds: [designer.id], version: 2 });
      const team = await s.db
        .select({ userId: accountTeamMembers.userId })
        .from(accountTeamMembers)
        .where(eq(accountTeamMembers.accountId, account.id));
      expect(team).toEqual([{ userId: designer.id }]);
      const seen = await s.as(designer).get(`/api/v1/deliverables?projectId=${p!.id}`);
      expect(seen.body.data).toHaveLength(8);
    },
    SLOW,
  );
});
