import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { managedUserIds } from '../../auth/scope.ts';
import { teamMemberships } from '../teams/index.ts';

/** Users whose accounts roll up to a team: its members (not its managers). */
export function teamMemberIds(teamId: string): SQL {
  return sql`select tm.user_id from ${teamMemberships} tm where tm.team_id = ${teamId} and tm.role = 'member'`;
}

/**
 * Whose quotas an actor sees, as a condition on a user-id column: admins and viewers everyone's,
 * a manager their own and their teams' members', anyone else their own. `undefined`: no limit.
 */
export function quotaUserScope(actor: Actor, userId: SQL | { getSQL(): SQL }): SQL | undefined {
  switch (actor.role) {
    case 'admin':
    case 'viewer':
      return undefined;
    case 'manager':
      return sql`(${userId} = ${actor.userId} or ${userId} in (${managedUserIds(actor.userId)}))`;
    default:
      return sql`${userId} = ${actor.userId}`;
  }
}
