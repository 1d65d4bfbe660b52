import { z } from 'zod';
import { id, isoDateTimeOut, listQuery } from './common.ts';

/** What a notification is about; a user may mute any of them. */
export const notificationKinds = [
  'task_assigned',
  'issue_assigned',
  'health_band_changed',
  'issue_breached',
  'renewal_opened',
  'mention',
  'playbook',
  'webhook_disabled',
  'playbook_deactivated',
  'deliverable_assigned',
  'client_request_assigned',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** How a user gets their notifications by e-mail. */
export const emailModes = ['off', 'instant', 'daily_digest'] as const;
export type EmailMode = (typeof emailModes)[number];

/** Without saved settings a user gets the daily digest at 07:00 UTC and mutes nothing. */
export const defaultNotificationSettings = {
  email: 'daily_digest',
  digestHour: 7,
  mutedKinds: [] as NotificationKind[],
} as const satisfies { email: EmailMode; digestHour: number; mutedKinds: NotificationKind[] };

export const notificationRef = z.object({ type: z.string(), id });

export const notification = z.object({
  id,
  at: isoDateTimeOut,
  kind: z.enum(notificationKinds),
  title: z.string(),
  body: z.string().nullable(),
  accountId: id.nullable(),
  ref: notificationRef.nullable().describe('The record it is about, to open it'),
  readAt: isoDateTimeOut.nullable(),
});
export type Notification = z.infer<typeof notification>;

export const notificationsQuery = listQuery.extend({
  unread: z.enum(['true', 'false']).optional().describe('true: only the unread ones'),
});

export const notificationsPage = z.object({
  data: z.array(notification),
  nextCursor: z.string().nullable(),
  meta: z.object({
    unreadCount: z.number().int().describe('All the caller’s unread notifications, whatever the filter'),
  }),
});

export const notificationsRead = z.union([
  z.strictObject({ ids: z.array(id).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export const notificationsReadResult = z.object({
  updated: z.number().int().describe('How many were unread and are now read'),
  unreadCount: z.number().int(),
});

export const notificationSettings = z.object({
  email: z.enum(emailModes),
  digestHour: z.number().int().min(0).max(23),
  mutedKinds: z.array(z.enum(notificationKinds)),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;
export const notificationSettingsWrite = z.strictObject({
  email: z.enum(emailModes),
  digestHour: z.number().int().min(0).max(23),
  mutedKinds: z.array(z.enum(notificationKinds)).max(notificationKinds.length),
});

export const digestRunQuery = z.strictObject({
  hour: z.coerce.number().int().min(0).max(23),
});
export const digestRunResult = z.object({
  hour: z.number().int(),
  day: z.string(),
  queued: z.number().int().describe('Digests queued now (not those queued before for this day and hour)'),
});

const accountTabOf: Record<string, string> = {
  task: 'tasks',
  opportunity: 'opportunities',
  activity: 'activities',
  meeting: 'meetings',
  contract: 'contracts',
  contact: 'contacts',
};

/**
 * Where the web app shows a record a notification or a digest points to: issues have their own
 * page, accounts theirs, and the rest the tab of their account's page.
 */
export function recordPath(ref: { type: string; id: string } | null, accountId: string | null): string {
  if (ref?.type === 'issue') return `/issues/${ref.id}`;
  if (ref?.type === 'account') return `/accounts/${ref.id}`;
  if (!accountId) return '/notifications';
  const tab = ref ? accountTabOf[ref.type] : undefined;
  return tab ? `/accounts/${accountId}?tab=${tab}` : `/accounts/${accountId}`;
}
