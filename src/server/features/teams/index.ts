import type { Feature } from '../../feature.ts';
import { teamsRoutes } from './teams.routes.ts';
import { teamMemberships, teams } from './teams.table.ts';

export const teamsFeature: Feature = {
  name: 'teams',
  routes: teamsRoutes,
  tables: { teamMemberships, teams },
};
export { membersManagedBy, membersOfTeam } from './members.ts';
export { createTeam } from './teams.service.ts';
export { teamMemberships, teams };
