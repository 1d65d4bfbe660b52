import type { Feature } from '../../feature.ts';
import { auditRoutes } from './audit.routes.ts';
import { auditLog } from './audit.table.ts';

export const auditFeature: Feature = { name: 'audit', routes: auditRoutes, tables: { auditLog } };
export { type AuditInput, diff, record, recordChange, recordMany, recordWrite } from './audit.service.ts';
export type { Changes } from './audit.table.ts';
export { auditLog };
