import type { Feature } from '../../feature.ts';
import { vendorsRoutes } from './vendors.routes.ts';

/** The vendors directory; the vendors table is the projects feature's (engagements reference it). */
export const vendorsFeature: Feature = { name: 'vendors', routes: vendorsRoutes };
