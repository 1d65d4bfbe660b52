import type { Feature } from '../../feature.ts';
import { exportsRoutes } from './exports.routes.ts';

/** CSV exports of the lists (docs/data.md): reads only, no tables of its own. */
export const exportsFeature: Feature = { name: 'exports', routes: exportsRoutes };
/** The file format, for other features writing CSV the same way (the import's error file). */
export { BOM, type Cell, CRLF, csvLine } from './csv.ts';
