import type { Feature } from '../../feature.ts';
import { workloadRoutes } from './workload.routes.ts';

/** The team's workload: open tasks and deliverables per person and ISO week against capacity. */
export const workloadFeature: Feature = { name: 'workload', routes: workloadRoutes };
export { workloadReport } from './workload.service.ts';
