import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import {
  defaultNotificationSettings,
  type Notification,
  recordPath,
} from '../../../core/schemas/notifications.ts';
import type { AgendaItem } from '../../../core/schemas/workspace.ts';
import { users } from '../../auth/auth.table.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { agenda } from '../agenda/index.ts';
import { queueMail } from '../mail/index.ts';
import { escapeHtml, linkTo, toNotification } from './notifications.service.ts';
import { notificationSettings, notifications } from './notifications.table.ts';

/** A digest lists at most this many agenda items (the agenda's own order) and unread notifications. */
export const DIGEST_AGENDA_ITEMS = 20;
export const DIGEST_NOTIFICATIONS = 50;

interface Digest {
  subject: string;
  text: string;
  html: string;
}

/** The mail of one digest; null when there is nothing to tell. */
export function digestMail(
  config: Pick<Config, 'publicUrl'>,
  name: string,
  day: string,
  items: readonly AgendaItem[],
  unread: readonly Notification[],
): Digest | null {
  if (!items.length && !unread.length) return null;
  const itemLine = (i: AgendaItem) => ({
    label: `${i.title}${i.accountName && i.accountName !== i.title ? ` — ${i.accountName}` : ''} (due ${i.dueDate})`,
    url: linkTo(config, recordPath(i.ref, i.accountId)),
  });
  const noteLine = (n: Notification) => ({
    label: n.body ? `${n.title} — ${n.body}` : n.title,
    url: linkTo(config, recordPath(n.ref, n.accountId)),
  });
  const sections = [
    { heading: `Today's agenda (${items.length})`, lines: items.map(itemLine) },
    { heading: `Unread notifications (${unread.length})`, lines: unread.map(noteLine) },
  ].filter((s) => s.lines.length);
  const text = [
    `Good morning ${name}, here is your Steward digest for ${day}.`,
    ...sections.map((s) => [s.heading, ...s.lines.map((l) => `- ${l.label}\n  ${l.url}`)].join('\n')),
    `Open your inbox: ${linkTo(config, '/notifications')}`,
  ].join('\n\n');
  const html = [
    `<p>Good morning ${escapeHtml(name)}, here is your Steward digest for ${escapeHtml(day)}.</p>`,
    ...sections.map(
      (s) =>
        `<h3>${escapeHtml(s.heading)}</h3><ul>${s.lines
          .map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`)
          .join('')}</ul>`,
    ),
    `<p><a href="${escapeHtml(linkTo(config, '/notifications'))}">Open your inbox</a></p>`,
  ].join('\n');
  const parts = [
    items.length ? `${items.length} on your agenda` : null,
    unread.length ? `${unread.length} unread` : null,
  ].filter(Boolean);
  return { subject: `Your Steward digest for ${day}: ${parts.join(', ')}`, text, html };
}

/**
 * Queues the daily digests due at `hour` (UTC) of `day` for the active users who chose them (the
 * default). A digest already queued for that user, day and hour is not queued again. Returns how
 * many were queued now.
 */
export async function sendDigests(
  db: Db,
  opts: { hour: number; day: string; now: Date; config: Pick<Config, 'smtpUrl' | 'publicUrl'> },
): Promise<number> {
  const due = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(
      and(
        eq(users.active, true),
        or(
          and(eq(notificationSettings.email, 'daily_digest'), eq(notificationSettings.digestHour, opts.hour)),
          and(
            isNull(notificationSettings.userId),
            sql`${defaultNotificationSettings.digestHour}::int = ${opts.hour}::int`,
          ),
        ),
      ),
    )
    .orderBy(users.id);
  let queued = 0;
  for (const user of due) {
    const items = (
      await agenda(db, { userId: user.id, role: user.role, via: 'session' }, { date: opts.day })
    ).slice(0, DIGEST_AGENDA_ITEMS);
    const unread = (
      await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
        .orderBy(desc(notifications.id))
        .limit(DIGEST_NOTIFICATIONS)
    ).map(toNotification);
    const mail = digestMail(opts.config, user.name, opts.day, items, unread);
    if (!mail) continue;
    const made = await queueMail(
      db,
      {
        to: { email: user.email, name: user.name, userId: user.id },
        kind: 'digest',
        ...mail,
        dedupeKey: `digest:${user.id}:${opts.day}:${opts.hour}`,
      },
      { now: opts.now, config: opts.config },
    );
    if (made) queued++;
  }
  return queued;
}
