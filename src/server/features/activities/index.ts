import type { Feature } from '../../feature.ts';
import { activityReactions } from './activities.reactions.ts';
import { activitiesRoutes } from './activities.routes.ts';
import { activities, activityContacts } from './activities.table.ts';

export const activitiesFeature: Feature = {
  name: 'activities',
  routes: activitiesRoutes,
  tables: { activities, activityContacts },
  reactions: activityReactions,
};
export { insertActivity, lastContactedAt, listActivities } from './activities.service.ts';
export { activities, activityContacts };
