import type { Feature } from '../../feature.ts';
import { contractReactions } from './contracts.reactions.ts';
import { contractsRoutes } from './contracts.routes.ts';
import { contractLines, contracts } from './contracts.table.ts';

export const contractsFeature: Feature = {
  name: 'contracts',
  routes: contractsRoutes,
  tables: { contractLines, contracts },
  reactions: contractReactions,
};
export { autoRenewContract } from './contracts.actions.ts';
export { assertTerm, contractAccountId, listContracts } from './contracts.service.ts';
export { refreshAccountRevenue } from './revenue-cache.ts';
export { contractLines, contracts };
