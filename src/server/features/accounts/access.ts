import { and, eq, type SQL } from 'drizzle-orm';
import { AppError } from '../../../core/errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { assertVersion } from '../../http/versioning.ts';
import { accounts } from './accounts.table.ts';
import { accountScope } from './scope.ts';

/** Roles that work accounts: create and change accounts and their relationship records. */
export function assertCanWorkAccounts(actor: Actor): void {
  if (actor.role === 'admin' || actor.role === 'manager' || actor.role === 'account_manager') return;
  throw new AppError(
    'forbidden',
    actor.role === 'viewer'
      ? 'Viewers have read-only access.'
      : 'Members can change only the tasks and deliverables assigned to them.',
  );
}

/**
 * The account, if the actor may see it: absent and out-of-scope answer the same 404. `forUpdate`
 * locks the row for the rest of the transaction: writes that share an account (creating its
 * contracts, its primary contact…) then queue up on it instead of deadlocking further on.
 */
export async function accountInScope(
  db: Db,
  actor: Actor,
  accountId: string,
  opts: { forUpdate?: boolean; field?: string } = {},
): Promise<typeof accounts.$inferSelect> {
  const where: (SQL | undefined)[] = [eq(accounts.id, accountId), accountScope(actor)];
  const query = db
    .select()
    .from(accounts)
    .where(and(...where));
  const [row] = opts.forUpdate ? await query.for('no key update', { of: accounts }) : await query;
  if (!row) {
    if (opts.field) {
      throw new AppError('validation', `There is no account ${accountId} that you can see.`, {
        errors: [{ path: opts.field, message: 'is not an account you can see' }],
      });
    }
    throw new AppError('not_found', `There is no account ${accountId}.`);
  }
  return row;
}

/** The check every change of an account-owned record starts with: a working role, and a fresh version. */
export function assertMayWrite(
  actor: Actor,
  record: { version: number },
  expected: number | undefined,
): void {
  assertCanWorkAccounts(actor);
  assertVersion(expected, record.version);
}
