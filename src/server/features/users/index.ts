import type { Feature } from '../../feature.ts';
import { usersRoutes } from './users.routes.ts';

export const usersFeature: Feature = { name: 'users', routes: usersRoutes };
export { insertUser, userCount } from './users.service.ts';
