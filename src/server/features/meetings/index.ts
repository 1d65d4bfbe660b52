import type { Feature } from '../../feature.ts';
import { meetingsRoutes } from './meetings.routes.ts';
import { meetingContacts, meetings, meetingUsers } from './meetings.table.ts';

export const meetingsFeature: Feature = {
  name: 'meetings',
  routes: meetingsRoutes,
  tables: { meetingContacts, meetingUsers, meetings },
};
export { meetingContacts, meetings, meetingUsers };
