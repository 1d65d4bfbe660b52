import type { Feature } from '../../feature.ts';
import { exportsRoutes } from './exports.routes.ts';

/** CSV exports of the lists (docs/data.md): reads only, no tables of its own. */
export const exportsFeature: Feature = { name: 'exports', routes: exportsRoutes };
export { BOM, csvLine } from './csv.ts';
