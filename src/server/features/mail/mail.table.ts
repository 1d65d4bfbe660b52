import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../auth/auth.table.ts';
import { at, createdAt, pk } from '../../db/columns.ts';

/**
 * Outgoing mail, queued in the transaction of the write that causes it and sent by the
 * 'send-mail' worker (never inside a request). `next_attempt_at` is also the lease: a worker
 * that takes a row moves it a few minutes ahead, so another server skips it while it is sent.
 */
export const mailQueue = pgTable(
  'mail_queue',
  {
    id: pk(),
    kind: text('kind', { enum: ['notification', 'digest', 'playbook', 'test'] }).notNull(),
    toEmail: text('to_email').notNull(),
    toName: text('to_name'),
    toUserId: uuid('to_user_id').references(() => users.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: at('sent_at'),
    messageId: text('message_id'),
  },
  (t) => [
    uniqueIndex('mail_queue_dedupe_key').on(t.dedupeKey),
    index('mail_queue_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('mail_queue_created_idx').on(t.createdAt),
  ],
);
