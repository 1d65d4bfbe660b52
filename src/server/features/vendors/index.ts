import type { Feature } from '../../feature.ts';
import { vendors } from './vendors.table.ts';

export const vendorsFeature: Feature = { name: 'vendors', routes: () => {}, tables: { vendors } };
export { vendors };
