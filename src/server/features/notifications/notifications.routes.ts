import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { problemSchema } from '../../../core/schemas/common.ts';
import {
  digestRunQuery,
  digestRunResult,
  notificationSettings,
  notificationSettingsWrite,
  notificationsPage,
  notificationsQuery,
  notificationsRead,
  notificationsReadResult,
} from '../../../core/schemas/notifications.ts';
import { requireRole } from '../../auth/actor.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import { sendDigests } from './digest.service.ts';
import { getSettings, listNotifications, markRead, putSettings } from './notifications.service.ts';
import { NotificationStreams } from './stream.ts';

const tags = ['notifications'];

export function notificationsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  const streams = new NotificationStreams(db);
  app.addHook('preClose', async () => streams.closeAll());

  app.get(
    '/api/v1/me/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first, with your unread count',
        description:
          'unread=true: only the unread ones. meta.unreadCount counts all your unread notifications whatever the filter, so the bell needs this one call (limit=1 is enough).',
        querystring: notificationsQuery,
        response: { 200: notificationsPage, 400: problemSchema },
      },
    },
    async (req) => listNotifications(db, actorOf(req), req.query),
  );

  app.post(
    '/api/v1/me/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read: { ids } or { all: true }',
        description: 'Ids that are not yours, or already read, are passed over. Answers how many changed.',
        body: notificationsRead,
        response: { 200: notificationsReadResult, 400: problemSchema },
      },
    },
    async (req) => markRead(db, writeContext(req, deps), req.body),
  );

  app.get(
    '/api/v1/me/notifications/stream',
    {
      schema: {
        tags,
        summary: 'Your new notifications, live (Server-Sent Events)',
        description:
          'text/event-stream: one `notification` event (data: the notification as the list gives it, id: its id) for each notification made after the stream opened, by any server; a comment line every 15 s keeps the connection open. Read the list first, then open the stream.',
        response: { 200: z.string().describe('text/event-stream') },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const out = new PassThrough();
      const close = await streams.open(actor.userId, {
        send: (n) => out.write(`event: notification\nid: ${n.id}\ndata: ${JSON.stringify(n)}\n\n`),
        heartbeat: () => out.write(': heartbeat\n\n'),
        end: () => out.end(),
      });
      reply.raw.on('close', () => {
        close();
        out.end();
      });
      out.write('retry: 3000\n: connected\n\n');
      reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('x-accel-buffering', 'no')
        .header('connection', 'keep-alive');
      // A stream is sent as it is (no serializer); the schema only documents the route.
      return reply.send(out as unknown as string);
    },
  );

  app.get(
    '/api/v1/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'Your notification settings',
        description:
          'Until changed: email daily_digest, digestHour 7 (UTC), mutedKinds []. Muted kinds are not notified at all.',
        response: { 200: notificationSettings },
      },
    },
    async (req) => getSettings(db, actorOf(req).userId),
  );

  app.put(
    '/api/v1/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'Change your notification settings',
        description:
          'email: off, instant (each notification is mailed) or daily_digest (one mail at digestHour UTC with the day’s agenda and your unread notifications).',
        body: notificationSettingsWrite,
        response: { 200: notificationSettings, 400: problemSchema },
      },
    },
    async (req) => putSettings(db, writeContext(req, deps), req.body),
  );

  app.post(
    '/api/v1/admin/runs/digests',
    {
      schema: {
        tags,
        summary: 'Send now the daily digests due at an hour (UTC) today',
        description:
          'For catching up after downtime, and for tests. A digest already queued for the same user, day and hour is not queued again.',
        querystring: digestRunQuery,
        response: { 200: digestRunResult, 400: problemSchema, 403: problemSchema },
      },
    },
    async (req) => {
      requireRole(actorOf(req), 'admin');
      const day = deps.clock.today();
      const queued = await sendDigests(db, {
        hour: req.query.hour,
        day,
        now: deps.clock.now(),
        config: deps.config,
      });
      return { hour: req.query.hour, day, queued };
    },
  );
}
