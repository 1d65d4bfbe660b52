import { randomBytes } from 'node:crypto';
import { and, eq, exists, gte, inArray, isNull, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import ical, { type ICalEventData, ICalEventStatus } from 'ical-generator';
import { addDays } from '../../../core/rules/dates.ts';
import { finishedStatuses } from '../../../core/rules/revisions.ts';
import type { CalendarFeed } from '../../../core/schemas/calendar.ts';
import { record } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Db } from '../../db/index.ts';
import { accounts } from '../accounts/index.ts';
import { contactName, contacts } from '../contacts/index.ts';
import { contracts } from '../contracts/index.ts';
import { meetingContacts, meetings, meetingUsers } from '../meetings/index.ts';
import { clientRequests, deliverables, projects } from '../projects/index.ts';
import { tasks } from '../tasks/index.ts';
import { calendarFeeds } from './calendar.table.ts';

/** What the feed covers, around the clock's today. */
export const WINDOW_DAYS_BACK = 90;
export const WINDOW_DAYS_AHEAD = 365;

const feedUrl = (publicUrl: string, token: string) => `${publicUrl}/api/v1/calendar/${token}.ics`;

export async function readFeed(db: Db, userId: string, publicUrl: string): Promise<CalendarFeed> {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId));
  return row
    ? { url: feedUrl(publicUrl, row.token), createdAt: row.createdAt.toISOString() }
    : { url: null, createdAt: null };
}

/** A new secret URL for the actor's feed; the previous one stops working at once. */
export async function rotateFeed(db: Db, ctx: WriteContext<Actor>, publicUrl: string): Promise<CalendarFeed> {
  const token = randomBytes(24).toString('base64url');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ userId: ctx.actor.userId, token, createdAt: ctx.now })
      .onConflictDoUpdate({ target: calendarFeeds.userId, set: { token, createdAt: ctx.now } })
      .returning();
    await record(tx, ctx.actor, {
      action: 'calendar_feed.rotated',
      entityType: 'calendar_feed',
      entityId: ctx.actor.userId,
      ip: ctx.ip,
      changes: { token: ['(secret)', '(changed)'] },
    });
    return { url: feedUrl(publicUrl, token), createdAt: row!.createdAt.toISOString() };
  });
}

/** One entry of the feed, whatever record it comes from. */
export interface CalendarItem {
  /** The record's kind, first part of the stable UID `<kind>-<id>@<host>`. */
  kind: string;
  id: string;
  /** Increases whenever the record changes (its version − 1). */
  sequence: number;
  summary: string;
  description?: string | null;
  /** A timed item: its start and length. */
  start?: Date;
  durationMinutes?: number;
  /** An all-day item: its day, `YYYY-MM-DD`. */
  day?: string;
  cancelled?: boolean;
  attendees?: { email: string; name: string | null }[];
  /** The record's page, relative to the public URL. */
  path: string;
}

/** The time span the feed covers: timed items by instant, all-day items by day. */
export interface CalendarWindow {
  from: Date;
  to: Date;
  fromDay: string;
  toDay: string;
}

/**
 * Where the feed's items come from, each for one user and window. A feature with dated records of
 * its own (deliverables, client requests…) adds its source here, reading its tables through its
 * own index.ts.
 */
export type CalendarSource = (db: Db, userId: string, window: CalendarWindow) => Promise<CalendarItem[]>;

