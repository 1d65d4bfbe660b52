import { type AnyColumn, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { ref } from '../../db/columns.ts';
import { membersManagedBy } from '../teams/index.ts';
import { accounts, accountTeamMembers } from './accounts.table.ts';

/**
 * The accounts an actor may see, as a condition on the `accounts` table, for use inside the query
 * itself: admin and viewer see all; an account manager their own accounts and those whose account
 * team they are on; a manager that, plus accounts owned by members of the teams they manage;
 * a member only accounts whose account team they are on. `undefined` means no restriction.
 */
export function accountScope(actor: Actor): SQL | undefined {
  return scopeOf(actor.role, actor.userId);
}

/**
 * The same condition for a role, with the user as a value or as the placeholder of a prepared
 * statement (`sql.placeholder('me')`).
 */
export function scopeOf(role: Actor['role'], me: string | Placeholder): SQL | undefined {
  // An uncorrelated list of the user's account-team accounts (hashed once), rather than a lookup
  // per account row: the planner then scans a manager's 100k-account scope about twice as fast.
  const onTeam = sql`${ref(accounts.id)} in (select atm.account_id from ${accountTeamMembers} atm where atm.user_id = ${me})`;
  switch (role) {
    case 'admin':
    case 'viewer':
      return undefined;
    case 'member':
      return onTeam;
    case 'account_manager':
      return sql`(${accounts.ownerId} = ${me} or ${onTeam})`;
    case 'manager':
      return sql`(${accounts.ownerId} = ${me} or ${accounts.ownerId} in (${membersManagedBy(me)}) or ${onTeam})`;
  }
}

/**
 * The ids of the accounts in the actor's scope, as an uncorrelated list (the same rule as
 * `scopeOf`): owned, owned by the members of the teams they manage, on their account team.
 * `undefined` means no restriction. A child table filtered on `account_id in (…)` with it is read
 * by its own account index, where a condition on a join with accounts makes the planner scan
 * every account.
 */
export function accountIdsInScope(actor: Actor): SQL | undefined {
  const me = actor.userId;
  const onTeam = sql`select atm.account_id from ${accountTeamMembers} atm where atm.user_id = ${me}`;
  switch (actor.role) {
    case 'admin':
    case 'viewer':
      return undefined;
    case 'member':
      return onTeam;
    case 'account_manager':
      return sql`select a.id from ${accounts} a where a.owner_id = ${me} union all ${onTeam}`;
    case 'manager':
      return sql`select a.id from ${accounts} a where a.owner_id = ${me} or a.owner_id in (${membersManagedBy(me)}) union all ${onTeam}`;
  }
}

/** For a child table: its account-id column must point at an account in scope. */
export function inAccountScope(actor: Actor, accountId: AnyColumn | SQL): SQL | undefined {
  const scope = accountScope(actor);
  if (!scope) return undefined;
  return sql`${accountId} in (select ${accounts.id} from ${accounts} where ${scope})`;
}
