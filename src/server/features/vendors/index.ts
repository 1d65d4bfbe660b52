import type { Feature } from '../../feature.ts';
import { vendorsRoutes } from './vendors.routes.ts';
import { vendors } from './vendors.table.ts';

export const vendorsFeature: Feature = { name: 'vendors', routes: vendorsRoutes, tables: { vendors } };
export { vendors };
