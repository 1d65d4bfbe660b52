import type { Feature } from '../../feature.ts';
import { mailRoutes } from './mail.routes.ts';
import { sendDueMail } from './mail.service.ts';
import { mailQueue } from './mail.table.ts';

/**
 * Outgoing mail over SMTP (SMTP_URL): other features queue messages with `queueMail` in their own
 * transaction; the 'send-mail' worker sends them after commit, with retries. Admins see the queue
 * and send a test from Settings → E-mail.
 */
export const mailFeature: Feature = {
  name: 'mail',
  routes: mailRoutes,
  tables: { mailQueue },
  workers: [
    {
      name: 'send-mail',
      everyMs: 2_000,
      run: async (ctx) => {
        await sendDueMail(ctx);
      },
    },
  ],
};
export type { MailKind, MailMessage, QueueContext } from './mail.service.ts';
export {
  closeMailTransports,
  mailEnabled,
  queueMail,
  sendDueMail,
} from './mail.service.ts';
export { mailQueue };
