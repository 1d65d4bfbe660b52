import { and, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { LAST_DAY } from '../../../core/schemas/common.ts';
import {
  type Activity,
  type activitiesQuery,
  type activityPatch,
  type activityWrite,
  touchTypes,
} from '../../../core/schemas/relationship.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { ref } from '../../db/columns.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import {
  accountInScope,
  accounts,
  assertCanWorkAccounts,
  assertMayWrite,
  inAccountScope,
} from '../accounts/index.ts';
import { activities, activityContacts } from './activities.table.ts';

const contactIds = sql<
  string[]
>`coalesce((select array_agg(ac.contact_id order by ac.contact_id) from ${activityContacts} ac where ac.activity_id = ${ref(activities.id)}), '{}')`;

const columns = {
  id: activities.id,
  accountId: activities.accountId,
  type: activities.type,
  subject: activities.subject,
  body: activities.body,
  occurredAt: activities.occurredAt,
  sentiment: activities.sentiment,
  userId: activities.userId,
  meetingId: activities.meetingId,
  contactIds,
  createdAt: activities.createdAt,
  updatedAt: activities.updatedAt,
  version: activities.version,
};

function toActivity(
  r: Omit<typeof activities.$inferSelect, 'externalIds'> & { contactIds: string[] },
): Activity {
  return {
    ...r,
    occurredAt: r.occurredAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listActivities(db: Db, actor: Actor, q: z.infer<typeof activitiesQuery>) {
  const ks = keyset({ column: activities.occurredAt, id: activities.id, descending: true, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, inAccountScope(actor, activities.accountId)];
  if (q.accountId) where.push(eq(activities.accountId, q.accountId));
  if (q.userId) where.push(eq(activities.userId, q.userId));
  if (q.type) where.push(eq(activities.type, q.type));
  if (q.from) where.push(gte(activities.occurredAt, new Date(q.from)));
  if (q.to) where.push(lte(activities.occurredAt, new Date(q.to)));
  const rows = await db
    .select(columns)
    .from(activities)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.occurredAt);
  return { data: page.data.map(toActivity), nextCursor: page.nextCursor };
}

export async function getActivity(db: Db, actor: Actor, id: string): Promise<Activity> {
  const [row] = await db
    .select(columns)
    .from(activities)
    .where(and(eq(activities.id, id), inAccountScope(actor, activities.accountId)));
  if (!row) throw new AppError('not_found', `There is no activity ${id}.`);
  return toActivity(row);
}

/** Logs an activity inside the caller's transaction (meetings use it on completion). */
export async function insertActivity(
  tx: Db,
  ctx: WriteContext,
  input: z.infer<typeof activityWrite> & { meetingId?: string },
): Promise<Activity> {
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : ctx.now;
  const [row] = await tx
    .insert(activities)
    .values({
      accountId: input.accountId,
      type: input.type,
      subject: input.subject,
      body: input.body ?? null,
      occurredAt,
      sentiment: input.sentiment ?? null,
      userId: ctx.actor.userId,
      meetingId: input.meetingId ?? null,
    })
    .returning({ id: activities.id });
  const id = row!.id;
  await refreshLastTouch(tx, input.accountId);
  // Recorded before the contacts are linked: contacts refuse, on the event, any that are not the
  // account's (400 naming contactIds.N), before a link could fail on its foreign key.
  const contactIds = input.contactIds ?? [];
  const created = { ...(await getActivity(tx, ctx.actor, id)), contactIds: linked(contactIds) };
  await recordChange(tx, ctx, 'activity', 'activity.created', null, created, [
    { type: 'activity.logged', accountId: created.accountId, data: { activityId: id, contactIds } },
  ]);
  await setContacts(tx, id, contactIds);
  return created;
}

export async function createActivity(db: Db, ctx: WriteContext, input: z.infer<typeof activityWrite>) {
  return db.transaction(async (tx) => {
    await accountInScope(tx, ctx.actor, input.accountId, { field: 'accountId', forUpdate: true });
    assertCanWorkAccounts(ctx.actor);
    return insertActivity(tx, ctx, input);
  });
}

export async function updateActivity(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof activityPatch>,
  expected?: number,
): Promise<Activity> {
  return db.transaction(async (tx) => {
    await lockRow(tx, activities, id);
    const before = await getActivity(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    const [updated] = await tx
      .update(activities)
      .set({
        type: patch.type,
        subject: patch.subject,
        body: patch.body,
        occurredAt: patch.occurredAt ? new Date(patch.occurredAt) : undefined,
        sentiment: patch.sentiment,
        version: sql`${activities.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(activities.id, id), eq(activities.version, before.version)))
      .returning({ id: activities.id });
    if (!updated)
      throw new AppError(
        'precondition_failed',
        'The activity changed while you saved it. Reload and try again.',
      );
    await refreshLastTouch(tx, before.accountId);
    const after = await getActivity(tx, ctx.actor, id);
    if (patch.contactIds) after.contactIds = linked(patch.contactIds);
    await recordChange(tx, ctx, 'activity', 'activity.updated', before, after, [
      {
        type: 'activity.updated',
        accountId: after.accountId,
        data: { activityId: id, contactIds: patch.contactIds ?? null },
      },
    ]);
    if (patch.contactIds) await setContacts(tx, id, patch.contactIds);
    return after;
  });
}

export async function deleteActivity(
  db: Db,
  ctx: WriteContext,
  id: string,
  expected?: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, activities, id);
    const before = await getActivity(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(activities).where(eq(activities.id, id));
    await refreshLastTouch(tx, before.accountId);
    await recordChange(tx, ctx, 'activity', 'activity.deleted', before, null, [
      { type: 'activity.deleted', accountId: before.accountId, data: { activityId: id } },
    ]);
  });
}

/**
 * Recomputes the account's `lastTouchAt` from its touching activities; the database derives
 * `nextCheckInDue` from it. Called in the same transaction as every activity write (meeting
 * completion included); health rescores the account on the write's event.
 */
/** The accounts' last touch from their activities, in one statement (an import's batch). */
export async function refreshLastTouches(tx: Db, accountIds: string[]): Promise<void> {
  if (!accountIds.length) return;
  await tx.execute(sql`
    update ${accounts} a set last_touch_at = t.last
    from (select account_id, max(occurred_at) as last from ${activities}
          where account_id = any(${sql.param(accountIds)}::uuid[]) and ${inArray(activities.type, [...touchTypes])}
          group by account_id) t
    where a.id = t.account_id and a.last_touch_at is distinct from t.last`);
}

async function refreshLastTouch(tx: Db, accountId: string): Promise<void> {
  const [account] = await tx
    .update(accounts)
    .set({
      lastTouchAt: sql`(select max(${activities.occurredAt}) from ${activities} where ${activities.accountId} = ${accountId} and ${inArray(activities.type, [...touchTypes])})`,
    })
    .where(eq(accounts.id, accountId))
    .returning({ nextCheckInDue: accounts.nextCheckInDue });
  // A derived date stays in the API's range too: a touch dated at the far end would put the next
  // check-in past 2999-12-31.
  if (account && account.nextCheckInDue > LAST_DAY) {
    throw new AppError(
      'validation',
      `This activity would put the account's next check-in after ${LAST_DAY}.`,
      {
        errors: [{ path: 'occurredAt', message: `puts the next check-in after ${LAST_DAY}` }],
      },
    );
  }
}

/** The contact ids as an activity reads them back: each once, in the database's uuid order. */
const linked = (ids: string[]): string[] => [...new Set(ids)].sort();

async function setContacts(tx: Db, activityId: string, ids: string[]): Promise<void> {
  await tx.delete(activityContacts).where(eq(activityContacts.activityId, activityId));
  const unique = [...new Set(ids)];
  if (unique.length)
    await tx.insert(activityContacts).values(unique.map((contactId) => ({ activityId, contactId })));
}

/** The latest activity with a contact: `contactId` is the contact's id column in the outer query. */
export const lastContactedAt = (contactId: SQL) =>
  sql<Date | null>`(select max(a.occurred_at) from ${activityContacts} ac join ${activities} a on a.id = ac.activity_id where ac.contact_id = ${contactId})`;
