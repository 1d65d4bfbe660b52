import type { Feature } from '../../feature.ts';
import { activitiesRoutes } from './activities.routes.ts';
import { activities, activityContacts } from './activities.table.ts';

export const activitiesFeature: Feature = {
  name: 'activities',
  routes: activitiesRoutes,
  tables: { activities, activityContacts },
};
export { insertActivity, lastContactedAt } from './activities.service.ts';
export { activities, activityContacts };
