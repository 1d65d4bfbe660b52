import { auditLog } from './audit/audit.table.ts';
import { authAccounts, sessions, signInAttempts, users, verifications } from './auth/auth.table.ts';
import { domainEvents, eventReceipts } from './events/outbox.table.ts';
import type { Feature } from './feature.ts';
import { idempotencyKeys } from './http/idempotency.table.ts';

/** The server's own tables, beside those the features bring. */
const serverTables = {
  users,
  sessions,
  authAccounts,
  verifications,
  signInAttempts,
  idempotencyKeys,
  auditLog,
  domainEvents,
  eventReceipts,
};

/** Every table of the app (drizzle-kit finds the same ones itself, as every `*.table.ts`). */
export function tablesOf(features: readonly Feature[]): unknown[] {
  return [...Object.values(serverTables), ...features.flatMap((f) => Object.values(f.tables ?? {}))];
}
