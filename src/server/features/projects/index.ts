import type { Feature } from '../../feature.ts';
import { clientRequestsRoutes } from './client-requests.routes.ts';
import { clientRequests } from './client-requests.table.ts';
import { deliverablesRoutes } from './deliverables.routes.ts';
import { deliverableReviews, deliverables } from './deliverables.table.ts';
import { engagementsRoutes } from './engagements.routes.ts';
import { vendorEngagements } from './engagements.table.ts';
import { projectsRoutes } from './projects.routes.ts';
import { projects } from './projects.table.ts';

export const projectsFeature: Feature = {
  name: 'projects',
  routes: (app, deps) => {
    projectsRoutes(app, deps);
    deliverablesRoutes(app, deps);
    clientRequestsRoutes(app, deps);
    engagementsRoutes(app, deps);
  },
  tables: { projects, deliverables, deliverableReviews, clientRequests, vendorEngagements },
};
export { getProject, listProjects, projectSumsOf, projectsOffTrack } from './projects.service.ts';
export { clientRequests, deliverableReviews, deliverables, projects, vendorEngagements };
