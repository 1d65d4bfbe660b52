import type { Feature } from '../../feature.ts';
import { sendDigests } from './digest.service.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { notificationsSubscriber } from './notifications.subscriber.ts';
import { notificationSettings, notifications } from './notifications.table.ts';

export const notificationsFeature: Feature = {
  name: 'notifications',
  routes: notificationsRoutes,
  tables: { notificationSettings, notifications },
  jobs: [
    {
      // Every hour, the digests due at that UTC hour (each once per user, day and hour).
      name: 'send-digests',
      cron: '0 * * * *',
      run: async ({ db, clock, config }) => {
        const now = clock.now();
        await sendDigests(db, { hour: now.getUTCHours(), day: clock.today(), now, config });
      },
    },
  ],
  subscribers: [notificationsSubscriber],
};
export type { NotificationKind } from '../../../core/schemas/notifications.ts';
export { digestMail, sendDigests } from './digest.service.ts';
export { type NotifyInput, notify } from './notifications.service.ts';
export { notificationsSubscriber } from './notifications.subscriber.ts';
export { NotificationStreams } from './stream.ts';
export { notificationSettings, notifications };
