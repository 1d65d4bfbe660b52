import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { membersManagedBy } from '../teams/index.ts';

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
      return sql`(${userId} = ${actor.userId} or ${userId} in (${membersManagedBy(actor.userId)}))`;
    default:
      return sql`${userId} = ${actor.userId}`;
  }
}
