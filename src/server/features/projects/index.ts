import { dayOf } from '../../../core/rules/dates.ts';
import { systemContext } from '../../auth/context.ts';
import type { Feature } from '../../feature.ts';
import { clientRequestsRoutes } from './client-requests.routes.ts';
import { clientRequests } from './client-requests.table.ts';
import { deliverablesRoutes } from './deliverables.routes.ts';
import { deliverableReviews, deliverables } from './deliverables.table.ts';
import { engagementsRoutes } from './engagements.routes.ts';
import { vendorEngagements } from './engagements.table.ts';
import { emitOverdueClientRequests, emitOverdueDeliverables } from './overdue.ts';
import { projectsRoutes } from './projects.routes.ts';
import { projects } from './projects.table.ts';
import { vendors } from './vendors.table.ts';

export const projectsFeature: Feature = {
  name: 'projects',
  routes: (app, deps) => {
    projectsRoutes(app, deps);
    deliverablesRoutes(app, deps);
    clientRequestsRoutes(app, deps);
    engagementsRoutes(app, deps);
  },
  tables: { projects, deliverables, deliverableReviews, clientRequests, vendors, vendorEngagements },
  jobs: [
    // Each hour (a day's dates, caught up soon after downtime): `deliverable.overdue` and
    // `client_request.overdue` the day after the due date passes, once per record and due date.
    {
      name: 'delivery-overdue',
      cron: '17 * * * *',
      run: async (ctx) => {
        const system = systemContext(ctx);
        const today = dayOf(system.now);
        await emitOverdueDeliverables(ctx.db, system, today);
        await emitOverdueClientRequests(ctx.db, system, today);
      },
    },
  ],
};
export { emitOverdueClientRequests, emitOverdueDeliverables } from './overdue.ts';
export { getProject, listProjects, projectSumsOf, projectsOffTrack } from './projects.service.ts';
export { clientRequests, deliverableReviews, deliverables, projects, vendorEngagements, vendors };
