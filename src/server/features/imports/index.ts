import type { Feature } from '../../feature.ts';
import { importsRoutes } from './imports.routes.ts';
import { resumeImports } from './imports.service.ts';
import { importChunks, importErrors, imports } from './imports.table.ts';

export const importsFeature: Feature = {
  name: 'imports',
  routes: importsRoutes,
  tables: { imports, importChunks, importErrors },
  // Every minute: imports whose process died go on in this one, from their last committed batch.
  jobs: [{ name: 'resume-imports', cron: '* * * * *', run: resumeImports }],
};
export {
  cancelImport,
  columnValues,
  continueImport,
  createImport,
  dryRunImport,
  errorLines,
  getImport,
  patchImport,
  resumeImports,
  startImport,
} from './imports.service.ts';