/** Meetings on accounts the user owns or that they attend; cancelled ones stay, marked so. */
const meetingItems: CalendarSource = async (db, userId, w) => {
  const rows = await db
    .select({
      id: meetings.id,
      title: meetings.title,
      kind: meetings.kind,
      scheduledAt: meetings.scheduledAt,
      durationMinutes: meetings.durationMinutes,
      agenda: meetings.agenda,
      status: meetings.status,
      version: meetings.version,
      accountId: accounts.id,
      accountName: accounts.name,
    })
    .from(meetings)
    .innerJoin(accounts, eq(accounts.id, meetings.accountId))
    .where(
      and(
        gte(meetings.scheduledAt, w.from),
        lt(meetings.scheduledAt, w.to),
        or(
          eq(accounts.ownerId, userId),
          exists(
            db
              .select({ one: sql`1` })
              .from(meetingUsers)
              .where(and(eq(meetingUsers.meetingId, meetings.id), eq(meetingUsers.userId, userId))),
          ),
        ),
      ),
    );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [people, guests] = await Promise.all([
    db
      .select({ meetingId: meetingUsers.meetingId, email: users.email, name: users.name })
      .from(meetingUsers)
      .innerJoin(users, eq(users.id, meetingUsers.userId))
      .where(inArray(meetingUsers.meetingId, ids)),
    db
      .select({ meetingId: meetingContacts.meetingId, email: contacts.email, name: contactName })
      .from(meetingContacts)
      .innerJoin(contacts, eq(contacts.id, meetingContacts.contactId))
      .where(inArray(meetingContacts.meetingId, ids)),
  ]);
  const attendees = new Map<string, { email: string; name: string | null }[]>();
  for (const a of [...people, ...guests]) {
    if (!a.email) continue;
    const list = attendees.get(a.meetingId) ?? [];
    list.push({ email: a.email, name: a.name?.trim() || null });
    attendees.set(a.meetingId, list);
  }
  return rows.map((r) => ({
    kind: 'meeting',
    id: r.id,
    sequence: r.version - 1,
    summary: `${r.title} — ${r.accountName}`,
    description: [`Meeting with ${r.accountName}`, r.agenda ? `Agenda:\n${r.agenda}` : null]
      .filter(Boolean)
      .join('\n\n'),
    start: r.scheduledAt,
    durationMinutes: r.durationMinutes,
    cancelled: r.status === 'cancelled',
    attendees: attendees.get(r.id) ?? [],
    path: `/accounts/${r.accountId}?tab=meetings`,
  }));
};

/** The end dates of active contracts on live accounts the user owns. */
const renewalItems: CalendarSource = async (db, userId, w) => {
  const rows = await db
    .select({
      id: contracts.id,
      name: contracts.name,
      endDate: contracts.endDate,
      arr: contracts.arr,
      autoRenew: contracts.autoRenew,
      version: contracts.version,
      accountId: accounts.id,
      accountName: accounts.name,
    })
    .from(contracts)
    .innerJoin(accounts, eq(accounts.id, contracts.accountId))
    .where(
      and(
        eq(accounts.ownerId, userId),
        isNull(accounts.archivedAt),
        eq(contracts.status, 'active'),
        gte(contracts.endDate, w.fromDay),
        lte(contracts.endDate, w.toDay),
      ),
    );
  return rows.map((r) => ({
    kind: 'renewal',
    id: r.id,
    sequence: r.version - 1,
    summary: `Renewal: ${r.accountName} — ${r.name}`,
    description: `Contract "${r.name}" of ${r.accountName} ends on ${r.endDate} (ARR ${r.arr}${r.autoRenew ? ', renews automatically' : ''}).`,
    day: r.endDate,
    path: `/accounts/${r.accountId}?tab=contracts`,
  }));
};

/** Due dates of the user's open tasks. */
const taskItems: CalendarSource = async (db, userId, w) => {
  const rows = await db
    .select({
      id: tasks.id,
      title: tasks.title,
      description: tasks.description,
      dueDate: tasks.dueDate,
      version: tasks.version,
      accountId: tasks.accountId,
      accountName: accounts.name,
    })
    .from(tasks)
    .leftJoin(accounts, eq(accounts.id, tasks.accountId))
    .where(
      and(
        eq(tasks.assigneeId, userId),
        inArray(tasks.status, ['open', 'in_progress']),
        gte(tasks.dueDate, w.fromDay),
        lte(tasks.dueDate, w.toDay),
      ),
    );
  return rows.map((r) => ({
    kind: 'task',
    id: r.id,
    sequence: r.version - 1,
    summary: r.accountName ? `Task: ${r.title} — ${r.accountName}` : `Task: ${r.title}`,
    description: r.description,
    day: r.dueDate!,
    path: r.accountId ? `/accounts/${r.accountId}?tab=tasks` : '/',
  }));
};

