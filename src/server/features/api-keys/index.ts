import type { Feature } from '../../feature.ts';
import { apiKeysRoutes } from './api-keys.routes.ts';
import { apiKeys } from './api-keys.table.ts';

export const apiKeysFeature: Feature = { name: 'api-keys', routes: apiKeysRoutes, tables: { apiKeys } };
export { insertApiKey, resolveApiKey } from './api-keys.service.ts';
export { apiKeys };
