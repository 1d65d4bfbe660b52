import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type {
  Meeting,
  meetingComplete,
  meetingPatch,
  meetingsQuery,
  meetingWrite,
} from '../../../core/schemas/relationship.ts';
import { recordChange } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { existingUserIds } from '../../auth/user-ids.ts';
import { ref } from '../../db/columns.ts';
import { type Db, lockRow } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { accountInScope, assertCanWorkAccounts, assertMayWrite, inAccountScope } from '../accounts/index.ts';
import { insertActivity } from '../activities/index.ts';
import { assertContactsOfAccount } from '../contacts/index.ts';
import { meetingContacts, meetings, meetingUsers } from './meetings.table.ts';

const idsOf = (table: typeof meetingContacts | typeof meetingUsers, column: 'contact_id' | 'user_id') =>
  sql<
    string[]
  >`coalesce((select array_agg(x.${sql.raw(column)} order by x.${sql.raw(column)}) from ${table} x where x.meeting_id = ${ref(meetings.id)}), '{}')`;

const columns = {
  id: meetings.id,
  accountId: meetings.accountId,
  kind: meetings.kind,
  title: meetings.title,
  scheduledAt: meetings.scheduledAt,
  durationMinutes: meetings.durationMinutes,
  agenda: meetings.agenda,
  status: meetings.status,
  notes: meetings.notes,
  activityId: meetings.activityId,
  contactIds: idsOf(meetingContacts, 'contact_id'),
  userIds: idsOf(meetingUsers, 'user_id'),
  createdAt: meetings.createdAt,
  updatedAt: meetings.updatedAt,
  version: meetings.version,
};

type Row = Omit<typeof meetings.$inferSelect, 'createdById'> & { contactIds: string[]; userIds: string[] };