/** Due dates of the deliverables assigned to the user, still to do, of projects still running. */
const deliverableItems: CalendarSource = async (db, userId, w) => {
  const rows = await db
    .select({
      id: deliverables.id,
      name: deliverables.name,
      description: deliverables.description,
      dueDate: deliverables.dueDate,
      version: deliverables.version,
      projectId: projects.id,
      projectName: projects.name,
      accountName: accounts.name,
    })
    .from(deliverables)
    .innerJoin(projects, eq(projects.id, deliverables.projectId))
    .innerJoin(accounts, eq(accounts.id, deliverables.accountId))
    .where(
      and(
        eq(deliverables.assigneeId, userId),
        notInArray(deliverables.status, [...finishedStatuses]),
        notInArray(projects.status, ['completed', 'cancelled']),
        gte(deliverables.dueDate, w.fromDay),
        lte(deliverables.dueDate, w.toDay),
      ),
    );
  return rows.map((r) => ({
    kind: 'deliverable',
    id: r.id,
    sequence: r.version - 1,
    summary: `Deliverable: ${r.name} — ${r.accountName}`,
    description: [`${r.projectName} for ${r.accountName}`, r.description].filter(Boolean).join('\n\n'),
    day: r.dueDate,
    path: `/projects/${r.projectId}?tab=deliverables`,
  }));
};

/** Due dates of what the client still owes on live accounts the user owns. */
const clientRequestItems: CalendarSource = async (db, userId, w) => {
  const rows = await db
    .select({
      id: clientRequests.id,
      title: clientRequests.title,
      details: clientRequests.details,
      dueDate: clientRequests.dueDate,
      version: clientRequests.version,
      projectId: clientRequests.projectId,
      accountId: accounts.id,
      accountName: accounts.name,
    })
    .from(clientRequests)
    .innerJoin(accounts, eq(accounts.id, clientRequests.accountId))
    .where(
      and(
        eq(accounts.ownerId, userId),
        isNull(accounts.archivedAt),
        eq(clientRequests.status, 'requested'),
        gte(clientRequests.dueDate, w.fromDay),
        lte(clientRequests.dueDate, w.toDay),
      ),
    );
  return rows.map((r) => ({
    kind: 'client-request',
    id: r.id,
    sequence: r.version - 1,
    summary: `Client request: ${r.title} — ${r.accountName}`,
    description: [`Due from ${r.accountName}`, r.details].filter(Boolean).join('\n\n'),
    day: r.dueDate,
    path: r.projectId ? `/projects/${r.projectId}?tab=requests` : `/accounts/${r.accountId}?tab=projects`,
  }));
};

export const calendarSources: readonly CalendarSource[] = [
  meetingItems,
  renewalItems,
  taskItems,
  deliverableItems,
  clientRequestItems,
];

/**
 * The feed behind a token, as iCalendar text; null for a token nobody holds (or whose user is
 * deactivated).
 */
export async function feedCalendar(
  db: Db,
  token: string,
  now: Date,
  publicUrl: string,
): Promise<string | null> {
  const [owner] = await db
    .select({ id: users.id, name: users.name })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.token, token), eq(users.active, true)));
  if (!owner) return null;

  const today = now.toISOString().slice(0, 10);
  const window: CalendarWindow = {
    fromDay: addDays(today, -WINDOW_DAYS_BACK),
    toDay: addDays(today, WINDOW_DAYS_AHEAD),
    from: new Date(`${addDays(today, -WINDOW_DAYS_BACK)}T00:00:00.000Z`),
    to: new Date(`${addDays(today, WINDOW_DAYS_AHEAD + 1)}T00:00:00.000Z`),
  };
  const items = (await Promise.all(calendarSources.map((source) => source(db, owner.id, window)))).flat();
  // Stable order (by UID) so that two fetches of an unchanged calendar are the same bytes.
  items.sort((a, b) => (`${a.kind}-${a.id}` < `${b.kind}-${b.id}` ? -1 : 1));

  const host = new URL(publicUrl).hostname;
  const calendar = ical({
    name: `Steward — ${owner.name}`,
    prodId: { company: 'Steward', product: 'Steward', language: 'EN' },
    ttl: 60 * 60,
  });
  for (const item of items) {
    const event: ICalEventData = {
      id: `${item.kind}-${item.id}@${host}`,
      sequence: item.sequence,
      stamp: now,
      summary: item.summary,
      description: item.description ?? null,
      url: `${publicUrl}${item.path}`,
      status: item.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      start: item.start ?? item.day!,
    };
    if (item.start) {
      event.end = new Date(item.start.getTime() + (item.durationMinutes ?? 30) * 60_000);
    } else {
      event.allDay = true;
    }
    if (item.attendees?.length)
      event.attendees = item.attendees.map((a) => ({ email: a.email, name: a.name }));
    calendar.createEvent(event);
  }
  return calendar.toString();
}
