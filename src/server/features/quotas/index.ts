import type { Feature } from '../../feature.ts';
import { quotasRoutes } from './quotas.routes.ts';
import { quotas } from './quotas.table.ts';

export const quotasFeature: Feature = { name: 'quotas', routes: quotasRoutes, tables: { quotas } };
export { quotaUserScope } from './quota-scope.ts';
export { quotas };
