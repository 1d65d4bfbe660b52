import { z } from 'zod';
import { id, isoDateTimeOut } from './common.ts';
import { email } from './people.ts';

export const mailKinds = ['notification', 'digest', 'playbook', 'test'] as const;
export const mailStatuses = ['pending', 'sent', 'failed'] as const;

/** GET /api/v1/admin/mail: whether mail is on, and how the queue is doing. */
export const mailStatus = z.object({
  configured: z.boolean().describe('Whether SMTP_URL is set; without it nothing is queued or sent'),
  from: z.string().describe('The From of outgoing mail (STEWARD_MAIL_FROM)'),
  server: z.string().nullable().describe('host:port of the SMTP server, never its login; null when off'),
  queue: z.object({
    pending: z.number().int(),
    sent24h: z.number().int(),
    failed24h: z.number().int(),
  }),
});
export type MailStatus = z.infer<typeof mailStatus>;

export const mailMessage = z.object({
  id,
  kind: z.enum(mailKinds),
  to: z.string(),
  toName: z.string().nullable(),
  subject: z.string(),
  status: z.enum(mailStatuses),
  attempts: z.number().int().describe('Sending attempts so far'),
  lastError: z.string().nullable().describe('What the last failed attempt answered'),
  createdAt: isoDateTimeOut,
  sentAt: isoDateTimeOut.nullable(),
  nextAttemptAt: isoDateTimeOut.nullable().describe('When it is tried next, while pending'),
});
export type MailMessage = z.infer<typeof mailMessage>;

export const mailTest = z.strictObject({
  to: email.optional().describe('Who gets it; you when absent'),
});
export const mailTestQueued = z.object({ id, to: z.string(), status: z.enum(mailStatuses) });
