import type { Feature } from '../../feature.ts';
import { forecastRoutes } from './forecast.routes.ts';

export const forecastFeature: Feature = { name: 'forecast', routes: forecastRoutes };
export { accountFilters, reportRange } from './report-filters.ts';
