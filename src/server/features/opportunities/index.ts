import type { Feature } from '../../feature.ts';
import { opportunityReactions } from './opportunities.reactions.ts';
import { opportunitiesRoutes } from './opportunities.routes.ts';
import { opportunities } from './opportunities.table.ts';

export const opportunitiesFeature: Feature = {
  name: 'opportunities',
  routes: opportunitiesRoutes,
  tables: { opportunities },
  reactions: opportunityReactions,
};
export { listOpportunities } from './opportunities.service.ts';
export { renewalName, toOpportunity } from './opportunity-row.ts';
export { joinOpenRenewal } from './renewal-links.ts';
export { stageEvents, stageFields } from './stage.ts';
export { opportunities };
