import type { Feature } from '../../feature.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accounts, accountTeamMembers, renewalSortKey } from './accounts.table.ts';

export const accountsFeature: Feature = {
  name: 'accounts',
  routes: accountsRoutes,
  tables: { accountTeamMembers, accounts },
};
export { accountInScope, assertCanWorkAccounts, assertMayWrite } from './access.ts';
export { listAccounts, nameOrDomainMatches, scopedPage } from './accounts.service.ts';
export { accountScope, inAccountScope } from './scope.ts';
export { accounts, accountTeamMembers, renewalSortKey };
