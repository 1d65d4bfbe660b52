import type { Feature } from '../../feature.ts';
import { clientRequests } from './client-requests.table.ts';
import { deliverablesRoutes } from './deliverables.routes.ts';
import { deliverableReviews, deliverables } from './deliverables.table.ts';
import { vendorEngagements } from './engagements.table.ts';
import { projects } from './projects.table.ts';

export const projectsFeature: Feature = {
  name: 'projects',
  routes: (app, deps) => {
    deliverablesRoutes(app, deps);
  },
  tables: { projects, deliverables, deliverableReviews, clientRequests, vendorEngagements },
};
export { clientRequests, deliverableReviews, deliverables, projects, vendorEngagements };
