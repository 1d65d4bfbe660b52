import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { actorTypes } from '../../core/schemas/people.ts';
import { at, pk } from '../db/columns.ts';

export type Changes = Record<string, [unknown, unknown]>;

/** Append-only. `accountId` ties an entry to a client account so managers can read their teams' trail. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: pk(),
    at: at('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorType: text('actor_type', { enum: actorTypes }).notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    accountId: uuid('account_id'),
    changes: jsonb('changes').$type<Changes>().notNull().default({}),
    ip: text('ip'),
    /** Sign-in attempts: the e-mail tried, for the per-address failure limit; imports: `import <id>`. */
    subject: text('subject'),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_account_idx').on(t.accountId),
    index('audit_log_action_at_idx').on(t.action, t.at),
  ],
);
