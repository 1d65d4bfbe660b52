import type { Feature } from '../../feature.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accounts, accountTeamMembers } from './accounts.table.ts';

export const accountsFeature: Feature = {
  name: 'accounts',
  routes: accountsRoutes,
  tables: { accountTeamMembers, accounts },
};
export { nameOrDomainMatches } from './accounts.service.ts';
export { accounts, accountTeamMembers };
