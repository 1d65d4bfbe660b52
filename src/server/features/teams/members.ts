import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import { teamMemberships } from './teams.table.ts';

/** Users whose accounts roll up to a team: its members (not its managers), as a subquery. */
export function membersOfTeam(teamId: string): SQL {
  return sql`select tm.user_id from ${teamMemberships} tm where tm.team_id = ${teamId} and tm.role = 'member'`;
}

/** Users who are members of a team the given manager manages, as a subquery (the manager may be a placeholder). */
export function membersManagedBy(managerId: string | Placeholder): SQL {
  return sql`select m.user_id from ${teamMemberships} m join ${teamMemberships} g on g.team_id = m.team_id and g.role = 'manager' and g.user_id = ${managerId} where m.role = 'member'`;
}
