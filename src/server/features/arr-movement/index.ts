import type { Feature } from '../../feature.ts';
import { arrMovementRoutes } from './arr-movement.routes.ts';

export const arrMovementFeature: Feature = { name: 'arr-movement', routes: arrMovementRoutes };
export { arrMovementReport } from './arr-movement.service.ts';
