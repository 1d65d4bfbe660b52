import type { Feature } from '../../feature.ts';
import { forecastRoutes } from './forecast.routes.ts';

export const forecastFeature: Feature = { name: 'forecast', routes: forecastRoutes };
export { forecastFigures } from './forecast.service.ts';
export { accountFilters, reportRange, teamMembers } from './report-filters.ts';