function toMeeting(r: Row): Meeting {
  return {
    ...r,
    scheduledAt: r.scheduledAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listMeetings(db: Db, actor: Actor, q: z.infer<typeof meetingsQuery>) {
  const ks = keyset({ column: meetings.scheduledAt, id: meetings.id, descending: false, cursor: q.cursor });
  const where: (SQL | undefined)[] = [ks.where, inAccountScope(actor, meetings.accountId)];
  if (q.accountId) where.push(eq(meetings.accountId, q.accountId));
  if (q.userId) {
    where.push(
      sql`exists (select 1 from ${meetingUsers} mu where mu.meeting_id = ${ref(meetings.id)} and mu.user_id = ${q.userId})`,
    );
  }
  if (q.status) where.push(eq(meetings.status, q.status));
  if (q.from) where.push(gte(meetings.scheduledAt, new Date(q.from)));
  if (q.to) where.push(lte(meetings.scheduledAt, new Date(q.to)));
  const rows = await db
    .select(columns)
    .from(meetings)
    .where(and(...where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.scheduledAt);
  return { data: page.data.map(toMeeting), nextCursor: page.nextCursor };
}

export async function getMeeting(db: Db, actor: Actor, id: string): Promise<Meeting> {
  const [row] = await db
    .select(columns)
    .from(meetings)
    .where(and(eq(meetings.id, id), inAccountScope(actor, meetings.accountId)));
  if (!row) throw new AppError('not_found', `There is no meeting ${id}.`);
  return toMeeting(row);
}

export async function createMeeting(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof meetingWrite>,
): Promise<Meeting> {
  return db.transaction(async (tx) => {
    await accountInScope(tx, ctx.actor, input.accountId, { field: 'accountId', forUpdate: true });
    assertCanWorkAccounts(ctx.actor);
    await assertContactsOfAccount(tx, input.accountId, input.contactIds ?? []);
    const [row] = await tx
      .insert(meetings)
      .values({
        accountId: input.accountId,
        kind: input.kind,
        title: input.title,
        scheduledAt: new Date(input.scheduledAt),
        durationMinutes: input.durationMinutes ?? 30,
        agenda: input.agenda ?? null,
        status: input.status ?? 'scheduled',
        createdById: ctx.actor.userId,
      })
      .returning({ id: meetings.id });
    const id = row!.id;
    await setPeople(tx, id, input.contactIds ?? [], input.userIds ?? [ctx.actor.userId]);
    const created = await getMeeting(tx, ctx.actor, id);
    await recordChange(tx, ctx, 'meeting', 'meeting.created', null, created);
    return created;
  });
}

export async function updateMeeting(
  db: Db,
  ctx: WriteContext,
  id: string,
  patch: z.infer<typeof meetingPatch>,
  expected?: number,
): Promise<Meeting> {
  return db.transaction(async (tx) => {
    await lockRow(tx, meetings, id);
    const before = await getMeeting(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    if (patch.status === 'completed' && before.status !== 'completed') {
      throw new AppError(
        'validation',
        'Complete a meeting with POST /api/v1/meetings/{id}/complete, which logs it.',
        {
          errors: [{ path: 'status', message: 'use the complete action' }],
        },
      );
    }
    if (patch.contactIds) await assertContactsOfAccount(tx, before.accountId, patch.contactIds);
    await tx
      .update(meetings)
      .set({
        kind: patch.kind,
        title: patch.title,
        scheduledAt: patch.scheduledAt ? new Date(patch.scheduledAt) : undefined,
        durationMinutes: patch.durationMinutes,
        agenda: patch.agenda,
        status: patch.status,
        version: sql`${meetings.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(meetings.id, id), eq(meetings.version, before.version)))
      .returning({ id: meetings.id })
      .then(assertWritten);
    if (patch.contactIds || patch.userIds) {
      await setPeople(tx, id, patch.contactIds ?? before.contactIds, patch.userIds ?? before.userIds);
    }
    const after = await getMeeting(tx, ctx.actor, id);
    await recordChange(tx, ctx, 'meeting', 'meeting.updated', before, after);
    return after;
  });
}

/** A write guarded by the version read at its start found no row: someone else wrote first. */
function assertWritten(rows: { id: string }[]): void {
  if (!rows.length)
    throw new AppError(
      'precondition_failed',
      'The meeting changed while you saved it. Reload and try again.',
    );
}

const activityTypeOf = {
  check_in: 'check_in',
  business_review: 'business_review',
  kickoff: 'meeting',
  other: 'meeting',
} as const;

/** Marks the meeting completed and logs its activity at the scheduled time, in one transaction. */
export async function completeMeeting(
  db: Db,
  ctx: WriteContext,
  id: string,
  input: z.infer<typeof meetingComplete>,
  expected?: number,
): Promise<Meeting> {
  return db.transaction(async (tx) => {
    await lockRow(tx, meetings, id);
    const before = await getMeeting(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    if (before.status !== 'scheduled') {
      throw new AppError(
        'conflict',
        `The meeting is ${before.status}; only a scheduled meeting can be completed.`,
      );
    }
    const activity = await insertActivity(tx, ctx, {
      accountId: before.accountId,
      type: activityTypeOf[before.kind],
      subject: before.title,
      body: input.notes ?? null,
      occurredAt: before.scheduledAt,
      contactIds: before.contactIds,
      sentiment: input.sentiment ?? null,
      meetingId: id,
    });
    await tx
      .update(meetings)
      .set({
        status: 'completed',
        notes: input.notes ?? null,
        activityId: activity.id,
        version: sql`${meetings.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(meetings.id, id), eq(meetings.version, before.version)))
      .returning({ id: meetings.id })
      .then(assertWritten);
    const after = await getMeeting(tx, ctx.actor, id);
    await recordChange(tx, ctx, 'meeting', 'meeting.completed', before, after);
    return after;
  });
}

export async function deleteMeeting(db: Db, ctx: WriteContext, id: string, expected?: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, meetings, id);
    const before = await getMeeting(tx, ctx.actor, id);
    assertMayWrite(ctx.actor, before, expected);
    await tx.delete(meetings).where(eq(meetings.id, id));
    await recordChange(tx, ctx, 'meeting', 'meeting.deleted', before, null);
  });
}

async function setPeople(tx: Db, meetingId: string, contactIds: string[], userIds: string[]): Promise<void> {
  const people = await existingUserIds(tx, userIds, 'userIds');
  await tx.delete(meetingContacts).where(eq(meetingContacts.meetingId, meetingId));
  await tx.delete(meetingUsers).where(eq(meetingUsers.meetingId, meetingId));
  const contactSet = [...new Set(contactIds)];
  if (contactSet.length)
    await tx.insert(meetingContacts).values(contactSet.map((contactId) => ({ meetingId, contactId })));
  if (people.length) await tx.insert(meetingUsers).values(people.map((userId) => ({ meetingId, userId })));
}
