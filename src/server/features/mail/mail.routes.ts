import { eq } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import { listQuery, page, problemSchema } from '../../../core/schemas/common.ts';
import { mailMessage, mailStatus, mailTest, mailTestQueued } from '../../../core/schemas/mail.ts';
import { record } from '../../audit/record.ts';
import { requireRole } from '../../auth/actor.ts';
import { users } from '../../auth/auth.table.ts';
import { actorOf, writeContext } from '../../auth/context.ts';
import type { App, Deps } from '../../deps.ts';
import {
  closeMailTransports,
  enqueueMail,
  listMail,
  mailEnabled,
  mailStatus as readMailStatus,
} from './mail.service.ts';

const tags = ['admin'];

export function mailRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.addHook('onClose', async () => {
    closeMailTransports();
  });

  app.get(
    '/api/v1/admin/mail',
    {
      schema: {
        tags,
        summary: 'Outgoing mail: whether it is configured, and the queue (admin)',
        description:
          'Mail is on when SMTP_URL is set (`smtp://user:pass@host:587` or `smtps://…`); STEWARD_MAIL_FROM sets the From. `server` is host:port only, never the login.',
        response: { 200: mailStatus, 403: problemSchema },
      },
    },
    async (req) => {
      requireRole(actorOf(req), 'admin');
      return readMailStatus(db, deps.config, deps.clock.now());
    },
  );

  app.get(
    '/api/v1/admin/mail/messages',
    {
      schema: {
        tags,
        summary: 'Recent outgoing messages, newest first, with their status (admin)',
        querystring: listQuery,
        response: { 200: page(mailMessage), 403: problemSchema },
      },
    },
    async (req) => {
      requireRole(actorOf(req), 'admin');
      return listMail(db, req.query);
    },
  );

  app.post(
    '/api/v1/admin/mail/test',
    {
      config: { idempotency: false },
      schema: {
        tags,
        summary: 'Queue a test message (admin)',
        description:
          'To `to`, or to you when absent. It is sent by the mail worker within seconds; its status shows in GET /api/v1/admin/mail/messages. 409 when mail is not configured.',
        body: mailTest,
        response: { 202: mailTestQueued, 403: problemSchema, 409: problemSchema },
      },
    },
    async (req, reply) => {
      const ctx = writeContext(req, deps);
      requireRole(ctx.actor, 'admin');
      if (!mailEnabled(deps.config)) {
        throw new AppError(
          'conflict',
          'E-mail is not configured: set SMTP_URL (smtp://user:pass@host:587 or smtps://…) and optionally STEWARD_MAIL_FROM, then restart Steward.',
        );
      }
      const queued = await db.transaction(async (tx) => {
        const [me] = await tx
          .select({ email: users.email, name: users.name })
          .from(users)
          .where(eq(users.id, ctx.actor.userId));
        const to = req.body.to ?? me?.email;
        if (!to)
          throw new AppError('validation', 'Say who gets it.', {
            errors: [{ path: 'to', message: 'is required' }],
          });
        const id = await enqueueMail(
          tx,
          {
            to: {
              email: to,
              name: req.body.to ? null : (me?.name ?? null),
              userId: req.body.to ? null : ctx.actor.userId,
            },
            kind: 'test',
            subject: 'Steward test message',
            text: `This is a test message from Steward.\n\nIf you can read it, Steward's e-mail works: it was sent from ${deps.config.mailFrom}.`,
            html: `<p>This is a test message from Steward.</p><p>If you can read it, Steward's e-mail works.</p>`,
          },
          { now: ctx.now, config: deps.config },
        );
        if (!id) throw new AppError('conflict', 'E-mail is not configured: set SMTP_URL.');
        await record(tx, ctx.actor, {
          action: 'mail.test_queued',
          entityType: 'mail',
          entityId: id,
          ip: ctx.ip,
          changes: { to: [null, to] },
        });
        return { id, to };
      });
      return reply.code(202).send({ ...queued, status: 'pending' as const });
    },
  );
}
