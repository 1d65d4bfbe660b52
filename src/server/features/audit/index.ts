import type { Feature } from '../../feature.ts';
import { auditRoutes } from './audit.routes.ts';

/** The audit trail's read side (GET /api/v1/audit); writes record into it through src/server/audit. */
export const auditFeature: Feature = { name: 'audit', routes: auditRoutes };
