import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  defaultNotificationSettings,
  type Notification,
  type NotificationKind,
  type NotificationSettings,
  type notificationSettingsWrite,
  type notificationsQuery,
  type notificationsRead,
  recordPath,
} from '../../../core/schemas/notifications.ts';
import { record } from '../../audit/record.ts';
import type { Actor } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import type { WriteContext } from '../../auth/context.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { keyset } from '../../http/pagination.ts';
import { queueMail } from '../mail/index.ts';
import { notificationSettings, notifications } from './notifications.table.ts';

type Row = typeof notifications.$inferSelect;

export function toNotification(r: Row): Notification {
  return {
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    title: r.title,
    body: r.body,
    accountId: r.accountId,
    ref: r.refType && r.refId ? { type: r.refType, id: r.refId } : null,
    readAt: r.readAt?.toISOString() ?? null,
  };
}

export interface NotifyInput {
  userIds: readonly string[];
  kind: NotificationKind;
  title: string;
  body?: string | null;
  accountId?: string | null;
  ref?: { type: string; id: string } | null;
  actorId?: string | null;
  eventId?: string | null;
  now: Date;
  /** The deployment's mail settings and public address (instant mail, its links). */
  config: Pick<Config, 'smtpUrl' | 'publicUrl'>;
}

/** A link into the app, for mail: the deployment's public address and the record's path. */
export const linkTo = (config: Pick<Config, 'publicUrl'>, path: string): string =>
  `${config.publicUrl.replace(/\/+$/, '')}${path}`;

/**
 * Tells people something, in the caller's transaction: one notification per user, never the actor
 * of the change, not for users who muted the kind or are deactivated, and at most once per
 * (user, event, kind). Users whose e-mail setting is `instant` get it mailed (queued). Returns how
 * many notifications were made.
 */
export async function notify(tx: Db, input: NotifyInput): Promise<number> {
  const wanted = [...new Set(input.userIds)].filter((id) => id && id !== input.actorId);
  if (!wanted.length) return 0;
  const people = await tx
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      mode: notificationSettings.email,
      muted: notificationSettings.mutedKinds,
    })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(and(inArray(users.id, wanted), eq(users.active, true)));
  const told = people.filter((p) => !(p.muted ?? []).includes(input.kind));
  if (!told.length) return 0;
  const made = await tx
    .insert(notifications)
    .values(
      told.map((p) => ({
        userId: p.id,
        at: input.now,
        kind: input.kind,
        title: input.title,
        body: input.body ?? null,
        accountId: input.accountId ?? null,
        refType: input.ref?.type ?? null,
        refId: input.ref?.id ?? null,
        eventId: input.eventId ?? null,
        actorId: input.actorId ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id, userId: notifications.userId });
  const path = recordPath(input.ref ?? null, input.accountId ?? null);
  for (const p of told) {
    const mode = p.mode ?? defaultNotificationSettings.email;
    const row = made.find((m) => m.userId === p.id);
    if (!row || mode !== 'instant') continue;
    await queueMail(
      tx,
      {
        to: { email: p.email, name: p.name, userId: p.id },
        kind: 'notification',
        subject: input.title,
        text: [input.title, input.body, `Open: ${linkTo(input.config, path)}`].filter(Boolean).join('\n\n'),
        html: `<p><strong>${escapeHtml(input.title)}</strong></p>${
          input.body ? `<p>${escapeHtml(input.body)}</p>` : ''
        }<p><a href="${escapeHtml(linkTo(input.config, path))}">Open in Steward</a></p>`,
        dedupeKey: `notification:${row.id}`,
      },
      { now: input.now, config: input.config },
    );
  }
  return made.length;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** The caller's own inbox, newest first, with their unread count. */
export async function listNotifications(db: Db, actor: Actor, q: z.infer<typeof notificationsQuery>) {
  const ks = keyset({ column: notifications.id, id: notifications.id, descending: true, cursor: q.cursor });
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, actor.userId),
        q.unread === 'true' ? isNull(notifications.readAt) : undefined,
        q.unread === 'false' ? sql`${notifications.readAt} is not null` : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const page = await ks.page(db, rows, q.limit, (r) => r.id);
  return {
    data: page.data.map(toNotification),
    nextCursor: page.nextCursor,
    meta: { unreadCount: await unreadCount(db, actor.userId) },
  };
}

/** Marks the caller's own notifications read (others' ids are passed over); audited as one entry. */
export async function markRead(db: Db, ctx: WriteContext, input: z.infer<typeof notificationsRead>) {
  return db.transaction(async (tx) => {
    const which = 'ids' in input ? inArray(notifications.id, input.ids) : undefined;
    const updated = await tx
      .update(notifications)
      .set({ readAt: ctx.now })
      .where(and(eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt), which))
      .returning({ id: notifications.id });
    if (updated.length) {
      await record(tx, ctx.actor, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: updated.length === 1 ? updated[0]!.id : null,
        ip: ctx.ip,
        changes: { read: [0, updated.length] },
      });
    }
    return { updated: updated.length, unreadCount: await unreadCount(tx, ctx.actor.userId) };
  });
}

export async function getSettings(db: Db, userId: string): Promise<NotificationSettings> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  if (!row) return { ...defaultNotificationSettings, mutedKinds: [] };
  return { email: row.email, digestHour: row.digestHour, mutedKinds: row.mutedKinds };
}

export async function putSettings(
  db: Db,
  ctx: WriteContext,
  input: z.infer<typeof notificationSettingsWrite>,
): Promise<NotificationSettings> {
  return db.transaction(async (tx) => {
    const before = await getSettings(tx, ctx.actor.userId);
    const mutedKinds = [...new Set(input.mutedKinds)];
    const after = { email: input.email, digestHour: input.digestHour, mutedKinds };
    await tx
      .insert(notificationSettings)
      .values({ userId: ctx.actor.userId, ...after, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...after, updatedAt: ctx.now } });
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of ['email', 'digestHour', 'mutedKinds'] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        changes[key] = [before[key], after[key]];
    }
    if (Object.keys(changes).length) {
      await record(tx, ctx.actor, {
        action: 'notification_settings.updated',
        entityType: 'notification_settings',
        entityId: ctx.actor.userId,
        ip: ctx.ip,
        changes,
      });
    }
    return after;
  });
}
