import type { Feature } from '../../feature.ts';
import { backupRoutes } from './backup.routes.ts';

/** Backup and restore across engines (docs/backup.md): `steward backup|restore` and GET /api/v1/admin/backup. */
export const backupFeature: Feature = { name: 'backup', routes: backupRoutes };
export { writeBackup } from './backup.service.ts';
export type { Manifest, Progress } from './format.ts';
export { NOT_EMPTY, restoreBackup } from './restore.service.ts';
export { currentVersion, schemaVersion } from './schema-version.ts';
