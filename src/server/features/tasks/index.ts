import type { Feature } from '../../feature.ts';
import { tasksRoutes } from './tasks.routes.ts';
import { tasks } from './tasks.table.ts';

export const tasksFeature: Feature = { name: 'tasks', routes: tasksRoutes, tables: { tasks } };
export { tasks };
